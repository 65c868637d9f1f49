"""Settings resolution for an application: local settings, then global, then a default.

Everything here runs once, while the application is constructed; nothing per request.
"""

from __future__ import annotations

from typing import Any

from lilya.conf import load_settings_module

__all__ = ["SettingsResolver"]

_MISSING = object()


def _global_settings() -> Any:
    from lilya.conf import settings

    return settings


class SettingsResolver:
    """Looks a field up in the app's own settings, then the global settings."""

    __slots__ = ("global_settings", "local")

    def __init__(self, settings_module: Any) -> None:
        self.local = load_settings_module(settings_module)
        self.global_settings = _global_settings()

    def get(self, name: str, default: Any = None) -> Any:
        for source in (self.local, self.global_settings):
            if source is None:
                continue
            # A broken LILYA_SETTINGS_MODULE raises here, while the app is built: a wiring mistake.
            value = getattr(source, name, _MISSING)
            if value is not _MISSING and value is not None:
                return value
        return default

    def value(self, name: str, given: Any, default: Any = None, *, is_boolean: bool = False) -> Any:
        """Lilya's rule: an explicit value wins (for booleans: anything but None), else settings."""
        if is_boolean:
            return given if given is not None else self.get(name, default)
        return given if given else self.get(name, default)

    def explicit_or_local(self, name: str, given: Any) -> Any:
        """``given``, else the app's own settings only (services the global default configures)."""
        if given is not None or self.local is None:
            return given
        return getattr(self.local, name, None)

    @property
    def effective(self) -> Any:
        return self.local if self.local is not None else self.global_settings
