"""FileResponse with the server's zerocopysend extension, and If-Range with an unquoted ETag."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from lilya.responses import FileResponse


async def _run(response: FileResponse, scope: dict[str, Any]) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        if "file" in message:  # what a server does with zerocopysend: read count bytes from the descriptor
            message = {**message, "body": os.read(message["file"], message["count"])}
        sent.append(message)

    await response({"type": "http", "method": "GET", **scope}, None, send)  # type: ignore[arg-type]
    return sent


@pytest.mark.anyio
async def test_zerocopysend_hands_the_descriptor_to_the_server(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    content = bytes(range(256)) * 4
    path.write_bytes(content)
    response = FileResponse(path)
    response.chunk_size = 100
    sent = await _run(response, {"extensions": {"http.response.zerocopysend": {}}, "headers": []})
    parts = sent[1:]
    assert all(part["type"] == "http.response.zerocopysend" for part in parts)
    assert [part["more_body"] for part in parts] == [True] * (len(parts) - 1) + [False]
    assert b"".join(part["body"] for part in parts) == content


@pytest.mark.anyio
async def test_zerocopysend_serves_a_range(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    content = os.urandom(500)
    path.write_bytes(content)
    sent = await _run(
        FileResponse(path),
        {"extensions": {"http.response.zerocopysend": {}}, "headers": [(b"range", b"bytes=10-19")]},
    )
    assert sent[0]["status"] == 206
    assert b"".join(part["body"] for part in sent[1:]) == content[10:20]


@pytest.mark.anyio
async def test_if_range_matches_the_etag_quoted_or_not(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"x" * 100)
    etag = dict((k.decode(), v.decode()) for k, v in (await _run(FileResponse(path), {"headers": []}))[0]["headers"])[
        "etag"
    ]
    for if_range, status in ((etag, 206), (etag.strip('"'), 206), ("W/" + etag, 200), ("other", 200)):
        headers = [(b"range", b"bytes=0-9"), (b"if-range", if_range.encode())]
        assert (await _run(FileResponse(path), {"headers": headers}))[0]["status"] == status
