"""`BaseMailBackend`: the interface every mail backend implements."""

from __future__ import annotations

import abc
from collections.abc import Sequence

from lilya.contrib.mail.message import EmailMessage

__all__ = ["BaseMailBackend", "EmailMessage"]


class BaseMailBackend(abc.ABC):
    """Delivers messages. `open`/`close` bracket a connection where the backend keeps one."""

    async def open(self) -> None:
        """Prepare to send (connect, create folders); a no-op by default."""

    async def close(self) -> None:
        """Release what `open` acquired; a no-op by default."""

    @abc.abstractmethod
    async def send(self, message: EmailMessage) -> None:
        """Deliver one message."""

    async def send_many(self, messages: Sequence[EmailMessage]) -> None:
        """Deliver several messages; backends with a connection reuse it."""
        for message in messages:
            await self.send(message)
