"""Guards the monorepo wiring: every lilya.* module must come from packages/."""

from __future__ import annotations

import importlib
import importlib.metadata
import pathlib

import lilya
from tests.packaging._layout import DISTRIBUTIONS, PACKAGES, ROOT, project


def test_lilya_package_spans_every_distribution() -> None:
    # Only core ships lilya/__init__.py, and it extends __path__ with every other src folder; any
    # other lilya/__init__.py (e.g. PyPI's lilya) would shadow our portions.
    assert lilya.__file__ is not None
    assert pathlib.Path(lilya.__file__) == PACKAGES / "lilya-core" / "src" / "lilya" / "__init__.py"
    assert sorted(map(str, lilya.__path__)) == sorted(str(PACKAGES / d / "src" / "lilya") for d in DISTRIBUTIONS)
    assert list(ROOT.glob("packages/*/src/lilya/__init__.py")) == [PACKAGES / "lilya-core/src/lilya/__init__.py"]


def test_lilya_version_is_the_meta_distribution_version() -> None:
    assert lilya.__version__ == project("lilya")["version"]
    from lilya import __version__

    assert __version__ == lilya.__version__


def test_installed_versions_match_the_workspace() -> None:
    for dist in DISTRIBUTIONS:
        declared = project(dist)["version"]
        assert importlib.metadata.version(dist) == declared, dist


def test_modules_come_from_the_workspace() -> None:
    for name in ("lilya.apps", "lilya.routing", "lilya.responses", "lilya.middleware.cors", "lilya.cli.main"):
        module = importlib.import_module(name)
        assert module.__file__ is not None
        assert pathlib.Path(module.__file__).is_relative_to(ROOT / "packages"), module.__file__


def test_every_package_ships_its_readme_changelog_and_py_typed() -> None:
    typed = {
        "lilya-core": "src/lilya/py.typed",
        "lilya-routing": "src/lilya/routing/py.typed",
        "lilya-middleware": "src/lilya/middleware/py.typed",
        "lilya-cli": "src/lilya/cli/py.typed",
        "lilya": "src/lilya/apps/py.typed",
    }
    for dist, marker in typed.items():
        folder = ROOT / "packages" / dist
        assert (folder / "README.md").is_file(), dist
        assert (folder / "CHANGELOG.md").is_file(), dist
        assert (folder / marker).is_file(), dist
    # Only core ships the top-level marker: a shared file would vanish when any wheel is uninstalled.
    assert [p.parent.parent.parent.name for p in ROOT.glob("packages/*/src/lilya/py.typed")] == ["lilya-core"]
