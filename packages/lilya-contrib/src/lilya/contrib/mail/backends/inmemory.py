"""`InMemoryBackend`: keeps sent messages in `outbox` (tests)."""

from __future__ import annotations

from collections.abc import Sequence

from lilya.contrib.mail.backends.base import BaseMailBackend
from lilya.contrib.mail.message import EmailMessage

__all__ = ["BaseMailBackend", "EmailMessage", "InMemoryBackend"]


class InMemoryBackend(BaseMailBackend):
    """Appends every message to `self.outbox`, one list per backend instance."""

    def __init__(self) -> None:
        self.outbox: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.outbox.append(message)

    async def send_many(self, messages: Sequence[EmailMessage]) -> None:
        self.outbox.extend(messages)
