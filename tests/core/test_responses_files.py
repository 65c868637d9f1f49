"""FileResponse (validators, ranges, multipart/byteranges, If-Range, 416, HEAD) and friends."""

from __future__ import annotations

import io
import os
import pathlib
from typing import Any

import httpx
import pytest

from lilya.exceptions import MissingDependency
from lilya.responses import DispositionResponse, FileResponse, ImageResponse, SimpleFileResponse, StreamingResponse
from tests._servers import running_server
from tests.conftest import TestClientFactory
from tests.core._output_support import as_app, body_of, http_scope, run_raw

DATA = bytes(range(256)) * 40  # 10240 bytes


@pytest.fixture
def data_file(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "data.bin"
    path.write_bytes(DATA)
    return path


def file_app(path: pathlib.Path, **kwargs: Any) -> Any:
    return as_app(lambda scope: FileResponse(path, **kwargs))


def test_serves_whole_file_with_validators(test_client_factory: TestClientFactory, data_file: pathlib.Path) -> None:
    response = test_client_factory(file_app(data_file, filename="report.bin")).get("/")
    assert response.status_code == 200
    assert response.content == DATA
    assert response.headers["content-length"] == str(len(DATA))
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"] == 'attachment; filename="report.bin"'
    assert response.headers["etag"].startswith('"') and response.headers["etag"].endswith('"')
    assert response.headers["last-modified"].endswith("GMT")


def test_media_type_from_name_and_non_ascii_filename(
    test_client_factory: TestClientFactory, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "page.html"
    path.write_text("<p>hi</p>")
    response = test_client_factory(file_app(path, filename="résumé.html", content_disposition_type="attachment")).get(
        "/"
    )
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-disposition"] == "attachment; filename*=utf-8''r%C3%A9sum%C3%A9.html"


def test_head_sends_headers_only(test_client_factory: TestClientFactory, data_file: pathlib.Path) -> None:
    response = test_client_factory(file_app(data_file)).head("/", headers={"range": "bytes=0-9"})
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(len(DATA))


@pytest.mark.parametrize(
    ("header", "start", "stop"),
    [("bytes=0-9", 0, 9), ("bytes=10000-", 10000, 10239), ("bytes=-5", 10234, 10239), ("bytes=100-999999", 100, 10239)],
)
def test_single_range(
    test_client_factory: TestClientFactory, data_file: pathlib.Path, header: str, start: int, stop: int
) -> None:
    response = test_client_factory(file_app(data_file)).get("/", headers={"range": header})
    assert response.status_code == 206
    assert response.content == DATA[start : stop + 1]
    assert response.headers["content-range"] == f"bytes {start}-{stop}/{len(DATA)}"
    assert response.headers["content-length"] == str(stop - start + 1)


def test_range_bigger_than_a_chunk(test_client_factory: TestClientFactory, tmp_path: pathlib.Path) -> None:
    big = os.urandom(200_000)
    path = tmp_path / "big.bin"
    path.write_bytes(big)
    response = test_client_factory(file_app(path)).get("/", headers={"range": "bytes=1000-150000"})
    assert response.content == big[1000:150001]


def test_several_ranges_without_multipart_serve_the_whole_file(
    test_client_factory: TestClientFactory, data_file: pathlib.Path
) -> None:
    response = test_client_factory(file_app(data_file)).get("/", headers={"range": "bytes=0-9,20-29"})
    assert response.status_code == 200
    assert response.content == DATA


def read_byteranges(content_type: str, body: bytes) -> list[tuple[str, str, bytes]]:
    """The parts of a Lilya-framed ``multipart/byteranges`` body as (content-type, content-range,
    bytes): each part is a ``--boundary`` line, LF-ended sub-headers, a blank line, then exactly
    as many bytes as its content-range names; nothing else may follow the last part."""
    boundary = content_type.split("boundary=", 1)[1].encode()
    parts = []
    while body:
        head, _, body = body.partition(b"\n\n")
        lines = head.split(b"\n")
        assert lines[0] == b"--" + boundary
        fields = dict(line.decode().split(": ", 1) for line in lines[1:])
        start, stop = map(int, fields["content-range"].removeprefix("bytes ").split("/")[0].split("-"))
        parts.append((fields["content-type"], fields["content-range"], body[: stop - start + 1]))
        body = body[stop - start + 1 :]
    return parts


def test_multiple_ranges_as_multipart_byteranges(
    test_client_factory: TestClientFactory, data_file: pathlib.Path
) -> None:
    client = test_client_factory(file_app(data_file, range_multipart_boundary=True))
    response = client.get("/", headers={"range": "bytes=0-9, 20-29, -3"})
    assert response.status_code == 206
    content_type = response.headers["content-type"]
    assert content_type.startswith("multipart/byteranges; boundary=")
    assert "content-range" not in response.headers
    # the length counts the sub-headers too: a server never sends past it
    assert response.headers["content-length"] == str(len(response.content))
    assert read_byteranges(content_type, response.content) == [
        ("application/octet-stream", "bytes 0-9/10240", DATA[0:10]),
        ("application/octet-stream", "bytes 20-29/10240", DATA[20:30]),
        ("application/octet-stream", "bytes 10236-10239/10240", DATA[10236:]),  # -3: Lilya's suffix, 4 bytes
    ]


@pytest.mark.anyio
@pytest.mark.parametrize(
    "extensions",
    [{}, {"http.response.pathsend": {}}, {"http.response.zerocopysend": {}, "http.response.pathsend": {}}],
    ids=["plain", "pathsend", "zerocopysend"],
)
async def test_multipart_message_sequence(data_file: pathlib.Path, extensions: dict[str, Any]) -> None:
    """Lilya's messages, one by one: per range a sub-header message then the range's bytes (read
    by the server itself under zerocopysend), and an empty message to end the body."""
    response = FileResponse(data_file, range_multipart_boundary="sep", media_type="text/plain; charset=latin-1")
    scope = http_scope(headers=[(b"range", b"bytes=5-9,100-102")], extensions=extensions)
    messages: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.zerocopysend":  # what the server does: read from the descriptor
            message = {**message, "body": os.read(message["file"], message["count"])}
            del message["file"], message["count"]
        messages.append(message)

    async def receive() -> dict[str, Any]:
        raise AssertionError("a file response never reads the request")

    await response(scope, receive, send)
    start, *body = messages
    headers = dict(start["headers"])
    assert start["status"] == 206
    assert headers[b"content-type"] == b"multipart/byteranges; boundary=sep"
    data_type = "http.response.zerocopysend" if "http.response.zerocopysend" in extensions else "http.response.body"
    expected: list[dict[str, Any]] = []
    for first, last in ((5, 9), (100, 102)):
        part = f"--sep\ncontent-type: text/plain;charset=latin-1\ncontent-range: bytes {first}-{last}/10240\n\n"
        expected.append({"type": "http.response.body", "body": part.encode(), "more_body": True})
        expected.append({"type": data_type, "body": DATA[first : last + 1], "more_body": True})
    expected.append({"type": "http.response.body", "body": b"", "more_body": False})
    assert body == expected
    assert int(headers[b"content-length"]) == sum(len(m["body"]) for m in expected)


def test_multipart_byteranges_arrive_whole_over_a_real_server(tmp_path: pathlib.Path) -> None:
    """uvicorn (h11) refuses to send more than the Content-Length it announced and httpx reads
    exactly that many bytes: a multi-range answer, one range bigger than a read chunk, arrives
    whole and the connection stays usable."""
    big = os.urandom(200_000)
    path = tmp_path / "big.bin"
    path.write_bytes(big)
    app = file_app(path, range_multipart_boundary=True)
    with running_server(app) as base, httpx.Client(base_url=base, timeout=10) as client:
        response = client.get("/", headers={"range": "bytes=0-99,1000-150999,-10"})
        assert response.status_code == 206
        assert response.headers["content-length"] == str(len(response.content))
        assert read_byteranges(response.headers["content-type"], response.content) == [
            ("application/octet-stream", "bytes 0-99/200000", big[:100]),
            ("application/octet-stream", "bytes 1000-150999/200000", big[1000:151000]),
            ("application/octet-stream", "bytes 199989-199999/200000", big[199989:]),
        ]
        assert client.get("/", headers={"range": "bytes=3-4"}).content == big[3:5]


def test_overlapping_ranges_never_amplify(test_client_factory: TestClientFactory, data_file: pathlib.Path) -> None:
    client = test_client_factory(file_app(data_file, range_multipart_boundary="fixed"))
    response = client.get("/", headers={"range": "bytes=0-5000,0-5000,100-200,4000-6000"})
    assert response.status_code == 206
    assert response.headers["content-range"] == "bytes 0-6000/10240"
    assert response.content == DATA[:6001]


def test_too_many_ranges_are_ignored(test_client_factory: TestClientFactory, data_file: pathlib.Path) -> None:
    client = test_client_factory(file_app(data_file, range_multipart_boundary=True))
    header = "bytes=" + ",".join(f"{i * 10}-{i * 10 + 1}" for i in range(1000))
    response = client.get("/", headers={"range": header})
    assert response.status_code == 200
    assert response.content == DATA


def test_range_past_the_end_is_416_with_content_range(
    test_client_factory: TestClientFactory, data_file: pathlib.Path
) -> None:
    response = test_client_factory(file_app(data_file)).get("/", headers={"range": "bytes=20000-"})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{len(DATA)}"


@pytest.mark.parametrize("header", ["bytes=abc", "bytes=5-1", "chunks=0-1", "bytes=" + "9" * 5000 + "-"])
def test_malformed_ranges_are_ignored(
    test_client_factory: TestClientFactory, data_file: pathlib.Path, header: str
) -> None:
    response = test_client_factory(file_app(data_file)).get("/", headers={"range": header})
    assert (response.status_code, response.content) == (200, DATA)


def test_if_range(test_client_factory: TestClientFactory, data_file: pathlib.Path) -> None:
    client = test_client_factory(file_app(data_file))
    etag = client.get("/").headers["etag"]
    last_modified = client.get("/").headers["last-modified"]
    assert client.get("/", headers={"range": "bytes=0-1", "if-range": etag}).status_code == 206
    assert client.get("/", headers={"range": "bytes=0-1", "if-range": last_modified}).status_code == 206
    stale = client.get("/", headers={"range": "bytes=0-1", "if-range": '"other"'})
    assert (stale.status_code, stale.content) == (200, DATA)


def test_ranges_can_be_disabled(test_client_factory: TestClientFactory, data_file: pathlib.Path) -> None:
    response = test_client_factory(file_app(data_file, allow_range_requests=False)).get(
        "/", headers={"range": "bytes=0-1"}
    )
    assert response.status_code == 200
    assert "accept-ranges" not in response.headers


@pytest.mark.anyio
async def test_empty_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    messages = await run_raw(FileResponse(path))
    assert messages[0]["status"] == 200
    assert body_of(messages) == b""


@pytest.mark.anyio
async def test_pathsend_extension_is_used_when_offered(data_file: pathlib.Path) -> None:
    messages = await run_raw(FileResponse(data_file), http_scope(extensions={"http.response.pathsend": {}}))
    assert messages[1] == {"type": "http.response.pathsend", "path": str(data_file)}


@pytest.mark.anyio
async def test_missing_file_and_directory_raise(tmp_path: pathlib.Path) -> None:
    with pytest.raises(RuntimeError, match="does not exist"):
        await run_raw(FileResponse(tmp_path / "nope"))
    with pytest.raises(RuntimeError, match="is not a file"):
        await run_raw(FileResponse(tmp_path))


def test_method_argument_is_obsolete(data_file: pathlib.Path) -> None:
    with pytest.warns(UserWarning, match="obsolete"):
        FileResponse(data_file, method="GET")


def test_simple_file_response_picks_the_right_response(data_file: pathlib.Path) -> None:
    assert isinstance(SimpleFileResponse(str(data_file)), FileResponse)
    assert isinstance(ImageResponse(data_file), FileResponse)
    in_memory = SimpleFileResponse(
        b"\x89PNG", media_type="image/png", filename="a.png", deduce_media_type_from_body=False
    )
    assert isinstance(in_memory, DispositionResponse)
    assert in_memory.headers["content-disposition"] == "inline"
    stream = SimpleFileResponse(io.BytesIO(b"abc"), media_type="text/plain")
    assert isinstance(stream, StreamingResponse)


def test_simple_file_response_streams_and_closes_file_objects(test_client_factory: TestClientFactory) -> None:
    buffer = io.BytesIO(b"streamed")
    response = test_client_factory(as_app(lambda scope: SimpleFileResponse(buffer, media_type="text/plain"))).get("/")
    assert response.content == b"streamed"
    assert buffer.closed


def test_body_sniffing_needs_python_magic(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from lilya.responses import require_magic

    require_magic.cache_clear()
    monkeypatch.setitem(sys.modules, "magic", None)
    try:
        with pytest.raises(MissingDependency, match="pip install python-magic"):
            SimpleFileResponse(b"\x89PNG\r\n\x1a\n")
    finally:
        require_magic.cache_clear()


GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def test_body_sniffing_with_python_magic(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(as_app(lambda scope: SimpleFileResponse(GIF, filename="pixel.gif"))).get("/")
    assert response.headers["content-type"] == "image/gif"
    assert response.headers["content-disposition"] == "inline"
    forced = DispositionResponse(content=b"%PDF-1.4\n", media_type="text/plain", deduce_media_type_from_body="force")
    assert forced.headers["content-type"] == "application/pdf"


def test_file_objects_are_served_by_name_and_closed(
    test_client_factory: TestClientFactory, data_file: pathlib.Path
) -> None:
    handle = io.FileIO(data_file, "rb")  # the response closes it
    response = test_client_factory(as_app(lambda scope: FileResponse(handle))).get("/", headers={"range": "bytes=0-3"})
    assert response.content == DATA[:4]
    assert handle.closed


@pytest.mark.anyio
async def test_file_gone_after_stat_fails_before_anything_is_sent(data_file: pathlib.Path) -> None:
    """The file is opened before the start message: a file removed after its stat() raises while
    a clean error response is still possible, instead of leaving a half-sent 200."""
    response = FileResponse(data_file, stat_result=os.stat(data_file))
    data_file.unlink()
    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    with pytest.raises(FileNotFoundError):
        await response(http_scope(), receive, send)
    assert sent == []


@pytest.mark.anyio
async def test_folded_media_type_is_unfolded_for_every_part(tmp_path: pathlib.Path) -> None:
    """A media type written over two lines never breaks a header or a multipart part header;
    ranges are honoured even when the scope names its headers as text."""
    path = tmp_path / "data.txt"
    path.write_bytes(b"0123456789" * 100)
    response = FileResponse(path, media_type="text/plain; \n charset=utf-8", range_multipart_boundary=True)
    scope = http_scope(headers=[("range", b"bytes=0-9,200-209")])  # type: ignore[list-item]
    messages = await run_raw(response, scope)
    assert messages[0]["status"] == 206
    part_types = [line for line in body_of(messages).split(b"\n") if line.lower().startswith(b"content-type:")]
    assert part_types == [b"content-type: text/plain;charset=utf-8"] * 2
