"""SSE fan-out of lilya.contrib.sse: subscribers x messages/s, in process, one worker, two workers on Redis.

    hatch run python benchmarks/sse_fanout.py                       # 200 subscribers, 200 messages
    hatch run python benchmarks/sse_fanout.py --subscribers 500 --messages 100

Phases (each reports messages/s published and events/s delivered = subscribers x messages/s):
1. in process: one `SSEChannel`, N subscriber tasks, M broadcasts (the channel's own cost);
2. one worker: `examples/sse_chat.py` under uvicorn, N real SSE clients, M messages POSTed;
3. two workers: the same app in two uvicorn processes sharing a private redis-server (started here on
   a free port, persistence off), N/2 clients on each, messages POSTed to both alternately.
The clients run in this process (httpx), so on a small machine they bound the figures; each phase
checks that every client received every message (a dropped subscriber is reported, not hidden).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import anyio
import httpx

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def process(args: list[str], env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)


def wait_http(url: str, deadline: float = 30.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        with contextlib.suppress(httpx.TransportError):
            httpx.get(url, timeout=1.0)
            return
        time.sleep(0.05)
    raise SystemExit(f"{url} did not answer")


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    executable = shutil.which("redis-server")
    if executable is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    args = [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    with process(args):
        end = time.monotonic() + 10
        while time.monotonic() < end:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"


@contextlib.contextmanager
def workers(count: int, redis_url: str | None) -> Iterator[list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    if redis_url:
        env["REDIS_URL"] = redis_url
    with contextlib.ExitStack() as stack:
        urls = []
        for _ in range(count):
            port = free_port()
            args = [sys.executable, "-m", "uvicorn", "examples.sse_chat:app", "--port", str(port)]
            stack.enter_context(process([*args, "--log-level", "warning"], env))
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            wait_http(url + "/health")
        yield urls


def report(name: str, subscribers: int, messages: int, seconds: float, received: int) -> None:
    print(
        f"{name:<28} {subscribers:>5} subscribers x {messages:>4} messages in {seconds:6.3f} s: "
        f"{messages / seconds:9.0f} messages/s, {received / seconds:9.0f} events/s delivered "
        f"({received}/{subscribers * messages} received)"
    )


async def in_process(subscribers: int, messages: int) -> None:
    from lilya.contrib.sse.channels import SSEChannel

    channel = SSEChannel("bench", max_queue=max(256, messages))
    received = 0
    done = anyio.Event()

    async def consume(subscription: object) -> None:
        nonlocal received
        count = 0
        async for _ in subscription:  # type: ignore[attr-defined]
            count += 1
            if count == messages:
                break
        received += count
        if received == subscribers * messages:
            done.set()

    async with anyio.create_task_group() as group:
        for _ in range(subscribers):
            group.start_soon(consume, channel.subscribe(heartbeat_interval=None))
        started = time.perf_counter()
        for n in range(messages):
            await channel.broadcast({"event": "chat", "data": n})
        await done.wait()
        elapsed = time.perf_counter() - started
    report("in process (one channel)", subscribers, messages, elapsed, received)


async def over_http(name: str, urls: list[str], subscribers: int, messages: int, posters: int = 8) -> None:
    limits = httpx.Limits(max_connections=subscribers + posters + 8)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        received = 0
        ready = 0
        all_ready = anyio.Event()
        done = anyio.Event()

        async def listen(url: str) -> None:
            nonlocal received, ready
            count = 0
            async with client.stream("GET", f"{url}/rooms/bench/events") as response:
                ready += 1  # subscribed: the handler subscribes before the headers are sent
                if ready == subscribers:
                    all_ready.set()
                async for line in response.aiter_lines():
                    if line == "event: chat":
                        count += 1
                        if count == messages:
                            break
            received += count
            if received >= subscribers * messages:
                done.set()

        async def post(indexes: range) -> None:
            for n in indexes:
                url = urls[n % len(urls)]
                await client.post(f"{url}/rooms/bench/messages", json={"user": "bench", "text": str(n)})

        async with anyio.create_task_group() as group:
            for n in range(subscribers):
                group.start_soon(listen, urls[n % len(urls)])
            await all_ready.wait()
            started = time.perf_counter()
            async with anyio.create_task_group() as publishing:
                for p in range(posters):
                    publishing.start_soon(post, range(p, messages, posters))
            with anyio.move_on_after(60):
                await done.wait()
            elapsed = time.perf_counter() - started
            group.cancel_scope.cancel()
    report(name, subscribers, messages, elapsed, received)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--messages", type=int, default=200, help="at most 256 (the default subscriber queue)")
    args = parser.parse_args()
    anyio.run(in_process, args.subscribers, args.messages)
    with workers(1, None) as urls:
        anyio.run(over_http, "one worker (in process)", urls, args.subscribers, args.messages)
    with redis_server() as redis_url, workers(2, redis_url) as urls:
        anyio.run(over_http, "two workers (Redis pub/sub)", urls, args.subscribers, args.messages)


if __name__ == "__main__":
    main()
