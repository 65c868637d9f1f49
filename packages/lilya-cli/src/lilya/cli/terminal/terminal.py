"""``Terminal``: formats messages and returns the markup instead of printing it."""

from __future__ import annotations

from lilya.cli.terminal.base import Base, OutputColour

__all__ = ["Base", "OutputColour", "Terminal"]


class Terminal(Base):
    """Returns rich markup so callers can compose several pieces before printing."""

    def write_success(self, message: str, colour: str = OutputColour.SUCCESS) -> str:
        return self.message(message, str(colour))

    def write_info(self, message: str, colour: str = OutputColour.INFO) -> str:
        return self.message(message, str(colour))

    def write_warning(self, message: str, colour: str = OutputColour.WARNING) -> str:
        return self.message(message, str(colour))

    def write_error(self, message: str, colour: str = OutputColour.ERROR) -> str:
        return self.message(message, str(colour))

    def write_plain(self, message: str, colour: str = OutputColour.WHITE) -> str:
        return self.message(message, str(colour))
