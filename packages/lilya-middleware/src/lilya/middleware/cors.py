"""Cross-Origin Resource Sharing as a pure ASGI middleware.

Everything that does not depend on the request (origin set, compiled regex, header tuples) is
prepared in ``__init__``; per request we only look at the ``Origin`` header.

Safe defaults (see the package README):
- origins match exactly, or by ``allow_origin_regex`` as a *full* match;
- ``Origin: null`` is never allowed;
- ``*`` is never sent together with ``Access-Control-Allow-Credentials``: with
  ``allow_origins=["*"]`` and ``allow_credentials=True`` only explicitly listed (or regex-matched)
  origins get credentials, every other origin gets a plain ``*``;
- a disallowed preflight gets a 400 without any ``Access-Control-Allow-*`` header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lilya.exception_handling import add_error_headers
from lilya.datastructures import Header
from lilya.enums import HeaderEnum, HTTPCorsEnum
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.responses import PlainText, Response
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CORSMiddleware", "Header", "HeaderEnum", "HTTPCorsEnum", "MiddlewareProtocol", "PlainText", "Response"]

ALL_METHODS = tuple(method.value for method in HTTPCorsEnum)
SAFELISTED_HEADERS = tuple(header.value for header in HeaderEnum)

_VARY = b"vary"
_ORIGIN = b"origin"
_REQUEST_METHOD = b"access-control-request-method"
_COOKIE = b"cookie"
_ALLOW_ORIGIN = b"access-control-allow-origin"
_STAR = b"*"


# RFC 9110 token characters plus the list separators: what a requested header list may contain.
_HEADER_LIST_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z, \t]*")


def _is_header_safe(value: str) -> bool:
    """Printable ASCII without spaces: safe to echo back in a response header."""
    return value.isascii() and value.isprintable() and " " not in value


def _latin1(value: str) -> bytes:
    return value.encode("latin-1")


class CORSMiddleware(MiddlewareProtocol[...]):
    """Answer CORS preflights and decorate responses to allowed cross-origin requests."""

    def __init__(
        self,
        app: ASGIApp,
        allow_origins: Sequence[str] | None = None,
        allow_methods: Sequence[str] | None = None,
        allow_headers: Sequence[str] | None = None,
        allow_credentials: bool = False,
        allow_origin_regex: str | None = None,
        allow_private_networks: bool = False,
        expose_headers: Sequence[str] | None = None,
        max_age: int = 600,
    ) -> None:
        allow_origins = tuple(allow_origins or ())
        allow_methods = tuple(allow_methods or ("GET",))
        allow_headers = tuple(allow_headers or ())
        expose_headers = tuple(expose_headers or ())

        self.app = app
        self.allow_all_origins = "*" in allow_origins
        self.allow_all_headers = "*" in allow_headers
        self.allow_origins = frozenset(o for o in allow_origins if o != "*" and o != "null")
        self.allow_origin_regex = re.compile(allow_origin_regex) if allow_origin_regex else None
        self.allow_methods = ALL_METHODS if "*" in allow_methods else tuple(m.upper() for m in allow_methods)
        self.allow_methods_set = frozenset(self.allow_methods)
        named_headers = [h for h in allow_headers if h != "*"]
        self.allow_headers = tuple(sorted({*SAFELISTED_HEADERS, *named_headers}, key=str.lower))
        self.allow_headers_set = frozenset(h.lower() for h in self.allow_headers)
        self.allow_credentials = allow_credentials
        self.allow_private_networks = allow_private_networks
        self.expose_headers = expose_headers

        self.simple_headers = self.get_simple_headers(
            self.allow_all_origins, allow_credentials, expose_headers, allow_private_networks
        )
        self.preflight_headers = self.get_preflight_headers(
            self.allow_all_origins,
            self.allow_methods,
            max_age,
            self.allow_all_headers,
            self.allow_headers,
            allow_credentials,
            allow_private_networks,
        )
        # Raw header tuples appended to every allowed simple response (never the origin itself).
        self._simple_raw = [
            (_latin1(k.lower()), _latin1(v))
            for k, v in self.simple_headers.items()
            if k.lower() != "access-control-allow-origin"
        ]
        self._simple_raw_no_credentials = [
            pair for pair in self._simple_raw if pair[0] != b"access-control-allow-credentials"
        ]
        self._expose_vary = b"Origin, Access-Control-Expose-Headers" if expose_headers else b"Origin"

    @staticmethod
    def get_simple_headers(
        allow_all_origins: bool,
        allow_credentials: bool,
        expose_headers: Sequence[str],
        allow_private_networks: bool,
    ) -> dict[str, str]:
        """Headers every allowed non-preflight response carries."""
        headers: dict[str, str] = {}
        if allow_all_origins and not allow_credentials:
            headers["Access-Control-Allow-Origin"] = "*"
        if allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        if expose_headers:
            headers["Access-Control-Expose-Headers"] = ", ".join(expose_headers)
        if allow_private_networks:
            headers["Access-Control-Allow-Private-Network"] = "true"
        return headers

    @staticmethod
    def get_preflight_headers(
        allow_all_origins: bool,
        allow_methods: Sequence[str],
        max_age: int,
        allow_all_headers: bool,
        allow_headers: Sequence[str],
        allow_credentials: bool,
        allow_private_networks: bool,
    ) -> dict[str, Any]:
        """Headers of a successful preflight, apart from the per-request origin and headers."""
        headers: dict[str, Any] = {}
        if allow_all_origins and not allow_credentials:
            headers["Access-Control-Allow-Origin"] = "*"
        else:
            headers["Vary"] = "Origin"
        if allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        if allow_private_networks:
            headers["Access-Control-Allow-Private-Network"] = "true"
        if not allow_all_headers and allow_headers:
            headers["Access-Control-Allow-Headers"] = ", ".join(allow_headers)
        headers["Access-Control-Allow-Methods"] = ", ".join(allow_methods)
        headers["Access-Control-Max-Age"] = str(max_age)
        return headers

    def validate_origin(self, origin: str) -> bool:
        """Exact (or full-regex) match; ``null`` and empty origins never pass."""
        if not origin or origin == "null" or not _is_header_safe(origin):
            return False
        if self.allow_all_origins or origin in self.allow_origins:
            return True
        return self.allow_origin_regex is not None and self.allow_origin_regex.fullmatch(origin) is not None

    def _is_named(self, origin: str) -> bool:
        """Listed explicitly (or by regex), as opposed to only covered by ``*``."""
        if origin in self.allow_origins:
            return True
        return self.allow_origin_regex is not None and self.allow_origin_regex.fullmatch(origin) is not None

    def _wildcard_for(self, origin: str, has_cookie: bool) -> bool:
        """Whether ``*`` is the right allow-origin value for this request."""
        if not self.allow_all_origins:
            return False
        if self.allow_credentials:
            # Credentials only for named origins; everyone else gets a credential-less '*'.
            return not self._is_named(origin)
        return not has_cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin: bytes | None = None
        is_preflight = False
        has_cookie = False
        for key, value in scope["headers"]:
            if key == _ORIGIN:
                origin = value
            elif key == _REQUEST_METHOD:
                is_preflight = True
            elif key == _COOKIE:
                has_cookie = True
        if origin is None:
            await self.app(scope, receive, send)
            return
        if is_preflight and scope["method"] == "OPTIONS":
            await self.preflight_response(Header.from_scope(scope))(scope, receive, send)
            return
        await self._simple(scope, receive, send, origin.decode("latin-1"), has_cookie)

    def preflight_response(self, request_headers: Header) -> Response:
        """200 with the allow headers, or 400 naming what was refused (and no allow headers)."""
        origin = request_headers.get("origin", "")
        method = request_headers.get("access-control-request-method", "")
        wanted = request_headers.get("access-control-request-headers")
        failures: list[str] = []
        if not self.validate_origin(origin):
            failures.append("origin")
        if method.upper() not in self.allow_methods_set:
            failures.append("method")
        if wanted and not _HEADER_LIST_RE.fullmatch(wanted):
            failures.append("headers")
        elif wanted and not self.allow_all_headers:
            for name in wanted.split(","):
                if name.strip().lower() not in self.allow_headers_set:
                    failures.append("headers")
                    break
        if failures:
            return PlainText("Disallowed CORS " + ", ".join(failures), status_code=400, headers={"Vary": "Origin"})
        headers = dict(self.preflight_headers)
        if self._wildcard_for(origin, has_cookie=False):
            headers["Access-Control-Allow-Origin"] = "*"
            headers.pop("Access-Control-Allow-Credentials", None)
        else:
            self.set_explicit_origin(headers, origin)
        if wanted and self.allow_all_headers:
            headers["Access-Control-Allow-Headers"] = wanted
        if (
            request_headers.get("access-control-request-private-network") == "true"
            and not self.allow_private_networks
        ):
            return self.preflight_private_network_response(request_headers)
        return PlainText("OK", status_code=200, headers=headers)

    def preflight_private_network_response(self, request_headers: Header) -> Response:
        """A private-network preflight that the configuration does not allow."""
        return PlainText("Disallowed CORS private network", status_code=400, headers={"Vary": "Origin"})

    @staticmethod
    def set_explicit_origin(headers: Header | dict[str, Any], origin: str) -> None:
        """Answer with the request's own origin, which makes the response vary by Origin."""
        headers["Access-Control-Allow-Origin"] = origin
        vary = headers.get("Vary")
        if not vary:
            headers["Vary"] = "Origin"
        elif "origin" not in vary.lower():
            headers["Vary"] = f"{vary}, Origin"

    async def simple_response(self, scope: Scope, receive: Receive, send: Send, request_headers: Header) -> None:
        """Lilya's API shape for a non-preflight request."""
        await self._simple(scope, receive, send, request_headers.get("origin", ""), "cookie" in request_headers)

    async def send(self, message: Message, send: Send, request_headers: Header) -> None:
        """Decorate one outgoing message for the request described by ``request_headers``."""
        origin = request_headers.get("origin", "")
        if message["type"] == "http.response.start" and self.validate_origin(origin):
            message["headers"] = self._decorate(
                message.get("headers", ()), self._allow_headers_for(origin, "cookie" in request_headers)
            )
        await send(message)

    def _allow_headers_for(self, origin: str, has_cookie: bool) -> tuple[list[tuple[bytes, bytes]], bool]:
        if self._wildcard_for(origin, has_cookie):
            return [(_ALLOW_ORIGIN, _STAR), *self._simple_raw_no_credentials], False
        return [(_ALLOW_ORIGIN, _latin1(origin)), *self._simple_raw], True

    def _decorate(
        self, headers: Any, extra: tuple[list[tuple[bytes, bytes]], bool]
    ) -> list[tuple[bytes, bytes]]:
        added, vary_origin = extra
        out: list[tuple[bytes, bytes]] = []
        vary: bytes | None = None
        for key, value in headers:
            lower = key.lower()
            if lower == _ALLOW_ORIGIN:
                continue
            if lower == _VARY:
                vary = value if vary is None else vary + b", " + value
                continue
            out.append((key, value))
        out.extend(added)
        if vary_origin:
            vary = self._expose_vary if vary is None else vary + b", " + self._expose_vary
        if vary is not None:
            out.append((_VARY, vary))
        return out

    async def _simple(self, scope: Scope, receive: Receive, send: Send, origin: str, has_cookie: bool) -> None:
        if not self.validate_origin(origin):
            await self.app(scope, receive, send)
            return
        extra = self._allow_headers_for(origin, has_cookie)
        # For an error response produced outside this middleware (the server-error boundary).
        add_error_headers(scope, [*extra[0], (_VARY, b"Origin")] if extra[1] else extra[0])
        decorate = self._decorate

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = decorate(message.get("headers", ()), extra)
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(app={self.app!r})"
