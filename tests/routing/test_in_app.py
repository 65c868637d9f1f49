"""Routing inside a Lilya app: behaviour.md rows 5-13 and 16-17 through the app's handlers."""

from __future__ import annotations

from lilya.apps import Lilya
from lilya.exceptions import HTTPException
from lilya.permissions import DefinePermission
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.routing import Include, Path
from lilya.types import ASGIApp, Receive, Scope, Send
from tests.conftest import TestClientFactory


async def item(item_id: int) -> dict[str, object]:
    return {"id": item_id, "int": isinstance(item_id, int)}


async def d() -> str:
    return "d"


async def teapot() -> None:
    raise HTTPException(status_code=418, detail="teapot")


async def who(request: Request, name: str) -> dict[str, str]:
    return {"name": name, "path": request.url.path}


class Deny:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from lilya.exceptions import PermissionDenied

        raise PermissionDenied()


def build_app() -> Lilya:
    return Lilya(
        routes=[
            Path("/items/{item_id:int}", item),
            Path("/d", d),
            Path("/teapot", teapot),
            Include("/inc", routes=[Path("/x/{name}", who, name="x")], name="inc"),
            Include("/closed", routes=[Path("/x", d)], permissions=[DefinePermission(Deny)]),
        ]
    )


def test_rows_5_6_10_conversion_and_not_found(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_app())
    assert client.get("/items/5").json() == {"id": 5, "int": True}
    for path in ("/items/abc", "/items/" + "9" * 5000, "/nope"):
        response = client.get(path, follow_redirects=False)
        assert (response.status_code, response.text) == (404, "Not Found")
        assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_rows_9_11_12_http_errors_and_redirects(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_app())
    assert (client.get("/teapot").status_code, client.get("/teapot").text) == (418, "teapot")
    response = client.post("/d")
    assert (response.status_code, response.text, response.headers["allow"]) == (405, "Method Not Allowed", "GET, HEAD")
    redirect = client.get("/d/", follow_redirects=False)
    assert (redirect.status_code, redirect.headers["location"]) == (303, "/d")


def test_row_13_include_and_path_for(test_client_factory: TestClientFactory) -> None:
    app = build_app()
    client = test_client_factory(app)
    assert client.get("/inc/x/ann").json() == {"name": "ann", "path": "/inc/x/ann"}
    assert app.path_for("inc:x", name="ann") == "/inc/x/ann"


def test_row_17_permission_denied_is_403_through_the_app(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build_app()).get("/closed/x")
    assert response.status_code == 403


def test_app_handlers_see_routing_404_and_405(test_client_factory: TestClientFactory) -> None:
    def custom(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return PlainText(f"custom {exc.status_code}", status_code=exc.status_code or 500)

    app = Lilya(routes=[Path("/d", d)], exception_handlers={404: custom, 405: custom})
    client = test_client_factory(app)
    assert client.get("/missing").text == "custom 404"
    assert client.post("/d").text == "custom 405"


def test_dependencies_at_path_and_include_level(test_client_factory: TestClientFactory) -> None:
    from lilya.dependencies import Provide

    def tenant() -> str:
        return "acme"

    def region() -> str:
        return "eu"

    async def handler(name: str, tenant: str, region: str) -> dict[str, str]:
        return {"name": name, "tenant": tenant, "region": region}

    app = Lilya(
        routes=[
            Include(
                "/t",
                routes=[Path("/{name}", handler, dependencies={"region": Provide(region)})],
                dependencies={"tenant": Provide(tenant)},
            )
        ]
    )
    assert test_client_factory(app).get("/t/bo").json() == {"name": "bo", "tenant": "acme", "region": "eu"}
