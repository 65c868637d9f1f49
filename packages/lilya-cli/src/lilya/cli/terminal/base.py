"""Console output: coloured on a terminal, plain when piped (rich decides per stream)."""

from __future__ import annotations

from abc import ABC
from enum import Enum
from typing import Any

from rich.console import Console

__all__ = ["Base", "OutputColour"]


class OutputColour(str, Enum):
    SUCCESS = "green"
    INFO = "cyan"
    WARNING = "yellow"
    ERROR = "red"
    WHITE = "white"
    MAGENTA = "magenta"
    BLUE = "blue"
    BLACK = "black"
    BRIGHT_BLACK = "bright_black"
    BRIGHT_RED = "bright_red"
    BRIGHT_GREEN = "bright_green"
    BRIGHT_YELLOW = "bright_yellow"
    BRIGHT_BLUE = "bright_blue"
    BRIGHT_MAGENTA = "bright_magenta"
    BRIGHT_CYAN = "bright_cyan"
    BRIGHT_WHITE = "bright_white"

    def __str__(self) -> str:
        return str(self.value)


class Base(ABC, Console):
    """A rich Console with one method per kind of message."""

    def message(self, message: str, colour: str) -> str:
        return f"[{colour}]{message}[/{colour}]"

    def write(self, message: Any) -> None:
        self.print(message)

    def _emit(self, message: str, colour: str) -> str:
        text = self.message(message, str(colour))
        self.print(text)
        return text

    def write_success(self, message: str, colour: str = OutputColour.SUCCESS) -> str | None:
        return self._emit(message, colour)

    def write_info(self, message: str, colour: str = OutputColour.INFO) -> str | None:
        return self._emit(message, colour)

    def write_warning(self, message: str, colour: str = OutputColour.WARNING) -> str | None:
        return self._emit(message, colour)

    def write_error(self, message: str, colour: str = OutputColour.ERROR) -> str | None:
        return self._emit(message, colour)

    def write_plain(self, message: str, colour: str = OutputColour.WHITE) -> str | None:
        return self._emit(message, colour)
