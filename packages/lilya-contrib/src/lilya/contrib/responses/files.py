"""``send_file``: a path or a binary file object as a download or an inline file."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from lilya.responses import Response, SimpleFileResponse

__all__ = ["send_file"]


def send_file(
    filename_or_fp: str | Path | IO[bytes],
    mimetype: str | None = None,
    as_attachment: bool = False,
    attachment_filename: str | None = None,
    max_age: int | None = None,
    deduce_media_type_from_body: None | bool = None,
) -> Response:
    """Send a file: ``as_attachment`` forces a download named ``attachment_filename`` (default: the
    file's name, or ``download`` for a file object); ``max_age`` sets a public Cache-Control."""
    headers: dict[str, str] = {}
    if max_age is not None:
        headers["Cache-Control"] = f"public, max-age={max_age}"
    if isinstance(filename_or_fp, (str, Path)):
        filename = attachment_filename or Path(filename_or_fp).name
    else:
        filename = attachment_filename or "download"
    return SimpleFileResponse(
        filename_or_fp,
        media_type=mimetype,
        filename=filename,
        headers=headers,
        content_disposition_type="attachment" if as_attachment else "inline",
        deduce_media_type_from_body=deduce_media_type_from_body,
    )
