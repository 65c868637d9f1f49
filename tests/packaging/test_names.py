"""Every public name of Lilya 0.29 (tests/spec/names.json) imports from the same module path.

The contrib modules (`lilya.contrib.*`) are a later milestone and are listed separately.
"""

from __future__ import annotations

import importlib
import pathlib

from tests.packaging._layout import SAYER_ONLY, spec_names

OWNERS = {
    "lilya.routing": "lilya-routing",
    "lilya.controllers": "lilya-routing",
    "lilya.middleware": "lilya-middleware",
    "lilya.cli": "lilya-cli",
    "lilya.apps": "lilya",
}


def owner(module: str) -> str:
    for prefix, dist in OWNERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return dist
    return "lilya-core"


def test_every_spec_name_imports_from_its_module() -> None:
    missing: list[str] = []
    for module_name, names in spec_names().items():
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            missing.append(f"{module_name} (module: {exc})")
            continue
        missing.extend(
            f"{module_name}.{n}" for n in names if not hasattr(module, n) and (module_name, n) not in SAYER_ONLY
        )
    assert not missing, f"{len(missing)} names missing:\n" + "\n".join(missing)


def test_modules_live_in_their_owning_distribution() -> None:
    for module_name in spec_names():
        if module_name == "lilya":
            continue  # the namespace itself spans all five distributions
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue  # reported by the test above
        files = [getattr(module, "__file__", None) or next(iter(getattr(module, "__path__", [])), "")]
        path = pathlib.Path(files[0] or "")
        assert f"packages/{owner(module_name)}/src/" in path.as_posix(), (module_name, path)
