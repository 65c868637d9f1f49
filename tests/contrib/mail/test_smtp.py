"""The SMTP backend against a real local SMTP server (aiosmtpd), and against servers that misbehave."""

from __future__ import annotations

import email
import email.policy
import pathlib
import smtplib
import ssl
import subprocess

import pytest

from lilya.contrib.mail import EmailMessage, InvalidMessage, MailError, Mailer
from lilya.contrib.mail.backends.smtp import SMTPBackend
from tests._servers import closed_port, silent_server
from tests._services import SMTPServer

pytestmark = pytest.mark.anyio


def _backend(server: SMTPServer, **kwargs: object) -> SMTPBackend:
    return SMTPBackend(server.host, server.port, use_tls=False, **kwargs)  # type: ignore[arg-type]


async def test_delivers_text_html_and_attachment(smtp_server: SMTPServer) -> None:
    mailer = Mailer(backend=_backend(smtp_server, default_from_email="app@example.com"))
    await mailer.open()
    try:
        await mailer.send(
            EmailMessage(
                subject="Report",
                to=["a@example.com"],
                cc=["c@example.com"],
                bcc=["hidden@example.com"],
                body_text="plain body",
                body_html="<p>html body</p>",
                attachments=[("r.csv", b"x,y\n1,2\n", "text/csv")],
                headers={"X-Campaign": "q3"},
            )
        )
    finally:
        await mailer.close()

    [(sender, recipients, raw)] = smtp_server.received
    assert sender == "app@example.com"
    assert recipients == ["a@example.com", "c@example.com", "hidden@example.com"]
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == "Report" and parsed["X-Campaign"] == "q3"
    assert "Bcc" not in parsed  # blind copies travel in the envelope only
    assert parsed.get_body(("plain",)).get_content().strip() == "plain body"  # type: ignore[union-attr]
    assert "html body" in parsed.get_body(("html",)).get_content()  # type: ignore[union-attr]
    [attachment] = list(parsed.iter_attachments())
    assert attachment.get_filename() == "r.csv" and attachment.get_content() == "x,y\n1,2\n"


async def test_one_connection_serves_many_messages(smtp_server: SMTPServer) -> None:
    backend = _backend(smtp_server)
    await backend.open()
    try:
        await Mailer(backend=backend).send_many(
            [
                EmailMessage(subject=f"n{i}", to=[f"{i}@example.com"], body_text="x", from_email="a@b.c")
                for i in range(3)
            ]
        )
    finally:
        await backend.close()
    assert [recipients for _, recipients, _ in smtp_server.received] == [
        ["0@example.com"],
        ["1@example.com"],
        ["2@example.com"],
    ]


async def test_reconnects_once_when_the_server_dropped_the_connection(smtp_server: SMTPServer) -> None:
    backend = _backend(smtp_server)
    await backend.open()
    try:
        client = backend._conn._client
        assert client is not None
        client.close()  # the server side hung up while idle
        await backend.send(EmailMessage(subject="again", to=["a@example.com"], body_text="x", from_email="a@b.c"))
    finally:
        await backend.close()
    assert len(smtp_server.received) == 1


async def test_a_refused_message_raises_the_servers_answer(smtp_server: SMTPServer) -> None:
    smtp_server.reject_with = "550 5.1.1 mailbox unavailable"
    backend = _backend(smtp_server)
    await backend.open()
    try:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            await backend.send(EmailMessage(subject="s", to=["a@example.com"], body_text="x", from_email="a@b.c"))
        assert refused.value.smtp_code == 550
        smtp_server.reject_with = None  # the connection is still usable
        await backend.send(EmailMessage(subject="s", to=["a@example.com"], body_text="x", from_email="a@b.c"))
    finally:
        await backend.close()
    assert len(smtp_server.received) == 1


@pytest.fixture
def certificate(tmp_path: pathlib.Path) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 (key, cert), made with the openssl command."""
    key, cert = str(tmp_path / "key.pem"), str(tmp_path / "cert.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, cert


async def test_starttls_verifies_the_server_certificate(certificate: tuple[str, str]) -> None:
    key, cert = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    server = SMTPServer(tls_context=server_context, require_starttls=True)
    server.start()
    try:
        untrusted = SMTPBackend(server.host, server.port, timeout=5)  # the system CAs do not know it
        with pytest.raises(MailError, match="CERTIFICATE_VERIFY_FAILED"):
            await untrusted.open()
        trusted = SMTPBackend(server.host, server.port, timeout=5, ssl_context=ssl.create_default_context(cafile=cert))
        await trusted.open()
        try:
            await trusted.send(EmailMessage(subject="tls", to=["a@example.com"], body_text="x", from_email="a@b.c"))
        finally:
            await trusted.close()
    finally:
        server.stop()
    assert [recipients for _, recipients, _ in server.received] == [["a@example.com"]]


async def test_refused_connection_is_a_mail_error(caplog: pytest.LogCaptureFixture) -> None:
    with closed_port() as port, pytest.raises(MailError, match="Cannot connect to the SMTP server"):
        await SMTPBackend("127.0.0.1", port, use_tls=False, timeout=5).open()
    assert [r.levelname for r in caplog.records if r.name == "lilya.contrib.mail"] == ["WARNING"]


async def test_a_server_that_hangs_times_out_with_a_mail_error() -> None:
    with silent_server() as port:
        backend = SMTPBackend("127.0.0.1", port, use_tls=False, timeout=0.3)
        with pytest.raises(MailError, match="timed out"):
            await backend.open()
    assert backend._conn._client is None


async def test_send_before_open_says_how_to_fix_it(smtp_server: SMTPServer) -> None:
    with pytest.raises(RuntimeError, match="open"):
        await _backend(smtp_server).send(EmailMessage(subject="s", to=["a@example.com"], body_text="x"))


async def test_header_injection_is_refused_before_anything_is_sent(smtp_server: SMTPServer) -> None:
    backend = _backend(smtp_server)
    await backend.open()
    try:
        for message in (
            EmailMessage(subject="hi\r\nBcc: victim@example.com", to=["a@example.com"], body_text="x"),
            EmailMessage(subject="hi", to=["a@example.com"], body_text="x", headers={"X-A": "1\nBcc: v@example.com"}),
        ):
            with pytest.raises(InvalidMessage):
                await Mailer(backend=backend).send(message)
    finally:
        await backend.close()
    assert smtp_server.received == []
