"""Run code inside an application's context: its lifespan started before, shut down after."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import anyio

from lilya.cli.exceptions import DirectiveError
from lilya.types import ASGIApp, Message

__all__ = ["ASYNC_BACKEND_VARIABLE", "app_lifespan", "async_backend", "run_in_app_context"]

ASYNC_BACKEND_VARIABLE = "LILYA_ASYNC_BACKEND"

T = TypeVar("T")


def async_backend() -> str:
    """The anyio backend directives run on: ``asyncio`` unless ``LILYA_ASYNC_BACKEND=trio``."""
    return os.environ.get(ASYNC_BACKEND_VARIABLE, "asyncio")


def _grouped(error: BaseException) -> tuple[BaseException, ...] | None:
    """The members of an exception group (builtin on 3.11+, the backport on 3.10), else None."""
    members = getattr(error, "exceptions", None)
    return members if isinstance(members, tuple) and "ExceptionGroup" in type(error).__name__ else None


def _sole_error(group: BaseException) -> BaseException:
    """The one real error inside (possibly nested) exception groups, else the group itself."""
    current: BaseException = group
    while (members := _grouped(current)) is not None:
        real = [e for e in members if not isinstance(e, anyio.get_cancelled_exc_class())]
        if len(real) != 1:
            break
        current = real[0]
    return current


@contextlib.asynccontextmanager
async def app_lifespan(app: ASGIApp | None) -> AsyncIterator[dict[str, Any]]:
    """Drive the ASGI lifespan protocol of ``app``; yields the lifespan state.

    Apps that do not speak lifespan (they raise or return at once) are run without it,
    as uvicorn's ``--lifespan auto`` does. An error from the body comes out as itself, not
    wrapped in the task group's ExceptionGroup. The body gets a fresh ``lilya.context.g``, as a
    request does (Lilya's directives use it).
    """
    from lilya.context import reset_g, set_g

    try:
        async with _lifespan(app) as state:
            token = set_g()
            try:
                yield state
            finally:
                reset_g(token)
    except BaseException as error:
        if _grouped(error) is None:
            raise
        raise _sole_error(error) from None


@contextlib.asynccontextmanager
async def _lifespan(app: ASGIApp | None) -> AsyncIterator[dict[str, Any]]:
    state: dict[str, Any] = {}
    if app is None:
        yield state
        return
    to_app_send, to_app_receive = anyio.create_memory_object_stream[Message](8)
    from_app_send, from_app_receive = anyio.create_memory_object_stream[Message](8)
    scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": state}

    async def run_app() -> None:
        try:
            await app(scope, to_app_receive.receive, from_app_send.send)
        except Exception as exc:  # an app without lifespan support ends here
            await from_app_send.send({"type": "lilya.lifespan.unsupported", "message": str(exc)})
        finally:
            with contextlib.suppress(anyio.BrokenResourceError, anyio.ClosedResourceError):
                await from_app_send.send({"type": "lilya.lifespan.finished"})

    async with anyio.create_task_group() as tg, to_app_send, from_app_receive:
        tg.start_soon(run_app)
        await to_app_send.send({"type": "lifespan.startup"})
        started = await from_app_receive.receive()
        if started["type"] == "lifespan.startup.failed":
            raise DirectiveError(f"Application startup failed: {started.get('message', '')}")
        supported = started["type"] == "lifespan.startup.complete"
        try:
            yield state
        finally:
            if supported:
                with anyio.CancelScope(shield=True):
                    await to_app_send.send({"type": "lifespan.shutdown"})
                    with anyio.move_on_after(30):
                        await from_app_receive.receive()
            tg.cancel_scope.cancel()


async def run_in_app_context(app: ASGIApp | None, func: Callable[[], Awaitable[T]]) -> T:
    async with app_lifespan(app):
        return await func()
