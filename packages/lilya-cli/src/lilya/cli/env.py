"""Find the application the command works on.

Order: ``--app module:attribute``, then ``LILYA_DEFAULT_APP``, then discovery in the current
directory: ``application.py``, ``app.py``, ``main.py`` (at the top level, then one level down
inside packages), looking for an ``application``/``app`` attribute or a
``get_application``/``get_app`` factory.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lilya.cli.constants import DISCOVERY_ATTRS, DISCOVERY_FILES, DISCOVERY_FUNCTIONS, LILYA_DISCOVER_APP
from lilya.exceptions import EnvError
from lilya.types import ASGIApp

__all__ = [
    "DISCOVERY_ATTRS",
    "DISCOVERY_FILES",
    "DISCOVERY_FUNCTIONS",
    "LILYA_DISCOVER_APP",
    "DirectiveEnv",
    "EnvError",
    "ModuleInfo",
    "Scaffold",
]

_SKIP_DIRS = {"__pycache__", "node_modules", "site-packages", "venv", "env", "build", "dist"}


@dataclass
class Scaffold:
    """The application found, with where it came from."""

    path: str
    app: ASGIApp
    app_location: Path | None = None
    discovery_file: str | None = None
    lilya_app: Any | None = None


@dataclass
class ModuleInfo:
    module_import: list[str] | None = None
    extra_sys_path: Path | None = None
    module_paths: list[Path] = field(default_factory=list)
    discovery_file: str | None = None


def ensure_on_sys_path(directory: str | Path) -> None:
    """The current directory must be importable, as it is for ``python -m``."""
    entry = str(directory)
    if entry not in sys.path:
        sys.path.insert(0, entry)


def _looks_like_asgi_app(value: Any) -> bool:
    return callable(value) and not inspect.isfunction(value) and not inspect.isclass(value)


def _resolve_attribute(module: Any, attribute: str | None) -> Any:
    if attribute:
        try:
            value = getattr(module, attribute)
        except AttributeError:
            raise EnvError(f"Module {module.__name__!r} has no attribute {attribute!r}.") from None
        if inspect.isfunction(value):
            value = value()
        return value
    for name in DISCOVERY_ATTRS:
        value = getattr(module, name, None)
        if value is not None and _looks_like_asgi_app(value):
            return value
    for name in DISCOVERY_FUNCTIONS:
        factory = getattr(module, name, None)
        if callable(factory):
            return factory()
    return None


def _import(module_name: str) -> Any:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise EnvError(f"Could not import {module_name!r}: no such module in {os.getcwd()}.") from None
        raise EnvError(f"Could not import {module_name!r}: {exc}.") from exc
    except Exception as exc:  # the user's module failed while importing: report it in one line
        raise EnvError(f"Importing {module_name!r} failed: {type(exc).__name__}: {exc}") from exc


def _lilya_app(app: Any) -> Any | None:
    """The Lilya app behind ``app`` (it may be wrapped in middleware), if there is one."""
    seen = 0
    while app is not None and seen < 20:
        if hasattr(app, "routes") and hasattr(app, "router"):
            return app
        app = getattr(app, "app", None)
        seen += 1
    return None


def __getattr__(name: str) -> Any:
    """``Lilya`` and ``BaseLilya`` come from the lilya distribution, imported only when asked for."""
    if name in ("Lilya", "BaseLilya"):
        import lilya.apps

        return getattr(lilya.apps, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class DirectiveEnv:
    """Holds the discovered application for the command that is running."""

    path: str | None = None
    app: ASGIApp | None = None
    lilya_app: Any | None = None
    command_path: str | None = None
    module_info: ModuleInfo | None = None

    def load_from_env(self, path: str | None = None, cwd: None | str | Path = None) -> DirectiveEnv:
        """Fill this env from ``path`` (``module:attr``), the environment or discovery."""
        directory = Path(cwd) if cwd is not None else Path.cwd()
        ensure_on_sys_path(directory)
        path = path or os.environ.get(LILYA_DISCOVER_APP) or None
        scaffold = self.import_app_from_string(path) if path else self.find_app(None, directory)
        self.path = scaffold.path
        self.app = scaffold.app
        self.lilya_app = scaffold.lilya_app
        self.command_path = str(scaffold.app_location) if scaffold.app_location else None
        return self

    @classmethod
    def import_app_from_string(cls, path: str | None = None) -> Scaffold:
        if not path:
            raise EnvError("No application given: pass --app module:attribute or set LILYA_DEFAULT_APP.")
        module_name, _, attribute = path.partition(":")
        module = _import(module_name)
        app = _resolve_attribute(module, attribute or None)
        if app is None:
            raise EnvError(f"No application found in {module_name!r}: name it with --app {module_name}:<attribute>.")
        location = Path(module.__file__).resolve() if getattr(module, "__file__", None) else None
        attribute = attribute or next((n for n in DISCOVERY_ATTRS if getattr(module, n, None) is app), "")
        full = f"{module_name}:{attribute}" if attribute else module_name
        return Scaffold(path=full, app=app, app_location=location, lilya_app=_lilya_app(app))

    def find_app(self, path: str | None, cwd: Path) -> Scaffold:
        """Discover the application in ``cwd`` when no path was given."""
        if path:
            return self.import_app_from_string(path)
        for candidate, module_name in self._candidates(cwd):
            module = _import(module_name)
            app = _resolve_attribute(module, None)
            if app is not None:
                attribute = next((n for n in DISCOVERY_ATTRS if getattr(module, n, None) is app), "")
                full = f"{module_name}:{attribute}" if attribute else module_name
                return Scaffold(
                    path=full,
                    app=app,
                    app_location=candidate.resolve(),
                    discovery_file=candidate.name,
                    lilya_app=_lilya_app(app),
                )
        raise EnvError(
            f"No Lilya application found in {cwd}: pass --app module:attribute or set LILYA_DEFAULT_APP."
        )

    @staticmethod
    def _candidates(cwd: Path) -> list[tuple[Path, str]]:
        found: list[tuple[Path, str]] = []
        for name in DISCOVERY_FILES:
            if (cwd / name).is_file():
                found.append((cwd / name, name[:-3]))
        for package in sorted(p for p in cwd.iterdir() if p.is_dir() and (p / "__init__.py").is_file()):
            if package.name in _SKIP_DIRS or package.name.startswith("."):
                continue
            for name in DISCOVERY_FILES:
                if (package / name).is_file():
                    found.append((package / name, f"{package.name}.{name[:-3]}"))
        return found

    def get_module_data_from_path(self, path: Path, module_import: str, discovery_file: str) -> ModuleInfo:
        return ModuleInfo(
            module_import=module_import.split("."),
            extra_sys_path=path.parent,
            module_paths=[path],
            discovery_file=discovery_file,
        )
