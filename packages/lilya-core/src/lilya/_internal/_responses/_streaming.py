"""Responses whose body is produced while it is sent: raw streams, CSV, NDJSON, Server-Sent Events.

Every stream listens for ``http.disconnect`` at the same time and stops when the client leaves.
When the server shuts down (``lilya.shutdown``), a stream stops waiting for its next chunk and
ends the body normally, so the client gets a complete response instead of a reset.
If the body iterator raises after the headers went out, the error is logged and the response is
left unfinished (no final ``more_body=False``, no second ``http.response.start``): the server then
closes the connection, so the client can tell the body is truncated instead of trusting it.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Iterable,
    Mapping,
    Sequence,
)
from typing import TYPE_CHECKING, Any, Literal, cast

import anyio

from lilya._internal._encoders import json_encode
from lilya._internal._responses._base import (
    _BODYLESS_METHODS,
    Encoder,
    Response,
    _make_encoders,
    logger,
)
from lilya.concurrency import iterate_in_threadpool
from lilya.serializers import serializer
from lilya.shutdown import shutdown
from lilya.types import Message, Receive, Scope, Send

if TYPE_CHECKING:
    from lilya.background import Task

__all__ = ["CSVResponse", "ContentStream", "EventStreamResponse", "NDJSONResponse", "StreamingResponse"]

Content = str | bytes
ContentStream = AsyncIterable[Content] | Iterable[Content]


async def _close_iterator(iterator: Any) -> None:
    """Close an application's async generator now (its ``finally`` runs), even when cancelled."""
    close = getattr(iterator, "aclose", None)
    if close is not None:
        with anyio.CancelScope(shield=True):
            await close()


class StreamingResponse(Response):
    """Streams chunks from a sync or async iterable (sync ones are iterated in a worker thread)."""

    body_iterator: AsyncIterable[Any]
    deduce_media_type_from_body: bool = False
    _unsent: bytes | None = None  # the chunk held back for the final message

    def __init__(
        self,
        content: ContentStream,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        encoders: Sequence[Encoder | type[Encoder]] | None = None,
    ) -> None:
        self.encoders = _make_encoders(encoders)
        if isinstance(content, AsyncIterable):
            self.body_iterator = content
        else:
            self.body_iterator = iterate_in_threadpool(content)
        self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        self.background = background
        self.make_headers(headers)

    def make_response(self, content: Any) -> bytes:
        raise NotImplementedError("`StreamingResponse` doesn't implement `make_response`, use `stream` instead.")

    async def wait_for_disconnect(self, receive: Receive) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break

    async def stream(self, send: Send) -> None:
        """Send every chunk; the last one carries ``more_body=False`` (one message saved).

        The chunk held back is ``self._unsent``, so a shutdown can still deliver it.
        """
        self._unsent = None
        async for chunk in self.body_iterator:
            if self._unsent is not None:
                await send({"type": "http.response.body", "body": self._unsent, "more_body": True})
            self._unsent = chunk if isinstance(chunk, bytes) else chunk.encode(self.charset)
        await send({"type": "http.response.body", "body": self._unsent or b"", "more_body": False})

    async def _stream_or_abort(self, send: Send) -> bool:
        try:
            await self.stream(send)
        except Exception:
            logger.exception("%s body failed after the headers were sent; ending the connection", type(self).__name__)
            return False
        return True

    async def _stream_until_shutdown(self, send: Send) -> bool:
        """``stream`` until the body ends or the server shuts down (``lilya.shutdown``).

        The shutdown scope encloses the whole stream (a body iterator may yield inside its own task
        group), and every send is shielded: the shutdown ends the wait for the next chunk, never a
        message, and the body is then finished with the chunk held back.
        """
        finished = False

        async def send_whole(message: Message) -> None:
            nonlocal finished
            with anyio.CancelScope(shield=True):
                await send(message)
            finished = not message.get("more_body", False)

        completed = False
        with shutdown.cancel_on_set() as scope:
            completed = await self._stream_or_abort(send_whole)
        if scope.cancelled_caught and not finished:
            await send({"type": "http.response.body", "body": self._unsent or b"", "more_body": False})
            return True
        return completed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        prefix = "websocket." if scope["type"] == "websocket" else ""
        completed = False
        try:
            await send(self.message(prefix))
            if scope.get("method", "GET").upper() in _BODYLESS_METHODS:
                await send({"type": prefix + "http.response.body", "body": b"", "more_body": False})
                return
            async with anyio.create_task_group() as group:

                async def run_stream() -> None:
                    nonlocal completed
                    completed = await self._stream_until_shutdown(send)
                    group.cancel_scope.cancel()

                group.start_soon(run_stream)
                await self.wait_for_disconnect(receive)
                group.cancel_scope.cancel()
        finally:
            await _close_iterator(self.body_iterator)
            if self.cleanup_handler is not None:
                await self.execute_cleanup_handler()
        if completed and self.background is not None:
            await self.background()  # after the last byte; a failure reaches the server


class _RowsResponse(StreamingResponse):
    """A stream of rows, each written as one line; no rows (``None``) is an empty body."""

    def __init__(
        self,
        content: AsyncIterable[Any] | Iterable[Any] | None = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        encoders: Sequence[Encoder | type[Encoder]] | None = None,
    ) -> None:
        super().__init__(
            cast(Any, content if content is not None else ()), status_code, headers, media_type, background, encoders
        )


class CSVResponse(_RowsResponse):
    """Rows (mappings) as CSV: a header line from the first row's keys, then one line per row."""

    media_type = "text/csv"

    def _line(self, values: Iterable[Any]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow([str(value) for value in values])
        return buffer.getvalue()

    async def stream(self, send: Send) -> None:
        columns: list[str] | None = None
        self._unsent = None
        async for row in self.body_iterator:
            if columns is None:
                columns = list(row.keys())
                self._unsent = self._line(columns).encode(self.charset)
            await send({"type": "http.response.body", "body": (self._unsent or b"") + b"\n", "more_body": True})
            self._unsent = self._line(row.get(column, "") for column in columns).encode(self.charset)
        await send({"type": "http.response.body", "body": self._unsent or b"", "more_body": False})


class NDJSONResponse(_RowsResponse):
    """One JSON document per line (newline-delimited JSON), encoded with the encoder registry."""

    media_type = "application/x-ndjson"

    async def stream(self, send: Send) -> None:
        params = {**self._transform_params(None), "post_transform_fn": None}
        self._unsent = None
        async for row in self.body_iterator:
            if self._unsent is not None:
                await send({"type": "http.response.body", "body": self._unsent + b"\n", "more_body": True})
            encoded = json_encode(row, **params)
            self._unsent = encoded.encode(self.charset) if isinstance(encoded, str) else bytes(encoded)
        await send({"type": "http.response.body", "body": self._unsent or b"", "more_body": False})


_Outcome = Literal["done", "source late", "client stuck"]
_TIMED_OUT = "SSE send timed out"


def _body_chunk(body: bytes, *, more_body: bool = True) -> Message:
    return {"type": "http.response.body", "body": body, "more_body": more_body}


def _single_line(value: Any) -> str:
    # id/event/retry/comment fields cannot span lines: a newline would start a forged field
    return str(value).replace("\r", " ").replace("\n", " ")


class EventStreamResponse(Response):
    """Server-Sent Events from an iterable of dicts (``id``, ``event``, ``data``, ``retry``, ``":"``).

    Timing, as Lilya 0.29's tests expect it:

    - pings (``ping_message_factory()``, by default the comment ``: ping``) are on unless
      ``ping_interval`` is 0: the first body message starts with one (sent with the first event, so a
      stream that ends at once still carries it), and one follows every ``ping_interval`` seconds
      (15 by default) while the stream is open;
    - ``send_timeout`` bounds each event: producing it and handing it to the server. When it passes,
      the body is ended (unless the server itself was too slow: the client stopped reading) and
      ``TimeoutError("SSE send timed out")`` leaves the response in an exception group;
    - the stream stops as soon as the client disconnects, and ``client_close_handler`` is awaited
      (to its end). After the last event the response keeps listening ``DISCONNECT_GRACE`` seconds
      when a handler is set, so the handler also learns about a client that leaves as the stream ends.
    """

    DEFAULT_PING_INTERVAL = 15
    DEFAULT_SEPARATOR = "\n"
    DISCONNECT_GRACE = 0.05
    media_type = "text/event-stream"
    deduce_media_type_from_body: bool = False

    def __init__(
        self,
        content: AsyncIterable[dict[str, Any]] | Iterable[dict[str, Any]],
        *,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str = "text/event-stream",
        background: Task | None = None,
        retry: int | None = None,
        ping_interval: float | None = None,
        separator: str | None = None,
        ping_message_factory: Callable[[], dict[str, Any]] | None = None,
        send_timeout: float | None = None,
        data_sender_callable: Callable[[], Coroutine[None, None, None]] | None = None,
        client_close_handler: Callable[[Message], Awaitable[None]] | None = None,
    ) -> None:
        if separator not in (None, "\r\n", "\r", "\n"):
            raise ValueError(f"separator must be one of: \\r\\n, \\r, \\n, got: {separator!r}")
        self.sep = separator or self.DEFAULT_SEPARATOR
        self.retry = retry
        self.events = content
        # The encoded events (bytes), as Lilya 0.29 exposes them; not started until iterated.
        self.body_iterator: AsyncIterator[bytes] = self._events()
        self.ping_interval = self.DEFAULT_PING_INTERVAL if ping_interval is None else ping_interval
        self.ping_message_factory = ping_message_factory
        self.send_timeout = send_timeout
        self.data_sender_callable = data_sender_callable
        self.client_close_handler = client_close_handler
        self.active = True
        self._ping_first = bool(self.ping_interval)  # until the first body message went out
        self._send_lock = anyio.Lock()
        merged = {
            "cache-control": "no-cache",
            "connection": "keep-alive",
            "x-accel-buffering": "no",
            "transfer-encoding": "chunked",
        }
        if headers:
            merged.update({k.lower(): v for k, v in headers.items()})
        merged.pop("content-length", None)
        merged["content-type"] = "text/event-stream"
        super().__init__(
            content=None,
            status_code=status_code,
            headers=merged,
            media_type=media_type or self.media_type,
            background=background,
        )
        self.headers.pop("content-length", None)

    def _encode_event(self, event: dict[str, Any] | bytes) -> bytes:
        if isinstance(event, bytes):
            return event
        sep = self.sep
        lines: list[str] = []
        if ":" in event:
            lines.append(f": {_single_line(event[':'])}")
        if "id" in event:
            lines.append(f"id: {_single_line(event['id'])}")
        if "event" in event:
            lines.append(f"event: {_single_line(event['event'])}")
        if "data" in event:
            data = event["data"]
            if isinstance(data, (dict, list)):
                data = serializer.dumps(data, separators=(", ", ": "))
            lines.extend(f"data: {line}" for line in str(data).splitlines() or [""])
        retry = event.get("retry", self.retry)
        if retry is not None:
            lines.append(f"retry: {_single_line(retry)}")
        return (sep.join(lines) + sep * 2).encode("utf-8")

    def _ping(self) -> bytes:
        return self._encode_event(self.ping_message_factory() if self.ping_message_factory else {":": "ping"})

    async def _send(self, send: Send, message: Message, *, keep_alive: bool = False) -> bool:
        """Hand ``message`` to the server; False when ``send_timeout`` passed first.

        The first body message starts with a ping. A keep-alive (a periodic ping) is dropped once the
        stream is over, so nothing follows the end.
        """
        async with self._send_lock:
            if keep_alive and not self.active:
                return True
            if self._ping_first:
                self._ping_first = False
                if not keep_alive:
                    message = _body_chunk(self._ping() + message["body"], more_body=message["more_body"])
            with anyio.move_on_after(self.send_timeout) as sending:
                await send(message)
        return not sending.cancelled_caught

    async def _events(self) -> AsyncGenerator[bytes, None]:
        source = self.events
        if not isinstance(source, AsyncIterable):
            for event in source:
                yield self._encode_event(event)
            return
        iterator = source.__aiter__()
        try:
            async for event in iterator:
                yield self._encode_event(event)
        finally:
            await _close_iterator(iterator)

    async def _send_events(self, send: Send) -> _Outcome:
        """Every event, each within ``send_timeout``."""
        timeout = self.send_timeout
        iterator = self.body_iterator
        # One scope around the whole source, not one per wait (a source may yield inside its own task
        # group or cancel scope); its deadline runs only while the source is awaited.
        with anyio.CancelScope() as waiting:
            while True:
                if timeout is not None:
                    waiting.deadline = anyio.current_time() + timeout
                try:
                    payload = await iterator.__anext__()
                except StopAsyncIteration:
                    return "done"
                if timeout is not None:
                    waiting.deadline = math.inf
                with anyio.CancelScope(shield=True):  # a shutdown ends the wait for an event, never a send
                    if not await self._send(send, _body_chunk(payload)):
                        return "client stuck"
        return "source late"

    async def _stream(self, send: Send) -> bool:
        """Send the events and end the body; True when it ended normally, False when the source failed.

        Raises ``TimeoutError`` when ``send_timeout`` passed.
        """
        outcome: _Outcome = "done"  # also when a shutdown ended the wait for the next event
        try:
            # The shutdown scope is entered before the source starts, so a source that yields inside
            # its own task group or cancel scope nests inside it (a scope around each wait would not).
            with shutdown.cancel_on_set():
                try:
                    outcome = await self._send_events(send)
                finally:
                    await _close_iterator(self.body_iterator)
        except Exception:
            logger.exception("SSE event source failed after the headers were sent; ending the connection")
            return False
        self.active = False
        # a client that stopped reading would block another send too: the body stays unfinished
        if outcome == "client stuck" or not await self._send(send, _body_chunk(b"", more_body=False)):
            raise TimeoutError(_TIMED_OUT)
        if outcome == "source late":
            raise TimeoutError(_TIMED_OUT)
        return True

    async def _keep_alive(self, send: Send) -> None:
        if not self.ping_interval:
            return
        while self.active:
            await anyio.sleep(self.ping_interval)
            try:
                if not await self._send(send, _body_chunk(self._ping()), keep_alive=True):
                    return
            except OSError:
                return

    async def _listen_for_disconnect(self, receive: Receive, scope: anyio.CancelScope) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
        self.active = False
        if self.client_close_handler is not None:
            with anyio.CancelScope(shield=True):  # the stream may end meanwhile; the handler still finishes
                try:
                    await self.client_close_handler(message)
                except Exception:
                    logger.exception("Error in client_close_handler()")
        scope.cancel()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        completed = False
        await send(self.message(""))
        async with anyio.create_task_group() as group:

            async def run_stream() -> None:
                nonlocal completed
                completed = await self._stream(send)
                if completed and self.client_close_handler is not None:
                    # the disconnect listener ends the group as soon as the client has gone
                    await anyio.sleep(self.DISCONNECT_GRACE)
                group.cancel_scope.cancel()

            group.start_soon(run_stream)
            group.start_soon(self._keep_alive, send)
            if self.data_sender_callable is not None:
                group.start_soon(self.data_sender_callable)
            await self._listen_for_disconnect(receive, group.cancel_scope)
        self.active = False
        if completed and self.background is not None:
            await self.background()  # after the last byte; a failure reaches the server
