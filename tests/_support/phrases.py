"""The spec's description sentences as 8-word runs, to catch text copied from it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

RUN = 8


def _descriptions(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _descriptions(item)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _fact_words(node: Any) -> Iterator[str]:
    # Enum values and property names: facts, wherever a description lists them.
    if isinstance(node, dict):
        for value in node.get("enum") or ():
            yield from _words(str(value))
        for name in node.get("properties") or {}:
            yield from _words(name)
        for value in node.values():
            yield from _fact_words(value)
    elif isinstance(node, list):
        for item in node:
            yield from _fact_words(item)


def spec_phrases(spec: dict[str, Any]) -> set[str]:
    """Every run of 8 words of every description sentence of ``spec``.

    Runs made only of enum values and field names are left out: listing
    the allowed values is stating facts, not copying prose.
    """
    facts = set(_fact_words(spec))
    phrases: set[str] = set()
    for description in _descriptions(spec):
        for sentence in re.split(r"(?<=[.!?])\s+", description):
            words = _words(sentence)
            for i in range(len(words) - RUN + 1):
                run = words[i : i + RUN]
                if not facts.issuperset(run):
                    phrases.add(" ".join(run))
    return phrases


def copied_phrase(text: str, phrases: set[str]) -> str | None:
    """The first 8-word run of ``text`` found in ``phrases``, if any."""
    words = _words(text)
    for i in range(len(words) - RUN + 1):
        phrase = " ".join(words[i : i + RUN])
        if phrase in phrases:
            return phrase
    return None
