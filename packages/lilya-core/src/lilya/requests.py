"""The HTTP request: body streaming with size limits, JSON, forms, media type helpers.

The body limit (16 MiB unless the app/Include/Path or the call says otherwise) is enforced
while the body streams in - a declared ``Content-Length`` over the limit is refused before a
byte is read - and every malformed body becomes a 4xx, never a 500.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import sys
from collections.abc import AsyncGenerator, Callable
from types import ModuleType
from typing import Any

import anyio

from lilya._internal._connection import (
    SERVER_PUSH_HEADERS,
    ClientDisconnect,
    Connection,
    empty_receive,
    empty_send,
)
from lilya._internal._limits import (
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_MAX_FIELDS,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_PART_SIZE,
    MAX_BODY_SIZE_SCOPE_KEY,
)
from lilya.compat import AsyncResourceHandler
from lilya.datastructures import FormData
from lilya.exceptions import BadRequest, PayloadTooLarge
from lilya.serializers import serializer
from lilya.types import Message, Receive, Scope, Send

__all__ = ["ClientDisconnect", "Connection", "Request"]

# The form parsers (and python-multipart under them) load with the first form, not at import.
_PARSERS: ModuleType | None = None


def _load_parsers() -> ModuleType:
    global _PARSERS
    _PARSERS = importlib.import_module("lilya._internal._parsers")
    return _PARSERS

_UNSET: Any = object()
_MULTIPART = "multipart/form-data"
_URLENCODED = "application/x-www-form-urlencoded"
_JSON = "application/json"


def _bounded_int(text: str) -> int:
    # Only used when the interpreter's own digit limit is disabled.
    if len(text.lstrip("-")) > 4300:
        raise ValueError("Integer with too many digits")
    return int(text)


def _load_json(body: bytes) -> Any:
    """Parse JSON with the configured serializer (``lilya.serializers``); any client mistake
    (syntax, encoding, nesting, digit bombs) → 400."""
    loads = serializer.loads
    try:
        if loads is not json.loads:  # a custom backend (orjson, ...) set up by the user
            return loads(body)
        if sys.get_int_max_str_digits() == 0:
            return json.loads(body, parse_int=_bounded_int)
        return json.loads(body)
    except RecursionError:
        raise BadRequest(detail="Invalid JSON body: nested too deeply.") from None
    except UnicodeDecodeError:
        raise BadRequest(detail="Invalid JSON body: not valid UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise BadRequest(detail=f"Invalid JSON body: {exc.msg} at position {exc.pos}.") from None
    except ValueError:  # digit bombs: int() refuses huge literals
        raise BadRequest(detail="Invalid JSON body: number too large.") from None


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(detail=f"Request body is larger than the limit of {limit} bytes.")


class Request(Connection):
    """An HTTP request; the body is read at most once and cached."""

    _stored_receive_message: Message | None = None
    _stream_consumed = False
    _is_disconnected = False
    _json: Any = _UNSET
    _form: FormData | None = None
    _media: dict[str, Any] | None = None
    _cleanup_callbacks: list[Callable[[], Any]] | None = None

    def __init__(self, scope: Scope, receive: Receive = empty_receive, send: Send = empty_send) -> None:
        assert scope["type"] == "http", "Request needs an http scope"
        self.scope = scope
        self._receive = receive
        self._send = send
        self._body: bytes | None = scope.get("_body")

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(method={self.scope.get('method')!r}, path={self.scope.get('path')!r})"

    @property
    def method(self) -> str:
        method: str = self.scope["method"]
        return method

    # -- channels ---------------------------------------------------------------------------
    async def receive(self) -> Message:
        """The next ASGI message (a message peeked by ``sniff``/``is_disconnected`` first)."""
        message = self._stored_receive_message
        if message is not None:
            self._stored_receive_message = None
            return message
        return await self._receive()

    async def send(self, message: Message) -> None:
        await self._send(message)

    async def sniff(self) -> tuple[Message, bool]:
        """Peek at the next message (it is replayed by ``receive``); True when it carried the
        whole body, which is then cached."""
        if self._body is not None:
            # Already read (by an earlier handler that raised ContinueRouting, or by this request):
            # the server has nothing more to send, so waiting on ``receive`` would never return.
            return {"type": "http.request", "body": self._body, "more_body": False}, True
        message = await self.receive()
        self._stored_receive_message = message
        complete = False
        if message["type"] == "http.request" and not message.get("more_body", False) and message.get("body"):
            self._body = self.scope["_body"] = message["body"]
            self._stream_consumed = True
            complete = True
        return message, complete

    async def is_disconnected(self) -> bool:
        """Non-blocking: True once an ``http.disconnect`` arrived (other messages are kept)."""
        if not self._is_disconnected and self._stored_receive_message is None:
            message: Message | None = None
            with anyio.CancelScope() as scope:
                scope.cancel()
                message = await self.receive()
            if message:
                if message.get("type") == "http.disconnect":
                    self._is_disconnected = True
                else:
                    self._stored_receive_message = message
        return self._is_disconnected

    async def send_push_promise(self, path: str) -> None:
        """Ask an HTTP/2 server to push ``path`` (ignored when the server cannot push)."""
        if "http.response.push" not in self.scope.get("extensions", {}):
            return
        raw = [
            (name.encode("latin-1"), value.encode("latin-1"))
            for name in SERVER_PUSH_HEADERS
            for value in self.headers.get_all(name)
        ]
        await self.send({"type": "http.response.push", "path": path, "headers": raw})

    # -- media type -------------------------------------------------------------------------
    @property
    def media(self) -> dict[str, Any]:
        """The Content-Type parameters plus ``content_type`` (the lower-cased media type)."""
        if self._media is None:
            raw = self._raw_header(b"content-type")
            main, *params = raw.decode("latin-1").split(";") if raw else ("",)
            media: dict[str, Any] = {}
            for param in params:
                key, _, value = param.partition("=")
                key = key.strip().lower()
                if key:
                    media[key] = value.strip().strip('"')
            media["content_type"] = main.strip().lower()
            self._media = media
        return self._media

    @property
    def content_type(self) -> str:
        content_type: str = self.media["content_type"]
        return content_type

    @property
    def charset(self) -> str:
        charset: str = self.media.get("charset") or "utf-8"
        return charset

    @property
    def is_form(self) -> bool:
        return self.content_type in (_MULTIPART, _URLENCODED)

    @property
    def is_json(self) -> bool:
        return self.content_type == _JSON

    # -- body -------------------------------------------------------------------------------
    def _body_limit(self, max_size: Any) -> int | None:
        if max_size is not _UNSET:
            limit: int | None = max_size
            return limit
        scoped: int | None = self.scope.get(MAX_BODY_SIZE_SCOPE_KEY, DEFAULT_MAX_BODY_SIZE)
        return scoped

    def _check_declared_length(self, limit: int) -> None:
        declared = self._raw_header(b"content-length")
        if declared and len(declared) <= 20 and declared.isdigit() and int(declared) > limit:
            raise _too_large(limit)

    async def stream(self, *, max_size: int | None = _UNSET) -> AsyncGenerator[bytes, None]:
        """Yield the body in chunks (then ``b""``); 413 as soon as it passes the limit,
        ``ClientDisconnect`` if the client leaves first."""
        limit = self._body_limit(max_size)
        if self._body is not None:
            if limit is not None and len(self._body) > limit:
                raise _too_large(limit)
            yield self._body
            yield b""
            return
        if self._stream_consumed:
            raise RuntimeError("Stream consumed")
        if limit is not None:
            self._check_declared_length(limit)
        # Consumed once the last message arrived: two streams opened together share the messages
        # (each chunk goes to whichever asks first), as in Lilya and Starlette.
        received = 0
        while not self._stream_consumed:
            message = await self.receive()
            kind = message["type"]
            if kind == "http.request":
                chunk = message.get("body", b"")
                if not message.get("more_body", False):
                    self._stream_consumed = True
                if chunk:
                    received += len(chunk)
                    if limit is not None and received > limit:
                        raise _too_large(limit)
                    yield chunk
            elif kind == "http.disconnect":
                self._is_disconnected = True
                raise ClientDisconnect()
        yield b""

    async def body(self, *, max_size: int | None = _UNSET) -> bytes:
        """The whole body (cached). ``max_size`` overrides the limit for this call."""
        if self._body is not None:
            limit = self._body_limit(max_size)
            if limit is not None and len(self._body) > limit:
                raise _too_large(limit)
            return self._body
        # Same protocol as ``stream()``, inlined: no async generator per request.
        if self._stream_consumed:
            raise RuntimeError("Stream consumed")
        limit = self._body_limit(max_size)
        if limit is not None:
            self._check_declared_length(limit)
        self._stream_consumed = True
        buffer = bytearray()
        receive = self._receive
        message = self._stored_receive_message
        if message is None:
            message = await receive()
        else:
            self._stored_receive_message = None
        while True:
            if message["type"] == "http.request":
                chunk = message.get("body")
                if chunk:
                    buffer += chunk
                    if limit is not None and len(buffer) > limit:
                        raise _too_large(limit)
                if not message.get("more_body", False):
                    break
            elif message["type"] == "http.disconnect":
                self._is_disconnected = True
                raise ClientDisconnect()
            message = await receive()
        body = self._body = bytes(buffer)
        self.scope["_body"] = body
        return body

    async def json(self) -> Any:
        """The body parsed as JSON; ``None`` for an empty body; 400 (a ``ValueError``) if invalid."""
        if self._json is _UNSET:
            body = await self.body()
            self._json = _load_json(body) if body else None
        return self._json

    async def text(self) -> Any:
        """The body decoded with the request charset; 400 for an unknown charset or bad bytes."""
        body = await self.body()
        try:
            return body.decode(self.charset)
        except (LookupError, UnicodeError):  # UnicodeError: also codecs like "undefined" that always fail
            raise BadRequest(detail=f"Request body is not valid {self.charset[:40]} text.") from None

    async def data(self, *, raise_exception: bool = False) -> str | bytes | Any:
        """Form for form bodies, JSON for JSON, text otherwise; undecodable → raw bytes
        (or the 400 when ``raise_exception``)."""
        try:
            if self.is_form:
                return await self.form()
            if self.is_json:
                return await self.json()
            return await self.text()
        except ValueError:
            if raise_exception:
                raise
            return await self.body()

    # -- forms ------------------------------------------------------------------------------
    def form(
        self,
        *,
        max_files: int | float = DEFAULT_MAX_FILES,
        max_fields: int | float = DEFAULT_MAX_FIELDS,
        max_part_size: int = DEFAULT_MAX_PART_SIZE,
    ) -> AsyncResourceHandler[FormData]:
        """The parsed form; use ``await request.form()`` or ``async with request.form() as f``."""
        return AsyncResourceHandler(self._get_form(max_files, max_fields, max_part_size))

    async def _get_form(self, max_files: int | float, max_fields: int | float, max_part_size: int) -> FormData:
        if self._form is not None:
            return self._form
        content_type = self.content_type
        parsers = _PARSERS or _load_parsers()
        form: FormData
        try:
            if content_type == _MULTIPART:
                parser = parsers.MultiPartParser(
                    self.headers,
                    self.stream(),
                    max_files=max_files,
                    max_fields=max_fields,
                    max_part_size=max_part_size,
                )
                form = await parser.parse()
            elif content_type == _URLENCODED:
                charset = self.charset
                if charset != "utf-8":
                    charset = parsers.check_charset(charset)
                form = await self._parse_urlencoded(parsers, charset, max_fields, max_part_size)
            else:
                form = FormData()
        except parsers.MultiPartException as exc:
            raise parsers.MalformedForm(exc.message) from None
        self._form = form
        return form

    async def _parse_urlencoded(
        self, parsers: ModuleType, charset: str, max_fields: int | float, max_part_size: int
    ) -> FormData:
        """Parse while the body streams, so an oversized field is refused before the rest arrives.

        The raw body is kept as well (bounded by the body limit): ``body()`` still works after
        ``form()``, as it does for a body read first.
        """
        declared = self._raw_header(b"content-length")
        small = declared and len(declared) <= 20 and declared.isdigit() and int(declared) <= max_part_size
        if small or self._body is not None or (charset != "utf-8" and not parsers.ascii_compatible(charset)):
            # A body no larger than one field's limit cannot hold an oversized field: read it whole.
            return parsers.parse_urlencoded(  # type: ignore[no-any-return]
                await self.body(), charset=charset, max_fields=max_fields, max_part_size=max_part_size
            )
        parser = parsers.UrlencodedParser(charset=charset, max_fields=max_fields, max_part_size=max_part_size)
        raw = bytearray()
        async with contextlib.aclosing(self.stream()) as chunks:
            async for chunk in chunks:
                if chunk:
                    raw += chunk
                    parser.feed(chunk)
        body = self._body = bytes(raw)
        self.scope["_body"] = body
        return parser.finish()  # type: ignore[no-any-return]

    # -- cleanup ----------------------------------------------------------------------------
    def add_cleanup(self, fn: Callable[[], Any]) -> None:
        """Run ``fn`` (sync or async) when the request is closed."""
        if self._cleanup_callbacks is None:
            self._cleanup_callbacks = []
        self._cleanup_callbacks.append(fn)

    async def close(self) -> None:
        """Close the parsed form's uploads and run the cleanup callbacks."""
        if self._form is not None:
            await self._form.close()
        callbacks, self._cleanup_callbacks = self._cleanup_callbacks or [], None
        for fn in callbacks:
            result = fn()
            if inspect.isawaitable(result):
                await result
