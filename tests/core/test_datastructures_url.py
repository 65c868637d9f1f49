"""URL, URLPath and the Host validation behind ``request.url``."""

from __future__ import annotations

from typing import Any

import pytest

from lilya._internal._url import is_valid_host
from lilya.datastructures import URL, URLPath


def _scope(**extra: Any) -> dict[str, Any]:
    scope: dict[str, Any] = {
        "type": "http",
        "scheme": "http",
        "server": ("10.0.0.1", 8000),
        "path": "/a",
        "query_string": b"q=1",
        "headers": [],
    }
    scope.update(extra)
    return scope


def test_url_components() -> None:
    u = URL("https://user:pw@example.com:8080/p/a?x=1&y=2#frag")
    assert (u.scheme, u.hostname, u.port, u.path, u.query, u.fragment) == (
        "https",
        "example.com",
        8080,
        "/p/a",
        "x=1&y=2",
        "frag",
    )
    assert u.username == "user" and u.password == "pw" and u.is_secure
    assert u.netloc == "user:pw@example.com:8080"
    assert u.parsed_url.netloc == u.netloc
    assert str(u.relative_url()) == "/p/a?x=1&y=2#frag"
    assert u.base_url == str(u)
    assert "pw" not in repr(u)


def test_url_query_helpers() -> None:
    u = URL("http://a.com/p?a=1&a=2&b=3")
    assert str(u.include_query_params(a=5, c=1)) == "http://a.com/p?a=5&b=3&c=1"
    assert str(u.include_query_params(c=1)) == "http://a.com/p?a=1&a=2&b=3&c=1"
    assert str(u.replace_query_params(c=1)) == "http://a.com/p?c=1"
    assert str(u.remove_query_params(["a", "b"])) == "http://a.com/p"
    assert str(u.remove_query_params("a")) == "http://a.com/p?b=3"


def test_url_replace() -> None:
    assert str(URL("http://a.com/x").replace(hostname="b.com")) == "http://b.com/x"
    assert str(URL("http://u:p@a.com:80/x").replace(port=81)) == "http://u:p@a.com:81/x"
    assert str(URL("http://[::1]:80/x").replace(port=9)) == "http://[::1]:9/x"
    assert str(URL(scheme="https", netloc="a.com", path="/x", query="a=1")) == "https://a.com/x?a=1"
    assert URL("http://a.com/x") == "http://a.com/x"
    assert URL("http://a.com/x") == URL("http://a.com/x")


def test_build_from_scope_uses_valid_host() -> None:
    url = URL.build_from_scope(_scope(headers=[(b"host", b"example.com:9000")]))
    assert str(url) == "http://example.com:9000/a?q=1"


@pytest.mark.parametrize(
    "host",
    [b"evil.com/x?", b"evil.com@good.com", b"a b", b"evil.com:99999999", b"", b"x" * 300, b"\xff"],
)
def test_build_from_scope_ignores_invalid_host(host: bytes) -> None:
    url = URL.build_from_scope(_scope(headers=[(b"host", host)]))
    assert url.netloc == "10.0.0.1:8000"
    assert url.path == "/a"


def test_double_slash_path_stays_a_path() -> None:
    url = URL.build_from_scope(_scope(path="//evil.com/x"))
    assert url.hostname == "10.0.0.1"
    assert url.path == "//evil.com/x"
    bare = URL.build_from_scope({"type": "http", "path": "//evil.com/x", "headers": []})
    assert bare.netloc == ""
    assert bare.path == "//evil.com/x"
    assert str(bare) == "/%2Fevil.com/x"
    assert URL(str(bare)).netloc == ""


def test_no_host_at_all_gives_relative_url() -> None:
    scope = {"type": "http", "scheme": "http", "path": "/a/b", "query_string": b"x=1", "headers": []}
    url = URL.build_from_scope(scope)
    assert str(url) == "/a/b?x=1"
    assert url.path == "/a/b" and url.query == "x=1" and url.netloc == ""


def test_default_port_dropped() -> None:
    url = URL.build_from_scope(_scope(scheme="https", server=("h", 443), query_string=b""))
    assert str(url) == "https://h/a"


@pytest.mark.parametrize("host", ["a.com", "a.com:80", "127.0.0.1:8000", "[::1]", "[::1]:443", "xn--bcher-kva.ch"])
def test_valid_hosts(host: str) -> None:
    assert is_valid_host(host)


def test_urlpath() -> None:
    path = URLPath("/users/1", protocol="http")
    assert path == "/users/1"
    assert str(path.make_absolute_url("https://example.com/root/")) == "https://example.com/root/users/1"
    ws = URLPath("/ws", protocol="websocket")
    assert str(ws.make_absolute_url(URL("http://example.com"))) == "ws://example.com/ws"
