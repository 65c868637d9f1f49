"""The client's real IP address, taking trusted proxies into account.

``ClientIPScopeOnlyMiddleware`` stores it in ``scope["real-clientip"]``; ``ClientIPMiddleware``
also replaces any ``X-Real-IP`` request header with it, so a client can never spoof that header.
The trusted-proxy set is built once. When the address cannot be determined (e.g. a Unix
socket without forwarding headers) the value is an empty string.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from lilya.clientip import get_ip, get_trusted_proxies
from lilya.datastructures import Header
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["ClientIPMiddleware", "ClientIPScopeOnlyMiddleware", "Header", "MiddlewareProtocol", "get_ip"]


class ClientIPScopeOnlyMiddleware(MiddlewareProtocol[...]):
    """Put the client IP in the scope."""

    scope_name = "real-clientip"

    def __init__(
        self,
        app: ASGIApp,
        *,
        trusted_proxies: None | Collection[str] = None,
        sanitize_clientip: Callable[[str], str] | None = None,
        sanitize_proxyip: Callable[[str], str] | None = None,
    ) -> None:
        self.app = app
        self.trusted_proxies: Collection[str] = get_trusted_proxies(trusted_proxies)  # type: ignore[assignment]
        self.sanitize_clientip = sanitize_clientip
        self.sanitize_proxyip = sanitize_proxyip

    def update_scope(self, scope: Scope) -> None:
        try:
            ip = get_ip(
                scope,
                trusted_proxies=self.trusted_proxies,
                sanitize_clientip=self.sanitize_clientip,
                sanitize_proxyip=self.sanitize_proxyip,
            )
        except ValueError:
            ip = ""
        scope[self.scope_name] = ip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" or scope["type"] == "websocket":
            self.update_scope(scope)
        await self.app(scope, receive, send)


class ClientIPMiddleware(ClientIPScopeOnlyMiddleware):
    """Put the client IP in the scope and in the ``X-Real-IP`` request header."""

    def update_scope(self, scope: Scope) -> None:
        super().update_scope(scope)
        headers = [(k, v) for k, v in scope.get("headers") or () if k != b"x-real-ip"]
        headers.append((b"x-real-ip", scope[self.scope_name].encode("latin-1")))
        scope["headers"] = headers
