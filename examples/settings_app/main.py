"""An app that takes its defaults from its own settings class (a dotted path works too)."""

from __future__ import annotations

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path


async def about(request: Request) -> dict[str, object]:
    settings = request.app.settings
    return {"version": request.app.version, "greeting": settings.greeting, "debug": request.app.debug}


app = Lilya(routes=[Path("/about", about)], settings_module="examples.settings_app.settings.AppSettings")
