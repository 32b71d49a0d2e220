"""The sandbox's aiohttp application: generic handlers driven by the tables.

One route per operation of ``_spec_data.OPERATIONS``, each served by the
generic handler for its action (list, create, retrieve, update, delete or a
named action) on the resource the table describes. One middleware applies
what every request shares, in this order: latency, dropping before
processing, the rate limit, the bearer key, injected ``429`` and ``500``
answers, the handler, dropping after processing; then the headers every
answer carries (``x-request-id`` and, when limiting, ``x-ratelimit-*``).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Middleware

from ._body import check_body, json_type
from ._problems import (
    AUTHENTICATION,
    BAD_REQUEST,
    INVALID_JSON,
    NOT_FOUND,
    TOO_MANY,
    UNEXPECTED,
    Problem,
    Rejected,
    error_body,
)
from ._query import parse_query, run_query
from ._resources import RESOURCES
from ._rules import OperationRules
from ._spec_data import OPERATIONS
from ._state import SandboxState
from ._store import Row, utc_now

__all__ = ["BASE_PATH", "STATE_KEY", "make_app"]

BASE_PATH = "/v2"
STATE_KEY = web.AppKey("telnyx_sip_sandbox_state", SandboxState)

log = logging.getLogger("telnyx_sip.testing")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Action = Callable[[SandboxState, Row], Row]


def _json(status: int, payload: object) -> web.Response:
    return web.Response(
        body=json.dumps(payload, separators=(",", ":")).encode(),
        status=status,
        content_type="application/json",
    )


def _error(status: int, problems: list[Problem] | tuple[Problem, ...]) -> web.Response:
    return _json(status, error_body(problems))


def _wrap(op: OperationRules, payload: object) -> object:
    return {"data": payload} if op.envelope else payload


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: nested deeper than the stack; still the caller's fault.
        raise Rejected(
            400, [Problem(INVALID_JSON, "the request body is not valid JSON")]
        ) from None
    if not isinstance(body, dict):
        raise Rejected(
            400,
            [
                Problem(
                    BAD_REQUEST,
                    f"the request body must be a JSON object, got {json_type(body)}",
                )
            ],
        )
    return body


def _registration(_state: SandboxState, row: Row) -> Row:
    """A plausible registration: active connections have a device registered."""
    status: Row = {"record_type": "registration_status"}
    status["sip_username"] = row.get("user_name")
    if not row.get("active", True):
        status["status"] = "Not Registered"
        return status
    # A documentation address (RFC 5737) picked by the id, so it is stable.
    host = int(row["id"]) % 254 + 1
    status.update(
        {
            "status": "Registered",
            "ip_address": f"192.0.2.{host}",
            "port": 5060,
            "transport": "UDP",
            "user_agent": "telnyx-sip-sandbox",
            "last_registration": utc_now(),
        }
    )
    return status


ACTIONS: Mapping[str, Action] = {
    "check_registration_status": _registration,
}


def _handler(state: SandboxState, op: OperationRules) -> Handler:
    resource = RESOURCES[op.resource]
    param = op.path.rsplit("{", 1)[1].split("}")[0] if "{" in op.path else None
    action = op.action
    bad_query = 400 if 400 in op.documented else 422

    def object_id(request: web.Request) -> str:
        assert param is not None
        return request.match_info[param]

    def answer(row: Row) -> web.Response:
        return _json(op.status, _wrap(op, state.present(resource, [row])[0]))

    if action == "list":
        rules = op.listing
        assert rules is not None

        async def list_(request: web.Request) -> web.StreamResponse:
            query = parse_query(rules, request.query, bad_query)
            rows, meta = run_query(
                state.store, resource, state.store.rows(resource), query
            )
            return _json(
                op.status, {"data": state.present(resource, rows), "meta": meta}
            )

        return list_

    if action == "create":
        assert resource.create is not None
        create_model: type[Any] = resource.create

        async def create(request: web.Request) -> web.StreamResponse:
            body = check_body(create_model, await _body(request))
            row = state.store.create(resource, body)
            state.stats.rows_created += 1
            response = answer(row)
            state.store.settle(resource, row)
            return response

        return create

    if action == "retrieve":

        async def retrieve(request: web.Request) -> web.StreamResponse:
            return answer(state.store.get(resource, object_id(request)))

        return retrieve

    if action == "update":
        assert resource.update is not None
        update_model: type[Any] = resource.update

        async def update(request: web.Request) -> web.StreamResponse:
            row = state.store.get(resource, object_id(request))
            body = check_body(update_model, await _body(request))
            # The object may have gone while the body was read.
            row = state.store.get(resource, object_id(request))
            state.store.update(resource, row, body)
            state.stats.rows_updated += 1
            return answer(row)

        return update

    if action == "delete":

        async def delete(request: web.Request) -> web.StreamResponse:
            row = state.store.get(resource, object_id(request))
            response = answer(row)
            state.stats.rows_deleted += state.store.delete(resource, row)
            return response

        return delete

    run = ACTIONS[action]

    async def act(request: web.Request) -> web.StreamResponse:
        row = state.store.get(resource, object_id(request))
        return _json(op.status, _wrap(op, run(state, row)))

    return act


def _authorized(request: web.Request, api_key: str) -> bool:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        token.strip().encode(), api_key.encode()
    )


def _hit(dice: random.Random, fraction: float) -> bool:
    # No draw at all for a fault that is off, so turning one fault on does
    # not change which requests another one hits.
    return fraction > 0 and dice.random() < fraction


def _drop(request: web.Request) -> web.Response:
    if request.transport is not None:
        request.transport.close()
    # Never written: the connection is gone.
    return web.Response(status=500)


def _refusal(
    state: SandboxState, request: web.Request, headers: dict[str, str]
) -> web.Response | None:
    """The answer given instead of processing the request, if any."""
    stats, faults = state.stats, state.faults
    if state.limiter is not None:
        allowed, limits = state.limiter.take()
        headers.update(limits)
        if not allowed:
            stats.rate_limited += 1
            problem = Problem(TOO_MANY, "rate limit exceeded; retry after the reset")
            return _error(429, [problem])
    if not _authorized(request, state.api_key):
        return _error(401, [Problem(AUTHENTICATION, "missing or invalid API key")])
    if _hit(state.dice, faults.error_429):
        stats.faults_injected["error_429"] += 1
        headers["Retry-After"] = str(faults.retry_after)
        return _error(429, [Problem(TOO_MANY, "too many requests (injected)")])
    if _hit(state.dice, faults.error_500):
        stats.faults_injected["error_500"] += 1
        return _error(500, [Problem(UNEXPECTED, "server error (injected)")])
    return None


async def _process(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Run the handler, turning every failure into a Telnyx error answer."""
    try:
        return await handler(request)
    except Rejected as exc:
        return _error(exc.status, exc.problems)
    except web.HTTPException as exc:  # no such route or method
        kind = NOT_FOUND if exc.status == 404 else BAD_REQUEST
        return _error(exc.status, [Problem(kind, exc.reason)])
    except Exception:
        log.exception("sandbox handler failed on %s %s", request.method, request.path)
        problem = Problem(UNEXPECTED, "the sandbox failed to handle the request")
        return _error(500, [problem])


def _middleware(state: SandboxState) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        stats, faults = state.stats, state.faults
        stats.requests += 1
        name = request.match_info.route.name
        if name is not None:
            stats.by_operation[name] += 1
        if faults.latency:
            stats.faults_injected["latency"] += 1
            await asyncio.sleep(faults.latency)
        if _hit(state.dice, faults.drop_before):
            stats.faults_injected["drop_before"] += 1
            return _drop(request)
        headers = {"x-request-id": str(uuid.uuid4())}
        response: web.StreamResponse | None = _refusal(state, request, headers)
        if response is None:
            response = await _process(request, handler)
            if _hit(state.dice, faults.drop_after):
                stats.faults_injected["drop_after"] += 1
                return _drop(request)
        response.headers.update(headers)
        stats.by_status[response.status] += 1
        return response

    return middleware


def make_app(state: SandboxState | None = None) -> web.Application:
    """Build the sandbox as an aiohttp application, serving ``/v2``.

    Args:
        state: The objects, counters and settings to serve; a fresh
            :class:`SandboxState` (default key ``sandbox-key``) when omitted.
            Keep a reference to read :meth:`SandboxState.rows` and
            :attr:`SandboxState.stats`, or fetch it with ``app[STATE_KEY]``.

    """
    state = state if state is not None else SandboxState()
    app = web.Application(middlewares=[_middleware(state)])
    app[STATE_KEY] = state
    for op in OPERATIONS:
        app.router.add_route(
            op.method, BASE_PATH + op.path, _handler(state, op), name=op.name
        )
    return app
