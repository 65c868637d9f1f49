"""create_client / create_async_client, override_settings and the public signatures."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

from lilya.testclient import create_async_client, create_client, override_settings

def test_core_does_not_import_apps_at_module_level() -> None:
    code = "import sys, lilya.testclient, lilya.testclient.helpers; print('lilya.apps' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_create_client_builds_a_lilya_app(anyio_backend: str) -> None:
    from lilya.apps import Lilya
    from lilya.routing import Path

    async def hello() -> dict[str, str]:
        return {"hello": "world"}

    started: list[str] = []
    client = create_client(
        routes=[Path("/hello", hello)],
        backend=anyio_backend,  # type: ignore[arg-type]
        on_startup=[lambda: started.append("up")],
    )
    assert isinstance(client.app, Lilya)
    assert client.async_backend["backend"] == anyio_backend
    with client:
        assert started == ["up"]
        assert client.get("/hello").json() == {"hello": "world"}
        assert client.get("/nope").status_code == 404


def test_create_client_passes_extra_options_to_the_app_and_client(anyio_backend: str) -> None:
    async def fail() -> None:
        raise RuntimeError("x")

    from lilya.routing import Path

    client = create_client(
        [Path("/fail", fail)],
        backend=anyio_backend,  # type: ignore[arg-type]
        raise_server_exceptions=False,
        base_url="http://example.org",
    )
    assert client.base_url == "http://example.org"
    assert client.get("/fail").status_code == 500


@pytest.mark.anyio
async def test_create_async_client() -> None:
    from lilya.routing import Path

    async def hello() -> str:
        return "hi"

    async with create_async_client(routes=[Path("/", hello)]) as client:
        response = await client.get("/")
    assert response.json() == "hi"


def test_lilya_name_in_helpers_is_lazy() -> None:
    helpers = importlib.import_module("lilya.testclient.helpers")
    from lilya.apps import Lilya

    assert helpers.Lilya is Lilya
    with pytest.raises(AttributeError):
        helpers.Missing  # noqa: B018


def test_override_settings_is_exported_and_works() -> None:
    from lilya.conf import settings

    original = settings.debug
    with override_settings(debug=not original):
        assert settings.debug is (not original)
    assert settings.debug is original


def test_public_signatures_match_lilya() -> None:
    from lilya.testclient import AsyncTestClient, TestClient
    from lilya.websockets import WebSocket

    for cls in (TestClient, AsyncTestClient):
        parameters = list(inspect.signature(cls.__init__).parameters)
        assert parameters == [
            "self", "app", "base_url", "raise_server_exceptions", "root_path", "backend", "backend_options",
            "cookies", "headers", "follow_redirects", "check_asgi_conformance",
        ]
    assert list(inspect.signature(WebSocket.accept).parameters) == ["self", "subprotocol", "headers"]
    assert list(inspect.signature(WebSocket.close).parameters) == ["self", "code", "reason"]



def test_missing_httpx_gives_an_actionable_message() -> None:
    code = (
        "import sys; sys.modules['httpx'] = None\n"
        "try:\n    import lilya.testclient\n"
        "except ImportError as exc:\n    print(type(exc).__name__, exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("MissingDependency")
    assert "pip install httpx" in result.stdout


def test_create_client_finds_the_application_class_by_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    """Core does not import lilya.apps: the class comes from the `lilya` distribution's entry point."""
    from lilya._internal import _components
    from lilya.apps import Lilya
    from lilya.exceptions import MissingDependency
    from lilya.testclient import helpers

    assert helpers.Lilya is Lilya
    monkeypatch.setattr(_components.importlib.metadata, "entry_points", lambda **_: [])
    _components.component.cache_clear()
    try:
        with pytest.raises(MissingDependency, match="pip install lilya"):
            helpers.create_client(routes=[])
    finally:
        _components.component.cache_clear()
