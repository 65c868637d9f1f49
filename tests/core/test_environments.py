"""lilya.environments.EnvironLoader: environment, .env files, YAML, casting, read-lock."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lilya.datastructures import MultiDict
from lilya.environments import Empty, EnvError, EnvironLoader


@pytest.fixture
def env_file(tmp_path: Path) -> Path:
    path = tmp_path / ".env"
    path.write_text(
        "# a comment\n"
        "\n"
        "DATABASE_HOST=db.local\n"
        "export PORT=5432\n"
        "DEBUG = yes\n"
        "URL=postgres://$DATABASE_HOST:${PORT}/app\n"
        "FALLBACK=${NOT_SET_ANYWHERE|guest}\n"
        "SINGLE='keep $DATABASE_HOST literal'\n"
        'DOUBLE="line\\nbreak $PORT"\n'
        "PRICE=$$5 # inline comment\n"
        "not a valid line\n"
    )
    return path


def test_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("H4_ENV_VALUE", "42")
    env = EnvironLoader()
    assert env("H4_ENV_VALUE", cast=int) == 42
    assert isinstance(env, MultiDict)


def test_initial_mapping_and_defaults() -> None:
    env = EnvironLoader({"A": "1", "FLAG": "off"})
    assert env("A") == "1"
    assert env.env("A", cast=float) == 1.0
    assert env("FLAG", cast=bool) is False
    assert env("MISSING_H4", default="x") == "x"
    assert env("MISSING_H4", cast=int, default="7") == 7  # the default is cast too
    assert env("MISSING_H4", default=None) is None
    with pytest.raises(KeyError, match="MISSING_H4"):
        env("MISSING_H4")
    assert repr(Empty) == "Empty"


def test_cast_errors_are_clear() -> None:
    env = EnvironLoader({"FLAG": "maybe", "N": "x"})
    with pytest.raises(ValueError, match="'FLAG' has an invalid boolean value 'maybe'"):
        env("FLAG", cast=bool)
    with pytest.raises(ValueError, match="Cannot cast value 'x' for key 'N' to type 'int'"):
        env("N", cast=int)


def test_live_environment_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    env = EnvironLoader({})
    monkeypatch.setenv("H4_LATE", "late")
    assert env("H4_LATE") == "late"


def test_prefix_and_ignore_case() -> None:
    env = EnvironLoader({"APP_NAME": "lilya", "app_debug": "1"}, prefix="app_", ignore_case=True)
    assert env("name") == "lilya"
    assert env("DEBUG", cast=bool) is True
    assert env["name"] == "lilya"
    plain = EnvironLoader({"APP_NAME": "x"}, prefix="APP_")
    assert plain("NAME") == "x"
    with pytest.raises(KeyError):
        plain["name"]


def test_values_read_cannot_change() -> None:
    env = EnvironLoader({"A": "1", "B": "2"})
    env["C"] = "3"
    assert env["A"] == "1"
    with pytest.raises(EnvError, match="after it has been read"):
        env["A"] = "2"
    with pytest.raises(EnvError, match="after it has been read"):
        del env["A"]
    del env["B"]
    assert "B" not in env
    with pytest.raises(EnvError, match="does not exist"):
        del env["B"]
    env("C")
    with pytest.raises(EnvError):
        env["C"] = "4"


def test_env_file(env_file: Path) -> None:
    env = EnvironLoader({}, env_file=env_file)
    assert env("DATABASE_HOST") == "db.local"
    assert env("PORT", cast=int) == 5432
    assert env("DEBUG", cast=bool) is True
    assert env("URL") == "postgres://db.local:5432/app"
    assert env("FALLBACK") == "guest"
    assert env("SINGLE") == "keep $DATABASE_HOST literal"
    assert env("DOUBLE") == "line\nbreak 5432"
    assert env("PRICE") == "$5"


def test_path_as_first_argument_reads_the_file(env_file: Path) -> None:
    assert EnvironLoader(env_file)("DATABASE_HOST") == "db.local"
    assert EnvironLoader(str(env_file))("PORT") == "5432"


def test_missing_file_warns(tmp_path: Path) -> None:
    env = EnvironLoader({})
    with pytest.warns(UserWarning, match="not found"):
        env.load_from_files(env_file=tmp_path / "nope.env", include_os_env=False)


def test_duplicates_and_missing_variables_strict_and_lenient(tmp_path: Path) -> None:
    duplicate = tmp_path / "dup.env"
    duplicate.write_text("A=1\nA=2\n")
    with pytest.raises(EnvError, match="Duplicate variable 'A'"):
        EnvironLoader({}, env_file=duplicate, strict=True)
    with pytest.warns(UserWarning, match="Duplicate"):
        lenient = EnvironLoader({}, env_file=duplicate)
    assert lenient("A") == "2"
    missing = tmp_path / "missing.env"
    missing.write_text("B=${H4_NOT_DEFINED}\n")
    with pytest.raises(EnvError, match="Missing required variable 'H4_NOT_DEFINED'"):
        EnvironLoader({}, env_file=missing, strict=True)
    assert EnvironLoader({}, env_file=missing)("B") == ""


def test_yaml_layers_and_flattening(tmp_path: Path, env_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    yaml_file = tmp_path / "config.yaml"
    yaml_file.write_text(
        "db:\n  host: ${DATABASE_HOST}\n  ports: [1, 2]\n  replicas:\n    - name: r1\n"
        "debug: true\nprice: $$3\nPORT: 6000\n"
    )
    monkeypatch.setenv("H4_FROM_OS", "os")
    env = EnvironLoader({"INITIAL": "i"})
    merged = env.load_all(env_file=env_file, yaml_file=yaml_file, overrides={"debug": "false"})
    assert merged["db.host"] == "db.local"
    assert merged["db.ports.1"] == "2"
    assert merged["db.replicas.0.name"] == "r1"
    assert merged["price"] == "$3"
    assert merged["PORT"] == "6000"  # YAML beats the .env file
    assert merged["debug"] == "false"  # overrides beat everything
    assert merged["INITIAL"] == "i"
    assert merged["H4_FROM_OS"] == "os"
    assert env("db.ports.0", cast=int) == 1


def test_yaml_without_flatten_keeps_structures(tmp_path: Path) -> None:
    yaml_file = tmp_path / "config.yaml"
    yaml_file.write_text("db:\n  host: x\nitems: [1, 2]\nname: n\n")
    env = EnvironLoader({})
    env.load_from_files(yaml_file=yaml_file, include_os_env=False, flatten=False)
    assert env["db"] == {"host": "x"}
    assert env["items"] == [1, 2]
    assert env["name"] == "n"


def test_invalid_yaml_is_an_env_error(tmp_path: Path) -> None:
    yaml_file = tmp_path / "bad.yaml"
    yaml_file.write_text("a: [unclosed\n")
    with pytest.raises(EnvError, match="Failed to parse YAML"):
        EnvironLoader({}).load_from_files(yaml_file=yaml_file, include_os_env=False)


def test_yaml_without_pyyaml_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    yaml_file = tmp_path / "c.yaml"
    yaml_file.write_text("a: 1\n")
    with pytest.raises(ImportError, match="pip install pyyaml"):
        EnvironLoader({}).load_from_files(yaml_file=yaml_file)


def test_export_and_multi_items() -> None:
    env = EnvironLoader(MultiDict([("A", "1"), ("A", "2"), ("B", "3")]))
    assert sorted(env.get_multi_items()) == [("A", "1"), ("A", "2"), ("B", "3")]
    assert sorted(env.multi_items()) == sorted(env.get_multi_items())
    assert env.export() == {"A": "2", "B": "3"}
    assert env.getall("A") == ["1", "2"]


def test_a_validator_cast_sees_missing_values_too() -> None:
    """``cast`` runs on ``None`` as well (only ``bool`` keeps ``None``), so a validator can map it."""

    def as_list(value: object) -> list[str]:
        return [] if value is None else str(value).split(",")

    loader = EnvironLoader(environ={"SCOPES": None, "FLAG": None})
    assert loader("SCOPES", cast=as_list) == []
    assert loader("FLAG", cast=bool) is None
    with pytest.raises(ValueError):
        loader("SCOPES", cast=int)


def test_env_files_accept_non_ascii_names(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ÜSER=välue\n", encoding="utf-8")
    assert EnvironLoader(environ={}, env_file=env_file)["ÜSER"] == "välue"


def test_yaml_reading_and_flattening_helpers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODE", "7")
    config = tmp_path / "c.yaml"
    config.write_text('app:\n  code: "${CODE|0}"\n  name: "${NAME|anon}"\n', encoding="utf-8")
    loader = EnvironLoader(environ={})
    data = loader._read_yaml_file(config)
    assert data == {"app": {"code": "7", "name": "anon"}}
    assert loader._flatten_dict({"a": {"b": {"c": 1}}, "x": 2}) == {"a.b.c": 1, "x": 2}
