"""Real outside services for the tests that talk to one: a private ``redis-server`` per test session,
and a local SMTP server (aiosmtpd) per test.

`.ci/run` installs ``redis-server`` when it is missing; the server here runs on a free loopback port
with persistence off, so tests never touch a Redis of the machine's and leave nothing on disk.
`redis_server` can be stopped and started again on the same port, for tests of a Redis that goes
away mid-run.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests._servers import free_port

__all__ = ["RedisServer", "SMTPServer", "redis_server", "smtp_server"]


class RedisServer:
    """One ``redis-server`` process on 127.0.0.1; ``url`` stays the same across stop/start."""

    def __init__(self, executable: str, port: int) -> None:
        self.executable = executable
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10.0) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        args = [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self._process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self._process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("redis-server did not answer PING")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGCONT)  # a paused server could not act on SIGTERM
            self._process.terminate()
            self._process.wait(10)
        self._process = None

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): connections stay open but nothing answers."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)

    def flush(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(b"FLUSHALL\r\n")
            sock.recv(16)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A private redis-server for the session (fails clearly when the binary is missing)."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail("redis-server is not installed: .ci/run installs it (apt-get install redis-server)")
    server = RedisServer(executable, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


class SMTPServer:
    """aiosmtpd on 127.0.0.1 (its own thread and loop); every accepted message lands in `received`."""

    def __init__(self, **smtp_options: Any) -> None:
        """`smtp_options` go to aiosmtpd's SMTP (e.g. ``tls_context=`` offers STARTTLS)."""
        from aiosmtpd.controller import Controller

        self.received: list[tuple[str, list[str], bytes]] = []  # (mail from, rcpt tos, content)
        self.reject_with: str | None = None  # e.g. "550 mailbox unavailable": refuse every message
        self.port = free_port()
        self.host = "127.0.0.1"
        self._controller = Controller(self, hostname=self.host, port=self.port, **smtp_options)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reject_with is not None:
            return self.reject_with
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    """A real SMTP server for one test (no TLS, no auth)."""
    server = SMTPServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
