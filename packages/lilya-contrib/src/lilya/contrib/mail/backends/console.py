"""`ConsoleBackend`: prints messages to stdout instead of sending them (development)."""

from __future__ import annotations

import sys

from lilya.contrib.mail.backends.base import BaseMailBackend
from lilya.contrib.mail.message import EmailMessage

__all__ = ["BaseMailBackend", "ConsoleBackend", "EmailMessage"]


def render_console(message: EmailMessage) -> str:
    """The human-readable summary the console backend prints."""
    lines = ["====== Email (console) ======", f"From: {message.from_email}", f"To: {', '.join(message.to)}"]
    for label, addresses in (("Cc", message.cc), ("Bcc", message.bcc), ("Reply-To", message.reply_to)):
        if addresses:
            lines.append(f"{label}: {', '.join(addresses)}")
    lines.append(f"Subject: {message.subject}")
    if message.body_text:
        lines.append(f"\n-- text/plain --\n{message.body_text}")
    if message.body_html:
        lines.append(f"\n-- text/html --\n{message.body_html}")
    if message.alternatives:
        lines.append(f"\n-- alternatives -- ({len(message.alternatives)} part(s))")
    attachments = len(message.attachments) + len(message.attachment_paths)
    if attachments:
        lines.append(f"\n-- attachments -- ({attachments})")
    if message.headers:
        lines.append("\n-- headers --")
        lines.extend(f"{name}: {value}" for name, value in message.headers.items())
    lines.append("================================")
    return "\n".join(lines)


class ConsoleBackend(BaseMailBackend):
    """Writes each message's headers and bodies to stdout."""

    async def send(self, message: EmailMessage) -> None:
        print(render_console(message), file=sys.stdout)
