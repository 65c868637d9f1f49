"""`Mailer`: validates messages, renders templates and hands messages to the configured backend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lilya.contrib.mail.backends.base import BaseMailBackend
from lilya.contrib.mail.exceptions import BackendNotConfigured, InvalidMessage
from lilya.contrib.mail.message import AttachmentTuple, EmailMessage
from lilya.contrib.mail.templates import TemplateRenderer

__all__ = ["BackendNotConfigured", "BaseMailBackend", "EmailMessage", "InvalidMessage", "Mailer", "TemplateRenderer"]


def _check(message: EmailMessage) -> None:
    if not message.all_recipients():
        raise InvalidMessage("No recipients specified.")
    if not message.has_content():
        raise InvalidMessage("Message must have at least one body part or attachment.")


class Mailer:
    """The application's entry point for e-mail; `template_dir` enables `send_template`."""

    def __init__(self, backend: BaseMailBackend | None = None, template_dir: str | None = None) -> None:
        self.backend = backend
        self.templates = TemplateRenderer(template_dir) if template_dir else None

    def _backend(self) -> BaseMailBackend:
        if self.backend is None:
            raise BackendNotConfigured(
                "No mail backend configured: Mailer(backend=...) or setup_mail(app, backend=...)"
            )
        return self.backend

    async def open(self) -> None:
        """Open the backend (connect); safe to call again."""
        await self._backend().open()

    async def close(self) -> None:
        """Close the backend; safe to call again or without a backend."""
        if self.backend is not None:
            await self.backend.close()

    async def send(self, message: EmailMessage) -> None:
        """Send one message; `InvalidMessage` without recipients or content."""
        backend = self._backend()
        _check(message)
        await backend.send(message)

    async def send_many(self, messages: Sequence[EmailMessage]) -> None:
        """Send several messages (validated first, so none is sent when one is invalid)."""
        backend = self._backend()
        for message in messages:
            _check(message)
        await backend.send_many(messages)

    async def send_template(
        self,
        *,
        template_html: str,
        context: dict[str, Any],
        subject: str,
        to: list[str],
        from_email: str | None = None,
        template_text: str | None = None,
        reply_to: list[str] | None = None,
        headers: dict[str, str] | None = None,
        cc: list[str] | None = None,
        bcc: list[str] | None = None,
        attachments: list[AttachmentTuple] | None = None,
        attachment_paths: list[str] | None = None,
    ) -> None:
        """Render `template_html` (and `template_text`, else a text version of the HTML) and send."""
        if self.templates is None:
            raise BackendNotConfigured("No template renderer configured: Mailer(template_dir=...)")
        text, html = self.templates.render_pair(template_html, context, template_text=template_text)
        await self.send(
            EmailMessage(
                subject=subject,
                to=to,
                from_email=from_email,
                body_text=text,
                body_html=html,
                reply_to=reply_to or [],
                headers=headers or {},
                cc=cc or [],
                bcc=bcc or [],
                attachments=attachments or [],
                attachment_paths=attachment_paths or [],
            )
        )
