"""Which interactive shell to start."""

from __future__ import annotations

from enum import Enum

__all__ = ["ShellOption"]


class ShellOption(str, Enum):
    IPYTHON = "ipython"
    PTPYTHON = "ptpython"
    PYTHON = "python"

    def __str__(self) -> str:
        return str(self.value)
