"""Settings: ``settings`` (lazy proxy to the settings in force), ``reload_settings``, overrides.

``from lilya.conf import settings`` imports nothing until an attribute is read; then the class named
by ``LILYA_SETTINGS_MODULE`` (default ``lilya.conf.global_settings.Settings``) is built once.
Apps resolve what they need from it when they are built, never per request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from lilya.conf._override import override_settings
from lilya.conf._registry import (
    ENVIRONMENT_VARIABLE,
    get_settings,
    load_settings_module,
    monkay_instance_ctx,
    monkay_settings_ctx,
    reload_settings,
    set_global_settings,
)

if TYPE_CHECKING:
    from lilya.conf.global_settings import BaseSettings as BaseSettings, Settings as Settings

__all__ = [
    "BaseSettings",
    "ENVIRONMENT_VARIABLE",
    "TYPE_CHECKING",
    "Settings",
    "SettingsForward",
    "get_settings",
    "load_settings_module",
    "monkay_instance_ctx",
    "monkay_settings_ctx",
    "override_settings",
    "reload_settings",
    "set_global_settings",
    "settings",
]


class SettingsForward:
    """Forwards every attribute read and write to the settings object in force (``get_settings()``)."""

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        return getattr(get_settings(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(get_settings(), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(get_settings(), name)

    def __dir__(self) -> list[str]:
        return dir(get_settings())

    def __repr__(self) -> str:
        return f"<SettingsForward to {get_settings()!r}>"


settings: Settings = cast("Settings", SettingsForward())


def __getattr__(name: str) -> Any:
    # ``from lilya.conf import Settings`` works without importing global_settings up front.
    if name in ("Settings", "BaseSettings"):
        from lilya.conf import global_settings

        return getattr(global_settings, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
