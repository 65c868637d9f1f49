"""Custom directives run inside the application's context (lifespan started, then shut down)."""

from __future__ import annotations

import pathlib

import pytest

from tests.cli.conftest import RunLilya, clean_env, write

PROJECT_APP = """
from contextlib import asynccontextmanager
from pathlib import Path as FilePath

from lilya.apps import Lilya

LOG = FilePath(__file__).with_name("events.log")


@asynccontextmanager
async def lifespan(app):
    app.state.database = "connected-db"
    LOG.write_text(LOG.read_text() + "startup\\n" if LOG.exists() else "startup\\n")
    yield
    LOG.write_text(LOG.read_text() + "shutdown\\n")


app = Lilya(lifespan=lifespan)
"""

CLASS_DIRECTIVE = """
from lilya.cli import BaseDirective


class Directive(BaseDirective):
    help = "Prints the database the lifespan opened"

    def add_arguments(self, parser):
        parser.add_argument("--greeting", default="hello")
        parser.add_argument("--times", type=int, default=1)

    async def handle(self, *args, **options):
        from myproject.main import app

        for _ in range(options["times"]):
            print(options["greeting"], app.state.database)
"""

FUNCTION_DIRECTIVE = """
from typing import Annotated

import typer

from lilya.cli.decorator import directive


@directive(display_in_cli=True)
async def seed(count: Annotated[int, typer.Option(help="How many rows")] = 3) -> None:
    \"\"\"Seeds the database with rows.\"\"\"
    from myproject.main import app

    print(f"seeded {count} rows into {app.state.database}")


@directive
def quiet(name: str = "x") -> None:
    \"\"\"Only reachable through run.\"\"\"
    print(f"quiet {name}")
"""


@pytest.fixture
def project(tmp_path: pathlib.Path) -> pathlib.Path:
    write(tmp_path / "myproject" / "__init__.py", "")
    write(tmp_path / "myproject" / "main.py", PROJECT_APP)
    ops = tmp_path / "myproject" / "apps" / "accounts" / "directives" / "operations"
    for folder in (ops.parent.parent.parent, ops.parent.parent, ops.parent, ops):
        write(folder / "__init__.py", "")
    write(ops / "dbinfo.py", CLASS_DIRECTIVE)
    write(ops / "seeding.py", FUNCTION_DIRECTIVE)
    return tmp_path


def events(project: pathlib.Path) -> list[str]:
    return (project / "myproject" / "events.log").read_text().split()


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_class_directive_reads_state_set_in_lifespan(run_lilya: RunLilya, project: pathlib.Path, backend: str) -> None:
    env = clean_env(LILYA_ASYNC_BACKEND=backend)
    result = run_lilya(
        "--app",
        "myproject.main:app",
        "run",
        "--directive",
        "dbinfo",
        "--greeting",
        "hi",
        "--times",
        "2",
        cwd=project,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["hi connected-db", "hi connected-db"]
    assert events(project) == ["startup", "shutdown"]


def test_positional_directive_name_and_discovered_app(run_lilya: RunLilya, project: pathlib.Path) -> None:
    result = run_lilya("run", "dbinfo", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "hello connected-db"


def test_class_directive_help_comes_from_its_arguments(run_lilya: RunLilya, project: pathlib.Path) -> None:
    result = run_lilya("run", "--directive", "dbinfo", "--help", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "--greeting" in result.stdout and "--times" in result.stdout
    assert "Prints the database the lifespan opened" in result.stdout
    assert not (project / "myproject" / "events.log").exists()  # help does not start the app


def test_bad_directive_arguments_are_a_clear_error(run_lilya: RunLilya, project: pathlib.Path) -> None:
    result = run_lilya("run", "--directive", "dbinfo", "--times", "many", cwd=project)
    assert result.returncode == 2
    assert "--times" in result.stderr and "Traceback" not in result.stderr


def test_function_directive_through_run_and_as_top_level_command(run_lilya: RunLilya, project: pathlib.Path) -> None:
    via_run = run_lilya("run", "--directive", "seed", "--count", "5", cwd=project)
    assert via_run.returncode == 0, via_run.stderr
    assert via_run.stdout.strip() == "seeded 5 rows into connected-db"
    top_level = run_lilya("seed", "--count", "2", cwd=project)
    assert top_level.returncode == 0, top_level.stderr
    assert top_level.stdout.strip() == "seeded 2 rows into connected-db"
    assert "--count" in run_lilya("run", "--directive", "seed", "--help", cwd=project).stdout
    assert run_lilya("run", "quiet", "--name", "y", cwd=project).stdout.strip() == "quiet y"
    assert "seed" in run_lilya("--help", cwd=project).stdout


def test_directives_lists_builtin_and_custom(
    run_lilya: RunLilya, project: pathlib.Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    result = run_lilya("directives", cwd=project)
    assert result.returncode == 0, result.stderr
    for name in ("runserver", "createproject", "show_urls", "dbinfo", "seed", "quiet"):
        assert name in result.stdout, name
    alone = run_lilya("directives", cwd=tmp_path_factory.mktemp("empty"))
    assert alone.returncode == 0
    assert "createproject" in alone.stdout and "dbinfo" not in alone.stdout


def test_unknown_directive(run_lilya: RunLilya, project: pathlib.Path) -> None:
    result = run_lilya("run", "--directive", "nope", cwd=project)
    assert result.returncode != 0
    assert "nope" in result.stderr and "lilya directives" in result.stderr


def test_startup_failure_stops_the_directive(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    write(tmp_path / "failing" / "__init__.py", "")
    write(
        tmp_path / "failing" / "main.py",
        """
        from lilya.apps import Lilya

        def broken() -> None:
            raise RuntimeError("database unreachable")

        app = Lilya(on_startup=[broken])
        """,
    )
    ops = tmp_path / "failing" / "directives" / "operations"
    write(ops.parent / "__init__.py", "")
    write(ops / "__init__.py", "")
    write(
        ops / "hello.py",
        "from lilya.cli import BaseDirective\n\n"
        "class Directive(BaseDirective):\n    def handle(self, *a, **k):\n        print('ran')\n",
    )
    result = run_lilya("run", "hello", cwd=tmp_path)
    assert result.returncode != 0
    assert "database unreachable" in result.stderr
    assert "ran" not in result.stdout


CLICK_COMMAND_DIRECTIVE = """
import click

from lilya.cli.decorator import directive
from lilya.context import g  # a proxy that raises outside a request: discovery must skip it


@directive(display_in_cli=True)
@click.command(name="create-user")
@click.option("--name", required=True)
def create(name: str) -> None:
    \"\"\"Creates a user.\"\"\"
    g.user = name
    print(f"user {g.user}")
"""


def test_bare_lilya_lists_display_in_cli_directives_under_their_own_panel(
    run_lilya: RunLilya, project: pathlib.Path
) -> None:
    ops = project / "myproject" / "apps" / "accounts" / "directives" / "operations"
    write(ops / "users.py", CLICK_COMMAND_DIRECTIVE)
    for args in ((), ("--help",)):
        listing = run_lilya(*args, cwd=project)
        assert "Custom directive" in listing.stdout, listing.stderr
        # A click command keeps its own name; a function directive is named after the function.
        assert "create-user" in listing.stdout
        assert "Creates a user." in listing.stdout
        assert "seed" in listing.stdout


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_click_command_directive_parses_its_own_options(
    run_lilya: RunLilya, project: pathlib.Path, backend: str
) -> None:
    ops = project / "myproject" / "apps" / "accounts" / "directives" / "operations"
    write(ops / "users.py", CLICK_COMMAND_DIRECTIVE)
    env = clean_env(LILYA_ASYNC_BACKEND=backend)
    created = run_lilya("create-user", "--name", "bob", cwd=project, env=env)
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == "user bob"
    assert "--name" in run_lilya("create-user", "--help", cwd=project, env=env).stdout
    missing = run_lilya("create-user", cwd=project, env=env)
    assert missing.returncode == 2
    assert "Missing option '--name'" in missing.stderr and "Traceback" not in missing.stderr
    # `run` finds a directive by its module's name as well (operations/users.py), as Lilya does.
    via_run = run_lilya("run", "users", "--name", "ann", cwd=project, env=env)
    assert via_run.returncode == 0, via_run.stderr
    assert via_run.stdout.strip() == "user ann"
    ambiguous = run_lilya("run", "--directive", "seeding", cwd=project, env=env)
    assert ambiguous.returncode == 1
    assert "'seeding' holds several directives (quiet, seed)" in ambiguous.stderr
