"""Entry point of the ``lilya`` script and ``python -m lilya``."""

from __future__ import annotations

import sys

from lilya.cli.cli import CLIState, add_custom_commands, app
from lilya.exceptions import EnvError

__all__ = ["app", "main"]



def _builtin_commands() -> set[str]:
    """The command and group names registered on the typer app (default: the function name, dashed)."""
    commands = {
        info.name or getattr(info.callback, "__name__", "").lower().replace("_", "-")
        for info in app.registered_commands
    }
    return commands | {info.name for info in app.registered_groups if info.name}


def _requested_command(argv: list[str]) -> str | None:
    skip_next = False
    for arg in argv:
        if skip_next:
            skip_next = False
            continue
        if arg in ("--app", "--path"):
            skip_next = True
            continue
        if arg.startswith("-"):
            continue
        return arg
    return None


def _app_option(argv: list[str], name: str) -> str | None:
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; an unknown command may be one of the app's ``display_in_cli`` directives."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = _requested_command(args)
    # The app's display_in_cli directives join the commands for help (with or without --help) and dispatch.
    if command is None or command not in _builtin_commands():
        state = CLIState(app=_app_option(args, "--app"), path=_app_option(args, "--path"))
        try:
            add_custom_commands(state.env())
        except EnvError:
            pass  # no application here: only the built-in commands exist
    app(args=args, prog_name="lilya")


if __name__ == "__main__":
    main()
