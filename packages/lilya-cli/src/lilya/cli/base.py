"""``BaseDirective``: the class a project subclasses to add its own ``lilya run`` commands.

A directive lives in ``<package>/directives/operations/<name>.py`` as ``class Directive(BaseDirective)``
with a ``help`` text, ``add_arguments(parser)`` declaring its argparse arguments and
``handle(*args, **options)`` (sync or async) doing the work. It runs with the application loaded
and its lifespan started.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import inspect
import sys
from abc import ABC
from typing import TYPE_CHECKING, Any

from lilya.cli.exceptions import DirectiveError
from lilya.cli.parsers import DirectiveParser
from lilya.compat import is_async_callable

if TYPE_CHECKING:
    from lilya.cli.terminal.print import Print

    printer: Print

__all__ = ["BaseDirective", "DirectiveError", "DirectiveParser", "Print", "is_async_callable", "printer"]


def __getattr__(name: str) -> Any:
    """``Print`` and ``printer`` load rich on first use: commands that print nothing skip its import."""
    if name in ("Print", "printer"):
        from lilya.cli.terminal.print import Print

        value: Any = Print if name == "Print" else Print()
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class BaseDirective(ABC):
    """Base for class-based custom directives."""

    help: str = ""

    def __init__(self) -> None:
        self.name = type(self).__module__.rsplit(".", 1)[-1]

    def get_version(self) -> str:
        try:
            return importlib.metadata.version("lilya-cli")
        except importlib.metadata.PackageNotFoundError:  # running from a source tree
            return "0+unknown"

    def create_parser(self, name: str, subdirective: str, **kwargs: Any) -> DirectiveParser:
        parser = DirectiveParser(
            prog=f"{name} run --directive {subdirective}",
            description=self.help or None,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            **kwargs,
        )
        self.add_arguments(parser)
        parser.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        return parser

    def add_arguments(self, parser: type[argparse.ArgumentParser] | argparse.ArgumentParser) -> Any:
        """Declare the directive's arguments on ``parser`` (override)."""

    def parse_arguments(self, argv: Any, program_name: str) -> tuple[list[str], dict[str, Any]] | None:
        """``(args, options)`` from ``argv``; ``None`` when help was asked for (and printed)."""
        argv = list(argv)
        parser = self.create_parser(program_name, self.name)
        if "--help" in argv or "-h" in argv:
            parser.print_help(sys.stdout)
            return None
        options = vars(parser.parse_args(argv))
        args = options.pop("args", []) or []
        return list(args), options

    async def execute_from_command(self, argv: Any, program_name: str, position: int = 0) -> None:
        """Parse ``argv[position:]`` with this directive's parser and run it."""
        parsed = self.parse_arguments(list(argv)[position:], program_name)
        if parsed is not None:
            args, options = parsed
            await self.run(*args, **options)

    async def run(self, *args: Any, **options: Any) -> Any:
        result = self.handle(*args, **options)
        if inspect.isawaitable(result):
            result = await result
        return result

    def handle(self, *args: Any, **options: Any) -> Any:
        """Do the directive's work (override; may be ``async``)."""
        raise NotImplementedError(f"{type(self).__name__} must implement handle(*args, **options).")
