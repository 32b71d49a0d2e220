"""Which fields a response model's ``repr()`` shows.

A credential connection has some thirty fields and nested objects; its full
repr ran to about 1,900 characters, which buries what a reader looks for in
a log line or a traceback. The rule, applied to every response model:

* a model of at most :data:`~.naming.REPR_MAX_FIELDS` fields shows them all;
* a larger one shows its identity (``id``, ``record_type``) and the first
  :data:`~.naming.REPR_PREFERRED_COUNT` fields it has of
  :data:`~.naming.REPR_PREFERRED` (a name, an address, ``active`` ...);
* a larger one with none of those (a nested settings object) shows its first
  :data:`~.naming.REPR_MAX_FIELDS` fields.

Secret fields are never shown. Every field stays in equality, in
``attrs.asdict`` and in ``to_dict``; only the repr is short.
"""

from __future__ import annotations

from .naming import REPR_MAX_FIELDS, REPR_PREFERRED, REPR_PREFERRED_COUNT
from .registry import ClassDef


def shown_fields(cls: ClassDef) -> frozenset[str]:
    """The names of the fields ``repr()`` shows for the response class ``cls``."""
    candidates = [f.name for f in cls.fields if not f.secret]
    # Looked up for every candidate, so each entry a model has counts as used.
    ranks = {n: REPR_PREFERRED[n] for n in candidates if n in REPR_PREFERRED}
    if len(candidates) <= REPR_MAX_FIELDS:
        return frozenset(candidates)
    preferred = sorted(ranks, key=ranks.__getitem__)[:REPR_PREFERRED_COUNT]
    chosen = [*cls.identity, *preferred] or candidates
    return frozenset(chosen[:REPR_MAX_FIELDS])
