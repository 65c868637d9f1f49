"""`FileBackend`: writes each message as an `.eml` file (development, archives)."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from email.generator import BytesGenerator
from email.message import EmailMessage as PyEmailMessage
from email.policy import default as default_policy
from pathlib import Path

import anyio.to_thread

from lilya.contrib.mail.backends.base import BaseMailBackend
from lilya.contrib.mail.backends.smtp import build_email_message
from lilya.contrib.mail.message import EmailMessage

__all__ = ["BaseMailBackend", "EmailMessage", "FileBackend", "build_email_message"]


def _file_name(subject: str) -> str:
    """UTC timestamp, a random suffix (two sends in one microsecond never collide) and a safe subject."""
    timestamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    safe_subject = "".join(char for char in subject if char.isalnum() or char in "-_")[:60] or "no-subject"
    return f"{timestamp}-{secrets.token_hex(3)}-{safe_subject}.eml"


def _write(path: Path, email_message: PyEmailMessage) -> None:
    with open(path, "xb") as file:  # "x": never overwrite an existing file
        BytesGenerator(file, policy=default_policy).flatten(email_message)


class FileBackend(BaseMailBackend):
    """One `.eml` file per message in `directory` (created by `open()` when `create` is true)."""

    def __init__(self, directory: str, create: bool = True) -> None:
        self.directory = Path(directory)
        self.create = create

    async def open(self) -> None:
        if self.create:
            self.directory.mkdir(parents=True, exist_ok=True)

    async def send(self, message: EmailMessage) -> None:
        email_message = await build_email_message(message)
        path = self.directory / _file_name(message.subject or "")
        await anyio.to_thread.run_sync(_write, path, email_message)
