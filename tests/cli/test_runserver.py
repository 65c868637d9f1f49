"""`lilya runserver` against a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 20.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited early with {process.returncode}")
        try:
            return httpx.get(url, timeout=1.0)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout}s")


def test_runserver_serves_the_demo() -> None:
    port = free_port()
    lilya = pathlib.Path(sys.executable).parent / "lilya"
    process = subprocess.Popen(
        [str(lilya), "runserver", "examples.demo:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        response = wait_for(f"http://127.0.0.1:{port}/hello/lilya", process)
        assert response.status_code == 200
        assert response.json() == {"hello": "lilya"}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
