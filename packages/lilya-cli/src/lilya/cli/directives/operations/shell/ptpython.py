"""ptpython as the ``lilya shell`` kernel (imported only when chosen)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from lilya.cli.directives.operations.shell.utils import import_objects, load_shell
from lilya.cli.terminal.print import Print
from lilya.conf import settings

__all__ = ["Print", "settings", "get_ptpython", "import_objects", "printer", "vi_mode"]

printer = Print()


def vi_mode() -> Any:
    """Vi key bindings when ``$EDITOR`` is vi or vim."""
    editor = os.environ.get("EDITOR", "")
    return os.path.basename(editor) in ("vi", "vim", "nvim")


def get_ptpython(app: Any, options: Any = None) -> Callable[[], None]:
    """A function starting ptpython with ``app`` (or a ready namespace) preloaded."""
    embed, namespace = load_shell(app, "ptpython.repl:embed", "ptpython", "ptpython")

    def run() -> None:
        embed(globals=namespace, vi_mode=vi_mode())

    return run
