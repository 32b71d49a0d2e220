"""The generators of telnyx_sip's models, services, metadata and sync twin.

Run ``python -m scripts.gen [--check]`` from the repository root (see
:mod:`scripts.gen.driver`). How the spec maps to Python, in short:

* each inline enum is named after its location or field (:mod:`.naming`),
  each component enum after its component; all become ``str`` enums;
* each object schema reached from a response becomes a frozen attrs class
  (``T | None = None`` for optional fields, ``extra`` for unknown keys); an
  operation's own object with an ``id`` is a resource object, whose ``id``
  and ``record_type`` are required (:meth:`.registry.Registry.require_identity`);
  reprs show a few fields chosen by :mod:`.reprs`;
* each request body, and each object nested in one, becomes a frozen attrs
  class whose fields default to ``UNSET`` and carry validators from
  ``telnyx_sip/_validators.py``; each nested one also gets a ``TypedDict``
  twin (``...Dict``) that service methods accept and build into the class;
* each resource (first path segment) becomes a service class whose methods
  take the object's id positionally (always named ``id``) and the body fields
  and list filters as keyword arguments, with its operation descriptors in
  the generated ``telnyx_sip/_meta.py``;
* the blocking twin ``telnyx_sip/sync/_client.py`` copies the async services'
  signatures (:mod:`.sync`).

Every output goes through ruff (import sorting, then ``ruff format``), so the
generated files pass the project's lint and format checks as written.
"""
