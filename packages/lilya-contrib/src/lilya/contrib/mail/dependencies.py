"""`Mail`: the dependency that injects the application's `Mailer` (set up by `setup_mail`)."""

from __future__ import annotations

from lilya.contrib.mail.mailer import Mailer
from lilya.contrib._app_state import app_state_dependency
from lilya.dependencies import Provide
from lilya.requests import Request

__all__ = ["Mail", "Mailer", "Provide", "Request"]


Mail = app_state_dependency("mailer", Mailer, "setup_mail(app, backend=...)")
