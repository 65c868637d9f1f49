"""WebSocket relaying for `Relay`: one upstream connection per client, messages pumped both ways.

websockets' client runs on asyncio; under another event loop the client is closed with 1011.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import anyio

from lilya.exceptions import MissingDependency
from lilya.types import Receive, Scope, Send

if TYPE_CHECKING:
    from lilya.contrib.proxy.relay import Relay

__all__ = ["relay_websocket"]

# Close codes that are never sent on the wire (RFC 6455 7.4.1): report what they mean instead.
_NOT_SENDABLE = {1005: 1000, 1006: 1011, 1015: 1011}


def _websockets() -> tuple[Any, Any]:
    try:
        from websockets.asyncio.client import connect
        from websockets.exceptions import WebSocketException
    except ImportError as exc:
        raise MissingDependency('Relaying WebSockets needs websockets: pip install "lilya-contrib[proxy]"') from exc
    return connect, WebSocketException


async def _refuse(send: Send, reason: str) -> None:
    """Accept only to close with 1011 and a reason the client can read."""
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.close", "code": 1011, "reason": reason})


async def relay_websocket(relay: Relay, scope: Scope, receive: Receive, send: Send) -> None:
    connect, websocket_error = _websockets()
    if (await receive())["type"] != "websocket.connect":
        return
    path = relay._upstream_path(scope)
    if path is None:
        await send({"type": "websocket.close", "code": 1008})
        return
    http_url = relay._build_upstream_url(scope, path)
    url = http_url.copy_with(scheme="wss" if http_url.scheme == "https" else "ws")
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        relay._log_event("websocket_needs_asyncio", url=str(url))
        await _refuse(send, "Upstream WS error")
        return
    connect_timeout = relay._timeout.connect or 10.0
    try:
        upstream = await connect(
            str(url),
            additional_headers=relay._prepare_request_headers(scope, websocket=True),
            subprotocols=scope.get("subprotocols") or None,
            open_timeout=connect_timeout,
            close_timeout=connect_timeout,
            ping_interval=None,
            max_size=relay._max_websocket_message_size,
        )
    except TimeoutError as exc:
        relay._log_event("websocket_timeout", url=str(url), error=repr(exc))
        await _refuse(send, "Upstream WS timeout")
        return
    except (OSError, websocket_error) as exc:
        relay._log_event("websocket_error", url=str(url), error=repr(exc))
        await _refuse(send, "Upstream WS error")
        return
    async with upstream:
        await send({"type": "websocket.accept", "subprotocol": upstream.subprotocol})
        await _pump(receive, send, upstream, websocket_error)


async def _pump(receive: Receive, send: Send, upstream: Any, websocket_error: type[Exception]) -> None:
    async with anyio.create_task_group() as group:

        async def client_to_upstream() -> None:
            while True:
                message = await receive()
                if message["type"] == "websocket.receive":
                    data = message.get("text")
                    await upstream.send(data if data is not None else message.get("bytes") or b"")
                elif message["type"] == "websocket.disconnect":
                    code = int(message.get("code", 1000))
                    await upstream.close(code=_NOT_SENDABLE.get(code, code))
                    group.cancel_scope.cancel()
                    return

        async def upstream_to_client() -> None:
            try:
                async for data in upstream:
                    key = "bytes" if isinstance(data, bytes) else "text"
                    await send({"type": "websocket.send", key: data})
            except websocket_error:
                pass  # closed abnormally: the close code says so
            code = upstream.close_code if upstream.close_code is not None else 1006
            reason = upstream.close_reason or ""
            await send({"type": "websocket.close", "code": _NOT_SENDABLE.get(code, code), "reason": reason})
            group.cancel_scope.cancel()

        group.start_soon(client_to_upstream)
        group.start_soon(upstream_to_client)
