"""The command exists as a script and as ``python -m lilya``, with every built-in command."""

from __future__ import annotations

import importlib.metadata
import pathlib
import subprocess
import sys

from tests.cli.conftest import RunLilya, clean_env

COMMANDS = [
    "runserver", "show_urls", "directives", "run", "createproject", "createapp", "createdeployment", "shell", "mail",
]  # fmt: skip


def test_help_lists_every_command(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in COMMANDS:
        assert command in result.stdout


def test_python_dash_m_lilya(tmp_path: pathlib.Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lilya", "--help"], cwd=tmp_path, env=clean_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "runserver" in result.stdout


def test_version(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya("--version", cwd=tmp_path)
    assert result.stdout.strip() == f"lilya-cli {importlib.metadata.version('lilya-cli')}"


def test_runserver_help_has_the_spec_options(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya("runserver", "--help", cwd=tmp_path)
    for option in (
        "--host",
        "--port",
        "--reload",
        "--debug",
        "--log-level",
        "--lifespan",
        "--settings",
        "--proxy-headers",
        "--workers",
    ):
        assert option in result.stdout, option


def test_output_is_plain_when_piped_and_coloured_on_a_terminal(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    piped = run_lilya("createapp", "plain_app", cwd=tmp_path, env=clean_env())
    assert piped.returncode == 0, piped.stderr
    assert "\x1b[" not in piped.stdout
    assert "App 'plain_app' created" in piped.stdout
    env = clean_env(FORCE_COLOR="1", TERM="xterm-256color")
    env.pop("NO_COLOR")
    coloured = run_lilya("createapp", "colour_app", cwd=tmp_path, env=env)
    assert "\x1b[" in coloured.stdout
