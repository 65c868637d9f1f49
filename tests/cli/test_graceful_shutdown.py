"""SIGTERM with long-lived connections open: the server drains them and exits (real servers).

One client on an endless event stream, one on an endless streaming response, one request busy in
its handler and one idle WebSocket; then SIGTERM. Every response must arrive complete (httpx
raises on a truncated chunked body), the WebSocket must be closed with 1001 (going away), the
background tasks and the app's ``on_shutdown`` must run, and the process must exit well before
the graceful-shutdown timeout would cut the connections.
"""

from __future__ import annotations

import concurrent.futures
import pathlib
import signal
import subprocess
import threading
import time

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests._servers import free_port, server_process, wait_for
from tests.cli._wire import ROOT, serve_command, wait_for_file
from tests.cli.conftest import clean_env

pytestmark = pytest.mark.slow
GRACEFUL = 10


def read_stream(url: str, ready: threading.Event) -> list[str]:
    with httpx.stream("GET", url, timeout=GRACEFUL + 5) as response:
        assert response.status_code == 200
        lines = response.iter_lines()
        received = [next(lines)]
        ready.set()
        received.extend(lines)  # a reset or a truncated chunked body raises here
    return [line for line in received if line]


def websocket_close_code(url: str, ready: threading.Event) -> int | None:
    with connect(url, open_timeout=10) as websocket:
        assert websocket.recv(timeout=10) == "ready"
        ready.set()
        with pytest.raises(ConnectionClosed) as closed:
            websocket.recv(timeout=GRACEFUL + 5)
    return closed.value.rcvd.code if closed.value.rcvd is not None else None


@pytest.mark.parametrize("server", ["runserver", "uvicorn", "gunicorn"])
def test_sigterm_drains_streams_websockets_and_inflight_requests(server: str, tmp_path: pathlib.Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = serve_command(server, port, graceful=GRACEFUL)
    env = clean_env(WIRE_MARKERS=str(tmp_path))
    with (
        server_process(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process,
        concurrent.futures.ThreadPoolExecutor(4) as pool,
    ):
        wait_for(f"{base}/pid", process)
        sse_ready, stream_ready, ws_ready = threading.Event(), threading.Event(), threading.Event()
        sse = pool.submit(read_stream, f"{base}/sse", sse_ready)
        stream = pool.submit(read_stream, f"{base}/stream", stream_ready)
        websocket = pool.submit(websocket_close_code, f"ws://127.0.0.1:{port}/ws", ws_ready)
        inflight = pool.submit(httpx.get, f"{base}/inflight", timeout=GRACEFUL + 5)
        for ready in (sse_ready, stream_ready, ws_ready):
            assert ready.wait(10)
        wait_for_file(tmp_path / "inflight-started", process)

        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(GRACEFUL + 5)
        elapsed = time.monotonic() - started

        assert elapsed < GRACEFUL, "the server waited for its timeout instead of ending the streams"
        assert process.returncode in (0, -signal.SIGTERM)  # uvicorn re-raises the signal it handled
        assert sse.result() == [": ping", "data: first"]  # the first event carries a ping in front
        assert stream.result() == ["first", "second"]
        assert (response := inflight.result()).status_code == 200 and response.text == "finished"
        assert websocket.result() == 1001
    markers = {path.name for path in tmp_path.iterdir()}
    assert {"stream-background", "inflight-background"} <= markers
    assert (tmp_path / "ws-end").read_text() == "1001"
    assert any(name.startswith("shutdown-") for name in markers)  # on_shutdown ran
