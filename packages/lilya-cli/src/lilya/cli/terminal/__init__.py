"""Terminal output helpers for the ``lilya`` command."""

from __future__ import annotations

from lilya.cli.terminal.base import OutputColour
from lilya.cli.terminal.print import Print
from lilya.cli.terminal.terminal import Terminal

__all__ = ["OutputColour", "Print", "Terminal"]
