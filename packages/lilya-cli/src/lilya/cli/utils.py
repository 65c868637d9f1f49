"""Find, load and describe directives: Lilya's built-in ones and a project's own.

A project's directives are modules in any ``directives/operations/`` folder below the
project root (the folder holding the application's top-level package). A module defines either
``class Directive(BaseDirective)`` (named after the file) or functions marked with ``@directive``
(named after the function).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from lilya.cli.base import BaseDirective
from lilya.cli.constants import EXCLUDED_DIRECTIVES
from lilya.cli.exceptions import DirectiveError

__all__ = [
    "EXCUDED_DIRECTIVES",
    "IGNORE_FOLDERS",
    "OPERATIONS",
    "BaseDirective",
    "DirectiveError",
    "DirectiveInfo",
    "fetch_custom_directive",
    "fetch_custom_directive_by_location",
    "fetch_directive",
    "find_application_directives",
    "find_directives",
    "get_application_directives",
    "get_custom_directives_to_cli",
    "get_directives",
    "load_directive_class",
    "load_directive_class_by_filename",
    "project_root",
]

OPERATIONS = "operations"
IGNORE_FOLDERS = [
    ".git",
    ".hg",
    ".venv",
    "venv",
    "env",
    "node_modules",
    "__pycache__",
    "site-packages",
    "build",
    "dist",
    ".tox",
    ".nox",
]
EXCUDED_DIRECTIVES = EXCLUDED_DIRECTIVES  # Lilya's spelling, kept for compatibility

_BUILTIN_DIR = Path(__file__).resolve().parent / "directives"


@dataclass(frozen=True)
class DirectiveInfo:
    """One custom directive: its name, the file defining it and what it is."""

    name: str
    location: Path
    target: Any  # a BaseDirective instance or a @directive function

    @property
    def is_function(self) -> bool:
        return not isinstance(self.target, BaseDirective)

    @property
    def help(self) -> str:
        if isinstance(self.target, BaseDirective):
            return self.target.help
        return inspect.getdoc(self.target) or ""

    @property
    def display_in_cli(self) -> bool:
        return bool(getattr(self.target, "__display_in_cli__", False))


def find_directives(management_dir: str) -> list[str]:
    """Names of the directive modules in ``management_dir/operations``."""
    folder = Path(management_dir) / OPERATIONS
    if not folder.is_dir():
        return []
    return sorted(
        p.stem if p.is_file() else p.name
        for p in folder.iterdir()
        if not p.name.startswith("_") and (p.suffix == ".py" or (p / "__init__.py").is_file())
    )


@functools.lru_cache
def get_directives(location: str) -> list[str]:
    """Built-in directive names below ``location`` (Lilya's own ``directives`` folder)."""
    return find_directives(location)


def project_root(app_location: str | Path) -> Path:
    """The folder holding the top-level package of the module at ``app_location``."""
    path = Path(app_location).resolve()
    folder = path.parent if path.is_file() or path.suffix == ".py" else path
    while (folder / "__init__.py").is_file() and folder.parent != folder:
        folder = folder.parent
    return folder


def _operation_folders(root: Path) -> list[Path]:
    found: list[Path] = []
    for current, dirs, _files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in IGNORE_FOLDERS and not d.startswith("."))
        here = Path(current)
        if here.name == OPERATIONS and here.parent.name == "directives":
            found.append(here)
            dirs[:] = []
    return found


def _module_name_for(file: Path) -> str | None:
    """The dotted import name of ``file`` if every parent folder is a package on sys.path."""
    parts = [file.stem] if file.name != "__init__.py" else []
    folder = file.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    if str(folder) in sys.path or str(folder) == os.getcwd():
        return ".".join(parts)
    return None


def _import_file(file: Path) -> ModuleType:
    dotted = _module_name_for(file)
    if dotted:
        try:
            return importlib.import_module(dotted)
        except ImportError:
            pass
    unique = "lilya_directive_" + hashlib.sha1(str(file).encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(unique, file)
    if spec is None or spec.loader is None:
        raise DirectiveError(f"Cannot load directive file {file}.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[unique] = module
    spec.loader.exec_module(module)
    return module


def _is_marked_directive(value: Any) -> bool:
    """``@directive``'s mark; a module's other names may be proxies (``lilya.context.g``) whose
    attribute lookup raises outside a request, so any error means "not a directive"."""
    try:
        return bool(getattr(value, "__is_custom_directive__", False))
    except Exception:
        return False


def _directives_in(module: ModuleType, file: Path) -> list[DirectiveInfo]:
    found: list[DirectiveInfo] = []
    directive_class = getattr(module, "Directive", None)
    if inspect.isclass(directive_class) and issubclass(directive_class, BaseDirective):
        instance = directive_class()
        instance.name = file.stem
        found.append(DirectiveInfo(file.stem, file, instance))
    for name, value in vars(module).items():
        if not _is_marked_directive(value):
            continue
        # A function, or a click/sayer command object wrapping one (Lilya 0.29's directives are sayer commands).
        function = getattr(value, "callback", None) if not inspect.isfunction(value) else value
        if inspect.isfunction(function) and function.__module__ == module.__name__:
            found.append(DirectiveInfo(name, file, value))
    return found


def find_application_directives(management_dir: str) -> list[DirectiveInfo]:
    """Every custom directive defined below ``management_dir`` (a project root)."""
    directives: dict[str, DirectiveInfo] = {}
    for folder in _operation_folders(Path(management_dir)):
        for file in sorted(folder.glob("*.py")):
            if file.name.startswith("_"):
                continue
            try:
                module = _import_file(file)
            except DirectiveError:
                raise
            except Exception as exc:  # a broken directive file must say where it is
                raise DirectiveError(f"Loading directive {file} failed: {type(exc).__name__}: {exc}") from exc
            for info in _directives_in(module, file):
                directives.setdefault(info.name, info)
    return sorted(directives.values(), key=lambda d: d.name)


@functools.lru_cache
def get_application_directives(location: str) -> tuple[DirectiveInfo, ...]:
    return tuple(find_application_directives(location))


def load_directive_class(app_name: str, name: str) -> Any:
    """Import ``<app_name>.directives.operations.<name>`` and return its directive."""
    module = importlib.import_module(f"{app_name}.directives.{OPERATIONS}.{name}")
    infos = _directives_in(module, Path(module.__file__ or name))
    if not infos:
        raise DirectiveError(f"{module.__name__} defines no Directive class and no @directive function.")
    return infos[0].target


def load_directive_class_by_filename(app_name: str, location: str, skip_exit: bool = False) -> Any:
    """Load the directive named ``app_name`` from the file at ``location``."""
    file = Path(location)
    infos = _directives_in(_import_file(file), file)
    for info in infos:
        if info.name == app_name or file.stem == app_name:
            return info.target
    if skip_exit:
        return None
    raise DirectiveError(f"No directive named {app_name!r} in {file}.")


def fetch_custom_directive(subdirective: Any, location: str | None) -> Any:
    if location is None:
        raise DirectiveError("Custom directives need an application: pass --app module:attribute.")
    infos = get_application_directives(str(project_root(location)))
    for info in infos:
        if info.name == subdirective:
            return info
    # As in Lilya 0.29, a directive is also known by its module's name (operations/<name>.py).
    in_module = [info for info in infos if info.location.stem == subdirective]
    if len(in_module) == 1:
        return in_module[0]
    if in_module:
        names = ", ".join(sorted(info.name for info in in_module))
        raise DirectiveError(f"{subdirective!r} holds several directives ({names}): name one of them.")
    raise DirectiveError(f"Unknown directive {subdirective!r}. Run 'lilya directives' to list them.")


def fetch_directive(subdirective: Any, location: str | None, is_custom: bool = False) -> Any:
    """The custom directive named ``subdirective`` for the app at ``location``."""
    return fetch_custom_directive(subdirective, location)


def fetch_custom_directive_by_location(location: str) -> Any:
    return get_application_directives(str(project_root(location)))


def get_custom_directives_to_cli(location: str) -> dict[str, Callable[..., Any]]:
    """Function directives marked ``display_in_cli=True``: they become top-level commands."""
    return {
        info.name: info.target
        for info in get_application_directives(str(project_root(location)))
        if info.is_function and info.display_in_cli
    }
