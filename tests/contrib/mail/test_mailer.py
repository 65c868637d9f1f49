"""Mailer, messages, the console/file/in-memory backends, templates, setup_mail and the Mail dependency."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from lilya.apps import Lilya
from lilya.contrib.mail import BackendNotConfigured, EmailMessage, InvalidMessage, Mailer
from lilya.contrib.mail.backends.console import ConsoleBackend
from lilya.contrib.mail.backends.file import FileBackend
from lilya.contrib.mail.backends.inmemory import InMemoryBackend
from lilya.contrib.mail.dependencies import Mail
from lilya.contrib.mail.startup import setup_mail
from lilya.contrib.mail.templates import TemplateRenderer
from lilya.routing import Path as Route
from tests.conftest import TestClientFactory

pytestmark = pytest.mark.anyio


def _message(**kwargs: object) -> EmailMessage:
    fields: dict[str, object] = {"subject": "s", "to": ["a@example.com"], "body_text": "hello"}
    fields.update(kwargs)
    return EmailMessage(**fields)  # type: ignore[arg-type]


async def test_messages_are_checked_before_the_backend_sees_them() -> None:
    backend = InMemoryBackend()
    mailer = Mailer(backend=backend)
    with pytest.raises(InvalidMessage, match="recipients"):
        await mailer.send(_message(to=[]))
    with pytest.raises(InvalidMessage, match="body"):
        await mailer.send(_message(body_text=None))
    with pytest.raises(InvalidMessage):  # one bad message: none of the batch goes out
        await mailer.send_many([_message(), _message(to=[])])
    assert backend.outbox == []
    await mailer.send(_message(body_text=None, attachments=[("a.bin", b"\x00", None)]))  # an attachment is content
    assert len(backend.outbox) == 1


async def test_without_backend_or_templates_the_error_names_the_fix() -> None:
    with pytest.raises(BackendNotConfigured, match="setup_mail"):
        await Mailer().send(_message())
    with pytest.raises(BackendNotConfigured, match="template_dir"):
        await Mailer(backend=InMemoryBackend()).send_template(
            template_html="x.html", context={}, subject="s", to=["a@example.com"]
        )


async def test_console_backend_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    await Mailer(backend=ConsoleBackend()).send(_message(subject="Greeting", cc=["c@example.com"]))
    out = capsys.readouterr().out
    assert "Subject: Greeting" in out and "Cc: c@example.com" in out and "hello" in out


async def test_file_backend_writes_one_parseable_file_per_message(tmp_path: Path) -> None:
    backend = FileBackend(str(tmp_path / "out"))
    await backend.open()
    attachment = tmp_path / "notes.txt"
    attachment.write_text("n")
    mailer = Mailer(backend=backend)
    for _ in range(3):  # same subject, same instant: never overwritten
        await mailer.send(_message(subject="Same/../subject", attachment_paths=[str(attachment)]))
    files = sorted((tmp_path / "out").glob("*.eml"))
    assert len(files) == 3
    assert all(".." not in f.name and "/" not in f.name for f in files)
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == "Same/../subject"
    assert [a.get_filename() for a in parsed.iter_attachments()] == ["notes.txt"]


async def test_templates_render_html_with_escaping_and_a_text_fallback(tmp_path: Path) -> None:
    (tmp_path / "hi.html").write_text("<p>Hello {{ name }}</p><p>Bye<br>now</p>")
    backend = InMemoryBackend()
    await Mailer(backend=backend, template_dir=str(tmp_path)).send_template(
        template_html="hi.html", context={"name": "<b>Ann</b>"}, subject="s", to=["a@example.com"]
    )
    [sent] = backend.outbox
    assert "&lt;b&gt;Ann&lt;/b&gt;" in (sent.body_html or "")
    assert sent.body_text == "Hello &lt;b&gt;Ann&lt;/b&gt;\n\nBye\nnow"
    assert TemplateRenderer(str(tmp_path)).render_pair("hi.html", {"name": "x"})[1].startswith("<p>Hello x")


def test_setup_mail_opens_and_closes_with_the_app(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []

    class Recording(InMemoryBackend):
        async def open(self) -> None:
            events.append("open")

        async def close(self) -> None:
            events.append("close")

    async def send(mailer: Mailer) -> dict[str, int]:
        await mailer.send(_message())
        return {"sent": 1}

    backend = Recording()
    app = Lilya(routes=[Route("/send", send, methods=["POST"], dependencies={"mailer": Mail})])
    setup_mail(app, backend=backend)
    with test_client_factory(app) as client:
        assert events == ["open"]
        assert client.post("/send").json() == {"sent": 1}
    assert events == ["open", "close"]
    assert len(backend.outbox) == 1


def test_mail_dependency_without_setup_is_a_clear_error(test_client_factory: TestClientFactory) -> None:
    async def send(mailer: Mailer) -> None: ...

    app = Lilya(routes=[Route("/send", send, dependencies={"mailer": Mail})])
    with pytest.raises(RuntimeError, match="setup_mail"):
        test_client_factory(app).get("/send")
