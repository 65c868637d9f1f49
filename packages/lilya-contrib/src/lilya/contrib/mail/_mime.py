"""Turns an `EmailMessage` into a standard-library MIME message (shared by the SMTP and file backends)."""

from __future__ import annotations

import os
from email.message import EmailMessage as PyEmailMessage
from email.utils import make_msgid

import anyio.to_thread

from lilya.contrib.mail.exceptions import InvalidMessage
from lilya.contrib.mail.message import EmailMessage

__all__ = ["build_email_message"]


def _split_type(media_type: str | None) -> tuple[str, str]:
    maintype, _, subtype = (media_type or "").partition("/")
    return (maintype, subtype) if maintype and subtype else ("application", "octet-stream")


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _compose(message: EmailMessage, files: list[tuple[str, bytes]]) -> PyEmailMessage:
    mime = PyEmailMessage()  # policy.default: a CR or LF in a header value raises ValueError
    mime["Subject"] = message.subject
    if message.from_email:
        mime["From"] = message.from_email
    for header, addresses in (("To", message.to), ("Cc", message.cc), ("Reply-To", message.reply_to)):
        if addresses:
            mime[header] = ", ".join(addresses)
    for name, value in message.headers.items():
        mime[name] = value

    if message.body_text is not None or not message.body_html:
        mime.set_content(message.body_text or "")
    if message.body_html:
        mime.add_alternative(message.body_html, subtype="html")
    for media_type, content in message.alternatives:
        maintype, subtype = _split_type(media_type)
        if maintype == "text":
            text = content.decode("utf-8") if isinstance(content, bytes) else content
            mime.add_alternative(text, subtype=subtype)
        else:
            data = content.encode("utf-8") if isinstance(content, str) else content
            mime.add_attachment(data, maintype=maintype, subtype=subtype)

    for name, blob, attachment_type in message.attachments:
        maintype, subtype = _split_type(attachment_type)
        mime.add_attachment(bytes(blob), maintype=maintype, subtype=subtype, filename=name)
    for name, data in files:
        mime.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)

    if "Message-ID" not in mime:
        mime["Message-ID"] = make_msgid()
    return mime


async def build_email_message(message: EmailMessage) -> PyEmailMessage:
    """An RFC 5322 message: text and/or HTML (multipart/alternative), extra bodies, attachments.

    Attachment files are read in a worker thread. Raises `InvalidMessage` for a header value
    carrying a line break (header injection) and `OSError` for an unreadable attachment file.
    """
    files = [(os.path.basename(path), await anyio.to_thread.run_sync(_read, path)) for path in message.attachment_paths]
    try:
        return _compose(message, files)
    except ValueError as exc:
        raise InvalidMessage(f"Invalid message: {exc}") from exc
