"""IPython as the ``lilya shell`` kernel (imported only when chosen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lilya.cli.directives.operations.shell.utils import import_objects, load_shell
from lilya.cli.terminal.print import Print
from lilya.conf import settings

__all__ = ["Print", "settings", "get_ipython", "get_ipython_arguments", "import_objects", "printer"]

printer = Print()


def get_ipython_arguments(options: Any = None) -> Any:
    """Extra IPython command-line arguments from ``IPYTHON_ARGUMENTS`` (space separated)."""
    import os

    return os.environ.get("IPYTHON_ARGUMENTS", "").split()


def get_ipython(app: Any, options: Any = None) -> Callable[[], None]:
    """A function starting IPython with ``app`` (or a ready namespace) preloaded."""
    start_ipython, namespace = load_shell(app, "IPython:start_ipython", "IPython", "ipython")

    def run() -> None:
        start_ipython(argv=get_ipython_arguments(options), user_ns=namespace)

    return run
