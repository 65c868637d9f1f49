"""``Print``: writes messages straight to the console."""

from __future__ import annotations

from lilya.cli.terminal.base import Base, OutputColour

__all__ = ["Base", "OutputColour", "Print"]


class Print(Base):
    """Writes each message; the methods return nothing."""

    def write_success(self, message: str, colour: str = OutputColour.SUCCESS) -> None:
        self._emit(message, colour)

    def write_info(self, message: str, colour: str = OutputColour.INFO) -> None:
        self._emit(message, colour)

    def write_warning(self, message: str, colour: str = OutputColour.WARNING) -> None:
        self._emit(message, colour)

    def write_error(self, message: str, colour: str = OutputColour.ERROR) -> None:
        self._emit(message, colour)

    def write_plain(self, message: str, colour: str = OutputColour.WHITE) -> None:
        self._emit(message, colour)
