"""SSE channels in one process: fan-out, bounded queues, heartbeats, resume, cleanup (asyncio and trio)."""

from __future__ import annotations

import contextlib
from typing import Any

import anyio
import pytest

from lilya.apps import Lilya
from lilya.contrib.sse.brokers import InProcessBroker
from lilya.contrib.sse.channels import SSEChannel, SSEChannelManager, SSEMessage
from lilya.requests import Request
from lilya.responses import EventStreamResponse
from lilya.routing import Path
from tests.conftest import TestClientFactory

pytestmark = pytest.mark.anyio


async def test_every_subscriber_receives_every_message_in_order() -> None:
    channel = SSEChannel("news")
    subscriptions = [channel.subscribe(heartbeat_interval=None) for _ in range(50)]
    assert channel.subscriber_count == 50
    for n in range(10):
        await channel.broadcast({"event": "n", "data": n})
    for subscription in subscriptions:
        assert [(await subscription.__anext__())["data"] for _ in range(10)] == list(range(10))
        await subscription.aclose()
    assert channel.subscriber_count == 0


async def test_events_queued_before_a_cancellation_still_reach_the_listener() -> None:
    # A listener cancelled right after the broadcasts (a handler's task group ending) gets what was
    # already delivered to it; a cancelled receive() used to drop those events.
    channel = SSEChannel("late")
    subscription = channel.subscribe(heartbeat_interval=None)
    for n in range(3):
        await channel.broadcast({"event": "n", "data": n})
    received = []
    with anyio.CancelScope() as scope:
        scope.cancel()
        async for event in subscription:
            received.append(event["data"])
    assert scope.cancelled_caught
    assert received == [0, 1, 2]


async def test_an_event_delivered_to_a_waiting_listener_survives_its_cancellation() -> None:
    # The listener is blocked waiting; an event arrives and the listener is cancelled before it
    # runs again. The event is read exactly once, by that listener or by the next read, instead of
    # vanishing with the cancelled wait.
    channel = SSEChannel("handoff")
    subscription = channel.subscribe(heartbeat_interval=None)
    waiting = anyio.CancelScope()
    got: list[Any] = []

    async def listener() -> None:
        with waiting:
            got.append(await subscription.__anext__())

    async with anyio.create_task_group() as tg:
        tg.start_soon(listener)
        await anyio.wait_all_tasks_blocked()
        channel.deliver({"event": "n", "data": 1})
        waiting.cancel()
    if not got:
        with anyio.fail_after(5):  # an upper bound: a lost event would leave this read waiting
            got.append(await subscription.__anext__())
    assert [event["data"] for event in got] == [1]
    await subscription.aclose()


async def test_message_forms_normalise_to_event_dicts() -> None:
    channel = SSEChannel("forms")
    subscription = channel.subscribe(heartbeat_interval=None)
    await channel.broadcast("plain")
    await channel.broadcast({"data": {"a": 1}, "id": "7"})
    await channel.broadcast(SSEMessage(data=[1, 2], event="list", retry=500))
    assert [await subscription.__anext__() for _ in range(3)] == [
        {"event": "message", "data": "plain"},
        {"event": "message", "data": {"a": 1}, "id": "7"},
        {"event": "list", "data": [1, 2], "retry": 500},
    ]
    with pytest.raises(TypeError, match="Unsupported message type"):
        await channel.broadcast(42)  # type: ignore[arg-type]


async def test_a_slow_subscriber_is_dropped_and_the_others_keep_receiving(caplog: pytest.LogCaptureFixture) -> None:
    channel = SSEChannel("busy", max_queue=4)
    slow = channel.subscribe(heartbeat_interval=None)
    fast = channel.subscribe(heartbeat_interval=None)
    for n in range(20):
        await channel.broadcast({"data": n})
        assert (await fast.__anext__())["data"] == n  # a reader that keeps up never misses one
    assert channel.subscriber_count == 1
    assert [event["data"] async for event in slow] == [0, 1, 2, 3]  # what fitted, then the end
    drops = [r for r in caplog.records if r.name == "lilya.contrib.sse"]
    assert len(drops) == 1 and "dropped" in drops[0].getMessage()


async def test_heartbeat_when_idle() -> None:
    channel = SSEChannel("quiet")
    events = channel.listen(heartbeat_interval=0.01)
    assert await events.__anext__() == {"event": "heartbeat", "data": "\N{BEATING HEART}"}
    await channel.broadcast("real")
    assert (await events.__anext__())["data"] == "real"
    await events.aclose()
    assert channel.subscriber_count == 0


async def test_resume_after_last_event_id_from_the_kept_history() -> None:
    channel = SSEChannel("log", history=3)
    for n in range(1, 6):
        await channel.broadcast(SSEMessage(data=n, id=str(n)))
    await channel.broadcast("no id: not kept")
    resumed = channel.subscribe(heartbeat_interval=None, last_event_id="3")
    assert [(await resumed.__anext__())["id"] for _ in range(2)] == ["4", "5"]
    too_old = channel.subscribe(heartbeat_interval=None, last_event_id="1")  # older than kept: all that is
    assert [(await too_old.__anext__())["id"] for _ in range(3)] == ["3", "4", "5"]
    small = SSEChannel("small", max_queue=2, history=5)
    for n in range(1, 6):
        await small.broadcast(SSEMessage(data=n, id=str(n)))
    capped = small.subscribe(heartbeat_interval=None, last_event_id="1")  # the newest that fit the queue
    assert [(await capped.__anext__())["id"] for _ in range(2)] == ["4", "5"]
    fresh = channel.subscribe(heartbeat_interval=None)
    await channel.broadcast("next")
    assert (await fresh.__anext__())["data"] == "next"


async def test_listen_unsubscribes_when_the_consumer_stops() -> None:
    channel = SSEChannel("leave")
    async with anyio.create_task_group() as group:

        async def consume() -> None:
            async for _ in channel.listen(heartbeat_interval=None):
                pass

        group.start_soon(consume)
        while channel.subscriber_count == 0:
            await anyio.lowlevel.checkpoint()
        group.cancel_scope.cancel()
    assert channel.subscriber_count == 0


def test_wire_format_cannot_be_forged_through_fields() -> None:
    wire = SSEMessage(data="a\nb", event="x\ndata: forged", id="1\r\nevent: evil").to_wire()
    assert wire == "event: x data: forged\nid: 1  event: evil\ndata: a\ndata: b\n\n"
    assert SSEMessage(data={"k": [1]}).to_wire() == 'data: {"k":[1]}\n\n'


async def test_manager_and_in_process_broker_share_one_name() -> None:
    broker = InProcessBroker()
    manager = SSEChannelManager(broker=broker, max_queue=8)
    first = await manager.get_or_create("room")
    assert await manager.get_or_create("room") is first and "room" in manager
    twin = SSEChannel("room", broker=broker)  # another object, same name, same broker
    subscription = twin.subscribe(heartbeat_interval=None)
    await first.broadcast("hello")
    assert (await subscription.__anext__())["data"] == "hello"
    assert [c.name for c in await manager.get_many(["a", "b"])] == ["a", "b"]
    assert sorted(await manager.list_channels()) == ["a", "b", "room"]
    await manager.clear()
    assert await manager.list_channels() == []
    with pytest.raises(ValueError):
        SSEChannel("x", max_queue=0)


def test_event_stream_of_a_channel_end_to_end(test_client_factory: TestClientFactory) -> None:
    channel = SSEChannel("http", history=10)

    async def events(request: Request) -> EventStreamResponse:
        subscription = channel.subscribe(heartbeat_interval=None, last_event_id=request.headers.get("last-event-id"))
        return EventStreamResponse(subscription)

    async def post(request: Request) -> dict[str, str]:
        await channel.broadcast(
            SSEMessage(data=request.query_params["text"], event="chat", id=request.query_params["id"])
        )
        return {"ok": "yes"}

    app = Lilya(routes=[Path("/events", events), Path("/post", post, methods=["POST"])])
    with test_client_factory(app) as client:
        client.post("/post?text=before&id=1")
        with client.stream("GET", "/events", headers={"last-event-id": "0"}) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            client.post("/post?text=after&id=2")
            lines = response.iter_lines()
            received = [next(lines) for _ in range(8)]
            assert channel.subscriber_count == 1
    # the stream opens with EventStreamResponse's keep-alive comment
    assert received == [": ping", "", "id: 1", "event: chat", "data: before", "", "id: 2", "event: chat"]
    assert channel.subscriber_count == 0  # the client went away: unsubscribed


def test_a_generator_yielding_inside_a_task_group_streams(test_client_factory: TestClientFactory) -> None:
    channel = SSEChannel("nested")

    async def events() -> EventStreamResponse:
        async def stream():  # type: ignore[no-untyped-def]
            async with anyio.create_task_group() as group, contextlib.aclosing(channel.listen()) as events:
                group.start_soon(channel.broadcast, "from a task")
                async for event in events:
                    yield event
                    break

        return EventStreamResponse(stream())

    with test_client_factory(Lilya(routes=[Path("/events", events)])).stream("GET", "/events") as response:
        assert "data: from a task" in response.read().decode()
