"""`Relay`: an HTTP and WebSocket reverse proxy as an ASGI app, on httpx and websockets.

Both directions stream: the request body goes upstream as it arrives (at most `max_body_size`
bytes, 413 beyond), the response comes back chunk by chunk as received (content-encoding untouched).
Hop-by-hop headers (and those named in Connection) never cross; `X-Forwarded-For/-Proto/-Host` are
added. Upstream failures before the response started become 502 (connection) or 504 (timeout),
after an optional bounded retry; a failure mid-response ends the downstream response unfinished (the
client sees a truncated body, never a silently complete one). Every failure is logged once.

```python
relay = Relay("http://users.internal:8000", upstream_prefix="/api")
app = Lilya(routes=[Include("/users", app=relay)], on_startup=[relay.startup], on_shutdown=[relay.shutdown])
```
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import anyio

from lilya.contrib.proxy._headers import WEBSOCKET_HANDSHAKE, HeaderRules, rewrite_cookie_domain
from lilya.exceptions import MissingDependency
from lilya.limits import DEFAULT_MAX_BODY_SIZE, MAX_BODY_SIZE_SCOPE_KEY
from lilya.types import Message, Receive, Scope, Send

try:
    import httpx
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    raise MissingDependency('lilya.contrib.proxy needs httpx: pip install "lilya-contrib[proxy]"') from exc

__all__ = ["Relay"]

_BODYLESS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class _BodyTooLarge(Exception):
    pass


class _ClientGone(Exception):
    pass


class Relay:
    """Forwards every request it receives to `target_base_url` + `upstream_prefix` + the path below its mount.

    Call `startup()`/`shutdown()` with the application's lifespan (or serve the Relay directly: it
    answers the ASGI lifespan itself).
    """

    def __init__(
        self,
        target_base_url: str,
        *,
        upstream_prefix: str = "/",
        preserve_host: bool = False,
        rewrite_set_cookie_domain: Callable[[str], str | None] | None = None,
        timeout: httpx.Timeout | float = httpx.Timeout(connect=5, read=10, write=10, pool=10),
        limits: httpx.Limits = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0),
        follow_redirects: bool = False,
        extra_request_headers: dict[str, str] | None = None,
        drop_request_headers: Iterable[str] | None = None,
        drop_response_headers: Iterable[str] | None = None,
        allow_request_headers: Iterable[str] | None = None,
        allow_response_headers: Iterable[str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int = 0,
        retry_backoff_factor: float = 0.2,
        retry_statuses: Sequence[int] = (502, 503, 504),
        retry_exceptions: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ReadTimeout),
        logger: logging.Logger | None = None,
        max_body_size: int | None = None,
        max_websocket_message_size: int = 16 * 1024 * 1024,
    ) -> None:
        self._base_url = httpx.URL(target_base_url.rstrip("/"))
        self._upstream_prefix = upstream_prefix
        self._preserve_host = preserve_host
        self._rewrite_cookie_domain = rewrite_set_cookie_domain
        self._timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._limits = limits
        self._follow_redirects = follow_redirects
        self._extra_request_headers = list((extra_request_headers or {}).items())
        self._drop_request = drop_request_headers
        self._drop_response = drop_response_headers
        self._allow_request = allow_request_headers
        self._allow_response = allow_response_headers
        self._rebuild_rules()
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._max_retries = max_retries
        self._retry_backoff_factor = retry_backoff_factor
        self._retry_statuses = set(retry_statuses)
        self._retry_exceptions = retry_exceptions
        self._log = logger or logging.getLogger("lilya.contrib.proxy")
        self._max_body_size = max_body_size
        self._max_websocket_message_size = max_websocket_message_size

    # Header rules are prepared once; assigning the allow/drop sets (as Lilya 0.29 code does) rebuilds them.
    def _rebuild_rules(self) -> None:
        self._request_rules = HeaderRules(self._drop_request, self._allow_request, always_drop=("host",))
        self._response_rules = HeaderRules(self._drop_response, self._allow_response)

    def _rule_property(attribute: str) -> Any:  # type: ignore[misc]
        def get(self: Relay) -> set[str] | None:
            value = getattr(self, attribute)
            return {h.lower() for h in value} if value else None

        def set_(self: Relay, value: Iterable[str] | None) -> None:
            setattr(self, attribute, value)
            self._rebuild_rules()

        return property(get, set_)

    _allow_request_headers = _rule_property("_allow_request")
    _allow_response_headers = _rule_property("_allow_response")
    _drop_request_headers = _rule_property("_drop_request")
    _drop_response_headers = _rule_property("_drop_response")
    del _rule_property

    async def startup(self) -> None:
        """Create the pooled upstream client (idempotent)."""
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self._timeout,
                limits=self._limits,
                follow_redirects=self._follow_redirects,
                transport=self._transport,
            )

    async def shutdown(self) -> None:
        """Close the upstream client and its connections (idempotent)."""
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._handle_http(scope, receive, send)
        elif kind == "websocket":
            from lilya.contrib.proxy._websocket import relay_websocket

            await relay_websocket(self, scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.startup()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    # -- building the upstream request -------------------------------------------------------------

    def _upstream_path(self, scope: Scope) -> str | None:
        """Path below the mount point, joined to the prefix; None for dot segments (path escape)."""
        root = scope.get("root_path", "")
        raw = scope.get("raw_path")
        path = raw.decode("latin-1") if raw else scope["path"]
        if root and path.startswith(root):
            path = path[len(root) :]
        decoded = unquote(unquote(path))
        if any(segment in (".", "..") for segment in decoded.replace("\\", "/").split("/")):
            return None
        prefix = self._upstream_prefix if self._upstream_prefix.endswith("/") else self._upstream_prefix + "/"
        return posixpath.join(self._base_url.raw_path.decode("ascii").rstrip("/") + prefix, path.lstrip("/"))

    def _build_upstream_url(self, scope: Scope, path: str) -> httpx.URL:
        return self._base_url.copy_with(raw_path=path.encode("latin-1") + self._query(scope))

    @staticmethod
    def _query(scope: Scope) -> bytes:
        query: bytes = scope.get("query_string", b"")
        return b"?" + query if query else b""

    def _prepare_request_headers(self, scope: Scope, *, websocket: bool = False) -> list[tuple[str, str]]:
        incoming = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", ())]
        original_host = next((value for name, value in incoming if name.lower() == "host"), "")
        headers = self._request_rules.filter(incoming)
        if websocket:
            headers = [(n, v) for n, v in headers if n.lower() not in WEBSOCKET_HANDSHAKE]
        elif not any(name.lower() == "accept-encoding" for name, _ in headers):
            headers.append(("accept-encoding", "identity"))  # the client asked for no compression
        if self._extra_request_headers:
            names = {name.lower() for name, _ in self._extra_request_headers}
            headers = [(n, v) for n, v in headers if n.lower() not in names] + self._extra_request_headers
        if not websocket:
            headers.append(("host", original_host if self._preserve_host and original_host else self._upstream_host()))
        client = scope.get("client")
        client_ip = client[0] if client else ""
        previous = ", ".join(v for n, v in headers if n.lower() == "x-forwarded-for")
        headers = [
            (n, v) for n, v in headers if n.lower() not in ("x-forwarded-for", "x-forwarded-proto", "x-forwarded-host")
        ]
        headers.append(("x-forwarded-for", ", ".join(part for part in (previous, client_ip) if part)))
        headers.append(("x-forwarded-proto", "https" if scope.get("scheme") in ("https", "wss") else "http"))
        headers.append(("x-forwarded-host", original_host or self._upstream_host()))
        return headers

    def _upstream_host(self) -> str:
        return self._base_url.netloc.decode("ascii")

    def _body_limit(self, scope: Scope) -> int | None:
        if self._max_body_size is not None:
            return self._max_body_size
        limit: int | None = scope.get(MAX_BODY_SIZE_SCOPE_KEY, DEFAULT_MAX_BODY_SIZE)
        return limit

    # -- HTTP ----------------------------------------------------------------------------------------

    async def _handle_http(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = self._client
        if client is None:
            raise RuntimeError("Relay not started: add relay.startup/relay.shutdown to the app's lifespan hooks")
        path = self._upstream_path(scope)
        if path is None:
            await _send_text(send, 400, "Bad Request")
            return
        url = self._build_upstream_url(scope, path)
        headers = self._prepare_request_headers(scope)
        limit = self._body_limit(scope)
        declared = next((v for n, v in headers if n.lower() == "content-length"), None)
        if limit is not None and declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_text(send, 413, "Request Entity Too Large")
            return
        body: AsyncIterator[bytes] | bytes | None = None
        if scope["method"] not in _BODYLESS or declared not in (None, "0"):
            stream = _request_body(receive, limit)
            try:  # a retried request must send its body again: keep it (bounded by the limit)
                body = b"".join([chunk async for chunk in stream]) if self._max_retries else stream
            except _BodyTooLarge:
                await _send_text(send, 413, "Request Entity Too Large")
                return
            except _ClientGone:
                return
        await self._forward_with_retries(client, _Outgoing(scope["method"], url, headers, body), send)

    async def _forward_with_retries(self, client: httpx.AsyncClient, request: _Outgoing, send: Send) -> None:
        url = request.url
        attempt = 0
        while True:
            attempt += 1
            retry_left = attempt <= self._max_retries
            try:
                started = await self._forward(client, request, send, retry_left)
            except _BodyTooLarge:
                self._log_event("request_too_large", url=str(url))
                await _send_text(send, 413, "Request Entity Too Large")
                return
            except httpx.TimeoutException as exc:
                self._log_event("upstream_timeout", url=str(url), attempt=attempt, error=repr(exc))
                if retry_left and isinstance(exc, self._retry_exceptions):
                    await anyio.sleep(self._retry_sleep_seconds(attempt))
                    continue
                await _send_text(send, 504, "Gateway Timeout")
                return
            except self._retry_exceptions as exc:
                self._log_event("upstream_retryable_error", url=str(url), attempt=attempt, error=repr(exc))
                if retry_left:
                    await anyio.sleep(self._retry_sleep_seconds(attempt))
                    continue
                await _send_text(send, 502, "Upstream error")
                return
            except httpx.RequestError as exc:
                self._log_event("upstream_error", url=str(url), error=repr(exc))
                await _send_text(send, 502, "Upstream error")
                return
            except _ClientGone:
                return
            except _UpstreamBroke as exc:  # the response had started: end it unfinished
                self._log_event("upstream_broke_mid_response", url=str(url), error=repr(exc.__cause__))
                return
            if started:
                return
            self._log_event("upstream_retryable_status", url=str(url), attempt=attempt)
            await anyio.sleep(self._retry_sleep_seconds(attempt))

    async def _forward(self, client: httpx.AsyncClient, request: _Outgoing, send: Send, may_retry: bool) -> bool:
        """One upstream exchange; False when a retryable status should be retried instead of relayed."""
        async with client.stream(
            request.method, request.url, headers=request.headers, content=request.body
        ) as response:
            if may_retry and response.status_code in self._retry_statuses:
                return False
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": self._response_headers(response),
                }
            )
            # Raw bytes: the upstream's content-encoding and content-length stay true.
            chunks = response.aiter_raw() if hasattr(response, "aiter_raw") else response.aiter_bytes()
            try:
                async for chunk in chunks:
                    if chunk:
                        await send({"type": "http.response.body", "body": chunk, "more_body": True})
            except httpx.HTTPError as exc:
                raise _UpstreamBroke from exc
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return True

    def _response_headers(self, response: httpx.Response) -> list[tuple[bytes, bytes]]:
        raw = response.headers.multi_items() if hasattr(response.headers, "multi_items") else response.headers.items()
        headers = self._response_rules.filter(raw)
        if self._rewrite_cookie_domain is not None:
            rewrite = self._rewrite_cookie_domain
            headers = [
                (name, rewrite_cookie_domain(value, rewrite(value)) if name.lower() == "set-cookie" else value)
                for name, value in headers
            ]
        return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]

    def _retry_sleep_seconds(self, attempt: int) -> float:
        return float(self._retry_backoff_factor * (2 ** (attempt - 1)))

    def _log_event(self, event: str, **fields: Any) -> None:
        self._log.warning("reverse_proxy.%s %s", event, " ".join(f"{k}={v!r}" for k, v in fields.items()))


@dataclass(slots=True)
class _Outgoing:
    """The upstream request, as prepared once (a retry sends the same)."""

    method: str
    url: httpx.URL
    headers: list[tuple[str, str]]
    body: AsyncIterator[bytes] | bytes | None


class _UpstreamBroke(Exception):
    """The upstream failed after the response had started."""


async def _request_body(receive: Receive, limit: int | None) -> AsyncIterator[bytes]:
    received = 0
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        chunk = message.get("body", b"")
        received += len(chunk)
        if limit is not None and received > limit:
            raise _BodyTooLarge
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return


async def _send_text(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
