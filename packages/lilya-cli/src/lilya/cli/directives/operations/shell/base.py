"""Start the chosen shell between the application's startup and shutdown."""

from __future__ import annotations

import code
from typing import Any

import anyio.from_thread

from lilya.cli._context import app_lifespan
from lilya.cli.directives.operations.shell.enums import ShellOption
from lilya.cli.directives.operations.shell.utils import import_objects, welcome_message
from lilya.cli.env import DirectiveEnv
from lilya.cli.exceptions import DirectiveError
from lilya.lifespan import AyncLifespanContextManager, handle_lifespan_events

__all__ = [
    "AyncLifespanContextManager",
    "DirectiveEnv",
    "ShellOption",
    "handle_lifespan_events",
    "run_shell",
    "run_shell_sync",
    "start_shell",
]


def start_shell(kernel: str, namespace: dict[str, Any]) -> None:
    """Run the interactive loop of ``kernel`` (blocks until the user leaves)."""
    if kernel == ShellOption.IPYTHON:
        from lilya.cli.directives.operations.shell.ipython import get_ipython

        get_ipython(namespace)()
    elif kernel == ShellOption.PTPYTHON:
        from lilya.cli.directives.operations.shell.ptpython import get_ptpython

        get_ptpython(namespace)()
    elif kernel == ShellOption.PYTHON:
        code.interact(banner="", local=namespace, exitmsg="")
    else:
        raise DirectiveError(f"Unknown shell {kernel!r}: use ipython, ptpython or python.")


async def run_shell(app: Any, kernel: str) -> None:
    """Async form: start the app, run the shell in a worker thread, stop the app."""
    async with app_lifespan(app):
        namespace = import_objects(app)
        welcome_message(app)
        await anyio.to_thread.run_sync(start_shell, kernel, namespace)


def run_shell_sync(app: Any, kernel: str) -> None:
    """Keep the shell on the main thread (readline needs it); the app's lifespan runs in a portal."""
    with anyio.from_thread.start_blocking_portal() as portal, portal.wrap_async_context_manager(app_lifespan(app)):
        namespace = import_objects(app)
        welcome_message(app)
        start_shell(kernel, namespace)
