"""Streaming, CSV, NDJSON and Server-Sent Events responses."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import httpx
import pytest

from lilya.background import Task
from lilya.responses import CSVResponse, EventStreamResponse, NDJSONResponse, StreamingResponse
from lilya.types import Message
from tests.conftest import TestClientFactory
from tests._servers import running_server
from tests.core._output_support import as_app, body_of, http_scope, run_raw


async def numbers(count: int) -> AsyncIterator[str]:
    for i in range(count):
        yield str(i)


def test_streams_async_and_sync_iterables(test_client_factory: TestClientFactory) -> None:
    def sync_chunks() -> Iterator[bytes]:
        yield b"a"
        yield b"b"

    client = test_client_factory(as_app(lambda scope: StreamingResponse(numbers(3), media_type="text/plain")))
    response = client.get("/")
    assert response.text == "012"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "content-length" not in response.headers
    assert test_client_factory(as_app(lambda scope: StreamingResponse(sync_chunks()))).get("/").content == b"ab"


@pytest.mark.anyio
async def test_last_chunk_closes_the_body() -> None:
    messages = await run_raw(StreamingResponse(numbers(3)))
    bodies = [m for m in messages if m["type"] == "http.response.body"]
    assert [m["more_body"] for m in bodies] == [True, True, False]


@pytest.mark.anyio
async def test_head_sends_headers_and_an_empty_final_body() -> None:
    consumed: list[int] = []

    async def tracked() -> AsyncIterator[bytes]:
        consumed.append(1)
        yield b"x"

    messages = await run_raw(StreamingResponse(tracked()), http_scope(method="HEAD"))
    assert [m["type"] for m in messages] == ["http.response.start", "http.response.body"]
    assert messages[1] == {"type": "http.response.body", "body": b"", "more_body": False}
    assert consumed == []


@pytest.mark.anyio
async def test_failure_after_headers_is_logged_and_never_sends_a_second_start(caplog: pytest.LogCaptureFixture) -> None:
    ran: list[str] = []

    async def broken() -> AsyncIterator[bytes]:
        yield b"first"
        raise RuntimeError("stream broke")

    response = StreamingResponse(broken(), background=Task(ran.append, "bg"))
    with caplog.at_level(logging.ERROR):
        messages = await run_raw(response)
    starts = [m for m in messages if m["type"] == "http.response.start"]
    assert len(starts) == 1
    assert not any(m["type"] == "http.response.body" and m.get("more_body") is False for m in messages)
    assert any(r.exc_info and "stream broke" in str(r.exc_info[1]) for r in caplog.records)
    assert ran == []  # the response was not completed: no background


@pytest.mark.anyio
async def test_client_disconnect_stops_an_endless_stream() -> None:
    produced = 0

    streaming = anyio.Event()

    async def endless() -> AsyncIterator[bytes]:
        nonlocal produced
        while True:
            produced += 1
            if produced == 3:
                streaming.set()
            yield b"."
            await anyio.sleep(0.001)

    async def receive() -> Message:
        await streaming.wait()  # the client leaves once the stream is flowing
        return {"type": "http.disconnect"}

    with anyio.fail_after(5):
        await run_raw(StreamingResponse(endless()), receive=receive)
    assert 0 < produced < 5000


def test_csv_response(test_client_factory: TestClientFactory) -> None:
    rows: list[dict[str, Any]] = [{"a": 1, "b": "x,y"}, {"a": 3, "b": None}]
    response = test_client_factory(as_app(lambda scope: CSVResponse(rows))).get("/")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text == 'a,b\n1,"x,y"\n3,None'
    assert test_client_factory(as_app(lambda scope: CSVResponse())).get("/").text == ""


def test_ndjson_response(test_client_factory: TestClientFactory) -> None:
    async def rows() -> AsyncIterator[Any]:
        yield {"a": 1}
        yield [1, 2]
        yield "x"

    response = test_client_factory(as_app(lambda scope: NDJSONResponse(rows()))).get("/")
    assert response.headers["content-type"] == "application/x-ndjson"
    assert response.text == '{"a":1}\n[1,2]\n"x"'


def test_event_stream_formats_events(test_client_factory: TestClientFactory) -> None:
    async def events() -> AsyncIterator[dict[str, Any]]:
        yield {"event": "tick", "data": {"a": 1}, "id": 3}
        yield {"data": "two\nlines"}
        yield {":": "comment", "retry": 5}

    response = test_client_factory(
        as_app(lambda scope: EventStreamResponse(events(), retry=1000, ping_interval=0))
    ).get("/")
    assert response.headers["content-type"] == "text/event-stream"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-accel-buffering"] == "no"
    assert response.text == (
        'id: 3\nevent: tick\ndata: {"a": 1}\nretry: 1000\n\n'
        "data: two\ndata: lines\nretry: 1000\n\n"
        ": comment\nretry: 5\n\n"
    )


def test_event_stream_fields_cannot_inject_lines() -> None:
    encoded = EventStreamResponse([], ping_interval=0)._encode_event({"event": "a\nid: 666", "id": "1\r\n"})
    assert encoded == b"id: 1  \nevent: a id: 666\n\n"


def test_event_stream_rejects_bad_separator() -> None:
    with pytest.raises(ValueError):
        EventStreamResponse([], separator="\t")
    assert EventStreamResponse([{"data": 1}], separator="\r\n")._encode_event({"data": 1}) == b"data: 1\r\n\r\n"


@pytest.mark.anyio
async def test_event_stream_pings_while_waiting() -> None:
    messages: list[Message] = []
    two_pings = anyio.Event()

    async def slow() -> AsyncIterator[dict[str, Any]]:
        await two_pings.wait()  # nothing to say until the keep-alive has spoken twice
        yield {"data": "late"}

    async def send(message: Message) -> None:
        messages.append(message)
        if body_of(messages).count(b": ping\n\n") >= 2:
            two_pings.set()

    async def receive() -> Message:
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    with anyio.fail_after(10):
        await EventStreamResponse(slow(), ping_interval=0.01)(scope, receive, send)
    body = body_of(messages)
    assert body.count(b": ping\n\n") >= 2
    assert body.endswith(b"data: late\n\n")
    assert messages[-1] == {"type": "http.response.body", "body": b"", "more_body": False}


@pytest.mark.anyio
async def test_event_stream_stops_on_disconnect_and_calls_the_close_handler() -> None:
    closed: list[Message] = []

    streaming = anyio.Event()

    async def endless() -> AsyncIterator[dict[str, Any]]:
        while True:
            yield {"data": "x"}
            streaming.set()
            await anyio.sleep(0.001)

    async def receive() -> Message:
        await streaming.wait()  # the client leaves once the stream is flowing
        return {"type": "http.disconnect"}

    async def on_close(message: Message) -> None:
        closed.append(message)

    with anyio.fail_after(5):
        await run_raw(EventStreamResponse(endless(), ping_interval=0, client_close_handler=on_close), receive=receive)
    assert closed == [{"type": "http.disconnect"}]


def test_real_server_truncates_a_failing_stream_and_keeps_serving() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return

        async def broken() -> AsyncIterator[bytes]:
            yield b"partial"
            raise RuntimeError("boom")

        if scope["path"] == "/broken":
            await StreamingResponse(broken())(scope, receive, send)
        else:
            await StreamingResponse(numbers(3))(scope, receive, send)

    with running_server(app) as base, httpx.Client(base_url=base, timeout=5) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/broken")
        assert client.get("/ok").text == "012"


def test_real_server_event_stream_stops_when_the_client_leaves() -> None:
    finished = threading.Event()
    closed: list[Message] = []

    async def endless() -> AsyncIterator[dict[str, Any]]:
        try:
            n = 0
            while True:
                n += 1
                yield {"data": n}
                await anyio.sleep(0.01)
        finally:
            finished.set()

    async def on_close(message: Message) -> None:
        closed.append(message)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await EventStreamResponse(endless(), ping_interval=0, client_close_handler=on_close)(scope, receive, send)

    with running_server(app) as base, httpx.Client(base_url=base, timeout=5) as client:
        with client.stream("GET", "/") as response:
            assert response.headers["content-type"] == "text/event-stream"
            first = next(response.iter_lines())
            assert first == "data: 1"
        assert finished.wait(5), "the event source kept running after the client left"
    assert closed and closed[0]["type"] == "http.disconnect"


def test_real_server_streaming_response_stops_when_the_client_leaves() -> None:
    finished = threading.Event()

    async def endless() -> AsyncIterator[bytes]:
        try:
            while True:  # waits on nothing but the loop: only the disconnect can end it
                yield b"chunk\n"
                await anyio.sleep(0)
        finally:
            finished.set()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await StreamingResponse(endless())(scope, receive, send)

    with running_server(app) as base, httpx.Client(base_url=base, timeout=5) as client:
        with client.stream("GET", "/") as response:
            assert next(response.iter_lines()) == "chunk"
        assert finished.wait(5), "the body iterator kept running after the client left"


@pytest.mark.anyio
async def test_event_source_failure_is_logged_and_leaves_the_response_unfinished(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ran: list[str] = []

    async def broken() -> AsyncIterator[dict[str, Any]]:
        yield {"data": "one"}
        raise RuntimeError("source broke")

    with caplog.at_level(logging.ERROR), anyio.fail_after(5):
        messages = await run_raw(EventStreamResponse(broken(), ping_interval=0, background=Task(ran.append, "bg")))
    assert [m["type"] for m in messages].count("http.response.start") == 1
    assert not any(m.get("more_body") is False for m in messages)
    assert any(r.exc_info and "source broke" in str(r.exc_info[1]) for r in caplog.records)
    assert ran == []


@pytest.mark.anyio
async def test_sync_iterator_failure_is_handled_the_same_way(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> Iterator[bytes]:
        yield b"a"
        raise OSError("disk gone")

    with caplog.at_level(logging.ERROR):
        messages = await run_raw(StreamingResponse(broken()))
    assert messages[0]["type"] == "http.response.start"
    assert not any(m.get("more_body") is False for m in messages)
    assert any(r.exc_info and "disk gone" in str(r.exc_info[1]) for r in caplog.records)


@pytest.mark.anyio
async def test_event_stream_send_timeout_ends_a_stuck_stream() -> None:
    sent: list[Message] = []

    async def endless() -> AsyncIterator[dict[str, Any]]:
        while True:
            yield {"data": "x"}

    async def stuck_send(message: Message) -> None:
        sent.append(message)
        if len(sent) > 2:
            await anyio.sleep_forever()  # a client that stopped reading

    async def receive() -> Message:
        await anyio.sleep_forever()
        return {"type": "http.disconnect"}  # pragma: no cover

    response = EventStreamResponse(endless(), ping_interval=0, send_timeout=0.05)
    with pytest.RaisesGroup(pytest.RaisesExc(TimeoutError, match="^SSE send timed out$")), anyio.fail_after(5):
        await response(http_scope(), receive, stuck_send)
    assert len(sent) == 3  # nothing more is tried once the server stopped taking messages


@pytest.mark.anyio
async def test_disconnect_closes_the_applications_generator() -> None:
    cleaned: list[str] = []

    streaming = anyio.Event()

    async def endless() -> AsyncIterator[bytes]:
        try:
            while True:
                yield b"."
                streaming.set()
                await anyio.sleep(0.001)
        finally:
            cleaned.append("finally ran")

    async def receive() -> Message:
        await streaming.wait()  # the client leaves once the stream is flowing
        return {"type": "http.disconnect"}

    with anyio.fail_after(5):
        await run_raw(StreamingResponse(endless()), receive=receive)
    assert cleaned == ["finally ran"]
