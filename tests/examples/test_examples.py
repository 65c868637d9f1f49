"""Every example in examples/ does what its docstring says (asyncio and trio)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

from tests.conftest import TestClientFactory

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_routing_with_include(test_client_factory: TestClientFactory) -> None:
    from examples.routing_include import app

    client = test_client_factory(app)
    assert client.get("/api/v1/users/7").json() == {"id": 7}
    assert len(client.get("/api/v1/users").json()) == 2
    assert client.get("/").json() == {"users": "/api/v1/users", "user_7": "/api/v1/users/7"}


def test_permission_guards_the_admin_group(test_client_factory: TestClientFactory) -> None:
    from examples.permissions import app

    client = test_client_factory(app)
    assert client.get("/").json() == {"page": "public"}
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/", headers={"x-api-key": "wrong"}).status_code == 403
    assert client.get("/admin/", headers={"x-api-key": "letmein"}).json() == {"page": "admin"}


def test_middleware_adds_server_timing(test_client_factory: TestClientFactory) -> None:
    from examples.middleware import app

    response = test_client_factory(app).get("/")
    assert response.json() == {"hello": "world"}
    assert response.headers["server-timing"].startswith("lilya;dur=")


def test_background_task_runs_after_the_response(test_client_factory: TestClientFactory) -> None:
    from examples import background

    background.SENT.clear()
    response = test_client_factory(background.app).post("/signup/ada@example.com")
    assert (response.status_code, response.json()) == (202, {"queued": "ada@example.com"})
    assert background.SENT == ["ada@example.com"]


def test_websocket_chat_broadcasts(test_client_factory: TestClientFactory) -> None:
    from examples.websocket_chat import app

    client = test_client_factory(app)
    with client.websocket_connect("/chat/ada") as ada:
        assert ada.receive_text() == "ada joined"
        with client.websocket_connect("/chat/alan") as alan:
            assert ada.receive_text() == "alan joined"
            assert alan.receive_text() == "alan joined"
            alan.send_text("hi")
            assert ada.receive_text() == "alan: hi"
            assert alan.receive_text() == "alan: hi"


def test_lifespan_state_reaches_requests(test_client_factory: TestClientFactory) -> None:
    from examples.lifespan_state import app

    with test_client_factory(app) as client:
        assert client.get("/count").json() == {"open": True, "query": 1}
        assert client.get("/count").json() == {"open": True, "query": 2}


def test_settings_module(test_client_factory: TestClientFactory) -> None:
    from examples.settings_app.main import app

    assert test_client_factory(app).get("/about").json() == {"version": "1.2.0", "greeting": "hello", "debug": False}
    assert app.redirect_slashes is False


def test_directive_runs_inside_the_lifespan() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("LILYA_DEFAULT_APP", None)
    command = [sys.executable, "-m", "lilya", "--app", "examples.inventory.main:app", "run", "--directive", "stock"]
    everything = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert everything.returncode == 0, everything.stderr
    assert everything.stdout.splitlines() == ["apples: 3", "pears: 5"]
    one = subprocess.run([*command, "--item", "pears"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert one.stdout.splitlines() == ["pears: 5"]


def test_demo_shows_every_feature(test_client_factory: TestClientFactory) -> None:
    from examples import demo

    client = test_client_factory(demo.app)
    page = client.get("/")
    assert page.status_code == 200 and "examples/websocket_chat" in page.text
    assert page.headers["server-timing"].startswith("demo;dur=")
    assert client.get("/hello/world").json() == {"hello": "world"}
    assert client.get("/items/42?q=x").json() == {"item_id": 42, "q": "x"}
    assert client.get("/api/v1/status").json() == {"status": "ok"}
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/", headers={"x-api-key": "demo"}).json() == {"admin": "welcome"}
    demo.NOTIFIED.clear()
    assert client.post("/notify/ada").status_code == 202
    assert client.get("/notifications").json() == ["ada"]
    with client.websocket_connect("/ws") as ws:
        ws.send_text("hi")
        assert ws.receive_text() == "echo: hi"


def test_every_example_is_linked_from_the_demo() -> None:
    from examples.demo import EXAMPLES

    found = {p.stem for p in (ROOT / "examples").glob("*.py")} | {
        p.name for p in (ROOT / "examples").iterdir() if (p / "__init__.py").exists()
    }
    assert found - {"__init__", "demo"} == set(EXAMPLES)


def test_openapi_app_documents_and_secures_its_routes(test_client_factory: TestClientFactory) -> None:
    from openapi_spec_validator import validate

    from examples.openapi_app import app

    client = test_client_factory(app)
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/notes/3").status_code == 401
    assert client.get("/notes/3", headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.get("/notes/3", headers={"Authorization": "Bearer secret-token"})
    assert ok.json() == {"id": 3, "text": "note 3", "owner": "ada"}
    spec = client.get("/openapi.json").json()
    validate(spec)
    assert spec["info"]["title"] == "Notes"
    note = spec["paths"]["/notes/{note_id}"]["get"]
    assert note["security"] == [{"HTTPBearer": []}]
    assert spec["components"]["securitySchemes"] == {"HTTPBearer": {"type": "http", "scheme": "bearer"}}
    assert note["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Note"}
    assert "security" not in spec["paths"]["/health"]["get"]
    for page in ("/docs/swagger", "/docs/redoc", "/docs/elements", "/docs/rapidoc"):
        assert client.get(page).status_code == 200
