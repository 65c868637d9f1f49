"""examples/sse_chat.py served by two uvicorn processes sharing a real redis-server."""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx

from tests._servers import free_port, server_process, wait_for
from tests._services import RedisServer

ROOT = pathlib.Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def worker(redis_url: str | None) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    if redis_url:
        env["REDIS_URL"] = redis_url
    args = [sys.executable, "-m", "uvicorn", "examples.sse_chat:app", "--port", str(port), "--log-level", "warning"]
    with server_process(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health", process)
        yield base


def _next_data(lines: Iterator[str]) -> tuple[str, Any]:
    """(id, decoded data) of the next chat event on the stream."""
    event_id = ""
    for line in lines:
        if line.startswith("id: "):
            event_id = line[4:]
        elif line.startswith("data: "):
            return event_id, json.loads(line[6:])
    raise AssertionError("the stream ended")


def test_a_message_posted_to_one_worker_reaches_listeners_on_both(redis_server: RedisServer) -> None:
    with worker(redis_server.url) as one, worker(redis_server.url) as two, httpx.Client(timeout=10) as client:
        assert client.get(f"{one}/health").json()["worker"] != client.get(f"{two}/health").json()["worker"]
        with (
            client.stream("GET", f"{one}/rooms/lobby/events") as on_one,
            client.stream("GET", f"{two}/rooms/lobby/events") as on_two,
        ):
            posted = client.post(f"{two}/rooms/lobby/messages", json={"user": "ann", "text": "hi all"})
            assert posted.status_code == 202
            lines_one, lines_two = on_one.iter_lines(), on_two.iter_lines()
            first = (posted.json()["id"], {"user": "ann", "text": "hi all"})
            assert _next_data(lines_one) == first
            assert _next_data(lines_two) == first
            second = client.post(f"{one}/rooms/lobby/messages", json={"user": "bob", "text": "hello"}).json()["id"]
            assert _next_data(lines_one)[0] == second
            assert _next_data(lines_two)[0] == second
        # A client that reconnects to either worker with Last-Event-ID gets what followed it.
        with client.stream("GET", f"{one}/rooms/lobby/events", headers={"last-event-id": first[0]}) as again:
            assert _next_data(again.iter_lines())[0] == second
        assert client.post(f"{one}/rooms/lobby/messages", json={"text": " "}).status_code == 400
        # Every stream above is closed: each worker unsubscribes its clients once it sees them gone.
        deadline = time.monotonic() + 10
        while any(client.get(f"{url}/health").json()["listening"] != {"lobby": 0} for url in (one, two)):
            assert time.monotonic() < deadline, "a closed stream stayed subscribed"
            time.sleep(0.02)


def test_without_redis_the_example_is_a_single_process_chat() -> None:
    with worker(None) as base, httpx.Client(timeout=10) as client:
        with client.stream("GET", f"{base}/rooms/r/events") as events:
            client.post(f"{base}/rooms/r/messages", json={"user": "ann", "text": "solo"})
            assert _next_data(events.iter_lines())[1] == {"user": "ann", "text": "solo"}
