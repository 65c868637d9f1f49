"""The command group: applies ``LILYA_SETTINGS_MODULE`` before any command runs."""

from __future__ import annotations

import os
from typing import Any, TypeVar

import typer
from typer.core import TyperGroup

from lilya.cli.constants import EXCLUDED_DIRECTIVES, HELP_PARAMETER, IGNORE_DIRECTIVES, LILYA_SETTINGS_MODULE
from lilya.cli.env import DirectiveEnv, ensure_on_sys_path
from lilya.exceptions import EnvError

__all__ = [
    "EXCLUDED_DIRECTIVES",
    "HELP_PARAMETER",
    "IGNORE_DIRECTIVES",
    "LILYA_SETTINGS_MODULE",
    "DirectiveEnv",
    "DirectiveGroup",
    "EnvError",
    "T",
]

T = TypeVar("T")


class DirectiveGroup(TyperGroup):
    """Reloads ``lilya.conf.settings`` when ``LILYA_SETTINGS_MODULE`` is set, then dispatches."""

    def process_settings(self, ctx: Any) -> None:
        path = os.environ.get(LILYA_SETTINGS_MODULE)
        if not path:
            return
        # A settings module in the project folder must import before any command runs.
        ensure_on_sys_path(os.getcwd())
        from lilya.conf import reload_settings

        try:
            reload_settings()
        except (ImportError, AttributeError, TypeError) as exc:
            # Scaffolding commands never read the settings (Lilya loads them lazily): say so and go on.
            typer.echo(f"Warning: {LILYA_SETTINGS_MODULE}={path!r} cannot be loaded: {exc}", err=True)

    def invoke(self, ctx: Any) -> Any:
        self.process_settings(ctx)
        return super().invoke(ctx)
