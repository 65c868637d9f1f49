"""Finding the application: --app, LILYA_DEFAULT_APP, discovery, and clear errors."""

from __future__ import annotations

import pathlib

from tests.cli.conftest import RunLilya, clean_env, write

APP = """
from lilya.apps import Lilya
from lilya.routing import Path

async def home() -> dict[str, str]:
    return {"ok": "yes"}

app = Lilya(routes=[Path("/from-{where}", home, name="{where}")])
"""


def _app(folder: pathlib.Path, relative: str, where: str) -> None:
    write(folder / relative, APP.replace("{where}", where))


def test_no_application_is_a_one_line_error(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya("show_urls", cwd=tmp_path)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "--app" in lines[0] and "LILYA_DEFAULT_APP" in lines[0]


def test_unimportable_module_is_a_one_line_error(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya("--app", "nowhere.module:app", "show_urls", cwd=tmp_path)
    assert result.returncode != 0
    assert "nowhere.module" in result.stderr
    assert "Traceback" not in result.stderr
    write(tmp_path / "broken.py", "raise RuntimeError('boom at import')\n")
    result = run_lilya("--app", "broken:app", "show_urls", cwd=tmp_path)
    assert result.returncode != 0
    assert "boom at import" in result.stderr and "Traceback" not in result.stderr


def test_missing_attribute_names_it(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    _app(tmp_path, "mod.py", "mod")
    result = run_lilya("--app", "mod:nope", "show_urls", cwd=tmp_path)
    assert result.returncode != 0
    assert "nope" in result.stderr


def test_app_option_env_variable_and_discovery(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    _app(tmp_path, "explicit.py", "explicit")
    _app(tmp_path, "fromenv.py", "fromenv")
    _app(tmp_path, "main.py", "discovered")
    assert "/from-explicit" in run_lilya("--app", "explicit:app", "show_urls", cwd=tmp_path).stdout
    env_result = run_lilya("show_urls", cwd=tmp_path, env=clean_env(LILYA_DEFAULT_APP="fromenv:app"))
    assert "/from-fromenv" in env_result.stdout
    assert "/from-discovered" in run_lilya("show_urls", cwd=tmp_path).stdout


def test_discovery_inside_a_package_and_through_a_factory(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    write(tmp_path / "project" / "__init__.py", "")
    write(
        tmp_path / "project" / "application.py",
        """
        from lilya.apps import Lilya
        from lilya.routing import Path

        async def home() -> str:
            return "hi"

        def get_application() -> Lilya:
            return Lilya(routes=[Path("/from-factory", home)])
        """,
    )
    result = run_lilya("show_urls", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "/from-factory" in result.stdout


def test_path_option_points_at_a_folder(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    _app(tmp_path / "elsewhere", "app.py", "elsewhere")
    result = run_lilya("--path", str(tmp_path / "elsewhere"), "show_urls", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "/from-elsewhere" in result.stdout
