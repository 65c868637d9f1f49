"""The WebSocket connection: an ASGI websocket scope with a state machine and safe limits.

Out-of-order use (send before accept, receive after disconnect, ...) raises a
`WebSocketRuntimeError`. A peer's mistake never crashes the handler: an oversized message closes
with 1009, a frame of the wrong kind with 1003, undecodable JSON with 1007, and each then raises
`WebSocketDisconnect` (which `iter_text`/`iter_bytes`/`iter_json` turn into a quiet stop).
When the server shuts down (``lilya.shutdown``), a ``receive()`` that waits on an open connection
closes it with 1001 (going away) and returns a ``websocket.disconnect`` with that code.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import Any, NoReturn, TypeVar

from lilya._internal._connection import Connection
from lilya._internal._websocket_limits import (
    DEFAULT_MAX_MESSAGE_SIZE,
    MAX_MESSAGE_SIZE_SCOPE_KEY,
    check_close_code,
    truncate_reason,
)
from lilya.enums import Event, MessageMode, ScopeType, WebSocketState
from lilya.exceptions import WebSocketRuntimeError
from lilya.serializers import serializer
from lilya.shutdown import shutdown
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "Connection",
    "Event",
    "MessageMode",
    "ScopeType",
    "WebSocket",
    "WebSocketClose",
    "WebSocketDisconnect",
    "WebSocketRuntimeError",
    "WebSocketState",
    "WebsocketMixin",
    "serializer",
]

_JSON_MODES = frozenset({MessageMode.TEXT, MessageMode.BINARY})
_ABNORMAL_CLOSURE = 1006  # reported (never sent) when the transport vanished
_GOING_AWAY = 1001  # sent when the server shuts down
_DENIAL_START = "websocket.http.response.start"
_DENIAL_BODY = "websocket.http.response.body"
# Plain module constants: cheaper than enum attribute lookups on every message.
_CONNECT = str(Event.WEBSOCKET_CONNECT.value)
_ACCEPT = str(Event.WEBSOCKET_ACCEPT.value)
_RECEIVE = str(Event.WEBSOCKET_RECEIVE.value)
_SEND = str(Event.WEBSOCKET_SEND.value)
_DISCONNECT = str(Event.WEBSOCKET_DISCONNECT.value)
_CLOSE = str(Event.WEBSOCKET_CLOSE.value)
_CONNECTING = WebSocketState.CONNECTING
_CONNECTED = WebSocketState.CONNECTED
_DISCONNECTED = WebSocketState.DISCONNECTED


class WebSocketDisconnect(Exception):
    """The connection is over: the client left, or we closed it because of what it sent."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        self.code = code
        self.reason = reason or ""
        super().__init__(code, self.reason)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(code={self.code!r}, reason={self.reason!r})"


class WebsocketMixin(Connection):
    """State shared by WebSocket flavours: both sides of the handshake and the receive/send pair."""

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == ScopeType.WEBSOCKET, "WebSocket needs a 'websocket' scope"
        super().__init__(scope)
        self._receive = receive
        self._send = send
        self._accepted = False
        self.client_state = WebSocketState.CONNECTING
        self.application_state = WebSocketState.CONNECTING
        self._cleanup_callbacks: list[Callable[[], Any]] = []

    def raise_for_disconnect(self, message: Message) -> None:
        """Turn a ``websocket.disconnect`` message into `WebSocketDisconnect`."""
        if message["type"] == _DISCONNECT:
            raise WebSocketDisconnect(message.get("code", 1000), message.get("reason"))

    async def raise_for_connection_state(self) -> None:
        """Refuse data transfer before `accept()`."""
        if self.application_state != _CONNECTED:
            raise WebSocketRuntimeError('WebSocket is not connected. Need to call "accept" first.')


class WebSocket(WebsocketMixin):
    """A server-side WebSocket. ``max_message_size`` (bytes) overrides the scope/default limit."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, *, max_message_size: int | None = None) -> None:
        super().__init__(scope, receive, send)
        if max_message_size is None:
            max_message_size = scope.get(MAX_MESSAGE_SIZE_SCOPE_KEY) or DEFAULT_MAX_MESSAGE_SIZE
        self.max_message_size: int = max_message_size
        self._denying = False

    # -- raw messages ---------------------------------------------------------------------------

    async def receive(self) -> Message:
        """Receive one ASGI message, enforcing the handshake order and the message size limit."""
        if self.client_state == _DISCONNECTED:
            raise WebSocketRuntimeError('Cannot call "receive" once a disconnect message has been received.')
        if self.application_state == _CONNECTED:
            with shutdown.cancel_on_set() as scope:
                message = await self._receive()
            if scope.cancelled_caught:
                return await self._going_away()
        else:
            message = await self._receive()
        message_type = message["type"]
        if message_type == _RECEIVE and self.client_state == _CONNECTED:  # the common case first
            if self._too_big(message):
                await self._close_for_peer_error(1009, "Message too big")
            return message
        if message_type == _DISCONNECT:
            self.client_state = _DISCONNECTED
            return message
        if self.client_state == _CONNECTING:
            if message_type != _CONNECT:
                raise WebSocketRuntimeError(f'Expected ASGI message "websocket.connect", but got {message_type!r}')
            self.client_state = _CONNECTED
            return message
        raise WebSocketRuntimeError(
            f'Expected ASGI message "websocket.receive" or "websocket.disconnect", but got {message_type!r}'
        )

    async def _going_away(self) -> Message:
        """The server is shutting down: close with 1001 and report it like a client's disconnect."""
        await self.close(_GOING_AWAY, "Server shutting down")
        self.client_state = _DISCONNECTED
        return {"type": _DISCONNECT, "code": _GOING_AWAY, "reason": "Server shutting down"}

    async def send(self, message: Message) -> None:
        """Send one ASGI message, enforcing the handshake order; a vanished peer ends the handler."""
        message_type = message["type"]
        if self.application_state == _CONNECTED:  # the common case first
            if message_type != _SEND:
                if message_type != _CLOSE:
                    raise WebSocketRuntimeError(
                        f'Expected ASGI message "websocket.send" or "websocket.close", but got {message_type!r}'
                    )
                self.application_state = _DISCONNECTED
        elif self.application_state == _CONNECTING:
            if self._denying:  # an HTTP response instead of the handshake: body messages only
                if message_type != _DENIAL_BODY:
                    raise WebSocketRuntimeError(f'Expected ASGI message {_DENIAL_BODY!r}, but got {message_type!r}')
                if not message.get("more_body", False):
                    self.application_state = _DISCONNECTED
            elif message_type == _ACCEPT:
                self.application_state = _CONNECTED
                self._accepted = True
            elif message_type == _CLOSE:
                self.application_state = _DISCONNECTED
            elif message_type == _DENIAL_START:
                self._denying = True
            else:
                raise WebSocketRuntimeError(
                    f'Expected ASGI message "websocket.accept" or "websocket.close", but got {message_type!r}'
                )
        else:
            raise WebSocketRuntimeError('Cannot call "send" once a close message has been sent.')
        try:
            await self._send(message)
        except OSError:
            # ASGI servers raise an OSError subclass when the client is already gone.
            self.client_state = self.application_state = _DISCONNECTED
            raise WebSocketDisconnect(_ABNORMAL_CLOSURE) from None

    # -- handshake --------------------------------------------------------------------------------

    async def accept(
        self,
        subprotocol: str | None = None,
        headers: Iterable[tuple[bytes, bytes]] | None = None,
    ) -> None:
        """Complete the handshake, optionally choosing a subprotocol and adding response headers."""
        if self.client_state == _CONNECTING:
            self.raise_for_disconnect(await self.receive())
        await self.send({"type": _ACCEPT, "subprotocol": subprotocol, "headers": list(headers or [])})

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close with a valid code (ValueError otherwise), then run the cleanup callbacks."""
        message = {"type": _CLOSE, "code": check_close_code(code), "reason": truncate_reason(reason)}
        try:
            await self.send(message)
        finally:
            await self._run_cleanup()

    async def send_denial_response(self, response: ASGIApp) -> None:
        """Refuse the handshake with an HTTP response (any ASGI response app), when the server
        supports the ``websocket.http.response`` extension; otherwise a WebSocketRuntimeError."""
        if "websocket.http.response" not in self.scope.get("extensions", {}):
            raise WebSocketRuntimeError("The server does not support the WebSocket denial response extension.")

        async def send_as_denial(message: Message) -> None:
            # Lilya responses already speak "websocket.http.response.*" in a websocket scope.
            message_type = message["type"]
            if not message_type.startswith("websocket."):
                message = {**message, "type": f"websocket.{message_type}"}
            await self.send(message)

        await response(self.scope, self.receive, send_as_denial)

    def add_cleanup(self, fn: Callable[[], Any]) -> None:
        """Register a callable (sync or async) run once `close()` has been called."""
        self._cleanup_callbacks.append(fn)

    async def _run_cleanup(self) -> None:
        callbacks, self._cleanup_callbacks = self._cleanup_callbacks, []
        for fn in callbacks:
            result = fn()
            if inspect.isawaitable(result):
                await result

    # -- typed receive ----------------------------------------------------------------------------

    async def _receive_data(self) -> Message:
        await self.raise_for_connection_state()
        message = await self.receive()
        self.raise_for_disconnect(message)
        return message

    async def receive_text(self) -> str:
        """The next text message; a binary frame closes the connection with 1003."""
        text = (await self._receive_data()).get("text")
        if text is None:
            await self._close_for_peer_error(1003, "Expected a text message")
        return str(text)

    async def receive_bytes(self) -> bytes:
        """The next binary message; a text frame closes the connection with 1003."""
        data = (await self._receive_data()).get("bytes")
        if data is None:
            await self._close_for_peer_error(1003, "Expected a binary message")
        return bytes(data)

    async def receive_json(self, mode: str = "text") -> Any:
        """The next message decoded as JSON, from a text (default) or a binary frame."""
        if mode not in _JSON_MODES:
            raise WebSocketRuntimeError('The "mode" argument should be "text" or "binary".')
        if mode == MessageMode.TEXT:
            payload: str | bytes = await self.receive_text()
        else:
            payload = await self.receive_bytes()
        try:
            if isinstance(payload, bytes):
                payload = payload.decode("utf-8")
            return serializer.loads(payload)
        except (ValueError, RecursionError):  # JSONDecodeError/UnicodeDecodeError are ValueErrors; absurd nesting
            await self._close_for_peer_error(1007, "Invalid JSON")

    def iter_text(self) -> AsyncIterator[str]:
        """Yield text messages until the connection ends."""
        return _until_disconnect(self.receive_text)

    def iter_bytes(self) -> AsyncIterator[bytes]:
        """Yield binary messages until the connection ends."""
        return _until_disconnect(self.receive_bytes)

    def iter_json(self) -> AsyncIterator[Any]:
        """Yield JSON messages (text frames) until the connection ends."""
        return _until_disconnect(self.receive_json)

    # -- typed send -------------------------------------------------------------------------------

    async def send_text(self, data: str) -> None:
        await self.send({"type": _SEND, "text": data})

    async def send_bytes(self, data: bytes) -> None:
        await self.send({"type": _SEND, "bytes": data})

    async def send_json(self, data: Any, mode: str = "text") -> None:
        """Send `data` as compact JSON in a text (default) or binary frame."""
        if mode not in _JSON_MODES:
            raise WebSocketRuntimeError('The "mode" argument should be "text" or "binary".')
        dumped = serializer.dumps(data)  # compact, non-ASCII kept, by default; bytes from orjson-style ones
        if mode == MessageMode.TEXT:
            text = dumped.decode("utf-8") if isinstance(dumped, bytes) else dumped
            await self.send({"type": _SEND, "text": text})
        else:
            raw = dumped if isinstance(dumped, bytes) else dumped.encode("utf-8")
            await self.send({"type": _SEND, "bytes": raw})

    # -- peer errors ------------------------------------------------------------------------------

    def _too_big(self, message: Message) -> bool:
        limit = self.max_message_size
        data = message.get("bytes")
        if data is not None:
            return len(data) > limit
        text = message.get("text")
        if text is None or len(text) <= limit // 4:  # a character is at most 4 UTF-8 bytes
            return False
        return len(text) > limit or len(text.encode("utf-8")) > limit

    async def _close_for_peer_error(self, code: int, reason: str) -> NoReturn:
        """Close because of what the client sent, then end the handler via WebSocketDisconnect."""
        self.client_state = _DISCONNECTED
        if self.application_state == _CONNECTED:
            try:
                await self.close(code, reason)
            except WebSocketDisconnect:
                pass
        raise WebSocketDisconnect(code, reason)


class WebSocketClose:
    """An ASGI app that closes the connection (before or after accept) with a fixed code."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        self.code = check_close_code(code)
        self.reason = truncate_reason(reason)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": Event.WEBSOCKET_CLOSE, "code": self.code, "reason": self.reason})


_T = TypeVar("_T")


async def _until_disconnect(receive: Callable[[], Awaitable[_T]]) -> AsyncIterator[_T]:
    """What ``receive`` returns, message after message, until the client disconnects."""
    try:
        while True:
            yield await receive()
    except WebSocketDisconnect:
        return
