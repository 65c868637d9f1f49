"""`Mail`: the dependency that injects the application's `Mailer` (set up by `setup_mail`)."""

from __future__ import annotations

from typing import Any

from lilya.contrib.mail.mailer import Mailer
from lilya.dependencies import Provide
from lilya.requests import Request

__all__ = ["Mail", "Mailer", "Provide", "Request"]


async def _resolve_mailer(request: Request, **kwargs: Any) -> Mailer:
    mailer = getattr(request.app.state, "mailer", None)
    if not isinstance(mailer, Mailer):
        raise RuntimeError("No Mailer configured. Did you forget to call `setup_mail(app, backend=...)`?")
    return mailer


Mail = Provide(_resolve_mailer)
