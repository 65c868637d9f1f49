"""Relay against a real upstream (uvicorn on 127.0.0.1): streaming, headers, limits and upstream faults."""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator

import httpx
import pytest

from lilya.apps import Lilya
from lilya.contrib.proxy.relay import Relay
from lilya.routing import Include
from lilya.testclient import TestClient
from tests._servers import closed_port, running_server, silent_server
from tests.conftest import TestClientFactory
from tests.contrib.proxy._upstream import upstream, upstream_calls


@pytest.fixture(scope="module")
def upstream_url() -> Iterator[str]:
    with running_server(upstream) as url:
        yield url


def _proxy(test_client_factory: TestClientFactory, target: str, **options: object) -> tuple[TestClient, Relay]:
    relay = Relay(target, **options)  # type: ignore[arg-type]
    app = Lilya(routes=[Include("/svc", app=relay)], on_startup=[relay.startup], on_shutdown=[relay.shutdown])
    return test_client_factory(app, raise_server_exceptions=False), relay


def test_path_query_method_and_body_reach_the_upstream(
    test_client_factory: TestClientFactory, upstream_url: str
) -> None:
    client, _ = _proxy(test_client_factory, upstream_url + "/base", upstream_prefix="/echo")
    with client:
        got = client.get("/svc/a/b%20c?x=1&y=%2F").json()
        assert (got["method"], got["path"], got["raw_path"], got["query"]) == (
            "GET", "/base/echo/a/b c", "/base/echo/a/b%20c", "x=1&y=%2F"
        )  # fmt: skip
        payload = bytes(range(256)) * 4000  # ~1 MiB, streamed up
        posted = client.post("/svc/upload", content=iter([payload[:500_000], payload[500_000:]])).json()
        assert (posted["method"], posted["body_length"]) == ("POST", len(payload))


def test_headers_hop_by_hop_forwarded_and_cookies(test_client_factory: TestClientFactory, upstream_url: str) -> None:
    client, _ = _proxy(
        test_client_factory,
        upstream_url + "/base",
        upstream_prefix="/echo",
        rewrite_set_cookie_domain=lambda cookie: "public.example",
        extra_request_headers={"x-gateway": "lilya"},
        drop_request_headers=["x-drop-me"],
    )
    with client:
        sent = {
            "connection": "x-secret",
            "x-secret": "1",
            "te": "trailers",
            "proxy-authorization": "Basic eA==",
            "x-drop-me": "1",
            "x-forwarded-for": "203.0.113.9",
            "x-keep": "kept",
        }
        headers = client.get("/svc/h", headers=sent).json()["headers"]
        for name in ("x-secret", "te", "proxy-authorization", "x-drop-me"):
            assert name not in headers
        assert headers["x-keep"] == ["kept"] and headers["x-gateway"] == ["lilya"]
        assert headers["host"] == [upstream_url.removeprefix("http://")]
        assert headers["x-forwarded-for"] == ["203.0.113.9, testclient"]
        assert headers["x-forwarded-proto"] == ["http"] and headers["x-forwarded-host"] == ["testserver"]

    client, _ = _proxy(
        test_client_factory, upstream_url + "/base", rewrite_set_cookie_domain=lambda c: "public.example"
    )
    with client:
        response = client.get("/svc/headers")
        assert response.headers["x-visible"] == "yes"
        assert "x-upstream-private" not in response.headers and "keep-alive" not in response.headers
        assert response.headers.get_list("set-cookie") == [
            "a=1; Path=/; Domain=public.example",
            "b=2; Path=/; Domain=public.example",
        ]


def test_responses_stream_back_untouched(test_client_factory: TestClientFactory, upstream_url: str) -> None:
    client, _ = _proxy(test_client_factory, upstream_url + "/base")
    with client:
        with client.stream("GET", "/svc/stream") as response:
            received = b"".join(response.iter_raw())
        assert len(received) == 64 * 16384 and received.startswith(b"A" * 16384)
        zipped = client.get("/svc/gzip", headers={"accept-encoding": "gzip"})
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.content == b"compressed " * 100  # decoded by the client, sent compressed
        assert gzip.decompress(gzip.compress(zipped.content)) == zipped.content


def test_bounded_request_bodies_and_path_escapes(test_client_factory: TestClientFactory, upstream_url: str) -> None:
    client, _ = _proxy(test_client_factory, upstream_url + "/base", upstream_prefix="/echo", max_body_size=1000)
    with client:
        assert client.post("/svc/x", content=b"x" * 1001).status_code == 413  # declared too long
        assert client.post("/svc/x", content=iter([b"x" * 600, b"x" * 600])).status_code == 413  # streamed too long
        assert client.post("/svc/x", content=b"x" * 1000).json()["body_length"] == 1000
        for escape in ("/svc/%2e%2e/admin", "/svc/a/%252e%252e/b", "/svc/..%5cadmin"):
            assert client.get(escape).status_code == 400


def test_upstream_faults_become_502_504_and_are_logged_once(
    test_client_factory: TestClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    with closed_port() as port:
        client, _ = _proxy(test_client_factory, f"http://127.0.0.1:{port}")
        with client:
            refused = client.get("/svc/x")
            assert (refused.status_code, refused.text) == (502, "Upstream error")  # no internals leaked
    with silent_server() as port:
        client, _ = _proxy(test_client_factory, f"http://127.0.0.1:{port}", timeout=0.3)
        with client:
            assert client.get("/svc/x").status_code == 504
    events = [r.getMessage().split()[0] for r in caplog.records if r.name == "lilya.contrib.proxy"]
    assert events == ["reverse_proxy.upstream_retryable_error", "reverse_proxy.upstream_timeout"]


def test_an_upstream_reset_mid_response_truncates_the_response(
    upstream_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)  # the servers' own reports (restored after)
    relay = Relay(upstream_url + "/base")
    app = Lilya(routes=[Include("/svc", app=relay)], on_startup=[relay.startup], on_shutdown=[relay.shutdown])
    with running_server(app, lifespan="on") as proxy_url, httpx.stream("GET", proxy_url + "/svc/reset") as response:
        assert response.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):  # never a silently complete body
            response.read()
    assert [r.getMessage().split()[0] for r in caplog.records if r.name == "lilya.contrib.proxy"] == [
        "reverse_proxy.upstream_broke_mid_response"
    ]


def test_retries_are_bounded(test_client_factory: TestClientFactory, upstream_url: str) -> None:
    upstream_calls.pop("/base/flaky", None)
    client, _ = _proxy(test_client_factory, upstream_url + "/base", max_retries=2, retry_backoff_factor=0)
    with client:
        assert client.get("/svc/flaky").text == "flaky 3"  # two 503s retried, the third answer relayed
    client, _ = _proxy(test_client_factory, upstream_url + "/base", max_retries=1, retry_backoff_factor=0)
    with client:
        last = client.get("/svc/flaky")
        assert (last.status_code, last.text) == (503, "flaky 5")  # out of retries: the answer as it is


def test_not_started_is_a_clear_error(upstream_url: str) -> None:
    relay = Relay(upstream_url)
    with pytest.raises(RuntimeError, match="startup"):
        TestClient(Lilya(routes=[Include("/svc", app=relay)])).get("/svc/x")
