"""Run the installed ``lilya`` script in subprocesses, as a user would."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest

LILYA = pathlib.Path(sys.executable).parent / "lilya"

RunLilya = Callable[..., subprocess.CompletedProcess[str]]


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LILYA_DEFAULT_APP", "LILYA_SETTINGS_MODULE", "FORCE_COLOR", "PYTHONPATH")
    }
    env.update({"COLUMNS": "200", "NO_COLOR": "1", **extra})
    return env


@pytest.fixture
def run_lilya() -> RunLilya:
    def run(
        *args: str, cwd: pathlib.Path, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(LILYA), *args],
            cwd=cwd,
            env=env or clean_env(),
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


def write(path: pathlib.Path, content: str) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(content).lstrip())
    return path
