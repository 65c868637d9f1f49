"""Server-Sent Events timing: the opening ping, custom pings, send timeouts, the close handler.

Every test waits on events; the only timeouts used are the ones under test, and each is either
never reached (nothing to wait for) or the only way out (a source that never produces).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from lilya.background import Task
from lilya.responses import EventStreamResponse
from lilya.types import Message, Receive, Scope, Send
from tests.conftest import TestClientFactory
from tests.core._output_support import body_of, run_raw

TIMED_OUT = pytest.RaisesGroup(pytest.RaisesExc(TimeoutError, match="^SSE send timed out$"))


async def one_tick() -> AsyncIterator[dict[str, Any]]:
    yield {"event": "tick", "data": 1}


@pytest.mark.anyio
async def test_the_first_event_goes_out_with_a_ping_in_front() -> None:
    messages = await run_raw(EventStreamResponse(one_tick(), ping_interval=3600))
    assert [m["type"] for m in messages] == ["http.response.start", "http.response.body", "http.response.body"]
    assert messages[1:] == [
        {"type": "http.response.body", "body": b": ping\n\nevent: tick\ndata: 1\n\n", "more_body": True},
        {"type": "http.response.body", "body": b"", "more_body": False},
    ]


@pytest.mark.anyio
async def test_an_empty_stream_still_carries_its_ping() -> None:
    messages = await run_raw(EventStreamResponse([], ping_interval=3600))
    assert messages[1:] == [{"type": "http.response.body", "body": b": ping\n\n", "more_body": False}]


@pytest.mark.anyio
async def test_ping_interval_zero_sends_no_ping_at_all() -> None:
    messages = await run_raw(EventStreamResponse([{"data": "only"}], ping_interval=0))
    assert body_of(messages) == b"data: only\n\n"


def keepalive() -> dict[str, Any]:
    return {"event": "keepalive", "data": "beat"}


@pytest.mark.anyio
async def test_a_ping_message_factory_shapes_the_first_ping() -> None:
    messages = await run_raw(EventStreamResponse(one_tick(), ping_interval=3600, ping_message_factory=keepalive))
    assert body_of(messages) == b"event: keepalive\ndata: beat\n\nevent: tick\ndata: 1\n\n"


@pytest.mark.anyio
async def test_a_ping_message_factory_shapes_the_periodic_pings() -> None:
    messages: list[Message] = []
    two_pings = anyio.Event()
    ping = b"event: keepalive\ndata: beat\n\n"

    async def waits_for_two_pings() -> AsyncIterator[dict[str, Any]]:
        await two_pings.wait()
        yield {"data": "news"}

    async def send(message: Message) -> None:
        messages.append(message)
        if body_of(messages).count(ping) == 2:
            two_pings.set()

    async def receive() -> Message:
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    response = EventStreamResponse(waits_for_two_pings(), ping_interval=0.001, ping_message_factory=keepalive)
    with anyio.fail_after(10):
        await response({"type": "http", "method": "GET"}, receive, send)
    body = body_of(messages)
    assert body.startswith(ping * 2)  # a ping already went out: the event needs none in front
    assert body.endswith(b"\n\ndata: news\n\n")
    assert body.count(b"data: news") == 1
    assert b": ping" not in body
    assert messages[-1] == {"type": "http.response.body", "body": b"", "more_body": False}


@pytest.mark.anyio
async def test_send_timeout_ends_the_body_when_the_source_is_late() -> None:
    closed: list[str] = []
    ran: list[str] = []

    async def falls_silent() -> AsyncIterator[dict[str, Any]]:
        try:
            yield {"data": "first"}
            await anyio.Event().wait()  # never set: only the timeout ends this wait
            yield {"data": "never"}  # pragma: no cover
        finally:
            closed.append("source")

    response = EventStreamResponse(
        falls_silent(), ping_interval=0, send_timeout=0.05, background=Task(ran.append, "background")
    )
    messages: list[Message] = []
    with TIMED_OUT, anyio.fail_after(10):
        await _run_collecting(response, messages)
    assert body_of(messages) == b"data: first\n\n"
    assert messages[-1] == {"type": "http.response.body", "body": b"", "more_body": False}
    assert closed == ["source"]
    assert ran == []  # the response did not complete


@pytest.mark.anyio
async def test_send_timeout_gives_a_patient_source_each_of_its_events() -> None:
    messages = await run_raw(EventStreamResponse([{"data": 1}, {"data": 2}], ping_interval=0, send_timeout=3600))
    assert body_of(messages) == b"data: 1\n\ndata: 2\n\n"


@pytest.mark.anyio
async def test_send_timeout_works_with_a_source_that_yields_inside_its_own_task_group() -> None:
    async def grouped(late: bool) -> AsyncIterator[dict[str, Any]]:
        async with anyio.create_task_group() as group:
            group.start_soon(anyio.sleep_forever)
            yield {"data": "one"}
            yield {"data": "two"}
            if late:
                await anyio.Event().wait()  # never set
            group.cancel_scope.cancel()

    on_time = await run_raw(EventStreamResponse(grouped(late=False), ping_interval=0, send_timeout=3600))
    assert body_of(on_time) == b"data: one\n\ndata: two\n\n"
    assert on_time[-1]["more_body"] is False

    late: list[Message] = []
    with TIMED_OUT, anyio.fail_after(10):
        await _run_collecting(EventStreamResponse(grouped(late=True), ping_interval=0, send_timeout=0.05), late)
    assert body_of(late) == b"data: one\n\ndata: two\n\n"
    assert late[-1]["more_body"] is False


@pytest.mark.anyio
async def test_the_close_handler_hears_a_client_that_leaves_as_the_stream_ends() -> None:
    heard: list[Message] = []
    body_ended = anyio.Event()

    async def send(message: Message) -> None:
        if message["type"] == "http.response.body" and not message["more_body"]:
            body_ended.set()

    async def receive() -> Message:
        await body_ended.wait()  # the client leaves once it has the whole stream
        return {"type": "http.disconnect"}

    async def on_close(message: Message) -> None:
        await anyio.lowlevel.checkpoint()  # a handler that awaits still runs to its end
        heard.append(message)

    with anyio.fail_after(10):
        await EventStreamResponse(one_tick(), ping_interval=0, client_close_handler=on_close)(
            {"type": "http", "method": "GET"}, receive, send
        )
    assert heard == [{"type": "http.disconnect"}]


def test_the_close_handler_runs_when_a_test_client_reads_the_whole_stream(
    test_client_factory: TestClientFactory,
) -> None:
    heard: list[str] = []

    async def on_close(message: Message) -> None:
        heard.append(message["type"])

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await EventStreamResponse(one_tick(), client_close_handler=on_close)(scope, receive, send)

    response = test_client_factory(app).get("/")
    assert response.text == ": ping\n\nevent: tick\ndata: 1\n\n"
    assert heard == ["http.disconnect"]


async def _run_collecting(response: EventStreamResponse, messages: list[Message]) -> None:
    """Run ``response`` with a client that never leaves, recording into ``messages`` (kept on errors)."""

    async def send(message: Message) -> None:
        messages.append(message)

    async def receive() -> Message:
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    await response({"type": "http", "method": "GET"}, receive, send)
