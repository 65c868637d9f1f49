"""``lilya mail sendtest``: send a test e-mail through `lilya.contrib.mail` (console backend).

lilya.contrib.mail is imported when the command runs, so ``lilya --help`` never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import anyio

from lilya.cli.exceptions import DirectiveError
from lilya.compat import lazy_attributes
from lilya.cli.terminal.terminal import Terminal

if TYPE_CHECKING:
    from lilya.contrib.mail.backends.console import ConsoleBackend
    from lilya.contrib.mail.mailer import Mailer
    from lilya.contrib.mail.message import EmailMessage

__all__ = ["BACKENDS", "ConsoleBackend", "EmailMessage", "Mailer", "Terminal", "send_test_mail", "terminal"]

terminal = Terminal()
BACKENDS = ("console",)
_LAZY = {
    "ConsoleBackend": "lilya.contrib.mail.backends.console",
    "EmailMessage": "lilya.contrib.mail.message",
    "Mailer": "lilya.contrib.mail.mailer",
}


# Lilya 0.29 re-exports the contrib classes here; they are imported when asked for.
__getattr__ = lazy_attributes(__name__, _LAZY)


def send_test_mail(
    to: Sequence[str], subject: str, text: str | None, html: str | None, backend: str = "console"
) -> str:
    """Send one message and return the confirmation line."""
    if backend not in BACKENDS:
        raise DirectiveError(f"Unsupported backend: {backend} (available: {', '.join(BACKENDS)})")
    if not to:
        raise DirectiveError("At least one recipient is needed: --to ADDRESS")
    from lilya.contrib.mail.backends.console import ConsoleBackend
    from lilya.contrib.mail.exceptions import MailError
    from lilya.contrib.mail.mailer import Mailer
    from lilya.contrib.mail.message import EmailMessage

    message = EmailMessage(
        subject=subject, to=list(to), body_text=text, body_html=html, from_email="noreply@lilya.local"
    )
    try:
        anyio.run(Mailer(backend=ConsoleBackend()).send, message)
    except MailError as exc:
        raise DirectiveError(str(exc)) from exc
    return f"Test email sent to '{', '.join(to)}' using {backend} backend."
