"""``hatch run bench-soak``: a soak and shutdown benchmark over the wire (uvicorn on 127.0.0.1).

For each framework (our Lilya, Starlette) the same app (``lilya_soak.py``, ``starlette_soak.py``)
runs under uvicorn in its own process, and the stdlib load generator (``loadgen.py``) measures:

- plaintext, JSON and a routed request (20 routes before it, two path parameters): requests/s,
  p99 latency, errors, server RSS before/after (wrk when installed, else the stdlib client);
- an SSE fan-out (one publisher every 50 ms, N subscribers): events/s delivered, p99 delivery
  delay, errors, RSS;
- idle WebSockets: server RSS per open connection (K connections, each accepted and greeted);
- shutdown: N open event streams, then SIGTERM: seconds until the process exits, and how many
  streams ended with a complete response versus cut.

Bounded in time (each load phase lasts ``--seconds``; servers get ``--graceful`` seconds to drain).
These are benchmarks, not tests: they print figures and assert nothing. Nothing outside the
repository is read.

    hatch run bench-soak
    hatch run bench-soak --seconds 10 --connections 64 --sse-clients 500 --websockets 5000
    hatch run bench-soak --frameworks lilya --json /tmp/soak.json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from loadgen import http_load, idle_websockets, open_streams, percentile, sse_fanout, wrk_load  # noqa: E402

SCENARIOS = {"plaintext": "/plaintext", "json": "/json", "routed": "/users/42/items/book"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def rss_mib(pid: int) -> float:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextlib.contextmanager
def server(framework: str, graceful: int, ws: str = "auto") -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """uvicorn serving ``<framework>_soak:app`` on a free loopback port, in its own process group."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", f"{framework}_soak:app", "--app-dir", str(HERE),
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
        "--timeout-graceful-shutdown", str(graceful), "--ws", ws,
    ]  # fmt: skip
    # stderr dropped: Starlette's cut streams log a traceback each when the graceful timeout hits
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{framework} server did not start")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            time.sleep(0.05)
        yield process, port
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


async def soak(framework: str, options: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with server(framework, options.graceful, options.ws) as (process, port):
        await http_load(port, "/plaintext", 4, 0.5)  # warm-up
        for name, path in SCENARIOS.items():
            before = rss_mib(process.pid)
            wrk = None if options.python_client else wrk_load(port, path, options.connections, options.seconds)
            result = wrk or await http_load(port, path, options.connections, options.seconds)
            figures["client"] = "python" if wrk is None else "wrk"
            figures[name] = {
                "rps": round(result.rps),
                "p99_ms": round(result.p99_ms, 2),
                "errors": result.errors,
                "rss_before_mib": round(before, 1),
                "rss_after_mib": round(rss_mib(process.pid), 1),
            }
        before = rss_mib(process.pid)
        fanout = await sse_fanout(port, options.sse_clients, options.seconds)
        figures["sse_fanout"] = {
            "clients": fanout.clients,
            "events_per_s": round(fanout.events / fanout.seconds) if fanout.seconds else 0,
            "p99_delay_ms": round(percentile(fanout.delays, 0.99) * 1000, 2),
            "errors": fanout.errors,
            "rss_before_mib": round(before, 1),
            "rss_after_mib": round(rss_mib(process.pid), 1),
        }
        before = rss_mib(process.pid)
        writers = await idle_websockets(port, options.websockets)
        await asyncio.sleep(0.5)  # let the server settle before reading its RSS (not a correctness wait)
        after = rss_mib(process.pid)
        figures["idle_websockets"] = {
            "connections": len(writers),
            "rss_before_mib": round(before, 1),
            "rss_after_mib": round(after, 1),
            "kib_per_connection": round((after - before) * 1024 / max(len(writers), 1), 1),
        }
        for writer in writers:
            writer.close()
    with server(framework, options.graceful) as (process, port):
        tasks, ready = await open_streams(port, options.shutdown_streams)
        await asyncio.wait_for(ready.wait(), 30)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        while process.poll() is None and time.monotonic() - started < options.graceful + 15:
            await asyncio.sleep(0.01)
        elapsed = time.monotonic() - started
        ends = await asyncio.gather(*tasks)
        figures["shutdown"] = {
            "streams": options.shutdown_streams,
            "exit_s": round(elapsed, 2),
            "complete": ends.count("complete"),
            "cut": ends.count("cut"),
            "errors": ends.count("error"),
            "graceful_timeout_s": options.graceful,
        }
    return figures


def table(results: dict[str, dict[str, Any]]) -> str:
    rows = [
        "| framework | scenario | req/s (events/s) | p99 ms | errors | RSS MiB before → after |",
        "|---|---|---|---|---|---|",
    ]
    for framework, figures in results.items():
        for name in [*SCENARIOS, "sse_fanout"]:
            f = figures[name]
            rate = f.get("rps", f.get("events_per_s"))
            p99 = f.get("p99_ms", f.get("p99_delay_ms"))
            label = name if name != "sse_fanout" else f"SSE fan-out ({f['clients']} clients)"
            rows.append(
                f"| {framework} | {label} | {rate} | {p99} | {f['errors']} | "
                f"{f['rss_before_mib']} → {f['rss_after_mib']} |"
            )
    rows += ["", "| framework | idle WebSockets | RSS MiB before → after | KiB per connection |", "|---|---|---|---|"]
    for framework, figures in results.items():
        w = figures["idle_websockets"]
        rows.append(
            f"| {framework} | {w['connections']} | {w['rss_before_mib']} → {w['rss_after_mib']} "
            f"| {w['kib_per_connection']} |"
        )
    rows += [
        "",
        "| framework | open streams | SIGTERM → exit (s) | complete | cut | graceful timeout (s) |",
        "|---|---|---|---|---|---|",
    ]
    for framework, figures in results.items():
        s = figures["shutdown"]
        rows.append(
            f"| {framework} | {s['streams']} | {s['exit_s']} | {s['complete']} | {s['cut']} "
            f"| {s['graceful_timeout_s']} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frameworks", default="lilya,starlette")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each load phase")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--sse-clients", type=int, default=200)
    parser.add_argument("--websockets", type=int, default=2000)
    parser.add_argument("--shutdown-streams", type=int, default=200)
    parser.add_argument("--graceful", type=int, default=5, help="uvicorn --timeout-graceful-shutdown")
    parser.add_argument("--ws", default="auto", help="uvicorn's WebSocket implementation (--ws)")
    parser.add_argument("--python-client", action="store_true", help="the stdlib client even when wrk exists")
    parser.add_argument("--json", help="also write the figures to this file")
    options = parser.parse_args()
    results = {name: asyncio.run(soak(name, options)) for name in options.frameworks.split(",")}
    print(f"HTTP client: {next(iter(results.values()))['client']}; each phase {options.seconds}s\n")
    print(table(results))
    if options.json:
        pathlib.Path(options.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
