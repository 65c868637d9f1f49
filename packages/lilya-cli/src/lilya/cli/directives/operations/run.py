"""``lilya run <directive> [args]``: a project's directive, inside the application's context."""

from __future__ import annotations

import os
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import anyio

from lilya.cli._context import app_lifespan, async_backend
from lilya.cli._functions import call_click_command, call_directive_function, is_click_command, parse_function_arguments
from lilya.cli.base import BaseDirective
from lilya.cli.constants import APP_PARAMETER, LILYA_DISCOVER_APP
from lilya.cli.env import DirectiveEnv
from lilya.cli.exceptions import DirectiveError
from lilya.cli.utils import DirectiveInfo, fetch_directive
from lilya.lifespan import generate_lifespan_events
from lilya.context import G, g_context, reset_g, set_g
from lilya.types import ASGIApp

__all__ = [
    "APP_PARAMETER",
    "LILYA_DISCOVER_APP",
    "TYPE_CHECKING",
    "BaseDirective",
    "DirectiveEnv",
    "G",
    "Position",
    "T",
    "execute_lifespan",
    "fetch_directive",
    "g_context",
    "generate_lifespan_events",
    "get_position",
    "reset_global_context",
    "run_directive",
    "set_global_context",
]

T = TypeVar("T")


class Position(int, Enum):
    """Where a directive's own arguments start in ``sys.argv`` (with or without ``--app``)."""

    DEFAULT = 5
    BACK = 3


def get_position() -> int:
    return Position.BACK if os.environ.get(LILYA_DISCOVER_APP) else Position.DEFAULT


async def set_global_context() -> Any:
    """Give the directive a fresh ``lilya.context.g`` (as a request has); returns the reset token."""
    return set_g()


async def reset_global_context(token: Any) -> None:
    reset_g(token)


async def execute_lifespan(
    app: ASGIApp | None, lifespan: Any, directive: Any, program_name: str, position: int
) -> None:
    """Run a class directive between ``app``'s startup and shutdown.

    ``lifespan`` is accepted for compatibility; the application's own lifespan is what runs.
    The directive's arguments are read from ``sys.argv`` after ``position``.
    """
    import sys

    async with app_lifespan(app):
        await directive.execute_from_command(sys.argv, program_name, position)


async def _run(app: ASGIApp | None, info: DirectiveInfo, args: Sequence[str], prog_name: str) -> None:
    token = await set_global_context()
    try:
        await _run_directive(app, info, args, prog_name)
    finally:
        await reset_global_context(token)


async def _run_directive(app: ASGIApp | None, info: DirectiveInfo, args: Sequence[str], prog_name: str) -> None:
    if is_click_command(info.target):
        async with app_lifespan(app):
            await call_click_command(info.target, args, f"{prog_name} run {info.name}")
        return
    if info.is_function:
        kwargs = parse_function_arguments(info.target, info.name, args, f"{prog_name} run --directive {info.name}")
        if kwargs is None:  # --help was printed
            return
        async with app_lifespan(app):
            await call_directive_function(info.target, kwargs)
        return
    directive: BaseDirective = info.target
    parsed = directive.parse_arguments(args, prog_name)  # bad arguments fail before the app starts
    if parsed is None:
        return
    positional, options = parsed
    async with app_lifespan(app):
        await directive.run(*positional, **options)


def run_directive(env: DirectiveEnv, name: str, args: Sequence[str], prog_name: str = "lilya") -> None:
    """Find the directive ``name`` for ``env``'s application and run it."""
    if env.command_path is None:
        raise DirectiveError("Could not locate the application's files to search for directives.")
    info = fetch_directive(name, env.command_path, is_custom=True)
    anyio.run(_run, env.app, info, list(args), prog_name, backend=async_backend())
