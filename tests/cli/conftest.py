"""Run the installed ``lilya`` script in subprocesses, as a user would."""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable

import httpx
import pytest

LILYA = pathlib.Path(sys.executable).parent / "lilya"

RunLilya = Callable[..., subprocess.CompletedProcess[str]]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LILYA_DEFAULT_APP", "LILYA_SETTINGS_MODULE", "FORCE_COLOR", "PYTHONPATH")}
    env.update({"COLUMNS": "200", "NO_COLOR": "1", **extra})
    return env


@pytest.fixture
def run_lilya() -> RunLilya:
    def run(*args: str, cwd: pathlib.Path, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(LILYA), *args], cwd=cwd, env=env or clean_env(), input=input, capture_output=True, text=True, timeout=timeout
        )

    return run


def write(path: pathlib.Path, content: str) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(content).lstrip())
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[str], timeout: float = 30.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, error = process.communicate()
            raise AssertionError(f"server exited early with {process.returncode}: {error[-2000:]}")
        try:
            return httpx.get(url, timeout=1.0)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout}s")
