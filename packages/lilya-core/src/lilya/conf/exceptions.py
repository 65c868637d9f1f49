"""Errors raised while building settings objects."""

from __future__ import annotations

__all__ = ["FieldException", "SettingsModuleError"]


class FieldException(Exception):
    """A settings field could not be set (unknown name, or a value of the wrong shape)."""


class SettingsModuleError(FieldException, TypeError):
    """``settings_module`` (or ``LILYA_SETTINGS_MODULE``) names something that is not settings.

    A ``FieldException`` as Lilya 0.29 raises for ``Lilya(settings_module=...)``, and a ``TypeError``.
    """
