"""static files and file responses: unsafe paths refused before the filesystem, ``..`` never
escapes (not even into a sibling sharing the prefix), OSErrors are 404, no listing; Range
requests are bounded and never amplify the body."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path as FSPath
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.responses import FileResponse, Response
from lilya.routing import Include, Path
from lilya.staticfiles import StaticFiles

from ._raw import call, http_scope

pytestmark = pytest.mark.anyio

CONTENT = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def tree(tmp_path: FSPath) -> FSPath:
    root = tmp_path / "static"
    (root / "sub").mkdir(parents=True)
    (root / "file.txt").write_bytes(CONTENT)
    (root / "sub" / "inner.txt").write_text("inner")
    sibling = tmp_path / "static-secret"
    sibling.mkdir()
    (sibling / "secret.txt").write_text("SECRET")
    (tmp_path / "outside.txt").write_text("SECRET")
    return root


@pytest.fixture
def app(tree: FSPath) -> Iterator[Any]:
    def send_file(request: Request) -> Response:
        return FileResponse(tree / "file.txt", range_multipart_boundary=True)

    yield Lilya(routes=[Include("/static", app=StaticFiles(directory=tree)), Path("/file", send_file)])


async def get(
    app: Any, path: str, raw_path: bytes | None = None, headers: list[tuple[bytes, bytes]] | None = None
) -> Any:
    return await call(app, http_scope(path, raw_path=raw_path, headers=headers or []))


async def test_a_file_is_served(app: Any) -> None:
    result = await get(app, "/static/file.txt")
    assert result.status == 200 and result.body == CONTENT


UNSAFE = [
    "/static/../outside.txt",
    "/static/sub/../../outside.txt",
    "/static/../static-secret/secret.txt",
    "/static/..%2fstatic-secret/secret.txt",
    "/static/%2e%2e/outside.txt",
    "/static/%252e%252e/outside.txt",
    "/static/..\\outside.txt",
    "/static/\\..\\outside.txt",
    "/static/file.txt\x00.png",
    "/static//etc/passwd",
    "/static///etc/passwd",
    "/static/C:/Windows/win.ini",
    "/static/C:\\Windows\\win.ini",
    "/static/\\\\server\\share\\x",
    "/static/sub/....//....//outside.txt",
]


@pytest.mark.parametrize("path", UNSAFE)
async def test_traversal_never_escapes(app: Any, path: str, tree: FSPath) -> None:
    result = await get(app, path)
    assert result.status == 404, (path, result.status)
    assert b"SECRET" not in result.body
    assert result.error is None


async def test_unsafe_paths_are_refused_before_the_filesystem(
    app: Any, monkeypatch: pytest.MonkeyPatch, tree: FSPath
) -> None:
    touched: list[str] = []
    real_stat = os.stat

    def spy(path: Any, *args: Any, **kwargs: Any) -> Any:
        touched.append(str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", spy)
    for path in ["/static/a\x00b", "/static/C:/x", "/static/..\\x", "/static//abs", "/static/\\\\unc\\x"]:
        result = await get(app, path)
        assert result.status == 404
    assert not [p for p in touched if "\x00" in p or "C:" in p or "\\" in p or p.endswith("/abs")]


@pytest.mark.parametrize(
    "path",
    ["/static/" + "a" * 5000, "/static/file.txt/x", "/static/file.txt/../file.txt/x", "/static/" + "a/" * 3000],
    ids=["ENAMETOOLONG", "ENOTDIR", "ENOTDIR2", "deep"],
)
async def test_os_errors_are_404(app: Any, path: str) -> None:
    result = await get(app, path)
    assert result.status == 404
    assert result.error is None


@pytest.mark.parametrize("path", ["/static/", "/static/sub/", "/static/sub"])
async def test_no_directory_listing(app: Any, path: str) -> None:
    result = await get(app, path)
    assert result.status in (404, 301, 307, 308)
    assert b"inner.txt" not in result.body


# -- Range ------------------------------------------------------------------------------------
def rng(value: bytes) -> list[tuple[bytes, bytes]]:
    return [(b"range", value)]


@pytest.mark.parametrize("path", ["/file", "/static/file.txt"])
async def test_single_range(app: Any, path: str) -> None:
    result = await get(app, path, headers=rng(b"bytes=10-19"))
    assert result.status == 206
    assert result.body == CONTENT[10:20]
    assert result.headers["content-range"] == f"bytes 10-19/{len(CONTENT)}"


@pytest.mark.parametrize(
    "value",
    [
        b"bytes=abc",
        b"bytes=-",
        b"bytes=5-1",
        b"bytes=1-2-3",
        b"bytes= 1 - 2 x",
        b"items=0-1",
        b"bytes=\xff-1",
        b"bytes",
    ],
)
async def test_malformed_range_is_ignored_or_416(app: Any, value: bytes) -> None:
    result = await get(app, "/file", headers=rng(value))
    assert result.status in (200, 416)
    if result.status == 200:
        assert result.body == CONTENT
    assert result.error is None


async def test_unsatisfiable_range_is_416(app: Any) -> None:
    result = await get(app, "/file", headers=rng(b"bytes=999999-"))
    assert result.status == 416
    assert result.headers["content-range"] == f"bytes */{len(CONTENT)}"


@pytest.mark.parametrize(
    "value", [b"bytes=" + b"9" * 100_000 + b"-", b"bytes=0-" + b"9" * 100_000, b"bytes=-" + b"9" * 100_000]
)
async def test_digit_bombs(app: Any, value: bytes) -> None:
    result = await get(app, "/file", headers=rng(value))
    assert result.status in (200, 206, 416)
    assert len(result.body) <= len(CONTENT)
    assert result.error is None


async def test_thousands_of_ranges_are_linear_and_bounded(app: Any) -> None:
    value = b"bytes=" + b",".join(b"%d-%d" % (i, i) for i in range(0, 10_000, 2)) + b"," * 100_000
    result = await get(app, "/file", headers=rng(value))
    assert result.status in (200, 206)
    assert len(result.body) <= 2 * len(CONTENT)


@pytest.mark.parametrize(
    "value",
    [
        b"bytes=" + b",".join([b"0-"] * 500),
        b"bytes=" + b",".join([b"0-10239"] * 50),
        b"bytes=0-5000,100-9000,200-10239",
    ],
)
async def test_overlapping_ranges_never_amplify(app: Any, value: bytes) -> None:
    result = await get(app, "/file", headers=rng(value))
    assert result.status in (200, 206)
    assert len(result.body) <= len(CONTENT) + 1024  # at most one copy plus multipart framing


@pytest.mark.parametrize(
    "headers",
    [
        [(b"if-modified-since", b"garbage")],
        [(b"if-modified-since", b"\xff\xfe")],
        [(b"if-modified-since", b"Mon, 99 Foo 99999 99:99:99 GMT")],
        [(b"if-modified-since", b"Mon, 01 Jan 0000 00:00:00 GMT")],
        [(b"if-modified-since", b"9" * 5000)],
        [(b"if-none-match", b", ".join([b'W/"x"'] * 100_000))],
        [(b"if-none-match", b'"' * 100_000)],
        [(b"if-range", b"garbage"), (b"range", b"bytes=0-1")],
        [(b"if-range", b"\xff"), (b"range", b"bytes=0-1")],
    ],
    ids=lambda h: repr(h[0][0] + b": " + h[0][1][:16]),
)
@pytest.mark.parametrize("path", ["/file", "/static/file.txt"])
async def test_malformed_conditional_headers_send_the_whole_file(
    app: Any, path: str, headers: list[tuple[bytes, bytes]]
) -> None:
    result = await get(app, path, headers=headers)
    assert result.status == 200
    assert result.body == CONTENT
    assert result.error is None
