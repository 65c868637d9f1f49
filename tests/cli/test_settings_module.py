"""``LILYA_SETTINGS_MODULE`` naming a module of the project folder works for every command."""

from __future__ import annotations

import pathlib

from tests.cli.conftest import RunLilya, clean_env, write

SETTINGS = """
from lilya.conf.global_settings import Settings


class ProjectSettings(Settings):
    debug: bool = True
"""

APP = """
from lilya.apps import Lilya
from lilya.routing import Path


async def home() -> str:
    return "hi"


app = Lilya(routes=[Path("/", home, name="home")])
"""


def test_settings_module_in_the_current_folder_loads(tmp_path: pathlib.Path, run_lilya: RunLilya) -> None:
    write(tmp_path / "project_settings.py", SETTINGS)
    write(tmp_path / "app.py", APP)
    env = clean_env(LILYA_SETTINGS_MODULE="project_settings.ProjectSettings")
    result = run_lilya("--app", "app:app", "show_urls", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "home" in result.stdout
    assert "Traceback" not in result.stderr


def test_settings_module_that_does_not_import_is_a_warning_not_a_traceback(
    tmp_path: pathlib.Path, run_lilya: RunLilya
) -> None:
    write(tmp_path / "app.py", APP)
    env = clean_env(LILYA_SETTINGS_MODULE="missing_settings.ProjectSettings")
    # A command that never reads the settings (as in Lilya, where they load lazily) still runs.
    scaffold = run_lilya("createdeployment", "api", cwd=tmp_path, env=env)
    assert scaffold.returncode == 0, scaffold.stderr
    assert (tmp_path / "deployment" / "docker" / "Dockerfile").is_file()
    assert "LILYA_SETTINGS_MODULE='missing_settings.ProjectSettings' cannot be loaded" in scaffold.stderr
    # One that needs them fails with a message, never a traceback.
    urls = run_lilya("--app", "app:app", "show_urls", cwd=tmp_path, env=env)
    assert "Traceback" not in urls.stderr
    assert "missing_settings" in urls.stderr
