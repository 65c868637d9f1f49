"""StaticFiles: serving, validators, html mode, fall-through, and every path that must not escape."""

from __future__ import annotations

import os
import pathlib
from typing import Any

import pytest

from lilya.exceptions import ContinueRouting
from lilya.staticfiles import StaticFiles
from tests.conftest import TestClientFactory
from tests.core._output_support import http_scope, run_raw, with_error_handling


@pytest.fixture
def site(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "static"
    (root / "sub").mkdir(parents=True)
    (root / "hello.txt").write_text("hello")
    (root / "sub" / "index.html").write_text("<p>sub</p>")
    (root / "404.html").write_text("missing page")
    # a sibling directory whose name starts with the served directory's name
    sibling = tmp_path / "static-secret"
    sibling.mkdir()
    (sibling / "key.txt").write_text("secret")
    (tmp_path / "outside.txt").write_text("outside")
    return root


def client_for(factory: TestClientFactory, **kwargs: Any) -> Any:
    return factory(with_error_handling(StaticFiles(**kwargs)))


def test_serves_files_with_validators(test_client_factory: TestClientFactory, site: pathlib.Path) -> None:
    client = client_for(test_client_factory, directory=site)
    response = client.get("/hello.txt")
    assert (response.status_code, response.text) == (200, "hello")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "etag" in response.headers and "last-modified" in response.headers
    assert client.get("/hello.txt", headers={"range": "bytes=1-2"}).text == "el"


def test_conditional_requests_get_304(test_client_factory: TestClientFactory, site: pathlib.Path) -> None:
    client = client_for(test_client_factory, directory=site)
    first = client.get("/hello.txt")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    for headers in (
        {"if-none-match": etag},
        {"if-none-match": f'W/{etag}, "x"'},
        {"if-none-match": "*"},
        {"if-modified-since": modified},
    ):
        response = client.get("/hello.txt", headers=headers)
        assert response.status_code == 304, headers
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert "content-length" not in response.headers
    assert client.get("/hello.txt", headers={"if-none-match": '"stale"'}).status_code == 200
    assert client.get("/hello.txt", headers={"if-modified-since": "Mon, 01 Jan 1990 00:00:00 GMT"}).status_code == 200


def test_missing_and_directories_are_404_without_listing(
    test_client_factory: TestClientFactory, site: pathlib.Path
) -> None:
    client = client_for(test_client_factory, directory=site)
    for path in ("/nope.txt", "/sub", "/sub/", "/"):
        response = client.get(path)
        assert (response.status_code, response.text) == (404, "Not Found"), path


def test_only_get_and_head(test_client_factory: TestClientFactory, site: pathlib.Path) -> None:
    client = client_for(test_client_factory, directory=site)
    assert client.head("/hello.txt").status_code == 200
    response = client.post("/hello.txt")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_html_mode(test_client_factory: TestClientFactory, site: pathlib.Path) -> None:
    client = client_for(test_client_factory, directory=site, html=True)
    assert client.get("/sub/").text == "<p>sub</p>"
    redirect = client.get("/sub?x=1", follow_redirects=False, headers={"host": "evil.example"})
    assert redirect.status_code == 303
    assert redirect.headers["location"] == "/sub/?x=1"
    missing = client.get("/nope")
    assert (missing.status_code, missing.text) == (404, "missing page")


@pytest.mark.anyio
async def test_fall_through_lets_routing_continue(site: pathlib.Path) -> None:
    with pytest.raises(ContinueRouting):
        await run_raw(StaticFiles(directory=site, fall_through=True), http_scope("/nope.txt"))
    with pytest.raises(ContinueRouting):
        await run_raw(StaticFiles(directory=site, fall_through=True), http_scope("/../outside.txt"))


@pytest.mark.parametrize(
    "path",
    [
        "/../outside.txt",
        "/../../outside.txt",
        "/sub/../../outside.txt",
        "/../static-secret/key.txt",
        "/./../static-secret/key.txt",
        "/%2e%2e/outside.txt",
        "/%252e%252e/outside.txt",
        "/..%2foutside.txt",
        "/..\\outside.txt",
        "/\\..\\outside.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/c:outside.txt",
        "/hello.txt%00.png",
        "/" + "a" * 5000,
        "/hello.txt/child",
    ],
)
def test_traversal_and_bad_paths_never_escape(
    test_client_factory: TestClientFactory, site: pathlib.Path, path: str
) -> None:
    client = client_for(test_client_factory, directory=site)
    response = client.get(path)
    assert response.status_code == 404
    assert b"outside" not in response.content and b"secret" not in response.content


@pytest.mark.anyio
@pytest.mark.parametrize(
    "raw_path",
    [
        "/../outside.txt",
        "/../static-secret/key.txt",
        "/..\\outside.txt",
        "\\\\server\\share",
        "/a\x00b",
        "/" + "b/" * 3000,
        "//outside.txt",
    ],
)
async def test_raw_asgi_paths_are_checked_before_the_filesystem(
    site: pathlib.Path, raw_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = with_error_handling(StaticFiles(directory=site))
    touched: list[str] = []
    real_stat = os.stat

    def spy(path: Any, *args: Any, **kwargs: Any) -> Any:
        touched.append(str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", spy)
    messages = await run_raw(app, http_scope(raw_path))
    assert messages[0]["status"] == 404
    root = os.path.realpath(site)
    assert all(p == str(site) or p.startswith(root + os.sep) for p in touched), touched


def test_symlink_out_of_the_directory_is_refused_unless_followed(
    test_client_factory: TestClientFactory, site: pathlib.Path
) -> None:
    (site / "link.txt").symlink_to(site.parent / "outside.txt")
    assert client_for(test_client_factory, directory=site).get("/link.txt").status_code == 404
    followed = client_for(test_client_factory, directory=site, follow_symlink=True).get("/link.txt")
    assert (followed.status_code, followed.text) == (200, "outside")


def test_several_directories_and_packages(
    test_client_factory: TestClientFactory, site: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "extra.txt").write_text("extra")
    client = client_for(test_client_factory, directory=[site, other])
    assert client.get("/extra.txt").text == "extra"
    assert client.get("/hello.txt").text == "hello"


def test_packages_statics_folder(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, test_client_factory: TestClientFactory
) -> None:
    package = tmp_path / "pkg_with_statics"
    (package / "statics").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "statics" / "app.css").write_text("body{}")
    monkeypatch.syspath_prepend(str(tmp_path))
    client = client_for(test_client_factory, packages=["pkg_with_statics"])
    assert client.get("/app.css").text == "body{}"


def test_missing_directory_fails_at_startup(tmp_path: pathlib.Path) -> None:
    with pytest.raises(RuntimeError, match="does not exist"):
        StaticFiles(directory=tmp_path / "missing")


@pytest.mark.anyio
async def test_directory_removed_after_start_fails_loudly(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "gone"
    app = StaticFiles(directory=folder, check_dir=False)
    with pytest.raises(RuntimeError, match="does not exist"):
        await run_raw(app, http_scope("/x"))


@pytest.mark.anyio
async def test_mounted_under_a_root_path(site: pathlib.Path) -> None:
    app = StaticFiles(directory=site)
    messages = await run_raw(app, http_scope("/static/hello.txt", root_path="/static"))
    assert messages[0]["status"] == 200


def test_mounted_in_a_lilya_app(test_client_factory: TestClientFactory, site: pathlib.Path) -> None:
    from lilya.apps import Lilya
    from lilya.routing import Include, Path
    from lilya.responses import PlainText

    async def home() -> PlainText:
        return PlainText("home")

    app = Lilya(
        routes=[
            Include("/static", app=StaticFiles(directory=site), name="static"),
            Include("/assets", app=StaticFiles(directory=site, fall_through=True)),
            Path("/assets/fallback", home),
        ]
    )
    client = test_client_factory(app)
    assert client.get("/static/hello.txt").text == "hello"
    assert client.get("/static/../static-secret/key.txt").status_code == 404
    assert client.get("/static/nope").status_code == 404
    assert client.get("/assets/hello.txt").text == "hello"
    assert client.get("/assets/fallback").text == "home"
    assert app.path_for("static", path="/hello.txt") == "/static/hello.txt"
