"""``lilya.shutdown``: the process-wide signal that ends long-lived responses when a server drains.

In process, on asyncio and trio; the same paths against real servers and SIGTERM are in
tests/cli/test_graceful_shutdown.py.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import AsyncIterator, Iterator
from types import FrameType
from typing import Any

import anyio
import pytest

from lilya.responses import EventStreamResponse, StreamingResponse
from lilya.shutdown import GracefulShutdown, shutdown, until_shutdown
from lilya.types import Receive, Scope, Send
from lilya.websockets import WebSocket
from tests.conftest import TestClientFactory


@pytest.fixture(autouse=True)
def _fresh_flag() -> Iterator[None]:
    shutdown.clear()
    yield
    shutdown.clear()


@pytest.mark.anyio
async def test_cancel_on_set_wakes_a_waiter_when_set_from_another_thread() -> None:
    notifier = GracefulShutdown()
    async with anyio.create_task_group() as group:

        async def waiter(*, task_status: anyio.abc.TaskStatus[None]) -> None:
            with notifier.cancel_on_set() as scope:
                task_status.started()
                await anyio.sleep_forever()
            assert scope.cancelled_caught

        await group.start(waiter)
        thread = threading.Thread(target=notifier.set)
        thread.start()
        thread.join()
    assert notifier.is_set()


@pytest.mark.anyio
async def test_a_scope_entered_after_the_shutdown_is_cancelled_at_once() -> None:
    notifier = GracefulShutdown()
    notifier.set()
    notifier.set()  # idempotent
    with notifier.cancel_on_set() as scope:
        await anyio.sleep_forever()
    assert scope.cancelled_caught
    notifier.clear()
    assert not notifier.is_set()


@pytest.mark.anyio
async def test_until_shutdown_ends_the_wait_for_the_next_item_only() -> None:
    notifier = GracefulShutdown()
    finished = False

    async def source() -> AsyncIterator[int]:
        nonlocal finished
        try:
            yield 1
            yield 2
            await anyio.sleep_forever()
        finally:
            finished = True

    received = []
    async for item in until_shutdown(source(), notifier):
        received.append(item)
        if item == 2:
            notifier.set()  # while item 2 is being handled: it is kept, the endless wait is not
    assert received == [1, 2]
    assert finished


@pytest.mark.anyio
async def test_until_shutdown_passes_a_finite_iterable_through() -> None:
    async def source() -> AsyncIterator[str]:
        for item in "abc":
            yield item

    assert [item async for item in until_shutdown(source())] == ["a", "b", "c"]


async def endless(first: bytes) -> AsyncIterator[bytes]:
    yield first
    yield b"more"
    await anyio.sleep_forever()


def test_a_streaming_response_ends_complete_on_shutdown(test_client_factory: TestClientFactory) -> None:
    ran: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        from lilya.background import Task

        await StreamingResponse(endless(b"first"), background=Task(ran.append, "background"))(scope, receive, send)

    with test_client_factory(app).stream("GET", "/") as response:
        chunks = response.iter_bytes()
        assert next(chunks) == b"first"
        shutdown.set()
        assert b"".join(chunks) == b"more"
    assert ran == ["background"]


def test_an_event_stream_ends_complete_on_shutdown(test_client_factory: TestClientFactory) -> None:
    async def events() -> AsyncIterator[dict[str, Any]]:
        yield {"data": "one"}
        await anyio.sleep_forever()

    app = EventStreamResponse(events(), ping_interval=0)
    with test_client_factory(app).stream("GET", "/") as response:
        lines = response.iter_lines()
        assert next(lines) == "data: one"
        shutdown.set()
        assert [line for line in lines if line] == []


def test_an_event_source_with_its_own_task_group_streams_and_ends_on_shutdown(
    test_client_factory: TestClientFactory,
) -> None:
    async def events() -> AsyncIterator[dict[str, Any]]:
        async with anyio.create_task_group() as group:  # yields inside its own scope
            group.start_soon(anyio.sleep_forever)
            yield {"data": "one"}
            yield {"data": "two"}
            await anyio.sleep_forever()

    app = EventStreamResponse(events(), ping_interval=0)
    with test_client_factory(app).stream("GET", "/") as response:
        lines = response.iter_lines()
        assert [next(lines) for _ in range(3)] == ["data: one", "", "data: two"]
        shutdown.set()
        assert [line for line in lines if line] == []


def test_a_body_iterator_with_its_own_task_group_streams_and_ends_on_shutdown(
    test_client_factory: TestClientFactory,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        async with anyio.create_task_group() as group:  # yields inside its own scope
            group.start_soon(anyio.sleep_forever)
            yield b"one"
            yield b"two"
            yield b"three"
            await anyio.sleep_forever()

    with test_client_factory(StreamingResponse(chunks())).stream("GET", "/") as response:
        received = response.iter_bytes()
        assert next(received) + next(received) == b"onetwo"
        shutdown.set()
        assert b"".join(received) == b"three"  # the chunk held back is delivered, then the body ends


@pytest.mark.parametrize("kind", ["csv", "ndjson"])
def test_csv_and_ndjson_end_with_their_last_row_on_shutdown(test_client_factory: TestClientFactory, kind: str) -> None:
    from lilya.responses import CSVResponse, NDJSONResponse

    async def rows() -> AsyncIterator[dict[str, Any]]:
        yield {"a": 1}
        yield {"a": 2}
        await anyio.sleep_forever()

    response_class = CSVResponse if kind == "csv" else NDJSONResponse
    with test_client_factory(response_class(rows())).stream("GET", "/") as response:
        received = response.iter_bytes()
        first = next(received)
        shutdown.set()
        body = first + b"".join(received)
    assert body == (b"a\n1\n2" if kind == "csv" else b'{"a":1}\n{"a":2}')


def test_an_idle_websocket_is_closed_with_going_away(test_client_factory: TestClientFactory) -> None:
    seen: list[Any] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        await websocket.send_text("ready")
        seen.append(await websocket.receive())

    with test_client_factory(app).websocket_connect("/") as session:
        assert session.receive_text() == "ready"
        shutdown.set()
        message = session.receive()
    assert message["type"] == "websocket.close" and message["code"] == 1001
    assert seen == [{"type": "websocket.disconnect", "code": 1001, "reason": "Server shutting down"}]


def test_signal_handlers_are_chained_and_restored() -> None:
    notifier = GracefulShutdown()
    calls: list[int] = []

    def server_handler(signum: int, frame: FrameType | None) -> None:
        calls.append(signum)

    previous = signal.signal(signal.SIGUSR1, server_handler)
    try:
        with notifier.observing_signals((signal.SIGUSR1, signal.SIGUSR2)):
            signal.raise_signal(signal.SIGUSR1)
            assert notifier.is_set() and calls == [signal.SIGUSR1]
        assert signal.getsignal(signal.SIGUSR1) is server_handler
        assert signal.getsignal(signal.SIGUSR2) is signal.SIG_DFL  # nobody to chain: left alone
    finally:
        signal.signal(signal.SIGUSR1, previous)


def test_signal_handlers_are_only_installed_from_the_main_thread() -> None:
    notifier = GracefulShutdown()
    before = signal.getsignal(signal.SIGINT)
    undo: list[Any] = []
    thread = threading.Thread(target=lambda: undo.append(notifier.install_signal_handlers()))
    thread.start()
    thread.join()
    assert signal.getsignal(signal.SIGINT) is before
    undo[0]()  # a no-op
    assert signal.getsignal(signal.SIGINT) is before
