"""Background work that runs after a response has been fully sent.

A response awaits its ``background`` once the last body message went out. ``Task`` wraps one
callable (sync callables run in a worker thread, decided once at construction); ``Tasks`` runs
several, one after the other or concurrently (``as_group=True``). A failing task stops the ones
after it and its exception leaves the response, as in Lilya 0.29: the response was already sent, so
the server logs it once with its traceback and keeps serving, and a test client raises it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

import anyio

from lilya._internal._representation import Repr
from lilya.concurrency import enforce_async_callable

__all__ = ["P", "Repr", "Task", "Tasks", "enforce_async_callable"]

P = ParamSpec("P")


class Task(Repr):
    """One callable with its arguments, awaited with ``await task()``."""

    __slots__ = ("func", "args", "kwargs")

    def __init__(self, func: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
        self.func = enforce_async_callable(func)
        self.args = args
        self.kwargs = kwargs

    async def __call__(self) -> None:
        await self.func(*self.args, **self.kwargs)


class Tasks(Task):
    """Several tasks: sequential by default, concurrent in a task group with ``as_group=True``."""

    __slots__ = ("tasks", "as_group")

    def __init__(self, tasks: Sequence[Task] | None = None, as_group: bool = False) -> None:
        self.tasks: list[Task] = list(tasks) if tasks else []
        self.as_group = as_group

    def add_task(self, func: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
        self.tasks.append(Task(func, *args, **kwargs))

    async def run_single(self) -> None:
        for task in self.tasks:
            await task()

    async def run_as_group(self) -> None:
        async with anyio.create_task_group() as group:
            for task in self.tasks:
                group.start_soon(task)

    async def __call__(self) -> None:
        if self.as_group:
            await self.run_as_group()
        else:
            await self.run_single()
