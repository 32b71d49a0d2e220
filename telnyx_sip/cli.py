"""The ``telnyx-sip`` command line.

One command per resource and one subcommand per API operation, derived from
the typed services, plus ``demo`` (a provisioning tour against an embedded
sandbox), ``sandbox`` (the sandbox as a standalone local server) and
``apply`` (a JSON-lines plan run as a bulk job, see :mod:`telnyx_sip.bulk`). Run
``telnyx-sip --help`` for the whole picture.

The API key comes from ``--api-key-file PATH`` or ``$TELNYX_API_KEY``; SIP
passwords from ``--password-stdin`` or a prompt. Neither is ever an option
value. Results print in the ``-o`` format: ``jsonl`` (one JSON object per
line, the default when stdout is not a terminal), ``json``, ``table`` (the
default on a terminal), ``yaml`` or ``csv``; ``--fields`` picks what they
show. Secrets in them show as ``[redacted]`` unless ``--show-secrets`` is
given. ``telnyx-sip completion bash|zsh|fish`` prints a shell completion
script.

Exit codes:

====  =============================================================
0     success
2     usage error: bad or missing options or values, no API key
3     API error: Telnyx answered with an error status
4     network error: no answer, a timeout, or a create whose outcome
      is unknown
5     the answer could not be understood (unexpected or oversized)
6     apply: the plan ran, but not every call succeeded
130   interrupted (Ctrl-C)
1     anything else (a bug)
====  =============================================================
"""

from __future__ import annotations

from ._cli.app import main
from ._cli.failures import ExitCode

__all__ = ["ExitCode", "main"]
