"""ruff (rules E, F, W; line length 120, pyproject.toml) passes over everything we ship and test."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
LINTED = [p for p in ("packages", "tests", "examples", "benchmarks", "docs_src") if (ROOT / p).is_dir()]


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff") or str(pathlib.Path(sys.executable).with_name("ruff"))
    done = subprocess.run([ruff, "check", "--no-cache", *LINTED], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
