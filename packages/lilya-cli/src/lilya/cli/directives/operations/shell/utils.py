"""What the shell puts in the user's namespace, and the banner it prints."""

from __future__ import annotations

import importlib
from collections import OrderedDict
from typing import Any

from lilya.cli.exceptions import DirectiveError
from lilya.cli.terminal.base import OutputColour
from lilya.cli.terminal.print import Print

__all__ = [
    "OutputColour",
    "Print",
    "defaults",
    "import_objects",
    "load_shell",
    "printer",
    "welcome_message",
]

printer = Print()

# name -> "module:attribute"; each is imported only if its package is installed.
defaults: OrderedDict[str, str] = OrderedDict(
    [
        ("Lilya", "lilya.apps:Lilya"),
        ("Path", "lilya.routing:Path"),
        ("Include", "lilya.routing:Include"),
        ("Request", "lilya.requests:Request"),
        ("Response", "lilya.responses:Response"),
        ("JSONResponse", "lilya.responses:JSONResponse"),
        ("TestClient", "lilya.testclient:TestClient"),
        ("status", "lilya.status:"),
    ]
)


def import_objects(app: Any) -> dict[Any, Any]:
    """The shell namespace: the app, its settings and routes, and the usual Lilya names."""
    namespace: dict[str, Any] = {"app": app}
    for name, target in defaults.items():
        module_name, _, attribute = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        namespace[name] = getattr(module, attribute) if attribute else module
    settings = getattr(app, "settings", None)
    if settings is None:
        try:
            settings = importlib.import_module("lilya.conf").settings
        except (ImportError, AttributeError):
            settings = None
    namespace["settings"] = settings
    namespace["routes"] = getattr(app, "routes", [])
    return namespace


def welcome_message(app: Any) -> None:
    name = type(app).__name__
    printer.write_success(
        f"Lilya shell: {name} started. Names loaded: " + ", ".join(["app", "settings", "routes", *defaults])
    )


def load_shell(app: Any, entry_point: str, distribution: str, shell: str) -> tuple[Any, dict[str, Any]]:
    """An optional shell's ``module:function`` and the namespace it starts with (``app``'s objects).

    A missing shell is a ``DirectiveError`` that says what to install.
    """
    module_name, _, function = entry_point.partition(":")
    try:
        start = getattr(importlib.import_module(module_name), function)
    except ImportError as exc:
        raise DirectiveError(f"The {shell} shell needs {distribution}: pip install {shell}") from exc
    return start, app if isinstance(app, dict) else import_objects(app)
