"""The shape of a field fact: what the spec says of a field beyond its type.

The data, generated from the spec, is in :mod:`telnyx_sip._cli._spec_facts`;
:mod:`telnyx_sip._cli.helptext` turns it into option help.
"""

from __future__ import annotations

import attrs

__all__ = ["Facts"]


@attrs.frozen
class Facts:
    """Format, bounds and default of one field, each ``None`` when not given.

    ``format`` is the spec's (``uri``, ``uuid``, ``date-time``, ``int64`` ...);
    ``min_length`` counts characters; ``default`` is the JSON text of the
    default value (``"5060"``, ``'"US"'``, ``"null"``).
    """

    format: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_length: int | None = None
    multiple_of: int | None = None
    default: str | None = None
