"""The global settings: lazy proxy, LILYA_SETTINGS_MODULE, reload, override_settings."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import anyio
import pytest

from lilya.conf import (
    ENVIRONMENT_VARIABLE,
    SettingsForward,
    get_settings,
    load_settings_module,
    override_settings,
    reload_settings,
    settings,
)
from lilya.conf.global_settings import Settings
from lilya.testclient import override_settings as testclient_override_settings
from lilya.types import Receive, Scope, Send
from tests.conftest import TestClientFactory
from tests.core._settings_support import fresh_settings

__all__ = ["fresh_settings"]

pytestmark = pytest.mark.usefixtures("fresh_settings")


@pytest.fixture
def settings_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An importable module with two settings classes and an instance; returns its name."""
    name = f"h4_settings_{abs(hash(tmp_path)) % 10**8}"
    (tmp_path / f"{name}.py").write_text(
        textwrap.dedent(
            """
            from lilya.conf.global_settings import Settings

            class AppSettings(Settings):
                debug: bool = True
                title: str = "app"

            class OtherSettings(Settings):
                title: str = "other"

            instance = AppSettings(title="instance")
            not_settings = object()
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def test_environment_variable_name() -> None:
    assert ENVIRONMENT_VARIABLE == "LILYA_SETTINGS_MODULE"


def test_proxy_imports_nothing_until_read() -> None:
    code = (
        "import sys\n"
        "from lilya.conf import settings\n"
        "assert 'lilya.conf.global_settings' not in sys.modules, 'imported too early'\n"
        "assert settings.debug is False\n"
        "assert 'lilya.conf.global_settings' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_default_settings_class() -> None:
    assert type(get_settings()) is Settings
    assert isinstance(settings, SettingsForward)
    assert settings.cache_default_ttl == 300
    assert get_settings() is get_settings()  # built once


def test_settings_module_selects_the_class(monkeypatch: pytest.MonkeyPatch, settings_package: str) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, f"{settings_package}.AppSettings")
    assert settings.debug is True
    assert getattr(settings, "title") == "app"
    assert type(get_settings()).__name__ == "AppSettings"


def test_reload_settings_rereads_the_variable(monkeypatch: pytest.MonkeyPatch, settings_package: str) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, f"{settings_package}.AppSettings")
    assert getattr(settings, "title") == "app"
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, f"{settings_package}.OtherSettings")
    assert getattr(settings, "title") == "app"  # not re-read on its own
    reload_settings()
    assert getattr(settings, "title") == "other"
    monkeypatch.delenv(ENVIRONMENT_VARIABLE)
    reload_settings()
    assert type(get_settings()) is Settings


def test_reload_settings_reads_field_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings.debug is False
    monkeypatch.setenv("DEBUG", "true")
    reload_settings()
    assert settings.debug is True


def test_bad_settings_module_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, settings_package: str) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, f"{settings_package}.Missing")
    with pytest.raises(ImportError, match="has no attribute 'Missing'"):
        reload_settings()
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, f"{settings_package}.not_settings")
    with pytest.raises(TypeError, match="not a settings class"):
        reload_settings()
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "nodots")
    with pytest.raises(ImportError, match="dotted path"):
        reload_settings()


def test_settings_module_reading_settings_at_import_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "h4_circular_settings.py").write_text(
        "from lilya.conf import settings\n"
        "from lilya.conf.global_settings import Settings\n"
        "DEBUG = settings.debug\n"
        "class AppSettings(Settings): ...\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "h4_circular_settings.AppSettings")
    with pytest.raises(RuntimeError, match="circular import"):
        reload_settings()
    monkeypatch.delenv(ENVIRONMENT_VARIABLE)
    reload_settings()  # the registry is usable again
    assert settings.debug is False


def test_load_settings_module_forms(settings_package: str) -> None:
    assert load_settings_module(None) is None
    from_path = load_settings_module(f"{settings_package}.AppSettings")
    assert from_path is not None and from_path.title == "app"  # type: ignore[attr-defined]
    instance = load_settings_module(f"{settings_package}.instance")
    assert instance is load_settings_module(instance)
    assert instance.title == "instance"  # type: ignore[union-attr]
    assert type(load_settings_module(Settings)) is Settings


def test_proxy_forwards_writes() -> None:
    settings.timezone = "Asia/Tokyo"
    assert get_settings().timezone == "Asia/Tokyo"
    assert "timezone" in dir(settings)
    assert "SettingsForward" in repr(settings)


def test_override_settings_context_manager_restores() -> None:
    with override_settings(debug=True, timezone="X"):
        assert settings.debug is True
        assert settings.timezone == "X"
        assert settings.cache_default_ttl == 300  # untouched fields keep their value
    assert settings.debug is False
    assert settings.timezone == "UTC"


def test_override_settings_nests_and_overrides_properties() -> None:
    def route() -> None: ...

    with override_settings(routes=[route]):
        assert settings.routes == [route]
        with override_settings(debug=True):
            assert settings.routes == [route]
            assert settings.debug is True
        assert settings.debug is False
    assert settings.routes == []


def test_override_settings_restores_after_exception() -> None:
    with pytest.raises(RuntimeError), override_settings(debug=True):
        raise RuntimeError
    assert settings.debug is False


def test_override_settings_decorates_sync_functions() -> None:
    @override_settings(timezone="Z")
    def read(suffix: str) -> str:
        return settings.timezone + suffix

    assert read("!") == "Z!"
    assert read.__name__ == "read"
    assert settings.timezone == "UTC"


@pytest.mark.anyio
async def test_override_settings_decorates_async_functions() -> None:
    @testclient_override_settings(debug=True)
    async def read() -> bool:
        await anyio.sleep(0)
        return settings.debug

    assert await read() is True
    assert settings.debug is False
    async with override_settings(infer_body=True):
        assert settings.infer_body is True
    assert settings.infer_body is False


@pytest.mark.anyio
async def test_concurrent_overrides_are_task_local() -> None:
    seen: dict[str, Any] = {}
    both_inside = anyio.Event()
    entered = 0

    async def worker(zone: str) -> None:
        nonlocal entered
        with override_settings(timezone=zone):
            entered += 1
            if entered == 2:
                both_inside.set()
            await both_inside.wait()
            seen[zone] = settings.timezone

    async with anyio.create_task_group() as tg:
        tg.start_soon(worker, "A")
        tg.start_soon(worker, "B")
    assert seen == {"A": "A", "B": "B"}
    assert settings.timezone == "UTC"


def test_override_is_seen_by_an_app_through_the_test_client(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        body = str(settings.debug).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": body})

    client = test_client_factory(app)
    assert client.get("/").text == "False"
    with override_settings(debug=True):
        assert client.get("/").text == "True"
    assert client.get("/").text == "False"


def test_settings_reexported_lazily_from_conf() -> None:
    from lilya.conf import Settings as Reexported

    assert Reexported is Settings
    with pytest.raises(ImportError):
        from lilya.conf import DoesNotExist  # noqa: F401


def test_load_settings_module_refuses_what_is_not_settings_before_building_it() -> None:
    from lilya.conf.exceptions import FieldException, SettingsModuleError

    built: list[str] = []

    class NotSettings:
        def __init__(self) -> None:
            built.append("built")

    for candidate in (NotSettings, object()):
        with pytest.raises(SettingsModuleError, match="not a settings class") as info:
            load_settings_module(candidate)
        # Lilya(settings_module=...) promises a FieldException, the global loader a TypeError.
        assert isinstance(info.value, FieldException) and isinstance(info.value, TypeError)
    assert built == []
