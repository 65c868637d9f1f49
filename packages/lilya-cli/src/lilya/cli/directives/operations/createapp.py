"""``lilya createapp NAME``: generate an application package."""

from __future__ import annotations

from pathlib import Path

from lilya.crypto import get_random_secret_key
from lilya.cli.directives.operations.createproject import SECRET_KEY_INSECURE_PREFIX, base_context, _render_scaffold
from lilya.cli.exceptions import DirectiveError
from lilya.cli.templates import TemplateDirective
from lilya.cli.terminal.print import Print

__all__ = [
    "SECRET_KEY_INSECURE_PREFIX",
    "DirectiveError",
    "Print",
    "TemplateDirective",
    "create_app",
    "get_random_secret_key",
    "printer",
]

printer = Print()


def create_app(name: str, *, version: str = "v1", location: str = ".", verbosity: int = 1) -> Path:
    """Render the app scaffold as ``location/name`` with its API under ``name/version``."""
    if not version.isidentifier():
        raise DirectiveError(f"{version!r} is not a valid version folder name: use something like v1.")
    printer.write_info(f"Creating app {name!r} (API {version})...")
    context = {**base_context(), "app_name": name, "version": version}
    target, created = _render_scaffold("app", name, "app", context, location, verbosity, renames={"version": version})
    printer.write_success(f"App {name!r} created in {target} ({len(created)} files).")
    return target
