"""``Lilya(enable_openapi=True)``: the routes it adds, what they serve, and what it costs."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from openapi_spec_validator import validate

from lilya.apps import ChildLilya, Lilya
from lilya.contrib.openapi import utils as utils_module
from lilya.contrib.openapi.config import OpenAPIConfig
from lilya.contrib.openapi.decorator import openapi
from lilya.routing import Include, Path
from lilya.testclient import create_client
from tests.conftest import TestClientFactory

PAGES = ("/docs/swagger", "/docs/redoc", "/docs/elements", "/docs/rapidoc")


async def hello() -> dict[str, str]:
    return {"hello": "world"}


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time a document is built."""
    calls: list[str] = []
    original = utils_module.get_openapi

    def counting(**kwargs: Any) -> dict[str, Any]:
        calls.append(kwargs["title"])
        return original(**kwargs)

    monkeypatch.setattr(utils_module, "get_openapi", counting)
    return calls


def test_the_document_and_every_page_are_served(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(Lilya(routes=[Path("/hello", hello)], enable_openapi=True))
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    spec = response.json()
    validate(spec)
    assert spec["info"]["title"] == "Lilya"
    assert spec["servers"] == [{"url": "/"}]
    # Only the app's own route is documented, none of the documentation routes.
    assert list(spec["paths"]) == ["/hello"]
    for url in PAGES:
        page = client.get(url)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "/openapi.json" in page.text
    assert "swaggerUIRedirectOauth2" in client.get("/docs/oauth2-redirect").text
    assert client.get("/hello").json() == {"hello": "world"}


def test_urls_are_configurable_and_none_leaves_a_page_out(test_client_factory: TestClientFactory) -> None:
    config = OpenAPIConfig(
        title="Shop",
        openapi_url="/api/schema.json",
        docs_url="/swagger",
        redoc_url=None,
        stoplight_url=None,
        rapidoc_url="/rapi",
        swagger_ui_oauth2_redirect_url=None,
    )
    client = test_client_factory(Lilya(routes=[Path("/hello", hello)], enable_openapi=True, openapi_config=config))
    assert client.get("/api/schema.json").json()["info"]["title"] == "Shop"
    assert "/api/schema.json" in client.get("/swagger").text
    assert "oauth2RedirectUrl" not in client.get("/swagger").text
    assert client.get("/rapi").status_code == 200
    for gone in ("/openapi.json", "/docs/swagger", "/docs/redoc", "/docs/elements", "/docs/oauth2-redirect"):
        assert client.get(gone).status_code == 404


def test_without_a_document_url_no_page_is_served(test_client_factory: TestClientFactory) -> None:
    config = OpenAPIConfig(openapi_url=None)
    client = test_client_factory(Lilya(routes=[Path("/hello", hello)], enable_openapi=True, openapi_config=config))
    for url in ("/openapi.json", *PAGES):
        assert client.get(url).status_code == 404


def test_the_document_is_built_once_and_again_when_routes_change(
    test_client_factory: TestClientFactory, builds: list[str]
) -> None:
    app = Lilya(routes=[Path("/hello", hello)], enable_openapi=True)
    client = test_client_factory(app)
    assert builds == []  # enabling costs nothing until the document is asked for
    first = client.get("/openapi.json").content
    assert client.get("/openapi.json").content == first
    assert len(builds) == 1
    assert app.openapi_schema["paths"].keys() == {"/hello"}

    app.add_route("/later", hello)
    assert set(client.get("/openapi.json").json()["paths"]) == {"/hello", "/later"}
    assert len(builds) == 2


def test_a_root_path_is_added_to_the_servers(test_client_factory: TestClientFactory, builds: list[str]) -> None:
    shared = OpenAPIConfig()
    app = Lilya(routes=[Path("/hello", hello)], enable_openapi=True, openapi_config=shared)
    behind_proxy = test_client_factory(app, root_path="/shop")
    assert behind_proxy.get("/openapi.json").json()["servers"] == [{"url": "/shop"}, {"url": "/"}]
    assert '"/shop/openapi.json"' in behind_proxy.get("/docs/swagger").text
    # Each root path has its own document; the configuration itself is left untouched.
    assert test_client_factory(app).get("/openapi.json").json()["servers"] == [{"url": "/"}]
    assert shared.servers == [{"url": "/"}]
    assert len(builds) == 2

    config = OpenAPIConfig(root_path_in_servers=False)
    app = Lilya(routes=[Path("/hello", hello)], enable_openapi=True, openapi_config=config)
    assert test_client_factory(app, root_path="/shop").get("/openapi.json").json()["servers"] == [{"url": "/"}]


def test_child_apps_with_their_own_document(test_client_factory: TestClientFactory) -> None:
    @openapi(summary="Child hello")
    async def child_hello() -> dict[str, str]:
        return {}

    child = ChildLilya(routes=[Path("/hello", child_hello)], enable_openapi=True)
    app = Lilya(routes=[Include("/child", app=child)], enable_openapi=True)
    client = test_client_factory(app)
    # The parent's document includes the child's routes but not the child's documentation routes.
    assert list(client.get("/openapi.json").json()["paths"]) == ["/child/hello"]
    assert list(client.get("/child/openapi.json").json()["paths"]) == ["/hello"]


def test_create_client_enables_openapi_by_default() -> None:
    with create_client(routes=[Path("/hello", hello)]) as client:
        assert list(client.get("/openapi.json").json()["paths"]) == ["/hello"]
    with create_client(routes=[Path("/hello", hello)], enable_openapi=False) as client:
        assert client.get("/openapi.json").status_code == 404


def test_an_openapi_config_from_the_settings_is_used(test_client_factory: TestClientFactory) -> None:
    from lilya.conf.global_settings import Settings

    class AppSettings(Settings):
        enable_openapi: bool = True

        @property
        def openapi_config(self) -> Any:
            return OpenAPIConfig(title="From settings")

    client = test_client_factory(Lilya(routes=[Path("/hello", hello)], settings_module=AppSettings))
    assert client.get("/openapi.json").json()["info"]["title"] == "From settings"


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def test_nothing_of_openapi_is_imported_unless_enabled() -> None:
    probe = (
        "import sys\nfrom lilya.apps import Lilya\nfrom lilya.routing import Path\n"
        "from lilya.testclient import TestClient\n"
        "async def h(): return {}\n"
        "watch = ('lilya.contrib.openapi.config', 'pydantic', 'lilya.contrib.openapi.utils')\n"
        "loaded = lambda: [m for m in watch if m in sys.modules]\n"
        "app = Lilya(routes=[Path('/', h)])\n"
        "print(loaded())\n"
        "app = Lilya(routes=[Path('/', h)], enable_openapi=True)\n"
        "print(loaded())\n"
        "TestClient(app).get('/openapi.json')\n"
        "print(loaded())\n"
    )
    without, enabled, served = _run(probe).splitlines()
    assert without == "[]"
    # Enabling loads the configuration (a pydantic model); the builder waits for the first document.
    assert enabled == "['lilya.contrib.openapi.config', 'pydantic']"
    assert served == "['lilya.contrib.openapi.config', 'pydantic', 'lilya.contrib.openapi.utils']"
