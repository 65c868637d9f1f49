"""``lilya run --directive stock [--item NAME]``: print the stock, inside the app's lifespan."""

from __future__ import annotations

import argparse
from typing import Any

from lilya.cli import BaseDirective


class Directive(BaseDirective):
    help = "Prints the current stock (all items, or one with --item)"

    def add_arguments(self, parser: argparse.ArgumentParser | Any) -> Any:
        parser.add_argument("--item", default=None, help="only this item")

    async def handle(self, *args: Any, **options: Any) -> None:
        from examples.inventory.main import app

        for name, count in sorted(app.state.stock.items()):
            if options["item"] in (None, name):
                print(f"{name}: {count}")
