"""The public names: what ``import telnyx_sip`` and its public modules offer.

A name added or removed here is a change to the public API: it must be made
on purpose, in this list, not as a side effect of moving code.
"""

from __future__ import annotations

import importlib

import pytest

from telnyx_sip import AsyncTelnyxSIP, TelnyxSIP

PUBLIC = {
    "telnyx_sip": [
        "APIConnectionError",
        "APIError",
        "APIResponse",
        "APIStatusError",
        "APITimeoutError",
        "AmbiguousOutcomeError",
        "AsyncPager",
        "AsyncTelnyxSIP",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "DEFAULT_BASE_URL",
        "ErrorDetail",
        "InternalServerError",
        "InvalidArgumentError",
        "NotFoundError",
        "Page",
        "PermissionDeniedError",
        "RateLimit",
        "RateLimitError",
        "RequestOptions",
        "ResponseTooLargeError",
        "ResponseValidationError",
        "RetryPolicy",
        "SyncPager",
        "TelnyxSIP",
        "TelnyxSIPError",
        "UNSET",
        "UnprocessableEntityError",
        "Unset",
        "__version__",
        "with_raw_response",
    ],
    "telnyx_sip.bulk": [
        "BulkJob",
        "BulkReport",
        "Call",
        "JournalError",
        "JournalWriteError",
        "Outcome",
        "Progress",
        "Status",
        "run_bulk",
        "run_bulk_sync",
    ],
    "telnyx_sip.serialization": ["to_dict", "to_json"],
    "telnyx_sip.state": [
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
    ],
    "telnyx_sip.testing": [
        "BASE_PATH",
        "DEFAULT_API_KEY",
        "FAULT_KINDS",
        "FaultConfig",
        "STATE_KEY",
        "Sandbox",
        "SandboxState",
        "SandboxStats",
        "ThreadedSandbox",
        "make_app",
        "run_sandbox",
    ],
}


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_public_names_are_exactly_these(module: str) -> None:
    mod = importlib.import_module(module)
    assert sorted(mod.__all__) == sorted(PUBLIC[module])
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.{name} is listed but missing"


def test_the_sync_and_async_clients_offer_the_same_services() -> None:
    def services(cls: type) -> set[str]:
        return {
            name
            for name, hint in cls.__annotations__.items()
            if not name.startswith("_") and isinstance(hint, str)
        }

    assert services(TelnyxSIP) == services(AsyncTelnyxSIP)
    assert len(services(AsyncTelnyxSIP)) == 8
