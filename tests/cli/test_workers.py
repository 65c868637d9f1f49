"""Several workers: ``lilya runserver --workers 2`` and gunicorn with two uvicorn workers.

Each worker runs the lifespan; a session cookie made by one worker is valid in the other; a worker
that dies is replaced; SIGTERM to the parent stops every worker (each runs its ``on_shutdown``).
Which worker serves a connection is up to the kernel, so the tests steer it: ``/hold`` blocks one
worker's event loop until released, and a blocked worker cannot accept, so the next connection
lands on the other one.
"""

from __future__ import annotations

import concurrent.futures
import os
import pathlib
import signal
import subprocess
import threading
from collections.abc import Iterator

import httpx
import pytest

from tests._servers import free_port, server_process, wait_for
from tests.cli._wire import ROOT, serve_command
from tests.cli.conftest import clean_env

pytestmark = pytest.mark.slow


def started_workers(markers: pathlib.Path) -> set[int]:
    return {int(path.name.split("-")[1]) for path in markers.glob("startup-*")}


def wait_for_workers(markers: pathlib.Path, process: subprocess.Popen[str], count: int, exclude: set[int]) -> set[int]:
    """Wait until ``count`` workers outside ``exclude`` have started (their startup markers)."""
    for _ in range(2000):
        fresh = started_workers(markers) - exclude
        if len(fresh) >= count:
            return fresh
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}")
        threading.Event().wait(0.01)
    raise AssertionError("the workers did not start")


class Holder:
    """Blocks the worker that answers ``/hold`` until ``release()``; ``pid`` is that worker."""

    def __init__(self, pool: concurrent.futures.ThreadPoolExecutor, base: str, markers: pathlib.Path) -> None:
        self.markers = markers
        ready = threading.Event()
        self.pid = 0

        def run() -> None:
            with httpx.stream("GET", f"{base}/hold", timeout=30) as response:
                lines = response.iter_lines()
                self.pid = int(next(lines))
                ready.set()
                for _ in lines:
                    pass

        self.done = pool.submit(run)
        assert ready.wait(20), "the hold request was not answered"

    def release(self) -> None:
        (self.markers / f"release-{self.pid}").touch()
        self.done.result(timeout=20)


@pytest.fixture(params=["runserver", "gunicorn"])
def two_workers(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    command = serve_command(request.param, port, workers=2)
    env = clean_env(WIRE_MARKERS=str(tmp_path))
    with server_process(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        wait_for_workers(tmp_path, process, 2, set())
        wait_for(f"http://127.0.0.1:{port}/pid", process)
        yield f"http://127.0.0.1:{port}", process


def test_workers_share_sessions_are_replaced_and_stop_together(
    two_workers: tuple[str, subprocess.Popen[str]], tmp_path: pathlib.Path
) -> None:
    base, process = two_workers
    first, second = sorted(started_workers(tmp_path))
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        held = Holder(pool, base, tmp_path)
        other = httpx.get(f"{base}/session/set", timeout=10)  # only the other worker can accept
        assert other.json()["pid"] not in (held.pid, 0) and other.json()["pid"] in (first, second)
        cookie = {"session": other.cookies["session"]}
        held_other = Holder(pool, base, tmp_path)  # now the other worker is the one blocked
        assert held_other.pid == other.json()["pid"]
        held.release()
        read = httpx.get(f"{base}/session/get", cookies=cookie, timeout=10).json()
        held_other.release()
    assert read == {"pid": held.pid, "session": {"pid": other.json()["pid"]}}  # signed by the other worker

    os.kill(held.pid, signal.SIGKILL)  # a crashed worker...
    (replacement,) = wait_for_workers(tmp_path, process, 1, {first, second})  # ...is replaced
    assert httpx.get(f"{base}/pid", timeout=10).status_code == 200

    process.send_signal(signal.SIGTERM)
    process.wait(30)
    stopped = {int(path.name.split("-")[1]) for path in tmp_path.glob("shutdown-*")}
    assert stopped == {held_other.pid, replacement}  # every live worker ran its lifespan shutdown
