"""WebSocket sessions of the test clients.

`_Channel` runs the application inside the event loop and moves messages both ways through memory
streams (no polling). `WebSocketTestSession` drives it from a synchronous test through a blocking
portal; `AsyncWebSocketTestSession` drives it from an async test in the caller's own loop.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from types import TracebackType
from typing import Any, ContextManager, Literal

import anyio
import anyio.abc
import httpx
from anyio.from_thread import BlockingPortal

from lilya.serializers import serializer
from lilya.testclient._internal.exchange import CLOSE_GRACE_SECONDS
from lilya.types import ASGIApp, Message, Scope
from lilya.websockets import WebSocketDisconnect

__all__ = ["AsyncWebSocketTestSession", "WebSocketDenialResponse", "WebSocketDisconnect", "WebSocketTestSession"]

PortalFactoryType = Callable[[], ContextManager[BlockingPortal]]


class WebSocketDenialResponse(httpx.Response, WebSocketDisconnect):  # type: ignore[misc]
    """The app answered the handshake with an HTTP response (``websocket.http.response.*``)."""

    def __init__(self, status_code: int, headers: list[tuple[bytes, bytes]], content: bytes) -> None:
        httpx.Response.__init__(self, status_code, headers=headers, stream=httpx.ByteStream(content))
        self.read()
        self.code = 1006  # what a real client reports: the connection never opened
        self.reason = ""


class _ClientDisconnected(OSError):
    """Raised by the app's ``send`` once the test closed the connection, as ASGI servers do."""


class _AppFinished:
    """Marks the end of the app in the outgoing stream."""


_APP_FINISHED = _AppFinished()
_Outgoing = Message | BaseException | _AppFinished


class _Channel:
    """The app task and the two message streams; every method runs inside the event loop."""

    def __init__(self, app: ASGIApp, scope: Scope, raise_server_exceptions: bool) -> None:
        self.app = app
        self.scope = scope
        self.raise_server_exceptions = raise_server_exceptions
        self.accepted = False
        self.app_closed = False
        self.client_closed = False
        self.finished = False

    async def run(self, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        self._to_app, self._app_inbox = anyio.create_memory_object_stream[Message](math.inf)
        self._app_outbox, self._from_app = anyio.create_memory_object_stream[_Outgoing](math.inf)
        self._done = anyio.Event()
        self._cancel_scope = anyio.CancelScope()
        task_status.started()
        try:
            with self._cancel_scope:
                try:
                    await self.app(self.scope, self._app_inbox.receive, self._app_send)
                except WebSocketDisconnect:
                    if not self.client_closed:  # ending because the client left is not an error
                        raise
        except Exception as exc:  # handed to the test, which decides whether to raise it
            if self.raise_server_exceptions:
                self._app_outbox.send_nowait(exc)
            else:
                self._app_outbox.send_nowait({"type": "websocket.close", "code": 1011, "reason": ""})
        finally:
            self._app_outbox.send_nowait(_APP_FINISHED)
            self._app_inbox.close()
            self._done.set()

    async def _app_send(self, message: Message) -> None:
        if self.client_closed or self.app_closed:
            raise _ClientDisconnected("The test client closed the WebSocket.")
        message_type = message["type"]
        if message_type == "websocket.accept":
            self.accepted = True
        elif message_type == "websocket.close":
            self.app_closed = True
        self._app_outbox.send_nowait(message)

    async def send(self, message: Message) -> None:
        if message["type"] == "websocket.disconnect":
            if self.client_closed:
                return
            self.client_closed = True
        with contextlib.suppress(anyio.BrokenResourceError, anyio.ClosedResourceError):
            self._to_app.send_nowait(message)

    async def receive(self) -> Message:
        if self.finished:
            return {"type": "websocket.close", "code": 1000, "reason": ""}
        item = await self._from_app.receive()
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, _AppFinished):
            self.finished = True
            if not self.accepted and not self.app_closed:
                raise WebSocketDisconnect(1006, "The application returned without accepting the WebSocket.")
            return {"type": "websocket.close", "code": 1000, "reason": ""}
        return item

    async def receive_data(self) -> Message:
        """The next data message; a close raises WebSocketDisconnect, an HTTP denial its response."""
        message = await self.receive()
        message_type = message["type"]
        if message_type == "websocket.close":
            raise WebSocketDisconnect(message.get("code", 1000), message.get("reason"))
        if message_type == "websocket.http.response.start":
            body = bytearray()
            more_body = True
            while more_body:
                part = await self.receive()
                if part["type"] != "websocket.http.response.body":
                    raise WebSocketDisconnect(1006, f"Unexpected {part['type']!r} in a denial response.")
                body += part.get("body", b"")
                more_body = part.get("more_body", False)
            raise WebSocketDenialResponse(message["status"], list(message.get("headers", [])), bytes(body))
        return message

    async def shutdown(self) -> BaseException | None:
        """Disconnect, let the app finish (or cancel it), and return an error it left unread."""
        await self.send({"type": "websocket.disconnect", "code": 1000, "reason": ""})
        with anyio.move_on_after(CLOSE_GRACE_SECONDS):
            await self._done.wait()
        self._cancel_scope.cancel()
        await self._done.wait()
        error: BaseException | None = None
        with self._from_app:
            while True:
                try:
                    leftover = self._from_app.receive_nowait()
                except (anyio.WouldBlock, anyio.EndOfStream, anyio.ClosedResourceError):
                    break
                if isinstance(leftover, BaseException) and error is None:
                    error = leftover
        self._to_app.close()
        self._app_outbox.close()
        return error


def _text(message: Message) -> str:
    return str(message["text"])


def _bytes(message: Message) -> bytes:
    return bytes(message["bytes"])


def _json(message: Message, mode: Literal["text", "binary"]) -> Any:
    return serializer.loads(message["text"] if mode == "text" else message["bytes"].decode("utf-8"))


def _json_message(data: Any, mode: Literal["text", "binary"]) -> Message:
    text = serializer.dumps(data)
    if mode == "text":
        return {"type": "websocket.receive", "text": text}
    return {"type": "websocket.receive", "bytes": text.encode("utf-8")}


class _SessionBase:
    """What both sessions know: the scope, the app, and the handshake's outcome."""

    def __init__(self, app: ASGIApp, scope: Scope, raise_server_exceptions: bool = True) -> None:
        self.app = app
        self.scope = scope
        self.accepted_subprotocol: str | None = None
        self.extra_headers: list[tuple[bytes, bytes]] | None = None
        self._channel = _Channel(app, scope, raise_server_exceptions)

    def _handshake_done(self, message: Message) -> None:
        self.accepted_subprotocol = message.get("subprotocol")
        self.extra_headers = message.get("headers")


class WebSocketTestSession(_SessionBase):
    """A WebSocket connection opened by `TestClient.websocket_connect`; use it with ``with``."""

    def __init__(
        self, app: ASGIApp, scope: Scope, portal_factory: PortalFactoryType, raise_server_exceptions: bool = True
    ) -> None:
        super().__init__(app, scope, raise_server_exceptions)
        self.portal_factory = portal_factory
        self._exit_stack = contextlib.ExitStack()
        self._portal: BlockingPortal | None = None

    @property
    def portal(self) -> BlockingPortal:
        if self._portal is None:
            raise RuntimeError('Use the session in a with block: "with client.websocket_connect(path) as ws: ...".')
        return self._portal

    def __enter__(self) -> WebSocketTestSession:
        self._portal = self._exit_stack.enter_context(self.portal_factory())
        try:
            self.portal.start_task(self._channel.run)
            self.send({"type": "websocket.connect"})
            self._handshake_done(self.portal.call(self._channel.receive_data))
        except BaseException:
            with self._exit_stack:
                self.portal.call(self._channel.shutdown)
            self._portal = None
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            with self._exit_stack:
                error = self.portal.call(self._channel.shutdown)
        finally:
            self._portal = None
        if error is not None:
            raise error

    def send(self, message: Message) -> None:
        self.portal.call(self._channel.send, message)

    def send_text(self, data: str) -> None:
        self.send({"type": "websocket.receive", "text": data})

    def send_bytes(self, data: bytes) -> None:
        self.send({"type": "websocket.receive", "bytes": data})

    def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        self.send(_json_message(data, mode))

    def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.send({"type": "websocket.disconnect", "code": code, "reason": reason or ""})

    def receive(self) -> Message:
        return self.portal.call(self._channel.receive)

    def receive_text(self) -> str:
        return _text(self.portal.call(self._channel.receive_data))

    def receive_bytes(self) -> bytes:
        return _bytes(self.portal.call(self._channel.receive_data))

    def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        return _json(self.portal.call(self._channel.receive_data), mode)


class AsyncWebSocketTestSession(_SessionBase):
    """The async twin returned by `AsyncTestClient.websocket_connect`; use it with ``async with``."""

    async def __aenter__(self) -> AsyncWebSocketTestSession:
        self._task_group = anyio.create_task_group()
        await self._task_group.__aenter__()
        try:
            await self._task_group.start(self._channel.run)
            await self.send({"type": "websocket.connect"})
            self._handshake_done(await self._channel.receive_data())
        except BaseException:
            await self._stop()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        error = await self._stop()
        if error is not None:
            raise error

    async def _stop(self) -> BaseException | None:
        # The app task has ended once shutdown() returns; leave the task group without handing it
        # the test's exception, which would come back wrapped in an ExceptionGroup.
        try:
            return await self._channel.shutdown()
        finally:
            self._task_group.cancel_scope.cancel()
            await self._task_group.__aexit__(None, None, None)

    async def send(self, message: Message) -> None:
        await self._channel.send(message)

    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.receive", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        await self.send({"type": "websocket.receive", "bytes": data})

    async def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        await self.send(_json_message(data, mode))

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.send({"type": "websocket.disconnect", "code": code, "reason": reason or ""})

    async def receive(self) -> Message:
        return await self._channel.receive()

    async def receive_text(self) -> str:
        return _text(await self._channel.receive_data())

    async def receive_bytes(self) -> bytes:
        return _bytes(await self._channel.receive_data())

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        return _json(await self._channel.receive_data(), mode)

