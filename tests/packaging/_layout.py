"""Where the monorepo keeps its distributions, shared by the packaging tests."""

from __future__ import annotations

import json
import pathlib
import sys
from typing import Any


if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10: the backport (not installed where mypy runs)
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = ["DISTRIBUTIONS", "PACKAGES", "ROOT", "SAYER_ONLY", "SPEC", "project", "spec_names"]

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = ROOT / "packages"
DISTRIBUTIONS = ["lilya-core", "lilya-routing", "lilya-middleware", "lilya-contrib", "lilya-cli", "lilya"]
# Lilya 0.29's public names, as data: a copy of the project spec kept with the tests (tests/spec).
SPEC = ROOT / "tests" / "spec" / "names.json"
# Names that exist only because Lilya 0.29 built its CLI on sayer/palfrey/rich-toolkit
# (spec/README.md: not reproduced).
SAYER_ONLY = {
    ("lilya.cli.terminal.utils", "get_ui_toolkit"),
    ("lilya.cli.directives.operations.runserver", "get_ui_toolkit"),
}


def project(dist: str) -> dict[str, Any]:
    """The `[project]` table of a distribution's pyproject.toml."""
    data = tomllib.loads((PACKAGES / dist / "pyproject.toml").read_text(encoding="utf-8"))
    table: dict[str, Any] = data["project"]
    return table


def spec_names() -> dict[str, list[str]]:
    """names.json without the later `lilya.contrib` milestone: module -> sorted public names."""
    names: dict[str, list[str]] = json.loads(SPEC.read_text(encoding="utf-8"))
    return {
        module: sorted(set(found))
        for module, found in names.items()
        if not module.startswith("lilya.contrib")
    }
