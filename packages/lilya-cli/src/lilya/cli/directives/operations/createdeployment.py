"""``lilya createdeployment NAME``: generate Docker, nginx, supervisor and gunicorn files."""

from __future__ import annotations

from pathlib import Path

from lilya.cli.directives.operations.createproject import base_context, _render_scaffold
from lilya.cli.exceptions import DirectiveError
from lilya.cli.templates import TemplateDirective
from lilya.cli.terminal.print import Print

__all__ = ["DirectiveError", "TemplateDirective", "create_deployment"]

printer = Print()


def create_deployment(
    name: str, *, deployment_folder_name: str = "deployment", location: str = ".", verbosity: int = 1
) -> Path:
    """Render the deployment files for project ``name`` into ``location/deployment_folder_name``."""
    target = Path(location).resolve() / deployment_folder_name
    if target.exists():
        raise DirectiveError(f"{target} already exists.")
    printer.write_info(f"Creating deployment files for {name!r} in {deployment_folder_name}/...")
    context = {**base_context(), "project_name": name, "deployment_folder_name": deployment_folder_name}
    renames = {"deployment": deployment_folder_name}
    _, created = _render_scaffold(
        "project", name, "deployment", context, location, verbosity, renames=renames, create_top_dir=False
    )
    printer.write_success(f"Deployment files created in {target} ({len(created)} files).")
    return target
