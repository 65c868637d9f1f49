"""TemplateController, ListController and FormController served through a Lilya app."""

from __future__ import annotations

import dataclasses
import importlib
import pathlib
import sys
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.exceptions import ImproperlyConfigured, MissingDependency
from lilya.requests import Request
from lilya.responses import HTMLResponse
from lilya.routing import Path
from lilya.templating import Jinja2Template
from lilya.templating.controllers import FormController, ListController, TemplateController
from tests.conftest import TestClientFactory


@pytest.fixture
def jinja(tmp_path: pathlib.Path) -> Jinja2Template:
    (tmp_path / "page.html").write_text("{{ title }}|{{ extra }}")
    (tmp_path / "list.html").write_text("{% for o in object_list %}{{ o }},{% endfor %}")
    (tmp_path / "form.html").write_text("form={{ form }} errors={{ errors }}")
    return Jinja2Template(directory=tmp_path)


def test_lilya_029_path_serves_routings_controllers_and_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Core never imports routing: the path resolves through the entry points lilya-routing declares."""
    from lilya._internal import _components
    from lilya.routing import templating

    assert TemplateController is templating.TemplateController
    monkeypatch.setattr(_components.importlib.metadata, "entry_points", lambda **_: [])
    _components.component.cache_clear()
    monkeypatch.delitem(sys.modules, "lilya.templating.controllers")
    try:
        module = importlib.import_module("lilya.templating.controllers")  # importing alone is fine
        with pytest.raises(MissingDependency, match="pip install lilya-routing"):
            module.ListController  # noqa: B018 - the attribute access is the point
    finally:
        _components.component.cache_clear()


def test_template_name_is_required() -> None:
    with pytest.raises(ImproperlyConfigured, match="template_name"):

        class Nameless(TemplateController):
            pass


def test_template_controller_with_processors(test_client_factory: TestClientFactory, jinja: Jinja2Template) -> None:
    def add_extra(request: Request, controller: Any) -> dict[str, Any]:
        return {"extra": type(controller).__name__}

    class Page(TemplateController):
        template_name = "page.html"
        context_processors = [add_extra]

        async def get(self, request: Request) -> HTMLResponse:
            return await self.render_template(request, {"title": "Hi"})

    Page.templates = jinja
    client = test_client_factory(Lilya(routes=[Path("/page", Page)]))
    response = client.get("/page")
    assert response.status_code == 200
    assert response.text == "Hi|Page"


def test_list_controller(test_client_factory: TestClientFactory, jinja: Jinja2Template) -> None:
    class Items(ListController):
        template_name = "list.html"
        templates = jinja

        async def get_queryset(self) -> list[int]:
            return [1, 2, 3]

        async def get(self, request: Request) -> HTMLResponse:
            return await self.render_template(request)

    assert test_client_factory(Lilya(routes=[Path("/items", Items)])).get("/items").text == "1,2,3,"


@dataclasses.dataclass
class Signup:
    email: str

    def __post_init__(self) -> None:
        if "@" not in self.email:
            raise ValueError("invalid email")


def test_form_controller(test_client_factory: TestClientFactory, jinja: Jinja2Template) -> None:
    class SignupForm(FormController):
        template_name = "form.html"
        templates = jinja
        form_class = Signup
        success_url = "/done"

    client = test_client_factory(Lilya(routes=[Path("/signup", SignupForm)]))
    assert client.get("/signup").text == "form={} errors={}"
    ok = client.post("/signup", data={"email": "a@b.c"}, follow_redirects=False)
    assert (ok.status_code, ok.headers["location"]) == (303, "/done")
    bad = client.post("/signup", data={"email": "nope"})
    assert bad.text == "form={&#39;email&#39;: &#39;nope&#39;} errors=invalid email"


def test_form_hook_returning_none_defers_to_the_parent(
    test_client_factory: TestClientFactory, jinja: Jinja2Template
) -> None:
    seen: list[Any] = []

    class Observed(FormController):
        template_name = "form.html"
        templates = jinja
        form_class = Signup
        success_url = "/thanks"

        async def form_valid(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            seen.append(args[0])
            return None

    client = test_client_factory(Lilya(routes=[Path("/s", Observed)]))
    response = client.post("/s", data={"email": "x@y.z"}, follow_redirects=False)
    assert response.headers["location"] == "/thanks"
    assert seen == [Signup("x@y.z")]


def test_form_validator_set_on_the_instance(test_client_factory: TestClientFactory, jinja: Jinja2Template) -> None:
    class Shouting(FormController):
        template_name = "form.html"
        templates = jinja
        form_class = Signup
        success_url = "/done"

        def __init__(self) -> None:
            super().__init__()

            def upper(form_class: type[Any], data: dict[str, Any]) -> Any:
                return form_class(**{key: str(value).upper() for key, value in data.items()})

            self.validator = upper  # type: ignore[assignment]

        async def form_valid(self, request: Request, form: Any, **kwargs: Any) -> HTMLResponse:
            return HTMLResponse(form.email)

    client = test_client_factory(Lilya(routes=[Path("/signup", Shouting)]))
    assert client.post("/signup", data={"email": "a@b.c"}).text == "A@B.C"
