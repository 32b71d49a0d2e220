"""The sans-io heart of the client: requests built and answers read, with no I/O.

:func:`build_request` turns an operation, its path values, query and body into
the method, URL, headers and bytes to send; :func:`decipher` turns a status,
headers and body into the answer's data and page meta, or raises the right
exception. Waits asked for by the server and rate-limit headers are read here
too. Nothing in this package imports aiohttp, the services, the models or the
client: every rule can be tested without a server.
"""

from ._extra import (
    METHODS,
    Extras,
    check_json,
    decipher_raw,
    merge_body,
    merge_query,
    query_pairs,
    raw_operation,
)
from ._request import (
    ListQuery,
    Request,
    bounded_int,
    build_path,
    build_request,
    check_base_url,
    check_limit,
    encode_query,
    is_loopback,
    prepare_list,
)
from ._response import (
    STATUS_ERRORS,
    Answer,
    PageMeta,
    connection_error,
    decipher,
    decode_json,
    parse_error,
    parse_errors,
    request_id,
)
from ._waits import DEFAULT_PAUSE, RateLimit, rate_limit, requested_pause, retry_delay

__all__ = [
    "DEFAULT_PAUSE",
    "METHODS",
    "STATUS_ERRORS",
    "Answer",
    "Extras",
    "ListQuery",
    "PageMeta",
    "RateLimit",
    "Request",
    "bounded_int",
    "build_path",
    "build_request",
    "check_base_url",
    "check_json",
    "check_limit",
    "connection_error",
    "decipher",
    "decipher_raw",
    "decode_json",
    "encode_query",
    "is_loopback",
    "merge_body",
    "merge_query",
    "parse_error",
    "parse_errors",
    "prepare_list",
    "query_pairs",
    "rate_limit",
    "raw_operation",
    "request_id",
    "requested_pause",
    "retry_delay",
]
