"""Desired state: describe an account's SIP configuration in a file, then make it so.

::

    from telnyx_sip import state

    doc = state.load("sip.yaml")
    plan = await state.plan(client, doc, prune=state.Prune({"ips"}))
    print(plan)                       # what would change, secrets redacted
    report = await state.apply(client, plan, journal="run.journal")

There is no state file: every plan reads the account afresh and matches
objects to the document by their *natural keys*, the fields that name an
object without its id (a connection's ``connection_name``, unique across
the three connection types; a profile's ``name``; an IP's connection and
address; an FQDN's connection and name; an access IP range's CIDR block).
The document refers to other objects by those names too (``connection:
pbx``, ``outbound: {outbound_voice_profile: main}``), so one file can
describe any account; a raw id is accepted for an object outside it.

Only what a document mentions is managed: fields it leaves out, and server
defaults, are never changes, and nested objects are compared sub-key by
sub-key. Secrets (SIP passwords, IP authentication tokens) are write-only:
the account never gives them back, so a secret in a document is always a
change, shown as ``[redacted]``; write it as ``${NAME}`` (or YAML's ``!env
NAME``) and apply reads the environment variable just before sending.

Apply works in *waves*, one bulk job each (see :mod:`telnyx_sip.bulk`):
profiles and access IP ranges, then connections, then IPs and FQDNs, so a
create that refers to an object made by an earlier wave gets its id; deletes
(only with a :class:`Prune` selector) run afterwards in the reverse order.
With a journal directory a crashed apply resumes the saved plan: every write
is made once and no create is duplicated.
"""

from ._apply import ApplyReport, OnChange, apply
from ._changes import Action, Change, FieldChange, Prune
from ._document import Document, load, loads
from ._dump import dump
from ._errors import (
    AmbiguousObjectError,
    DocumentError,
    MissingVariableError,
    UnresolvedReferenceError,
)
from ._export import export
from ._formats import Format
from ._plan import Plan, plan
from ._saved import has_saved_plan
from ._schema import json_schema
from ._sync import apply_sync, export_sync, plan_sync
from ._values import EnvRef

__all__ = [
    "Action",
    "AmbiguousObjectError",
    "ApplyReport",
    "Change",
    "Document",
    "DocumentError",
    "EnvRef",
    "FieldChange",
    "Format",
    "MissingVariableError",
    "OnChange",
    "Plan",
    "Prune",
    "UnresolvedReferenceError",
    "apply",
    "apply_sync",
    "dump",
    "export",
    "export_sync",
    "has_saved_plan",
    "json_schema",
    "load",
    "loads",
    "plan",
    "plan_sync",
]
