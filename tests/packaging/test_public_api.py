"""`__all__` discipline (STYLE.md "API discipline"): every public module says what it exports.

A public module is one with no leading underscore in any part of its path. Each defines
`__all__`, each name listed there exists, and every name the spec (names.json) gives a module is
importable from it.
"""

from __future__ import annotations

import importlib

import pytest

from tests.packaging._layout import PACKAGES, SAYER_ONLY, spec_names


def public_modules() -> list[str]:
    modules: set[str] = set()
    for src in sorted(PACKAGES.glob("*/src")):
        for path in src.rglob("*.py"):
            parts = path.relative_to(src).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            if parts[-1] == "__main__" or any(part.startswith("_") for part in parts):
                continue
            modules.add(".".join(parts))
    return sorted(modules)


PUBLIC = public_modules()
SPEC_NAMES = spec_names()


def test_public_modules_are_found() -> None:
    assert {"lilya.requests", "lilya.routing", "lilya.middleware.cors", "lilya.apps", "lilya.cli"} <= set(PUBLIC)
    assert not [m for m in PUBLIC if "._" in m or m.startswith("lilya._")]


@pytest.mark.parametrize("module_name", PUBLIC)
def test_module_defines_all_and_every_listed_name_exists(module_name: str) -> None:
    module = importlib.import_module(module_name)
    exported = module.__dict__.get("__all__")
    assert isinstance(exported, (list, tuple)), f"{module_name} has no __all__"
    assert len(set(exported)) == len(exported), f"{module_name}.__all__ lists a name twice"
    missing = [name for name in exported if not hasattr(module, name)]
    assert not missing, f"{module_name}.__all__ names what it does not define: {missing}"


@pytest.mark.parametrize("module_name", [m for m in PUBLIC if m in SPEC_NAMES])
def test_spec_names_are_importable(module_name: str) -> None:
    module = importlib.import_module(module_name)
    missing = [n for n in SPEC_NAMES[module_name] if (module_name, n) not in SAYER_ONLY and not hasattr(module, n)]
    assert not missing, f"{module_name} lacks spec names {missing}"
