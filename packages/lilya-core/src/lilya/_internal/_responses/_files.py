"""File responses: ``Content-Disposition``, files from disk with validators and byte ranges.

``FileResponse`` answers ``Range`` requests (single range → ``Content-Range``; several →
``multipart/byteranges`` when ``range_multipart_boundary`` is enabled), honours ``If-Range`` (ETag
or Last-Modified), answers 416 itself for a range past the end, and sends only headers for ``HEAD``.

A multi-range body is framed as Lilya 0.29 frames it, message for message: each part is one
sub-header message (``--boundary``, ``content-type``, ``content-range``, LF line ends, a blank
line) followed by the range's bytes, and an empty last message ends the body (no closing
delimiter). Unlike Lilya, ``Content-Length`` counts the sub-headers too: a server never sends
more than the advertised length, so counting the ranges alone would break the response.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import warnings
from collections.abc import Mapping, Sequence
from email.utils import formatdate
from io import FileIO
from mimetypes import guess_type
from typing import IO, TYPE_CHECKING, Any, cast
from urllib.parse import quote

import anyio
import anyio.to_thread

from lilya._internal._responses._base import (
    _BODYLESS_METHODS,
    Encoder,
    Response,
    _make_encoders,
    require_magic,
)
from lilya._internal._responses._streaming import StreamingResponse
from lilya.compat import md5_hexdigest
from lilya.enums import MediaType
from lilya.exceptions import ContentRangeNotSatisfiable
from lilya.ranges import ContentRanges, Range, parse_served_ranges
from lilya.types import Receive, Scope, Send

if TYPE_CHECKING:
    from lilya.background import Task

__all__ = ["DispositionResponse", "FileResponse", "ImageResponse", "SimpleFileResponse"]

# More ranges than this in one request are ignored (whole file sent): they cost the server more
# than they save the client.
MAX_MULTIPART_RANGES = 5
_FOLD = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_PART_MEDIA_TYPE_JUNK = re.compile(r"[ \r\n]+")


def _request_header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers") or ():
        if isinstance(key, str):  # some servers and hand-built scopes use text names
            key = key.encode("latin-1")
        if key.lower() == name:
            return value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return ""


def _unfold(media_type: str) -> str:
    """A media type folded over lines (``"text/plain; \n charset=utf-8"``) on one line: the line
    break and the blanks around it go, so it never breaks a header or a multipart subheader."""
    return _FOLD.sub("", media_type) if ("\n" in media_type or "\r" in media_type) else media_type


class DispositionResponse(Response):
    """A response with a ``Content-Disposition`` built from ``filename``/``content_disposition_type``."""

    def __init__(
        self,
        *,
        filename: str | None = None,
        content_disposition_type: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.filename = filename
        self.content_disposition_type = content_disposition_type
        super().__init__(**kwargs)

    @staticmethod
    def make_content_disposition_header(*, content_disposition_type: str | None, filename: str | None) -> str | None:
        if content_disposition_type == "inline":
            return "inline"
        if content_disposition_type not in (None, "attachment"):
            return None
        if filename is None:
            return None if content_disposition_type is None else "attachment"
        quoted = quote(filename)
        if quoted != filename:
            return f"attachment; filename*=utf-8''{quoted}"
        return f'attachment; filename="{filename}"'

    def make_headers(self, content_headers: Mapping[str, str] | dict[str, str] | None = None) -> None:
        super().make_headers(content_headers)
        disposition = self.make_content_disposition_header(
            content_disposition_type=self.content_disposition_type, filename=self.filename
        )
        if disposition is not None:
            self.headers.setdefault("content-disposition", disposition)


class FileResponse(DispositionResponse):
    chunk_size = 64 * 1024
    deduce_media_type_from_body: bool = False

    def __init__(
        self,
        path: str | os.PathLike[str] | FileIO,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        filename: str | None = None,
        stat_result: os.stat_result | None = None,
        method: str | None = None,
        content_disposition_type: str | None = None,
        encoders: Sequence[Encoder | type[Encoder]] | None = None,
        deduce_media_type_from_body: bool = False,
        allow_range_requests: bool = True,
        range_multipart_boundary: bool | str = False,
    ) -> None:
        if method:
            warnings.warn('"method" parameter is obsolete. It is now automatically deduced.', stacklevel=2)
        try:
            self.path = os.fspath(cast(Any, path))
        except TypeError:
            self.path = cast(FileIO, path).name
        closer = getattr(path, "aclose", None) or getattr(path, "close", None)
        if closer is not None:
            self.cleanup_handler = closer
        self.deduce_media_type_from_body = deduce_media_type_from_body
        self.status_code = status_code
        self.allow_range_requests = allow_range_requests
        self.range_multipart_boundary: bool | str = range_multipart_boundary if allow_range_requests else False
        self.content_disposition_type = content_disposition_type
        self.filename = filename
        self.media_type = _unfold(media_type) if media_type is not None else self.find_media_type()
        self.background = background
        self.encoders = _make_encoders(encoders)
        self.make_headers(headers)
        if allow_range_requests:
            self.headers["accept-ranges"] = "bytes"
        self.stat_result = stat_result
        if stat_result is not None:
            self.set_stat_headers(stat_result)

    def find_media_type(self) -> str:
        if self.deduce_media_type_from_body:
            return cast(str, require_magic().from_file(self.path, mime=True))
        return guess_type(self.filename or self.path)[0] or MediaType.OCTET

    def make_boundary(self) -> str:
        return secrets.token_hex(16)

    def set_stat_headers(self, stat_result: os.stat_result) -> None:
        headers = self.headers
        headers.setdefault("content-length", str(stat_result.st_size))
        headers.setdefault("last-modified", formatdate(stat_result.st_mtime, usegmt=True))
        etag_base = f"{stat_result.st_mtime}-{stat_result.st_size}"
        headers.setdefault("etag", f'"{md5_hexdigest(etag_base.encode(), usedforsecurity=False)}"')

    def check_if_range(self, scope: Scope) -> bool:
        """``If-Range`` absent, or equal to our ETag or Last-Modified: ranges may be served."""
        if_range = _request_header(scope, b"if-range").strip()
        if not if_range:
            return True
        etag = self.headers.get("etag")
        # Lilya 0.29 sends its ETag unquoted: a client echoing that form matches too (strong only).
        return if_range in (etag, self.headers.get("last-modified")) or (etag is not None and f'"{if_range}"' == etag)

    def get_content_ranges_and_multipart(self, scope: Scope, /, **kwargs: Any) -> tuple[ContentRanges | None, bool]:
        range_header = _request_header(scope, b"range")
        if not range_header:
            return None, False
        kwargs.setdefault("max_values", int(self.headers["content-length"]) - 1)
        kwargs.setdefault("max_ranges", MAX_MULTIPART_RANGES if self.range_multipart_boundary else 1)
        kwargs.setdefault("enforce_asc", False)
        content_ranges = parse_served_ranges(range_header, **kwargs)
        if content_ranges is None or not content_ranges.ranges:
            return None, False
        return content_ranges, len(content_ranges.ranges) > 1

    def _part_header(self, boundary: str, span: Range, full_size: int) -> bytes:
        """One part's sub-header as Lilya sends it; the media type loses its blanks and line
        breaks so that it stays on its line."""
        media_type = _PART_MEDIA_TYPE_JUNK.sub("", self.media_type or MediaType.OCTET)
        return (
            f"--{boundary}\ncontent-type: {media_type}\n"
            f"content-range: bytes {span.start}-{span.stop}/{full_size}\n\n"
        ).encode()

    def set_range_headers(
        self,
        scope: Scope,
        *,
        provided_ranges_and_multipart: tuple[ContentRanges | None, bool] | None = None,
    ) -> ContentRanges | None:
        content_ranges, multipart = provided_ranges_and_multipart or self.get_content_ranges_and_multipart(scope)
        if content_ranges is None or (multipart and not self.range_multipart_boundary):
            return None
        full_size = content_ranges.max_value + 1
        if multipart:
            if self.range_multipart_boundary is True:
                self.range_multipart_boundary = self.make_boundary()
            boundary = cast(str, self.range_multipart_boundary)
            length = content_ranges.size
            for span in content_ranges.ranges:
                length += len(self._part_header(boundary, span, full_size))
            self.headers["content-type"] = f"multipart/byteranges; boundary={boundary}"
            self.headers["content-length"] = str(length)
        else:
            span = content_ranges.ranges[0]
            self.headers["content-range"] = f"bytes {span.start}-{span.stop}/{full_size}"
            self.headers["content-length"] = str(content_ranges.size)
        self.status_code = 206
        return content_ranges

    async def _send_unsatisfiable(self, send: Send, exc: ContentRangeNotSatisfiable) -> None:
        body = b"Range Not Satisfiable"
        headers = [
            (b"content-range", f"{exc.unit} */{exc.size}".encode("latin-1")),
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode("latin-1")),
        ]
        await send({"type": "http.response.start", "status": 416, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _send_file(
        self,
        send: Send,
        file: Any,
        ranges: list[Range],
        boundary: str | None,
        full_size: int,
        zerocopy: bool = False,
    ) -> None:
        """Send the ``ranges`` of ``file``; with the server's ``zerocopysend`` extension the server
        reads them from the descriptor (``count`` bytes from the current position) itself."""
        async with file:
            for index, span in enumerate(ranges):
                await file.seek(span.start)
                if boundary is not None:
                    await send(
                        {
                            "type": "http.response.body",
                            "body": self._part_header(boundary, span, full_size),
                            "more_body": True,
                        }
                    )
                remaining = span.stop - span.start + 1
                while zerocopy and remaining > 0:
                    count = min(self.chunk_size, remaining)
                    remaining -= count
                    last = remaining <= 0 and boundary is None and index == len(ranges) - 1
                    await send(
                        {
                            "type": "http.response.zerocopysend",
                            "file": file.wrapped.fileno(),
                            "count": count,
                            "more_body": not last,
                        }
                    )
                while remaining > 0:
                    chunk = await file.read(min(self.chunk_size, remaining))
                    if not chunk:
                        raise RuntimeError(f"File at path {self.path} shrank while it was being sent.")
                    remaining -= len(chunk)
                    last = remaining <= 0 and boundary is None and index == len(ranges) - 1
                    await send({"type": "http.response.body", "body": chunk, "more_body": not last})
            if boundary is not None:
                await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.stat_result is None:
            try:
                stat_result = await anyio.to_thread.run_sync(os.stat, self.path)
            except FileNotFoundError:
                raise RuntimeError(f"File at path {self.path} does not exist.") from None
            if not stat.S_ISREG(stat_result.st_mode):
                raise RuntimeError(f"File at path {self.path} is not a file.")
            self.stat_result = stat_result
            self.set_stat_headers(stat_result)
        header_only = scope.get("method", "GET").upper() in _BODYLESS_METHODS
        content_ranges: ContentRanges | None = None
        try:
            if not header_only and self.allow_range_requests and self.check_if_range(scope):
                try:
                    content_ranges = self.set_range_headers(scope)
                except ContentRangeNotSatisfiable as exc:
                    await self._send_unsatisfiable(send, exc)
                    return
            size = int(self.headers["content-length"]) if content_ranges is None else content_ranges.max_value + 1
            if header_only or size == 0:
                await send(self.message(""))
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            elif content_ranges is None and "http.response.pathsend" in scope.get("extensions", {}):
                await send(self.message(""))
                await send({"type": "http.response.pathsend", "path": self.path})
            else:
                # Open before the start message: a file gone since stat() fails while a clean
                # error response can still be sent, never as a half-sent 200.
                file = await anyio.open_file(self.path, mode="rb")
                await send(self.message(""))
                zerocopy = "http.response.zerocopysend" in scope.get("extensions", {})
                if content_ranges is None:
                    await self._send_file(send, file, [Range(0, size - 1)], None, size, zerocopy)
                else:
                    boundary = cast(str, self.range_multipart_boundary) if len(content_ranges.ranges) > 1 else None
                    await self._send_file(send, file, content_ranges.ranges, boundary, size, zerocopy)
        finally:
            if self.cleanup_handler is not None:
                await self.execute_cleanup_handler()
        if self.background is not None and not header_only:
            await self.background()  # after the last byte; a failure reaches the server


class SimpleFileResponse(Response):
    """Picks the right response for the content: a path → ``FileResponse``, bytes → an in-memory
    response (media type sniffed by python-magic unless given), a file object → a stream."""

    def __new__(  # type: ignore[misc]
        cls,
        content: bytes | memoryview | os.PathLike[str] | str | IO[bytes] | FileIO,
        *,
        filename: str | None = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
        content_disposition_type: str = "inline",
        deduce_media_type_from_body: bool | None = None,
        allow_range_requests: bool = True,
        range_multipart_boundary: bool | str = False,
    ) -> Response:
        # What the file and the in-memory response take alike.
        common: dict[str, Any] = {
            "filename": filename,
            "status_code": status_code,
            "headers": headers,
            "media_type": media_type,
            "background": background,
            "content_disposition_type": content_disposition_type,
        }
        if isinstance(content, str) or hasattr(content, "__fspath__") or getattr(content, "name", None):
            return FileResponse(
                path=cast(Any, content),
                deduce_media_type_from_body=bool(deduce_media_type_from_body),
                allow_range_requests=allow_range_requests,
                range_multipart_boundary=range_multipart_boundary,
                **common,
            )
        if isinstance(content, (bytes, memoryview)):
            sniff = True if deduce_media_type_from_body is None else deduce_media_type_from_body
            return DispositionResponse(content=content, deduce_media_type_from_body=sniff, **common)
        disposition = DispositionResponse.make_content_disposition_header(
            content_disposition_type=content_disposition_type, filename=filename
        )
        merged = dict(headers or {})
        if disposition is not None:
            merged.setdefault("content-disposition", disposition)
        response = StreamingResponse(
            content=cast(Any, content),
            status_code=status_code,
            headers=merged,
            media_type=media_type,
            background=background,
        )
        response.cleanup_handler = getattr(content, "aclose", None) or getattr(content, "close", None)
        return response


ImageResponse = SimpleFileResponse
