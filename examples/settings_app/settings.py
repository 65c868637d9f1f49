"""Per-application settings: a ``Settings`` subclass; fields are overridable by env variables."""

from __future__ import annotations

from lilya.conf.global_settings import Settings


class AppSettings(Settings):
    debug: bool = False
    version: str = "1.2.0"
    redirect_slashes: bool = False
    greeting: str = "hello"
