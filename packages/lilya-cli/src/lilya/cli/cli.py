"""The ``lilya`` typer application: global options and every built-in command."""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import anyio
import typer
import typer.main

from lilya.cli._context import app_lifespan, async_backend
from lilya.cli._functions import call_click_command, call_directive_function, is_click_command
from lilya.cli.constants import DEFAULT_GRACEFUL_SHUTDOWN
from lilya.cli.env import DirectiveEnv
from lilya.cli.exceptions import DirectiveError
from lilya.cli.groups import DirectiveGroup
from lilya.cli.utils import get_custom_directives_to_cli
from lilya.exceptions import EnvError

__all__ = [
    "DirectiveGroup",
    "app",
    "application_directives",
    "get_custom_directives_to_cli",
    "help_text",
    "lilya_callback",
    "lilya_cli",
]

help_text = """Lilya command line: serve an application, inspect it and run its directives.

Built-in: lilya runserver, lilya show_urls, lilya createproject NAME, ...
Custom directives: lilya --app module:app run --directive NAME [ARGS]
"""

app = typer.Typer(
    name="lilya",
    cls=DirectiveGroup,
    help=help_text,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
application_directives: dict[str, Callable[..., Any]] = {}


def _console(stderr: bool = False) -> Any:
    """rich is imported when something is printed, not when the command starts."""
    from rich.console import Console

    return Console(stderr=stderr)


def _table(title: str) -> Any:
    from rich.table import Table

    return Table(title=title)


F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CLIState:
    app: str | None = None
    path: str | None = None

    def env(self, app_path: str | None = None) -> DirectiveEnv:
        """Discover the application for this invocation (``--path`` changes where to look)."""
        cwd: Path | None = None
        target = app_path or self.app
        if self.path:
            location = Path(self.path).resolve()
            if location.is_file():
                cwd = location.parent
                target = target or location.stem
            else:
                cwd = location
        return DirectiveEnv().load_from_env(target, cwd=cwd)


def reports_errors(func: F) -> F:
    """One line on stderr and a non-zero exit code instead of a traceback for expected failures."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DirectiveError as exc:
            _console(stderr=True).print(f"[red]Error:[/red] {exc.detail}", highlight=False)
            raise typer.Exit(exc.returncode) from None
        except EnvError as exc:
            _console(stderr=True).print(f"[red]Error:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _scaffold_each(names: list[str], make: Callable[[str], object]) -> None:
    """Generate one scaffold per name; a refused name is reported and the next one still runs.

    As in Lilya 0.29, the command then exits 0: a scaffold that already exists is not a failure of
    the command (the message on stderr says what was skipped).
    """
    for name in names:
        try:
            make(name)
        except DirectiveError as exc:
            _console(stderr=True).print(f"[red]Error:[/red] {exc.detail}", highlight=False)


def _state(ctx: typer.Context) -> CLIState:
    state = ctx.find_root().obj
    return state if isinstance(state, CLIState) else CLIState()


def _version(value: bool) -> None:
    if value:
        import importlib.metadata

        typer.echo(f"lilya-cli {importlib.metadata.version('lilya-cli')}")
        raise typer.Exit()


@app.callback()
def lilya_callback(
    ctx: typer.Context,
    app: Annotated[
        str | None, typer.Option("--app", help="The application as module:attribute (or set LILYA_DEFAULT_APP).")
    ] = None,
    path: Annotated[
        str | None,
        typer.Option(
            "--path", help="A Python file or package folder holding the application; discovered when omitted."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", "-v", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Lilya command line."""
    ctx.obj = CLIState(app=app, path=path)


@app.command()
@reports_errors
def runserver(
    ctx: typer.Context,
    path: Annotated[
        str | None, typer.Argument(help="The application as module:attribute; discovered when omitted.")
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port to bind.")] = 8000,
    reload: Annotated[bool, typer.Option("--reload", "-r", help="Restart when the code changes.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug/--no-debug", help="Serve with debug=True (error pages with tracebacks).")
    ] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    lifespan: Annotated[str, typer.Option(help="Lifespan events: on, off or auto.")] = "on",
    settings: Annotated[
        str | None, typer.Option(help="Settings class as a dotted path (sets LILYA_SETTINGS_MODULE).")
    ] = None,
    proxy_headers: Annotated[
        bool, typer.Option("--proxy-headers/--no-proxy-headers", help="Trust X-Forwarded-* headers.")
    ] = True,
    workers: Annotated[int | None, typer.Option(help="Number of worker processes.")] = None,
    timeout_graceful_shutdown: Annotated[
        int,
        typer.Option(
            help="Seconds open connections get to finish after SIGTERM before they are cut (0: no limit).",
        ),
    ] = DEFAULT_GRACEFUL_SHUTDOWN,
) -> None:
    """Serve the application with uvicorn."""
    from lilya.cli.directives.operations.runserver import runserver as serve

    if settings:
        os.environ["LILYA_SETTINGS_MODULE"] = settings
    env = _state(ctx).env(path)
    serve(
        env,
        None,
        host=host,
        port=port,
        reload=reload,
        debug=debug,
        log_level=log_level,
        lifespan=lifespan,
        settings=settings,
        proxy_headers=proxy_headers,
        workers=workers,
        timeout_graceful_shutdown=timeout_graceful_shutdown,
    )


def _show_urls(ctx: typer.Context) -> None:
    from lilya.cli.directives.operations.show_urls import get_routes_table

    env = _state(ctx).env()
    table = get_routes_table(env.lilya_app or env.app, _table(f"Routes of {env.path}"))
    _console().print(table)


@app.command("show_urls")
@reports_errors
def show_urls(ctx: typer.Context) -> None:
    """Show every route: path, parameters, name, handler, type and methods."""
    _show_urls(ctx)


@app.command("show-urls", hidden=True)
@reports_errors
def show_urls_dashed(ctx: typer.Context) -> None:
    """Alias of show_urls (Lilya 0.29 spelling)."""
    _show_urls(ctx)


@app.command()
@reports_errors
def directives(ctx: typer.Context) -> None:
    """List Lilya's built-in directives and the application's own."""
    from lilya.cli.directives.operations.list import list_directives

    state = _state(ctx)
    try:
        env: DirectiveEnv | None = state.env()
    except EnvError:
        env = None  # built-ins are listed even without an application
    builtin, custom = list_directives(env)
    table = _table("Directives")
    table.add_column("Directive")
    table.add_column("Source")
    table.add_column("Help")
    for name, text in builtin.items():
        table.add_row(name, "lilya", text)
    for info in custom:
        table.add_row(
            info.name, str(info.location.parent.parent.parent.name), info.help.splitlines()[0] if info.help else ""
        )
    _console().print(table)
    if env is None:
        _console(stderr=True).print("No application found: pass --app module:attribute to list its directives too.")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
)
@reports_errors
def run(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="The directive to run.")] = None,
    directive: Annotated[
        str | None, typer.Option("--directive", "-n", help="The directive to run (file or function name).")
    ] = None,
) -> None:
    """Run one of the application's directives inside its context (lifespan started).

    lilya --app module:app run --directive NAME [ARGS]   (or: run NAME [ARGS]);
    add --help after the name for the directive's own help.
    """
    from lilya.cli.directives.operations.run import run_directive

    args = list(ctx.args)
    chosen = directive or name
    if chosen is None or chosen in ("--help", "-h"):
        typer.echo(ctx.get_help())
        return
    if directive and name:  # `run --directive x value`: the positional belongs to the directive
        args.insert(0, name)
    run_directive(_state(ctx).env(), chosen, args, prog_name="lilya")


@app.command()
@reports_errors
def createproject(
    names: Annotated[list[str], typer.Argument(help="Project name(s) (Python identifiers).")],
    with_deployment: Annotated[
        bool, typer.Option("--with-deployment", help="Add Docker, nginx, supervisor and gunicorn files.")
    ] = False,
    deployment_folder_name: Annotated[
        str, typer.Option("--deployment-folder-name", help="Folder for the deployment files.")
    ] = "deployment",
    with_structure: Annotated[
        bool, typer.Option("--with-structure", help="Settings per environment, urls module, apps folder.")
    ] = False,
    edgy: Annotated[
        bool, typer.Option("--edgy", "-e", help="Structured project with Edgy ORM settings, registry and models.")
    ] = False,
    location: Annotated[str, typer.Option(help="Where to create the project.")] = ".",
    verbosity: Annotated[int, typer.Option("--verbosity", help="2 lists every file created.")] = 1,
) -> None:
    """Generate a project: app, settings, urls, tests, pyproject and README."""
    from lilya.cli.directives.operations.createproject import create_project

    _scaffold_each(
        names,
        lambda name: create_project(
            name,
            location=location,
            with_structure=with_structure,
            with_deployment=with_deployment,
            deployment_folder_name=deployment_folder_name,
            verbosity=verbosity,
            edgy=edgy,
        ),
    )


@app.command()
@reports_errors
def createapp(
    names: Annotated[list[str], typer.Argument(help="App name(s) (Python identifiers).")],
    version: Annotated[str, typer.Option("--version", help="API version folder.")] = "v1",
    location: Annotated[str, typer.Option(help="Where to create the app.")] = ".",
    verbosity: Annotated[int, typer.Option("--verbosity", help="2 lists every file created.")] = 1,
) -> None:
    """Generate an app package: controllers, urls, schemas, directives/operations and tests."""
    from lilya.cli.directives.operations.createapp import create_app

    _scaffold_each(names, lambda name: create_app(name, version=version, location=location, verbosity=verbosity))


@app.command()
@reports_errors
def createdeployment(
    name: Annotated[str, typer.Argument(help="The project name used in the files.")],
    deployment_folder_name: Annotated[
        str, typer.Option("--deployment-folder-name", help="Folder for the files.")
    ] = "deployment",
    location: Annotated[str, typer.Option(help="Where to create the folder.")] = ".",
    verbosity: Annotated[int, typer.Option("--verbosity", help="2 lists every file created.")] = 1,
) -> None:
    """Generate deployment files: Dockerfile, nginx, supervisor and gunicorn (uvicorn workers)."""
    from lilya.cli.directives.operations.createdeployment import create_deployment

    _scaffold_each(
        [name],
        lambda name: create_deployment(
            name, deployment_folder_name=deployment_folder_name, location=location, verbosity=verbosity
        ),
    )


@app.command()
@reports_errors
def shell(
    ctx: typer.Context,
    kernel: Annotated[str, typer.Option(help="ipython, ptpython or python.")] = "ipython",
) -> None:
    """Start an interactive shell with the application loaded and its lifespan started."""
    from lilya.cli.directives.operations.shell.base import run_shell_sync
    from lilya.cli.directives.operations.shell.enums import ShellOption

    if kernel not in {option.value for option in ShellOption}:
        raise DirectiveError(f"Unknown shell {kernel!r}: use ipython, ptpython or python.")
    env = _state(ctx).env()
    run_shell_sync(env.app, kernel)


mail = typer.Typer(name="mail", help="Send a test email using Lilya's mail contrib system.", no_args_is_help=True)
app.add_typer(mail)


@mail.command()
@reports_errors
def sendtest(
    to: Annotated[list[str], typer.Option("--to", help="Recipient address (repeat for several).")],
    subject: Annotated[str, typer.Option(help="Subject of the email.")] = "Test email",
    text: Annotated[str | None, typer.Option(help="Plain text body.")] = None,
    html: Annotated[str | None, typer.Option(help="HTML body.")] = None,
    backend: Annotated[str, typer.Option(help="Backend to send with (console).")] = "console",
) -> None:
    """Send a test email (lilya mail sendtest --to a@example.com --subject Hi --text Hello)."""
    from lilya.cli.directives.operations.mail import send_test_mail

    typer.echo(send_test_mail(to, subject, text, html, backend))


class _ClickApp:
    """Lilya 0.29's ``lilya_cli`` handle: ``.cli`` is the click group (what click/sayer test runners invoke)."""

    @property
    def cli(self) -> Any:
        return typer.main.get_command(app)


lilya_cli = _ClickApp()


def _as_command(name: str, func: Callable[..., Any], env: DirectiveEnv) -> Callable[..., Any]:
    """A sync typer command running the function directive inside the app's context."""

    @functools.wraps(func)
    def command(**kwargs: Any) -> None:
        async def call() -> None:
            async with app_lifespan(env.app):
                await call_directive_function(func, kwargs)

        anyio.run(call, backend=async_backend())

    return reports_errors(command)


def add_custom_commands(env: DirectiveEnv) -> None:
    """Register the app's ``@directive(display_in_cli=True)`` functions as top-level commands."""
    if not env.command_path:
        return
    for name, func in get_custom_directives_to_cli(env.command_path).items():
        if is_click_command(func):
            # A click/sayer command object (Lilya 0.29's style): it parses its own arguments.
            command_name: str = getattr(func, "name")
            application_directives[command_name] = func
            app.command(
                name=command_name,
                help=inspect.getdoc(getattr(func, "callback", None)),
                rich_help_panel="Custom directive",
                context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
            )(_as_passthrough(command_name, func, env))
            continue
        application_directives[name] = func
        app.command(name=name, help=inspect.getdoc(func), rich_help_panel="Custom directive")(
            _as_command(name, func, env)
        )


def _as_passthrough(name: str, command: Any, env: DirectiveEnv) -> Callable[..., Any]:
    """A typer command handing its raw arguments to a click command, inside the app's context."""

    def passthrough(ctx: typer.Context) -> None:
        async def call() -> None:
            async with app_lifespan(env.app):
                await call_click_command(command, ctx.args, f"lilya {name}")

        anyio.run(call, backend=async_backend())

    return reports_errors(passthrough)
