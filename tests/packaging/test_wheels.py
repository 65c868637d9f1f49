"""The three ways in, checked on built wheels in fresh virtualenvs."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import textwrap

import pytest

from tests.packaging._layout import project
from tests.packaging.conftest import VenvFactory

pytestmark = pytest.mark.slow

STARLETTE_WITH_OUR_CORS = textwrap.dedent(
    """
    import importlib.metadata, json
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient
    from lilya.middleware.cors import CORSMiddleware

    async def hello(request):
        return PlainTextResponse("hi")

    app = Starlette(routes=[Route("/", hello)])
    app.add_middleware(CORSMiddleware, allow_origins=["https://ok.example"])
    client = TestClient(app)
    allowed = client.get("/", headers={"origin": "https://ok.example"})
    refused = client.get("/", headers={"origin": "https://evil.example"})
    names = sorted(
        d.metadata["Name"] for d in importlib.metadata.distributions() if d.metadata["Name"].startswith("lilya")
    )
    print(json.dumps({
        "status": allowed.status_code, "body": allowed.text,
        "allow": allowed.headers.get("access-control-allow-origin"),
        "refused": refused.headers.get("access-control-allow-origin"),
        "lilya_dists": names,
    }))
    """
)


def test_middleware_wheel_alone_serves_cors_inside_starlette(
    wheels: dict[str, pathlib.Path], make_venv: VenvFactory
) -> None:
    python = make_venv([str(wheels["lilya-core"]), str(wheels["lilya-middleware"]), "starlette", "httpx"])
    out = subprocess.run([str(python), "-c", STARLETTE_WITH_OUR_CORS], check=True, capture_output=True, text=True)
    result = eval(out.stdout.strip().splitlines()[-1].replace("null", "None"))  # noqa: S307 - our own JSON
    assert result == {
        "status": 200,
        "body": "hi",
        "allow": "https://ok.example",
        "refused": None,
        "lilya_dists": ["lilya-core", "lilya-middleware"],
    }
    # Nothing of routing, apps or the CLI came along.
    probe = (
        "import importlib.util as u; "
        "print([u.find_spec(m) is None for m in ('lilya.routing', 'lilya.apps', 'lilya.cli', 'typer')])"
    )
    missing = subprocess.run([str(python), "-c", probe], check=True, capture_output=True, text=True)
    assert missing.stdout.strip() == "[True, True, True, True]"
    # Without the meta distribution, lilya.__version__ is core's.
    version = subprocess.run(
        [str(python), "-c", "import lilya; print(lilya.__version__)"], check=True, capture_output=True, text=True
    )
    assert version.stdout.strip() == project("lilya-core")["version"]


def test_all_wheels_give_the_lilya_command(wheels: dict[str, pathlib.Path], make_venv: VenvFactory) -> None:
    python = make_venv([*(str(w) for w in wheels.values()), "httpx"])
    script = python.parent / "lilya"
    for command in ([str(script), "--help"], [str(python), "-m", "lilya", "--help"]):
        out = subprocess.run(command, check=True, capture_output=True, text=True)
        assert "runserver" in out.stdout
    app_check = (
        "from lilya.apps import Lilya; from lilya.testclient import TestClient, create_client; "
        "from lilya.templating.controllers import TemplateController; "
        "print(TestClient(Lilya()).get('/x').status_code, create_client(routes=[]).get('/x').status_code)"
    )
    out = subprocess.run([str(python), "-c", app_check], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "404 404"  # create_client and the template controllers: entry points
    # One lilya/__init__.py (core's) in site-packages; the meta distribution names the version.
    version_check = "import lilya, lilya.cli; print(len(lilya.__path__), lilya.__version__)"
    out = subprocess.run([str(python), "-c", version_check], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == f"1 {project('lilya')['version']}"


def test_only_the_core_wheel_carries_lilya_init(wheels: dict[str, pathlib.Path]) -> None:
    import zipfile

    for dist, wheel in wheels.items():
        names = zipfile.ZipFile(wheel).namelist()
        assert ("lilya/__init__.py" in names) is (dist == "lilya-core"), dist
        assert any(n.endswith("py.typed") for n in names), dist
    assert sys.version_info >= (3, 10)


OPENAPI_OF_A_ROUTER = textwrap.dedent(
    """
    import importlib.util, json
    from lilya.contrib.openapi.decorator import openapi
    from lilya.contrib.openapi.utils import get_openapi
    from lilya.routing import Include, Path, Router

    @openapi(summary="One item", tags=["items"])
    async def item(item_id: int):
        return {"id": item_id}

    router = Router(routes=[Include("/api", routes=[Path("/items/{item_id:int}", item)])])
    spec = get_openapi(app=router, title="Shop", version="1", routes=router.routes)
    print(json.dumps({
        "paths": spec["paths"],
        "missing": [importlib.util.find_spec(m) is None for m in ("lilya.apps", "lilya.middleware", "msgspec")],
    }))
    """
)


def test_contrib_wheel_with_the_openapi_extra_documents_a_plain_router(
    wheels: dict[str, pathlib.Path], make_venv: VenvFactory
) -> None:
    """The extra brings what the feature imports (pydantic, lilya-routing); no app class needed."""
    python = make_venv(
        [
            f"lilya-contrib[openapi] @ {wheels['lilya-contrib'].as_uri()}",
            str(wheels["lilya-core"]),
            str(wheels["lilya-routing"]),
        ]
    )
    out = subprocess.run([str(python), "-c", OPENAPI_OF_A_ROUTER], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["missing"] == [True, True, True]
    assert result["paths"] == {
        "/api/items/{item_id}": {
            "get": {
                "summary": "One item",
                "tags": ["items"],
                "parameters": [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "Successful response"}},
            }
        }
    }
