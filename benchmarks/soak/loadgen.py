"""Load generators, loopback only: wrk when installed (``apt-get install wrk``), else asyncio streams.

The plain HTTP scenarios use wrk if it is on PATH (it pushes much harder than Python can); the
stdlib client below is the fallback and drives the SSE fan-out, the open streams of the shutdown
run and the idle WebSockets, which wrk cannot. Both frameworks are measured by the same client.
Every client loop is bounded by a deadline, every read by a timeout.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field

__all__ = [
    "HttpResult",
    "SseResult",
    "StreamEnd",
    "http_load",
    "idle_websockets",
    "open_streams",
    "sse_fanout",
    "wrk_load",
]

READ_TIMEOUT = 10.0


@dataclass
class HttpResult:
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 0.99) * 1000


def _wrk_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_load(port: int, path: str, connections: int, seconds: float) -> HttpResult | None:
    """The same measurement with wrk (2 threads, ``--latency``); ``None`` when wrk is missing."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    command = [
        wrk,
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    seconds_run = float(re.search(r"requests in ([\d.]+)s", output).group(1))  # type: ignore[union-attr]
    p99 = _wrk_ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return HttpResult(requests=requests, errors=errors, latencies=[p99 / 1000], seconds=seconds_run)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT)
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await asyncio.wait_for(reader.readexactly(length), READ_TIMEOUT)
    return status


async def http_load(port: int, path: str, connections: int, seconds: float) -> HttpResult:
    """Keep-alive GETs of ``path`` from ``connections`` clients for ``seconds``."""
    result = HttpResult()
    request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds

    async def client() -> None:
        writer = None
        while loop.time() < deadline:
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                started = time.perf_counter()
                writer.write(request)
                status = await _read_response(reader)
                result.latencies.append(time.perf_counter() - started)
                result.requests += 1
                if status != 200:
                    result.errors += 1
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError):
                result.errors += 1
                writer = None
        if writer is not None:
            writer.close()

    started = loop.time()
    await asyncio.gather(*(client() for _ in range(connections)))
    result.seconds = loop.time() - started
    return result


@dataclass
class SseResult:
    clients: int = 0
    events: int = 0
    errors: int = 0
    delays: list[float] = field(default_factory=list)
    seconds: float = 0.0


async def _open_sse(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /sse HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n")
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT)
    if int(head[9:12]) != 200 or b"chunked" not in head.lower():
        raise ValueError(f"unexpected SSE answer: {head[:80]!r}")
    return reader, writer


async def _next_chunk(reader: asyncio.StreamReader) -> bytes:
    """One chunk of a chunked body; ``b""`` is the terminating chunk (a complete response)."""
    size = int((await asyncio.wait_for(reader.readuntil(b"\r\n"), READ_TIMEOUT)).strip(), 16)
    data = await asyncio.wait_for(reader.readexactly(size + 2), READ_TIMEOUT)
    return data[:-2]


async def sse_fanout(port: int, clients: int, seconds: float) -> SseResult:
    """``clients`` subscribers of ``/sse``; delivery delay = arrival time - the event's ``ts``."""
    result = SseResult(clients=clients)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds

    async def subscriber() -> None:
        try:
            reader, writer = await _open_sse(port)
        except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            result.errors += 1
            return
        try:
            while loop.time() < deadline:
                chunk = await _next_chunk(reader)
                if not chunk:
                    result.errors += 1  # ended early
                    return
                now = time.time()
                for event in chunk.split(b"\n\n"):
                    if event.startswith(b"data: "):
                        result.events += 1
                        result.delays.append(now - json.loads(event[6:])["ts"])
        except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            result.errors += 1
        finally:
            writer.close()

    started = loop.time()
    await asyncio.gather(*(subscriber() for _ in range(clients)))
    result.seconds = loop.time() - started
    return result


@dataclass
class StreamEnd:
    """How the open streams ended when the server shut down."""

    complete: int = 0  # the terminating chunk arrived: a complete response
    cut: int = 0  # reset or closed mid-body
    errors: int = 0  # could not open


async def open_streams(port: int, count: int) -> tuple[list[asyncio.Task[str]], asyncio.Event]:
    """Open ``count`` SSE streams; return their reader tasks and an event set once all got data."""
    ready = asyncio.Event()
    flowing = 0

    async def stream() -> str:
        nonlocal flowing
        try:
            reader, writer = await _open_sse(port)
            await _next_chunk(reader)
        except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            flowing += 1
            if flowing == count:
                ready.set()
            return "error"
        flowing += 1
        if flowing == count:
            ready.set()
        try:
            while await _next_chunk(reader):
                pass
            return "complete"
        except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError):
            return "cut"
        finally:
            writer.close()

    tasks = [asyncio.create_task(stream()) for _ in range(count)]
    return tasks, ready


async def idle_websockets(port: int, count: int) -> list[asyncio.StreamWriter]:
    """Open ``count`` WebSockets (raw handshake), wait for each one's "ready" frame; keep them open."""

    async def connect() -> asyncio.StreamWriter:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                "GET /ws HTTP/1.1\r\nHost: bench\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT)
        if not head.startswith(b"HTTP/1.1 101"):
            raise ValueError(f"handshake refused: {head[:60]!r}")
        frame = await asyncio.wait_for(reader.readexactly(7), READ_TIMEOUT)  # 0x81, len 5, "ready"
        if frame[2:] != b"ready":
            raise ValueError(f"unexpected frame {frame!r}")
        return writer

    writers: list[asyncio.StreamWriter] = []
    for start in range(0, count, 200):  # in waves: the listen backlog stays small
        writers.extend(await asyncio.gather(*(connect() for _ in range(min(200, count - start)))))
    return writers
