"""Server-level behaviour against a real uvicorn on 127.0.0.1: errors and lifespan state."""

from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator

import httpx
import pytest

SERVER = textwrap.dedent(
    """
    import sys
    from contextlib import asynccontextmanager

    import uvicorn

    from lilya.apps import Lilya
    from lilya.requests import Request
    from lilya.routing import Path


    @asynccontextmanager
    async def lifespan(app):
        yield {"greeting": "from lifespan"}


    async def boom():
        raise RuntimeError("secret-internal-detail")


    async def state(request: Request):
        return {"greeting": request.state.greeting}


    app = Lilya(routes=[Path("/boom", boom), Path("/state", state)], lifespan=lifespan)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
    """
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, pathlib.Path]]:
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "stderr.log"
    with log.open("w") as stderr:
        process = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], stderr=stderr, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(base + "/state", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.1)
        yield base, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def test_lifespan_state_under_uvicorn(server: tuple[str, pathlib.Path]) -> None:
    base, _ = server
    assert httpx.get(base + "/state").json() == {"greeting": "from lifespan"}


def test_500_is_generic_and_logged_once_with_traceback(server: tuple[str, pathlib.Path]) -> None:
    base, log = server
    response = httpx.get(base + "/boom")
    assert response.status_code == 500
    assert response.text == "Internal Server Error"
    assert "secret" not in response.text
    time.sleep(0.3)
    text = log.read_text()
    assert text.count("secret-internal-detail") == 1
    assert text.count("Traceback (most recent call last)") == 1
