"""`EmailMessage`: what to send, independent of how it is delivered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Union

__all__ = ["AttachmentContent", "AttachmentTuple", "EmailMessage"]

AttachmentContent = Union[bytes, memoryview]
# (filename, content, mimetype or None for application/octet-stream)
AttachmentTuple = tuple[str, AttachmentContent, Union[str, None]]


@dataclass
class EmailMessage:
    """One outgoing e-mail. `meta` is for the application (tracking ids, ...) and is never sent."""

    subject: str
    to: list[str]
    from_email: str | None = None
    body_text: str | None = None
    body_html: str | None = None
    # Extra bodies, e.g. [("text/calendar", ics)]; a non-text type is attached.
    alternatives: list[tuple[str, str | bytes]] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(default_factory=list)
    reply_to: list[str] = field(default_factory=list)
    attachments: list[AttachmentTuple] = field(default_factory=list)
    attachment_paths: list[str] = field(default_factory=list)
    headers: Mapping[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def all_recipients(self) -> list[str]:
        """Every envelope recipient: To, then Cc, then Bcc (Bcc never appears in a header)."""
        return [*self.to, *self.cc, *self.bcc]

    def has_content(self) -> bool:
        """True when there is something to deliver: a body, an alternative or an attachment."""
        return bool(self.body_text or self.body_html or self.alternatives or self.attachments or self.attachment_paths)
