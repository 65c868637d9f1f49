"""Jinja2 templates and TemplateResponse."""

from __future__ import annotations

import pathlib
import sys
from typing import Any

import pytest

from lilya.exceptions import MissingDependency, TemplateNotFound
from lilya.requests import Request
from lilya.responses import TemplateResponse
from lilya.templating import Jinja2Template
from lilya.templating.jinja import Jinja2Templates, TemplateRenderer
from lilya.types import Receive, Scope, Send
from tests.conftest import TestClientFactory
from tests.core._output_support import http_scope, run_raw


@pytest.fixture
def templates(tmp_path: pathlib.Path) -> Jinja2Template:
    (tmp_path / "hello.html").write_text("<h1>{{ name }}</h1><p>{{ request.method }}</p>{{ extra }}")
    return Jinja2Template(directory=tmp_path, context_processors=[lambda request: {"extra": "!"}])


def test_renders_with_request_and_processors(test_client_factory: TestClientFactory, templates: Jinja2Template) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = templates.get_template_response(request, "hello.html", {"name": "<b>Ada</b>"}, status_code=201)
        await response(scope, receive, send)

    response = test_client_factory(app).get("/")
    assert response.status_code == 201
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text == "<h1>&lt;b&gt;Ada&lt;/b&gt;</h1><p>GET</p>!"


def test_keyword_arguments_and_alias(templates: Jinja2Template) -> None:
    request = Request(http_scope())
    response = templates.get_template_response(
        request=request, name="hello.html", context={"name": "x"}, headers={"x-a": "1"}
    )
    assert response.headers["x-a"] == "1"
    assert Jinja2Templates is Jinja2Template


def test_request_is_required(templates: Jinja2Template) -> None:
    with pytest.raises(AssertionError, match="Request"):
        templates.get_template_response(None, "hello.html")


def test_missing_template(templates: Jinja2Template) -> None:
    with pytest.raises(TemplateNotFound):
        templates.get_template("nope.html")


def test_env_or_directory_required() -> None:
    with pytest.raises(AssertionError):
        Jinja2Template()


def test_existing_environment_gets_url_helpers() -> None:
    import jinja2  # type: ignore[import-not-found,unused-ignore]

    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ path_for is defined }}"}))
    assert Jinja2Template(env=env).get_template("t.html").render() == "True"


@pytest.mark.anyio
async def test_async_environment_renders_when_sent() -> None:
    import jinja2  # type: ignore[import-not-found,unused-ignore]

    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ 1 + 1 }}"}), enable_async=True)
    templates = Jinja2Template(env=env)
    response = templates.get_template_response(Request(http_scope()), "t.html")
    messages = await run_raw(response)
    assert messages[1]["body"] == b"2"


@pytest.mark.anyio
async def test_debug_extension_gets_template_and_context() -> None:
    class Fake:
        def render(self, context: dict[str, Any]) -> str:
            return "rendered"

    response = TemplateResponse(Fake(), context={"a": 1})
    messages = await run_raw(response, http_scope(extensions={"http.response.debug": {}}))
    assert messages[0]["type"] == "http.response.debug"
    assert messages[0]["info"]["context"] == {"a": 1}
    assert messages[-1]["body"] == b"rendered"


def test_custom_render_function_name() -> None:
    class Fake:
        def show(self, context: dict[str, Any]) -> str:
            return f"shown {context['x']}"

    assert TemplateResponse(Fake(), context={"x": 1}, render_function_name="show").body == b"shown 1"
    renderer: TemplateRenderer[Any] = TemplateRenderer(template=None)
    assert renderer.render_function_name == "render"


def test_missing_jinja2_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(MissingDependency, match="pip install jinja2"):
        Jinja2Template(directory=tmp_path)


def test_templates_need_exactly_one_source() -> None:
    import jinja2

    from lilya.templating.jinja import Jinja2Template

    with pytest.raises(AssertionError, match="but not both"):
        Jinja2Template()  # type: ignore[call-overload]
    with pytest.raises(AssertionError, match="but not both"):
        Jinja2Template(directory="templates", env=jinja2.Environment())  # type: ignore[call-overload]
