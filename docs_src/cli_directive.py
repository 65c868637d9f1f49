"""A custom directive: save it as ``<package>/directives/operations/greet.py`` and run it with
``lilya run greet --times 2``. It runs with the application loaded and its lifespan started,
so the resources your startup opened (a database pool, a cache) are ready to use."""

import argparse
from typing import Any

from lilya.cli import BaseDirective


class Directive(BaseDirective):
    help = "Greet from inside the application's context, --times times."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--times", type=int, default=1)

    async def handle(self, *args: Any, **options: Any) -> None:
        for _ in range(options["times"]):
            print("hello from the application's context")
