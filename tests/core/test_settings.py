"""Settings: fields and defaults, environment casting, subclassing, dumping."""

from __future__ import annotations

import importlib.metadata

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest

from lilya.caches.memory import InMemoryCache
from lilya.conf.enums import EnvironmentType
from lilya.conf.exceptions import FieldException
from lilya.conf.global_settings import BaseSettings, Settings, safe_get_type_hints
from lilya.logging import StandardLoggingConfig
from lilya.protocols.cache import CacheBackend

SPEC = Path(__file__).resolve().parents[1] / "spec" / "settings-fields.tsv"

SCALAR_DEFAULTS: dict[str, Any] = {
    "after_request": None,
    "before_request": None,
    "cache_default_ttl": 300,
    "csrf_token_name": "csrf_token",
    "debug": False,
    "default_route_pattern": "route_patterns",
    "dependencies": None,
    "enable_intercept_global_exceptions": False,
    "enable_openapi": False,
    "enforce_return_annotation": False,
    "environment": "production",
    "exception_handlers": {},
    "include_in_schema": True,
    "infer_body": False,
    "ipython_args": ["--no-banner"],
    "lifespan": None,
    "logging_level": "INFO",
    "middleware": [],
    "on_shutdown": None,
    "on_startup": None,
    "openapi_config": None,
    "permissions": [],
    "ptpython_config_file": "~/.config/ptpython/config.py",
    "redirect_slashes": True,
    "root_path": "",
    "root_path_in_servers": True,
    "routes": [],
    "timezone": "UTC",
    "version": importlib.metadata.version("lilya"),  # the installed version, as lilya.__version__
    "x_frame_options": None,
}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [*SCALAR_DEFAULTS, "cache_backend", "tags", "maybe", "ratio", "either", "mapping", "hosts"]:
        monkeypatch.delenv(name.upper(), raising=False)


def spec_fields() -> list[str]:
    with SPEC.open() as handle:
        return [row["field"] for row in csv.DictReader(handle, delimiter="\t")]


def test_every_spec_field_exists_with_its_default() -> None:
    settings = Settings()
    names = spec_fields()
    assert len(names) == 34
    for name in names:
        assert hasattr(settings, name), name
        if name in SCALAR_DEFAULTS:
            assert getattr(settings, name) == SCALAR_DEFAULTS[name], name
    assert isinstance(settings.cache_backend, InMemoryCache)
    assert isinstance(settings.logging_config, StandardLoggingConfig)
    assert settings.runserver_theme["tag.title"] == "white on #02a6f2"
    assert settings.environment is EnvironmentType.PRODUCTION


def test_field_annotations_match_the_spec() -> None:
    hints = safe_get_type_hints(Settings)
    assert hints["debug"] is bool
    assert hints["cache_default_ttl"] is int
    assert hints["cache_backend"] is CacheBackend
    assert hints["x_frame_options"] == str | None
    assert hints["version"] == str | int | float
    assert hints["before_request"] == Sequence[Callable[..., Any]] | None
    assert "ipython_args" not in hints  # ClassVar: not a field
    assert "routes" not in hints  # property: not read from the environment


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("True", True), ("1", True), ("yes", True), ("on", True),
     ("false", False), ("0", False), ("no", False), ("NO", False), ("off", False)],
)
def test_bool_fields_read_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("DEBUG", raw)
    assert Settings().debug is expected


def test_invalid_bool_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ValueError, match="DEBUG='maybe'") as info:
        Settings()
    assert isinstance(info.value, FieldException)


def test_int_and_str_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CACHE_DEFAULT_TTL", "42")
    monkeypatch.setenv("TIMEZONE", "Europe/Lisbon")
    settings = Settings()
    assert settings.cache_default_ttl == 42
    assert settings.timezone == "Europe/Lisbon"
    monkeypatch.setenv("CACHE_DEFAULT_TTL", "forty")
    with pytest.raises(ValueError, match="CACHE_DEFAULT_TTL"):
        Settings()


def test_empty_variable_is_unset_unless_the_field_holds_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "")
    monkeypatch.setenv("CACHE_DEFAULT_TTL", " ")
    monkeypatch.setenv("TIMEZONE", "")
    monkeypatch.setenv("ROOT_PATH", "")
    settings = Settings()
    assert settings.debug is False
    assert settings.cache_default_ttl == 300
    assert settings.timezone == ""
    assert settings.root_path == ""


def test_union_tries_arms_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERSION", "1.2")
    assert Settings().version == "1.2"  # str first in `str | int | float`

    class Numbers(Settings):
        either: int | float = 0

    monkeypatch.setenv("EITHER", "2.5")
    assert Numbers().either == 2.5
    monkeypatch.setenv("EITHER", "3")
    assert Numbers().either == 3


def test_optional_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    class App(Settings):
        maybe: int | None = 3
        ratio: float | None = None

    monkeypatch.setenv("MAYBE", "null")
    monkeypatch.setenv("RATIO", "0.5")
    app = App()
    assert app.maybe is None
    assert app.ratio == 0.5
    monkeypatch.setenv("X_FRAME_OPTIONS", "DENY")
    assert Settings().x_frame_options == "DENY"
    monkeypatch.setenv("X_FRAME_OPTIONS", "none")
    assert Settings().x_frame_options == "none"  # a str field keeps the text


def test_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    class App(Settings):
        tags: list[int] = []
        hosts: tuple[str, ...] = ()
        mapping: dict[str, int] = {}

    monkeypatch.setenv("TAGS", "1, 2,3")
    monkeypatch.setenv("HOSTS", '["a.com", "b.com"]')
    monkeypatch.setenv("MAPPING", '{"a": 1}')
    app = App()
    assert app.tags == [1, 2, 3]
    assert app.hosts == ("a.com", "b.com")
    assert app.mapping == {"a": 1}
    monkeypatch.setenv("TAGS", "")
    assert App().tags == []
    monkeypatch.setenv("MAPPING", "[1]")
    with pytest.raises(ValueError, match="MAPPING"):
        App()


def test_subclass_changes_defaults_and_adds_fields() -> None:
    class AppSettings(Settings):
        debug: bool = True
        secret: str = "s3"
        ipython_args: ClassVar[list[str]] = ["--x"]

    app = AppSettings()
    assert app.debug is True
    assert app.secret == "s3"
    assert app.cache_default_ttl == 300
    assert "secret" in app.dict()
    assert "ipython_args" not in app.dict()
    assert isinstance(app, Settings)


def test_keyword_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "false")
    assert Settings(debug=True).debug is True
    assert Settings().debug is False


def test_keyword_arguments_can_override_properties() -> None:
    def route() -> None: ...

    settings = Settings(routes=[route], debug=True)
    assert settings.routes == [route]
    assert isinstance(settings, Settings)
    assert type(settings).__name__ == "Settings"
    assert Settings().routes == []  # the class itself is untouched


def test_post_init_runs_after_fields() -> None:
    class Derived(Settings):
        debug: bool = True

        def post_init(self) -> None:
            self.logging_level = "DEBUG" if self.debug else "INFO"

    assert Derived().logging_level == "DEBUG"
    assert Derived(debug=False).logging_level == "INFO"


def test_dict_and_tuple() -> None:
    settings = Settings()
    data = settings.dict()
    assert data["debug"] is False
    assert "routes" not in data
    assert settings.dict(upper=True)["DEBUG"] is False
    assert "x_frame_options" not in settings.dict(exclude_none=True)
    assert "debug" not in settings.dict(exclude={"debug"})
    with_props = settings.dict(include_properties=True)
    assert with_props["routes"] == []
    assert "runserver_theme" in with_props
    assert settings.tuple()[0] == next(iter(data.items()))
    assert dict(settings.tuple(upper=True)) == settings.dict(upper=True)


def test_unresolvable_annotation_is_read_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    namespace: dict[str, Any] = {}
    exec(  # noqa: S102 - builds a class whose annotation names something undefined
        "from __future__ import annotations\n"
        "from lilya.conf.global_settings import Settings\n"
        "class Odd(Settings):\n"
        "    thing: NotDefinedAnywhere = 'x'\n"
        "    flag: bool = False\n",
        namespace,
    )
    monkeypatch.setenv("THING", "from-env")
    monkeypatch.setenv("FLAG", "yes")
    odd = namespace["Odd"]()
    assert odd.thing == "from-env"
    assert odd.flag is True
    assert odd.debug is False


def test_subclass_may_turn_a_field_into_a_property(monkeypatch: pytest.MonkeyPatch) -> None:
    class Computed(Settings):
        @property
        def debug(self) -> bool:  # type: ignore[override]
            return self.environment == "development"

    monkeypatch.setenv("DEBUG", "true")
    assert Computed().debug is False
    assert Computed(environment="development").debug is True
    assert "debug" not in Computed().dict()


def test_serializer_config_default() -> None:
    from lilya.serializers import StandardSerializerConfig

    assert isinstance(Settings().serializer_config, StandardSerializerConfig)


def test_base_settings_alone() -> None:
    class Small(BaseSettings):
        name: str = "x"

    assert Small().dict() == {"name": "x"}
    assert repr(Small()) == "test_base_settings_alone.<locals>.Small()"


def test_cache_backend_is_shared_between_instances() -> None:
    assert Settings().cache_backend is Settings().cache_backend


def test_settings_classes_list_their_fields_including_inherited_ones() -> None:
    from lilya.conf.global_settings import Settings

    class Parent(Settings):
        custom_name: str = "parent"

    class Child(Parent):
        custom_name = "child"  # re-set without re-annotating: still a field

    assert "custom_name" in Child.__type_hints__ and "debug" in Child.__type_hints__


def test_the_default_version_is_the_installed_lilya() -> None:
    import lilya
    from lilya.conf.global_settings import Settings

    assert Settings().version == lilya.__version__ == importlib.metadata.version("lilya")
