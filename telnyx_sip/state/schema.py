"""Print the document's JSON Schema: ``python -m telnyx_sip.state.schema``."""

from __future__ import annotations

import json

from ._schema import json_schema

__all__ = ["json_schema", "render"]


def render() -> str:
    """The schema as the text published in ``docs/reference/state-schema.json``."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(render(), end="")
