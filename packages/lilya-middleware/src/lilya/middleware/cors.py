"""Cross-Origin Resource Sharing as a pure ASGI middleware.

Everything that does not depend on the request (origin sets, regex, header tuples) is
computed in ``__init__``; per request we only compare the ``Origin`` header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


from lilya.datastructures import Header
from lilya.responses import PlainText
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CORSMiddleware"]

ALL_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
SAFELISTED_HEADERS = {"accept", "accept-language", "content-language", "content-type"}


class CORSMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        allow_origins: Sequence[str] = (),
        allow_methods: Sequence[str] = ("GET",),
        allow_headers: Sequence[str] = (),
        allow_credentials: bool = False,
        allow_origin_regex: str | None = None,
        expose_headers: Sequence[str] = (),
        max_age: int = 600,
        allow_private_network: bool = False,
    ) -> None:
        self.app = app
        self.allow_all_origins = "*" in allow_origins
        self.allow_all_headers = "*" in allow_headers
        self.allow_origins = frozenset(o for o in allow_origins if o != "*")
        self.allow_origin_regex = re.compile(allow_origin_regex) if allow_origin_regex else None
        self.allow_methods = tuple(ALL_METHODS if "*" in allow_methods else (m.upper() for m in allow_methods))
        self.allow_headers = frozenset(h.lower() for h in allow_headers) | SAFELISTED_HEADERS
        self.allow_credentials = allow_credentials
        self.allow_private_network = allow_private_network
        # Explicit origin when credentials are allowed: '*' with credentials is never sent.
        self.echo_origin = not self.allow_all_origins or allow_credentials or bool(self.allow_origins)

        simple: list[tuple[bytes, bytes]] = []
        if allow_credentials:
            simple.append((b"access-control-allow-credentials", b"true"))
        if expose_headers:
            simple.append((b"access-control-expose-headers", ", ".join(expose_headers).encode("latin-1")))
        self.simple_headers = simple

        preflight: dict[str, str] = {
            "access-control-allow-methods": ", ".join(self.allow_methods),
            "access-control-max-age": str(max_age),
        }
        if allow_credentials:
            preflight["access-control-allow-credentials"] = "true"
        if self.allow_headers and not self.allow_all_headers:
            preflight["access-control-allow-headers"] = ", ".join(sorted(self.allow_headers))
        self.preflight_headers = preflight

    def validate_origin(self, origin: str) -> bool:
        if origin == "null" or not origin:
            return False
        if origin in self.allow_origins:
            return True
        if self.allow_origin_regex is not None and self.allow_origin_regex.fullmatch(origin):
            return True
        return self.allow_all_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin: str | None = None
        request_method: str | None = None
        for key, value in scope["headers"]:
            if key == b"origin":
                origin = value.decode("latin-1")
            elif key == b"access-control-request-method":
                request_method = value.decode("latin-1")
        if origin is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and request_method is not None:
            await self.preflight_response(Header.from_scope(scope))(scope, receive, send)
            return
        await self.simple_response(scope, receive, send, origin)

    def _allow_origin_value(self, origin: str) -> str:
        if self.allow_all_origins and not self.allow_credentials and not self.allow_origins:
            return "*"
        return origin

    def preflight_response(self, request_headers: Header) -> PlainText:
        origin = request_headers.get("origin", "")
        method = request_headers.get("access-control-request-method", "")
        wanted = request_headers.get("access-control-request-headers", "")
        headers = dict(self.preflight_headers)
        failures: list[str] = []
        if self.validate_origin(origin):
            headers["access-control-allow-origin"] = self._allow_origin_value(origin)
            if headers["access-control-allow-origin"] != "*":
                headers["vary"] = "Origin"
        else:
            failures.append("origin")
        if method.upper() not in self.allow_methods:
            failures.append("method")
        if self.allow_all_headers and wanted:
            headers["access-control-allow-headers"] = wanted
        elif wanted:
            for header in wanted.split(","):
                if header.strip().lower() not in self.allow_headers:
                    failures.append("headers")
                    break
        if self.allow_private_network and request_headers.get("access-control-request-private-network") == "true":
            headers["access-control-allow-private-network"] = "true"
        if failures:
            return PlainText("Disallowed CORS " + ", ".join(failures), status_code=400, headers={"vary": "Origin"})
        return PlainText("OK", status_code=200, headers=headers)

    async def simple_response(self, scope: Scope, receive: Receive, send: Send, origin: str) -> None:
        if not self.validate_origin(origin):
            await self.app(scope, receive, send)
            return
        allow_origin = self._allow_origin_value(origin).encode("latin-1")
        extra = [(b"access-control-allow-origin", allow_origin), *self.simple_headers]
        add_vary = allow_origin != b"*"

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[tuple[bytes, bytes]] = [
                    (k, v) for k, v in message.get("headers", ()) if not k.lower().startswith(b"access-control-allow-o")
                ]
                headers.extend(extra)
                if add_vary:
                    headers.append((b"vary", b"Origin"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(app={self.app!r})"

