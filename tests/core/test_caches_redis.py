"""``RedisCache`` against a real redis-server (the ``redis_server`` fixture), including a Redis that
goes away or hangs while the app serves: errors are clear and bounded, the app keeps serving and
recovers once Redis is back. redis-py's client is asyncio-only, and so is uvicorn.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from lilya.caches.redis import RedisCache
from lilya.requests import Request
from tests._servers import running_server
from tests._services import RedisServer
from tests.core._request_app import make_app

pytestmark = pytest.mark.slow


@pytest.fixture
def redis(redis_server: RedisServer) -> Iterator[RedisServer]:
    redis_server.start()
    redis_server.flush()
    yield redis_server
    redis_server.start()  # a test that stopped it leaves it running for the next one


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_round_trip_ttl_and_delete(redis: RedisServer) -> None:
    cache = RedisCache(redis.url)
    try:
        await cache.set("user", {"id": 1, "tags": ["a"]})
        await cache.set("short", "lived", ttl=60)
        assert await cache.get("user") == {"id": 1, "tags": ["a"]}
        assert await cache.async_client.ttl("short") in range(1, 61)
        await cache.delete("user")
        assert await cache.get("user") is None
    finally:
        await cache.close()


def test_the_blocking_api_outside_an_event_loop(redis: RedisServer) -> None:
    cache = RedisCache(redis.url)
    cache.sync_set("k", [1, 2])
    assert cache.sync_get("k") == [1, 2]
    cache.sync_delete("k")
    assert cache.sync_get("k") is None


def counter_app(cache: RedisCache) -> Any:
    async def handler(request: Request) -> dict[str, Any]:
        if request.url.path == "/health":
            return {"ok": True}
        count = (await cache.get("hits") or 0) + 1
        await cache.set("hits", count)
        return {"hits": count}

    http = make_app(handler)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            return await http(scope, receive, send)
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await cache.close()  # the client belongs to the server's loop: close it there
        await send({"type": "lifespan.shutdown.complete"})

    return app


def test_a_redis_that_goes_away_fails_requests_clearly_and_recovers(
    redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    cache = RedisCache(redis.url, socket_timeout=1.0, socket_connect_timeout=1.0)
    with running_server(counter_app(cache), lifespan="on") as url, httpx.Client(base_url=url, timeout=10) as client:
        assert client.get("/count").json() == {"hits": 1}
        redis.stop()
        with caplog.at_level(logging.ERROR):
            assert client.get("/count").status_code == 500
        assert "ConnectionError" in caplog.text and str(redis.port) in caplog.text  # names what failed
        assert client.get("/health").json() == {"ok": True}  # the rest of the app keeps serving
        redis.start()
        assert client.get("/count").json() == {"hits": 1}  # reconnected (the new server is empty)


def test_a_hung_redis_fails_requests_within_the_timeout(redis: RedisServer) -> None:
    cache = RedisCache(redis.url, socket_timeout=0.5)
    with running_server(counter_app(cache), lifespan="on") as url, httpx.Client(base_url=url, timeout=10) as client:
        assert client.get("/count").json() == {"hits": 1}
        redis.pause()
        try:
            assert client.get("/count").status_code == 500  # not a request held forever
            assert client.get("/health").status_code == 200
        finally:
            redis.resume()
        assert client.get("/count").status_code == 200
