"""The ``lilya`` typer application."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated, Any

import typer

__all__ = ["app"]

app = typer.Typer(name="lilya", help="Lilya command line.", no_args_is_help=True, add_completion=False)


def _load_app(path: str) -> Any:
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    module_name, _, attr = path.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr or "app")


@app.command()
def runserver(
    path: Annotated[str, typer.Argument(help="module:attribute of the ASGI app")],
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to bind")] = 8000,
    reload: Annotated[bool, typer.Option(help="Reload on code changes")] = False,
) -> None:
    """Serve the application with uvicorn."""
    import uvicorn

    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    uvicorn.run(path if reload else _load_app(path), host=host, port=port, reload=reload)


@app.callback()
def main() -> None:
    """Lilya command line."""
