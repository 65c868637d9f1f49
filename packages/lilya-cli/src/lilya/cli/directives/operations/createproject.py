"""``lilya createproject NAME``: generate a project tree."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from lilya.crypto import get_random_secret_key
from lilya.cli.exceptions import DirectiveError
from lilya.cli.templates import TemplateDirective
from lilya.cli.terminal.print import Print

__all__ = [
    "SECRET_KEY_INSECURE_PREFIX",
    "DirectiveError",
    "Print",
    "TemplateDirective",
    "create_project",
    "get_random_secret_key",
    "printer",
]

SECRET_KEY_INSECURE_PREFIX = "lilya-insecure-"
printer = Print()


def base_context() -> dict[str, Any]:
    import importlib.metadata

    try:
        version = importlib.metadata.version("lilya-cli")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - source tree
        version = "0+unknown"
    return {
        "lilya_version": version,
        "python_version": f"{sys.version_info.major}.{sys.version_info.minor}",
        "secret_key": SECRET_KEY_INSECURE_PREFIX + get_random_secret_key(),
    }


def create_project(
    name: str,
    *,
    location: str = ".",
    with_structure: bool = False,
    with_deployment: bool = False,
    deployment_folder_name: str = "deployment",
    verbosity: int = 1,
    edgy: bool = False,
) -> Path:
    """Render the project scaffold (and optionally the deployment files) as ``location/name``.

    ``edgy`` is the structured project with Edgy ORM wiring (database settings, a registry, a base
    model and a compose file for PostgreSQL), as Lilya 0.29's ``createproject --edgy``.
    """
    with_structure = with_structure or edgy
    context = {
        **base_context(),
        "project_name": name,
        "deployment_folder_name": deployment_folder_name,
        "settings_import": (
            f"from {name}.configs.database import DatabaseSettings"
            if edgy
            else "from lilya.conf.global_settings import Settings"
        ),
        "settings_base": "DatabaseSettings" if edgy else "Settings",
        "extra_dependencies": ', "edgy[postgres]"' if edgy else "",
    }
    template = "structure" if with_structure else "project"
    kind = "structured, Edgy ORM" if edgy else "structured" if with_structure else "single module"
    printer.write_info(f"Creating project {name!r} ({kind})...")
    target, created = _render_scaffold("project", name, template, context, location, verbosity)
    if edgy:
        created.extend(_add_to(target, name, "edgy", context, verbosity))
    if with_deployment:
        printer.write_info(f"Adding deployment files in {deployment_folder_name}/...")
        renames = {"deployment": deployment_folder_name}
        created.extend(_add_to(target, name, "deployment", context, verbosity, renames=renames))
    printer.write_success(f"Project {name!r} created in {target} ({len(created)} files).")
    return target


def _render_scaffold(
    kind: str, name: str, template: str, context: dict[str, Any], location: str, verbosity: int, **options: Any
) -> tuple[Path, list[Path]]:
    """Render scaffold ``template`` for the ``kind`` (app or project) ``name``: where it went, the files written."""
    directive = TemplateDirective()
    target: Path = directive.handle(
        kind, name, location=location, template=template, context=context, verbosity=verbosity, **options
    )
    return target, directive.created


def _add_to(
    target: Path, name: str, template: str, context: dict[str, Any], verbosity: int, **options: Any
) -> list[Path]:
    """Render another scaffold into the project folder just created; the files it wrote."""
    _, created = _render_scaffold(
        "project", name, template, context, str(target), verbosity, create_top_dir=False, **options
    )
    return created
