"""Every code sample of the documentation (docs_src/) runs, on asyncio and trio.

A page shows a sample with ``--8<-- "docs_src/<name>.py"``; this module exercises each one as a
reader would use it, so the documentation cannot drift from the code. Two checks keep the set
complete: every sample has a test here, and every sample is shown by some page.
"""

from __future__ import annotations

import importlib
import io
import pathlib
import re
from contextlib import redirect_stdout

import pytest

from tests.conftest import TestClientFactory

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = sorted(p.stem for p in (ROOT / "docs_src").glob("*.py") if p.stem != "__init__")


def sample(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"docs_src.{name}")


def test_every_sample_has_a_test_here() -> None:
    tested = {name.removeprefix("test_sample_") for name in globals() if name.startswith("test_sample_")}
    assert set(SAMPLES) <= tested, f"samples without a test: {sorted(set(SAMPLES) - tested)}"


def test_every_sample_is_shown_by_a_page() -> None:
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    shown = set(re.findall(r'--8<-- "docs_src/(\w+)\.py"', pages))
    assert set(SAMPLES) <= shown, f"samples no page shows: {sorted(set(SAMPLES) - shown)}"


def test_sample_first_app(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("first_app").app)
    assert client.get("/").json() == {"message": "Hello, Lilya"}
    assert client.get("/greet/Ada").json() == {"message": "Hello, Ada"}


def test_sample_test_first_app() -> None:
    tests = sample("test_first_app")
    tests.test_home()
    tests.test_greet()


def test_sample_routing_paths(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("routing_paths").app)
    assert client.get("/users/3").json() == {"id": 3}
    assert client.get("/users/abc").status_code == 404
    assert client.post("/users", json={"name": "ada"}).json() == {"created": "ada"}
    assert client.get("/users").status_code == 405
    assert client.get("/link").json() == {"url": "http://testserver/users/7"}


def test_sample_routing_include(test_client_factory: TestClientFactory) -> None:
    module = sample("routing_include")
    client = test_client_factory(module.app)
    assert client.get("/api/v1/items").json() == ["apple", "pear"]
    assert client.get("/api/v1/items/5").json() == {"item": 5}
    assert client.get("/health").json() == {"status": "ok"}
    assert module.app.path_for("api:v1:item", item_id=5) == "/api/v1/items/5"


def test_sample_routing_host(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("routing_host").app)
    assert client.get("/", headers={"host": "acme.example.com"}).json() == {"tenant": "acme"}
    assert client.get("/", headers={"host": "example.org"}).json() == {"site": "main"}


def test_sample_routing_controllers(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("routing_controllers").app)
    assert client.get("/articles").json() == ["first", "second"]
    assert client.post("/articles", json={"title": "hi"}).json() == {"saved": "hi"}
    refused = client.delete("/articles")
    assert refused.status_code == 405
    assert "GET" in refused.headers["allow"]


def test_sample_http_requests(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("http_requests").app)
    seen = client.get("/inspect?a=1", headers={"user-agent": "docs", "cookie": "theme=dark"}).json()
    assert seen == {"method": "GET", "path": "/inspect", "query": {"a": "1"}, "agent": "docs", "cookie": "dark"}
    assert client.post("/echo", json={"x": [1, 2]}).json() == {"received": {"x": [1, 2]}}
    assert client.post("/echo", content=b"{not json", headers={"content-type": "application/json"}).status_code == 400
    uploaded = client.post("/upload", data={"name": "report"}, files={"file": ("r.txt", b"12345", "text/plain")})
    assert uploaded.json() == {"name": "report", "filename": "r.txt", "size": 5}


def test_sample_http_responses(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("http_responses").app)
    assert client.get("/dict").json() == {"answer": 42}
    explicit = client.get("/explicit")
    assert (explicit.status_code, explicit.headers["x-trace"]) == (201, "abc")
    assert client.get("/page").headers["content-type"].startswith("text/html")
    moved = client.get("/moved", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (308, "/page")
    assert client.get("/numbers").text == "0\n1\n2\n"
    cookie = client.get("/cookie").headers["set-cookie"]
    assert "theme=dark" in cookie and "HttpOnly" in cookie


def test_sample_websockets_echo(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("websockets_echo").app)
    with client.websocket_connect("/ws") as websocket:
        websocket.send_json({"n": 1})
        assert websocket.receive_json() == {"echo": {"n": 1}}


def test_sample_background_tasks(test_client_factory: TestClientFactory) -> None:
    module = sample("background_tasks")
    module.SENT.clear()
    response = test_client_factory(module.app).post("/signup/ada@example.com")
    assert (response.status_code, response.json()) == (202, {"queued": "ada@example.com"})
    assert module.SENT == ["ada@example.com"]


def test_sample_lifespan_context(test_client_factory: TestClientFactory) -> None:
    with test_client_factory(sample("lifespan_context").app) as client:
        assert client.get("/status").json() == {"connected": True}


def test_sample_lifespan_events(test_client_factory: TestClientFactory) -> None:
    module = sample("lifespan_events")
    module.EVENTS.clear()
    with test_client_factory(module.app) as client:
        assert client.get("/events").json() == ["startup"]
    assert module.EVENTS == ["startup", "shutdown"]


def test_sample_permissions_api_key(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("permissions_api_key").app)
    assert client.get("/").json() == {"page": "public"}
    assert client.get("/admin/reports").status_code == 403
    assert client.get("/admin/reports", headers={"x-api-key": "s3cret"}).json() == {"page": "reports"}


def test_sample_middleware_builtin(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("middleware_builtin").app, base_url="http://example.com")
    response = client.get("/data", headers={"origin": "https://app.example.com", "accept-encoding": "gzip"})
    assert response.headers["access-control-allow-origin"] == "https://app.example.com"
    assert response.headers["content-encoding"] == "gzip"
    assert response.json() == {"values": list(range(500))}
    assert client.get("/data", headers={"host": "evil.test"}).status_code == 400


def test_sample_middleware_custom(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("middleware_custom").app)
    response = client.get("/", headers={"x-request-id": "abc123"})
    assert (response.text, response.headers["x-request-id"]) == ("hello", "abc123")
    generated = client.get("/").headers["x-request-id"]
    assert len(generated) == 32 and generated != client.get("/").headers["x-request-id"]
    assert len(client.get("/", headers={"x-request-id": "x" * 65}).headers["x-request-id"]) == 32


def test_sample_settings_module(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("settings_module").app)
    assert client.get("/about").json() == {"greeting": "hello", "debug": False}


def test_sample_dependencies_provide(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("dependencies_provide").app)
    assert client.get("/items/2").json() == {"id": 2, "name": "pear"}


def test_sample_dependencies_params(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("dependencies_params").app)
    found = client.get("/search?q=lilya&limit=3", headers={"user-agent": "docs"}).json()
    assert found == {"q": "lilya", "limit": 3, "agent": "docs"}
    assert client.get("/search?limit=many").status_code == 422


@pytest.mark.anyio
async def test_sample_cli_directive() -> None:
    directive = sample("cli_directive").Directive()
    out = io.StringIO()
    with redirect_stdout(out):
        await directive.handle(times=2)
    assert out.getvalue().splitlines() == ["hello from the application's context"] * 2


def test_sample_testing_client() -> None:
    tests = sample("testing_client")
    tests.test_with_the_test_client()
    tests.test_with_create_client()
    tests.test_on_trio()


def test_sample_packages_starlette_cors(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("packages_starlette_cors").app)
    allowed = client.get("/", headers={"origin": "https://app.example.com"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert client.get("/", headers={"host": "evil.test"}).status_code == 400


def test_sample_from_starlette(test_client_factory: TestClientFactory) -> None:
    module = sample("from_starlette")
    module.AUDIT.clear()
    client = test_client_factory(module.app)
    assert client.get("/users/4").json() == {"id": 4}
    assert client.get("/users/short/4").json() == {"id": 4}
    assert module.AUDIT == ["read 4"]


def test_sample_contrib_openapi(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(sample("contrib_openapi").app)
    assert client.get("/api/items/1").json() == {"name": "pear", "price": 0.7}
    document = client.get("/openapi.json").json()
    assert document["info"] == {"title": "Shop", "version": "1.0.0"} | {
        k: v for k, v in document["info"].items() if k not in ("title", "version")
    }
    operation = document["paths"]["/api/items/{item_id}"]["get"]
    assert operation["summary"] == "One item" and operation["tags"] == ["items"]
    assert "Item" in document["components"]["schemas"]
    assert client.get("/docs/swagger").headers["content-type"].startswith("text/html")


def test_sample_contrib_mail(test_client_factory: TestClientFactory) -> None:
    module = sample("contrib_mail")
    module.backend.outbox.clear()
    with test_client_factory(module.app) as client:
        assert client.post("/contact/ann@example.com").json() == {"sent": True}
    (message,) = module.backend.outbox
    assert message.to == ["ann@example.com"] and message.subject == "Thanks for writing"


def test_sample_contrib_sse(test_client_factory: TestClientFactory) -> None:
    module = importlib.reload(sample("contrib_sse"))  # fresh channels for each backend
    with test_client_factory(module.app) as client:
        for ident in ("1", "2"):
            assert client.post("/rooms/lobby/messages", json={"id": ident, "text": "hi"}).json() == {"queued": ident}
        # A client that saw event 1 reconnects and gets event 2 from the history first.
        with client.stream("GET", "/rooms/lobby/events", headers={"last-event-id": "1"}) as events:
            assert events.headers["content-type"].startswith("text/event-stream")
            lines: list[str] = []
            for line in events.iter_lines():
                lines.append(line)
                if line.startswith("data:"):
                    break
    assert "id: 2" in lines and "event: chat" in lines
    assert '"id":"2"' in lines[-1].replace(" ", "")


def test_sample_contrib_proxy(test_client_factory: TestClientFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    from lilya.apps import Lilya as UpstreamApp
    from lilya.routing import Path as UpstreamPath
    from tests._servers import running_server

    async def user(user_id: int) -> dict[str, int]:
        return {"user": user_id}

    upstream = UpstreamApp(routes=[UpstreamPath("/api/{user_id:int}", user)])
    with running_server(upstream) as base:
        monkeypatch.setenv("USERS_UPSTREAM", base)
        module = importlib.reload(sample("contrib_proxy"))
        with test_client_factory(module.app) as client:
            assert client.get("/health").json() == {"status": "ok"}
            assert client.get("/users/42").json() == {"user": 42}


def test_sample_contrib_security(test_client_factory: TestClientFactory) -> None:
    from datetime import datetime, timedelta, timezone

    module = sample("contrib_security")
    client = test_client_factory(module.app)
    missing = client.get("/me")
    assert missing.status_code == 401 and "www-authenticate" in missing.headers
    expires = datetime.now(timezone.utc) + timedelta(minutes=5)
    good = module.Token(sub="ada", exp=expires).encode(key=module.SECRET, algorithm="HS256")
    assert client.get("/me", headers={"authorization": f"Bearer {good}"}).json() == {"sub": "ada"}
    forged = module.Token(sub="ada", exp=expires).encode(key="x" * 32, algorithm="HS256")
    assert client.get("/me", headers={"authorization": f"Bearer {forged}"}).status_code == 401
    url = client.get("/share/report.pdf").json()["url"]
    assert module.signer.verify(url) and not module.signer.verify(url.replace("report", "salary"))
