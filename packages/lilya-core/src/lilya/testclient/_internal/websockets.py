"""WebSocket sessions of the test clients.

`_Channel` runs the application inside the event loop and moves messages both ways without
polling. `WebSocketTestSession` drives it from a synchronous test (the app runs in the client's
portal); `AsyncWebSocketTestSession` drives it from an async test in the caller's own loop.
"""

from __future__ import annotations

import contextlib
import math
import queue
from collections.abc import Callable
from typing import Any, ContextManager, Literal

import anyio
import anyio.abc
import httpx
from anyio.from_thread import BlockingPortal

from lilya.serializers import serializer
from lilya.testclient._internal.exchange import CLOSE_GRACE_SECONDS, ClientDisconnected
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


class _AppFinished:
    """Marks the end of the app in the outgoing queue."""


_APP_FINISHED = _AppFinished()
_Outgoing = Message | BaseException | _AppFinished
_NORMAL_CLOSE: Message = {"type": "websocket.close", "code": 1000, "reason": ""}


class _Channel:
    """The app task and the messages both ways.

    Messages to the app go through a thread-safe queue plus a wake-up event, messages from the app
    through a thread-safe queue (sync sessions block on it) or a memory stream (async sessions), so
    a sync test exchanges messages without a portal round trip and nothing ever polls.
    """

    def __init__(self, app: ASGIApp, scope: Scope, raise_server_exceptions: bool, *, threaded: bool) -> None:
        self.app = app
        self.scope = scope
        self.raise_server_exceptions = raise_server_exceptions
        self.threaded = threaded
        self.accepted = False
        self.app_closed = False
        self.client_closed = False
        self.finished = False
        self._inbox: queue.SimpleQueue[Message] = queue.SimpleQueue()
        self._outbox: queue.SimpleQueue[_Outgoing] = queue.SimpleQueue()
        self._denial: list[Any] = []

    # -- inside the event loop ------------------------------------------------------------------

    async def run(self, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        self._wakeup = anyio.Event()
        self._done = anyio.Event()
        self._cancel_scope = anyio.CancelScope()
        self._out_send, self._out_receive = anyio.create_memory_object_stream[_Outgoing](math.inf)
        task_status.started()
        try:
            with self._cancel_scope:
                try:
                    await self.app(self.scope, self._app_receive, self._app_send)
                except WebSocketDisconnect:
                    if not (self.client_closed or self.app_closed):  # a connection already over
                        raise
        except Exception as exc:  # handed to the test, which decides whether to raise it
            self._emit(exc if self.raise_server_exceptions else {"type": "websocket.close", "code": 1011, "reason": ""})
        finally:
            self._emit(_APP_FINISHED)
            self._done.set()

    def _emit(self, item: _Outgoing) -> None:
        if self.threaded:
            self._outbox.put(item)
        else:
            self._out_send.send_nowait(item)

    async def _app_receive(self) -> Message:
        while True:
            try:
                return self._inbox.get_nowait()
            except queue.Empty:
                self._wakeup = anyio.Event()
                await self._wakeup.wait()

    async def _app_send(self, message: Message) -> None:
        if self.client_closed or self.app_closed:
            raise ClientDisconnected("The test client closed the WebSocket.")
        message_type = message["type"]
        if message_type == "websocket.accept":
            self.accepted = True
        elif message_type == "websocket.close":
            self.app_closed = True
        elif message_type == "websocket.http.response.start":
            self._denial = [message["status"], list(message.get("headers", [])), bytearray()]
            return
        elif message_type == "websocket.http.response.body":
            self._denial[2] += message.get("body", b"")
            if not message.get("more_body", False):
                self.app_closed = True
                status, headers, body = self._denial
                self._emit(WebSocketDenialResponse(status, headers, bytes(body)))
            return
        self._emit(message)

    async def wake(self) -> None:
        self._wakeup.set()

    async def shutdown(self) -> BaseException | None:
        """Disconnect, let the app finish (or cancel it), and return an error it left unread."""
        self.post({"type": "websocket.disconnect", "code": 1000, "reason": ""})
        self._wakeup.set()
        with anyio.move_on_after(CLOSE_GRACE_SECONDS):
            await self._done.wait()
        self._cancel_scope.cancel()
        await self._done.wait()
        self._out_send.close()
        leftovers: list[_Outgoing] = []
        with self._out_receive:
            leftovers.extend(
                self._out_receive.receive_nowait() for _ in range(self._out_receive.statistics().current_buffer_used)
            )
        while not self._outbox.empty():
            leftovers.append(self._outbox.get_nowait())
        return next((item for item in leftovers if isinstance(item, Exception)), None)

    async def receive_async(self) -> Message:
        if self.finished:
            return _NORMAL_CLOSE
        return self._interpret(await self._out_receive.receive())

    # -- on the test's side ------------------------------------------------------------------------

    def post(self, message: Message) -> None:
        """Queue a message for the app (the caller wakes the app up)."""
        if message["type"] == "websocket.disconnect":
            if self.client_closed:
                return
            self.client_closed = True
        self._inbox.put(message)

    def receive_blocking(self) -> Message:
        if self.finished:
            return _NORMAL_CLOSE
        return self._interpret(self._outbox.get())

    def _interpret(self, item: _Outgoing) -> Message:
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, _AppFinished):
            self.finished = True
            if not self.accepted and not self.app_closed:
                raise WebSocketDisconnect(1006, "The application returned without accepting the WebSocket.")
            return _NORMAL_CLOSE
        return item


def _data(message: Message) -> Message:
    """A data message; a close from the app raises WebSocketDisconnect with its code and reason."""
    if message["type"] == "websocket.close":
        raise WebSocketDisconnect(message.get("code", 1000), message.get("reason"))
    return message


def _text(message: Message) -> str:
    return str(message["text"])


def _bytes(message: Message) -> bytes:
    return bytes(message["bytes"])


def _json(message: Message, mode: Literal["text", "binary"]) -> Any:
    return serializer.loads(message["text"] if mode == "text" else message["bytes"].decode("utf-8"))


def _json_message(data: Any, mode: Literal["text", "binary"]) -> Message:
    dumped = serializer.dumps(data)  # a configured serializer may produce bytes (orjson-style)
    raw = dumped if isinstance(dumped, bytes) else str(dumped).encode("utf-8")
    if mode == "text":
        return {"type": "websocket.receive", "text": raw.decode("utf-8")}
    return {"type": "websocket.receive", "bytes": raw}


class _SessionBase:
    """What both sessions know: the scope, the app, and the handshake's outcome."""

    _threaded = False  # True when the test runs in another thread than the app

    def __init__(self, app: ASGIApp, scope: Scope, raise_server_exceptions: bool = True) -> None:
        self.app = app
        self.scope = scope
        self.accepted_subprotocol: str | None = None
        self.extra_headers: list[tuple[bytes, bytes]] | None = None
        self._channel = _Channel(app, scope, raise_server_exceptions, threaded=self._threaded)

    def _handshake_done(self, message: Message) -> None:
        self.accepted_subprotocol = message.get("subprotocol")
        self.extra_headers = message.get("headers")


class WebSocketTestSession(_SessionBase):
    """A WebSocket connection opened by `TestClient.websocket_connect`; use it with ``with``."""

    _threaded = True

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
            self._handshake_done(_data(self._channel.receive_blocking()))
        except BaseException:
            with self._exit_stack:
                self.portal.call(self._channel.shutdown)
            self._portal = None
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            with self._exit_stack:
                error = self.portal.call(self._channel.shutdown)
        finally:
            self._portal = None
        if error is not None:
            raise error

    def send(self, message: Message) -> None:
        self._channel.post(message)
        self.portal.start_task_soon(self._channel.wake)  # no need to wait for the loop

    def send_text(self, data: str) -> None:
        self.send({"type": "websocket.receive", "text": data})

    def send_bytes(self, data: bytes) -> None:
        self.send({"type": "websocket.receive", "bytes": data})

    def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        self.send(_json_message(data, mode))

    def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.send({"type": "websocket.disconnect", "code": code, "reason": reason or ""})

    def receive(self) -> Message:
        self.portal  # noqa: B018 - a clear error outside a with block
        return self._channel.receive_blocking()

    def receive_text(self) -> str:
        return _text(_data(self.receive()))

    def receive_bytes(self) -> bytes:
        return _bytes(_data(self.receive()))

    def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        return _json(_data(self.receive()), mode)


class AsyncWebSocketTestSession(_SessionBase):
    """The async twin returned by `AsyncTestClient.websocket_connect`; use it with ``async with``."""

    async def __aenter__(self) -> AsyncWebSocketTestSession:
        self._task_group = anyio.create_task_group()
        await self._task_group.__aenter__()
        try:
            await self._task_group.start(self._channel.run)
            await self.send({"type": "websocket.connect"})
            self._handshake_done(_data(await self._channel.receive_async()))
        except BaseException:
            await self._stop()
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
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
        self._channel.post(message)
        await self._channel.wake()

    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.receive", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        await self.send({"type": "websocket.receive", "bytes": data})

    async def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        await self.send(_json_message(data, mode))

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.send({"type": "websocket.disconnect", "code": code, "reason": reason or ""})

    async def receive(self) -> Message:
        return await self._channel.receive_async()

    async def receive_text(self) -> str:
        return _text(_data(await self.receive()))

    async def receive_bytes(self) -> bytes:
        return _bytes(_data(await self.receive()))

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        return _json(_data(await self.receive()), mode)
