"""Values a document holds besides plain data: environment references."""

from __future__ import annotations

import re

import attrs

__all__ = ["ENV_PATTERN", "EnvRef", "env_ref_of"]

ENV_PATTERN = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
"""A whole string ``${NAME}``: the value of the environment variable NAME."""


@attrs.frozen
class EnvRef:
    """A value to read from the environment variable ``name`` when applying.

    Written ``${NAME}`` (the whole string) or, in YAML, ``!env NAME``. A
    document keeps the reference, never the value: plans, saved plans and
    journals show the name only, and ``apply`` reads the variable just
    before it sends anything.
    """

    name: str

    def __str__(self) -> str:
        return f"${{{self.name}}}"


def env_ref_of(value: object) -> EnvRef | None:
    """The reference ``value`` spells, if it is one (``"${NAME}"``)."""
    if isinstance(value, EnvRef):
        return value
    if isinstance(value, str):
        match = ENV_PATTERN.fullmatch(value)
        if match is not None:
            return EnvRef(match.group(1))
    return None
