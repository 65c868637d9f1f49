"""The default settings: every field Lilya reads, with its type and default.

Subclass ``Settings`` to change defaults (``class AppSettings(Settings): debug: bool = True``) and
select it with ``LILYA_SETTINGS_MODULE="pkg.module.AppSettings"`` or ``Lilya(settings_module=...)``.
Any field can also be set from the environment variable of the same name in upper case.
Values that are objects rather than scalars (routes, middleware, handlers...) are properties, so
each settings instance builds its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from lilya.caches.memory import InMemoryCache
from lilya.conf._base import BaseSettings, safe_get_type_hints
from lilya.conf.enums import EnvironmentType
from lilya.exceptions import Doc
from lilya.logging import LoggingConfig, StandardLoggingConfig
from lilya.protocols.cache import CacheBackend
from lilya.types import ApplicationType, Dependencies, ExceptionHandler

if TYPE_CHECKING:
    from lilya.serializers import SerializerConfig

__all__ = [
    "ApplicationType",
    "BaseSettings",
    "CacheBackend",
    "CacheSettings",
    "ContribSettings",
    "Doc",
    "EnvironmentType",
    "InMemoryCache",
    "Internal",
    "LoggingConfig",
    "Settings",
    "StandardLoggingConfig",
    "safe_get_type_hints",
]

LILYA_VERSION: str = __import__("lilya").__version__
"""The installed Lilya version (``lilya.__version__``): the default ``Settings.version``, as in Lilya."""


class CacheSettings(BaseSettings):
    # One backend shared by every settings instance: the cache outlives settings reloads.
    cache_backend: CacheBackend = InMemoryCache()
    cache_default_ttl: int = 300


class ContribSettings(CacheSettings):
    timezone: str = "UTC"


class Internal(ContribSettings):
    ipython_args: ClassVar[list[str]] = ["--no-banner"]
    ptpython_config_file: str = "~/.config/ptpython/config.py"

    @property
    def runserver_theme(self) -> dict[str, str]:
        """Rich styles used by ``lilya runserver``."""
        return {
            "tag.title": "white on #02a6f2",
            "tag": "white on #025af2",
            "placeholder": "grey85",
            "text": "white",
            "selected": "#025af2",
            "result": "grey85",
            "progress": "on #025af2",
            "error": "red",
            "log.info": "black on blue",
        }


class Settings(Internal):
    """Application defaults. See the package README for what each field does."""

    debug: bool = False
    environment: str | None = EnvironmentType.PRODUCTION
    version: str | int | float = LILYA_VERSION
    include_in_schema: bool = True
    default_route_pattern: str = "route_patterns"
    enforce_return_annotation: bool = False
    x_frame_options: str | None = None
    before_request: Sequence[Callable[..., Any]] | None = None
    after_request: Sequence[Callable[..., Any]] | None = None
    logging_level: str = "INFO"
    enable_openapi: bool = False
    infer_body: bool = False
    enable_intercept_global_exceptions: bool = False
    root_path_in_servers: bool = True
    root_path: str | None = ""
    redirect_slashes: bool = True
    csrf_token_name: str = "csrf_token"

    @property
    def routes(self) -> list[Any]:
        """Routes of an app that does not pass ``routes=``."""
        return []

    @property
    def dependencies(self) -> Dependencies | None:
        """App-wide dependencies (``{"name": Provide(...)}``)."""
        return None

    @property
    def middleware(self) -> Sequence[Any]:
        """App-wide ``DefineMiddleware`` entries."""
        return []

    @property
    def permissions(self) -> Sequence[Any]:
        """App-wide ``DefinePermission`` entries."""
        return []

    @property
    def exception_handlers(self) -> ExceptionHandler | dict[Any, Any]:
        """App-wide ``{status code | exception class: handler}``."""
        return {}

    @property
    def on_startup(self) -> Sequence[Callable[[], Any]] | None:
        """Callables run when the app starts."""
        return None

    @property
    def on_shutdown(self) -> Sequence[Callable[[], Any]] | None:
        """Callables run when the app stops."""
        return None

    @property
    def lifespan(self) -> ApplicationType | None:
        """A lifespan context manager factory (instead of on_startup/on_shutdown)."""
        return None

    @property
    def logging_config(self) -> LoggingConfig | None:
        """Logging configured when the app is built; std logging at ``logging_level``."""
        return StandardLoggingConfig(level=self.logging_level)

    @property
    def serializer_config(self) -> SerializerConfig | None:
        """Serializer configured when the app is built (std-library JSON)."""
        from lilya.serializers import StandardSerializerConfig

        return StandardSerializerConfig()

    @property
    def openapi_config(self) -> Any | None:
        """OpenAPI configuration (``None``: Lilya's defaults)."""
        return None


def __getattr__(name: str) -> Any:
    # Re-exports of modules owned elsewhere, resolved when asked for so that importing the
    # settings does not import the serializers.
    if name in ("SerializerConfig", "StandardSerializerConfig"):
        import lilya.serializers

        return getattr(lilya.serializers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
