"""A handler parameter that nothing provides stops the app at startup, with a clear message."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from lilya.apps import ChildLilya, Lilya
from lilya.controllers import Controller
from lilya.dependencies import Provide, Provides
from lilya.exceptions import ImproperlyConfigured
from lilya.routing import Include, Path, WebSocketPath
from lilya.websockets import WebSocket
from tests.conftest import TestClientFactory


async def needs_db(db: Any) -> Any:
    return db


async def needs_marker(cache: Any = Provides()) -> Any:  # noqa: B008 - Lilya's marker
    return cache


def starts(client_factory: TestClientFactory, app: Lilya) -> bool:
    with client_factory(app):
        return True


def test_unprovided_parameter_fails_at_startup(test_client_factory: TestClientFactory) -> None:
    app = Lilya(routes=[Include("/api", routes=[Path("/db", needs_db), Path("/cache", needs_marker)])])
    with pytest.raises(ImproperlyConfigured) as info:
        starts(test_client_factory, app)
    message = str(info.value)
    assert "'db' of handler 'needs_db' (route '/db')" in message
    assert "'cache' of handler 'needs_marker'" in message
    assert "dependencies" in message and "infer_body" in message


@pytest.mark.parametrize(
    "build",
    [
        lambda: Lilya(routes=[Path("/", needs_db)], dependencies={"db": Provide(lambda: 1)}),
        lambda: Lilya(routes=[Include("/i", routes=[Path("/", needs_db)], dependencies={"db": lambda: 1})]),
        lambda: Lilya(routes=[Path("/", needs_db, dependencies={"db": Provide(lambda: 1)})]),
        lambda: Lilya(routes=[Path("/", needs_db)], infer_body=True),
        lambda: Lilya(
            routes=[Include("/child", app=ChildLilya(routes=[Path("/", needs_db)]))], dependencies={"db": 1}
        ),
        lambda: Lilya(routes=[Include("/child", app=ChildLilya(routes=[Path("/", needs_db)], dependencies={"db": 1}))]),
    ],
    ids=["app", "include", "route", "infer_body", "parent-of-child", "child"],
)
def test_provided_parameters_start(test_client_factory: TestClientFactory, build: Any) -> None:
    assert starts(test_client_factory, build())


def test_an_override_counts_as_a_provider(test_client_factory: TestClientFactory) -> None:
    app = Lilya(routes=[Path("/", needs_db)])
    app.override_dependency("db", lambda: "overridden")
    with test_client_factory(app) as client:
        assert client.get("/").json() == "overridden"


def test_controllers_and_websocket_connections(test_client_factory: TestClientFactory) -> None:
    class Reports(Controller):
        async def get(self, store: Any) -> Any:
            return store

    async def chat(socket: WebSocket) -> None:  # the first parameter is the connection
        await socket.accept()
        await socket.close()

    assert starts(test_client_factory, Lilya(routes=[WebSocketPath("/ws", chat)]))
    with pytest.raises(ImproperlyConfigured, match="'store' of handler 'get'"):
        starts(test_client_factory, Lilya(routes=[Path("/r", Reports)]))
    assert starts(test_client_factory, Lilya(routes=[Path("/r", Reports)], dependencies={"store": 1}))


def test_without_a_lifespan_the_request_fails_loudly(
    test_client_factory: TestClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    app = Lilya(routes=[Path("/db", needs_db), Path("/cache", needs_marker)])
    client = test_client_factory(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR):
        assert client.get("/db").status_code == 500
    assert "Handler 'needs_db' needs 'db'" in caplog.text  # logged with its traceback
    response = client.get("/cache")
    assert (response.status_code, response.text) == (500, "Missing dependency 'cache' for handler 'needs_marker'")
    with pytest.raises(TypeError, match="needs 'db'"):
        test_client_factory(app).get("/db")


def test_a_websocket_handler_never_reads_a_body(test_client_factory: TestClientFactory) -> None:
    async def chat(websocket: WebSocket, room: Any) -> None:
        await websocket.accept()
        await websocket.send_text(str(room))
        await websocket.close()

    app = Lilya(routes=[WebSocketPath("/ws", chat)], infer_body=True)
    with pytest.raises(ImproperlyConfigured, match="'room' of handler 'chat'"):
        starts(test_client_factory, app)
    client = test_client_factory(app)
    with pytest.raises(TypeError, match="needs 'room'"):
        with client.websocket_connect("/ws"):
            pass  # pragma: no cover - the handler fails before accepting


def test_a_real_server_refuses_to_start_and_says_why(tmp_path: Any) -> None:
    import subprocess
    import sys

    from tests._servers import free_port

    (tmp_path / "broken_app.py").write_text(
        "from lilya.apps import Lilya\n"
        "from lilya.routing import Path\n"
        "async def needs_db(db):\n"
        "    return db\n"
        "app = Lilya(routes=[Path('/db', needs_db)])\n"
    )
    command = [sys.executable, "-m", "uvicorn", "broken_app:app", "--lifespan", "on", "--port", str(free_port())]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3  # uvicorn's "startup failed"
    assert "Nothing provides these handler parameters: 'db' of handler 'needs_db' (route '/db')" in done.stderr
