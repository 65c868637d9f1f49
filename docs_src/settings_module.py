from lilya.apps import Lilya
from lilya.conf.global_settings import Settings
from lilya.requests import Request
from lilya.routing import Path


class AppSettings(Settings):
    """Fields are read from the class, overridable by environment variables of the same name."""

    debug: bool = False
    greeting: str = "hello"


async def about(request: Request) -> dict[str, object]:
    return {"greeting": request.app.settings.greeting, "debug": request.app.debug}


# Or point LILYA_SETTINGS_MODULE=docs_src.settings_module.AppSettings at it for the whole process.
app = Lilya(routes=[Path("/about", about)], settings_module=AppSettings)
