"""`lilya runserver` against a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import pathlib
import subprocess

import pytest

from tests._servers import free_port, server_process, wait_for
from tests.cli.conftest import LILYA

ROOT = pathlib.Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def test_runserver_serves_the_demo() -> None:
    port = free_port()
    command = [str(LILYA), "runserver", "examples.demo:app", "--host", "127.0.0.1", "--port", str(port)]
    with server_process(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        response = wait_for(f"http://127.0.0.1:{port}/hello/lilya", process, timeout=20)
        assert response.status_code == 200
        assert response.json() == {"hello": "lilya"}
