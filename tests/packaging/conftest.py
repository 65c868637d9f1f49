"""Wheel-level fixtures: build all five wheels once and make throwaway virtualenvs."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
from collections.abc import Callable

import pytest

from tests.packaging._layout import DISTRIBUTIONS, ROOT


@pytest.fixture(scope="session")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pathlib.Path]:
    """Build one wheel per distribution (hatchling, no isolation: the env already has it)."""
    out = tmp_path_factory.mktemp("wheels")
    built: dict[str, pathlib.Path] = {}
    for dist in DISTRIBUTIONS:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "build",
                "--wheel",
                "--no-isolation",
                "--outdir",
                str(out),
                str(ROOT / "packages" / dist),
            ],
            check=True,
            capture_output=True,
        )
        prefix = dist.replace("-", "_") + "-"
        (wheel,) = [p for p in out.glob("*.whl") if p.name.startswith(prefix)]
        built[dist] = wheel
    return built


VenvFactory = Callable[[list[str]], pathlib.Path]


@pytest.fixture
def make_venv(tmp_path: pathlib.Path) -> VenvFactory:
    """Create a virtualenv with exactly the given requirements; returns its python."""

    def create(requirements: list[str]) -> pathlib.Path:
        venv = tmp_path / "venv"
        uv = shutil.which("uv")
        python = venv / "bin" / "python"
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        if uv:
            subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True, env=env)
            subprocess.run([uv, "pip", "install", "-q", "--python", str(python), *requirements], check=True, env=env)
        else:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True, env=env)
        return python

    return create
