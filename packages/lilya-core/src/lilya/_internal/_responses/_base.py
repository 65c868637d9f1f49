"""``Response``: status, headers and an in-memory body, sent as an ASGI app.

Work that depends only on the class (content-type bytes) is cached; a response builds its raw
header list once in ``__init__`` and sends it as is.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Awaitable, Callable, Generator, Mapping, Sequence
from contextvars import ContextVar
from datetime import datetime
from inspect import isawaitable, isclass
from typing import TYPE_CHECKING, Any, Literal, NoReturn, cast

from lilya._internal._encoders import ENCODER_TYPES, EncoderProtocol, MoldingProtocol, json_encode
from lilya._internal._helpers import HeaderHelper
from lilya._internal._responses._headers import (
    NamedRawHeaders,
    RawHeaders,
    encode_header_value,
    encode_pairs,
)
from lilya.datastructures import Header
from lilya.enums import MediaType
from lilya.exceptions import MissingDependency
from lilya.logging import logger
from lilya.types import Receive, Scope, Send

if TYPE_CHECKING:
    from lilya.background import Task

__all__ = [
    "RESPONSE_TRANSFORM_KWARGS",
    "Encoder",
    "Response",
    "logger",
    "require_magic",
]

Encoder = EncoderProtocol | MoldingProtocol

RESPONSE_TRANSFORM_KWARGS: ContextVar[dict[str, Any] | None] = ContextVar("RESPONSE_TRANSFORM_KWARGS", default=None)

_NO_NAMES: frozenset[bytes] = frozenset()
# content of these types is never awaitable: skip inspect.isawaitable for them
_PLAIN_CONTENT = frozenset({dict, list, str, bytes, int, float, bool, type(None), tuple})
_BODYLESS_METHODS = frozenset({"HEAD", "OPTIONS"})
_HTTP_MESSAGES = ("http.response.start", "http.response.body")
_WS_MESSAGES = ("websocket.http.response.start", "websocket.http.response.body")
# content-length values of small bodies, encoded once
_SMALL = 4096
_SMALL_LENGTHS: tuple[bytes, ...] = tuple(str(size).encode() for size in range(_SMALL))


@functools.lru_cache(1)
def require_magic() -> Any:
    """python-magic, imported on first use (it needs libmagic): only body sniffing needs it."""
    try:
        import magic  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise MissingDependency(
            "Deducing the media type from the body needs python-magic: pip install python-magic"
        ) from exc
    return magic


@functools.lru_cache(maxsize=256)
def _content_type_header(media_type: str | None, charset: str) -> bytes | None:
    content_type = HeaderHelper.get_content_type(charset=charset, media_type=media_type)
    return None if content_type is None else encode_header_value(content_type)


def _make_encoders(encoders: Sequence[Any] | None) -> list[Encoder]:
    if not encoders:
        return []
    return [cast(Encoder, encoder() if isclass(encoder) else encoder) for encoder in encoders]


class Response:
    """An ASGI app sending a status, headers and a body held in memory."""

    media_type: str | None = None
    status_code: int | None = None
    charset: str = "utf-8"
    passthrough_body_types: tuple[type, ...] = (bytes,)
    deduce_media_type_from_body: bool | Literal["force"] = False
    cleanup_handler: Callable[[], None | Awaitable[None]] | None = None
    async_content: Awaitable[Any] | None = None
    body: bytes
    _raw_headers: RawHeaders | None = None
    _headers: Header | None = None
    _last_content_type: tuple[str | None, str, bytes | None] | None = None

    def __init__(
        self,
        content: Any = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | Any | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        encoders: Sequence[Encoder | type[Encoder]] | None = None,
        passthrough_body_types: tuple[type, ...] | None = None,
        deduce_media_type_from_body: bool | Literal["force"] = False,
    ) -> None:
        if passthrough_body_types is not None:
            self.passthrough_body_types = passthrough_body_types
        if status_code is not None:
            self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        self.background = background
        self.cookies = cookies
        if deduce_media_type_from_body:
            self.deduce_media_type_from_body = deduce_media_type_from_body
        self.encoders: list[Encoder] = _make_encoders(encoders) if encoders else []
        if content.__class__ not in _PLAIN_CONTENT and isawaitable(content):
            self.async_content = content
        else:
            self.body = self.make_response(content)
            if self.deduce_media_type_from_body and (
                self.deduce_media_type_from_body == "force" or self.media_type is None
            ):
                self.media_type = self.find_media_type()
        self.make_headers(headers)

    # body
    @classmethod
    @contextlib.contextmanager
    def with_transform_kwargs(cls, params: dict[str, Any] | None, /) -> Generator[None, None, None]:
        """Within the block, non-bytes content is encoded with ``json_encode(**params)``."""
        token = RESPONSE_TRANSFORM_KWARGS.set(params)
        try:
            yield
        finally:
            RESPONSE_TRANSFORM_KWARGS.reset(token)

    @classmethod
    def transform(cls, content: Any) -> Any:
        return json_encode(content, **(RESPONSE_TRANSFORM_KWARGS.get() or {}))

    def _transform_params(self, post_transform_fn: Any) -> dict[str, Any]:
        params = dict(RESPONSE_TRANSFORM_KWARGS.get() or ())
        params.setdefault("post_transform_fn", post_transform_fn)
        if self.encoders:
            params["with_encoders"] = (*self.encoders, *(ENCODER_TYPES.get() or ()))
        return params

    def _to_bytes(self, content: Any) -> bytes | None:
        if isinstance(content, (bytearray, memoryview)) and not isinstance(content, self.passthrough_body_types):
            content = bytes(content)
        if isinstance(content, self.passthrough_body_types):
            return cast(bytes, content)
        if isinstance(content, str):
            return content.encode(self.charset)
        return None

    def make_response(self, content: Any) -> bytes:
        """Bytes of the body: bytes pass through, text is encoded, other values become JSON."""
        if content.__class__ is str and str not in self.passthrough_body_types:
            return content.encode(self.charset)  # the common case, before the general checks
        if content is None or content is NoReturn:
            return b""
        direct = self._to_bytes(content)
        if direct is not None:
            return direct
        if RESPONSE_TRANSFORM_KWARGS.get() is not None:
            # inside make_response(): primitives lose their JSON quotes, like Lilya does
            content = json_encode(content, **self._transform_params(_strip_quotes))
        elif not content:
            return b""
        else:
            content = json_encode(content, **self._transform_params(None))
        return self._to_bytes(content) or b""

    async def resolve_async_content(self) -> None:
        """Await a content awaitable given to the constructor, then finish the headers."""
        if self.async_content is None:
            return
        self.body = self.make_response(await self.async_content)
        self.async_content = None
        if self.deduce_media_type_from_body and (
            self.deduce_media_type_from_body == "force" or self.media_type is None
        ):
            self.media_type = self.find_media_type()
            content_type = HeaderHelper.get_content_type(charset=self.charset, media_type=self.media_type)
            if content_type is not None:
                self.headers["content-type"] = content_type
        if self.status_code is not None and HeaderHelper.has_body_message(self.status_code):
            self.headers.setdefault("content-length", str(len(self.body)))

    def find_media_type(self) -> str:
        magic = require_magic()
        return cast(str, magic.from_buffer(self.body[:2048], mime=True)) or self.media_type or MediaType.OCTET

    # headers
    def make_headers(self, content_headers: Mapping[str, str] | dict[str, str] | None = None) -> None:
        """Build the raw header list: given headers, then content-type and content-length."""
        status_code = self.status_code
        raw: RawHeaders
        names: frozenset[bytes] | set[bytes]
        if content_headers:
            if status_code is not None and HeaderHelper.has_entity_header_status(status_code):
                content_headers = HeaderHelper.remove_entity_headers(content_headers)
            pairs = (
                content_headers.multi_items() if hasattr(content_headers, "multi_items") else content_headers.items()
            )
            raw = encode_pairs(pairs)
            names = {name for name, _ in raw}
        else:
            raw, names = [], _NO_NAMES
        if status_code is None or (status_code >= 200 and status_code not in (204, 304)):
            body = getattr(self, "body", None)
            if body is not None or self.deduce_media_type_from_body != "force":
                # Identity check against the last (media_type, charset) this class encoded:
                # hashing a StrEnum media type for the lru_cache costs more than the rest.
                media_type, charset = self.media_type, self.charset
                last = self._last_content_type
                if last is not None and last[0] is media_type and last[1] is charset:
                    content_type = last[2]
                else:
                    content_type = _content_type_header(media_type, charset)
                    type(self)._last_content_type = (media_type, charset, content_type)
                if content_type is not None and b"content-type" not in names:
                    raw.append((b"content-type", content_type))
            if body is not None and b"content-length" not in names:
                size = len(body)
                raw.append((b"content-length", _SMALL_LENGTHS[size] if size < _SMALL else str(size).encode()))
        self._raw_headers = raw
        self._headers = None

    @property
    def raw_headers(self) -> RawHeaders:
        """The ASGI header list that will be sent (re-encoded after ``headers`` was touched)."""
        if self._headers is not None:
            return encode_pairs(self._headers.multi_items())
        return self._raw_headers or []

    @raw_headers.setter
    def raw_headers(self, value: RawHeaders) -> None:
        self._raw_headers = encode_pairs(value)
        self._headers = None

    @property
    def encoded_headers(self) -> RawHeaders:
        return self.raw_headers

    @property
    def headers(self) -> Header:
        """Mutable headers: ``response.headers["x"] = "y"`` changes what will be sent."""
        headers = self._headers
        if headers is None:
            headers = self._headers = Header(self._raw_headers or ())
            self._raw_headers = None
        return headers

    @headers.setter
    def headers(self, value: Mapping[str, str] | Header) -> None:
        self._raw_headers = None
        self._headers = value if isinstance(value, Header) else Header(value)

    def set_header(self, key: str, value: str) -> None:
        self.headers[key] = value

    def set_cookie(
        self,
        key: str,
        value: str = "",
        *,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        max_age: int | None = None,
        expires: datetime | str | int | None = None,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] = "lax",
    ) -> None:
        import http.cookies  # here: only a response that sets a cookie needs it

        cookie: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
        cookie[key] = value
        morsel = cookie[key]
        if max_age is not None:
            morsel["max-age"] = max_age
        if expires is not None:
            if isinstance(expires, datetime):
                from email.utils import format_datetime  # ~10 ms of import (socket, calendar): on first use

                expires = format_datetime(expires, usegmt=True)
            morsel["expires"] = expires
        if path is not None:
            morsel["path"] = path
        if domain is not None:
            morsel["domain"] = domain
        if secure:
            morsel["secure"] = True
        if httponly:
            morsel["httponly"] = True
        if samesite is not None:
            assert samesite.lower() in ("strict", "lax", "none"), "samesite must be either 'strict', 'lax' or 'none'"
            morsel["samesite"] = samesite
        self.headers.add("set-cookie", cookie.output(header="").strip())

    def delete_cookie(
        self,
        key: str,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] = "lax",
    ) -> None:
        self.set_cookie(
            key, max_age=0, expires=0, path=path, domain=domain, secure=secure, httponly=httponly, samesite=samesite
        )

    # sending
    def message(self, prefix: str) -> dict[str, Any]:
        """The start message of streaming and file responses (its headers can be read by name)."""
        return {
            "type": prefix + "http.response.start",
            "status": self.status_code,
            "headers": NamedRawHeaders(self.raw_headers),
        }

    async def execute_cleanup_handler(self) -> None:
        if self.cleanup_handler is None:
            return
        result = self.cleanup_handler()
        if isawaitable(result):
            await result

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        start_type, body_type = _WS_MESSAGES if scope["type"] == "websocket" else _HTTP_MESSAGES
        try:
            if self.async_content is not None:
                await self.resolve_async_content()
            headers = self._raw_headers
            if headers is None or self._headers is not None:
                headers = self.raw_headers
            await send({"type": start_type, "status": self.status_code, "headers": headers})
            await send({"type": body_type, "body": self.body})
        finally:
            if self.cleanup_handler is not None:
                await self.execute_cleanup_handler()
        if self.background is not None and scope.get("method", "GET").upper() not in _BODYLESS_METHODS:
            await self.background()  # after the last byte; a failure reaches the server

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(media_type={self.media_type}, status_code={self.status_code}, "
            f"charset={self.charset})"
        )


def _strip_quotes(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip('"')
    if isinstance(value, bytes):
        return value.strip(b'"')
    return value
