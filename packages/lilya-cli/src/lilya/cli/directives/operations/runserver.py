"""``lilya runserver``: serve the application with uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rich.tree import Tree

from lilya.cli.constants import DEFAULT_GRACEFUL_SHUTDOWN
from lilya.cli.env import DirectiveEnv
from lilya.cli.exceptions import DirectiveError
from lilya.cli.terminal.print import Print
from lilya.cli.terminal.utils import get_log_config

__all__ = ["DirectiveEnv", "DirectiveError", "get_app_tree", "get_log_config", "runserver"]

printer = Print(stderr=True)


def get_app_tree(module_paths: list[Path], discovery_file: str) -> Tree:
    """A tree of the folders leading to the file the app was found in."""
    root = Tree(f"[bold]{module_paths[0].name if module_paths else '.'}[/bold]")
    node = root
    for path in module_paths[1:]:
        node = node.add(path.name)
    node.add(f"[cyan]{discovery_file}[/cyan]")
    return root


def runserver(
    env: DirectiveEnv,
    path: str | None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    reload: bool = False,
    debug: bool = False,
    log_level: str = "info",
    lifespan: str = "on",
    settings: str | None = None,
    proxy_headers: bool = True,
    workers: int | None = None,
    timeout_graceful_shutdown: int = DEFAULT_GRACEFUL_SHUTDOWN,
) -> None:
    """Discover the app (``path``, ``--app``, ``LILYA_DEFAULT_APP`` or the current directory) and serve it."""
    import uvicorn  # a dependency of lilya-cli, imported here so other commands start without it
    if settings:
        os.environ["LILYA_SETTINGS_MODULE"] = settings
    if lifespan not in ("on", "off", "auto"):
        raise DirectiveError("--lifespan must be one of: on, off, auto.")
    env = env if env.app is not None and not path else DirectiveEnv().load_from_env(path)
    if debug and env.lilya_app is not None and hasattr(env.lilya_app, "debug"):
        env.lilya_app.debug = True
    printer.write_info(f"Serving {env.path} on http://{host}:{port} (uvicorn, lifespan {lifespan})")
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "lifespan": lifespan,
        "proxy_headers": proxy_headers,
        "log_config": get_log_config(),
        "timeout_graceful_shutdown": timeout_graceful_shutdown or None,
    }
    if reload or (workers and workers > 1):
        # Reload and workers start fresh processes: they need the import string.
        uvicorn.run(env.path or "", reload=reload, workers=workers, app_dir=os.getcwd(), **options)
    else:
        uvicorn.run(env.app, **options)  # type: ignore[arg-type]
