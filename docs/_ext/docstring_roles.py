"""Griffe extension: read reST touches in docstrings as Markdown.

The package's docstrings use a few reST habits that read well in source and
in ``help()``: roles such as ``:class:`~telnyx_sip.Page` `` and paragraphs
ending in ``::`` before an indented block. Markdown shows those literally,
so this extension rewrites them for the site: a role becomes inline code of
its target (the last dotted part when the target starts with ``~``), and a
trailing ``::`` becomes ``:`` (the indented block is already a code block).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|mod|attr|data|exc|obj):`(~?)([^`]+)`")
_LITERAL = re.compile(r"::\n(\n[ \t]+\S)")


def _role(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2)
    return f"`{target.rsplit('.', 1)[-1] if short else target}`"


def rewrite(text: str) -> str:
    """The docstring text with reST roles and ``::`` markers made Markdown."""
    text = _ROLE.sub(_role, text)
    return _LITERAL.sub(r":\n\1", text)


class DocstringRoles(griffe.Extension):
    """Rewrites every docstring griffe loads (see the module docstring)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of one loaded object."""
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)
