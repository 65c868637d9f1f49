"""`setup_mail`: one `Mailer` per application, opened and closed with the app's lifespan."""

from __future__ import annotations

from typing import Any

from lilya.contrib.mail.backends.base import BaseMailBackend
from lilya.contrib.mail.exceptions import BackendNotConfigured
from lilya.contrib.mail.mailer import Mailer
from lilya.types import ASGIApp

__all__ = ["BackendNotConfigured", "BaseMailBackend", "Mailer", "setup_mail"]


def setup_mail(
    app: ASGIApp,
    *,
    backend: BaseMailBackend,
    template_dir: str | None = None,
    attach_lifecycle: bool = True,
) -> None:
    """Put a `Mailer` on `app.state.mailer` (what the `Mail` dependency returns).

    With `attach_lifecycle`, the backend is opened at startup and closed at shutdown when the app
    has `add_event_handler`; otherwise call `mailer.open()`/`close()` yourself.
    """
    if backend is None:
        raise BackendNotConfigured("setup_mail() needs a backend, e.g. SMTPBackend(...) or ConsoleBackend()")
    mailer = Mailer(backend=backend, template_dir=template_dir)
    target: Any = app
    target.state.mailer = mailer
    add_event_handler = getattr(target, "add_event_handler", None)
    if attach_lifecycle and callable(add_event_handler):
        add_event_handler("startup", mailer.open)
        add_event_handler("shutdown", mailer.close)
