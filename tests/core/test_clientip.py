"""``get_ip``: the peer unless it is a trusted proxy; forwarded chains walked from the right."""

from __future__ import annotations

import time
from typing import Any

import pytest

from lilya.clientip import ALL, get_ip, get_trusted_proxies
from lilya.requests import Request
from tests.conftest import TestClientFactory
from tests.core._injection_app import plan_app


def scope(client: Any = ("10.0.0.1", 5555), **headers: str) -> dict[str, Any]:
    return {
        "type": "http",
        "client": client,
        "headers": [(k.replace("_", "-").encode(), v.encode("latin-1")) for k, v in headers.items()],
    }


def test_peer_address_when_not_behind_a_trusted_proxy() -> None:
    assert get_ip(scope(), trusted_proxies=["unix"]) == "10.0.0.1"
    # an untrusted peer cannot claim another address
    assert get_ip(scope(x_forwarded_for="1.2.3.4"), trusted_proxies=["unix"]) == "10.0.0.1"


def test_trusted_proxy_x_forwarded_for() -> None:
    assert get_ip(scope(x_forwarded_for="1.2.3.4"), trusted_proxies=["10.0.0.1"]) == "1.2.3.4"
    assert get_ip(scope(x_forwarded_for=" 1.2.3.4:8080 "), trusted_proxies=["10.0.0.1"]) == "1.2.3.4"


def test_spoofed_leftmost_hop_is_ignored() -> None:
    """The client sent ``X-Forwarded-For: 6.6.6.6``; the trusted proxy appended the real peer."""
    headers = scope(x_forwarded_for="6.6.6.6, 1.2.3.4")
    assert get_ip(headers, trusted_proxies=["10.0.0.1"]) == "1.2.3.4"
    # with a second trusted proxy in the chain, the first untrusted hop from the right wins
    chained = scope(x_forwarded_for="6.6.6.6, 1.2.3.4, 10.0.0.2")
    assert get_ip(chained, trusted_proxies=["10.0.0.1", "10.0.0.2"]) == "1.2.3.4"
    # trusting everyone means every hop is a proxy: the leftmost address is the client
    assert get_ip(chained, trusted_proxies=["*"]) == "6.6.6.6"


def test_forwarded_header_takes_precedence() -> None:
    headers = scope(forwarded='for="[2001:db8::1]:4711";proto=https, For=10.0.0.9', x_forwarded_for="9.9.9.9")
    assert get_ip(headers, trusted_proxies=["10.0.0.1", "10.0.0.9"]) == "2001:db8::1"
    assert get_ip(scope(forwarded="proto=http"), trusted_proxies=["10.0.0.1"]) == "10.0.0.1"


def test_ipv6_peer_and_unix_sockets() -> None:
    assert get_ip(scope(client=("::1", 80)), trusted_proxies=[]) == "::1"
    assert get_ip(scope(client=None, x_forwarded_for="1.2.3.4"), trusted_proxies=["unix"]) == "1.2.3.4"
    with pytest.raises(ValueError, match="Could not determinate ip address"):
        get_ip(scope(client=None), trusted_proxies=["unix"])


def test_sanitizers() -> None:
    headers = scope(client=("10.0.0.1 ", 1), x_forwarded_for="1.2.3.4")
    ip = get_ip(headers, trusted_proxies=["10.0.0.1"], sanitize_proxyip=str.strip, sanitize_clientip="{}/32".format)
    assert ip == "1.2.3.4/32"


def test_trusted_proxies_normalisation() -> None:
    assert get_trusted_proxies(["*"]) is ALL
    assert get_trusted_proxies(ALL) is ALL
    assert get_trusted_proxies(["a", "b"]) == frozenset({"a", "b"})
    assert "unix" in get_trusted_proxies(None)  # the default from settings
    assert "anything" in ALL


def test_header_floods_are_linear() -> None:
    flood = scope(x_forwarded_for=", ".join(["1.1.1.1"] * 200_000), forwarded="for=x;" * 100_000)
    start = time.perf_counter()
    assert get_ip(flood, trusted_proxies=["10.0.0.1"]) == "x"  # Forwarded wins; one element
    assert get_ip(scope(x_forwarded_for=", ".join(["1.1.1.1"] * 200_000)), trusted_proxies=["*"]) == "1.1.1.1"
    assert time.perf_counter() - start < 1.0


def test_in_a_handler(test_client_factory: TestClientFactory) -> None:
    async def handler(request: Request) -> Any:
        return get_ip(request.scope, trusted_proxies=["testclient"])

    client = test_client_factory(plan_app(handler))
    assert client.get("/", headers={"x-forwarded-for": "203.0.113.7"}).json() == "203.0.113.7"


def test_the_test_clients_peer_is_trusted_like_a_unix_socket(test_client_factory: TestClientFactory) -> None:
    trusted: list[Any] = []

    async def handler(request: Request) -> Any:
        return get_ip(request.scope, trusted_proxies=trusted.pop())

    client = test_client_factory(plan_app(handler))
    chain = {"forwarded": "for=8.193.38.177,for=8.193.38.176"}
    for proxies in (None, ["unix"], ["*"]):  # the default, explicit "unix", everyone
        trusted.append(proxies)
        expected = "8.193.38.177" if proxies == ["*"] else "8.193.38.176"  # the rightmost untrusted hop
        assert client.get("/", headers=chain).json() == expected
    trusted.append(["10.0.0.1"])  # a list without "unix" does not trust the test client
    assert client.get("/", headers=chain).json() == "testclient"
    trusted.append(None)
    assert client.get("/").json() == "testclient"  # nothing forwarded: the peer itself


def test_only_the_exact_test_client_host_counts_as_local() -> None:
    # only the exact host "testclient" counts as local; addresses are compared as they are
    assert get_ip(scope(client=("testclient.example", 1), forwarded="for=1.2.3.4")) == "testclient.example"
    assert get_ip(scope(client=("testclient", 1), forwarded="for=1.2.3.4"), trusted_proxies=[]) == "testclient"
