"""Settings fallback (resolved once at construction), settings/version, dependency overrides."""

from __future__ import annotations

import pytest

from lilya.apps import ChildLilya, Lilya
from lilya.conf.exceptions import FieldException
from lilya.conf.global_settings import Settings
from lilya.routing import Path
from tests.conftest import TestClientFactory


class AppSettings(Settings):
    redirect_slashes: bool = False
    root_path: str | None = "/from-settings"
    version: str = "9.9.9"
    enable_intercept_global_exceptions: bool = True


async def hello() -> str:
    return "hi"


def test_unset_values_come_from_settings_module() -> None:
    app = Lilya(settings_module=AppSettings)
    assert app.redirect_slashes is False
    assert app.root_path == "/from-settings"
    assert app.enable_intercept_global_exceptions is True
    assert isinstance(app.settings, AppSettings)
    assert app.version == "9.9.9"


def test_explicit_values_win_over_settings() -> None:
    app = Lilya(settings_module=AppSettings, redirect_slashes=True, root_path="/explicit")
    assert app.redirect_slashes is True
    assert app.root_path == "/explicit"


def test_global_settings_are_the_last_fallback() -> None:
    app = Lilya()
    assert app.redirect_slashes is True
    assert app.include_in_schema is True
    assert app.root_path == ""
    assert app.version == str(Settings().version)
    assert app.load_settings_value("redirect_slashes", None, is_boolean=True) is True


def test_settings_module_as_dotted_path() -> None:
    app = ChildLilya(settings_module=f"{__name__}.AppSettings")
    assert isinstance(app.settings, AppSettings)


def test_settings_module_must_be_a_settings_subclass() -> None:
    class NotSettings:
        pass

    with pytest.raises(FieldException):
        Lilya(settings_module=NotSettings)  # type: ignore[arg-type]


def test_routes_from_settings_module(test_client_factory: TestClientFactory) -> None:
    class WithRoutes(Settings):
        routes: list[Path] = [Path("/from-settings", hello)]

    assert test_client_factory(Lilya(settings_module=WithRoutes)).get("/from-settings").json() == "hi"


def test_override_and_reset_dependency(test_client_factory: TestClientFactory) -> None:
    from lilya.dependencies import Provide

    def real() -> str:
        return "real"

    def fake() -> str:
        return "fake"

    async def handler(value: str) -> dict[str, str]:
        return {"value": value}

    app = Lilya(routes=[Path("/dep", handler, dependencies={"value": Provide(real)})])
    client = test_client_factory(app)
    assert client.get("/dep").json() == {"value": "real"}
    app.override_dependency("value", fake)
    assert app.dependency_overrides == {"value": fake}
    assert client.get("/dep").json() == {"value": "fake"}
    app.reset_dependency_overrides()
    assert app.dependency_overrides == {}
    assert client.get("/dep").json() == {"value": "real"}


def test_an_apps_own_settings_are_lilya_conf_settings_while_it_serves(test_client_factory: TestClientFactory) -> None:
    """As in Lilya: handlers reading ``lilya.conf.settings`` see the settings_module of the app
    serving them (a mounted app its own), and the global settings again outside the request."""
    from lilya.conf import settings
    from lilya.conf.global_settings import Settings
    from lilya.responses import JSONResponse
    from lilya.routing import Include, Path

    async def home() -> JSONResponse:
        return JSONResponse({"title": getattr(settings, "title", None), "debug": settings.debug})

    class Outer(Settings):
        title: str = "outer"
        debug: bool = False

    class Inner(Settings):
        title: str = "inner"
        debug: bool = True

    child = Lilya(settings_module=Inner, routes=[Path("/home", home)])
    app = Lilya(settings_module=Outer, routes=[Path("/home", home), Include("/child", app=child)])
    client = test_client_factory(app)
    assert client.get("/home").json() == {"title": "outer", "debug": False}
    assert client.get("/child/home").json() == {"title": "inner", "debug": True}
    assert getattr(settings, "title", None) is None
