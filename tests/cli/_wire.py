"""Helpers for the wire-level tests: the commands that serve ``tests/cli/_wire_app.py``, markers."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import time
from typing import Any

from tests.cli.conftest import LILYA

__all__ = ["APP", "ROOT", "serve_command", "wait_for_file"]

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP = "tests.cli._wire_app:app"


def serve_command(server: str, port: int, workers: int = 1, graceful: int = 10) -> list[str]:
    """How a user starts the app: ``lilya runserver``, uvicorn by hand, or gunicorn + uvicorn workers."""
    address = ["--host", "127.0.0.1", "--port", str(port)]
    if server == "runserver":
        command = [str(LILYA), "runserver", APP, *address, "--timeout-graceful-shutdown", str(graceful)]
        return command + (["--workers", str(workers)] if workers > 1 else [])
    if server == "uvicorn":
        command = [sys.executable, "-m", "uvicorn", APP, *address, "--timeout-graceful-shutdown", str(graceful)]
        return command + (["--workers", str(workers)] if workers > 1 else [])
    return [
        sys.executable, "-m", "gunicorn", "-k", "uvicorn_worker.UvicornWorker", "-w", str(workers),
        "-b", f"127.0.0.1:{port}", "--graceful-timeout", str(graceful), APP,
    ]  # fmt: skip


def wait_for_file(path: pathlib.Path, process: subprocess.Popen[Any], timeout: float = 20.0) -> str:
    """The content of a marker file the server writes; fail early if the server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return path.read_text()
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode} before writing {path.name}")
        time.sleep(0.01)
    raise AssertionError(f"{path.name} did not appear within {timeout}s")
