"""The metaclass shared by the middleware and permission protocols."""

from __future__ import annotations

from typing import Any, Protocol

from lilya.types import ASGIApp

__all__ = ["BindsApp", "ProtocolMeta"]

ProtocolMeta: type = type(Protocol)


class BindsApp(ProtocolMeta):  # type: ignore[misc]
    """Sets ``instance.app`` after ``__init__``, so subclasses need not store the app themselves.

    A controller class (``__is_controller__``) is instantiated first: the stack wraps its instance.
    """

    def __call__(cls, app: ASGIApp, *args: Any, **kwargs: Any) -> Any:
        instance = super().__call__(app, *args, **kwargs)
        instance.app = app() if hasattr(app, "__is_controller__") else app  # type: ignore[call-arg]
        return instance
