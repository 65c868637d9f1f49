"""Relaying WebSockets: proxy and upstream both served by uvicorn, a websockets client in front."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from lilya.apps import Lilya
from lilya.contrib.proxy.relay import Relay
from lilya.routing import Include
from tests._servers import closed_port, running_server
from tests.contrib.proxy._upstream import upstream


def _relay_app(target: str) -> Lilya:
    relay = Relay(target, timeout=2.0)
    return Lilya(routes=[Include("/svc", app=relay)], on_startup=[relay.startup], on_shutdown=[relay.shutdown])


@pytest.fixture(scope="module")
def proxy_ws_url() -> Iterator[str]:
    with running_server(upstream) as upstream_url, running_server(_relay_app(upstream_url), lifespan="on") as url:
        yield url.replace("http://", "ws://")


def test_text_and_bytes_both_ways_with_the_negotiated_subprotocol(proxy_ws_url: str) -> None:
    with connect(proxy_ws_url + "/svc/chat", subprotocols=["v2.chat"]) as ws:  # type: ignore[list-item]
        assert ws.subprotocol == "v2.chat"
        ws.send("hello")
        assert ws.recv(timeout=5) == "echo:hello"
        ws.send(b"\x00\x01")
        assert ws.recv(timeout=5) == b"echo:\x00\x01"


def test_the_upstream_close_code_reaches_the_client(proxy_ws_url: str) -> None:
    with connect(proxy_ws_url + "/svc/chat") as ws:
        ws.send("close-4001")
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
    assert closed.value.rcvd is not None and (closed.value.rcvd.code, closed.value.rcvd.reason) == (4001, "asked to")


def test_an_unreachable_upstream_closes_with_1011(caplog: pytest.LogCaptureFixture) -> None:
    with closed_port() as port, running_server(_relay_app(f"http://127.0.0.1:{port}"), lifespan="on") as url:
        with connect(url.replace("http://", "ws://") + "/svc/chat") as ws:
            with pytest.raises(ConnectionClosed) as closed:
                ws.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1011
    assert [r.getMessage().split()[0] for r in caplog.records if r.name == "lilya.contrib.proxy"] == [
        "reverse_proxy.websocket_error"
    ]
