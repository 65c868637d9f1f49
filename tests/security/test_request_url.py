"""request URL: the authority comes from a validated Host (else ``scope["server"]``), and a path
can never become the authority."""

from __future__ import annotations

import pytest

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path

from tests.conftest import TestClientFactory

from ._raw import call, http_scope

pytestmark = pytest.mark.anyio


async def url_parts(request: Request) -> dict[str, str | None]:
    url = request.url
    return {
        "url": str(url),
        "netloc": url.netloc,
        "hostname": url.hostname,
        "path": url.path,
        "base": str(request.base_url),
        "for": str(request.path_for("where")),
    }


app = Lilya(routes=[Path("/where", url_parts, name="where"), Path("/{rest:path}", url_parts)])

BAD_HOSTS = [
    b"evil.com/x",
    b"evil.com?x",
    b"evil.com#x",
    b"user@evil.com",
    b"good.com@evil.com",
    b"evil.com\\x",
    b"evil.com x",
    b"evil.com\r\nx: y",
    b"evil.com:99999999",
    b"evil.com:80:80",
    b"[::1",
    b"\xff\xfe",
    b"",
    b"a" * 300,
]


@pytest.mark.parametrize("host", BAD_HOSTS)
async def test_invalid_host_falls_back_to_the_server_address(host: bytes) -> None:
    scope = http_scope("/where", headers=[(b"host", host)], server=("10.0.0.1", 8000))
    result = await call(app, scope)
    assert result.status == 200
    body = result.json()
    assert body["netloc"] == "10.0.0.1:8000"
    assert body["url"] == "http://10.0.0.1:8000/where"
    assert body["base"] == "http://10.0.0.1:8000/"
    assert body["for"].startswith("http://10.0.0.1:8000/")


@pytest.mark.parametrize("host", [b"example.com", b"example.com:8080", b"127.0.0.1:1", b"[::1]:443"])
async def test_valid_host_is_used(host: bytes) -> None:
    result = await call(app, http_scope("/where", headers=[(b"host", host)]))
    assert result.json()["netloc"] == host.decode()


async def test_missing_host_and_server_gives_a_relative_url() -> None:
    result = await call(app, http_scope("/where", server=None))
    assert result.status == 200
    assert result.json()["hostname"] is None


async def test_default_port_is_not_repeated() -> None:
    result = await call(app, http_scope("/where", scheme="https", server=("srv", 443)))
    assert result.json()["url"] == "https://srv/where"


@pytest.mark.parametrize("path", ["//evil.com/x", "///evil.com/x", "//evil.com", "/\\evil.com/x"])
async def test_a_path_never_becomes_the_authority(path: str) -> None:
    result = await call(app, http_scope(path, headers=[(b"host", b"good.com")]))
    assert result.status == 200
    body = result.json()
    assert body["netloc"] == "good.com"
    assert body["hostname"] == "good.com"
    assert body["path"] == path


async def test_a_path_never_becomes_the_authority_without_any_host() -> None:
    from lilya.datastructures import URL

    url = URL.build_from_scope(http_scope("//evil.com/x", server=None))
    assert url.hostname is None
    assert url.path == "//evil.com/x"
    assert not str(url).startswith("//")


def test_redirect_slashes_location_is_relative_whatever_the_host(test_client_factory: TestClientFactory) -> None:
    """SECURITY.md (trusted host / redirects): the Host header never chooses a redirect target."""

    async def d() -> str:
        return "d"

    client = test_client_factory(Lilya(routes=[Path("/d", d)]), follow_redirects=False)
    response = client.get("/d/?a=1", headers={"host": "evil.example"})
    assert response.status_code == 303
    assert response.headers["location"] == "/d?a=1"
