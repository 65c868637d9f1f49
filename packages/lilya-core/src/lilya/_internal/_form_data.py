"""Parsed form bodies: ``DataUpload`` (alias ``UploadFile``), ``FormData``, ``FormMultiDict``.

Uploads live in an ``anyio.SpooledTemporaryFile``: small files stay in memory, larger ones
roll over to disk (the parser sets the threshold, 1 MiB by default), and every operation is
awaitable without blocking the event loop.
"""

from __future__ import annotations

from typing import Any

import anyio

from lilya._internal._headers import Header
from lilya._internal._multidict import ImmutableMultiDict, _pairs

__all__ = ["DataUpload", "FormData", "FormMultiDict", "UploadFile"]


class DataUpload:
    """An uploaded file: async ``read``/``write``/``seek``/``close`` plus its part headers."""

    def __init__(
        self,
        *,
        file: anyio.SpooledTemporaryFile[bytes],
        size: int | None = None,
        filename: str | None = None,
        headers: Header | None = None,
    ) -> None:
        self.file = file
        self.size = size
        self.filename = filename
        self.headers = headers if headers is not None else Header()

    @property
    def content_type(self) -> str | None:
        value: str | None = self.headers.get("content-type")
        return value

    async def write(self, data: bytes) -> None:
        if self.size is not None:
            self.size += len(data)
        await self.file.write(data)

    async def read(self, size: int = -1) -> bytes:
        return await self.file.read(size)

    async def seek(self, offset: int) -> None:
        await self.file.seek(offset)

    async def close(self) -> None:
        await self.file.aclose()

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}(filename={self.filename!r}, size={self.size!r}, "
            f"headers={self.headers!r})"
        )


UploadFile = DataUpload


async def _close_uploads(items: list[tuple[str, Any]]) -> None:
    for _, value in items:
        if isinstance(value, DataUpload):
            await value.close()


class FormMultiDict(ImmutableMultiDict[Any]):
    """An immutable form mapping that can release its uploads."""

    __slots__ = ()

    async def close(self) -> None:
        await _close_uploads(self._list)


class FormData(ImmutableMultiDict[Any]):
    """The result of ``request.form()``: field values are ``str``, files are ``DataUpload``."""

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._list = _pairs(args[0] if args else None, kwargs)
        self._index = None

    async def close(self) -> None:
        """Close every upload (deletes the temporary files of spooled ones)."""
        await _close_uploads(self._list)
