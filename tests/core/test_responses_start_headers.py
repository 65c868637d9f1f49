"""The start message of file and streaming responses: a list of byte pairs that reads by name too.

Servers take the list as it is (the real-server streaming and file tests send it through uvicorn).
"""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

from lilya.responses import FileResponse, StreamingResponse
from tests.core._output_support import run_raw


@pytest.mark.anyio
@pytest.mark.parametrize(
    "extensions", [{}, {"http.response.pathsend": {}}, {"http.response.zerocopysend": {}}], ids=["plain", "path", "fd"]
)
async def test_a_file_responses_start_headers_read_by_name(tmp_path: pathlib.Path, extensions: dict[str, Any]) -> None:
    path = tmp_path / "photo"
    path.write_bytes(b"\x89PNG" * 10)
    messages = await run_raw(
        FileResponse(path, filename="holiday.png"),
        {"type": "http", "method": "GET", "path": "/", "headers": [], "extensions": extensions},
    )
    headers = messages[0]["headers"]
    assert headers["content-type"] == "image/png"
    assert headers["Content-Disposition"] == 'attachment; filename="holiday.png"'
    assert headers.get("content-length") == "40"
    assert "ETag" in headers and "x-missing" not in headers
    assert headers.get("x-missing") is None and headers.get("x-missing", "none") == "none"
    with pytest.raises(KeyError):
        headers["x-missing"]
    # and it is the ASGI list every server and middleware expects
    assert isinstance(headers, list)
    assert all(isinstance(name, bytes) and isinstance(value, bytes) for name, value in headers)
    assert (b"content-type", b"image/png") in headers
    assert headers[0] == next(iter(headers)) and headers[:1] == [headers[0]]


@pytest.mark.anyio
async def test_a_streaming_responses_start_headers_read_by_name() -> None:
    messages = await run_raw(StreamingResponse(iter([b"a"]), media_type="text/plain", headers={"X-Trace": "7"}))
    headers = messages[0]["headers"]
    assert headers["x-trace"] == "7"
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert list(headers) == [(b"x-trace", b"7"), (b"content-type", b"text/plain; charset=utf-8")]
