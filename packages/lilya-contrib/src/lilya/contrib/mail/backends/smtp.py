"""`SMTPBackend`: delivers over SMTP with the standard library, in a worker thread, one reused connection.

Every blocking step has a socket timeout (`timeout`, default 30 s), so a server that hangs turns into
an error instead of a stuck request; a connection the server dropped while idle is reopened once.
"""

from __future__ import annotations

import inspect
import logging
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage as PyEmailMessage

import anyio
import anyio.to_thread

from lilya.contrib.mail._mime import build_email_message
from lilya.contrib.mail.backends.base import BaseMailBackend
from lilya.contrib.mail.exceptions import MailError
from lilya.contrib.mail.message import EmailMessage as LilyaEmailMessage

__all__ = ["BaseMailBackend", "LilyaEmailMessage", "SMTPBackend", "build_email_message"]

logger = logging.getLogger("lilya.contrib.mail")


@dataclass(eq=False)
class _SMTPConnection:
    """One `smtplib.SMTP` client used from a worker thread, one operation at a time (a lock)."""

    host: str
    port: int
    use_tls: bool
    username: str | None
    password: str | None = field(repr=False)
    timeout: float
    ssl_context: ssl.SSLContext | None = None
    _client: smtplib.SMTP | None = field(default=None, init=False, repr=False)
    _lock: anyio.Lock = field(default_factory=anyio.Lock, init=False, repr=False)

    def _connect(self) -> smtplib.SMTP:
        client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            client.ehlo()
            if self.use_tls:
                _starttls(client, self.ssl_context or ssl.create_default_context())
                client.ehlo()
            if self.username:
                client.login(self.username, self.password or "")
        except BaseException:
            client.close()
            raise
        return client

    async def _open_locked(self) -> None:
        try:
            self._client = await anyio.to_thread.run_sync(self._connect)
        except OSError as exc:  # refused, unreachable, timed out (smtplib errors are OSErrors too)
            logger.warning("SMTP server %s:%s unavailable: %s", self.host, self.port, exc)
            raise MailError(f"Cannot connect to the SMTP server {self.host}:{self.port}: {exc}") from exc

    async def open(self) -> None:
        async with self._lock:
            if self._client is None:
                await self._open_locked()

    async def close(self) -> None:
        async with self._lock:
            client, self._client = self._client, None
            if client is not None:
                await anyio.to_thread.run_sync(_quit, client)

    async def send(self, email_message: PyEmailMessage, recipients: Sequence[str]) -> None:
        async with self._lock:
            if self._client is None:
                raise RuntimeError("SMTP connection is not open: call `await mailer.open()` (or setup_mail) first")
            try:
                await anyio.to_thread.run_sync(_send, self._client, email_message, list(recipients))
            except smtplib.SMTPServerDisconnected:
                # The server closed the idle connection: reconnect and retry once.
                self._client = None
                await self._open_locked()
                assert self._client is not None
                await anyio.to_thread.run_sync(_send, self._client, email_message, list(recipients))


def _starttls(client: smtplib.SMTP, context: ssl.SSLContext) -> None:
    """STARTTLS that verifies the server's certificate and name (smtplib's own default does not).

    A client class without TLS options (a test double standing in for smtplib.SMTP) is called bare.
    """
    if "context" in inspect.signature(client.starttls).parameters:
        client.starttls(context=context)
    else:
        client.starttls()


def _send(client: smtplib.SMTP, email_message: PyEmailMessage, recipients: list[str]) -> None:
    client.send_message(email_message, to_addrs=recipients)


def _quit(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        pass  # already gone: closing is all that is left
    finally:
        client.close()


class SMTPBackend(BaseMailBackend):
    """SMTP delivery with STARTTLS (`use_tls`) and login when a username is given.

    STARTTLS verifies the server's certificate against the system's CAs (`ssl_context` for your own,
    e.g. a private CA), so the password is never sent to a server that is not the one named.

    `default_from_email` (or the username) fills a message's missing sender.
    """

    def __init__(
        self,
        host: str,
        port: int = 587,
        username: str | None = None,
        password: str | None = None,
        use_tls: bool = True,
        default_from_email: str | None = None,
        timeout: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.default_from_email = default_from_email or username
        self._conn = _SMTPConnection(host, port, use_tls, username, password, timeout, ssl_context)

    async def open(self) -> None:
        await self._conn.open()

    async def close(self) -> None:
        await self._conn.close()

    async def send(self, message: LilyaEmailMessage) -> None:
        if not message.from_email and self.default_from_email:
            message.from_email = self.default_from_email
        email_message = await build_email_message(message)
        await self._conn.send(email_message, message.all_recipients())

    async def send_many(self, messages: Sequence[LilyaEmailMessage]) -> None:
        for message in messages:
            await self.send(message)
