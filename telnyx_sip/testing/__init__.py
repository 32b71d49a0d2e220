"""A local sandbox of the Telnyx SIP API: an in-memory fake of all 36 operations.

It is an aiohttp application that any HTTP client following the Telnyx API
can talk to, and it runs three ways::

    from telnyx_sip.testing import FaultConfig, Sandbox

    async with Sandbox(api_key="sandbox-key") as sandbox:
        conn = await sandbox.client.ip_connections.create(connection_name="pbx")
        assert sandbox.rows("ip_connections")[0]["id"] == conn.id

- in your event loop: ``async with Sandbox(...) as sandbox`` gives
  ``base_url``, ``api_key``, a ready ``client``, ``stats`` and ``rows()``;
- in tests: the pytest plugin :mod:`telnyx_sip.testing.pytest_plugin`
  (``pytest_plugins = ["telnyx_sip.testing.pytest_plugin"]``), or
  :class:`ThreadedSandbox` for synchronous code;
- standalone: :func:`run_sandbox` (what ``telnyx-sip sandbox --port 4010
  --api-key KEY`` runs) serves on 127.0.0.1 until Ctrl-C. To embed it in
  your own aiohttp server use :func:`make_app` with a :class:`SandboxState`.

How it behaves, where the API leaves a choice:

- Every path lives under ``/v2`` and needs ``Authorization: Bearer <key>``;
  a missing or wrong key is answered ``401``.
- Objects get generated ids, ``created_at``/``updated_at`` (ISO 8601 UTC),
  their ``record_type`` and every default the spec gives. Connections,
  IPs, FQDNs and outbound voice profiles have int64-like digit ids (the
  spec types the ``/ips/{id}`` path parameter as a UUID, but ``Ip.id`` as
  int64; the sandbox follows the object). Access IP ranges have UUIDs. Ids
  come from ``seed``, so a run is reproducible, and are never reused.
- Bodies are validated with the SDK's own request models, without type
  coercion (``"5"`` is not an integer). Problems are answered ``422`` with
  one ``errors[]`` entry each, whose ``source.pointer`` names the field
  (``/inbound/timeout_1xx_secs``). Keys the API does not define are
  ignored and not stored, as the real API does. A body that is not JSON,
  or not an object, is answered ``400``.
- Lists honour every filter, ``sort`` (a ``-`` prefix sorts descending
  where the spec offers it) and ``page[number]``/``page[size]``, and answer
  the spec's pagination ``meta``. ``contains``/``startswith``/``endswith``
  ignore case. A bad query parameter is answered ``400`` where the
  operation documents it, else ``422``, with ``source.parameter`` naming
  it. Unknown query parameters are ignored.
- ``PATCH`` changes only the keys sent; nested objects (``inbound`` ...)
  are merged key by key. ``null`` for a field the answer cannot hold as
  ``null`` (an FQDN's ``port``) restores its default.
- ``DELETE`` answers ``200`` with the deleted object. Deleting a connection
  also deletes its IPs or FQDNs. An outbound voice profile still assigned
  to a connection cannot be deleted (``422``).
- Relations are enforced: an IP must name an existing IP connection and an
  FQDN an existing FQDN connection (else ``422`` with pointer
  ``/connection_id``), and a connection's
  ``outbound.outbound_voice_profile_id`` an existing profile.
  ``user_name`` of credential connections is unique. Profiles report their
  ``connections_count``. ``GET /connections`` lists credential, FQDN and IP
  connections together, each with its own ``record_type``.
- ``check_registration_status`` answers ``Registered`` (with a documentation
  IP address) for an active credential connection, ``Not Registered`` for
  an inactive one.
- A new access IP range answers ``pending`` and is stored as ``added``.
- Rate limiting (off by default) uses fixed windows; when on, every answer
  carries ``x-ratelimit-limit``, ``x-ratelimit-remaining`` and
  ``x-ratelimit-reset`` (seconds), and requests past the limit get ``429``
  with ``Retry-After``. Every answer carries an ``x-request-id``.
- Faults (:class:`FaultConfig`, off by default) are drawn from a seeded
  ``random.Random``; :attr:`Sandbox.stats` counts requests, rows and each
  fault injected.
"""

from ._app import BASE_PATH, STATE_KEY, make_app
from ._faults import FAULT_KINDS, FaultConfig
from ._sandbox import Sandbox, run_sandbox
from ._state import DEFAULT_API_KEY, SandboxState
from ._stats import SandboxStats
from ._threaded import ThreadedSandbox

__all__ = [
    "BASE_PATH",
    "DEFAULT_API_KEY",
    "FAULT_KINDS",
    "STATE_KEY",
    "FaultConfig",
    "Sandbox",
    "SandboxState",
    "SandboxStats",
    "ThreadedSandbox",
    "make_app",
    "run_sandbox",
]
