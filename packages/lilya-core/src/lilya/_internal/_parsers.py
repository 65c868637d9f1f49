"""Form body parsers: urlencoded and multipart (on python-multipart's streaming parser).

Both are linear in their input and bounded: field and file counts, the size of each non-file
part, part header counts and sizes are checked while the bytes arrive, and any malformed
input raises ``MultiPartException`` (turned into a 400 by ``Request.form()``).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import AsyncIterator
from typing import Any

import anyio
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from lilya._internal._form_data import DataUpload, FormData
from lilya._internal._headers import Header
from lilya._internal._limits import (
    DEFAULT_MAX_FIELDS,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_PART_SIZE,
    DEFAULT_SPOOL_MAX_SIZE,
    MAX_BOUNDARY_LENGTH,
    MAX_PART_HEADER_SIZE,
    MAX_PART_HEADERS,
)
from lilya._internal._query import parse_query_string
from lilya.exceptions import BadRequest

__all__ = [
    "MalformedForm",
    "MultiPartException",
    "MultiPartParser",
    "UrlencodedParser",
    "_user_safe_decode",
    "ascii_compatible",
    "check_charset",
    "parse_urlencoded",
]


class MultiPartException(Exception):
    """A form body is malformed or over a limit; the message is safe to show the client."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class MalformedForm(BadRequest, MultiPartException):
    """What ``request.form()`` raises: a 400 for the client, and the ``MultiPartException`` that
    code written for Lilya 0.29 catches around a form outside an application."""

    def __init__(self, message: str) -> None:
        BadRequest.__init__(self, detail=message)
        self.message = message


def _user_safe_decode(src: bytes, codec: str) -> str:
    """Decode client bytes with ``codec``; an unknown codec or invalid bytes never raise
    (fall back to UTF-8 with replacement characters)."""
    try:
        return src.decode(codec)
    except (UnicodeError, LookupError):  # UnicodeError: also codecs like "undefined" that always fail
        return src.decode("utf-8", "replace")


def check_charset(charset: str) -> str:
    """The canonical codec name, or ``MultiPartException`` for a charset Python cannot decode."""
    try:
        return codecs.lookup(charset).name
    except (LookupError, ValueError):
        raise MultiPartException(f"Unknown charset: {charset[:40]!r}.") from None


def _decoded_size(raw: bytes) -> int:
    """Bytes ``raw`` decodes to: each ``%XX`` is one byte (a malformed escape counts low, which
    only delays the refusal to the end of the field, where the decoded value is checked)."""
    return len(raw) - 2 * raw.count(b"%") if raw else 0


def ascii_compatible(charset: str) -> bool:
    """Whether the separators of a urlencoded body are single ASCII bytes in ``charset``."""
    try:
        return "&=%+".encode(charset) == b"&=%+"
    except (LookupError, UnicodeError):
        return False


_FIELD = re.compile(b"[^&]+")


class UrlencodedParser:
    """Parses ``a=1&b=2`` as the body streams, holding only the unfinished field.

    Complete fields are decoded as they arrive; the unfinished one is measured while it grows,
    so a body with one huge value is refused after about ``max_part_size`` bytes, not after the
    whole body sat in memory. ``;`` is data, not a separator; empty fields do not count.
    """

    __slots__ = ("_charset", "_fields", "_max_fields", "_max_part_size", "_name_done", "_pending", "_sizes", "pairs")

    def __init__(
        self, *, charset: str = "utf-8", max_fields: int | float = DEFAULT_MAX_FIELDS, max_part_size: int
    ) -> None:
        self._charset = charset
        self._max_fields = max_fields
        self._max_part_size = max_part_size
        self._fields = 0
        self._pending = bytearray()
        self._name_done = False
        self._sizes = [0, 0]  # decoded bytes of the unfinished field's name and value
        self.pairs: list[tuple[str, str]] = []

    def feed(self, chunk: bytes) -> None:
        last = chunk.rfind(b"&")
        if last == -1:
            self._grow(chunk)
            return
        complete = bytes(self._pending) + chunk[:last] if self._pending else chunk[:last]
        self._pending = bytearray()
        self._name_done = False
        self._sizes = [0, 0]
        self._add(complete)
        self._grow(chunk[last + 1 :])

    def finish(self) -> FormData:
        if self._pending:
            self._add(bytes(self._pending))
            self._pending = bytearray()
        form: FormData = FormData._from_list(self.pairs)
        return form

    def _grow(self, data: bytes) -> None:
        """Append to the unfinished field; refuse it as soon as its name or value is too big."""
        if not data:
            return
        if self._name_done:
            self._sizes[1] += _decoded_size(data)
        else:
            name, equals, value = data.partition(b"=")
            self._sizes[0] += _decoded_size(name)
            if equals:
                self._name_done = True
                self._sizes[1] += _decoded_size(value)
        if max(self._sizes) > self._max_part_size:
            raise self._too_big()
        self._pending += data

    def _add(self, raw: bytes) -> None:
        """Decode the complete fields in ``raw`` (``&``-separated) after checking count and sizes.

        Fields are measured in place (no slice per field): a flood of tiny fields stops at the
        limit instead of becoming a million objects first.
        """
        count, limit = self._fields, self._max_fields
        for field in _FIELD.finditer(raw):  # non-empty fields only; runs of "&" are skipped in C
            count += 1
            if count > limit:
                raise MultiPartException(f"Too many fields. Maximum number of fields is {limit}.")
            start, end = field.span()
            equals = raw.find(b"=", start, end)
            middle = end if equals == -1 else equals
            name = middle - start - 2 * raw.count(b"%", start, middle)
            value = 0 if equals == -1 else end - equals - 1 - 2 * raw.count(b"%", equals, end)
            if max(name, value) > self._max_part_size:
                raise self._too_big()
        self._fields = count
        text = raw.decode("utf-8", "replace") if self._charset == "utf-8" else _user_safe_decode(raw, self._charset)
        self.pairs.extend(parse_query_string(text, max_fields=None if limit == float("inf") else int(limit)))

    def _too_big(self) -> MultiPartException:
        return MultiPartException(f"Field exceeded maximum size of {self._max_part_size // 1024}KB.")


def parse_urlencoded(
    body: bytes,
    *,
    charset: str = "utf-8",
    max_fields: int | float = DEFAULT_MAX_FIELDS,
    max_part_size: int = DEFAULT_MAX_PART_SIZE,
) -> FormData:
    """``a=1&b=2`` → ``FormData`` from a body already in memory (see ``UrlencodedParser``)."""
    if charset != "utf-8" and not ascii_compatible(charset):  # UTF-16 and friends: "&" is not b"&"
        body, charset = _user_safe_decode(body, charset).encode("utf-8"), "utf-8"
    if len(body) <= max_part_size:  # no field can be over the limit: one pass over the text
        if not body:
            return FormData()
        text = body.decode("utf-8", "replace") if charset == "utf-8" else _user_safe_decode(body, charset)
        try:
            pairs = parse_query_string(text, max_fields=None if max_fields == float("inf") else int(max_fields))
        except ValueError as exc:
            raise MultiPartException(str(exc)) from None
        form: FormData = FormData._from_list(pairs)
        return form
    parser = UrlencodedParser(charset=charset, max_fields=max_fields, max_part_size=max_part_size)
    parser.feed(body)
    return parser.finish()


class MultiPartParser:
    """Streams a ``multipart/form-data`` body into a ``FormData``."""

    def __init__(
        self,
        headers: Header,
        stream: AsyncIterator[bytes],
        *,
        max_files: int | float = DEFAULT_MAX_FILES,
        max_fields: int | float = DEFAULT_MAX_FIELDS,
        max_part_size: int = DEFAULT_MAX_PART_SIZE,
        spool_max_size: int = DEFAULT_SPOOL_MAX_SIZE,
    ) -> None:
        self.headers = headers
        self.stream = stream
        self.max_files = max_files
        self.max_fields = max_fields
        self.max_part_size = max_part_size
        self.spool_max_size = spool_max_size
        self.items: list[tuple[str, Any]] = []
        self._files = 0
        self._fields = 0
        self._ended = False
        self._charset = "utf-8"
        # State of the part being read.
        self._header_field = bytearray()
        self._header_value = bytearray()
        self._part_headers: list[tuple[bytes, bytes]] = []
        self._name = ""
        self._data = bytearray()
        self._upload: DataUpload | None = None
        self._pending: list[tuple[DataUpload, bytes]] = []
        self._uploads: list[DataUpload] = []

    # -- python-multipart callbacks (synchronous) -------------------------------------------
    def on_part_begin(self) -> None:
        self._part_headers = []
        self._data = bytearray()
        self._upload = None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._part_headers.append((bytes(self._header_field).lower(), bytes(self._header_value)))
        self._header_field = bytearray()
        self._header_value = bytearray()

    def on_headers_finished(self) -> None:
        disposition = b""
        for key, value in self._part_headers:
            if key == b"content-disposition":
                disposition = value
                break
        _, options = parse_options_header(disposition)
        name = options.get(b"name")
        if not name:
            raise MultiPartException('The Content-Disposition header field "name" must be provided.')
        self._name = _user_safe_decode(name, self._charset)
        if b"filename" in options:
            self._files += 1
            if self._files > self.max_files:
                raise MultiPartException(f"Too many files. Maximum number of files is {self.max_files}.")
            upload = DataUpload(
                file=anyio.SpooledTemporaryFile(max_size=self.spool_max_size),
                size=0,
                filename=_user_safe_decode(options[b"filename"], self._charset),
                headers=Header(self._part_headers),
            )
            self._upload = upload
            self._uploads.append(upload)
        else:
            self._fields += 1
            if self._fields > self.max_fields:
                raise MultiPartException(f"Too many fields. Maximum number of fields is {self.max_fields}.")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._upload is not None:
            self._pending.append((self._upload, bytes(data[start:end])))
            return
        self._data += data[start:end]
        if len(self._data) > self.max_part_size:
            raise MultiPartException(f"Part exceeded maximum size of {self.max_part_size // 1024}KB.")

    def on_part_end(self) -> None:
        if self._upload is not None:
            self.items.append((self._name, self._upload))
        else:
            self.items.append((self._name, _user_safe_decode(bytes(self._data), self._charset)))

    def on_end(self) -> None:
        self._ended = True

    # -- driving ------------------------------------------------------------------------------
    def _make_parser(self) -> MultipartParser:
        content_type, params = parse_options_header(self.headers.get("content-type", ""))
        charset = params.get(b"charset")
        if charset:
            self._charset = check_charset(charset.decode("latin-1"))
        boundary = params.get(b"boundary")
        if not boundary:
            raise MultiPartException("Missing boundary in multipart.")
        if len(boundary) > MAX_BOUNDARY_LENGTH:
            raise MultiPartException("Multipart boundary is too long.")
        callbacks: Any = {
            "on_part_begin": self.on_part_begin,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_end": self.on_end,
        }
        return MultipartParser(
            boundary,
            callbacks,
            max_header_count=MAX_PART_HEADERS,
            max_header_size=MAX_PART_HEADER_SIZE,
        )

    async def _flush(self) -> None:
        pending, self._pending = self._pending, []
        for upload, chunk in pending:
            await upload.write(chunk)

    async def parse(self) -> FormData:
        """Consume the stream; on any failure every temporary file created so far is closed."""
        try:
            parser = self._make_parser()
            async for chunk in self.stream:
                if chunk:
                    parser.write(chunk)
                    await self._flush()
            parser.finalize()
            if not self._ended:
                raise MultiPartException("Multipart body is truncated: the closing boundary is missing.")
            for upload in self._uploads:
                await upload.seek(0)
        except FormParserError as exc:
            await self._close_uploads()
            raise MultiPartException(f"Malformed multipart body: {exc}") from None
        except BaseException:
            await self._close_uploads()
            raise
        finally:
            # An abandoned async generator must be closed here, not by the garbage collector
            # (trio refuses that).
            aclose = getattr(self.stream, "aclose", None)
            if aclose is not None:
                await aclose()
        form: FormData = FormData._from_list(self.items)
        return form

    async def _close_uploads(self) -> None:
        for upload in self._uploads:
            await upload.close()
