"""Where the monorepo keeps its distributions, shared by the packaging tests."""

from __future__ import annotations

import pathlib
import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10: the backport (not installed where mypy runs)
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["DISTRIBUTIONS", "PACKAGES", "ROOT", "SPEC", "project"]

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = ROOT / "packages"
DISTRIBUTIONS = ["lilya-core", "lilya-routing", "lilya-middleware", "lilya-cli", "lilya"]
# The spec lives beside the repository, in ../shared.
SPEC = ROOT.parent / "shared" / "spec" / "names.json"


def project(dist: str) -> dict[str, Any]:
    """The `[project]` table of a distribution's pyproject.toml."""
    data = tomllib.loads((PACKAGES / dist / "pyproject.toml").read_text(encoding="utf-8"))
    table: dict[str, Any] = data["project"]
    return table
