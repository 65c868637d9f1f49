"""``lilya directives``: Lilya's built-in directives and the application's own."""

from __future__ import annotations

from pathlib import Path

from lilya.cli.env import DirectiveEnv
from lilya.cli.terminal.base import OutputColour
from lilya.cli.terminal.terminal import Terminal
from lilya.cli.utils import DirectiveInfo, get_application_directives, get_directives, project_root

__all__ = [
    "BUILTIN_DIRECTIVES",
    "PATH",
    "DirectiveEnv",
    "OutputColour",
    "Terminal",
    "get_application_directives",
    "get_directives",
    "list_directives",
]

PATH = str(Path(__file__).resolve().parent.parent)

BUILTIN_DIRECTIVES = {
    "createapp": "Generate an application package (controllers, urls, directives, tests).",
    "createdeployment": "Generate deployment files (Docker, nginx, supervisor, gunicorn).",
    "createproject": "Generate a project (settings, urls, apps, tests).",
    "directives": "List the available directives.",
    "run": "Run one of the application's own directives.",
    "runserver": "Serve the application with uvicorn.",
    "shell": "Start an interactive shell with the application loaded.",
    "show_urls": "Show every route of the application.",
}


def list_directives(env: DirectiveEnv | None) -> tuple[dict[str, str], list[DirectiveInfo]]:
    """Built-in directives with their help, then the application's own (empty without an app)."""
    custom: list[DirectiveInfo] = []
    if env is not None and env.command_path:
        custom = list(get_application_directives(str(project_root(env.command_path))))
    return dict(BUILTIN_DIRECTIVES), custom
