"""The documentation site builds strictly: no broken link, no page outside the nav, every API
reference docstring readable, every snippet file present (the same check as `hatch run docs:build`)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_mkdocs_build_is_strict_and_clean(tmp_path: pathlib.Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    site = tmp_path / "site"
    assert (site / "index.html").is_file()
    assert (site / "img" / "benchmarks.svg").read_text().startswith("<?xml")
    assert "Getting started in five minutes" in (site / "index.html").read_text(encoding="utf-8")
    # Every page listed in the nav was rendered.
    for page in ("routing", "middleware", "limits", "from-lilya", "from-starlette", "reference/seams"):
        assert (site / page / "index.html").is_file(), page
