"""Server-level behaviour against a real uvicorn on 127.0.0.1: errors and lifespan state."""

from __future__ import annotations

import pathlib
import sys
import textwrap
import time
from collections.abc import Iterator

import httpx
import pytest

from tests._servers import free_port, server_process, wait_for

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


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, pathlib.Path]]:
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "stderr.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as stderr, server_process([sys.executable, "-c", SERVER, str(port)], stderr=stderr) as process:
        try:
            wait_for(base + "/state", process, timeout=20)
        except AssertionError as exc:
            raise AssertionError(log.read_text()) from exc
        yield base, log


def test_lifespan_state_under_uvicorn(server: tuple[str, pathlib.Path]) -> None:
    base, _ = server
    assert httpx.get(base + "/state").json() == {"greeting": "from lifespan"}


def test_500_is_generic_and_logged_once_with_traceback(server: tuple[str, pathlib.Path]) -> None:
    base, log = server
    response = httpx.get(base + "/boom")
    assert response.status_code == 500
    assert response.text == "Internal Server Error"
    assert "secret" not in response.text
    # The traceback is written after the response; a later request's answer means it was.
    deadline = time.monotonic() + 10
    while "Traceback (most recent call last)" not in log.read_text() and time.monotonic() < deadline:
        assert httpx.get(base + "/state").status_code == 200
    text = log.read_text()
    assert text.count("secret-internal-detail") == 1
    assert text.count("Traceback (most recent call last)") == 1
