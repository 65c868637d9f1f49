"""The command group: applies ``LILYA_SETTINGS_MODULE`` before any command runs."""

from __future__ import annotations

import os
from typing import Any, TypeVar

from typer.core import TyperGroup

from lilya.cli.constants import EXCLUDED_DIRECTIVES, HELP_PARAMETER, IGNORE_DIRECTIVES, LILYA_SETTINGS_MODULE
from lilya.cli.env import DirectiveEnv
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
        if os.environ.get(LILYA_SETTINGS_MODULE):
            from lilya.conf import reload_settings

            reload_settings()

    def invoke(self, ctx: Any) -> Any:
        self.process_settings(ctx)
        return super().invoke(ctx)
