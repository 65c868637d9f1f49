"""typer and rich are the weight of lilya-cli alone: nothing else imports them."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap

import lilya.middleware
import lilya.routing


def test_core_routing_and_middleware_import_without_typer_or_rich() -> None:
    probe = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        for blocked in ("typer", "rich", "click"):
            sys.modules[blocked] = None  # any import of them now raises ImportError
        names = sys.argv[1:]
        for name in names:
            importlib.import_module(name)
        print(len(names))
        """
    )
    modules = [
        "lilya.requests", "lilya.responses", "lilya.datastructures", "lilya.websockets", "lilya.background",
        "lilya.conf", "lilya.permissions", "lilya.testclient", "lilya.routing", "lilya.controllers",
    ]
    modules += [m.name for m in pkgutil.walk_packages(lilya.middleware.__path__, "lilya.middleware.")]
    modules += [m.name for m in pkgutil.walk_packages(lilya.routing.__path__, "lilya.routing.")]
    result = subprocess.run([sys.executable, "-c", probe, *modules], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(modules))
