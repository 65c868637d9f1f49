"""Drive an app's ASGI lifespan from a test client (both clients share this, inside the loop)."""

from __future__ import annotations

import contextlib
import math
from typing import Any

import anyio
import anyio.abc

from lilya.types import ASGIApp, Message

__all__ = ["LifespanDriver"]


class _AppReturned:
    """Sent when the lifespan app returns (or raises)."""


_APP_RETURNED = _AppReturned()


class LifespanDriver:
    """Runs ``app({"type": "lifespan"})`` and turns failures into exceptions in the test."""

    def __init__(self, app: ASGIApp, state: dict[str, Any]) -> None:
        self.app = app
        self.state = state
        self.error: Exception | None = None
        self._finished = False

    async def run(self, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        self._to_app, self._app_inbox = anyio.create_memory_object_stream[Message](math.inf)
        self._app_outbox, self._from_app = anyio.create_memory_object_stream[Message | _AppReturned](math.inf)
        task_status.started()
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self.state}
        try:
            await self.app(scope, self._app_inbox.receive, self._app_outbox.send)
        except Exception as exc:  # re-raised in the test by startup()/shutdown()
            self.error = exc
        finally:
            self._app_outbox.send_nowait(_APP_RETURNED)
            self._app_inbox.close()
            self._app_outbox.close()

    async def _exchange(self, event: str) -> None:
        if self._finished:  # the app does not do lifespan (or already returned): nothing to drive
            self._raise_error()
            return
        with contextlib.suppress(anyio.BrokenResourceError):  # the app returned without reading
            self._to_app.send_nowait({"type": f"lifespan.{event}"})
        message = await self._from_app.receive()
        if isinstance(message, _AppReturned):
            self._finished = True
            self._raise_error()
            return
        if message["type"] == f"lifespan.{event}.failed":
            self._finished = self._finished or isinstance(await self._from_app.receive(), _AppReturned)
            self._raise_error()
            raise RuntimeError(message.get("message") or f"Lifespan {event} failed.")
        if message["type"] != f"lifespan.{event}.complete":
            raise RuntimeError(f"Unexpected lifespan message {message['type']!r} during {event}.")

    def _raise_error(self) -> None:
        error, self.error = self.error, None
        if error is not None:
            raise error

    async def startup(self) -> None:
        """Send ``lifespan.startup``; a failure (message or exception) raises here."""
        try:
            await self._exchange("startup")
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the client's ends of the streams (the app's ends close when it returns)."""
        self._to_app.close()
        self._from_app.close()

    async def shutdown(self) -> None:
        """Send ``lifespan.shutdown`` and wait for the app to return."""
        try:
            await self._exchange("shutdown")
            if not self._finished:
                with anyio.move_on_after(5):
                    while not isinstance(await self._from_app.receive(), _AppReturned):
                        pass
                self._raise_error()
        finally:
            self.close()
