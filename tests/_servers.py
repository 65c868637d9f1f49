"""Real servers for server-level tests: uvicorn on 127.0.0.1 on a free port.

Two ways in: `running_server` serves an ASGI app from a thread of the test process;
`server_process` starts a command (uvicorn script, `lilya runserver`) in its own process group and
`wait_for` polls it until it answers. Both stop what they started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import httpx

from lilya.types import ASGIApp

__all__ = ["closed_port", "free_port", "running_server", "server_process", "silent_server", "wait_for"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses connections for the whole block.

    Bound but never listening: connecting gets ECONNREFUSED, and no other process can start
    listening on it meanwhile (a port from `free_port` could be taken by then).
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@contextlib.contextmanager
def running_server(app: ASGIApp, lifespan: Literal["auto", "on", "off"] = "off") -> Iterator[str]:
    """Yield the base URL while uvicorn serves ``app`` in a thread; stop it afterwards.

    ``log_config=None`` leaves logging alone, so ``caplog`` sees what uvicorn logs. The listening
    socket is bound here and handed to uvicorn: a port picked first and bound later could be taken
    meanwhile by another process (many test runs share the machine).
    """
    import uvicorn

    listener = socket.create_server(("127.0.0.1", 0))
    port: int = listener.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan=lifespan, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


@contextlib.contextmanager
def server_process(args: Sequence[str], **popen: Any) -> Iterator[subprocess.Popen[Any]]:
    """Run ``args`` in a new process group; SIGTERM the whole group on exit (uvicorn may fork)."""
    process: subprocess.Popen[Any] = subprocess.Popen(list(args), start_new_session=True, **popen)
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=15)  # drains any pipes, so a chatty server cannot block


def wait_for(url: str, process: subprocess.Popen[Any], timeout: float = 30.0) -> httpx.Response:
    """GET ``url`` once the server started by ``process`` answers; fail early if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.communicate()[1] if process.stderr is not None else ""
            raise AssertionError(f"server exited early with {process.returncode}: {str(error)[-2000:]}")
        try:
            return httpx.get(url, timeout=1.0)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout}s")


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word (a server that hangs)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    port: int = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        done.set()
        thread.join(5)
        for conn in accepted:
            conn.close()
        listener.close()
