"""argparse for class-based directives, with errors that do not kill the process."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from lilya.cli.exceptions import DirectiveError

__all__ = ["DirectiveParser"]


class DirectiveParser(argparse.ArgumentParser):
    """Turns argparse's ``exit(2)`` on bad arguments into a ``DirectiveError``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise DirectiveError(f"{self.prog}: {message}", returncode=2)
