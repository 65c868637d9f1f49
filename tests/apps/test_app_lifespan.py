"""Lifespan: hooks, ``lifespan=`` state, global lifecycle hooks, child apps, failures."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from lilya import lifecycle
from lilya.apps import ChildLilya, Lilya
from lilya.requests import Request
from lilya.routing import Include, Path
from lilya.types import Message
from tests._servers import free_port
from tests.conftest import TestClientFactory


async def show_state(request: Request) -> dict[str, Any]:
    return {"db": getattr(request.state, "db", None), "cache": getattr(request.state, "cache", None)}


@pytest.fixture(autouse=True)
def clean_lifecycle() -> Iterator[None]:
    lifecycle._registry.clear()
    yield
    lifecycle._registry.clear()


def test_lifespan_state_reaches_request_state(test_client_factory: TestClientFactory) -> None:
    @asynccontextmanager
    async def lifespan(app: Lilya) -> AsyncIterator[dict[str, str]]:
        yield {"db": "connected"}

    with test_client_factory(Lilya(routes=[Path("/state", show_state)], lifespan=lifespan)) as client:
        assert client.get("/state").json() == {"db": "connected", "cache": None}


def test_event_handlers_and_on_event(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []
    app = Lilya()
    app.add_event_handler("startup", lambda: events.append("added"))

    @app.on_event("shutdown")
    async def closing() -> None:
        events.append("closing")

    with pytest.raises(ValueError, match="startup"):
        app.add_event_handler("boot", lambda: None)
    with test_client_factory(app):
        assert events == ["added"]
    assert events == ["added", "closing"]


def test_global_lifecycle_hooks_wrap_the_app_hooks(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []
    lifecycle.on_startup(lambda: events.append("global-start"))
    lifecycle.on_shutdown(lambda: events.append("global-stop"))
    app = Lilya(on_startup=[lambda: events.append("start")], on_shutdown=[lambda: events.append("stop")])
    app.add_child_lilya("/child", ChildLilya())  # mounted apps do not run the global hooks again,
    app.include("/nested", Lilya())  # not even a full Lilya that registered them too
    with test_client_factory(app):
        pass
    assert events == ["global-start", "start", "stop", "global-stop"]


def test_mounted_apps_do_not_run_their_own_hooks_or_lifespan(test_client_factory: TestClientFactory) -> None:
    """As in Lilya 0.29 (and Starlette): only the app the server serves starts and stops; a child
    app's hooks and ``lifespan`` run when that app is served on its own."""
    events: list[str] = []

    @asynccontextmanager
    async def child_lifespan(app: ChildLilya) -> AsyncIterator[dict[str, str]]:
        events.append("child-enter")
        yield {"cache": "warm"}
        events.append("child-exit")

    child = ChildLilya(routes=[Path("/state", show_state)], lifespan=child_lifespan)
    nested = Lilya(
        on_startup=[lambda: events.append("nested-start")], on_shutdown=[lambda: events.append("nested-stop")]
    )
    @asynccontextmanager
    async def parent_lifespan(app: Lilya) -> AsyncIterator[dict[str, str]]:
        yield {"db": "pool"}

    app = Lilya(
        routes=[Include("/nested", app=nested)],
        on_startup=[lambda: events.append("parent-start")],
        on_shutdown=[lambda: events.append("parent-stop")],
        lifespan=parent_lifespan,
    )
    app.add_child_lilya("/child", child)
    with test_client_factory(app) as client:
        assert events == ["parent-start"]
        # the parent's lifespan state is what a mounted app's requests see
        assert client.get("/child/state").json() == {"db": "pool", "cache": None}
    assert events == ["parent-start", "parent-stop"]

    events.clear()
    with test_client_factory(child) as client:  # the same child, served by itself
        assert client.get("/state").json() == {"db": None, "cache": "warm"}
    assert events == ["child-enter", "child-exit"]


async def _drive(app: Lilya, messages: list[Message], *, raises: type[Exception] | None = None) -> list[Message]:
    """Run the lifespan protocol; a failing app sends ``*.failed`` and then re-raises (as Lilya 0.29)."""
    sent: list[Message] = []
    queue = list(messages)

    async def receive() -> Message:
        return queue.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    if raises is None:
        await app(scope, receive, send)
    else:
        with pytest.raises(raises):
            await app(scope, receive, send)
    return sent


@pytest.mark.anyio
async def test_startup_failure_is_reported_not_hung(caplog: pytest.LogCaptureFixture) -> None:
    def explode() -> None:
        raise RuntimeError("database unreachable")

    sent = await _drive(Lilya(on_startup=[explode]), [{"type": "lifespan.startup"}], raises=RuntimeError)
    assert [m["type"] for m in sent] == ["lifespan.startup.failed"]
    assert "database unreachable" in sent[0]["message"]
    assert "database unreachable" in caplog.text


@pytest.mark.anyio
async def test_shutdown_failure_is_reported() -> None:
    def explode() -> None:
        raise RuntimeError("flush failed")

    sent = await _drive(
        Lilya(on_shutdown=[explode]), [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}], raises=RuntimeError
    )
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.failed"]


SERVER = textwrap.dedent(
    """
    import sys, uvicorn
    from lilya.apps import Lilya

    def explode():
        raise RuntimeError("startup exploded")

    app = Lilya(on_startup=[explode])
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), lifespan="on", log_level="info")
    """
)


def test_startup_failure_under_uvicorn_exits_instead_of_hanging() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SERVER, str(free_port())], capture_output=True, text=True, timeout=30
    )
    assert result.returncode != 0
    assert "startup exploded" in result.stderr
    assert "Application startup failed" in result.stderr


@pytest.mark.anyio
async def test_a_mounted_apps_broken_lifespan_does_not_stop_the_parent() -> None:
    events: list[str] = []

    @asynccontextmanager
    async def parent_lifespan(app: Lilya) -> AsyncIterator[None]:
        events.append("parent-enter")
        yield
        events.append("parent-exit")

    @asynccontextmanager
    async def broken(app: ChildLilya) -> AsyncIterator[None]:
        raise ConnectionError("cache down")  # pragma: no cover - a mounted app's lifespan never runs
        yield  # pragma: no cover

    app = Lilya(
        routes=[Include("/deep", routes=[Include("/child", app=ChildLilya(lifespan=broken))])], lifespan=parent_lifespan
    )
    sent = await _drive(app, [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert events == ["parent-enter", "parent-exit"]


def test_startup_failure_raises_in_the_test_client(test_client_factory: TestClientFactory) -> None:
    @asynccontextmanager
    async def lifespan(app: Lilya) -> AsyncIterator[None]:
        raise RuntimeError("no database")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError, match="no database"):  # the original exception, as Lilya 0.29
        with test_client_factory(Lilya(lifespan=lifespan)):
            pass  # pragma: no cover


def test_router_event_handlers_and_on_prefixed_events(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []
    app = Lilya()
    app.router.add_event_handler("startup", lambda: events.append("router-startup"))
    app.add_event_handler("on_shutdown", lambda: events.append("on-shutdown"))
    with test_client_factory(app):
        assert events == ["router-startup"]
    assert events == ["router-startup", "on-shutdown"]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_generator_function_as_lifespan_fails_when_the_app_is_built(kind: str) -> None:
    from lilya.exceptions import ImproperlyConfigured
    from lilya.routing import Router

    def sync_gen(app: Any) -> Iterator[None]:
        yield

    async def async_gen(app: Any) -> AsyncIterator[None]:
        yield

    lifespan = sync_gen if kind == "sync" else async_gen
    with pytest.raises(ImproperlyConfigured, match="asynccontextmanager"):
        Lilya(lifespan=lifespan)
    with pytest.raises(ImproperlyConfigured, match="asynccontextmanager"):
        Router(lifespan=lifespan)


def test_a_settings_method_can_provide_the_lifespan(test_client_factory: Any) -> None:
    """``def lifespan(self)`` on a settings class returns the factory (Lilya 0.29 reads it so)."""
    from lilya.conf.global_settings import Settings

    events: list[str] = []

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        events.append("start")
        yield
        events.append("stop")

    class WithLifespan(Settings):
        def lifespan(self) -> Any:  # type: ignore[override]
            return lifespan

    with test_client_factory(Lilya(settings_module=WithLifespan)):
        assert events == ["start"]
    assert events == ["start", "stop"]


def test_a_router_lists_the_global_hooks_around_its_own() -> None:
    from lilya.routing import Router

    def global_start() -> None: ...
    def global_stop() -> None: ...
    def local_start() -> None: ...
    def local_stop() -> None: ...

    lifecycle._clear_for_tests_only()
    try:
        lifecycle.on_startup(global_start)
        lifecycle.on_shutdown(global_stop)
        router = Router(on_startup=[local_start], on_shutdown=[local_stop])
        assert router.on_startup == [global_start, local_start]
        assert router.on_shutdown == [local_stop, global_stop]
    finally:
        lifecycle._clear_for_tests_only()
    assert lifecycle.get_hooks() == {"startup": [], "shutdown": []}
