"""Function directives: their typer-style parameters are parsed with typer, then they run."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any

import typer
import typer.main

from lilya.cli.exceptions import DirectiveError

__all__ = [
    "call_click_command",
    "call_directive_function",
    "command_for",
    "is_click_command",
    "parse_function_arguments",
]


def command_for(func: Callable[..., Any], name: str, on_parsed: Callable[[dict[str, Any]], Any]) -> Any:
    """A typer (click) command with ``func``'s options that hands the parsed values to ``on_parsed``."""

    @functools.wraps(func)  # __wrapped__ lets typer read func's signature and annotations
    def parsed(**kwargs: Any) -> Any:
        return on_parsed(kwargs)

    app = typer.Typer(add_completion=False)
    app.command(name=name, help=inspect.getdoc(func))(parsed)
    return typer.main.get_command(app)


def parse_function_arguments(
    func: Callable[..., Any], name: str, args: Sequence[str], prog_name: str
) -> dict[str, Any] | None:
    """Parse ``args`` for ``func``; ``None`` when only help was asked for."""
    captured: list[dict[str, Any]] = []
    command = command_for(func, name, captured.append)
    try:
        command.main(args=list(args), prog_name=prog_name, standalone_mode=False)
    except Exception as exc:
        # typer's usage errors (its own, or click's in older typer) know how to describe themselves.
        if not hasattr(exc, "format_message"):
            raise
        raise DirectiveError(exc.format_message(), returncode=getattr(exc, "exit_code", 2)) from None
    return captured[0] if captured else None  # nothing captured: only --help was printed


async def call_directive_function(func: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    result = func(**kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


def is_click_command(target: Any) -> bool:
    """A click/sayer command object (Lilya 0.29's directives): it parses its own arguments."""
    return callable(getattr(target, "main", None)) and isinstance(getattr(target, "name", None), str)


async def call_click_command(command: Any, args: Sequence[str], prog_name: str) -> None:
    """Run a click command with ``args`` in a worker thread (it may start its own event loop for an
    async callback); a coroutine it returns is awaited here. Usage errors become DirectiveError."""
    import anyio.to_thread

    try:
        result = await anyio.to_thread.run_sync(
            functools.partial(command.main, args=list(args), prog_name=prog_name, standalone_mode=False)
        )
        if inspect.isawaitable(result):
            await result
    except Exception as exc:
        if not hasattr(exc, "format_message"):  # click's usage errors describe themselves
            raise
        raise DirectiveError(exc.format_message(), returncode=getattr(exc, "exit_code", 2)) from None
