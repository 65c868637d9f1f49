"""Where the process-wide settings object lives, and how it is found and replaced.

The global object is built on first use from ``LILYA_SETTINGS_MODULE`` (a dotted path to a settings
class or instance; unset: ``lilya.conf.global_settings.Settings``). ``override_settings`` installs a
replacement in a context variable, so an override is seen by the code (and tasks) it wraps only.
"""

from __future__ import annotations

import os
import threading
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from lilya.compat import import_string

if TYPE_CHECKING:
    from lilya.conf.global_settings import Settings

__all__ = [
    "DEFAULT_SETTINGS_PATH",
    "ENVIRONMENT_VARIABLE",
    "get_settings",
    "load_settings_module",
    "monkay_instance_ctx",
    "monkay_settings_ctx",
    "reload_settings",
]

ENVIRONMENT_VARIABLE = "LILYA_SETTINGS_MODULE"
DEFAULT_SETTINGS_PATH = "lilya.conf.global_settings.Settings"

# Names kept from Lilya 0.29 (which used monkay): the settings override and the current app.
monkay_settings_ctx: ContextVar[Settings | None] = ContextVar("lilya_settings_override", default=None)
monkay_instance_ctx: ContextVar[Any] = ContextVar("lilya_app_instance", default=None)

_lock = threading.RLock()
_global: list[Settings] = []  # zero or one element: the built global settings
_building: list[bool] = []  # non-empty while this process builds them (catches circular imports)


def load_settings_module(settings_module: Any) -> Settings | None:
    """A settings class, dotted path, instance or ``None`` -> a settings instance (or ``None``).

    Used for ``LILYA_SETTINGS_MODULE`` and by ``Lilya(settings_module=...)`` once, at app build time.
    Anything but settings raises ``SettingsModuleError`` before it is instantiated.
    """
    if settings_module is None:
        return None
    target = import_string(settings_module) if isinstance(settings_module, str) else settings_module
    from lilya.conf._base import BaseSettings

    if isinstance(target, type) and issubclass(target, BaseSettings):
        target = target()
    if not isinstance(target, BaseSettings):
        from lilya.conf.exceptions import SettingsModuleError

        raise SettingsModuleError(
            f"{settings_module!r} is not a settings class: subclass lilya.conf.global_settings.Settings."
        )
    return target  # type: ignore[return-value]


def _build_global() -> Settings:
    path = os.environ.get(ENVIRONMENT_VARIABLE) or DEFAULT_SETTINGS_PATH
    with _lock:
        if _building:
            raise RuntimeError(
                f"lilya.conf.settings was read while {path!r} was being imported: the settings module "
                "must not read lilya.conf.settings at import time (circular import)."
            )
        _building.append(True)
        try:
            settings = load_settings_module(path)
        finally:
            _building.clear()
    assert settings is not None
    return settings


def get_settings() -> Settings:
    """The settings in force here: an active ``override_settings``, else the global object."""
    override = monkay_settings_ctx.get()
    if override is not None:
        return override
    if _global:
        return _global[0]
    with _lock:
        if not _global:
            _global.append(_build_global())
    return _global[0]


def set_global_settings(settings: Settings | None) -> None:
    """Replace the global settings object (``None``: rebuild from the environment on next use)."""
    with _lock:
        _global.clear()
        if settings is not None:
            _global.append(settings)


def reload_settings() -> None:
    """Re-read ``LILYA_SETTINGS_MODULE`` and rebuild the global settings now."""
    settings = _build_global()
    set_global_settings(settings)
