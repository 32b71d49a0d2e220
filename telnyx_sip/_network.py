"""How a client reaches the API: proxy, TLS trust, and a session of the caller's.

Decided once per client, never per request. The rules, in order:

- **Proxy.** ``proxy=`` when given; else, with ``trust_env``, the standard
  environment (``HTTPS_PROXY`` for an ``https`` base URL, ``HTTP_PROXY`` for
  ``http``, ``ALL_PROXY`` for either, ``NO_PROXY`` to exempt hosts), read
  when the client is made. As in Go's ``net/http``, environment proxies never
  apply to loopback hosts (the sandbox), which a proxy could not reach. An
  ``https`` target is reached through an HTTP ``CONNECT`` tunnel: the proxy
  sees the host and port, never the headers (the API key) or the bodies.
  Credentials in a proxy URL are sent to the proxy as
  ``Proxy-Authorization``.
- **TLS trust.** Verification is always on. ``ssl=`` (an
  :class:`ssl.SSLContext`) or ``ca_bundle=`` (a PEM file or a hashed
  directory) replace the system store, for a corporate TLS-inspecting proxy;
  else, with ``trust_env``, ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``; else the
  system store (OpenSSL's built-in paths, the environment ignored). A
  ``ca_bundle`` is loaded when the client is made (a bad file fails there);
  a store from the environment when the first session opens, once per
  process, and only for an ``https`` base URL.
- **Session.** A caller's own :class:`aiohttp.ClientSession` (``session=``)
  is used as is and never closed by the client; its connector decides TLS,
  so ``ssl=`` and ``ca_bundle=`` are refused beside it.
"""

from __future__ import annotations

import base64
import functools
import os
import ssl as _ssl
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import attrs
from aiohttp import ClientSession
from yarl import URL

from . import errors
from ._core import is_loopback

__all__ = ["ClientSession", "Network"]

_CERT_ENV = ("SSL_CERT_FILE", "SSL_CERT_DIR")


def _proxy_url(name: str, value: object) -> tuple[URL, Mapping[str, str] | None]:
    """A proxy URL without its credentials, and the header that sends them."""
    try:
        url = URL(str(value)) if isinstance(value, (str, URL)) else None
    except ValueError:
        url = None
    if url is None or url.scheme not in {"http", "https"} or not url.host:
        raise errors.InvalidArgumentError(
            name, "expected an http:// or https:// proxy URL with a host"
        )
    headers = None
    if url.user is not None:
        pair = f"{url.user}:{url.password or ''}".encode()
        headers = {"Proxy-Authorization": "Basic " + base64.b64encode(pair).decode()}
    return url.with_user(None).with_password(None), headers


def _env_proxy(base_url: str) -> object:
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if is_loopback(host) or urllib.request.proxy_bypass(host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(parts.scheme) or proxies.get("all")


@functools.lru_cache(maxsize=16)
def _load(cafile: str | None, capath: str | None) -> _ssl.SSLContext:
    """One verifying context per trust store, loaded once per process."""
    return _ssl.create_default_context(cafile=cafile, capath=capath)


def _context(name: str, cafile: str | None, capath: str | None) -> _ssl.SSLContext:
    try:
        return _load(cafile, capath)
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        raise errors.InvalidArgumentError(
            name, f"cannot load certificates: {exc}"
        ) from None


def _bundle(ca_bundle: object) -> _ssl.SSLContext:
    try:
        path = os.fspath(ca_bundle)  # type: ignore[call-overload]
    except TypeError:
        path = None
    if not isinstance(path, str) or not os.path.exists(path):
        raise errors.InvalidArgumentError(
            "ca_bundle", "expected the path of a PEM file or a certificate directory"
        )
    if os.path.isdir(path):
        return _context("ca_bundle", None, path)
    return _context("ca_bundle", path, None)


Store = tuple[str | None, str | None]


def _store(trust_env: bool) -> Store | None:
    """The trust store the environment decides, or None for aiohttp's default."""
    cafile, capath = (os.environ.get(name) or None for name in _CERT_ENV)
    if cafile is None and capath is None:
        return None
    if trust_env:
        return (
            cafile if cafile and os.path.isfile(cafile) else None,
            capath if capath and os.path.isdir(capath) else None,
        )
    # OpenSSL reads these variables on its own: name its built-in paths instead.
    paths = _ssl.get_default_verify_paths()
    built_in = (
        paths.openssl_cafile if os.path.isfile(paths.openssl_cafile) else None,
        paths.openssl_capath if os.path.isdir(paths.openssl_capath) else None,
    )
    return None if built_in == (None, None) else built_in


@attrs.frozen
class Network:
    """A client's proxy, TLS trust and session, checked once."""

    proxy: URL | None = None
    proxy_headers: Mapping[str, str] | None = attrs.field(default=None, repr=False)
    ssl: _ssl.SSLContext | None = None
    store: Store | None = None
    session: aiohttp.ClientSession | None = attrs.field(default=None, repr=False)

    @classmethod
    def create(
        cls,
        *,
        base_url: str,
        proxy: object,
        trust_env: object,
        ssl: object,
        ca_bundle: object,
        session: object,
    ) -> Network:
        """Check the client's network arguments (see the module docstring)."""
        https = base_url.startswith("https:")
        if not isinstance(trust_env, bool):
            raise errors.InvalidArgumentError("trust_env", "expected True or False")
        if ssl is not None and not isinstance(ssl, _ssl.SSLContext):
            raise errors.InvalidArgumentError("ssl", "expected an ssl.SSLContext")
        if ssl is not None and ca_bundle is not None:
            raise errors.InvalidArgumentError(
                "ca_bundle", "give ssl= or ca_bundle=, not both"
            )
        if session is not None:
            if not isinstance(session, aiohttp.ClientSession):
                raise errors.InvalidArgumentError(
                    "session", "expected an aiohttp.ClientSession"
                )
            if ssl is not None or ca_bundle is not None:
                raise errors.InvalidArgumentError(
                    "session",
                    "a session's connector decides TLS: set ssl= on its "
                    "TCPConnector instead of ssl= or ca_bundle= here",
                )
        if proxy is None and trust_env:
            found = _env_proxy(base_url)
            url, proxy_headers = _proxy_url("proxy", found) if found else (None, None)
        elif proxy is not None:
            url, proxy_headers = _proxy_url("proxy", proxy)
        else:
            url, proxy_headers = None, None
        return cls(
            proxy=url,
            proxy_headers=proxy_headers,
            # Given trust is loaded now, so a bad file fails here; the
            # environment's when a session first opens (https only).
            ssl=_bundle(ca_bundle) if ca_bundle is not None else ssl,
            store=None
            if session or ssl or ca_bundle or not https
            else _store(trust_env),
            session=session,
        )

    def tls(self) -> _ssl.SSLContext | bool:
        """What the connector verifies with (``True``: aiohttp's default)."""
        if self.ssl is not None:
            return self.ssl
        if self.store is None:
            return True
        return _context("SSL_CERT_FILE", *self.store)

    def request_options(self) -> Mapping[str, Any]:
        """Keyword arguments every request adds to aiohttp's."""
        options: dict[str, Any] = {}
        if self.proxy is not None:
            options.update(proxy=self.proxy, proxy_headers=self.proxy_headers)
        if self.session is not None:
            # Someone else's session: its defaults must not change what we
            # read (the size cap inflates bodies itself; statuses are ours).
            options.update(auto_decompress=False, raise_for_status=False)
        return options
