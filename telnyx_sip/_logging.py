"""What the SDK logs, under the ``telnyx_sip`` logger, and ``TELNYX_SIP_LOG``.

- DEBUG: one line per HTTP attempt (retries show as several lines);
- INFO: one line per call: method, path, status, elapsed time, request id;
- WARNING: a call that failed for good on a failure worth retrying (a 5xx,
  a 429, a timeout or a dropped connection), after the retries it was
  allowed; other failures (a 404 ...) are INFO lines.

Lines carry no headers, query strings or bodies: no key, password or token.
Every line is behind ``isEnabledFor``, so a quiet logger costs one check.

``TELNYX_SIP_LOG=debug`` (or ``info``, ``warning``) set in the environment
turns this on without code: the first import adds one stderr handler to the
``telnyx_sip`` logger, once per process.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Mapping

from ._core import Request, request_id
from ._transport import RawResponse

__all__ = ["ENV_LOG", "configure_from_env", "log", "log_attempt", "log_call"]

ENV_LOG = "TELNYX_SIP_LOG"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}

log = logging.getLogger("telnyx_sip")
# As the logging HOWTO asks of libraries: with nothing configured, a WARNING
# stays silent instead of reaching stderr through logging.lastResort.
log.addHandler(logging.NullHandler())

_configured = False


def configure_from_env(environ: Mapping[str, str] = os.environ) -> bool:
    """Add the stderr handler ``TELNYX_SIP_LOG`` asks for; True if it did.

    Does nothing when the variable is unset or unknown, and after the first
    time it added the handler in this process.
    """
    global _configured  # noqa: PLW0603 - once per process, by design
    level = _LEVELS.get(environ.get(ENV_LOG, "").strip().lower())
    if level is None or _configured:
        return False
    _configured = True
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
    )
    log.addHandler(handler)
    log.setLevel(level)
    return True


def log_attempt(
    request: Request, raw: RawResponse | None, started: float, attempt: int
) -> None:
    """The DEBUG line of one attempt (``raw`` is None when no answer came)."""
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "%s %s -> %s in %.1f ms (attempt %d, request id %s)",
            request.method,
            request.path,
            raw.status if raw is not None else "no response",
            (time.perf_counter() - started) * 1000,
            attempt,
            (raw is not None and request_id(raw.headers)) or "-",
        )


def log_call(
    request: Request,
    status: int | str,
    elapsed: float,
    request_id: str | None,
    *,
    level: int = logging.INFO,
) -> None:
    """The line of one call, success or failure, at ``level``."""
    log.log(
        level,
        "%s %s -> %s in %.1f ms (request id %s)",
        request.method,
        request.path,
        status,
        elapsed * 1000,
        request_id or "-",
    )
