"""The Redis broker against a real redis-server: delivery across brokers (workers), and faults.

redis-py's asyncio client needs asyncio, so these run on asyncio only.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
import logging

import anyio
import pytest

from lilya.contrib.sse.brokers import BrokerError, RedisBroker
from lilya.contrib.sse.channels import SSEChannel, SSEChannelManager, SSEMessage
from tests._services import RedisServer

pytestmark = [pytest.mark.anyio, pytest.mark.parametrize("anyio_backend", ["asyncio"])]
_prefixes = itertools.count()


async def _wait_until(condition: Callable[[], bool], seconds: float = 15) -> None:
    """Poll a broker state the reader changes on its own schedule (bounded)."""
    with anyio.fail_after(seconds):
        while not condition():
            await anyio.sleep(0.01)


def _broker(redis_server: RedisServer, **kwargs: float) -> RedisBroker:
    # A prefix per broker pair keeps tests apart on the shared server.
    return RedisBroker(redis_server.url, prefix=f"test{next(_prefixes)}:", **kwargs)


async def test_a_message_published_by_one_worker_reaches_the_subscribers_of_all(redis_server: RedisServer) -> None:
    prefix = f"pair{next(_prefixes)}:"
    worker_a = SSEChannelManager(broker=RedisBroker(redis_server.url, prefix=prefix))
    worker_b = SSEChannelManager(broker=RedisBroker(redis_server.url, prefix=prefix))
    async with worker_a.lifespan(), worker_b.lifespan():
        on_a = (await worker_a.get_or_create("room")).subscribe(heartbeat_interval=None)
        on_b = (await worker_b.get_or_create("room")).subscribe(heartbeat_interval=None)
        other_room = (await worker_b.get_or_create("elsewhere")).subscribe(heartbeat_interval=None)
        await (await worker_b.get_or_create("room")).broadcast(SSEMessage(data={"n": 1}, event="chat", id="b-1"))
        with anyio.fail_after(5):
            assert await on_a.__anext__() == {"id": "b-1", "event": "chat", "data": {"n": 1}}
            assert await on_b.__anext__() == {"id": "b-1", "event": "chat", "data": {"n": 1}}
        with anyio.move_on_after(0.2) as nothing:
            await other_room.__anext__()
        assert nothing.cancelled_caught  # another channel's subscribers are not disturbed
        for subscription in (on_a, on_b, other_room):
            await subscription.aclose()


async def test_wiring_and_payload_mistakes_are_clear(redis_server: RedisServer) -> None:
    manager = SSEChannelManager(broker=_broker(redis_server))
    channel = await manager.get_or_create("c")
    with pytest.raises(RuntimeError, match="lifespan"):
        channel.subscribe()
    async with manager.lifespan():
        with pytest.raises(TypeError, match="JSON-serialisable"):
            await channel.broadcast({"data": object()})
        with pytest.raises(RuntimeError, match="already running"):
            async with manager.lifespan():
                pass


async def test_garbage_on_the_redis_channel_is_skipped(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    broker = _broker(redis_server)
    manager = SSEChannelManager(broker=broker)
    async with manager.lifespan():
        subscription = (await manager.get_or_create("c")).subscribe(heartbeat_interval=None)
        await broker._publisher.publish(broker.prefix + "c", b"not json")
        await (await manager.get_or_create("c")).broadcast("fine")
        with anyio.fail_after(5):
            assert (await subscription.__anext__())["data"] == "fine"
        await subscription.aclose()
    assert any("malformed" in r.getMessage() for r in caplog.records)


async def _through_an_outage(
    broker: RedisBroker,
    go_away: Callable[[], None],
    come_back: Callable[[], None],
    while_away: Callable[[SSEChannel], Awaitable[None]] | None = None,
) -> None:
    """A subscriber, Redis away until the reader noticed, Redis back: delivery resumes."""
    manager = SSEChannelManager(broker=broker)
    async with manager.lifespan():
        channel = await manager.get_or_create("c")
        subscription = channel.subscribe(heartbeat_interval=None)
        go_away()
        try:
            if while_away is not None:
                await while_away(channel)
            await _wait_until(lambda: not broker.connected)
        finally:
            come_back()
        await _wait_until(lambda: broker.connected)  # reconnected within the bounded backoff
        with anyio.fail_after(15):
            await channel.broadcast("back")
            assert (await subscription.__anext__())["data"] == "back"
        await subscription.aclose()


async def test_redis_going_away_and_coming_back(redis_server: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="lilya.contrib.sse")

    async def publish_fails_clearly(channel: SSEChannel) -> None:
        for _ in range(3):  # each publish fails fast and clearly; the outage is logged once
            with anyio.fail_after(10), pytest.raises(BrokerError, match="unavailable"):
                await channel.broadcast("lost")

    broker = _broker(redis_server, max_reconnect_delay=0.2, timeout=1.0)
    await _through_an_outage(broker, redis_server.stop, redis_server.start, publish_fails_clearly)
    messages = [r.getMessage() for r in caplog.records if r.name == "lilya.contrib.sse"]
    assert sum("cannot publish" in m for m in messages) == 1
    assert sum("lost Redis" in m for m in messages) == 1
    assert sum("is back" in m for m in messages) == 1
    assert sum("publishing to Redis" in m and "again" in m for m in messages) == 1


async def test_a_redis_that_hangs_is_detected_by_ping_and_recovered(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    broker = _broker(redis_server, health_interval=0.1, timeout=0.5, max_reconnect_delay=0.2)
    await _through_an_outage(broker, redis_server.pause, redis_server.resume)
    assert any("no answer to PING" in r.getMessage() for r in caplog.records if r.name == "lilya.contrib.sse")


async def test_the_broker_runs_again_after_a_restart_of_the_app(redis_server: RedisServer) -> None:
    manager = SSEChannelManager(broker=_broker(redis_server))
    for round_ in ("first", "second"):
        async with manager.lifespan():
            channel = await manager.get_or_create("c")
            subscription = channel.subscribe(heartbeat_interval=None)
            await channel.broadcast(round_)
            with anyio.fail_after(5):
                assert (await subscription.__anext__())["data"] == round_
            await subscription.aclose()
