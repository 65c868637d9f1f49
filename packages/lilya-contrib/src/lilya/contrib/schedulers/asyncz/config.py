"""AsynczConfig: builds the asyncz scheduler, registers the @scheduler tasks, starts/stops with the app."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from datetime import datetime, timezone as dtimezone
from typing import Any, cast

import anyio

from lilya.compat import import_string
from lilya.conf import settings
from lilya.contrib.schedulers.asyncz._asyncz import AsyncIOScheduler, SchedulerType, TriggerType, Undefined, undefined
from lilya.contrib.schedulers.base import SchedulerConfig
from lilya.exceptions import ImproperlyConfigured

__all__ = ["AsynczConfig", "Task", "SchedulerConfig", "ImproperlyConfigured", "settings"]


class AsynczConfig(SchedulerConfig):
    """An asyncz scheduler whose tasks are `{task attribute name: module}`; pass start/shutdown to the app.

    The tasks are loaded and added when the config is built, so a wrong module or name fails at
    import time (ImproperlyConfigured), not when the app starts.
    """

    def __init__(
        self,
        scheduler_class: type[SchedulerType] = AsyncIOScheduler,
        tasks: dict[str, str] | None = None,
        timezone: dtimezone | str | None = None,
        configurations: dict[str, dict[str, str]] | None = None,
        **kwargs: dict[str, Any],
    ) -> None:
        super().__init__(**kwargs)
        self.scheduler_class = scheduler_class
        self.tasks = tasks or {}
        self.timezone = timezone
        self.configurations = configurations
        self.options = kwargs
        if not all(isinstance(name, str) and isinstance(module, str) for name, module in self.tasks.items()):
            raise ImproperlyConfigured("The dict of tasks must be dict[str, str].")
        self.handler = self.get_scheduler(
            scheduler=scheduler_class, timezone=timezone, configurations=configurations, **kwargs
        )
        self.register_tasks(tasks=self.tasks)

    def register_tasks(self, tasks: dict[str, str]) -> None:
        """Add each enabled Task named in `tasks` to the scheduler."""
        for name, module in tasks.items():
            try:
                task = import_string(f"{module}.{name}")
            except ImportError as exc:
                raise ImproperlyConfigured(f"Cannot load the scheduled task {module}.{name}: {exc}") from exc
            if not isinstance(task, Task):
                raise ImproperlyConfigured(f"{module}.{name} is not a task (decorate it with @scheduler).")
            if task.is_enabled:
                task.add_task(self.handler)

    def get_scheduler(
        self,
        scheduler: type[SchedulerType],
        timezone: dtimezone | str | None = None,
        configurations: dict[str, Any] | None = None,
        **options: dict[str, Any],
    ) -> SchedulerType:
        """An instance of `scheduler`; the timezone defaults to the settings' `timezone`."""
        zone = timezone or settings.timezone
        if configurations:
            return scheduler(global_config=configurations, timezone=zone, **options)  # type: ignore[call-arg]
        return scheduler(timezone=zone, **options)  # type: ignore[call-arg]

    async def start(self, **kwargs: Any) -> None:
        """Start the scheduler (give this to the app's `on_startup`)."""
        self.handler.start(**kwargs)

    async def shutdown(self, **kwargs: Any) -> None:
        """Stop the scheduler (give this to the app's `on_shutdown`); returns once it has stopped.

        asyncz's AsyncIOScheduler stops by posting a callback to its event loop: the app's own loop
        under asyncio, a private loop thread under trio. Waiting for that callback (or the thread)
        keeps tasks from running after the app's shutdown has finished.
        """
        loop = getattr(self.handler, "event_loop", None)
        thread = getattr(self.handler, "event_loop_thread", None)
        last_reference = getattr(self.handler, "ref_counter", 1) <= 1
        self.handler.shutdown(**kwargs)
        if not last_reference:
            return
        if thread is not None:
            await anyio.to_thread.run_sync(thread.join)
        elif isinstance(loop, asyncio.AbstractEventLoop) and _running_loop() is loop:
            stopped = loop.create_future()
            loop.call_soon(stopped.set_result, None)  # FIFO: runs after the posted shutdown
            await stopped

    async def stop(self, **kwargs: Any) -> None:
        """The same as shutdown (SchedulerConfig's name for it)."""
        await self.shutdown(**kwargs)

    @property
    def scheduler(self) -> SchedulerType:
        """The asyncz scheduler itself."""
        return self.handler


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:  # under trio there is no asyncio loop
        return None


@dataclass(eq=False)
class Task:
    """A function and its asyncz scheduling options, added to a scheduler by AsynczConfig."""

    fn: Any = None
    _: KW_ONLY
    name: str | None = None
    trigger: TriggerType | None = None
    id: str | None = None
    mistrigger_grace_time: int | Undefined | None = undefined
    coalesce: bool | Undefined = undefined
    max_instances: int | Undefined | None = undefined
    next_run_time: datetime | str | Undefined | None = undefined
    store: str | None = None
    executor: str | None = None
    replace_existing: bool = False
    args: Any | None = None
    kwargs: dict[str, Any] | None = None
    is_enabled: bool = True

    def add_task(self, scheduler: SchedulerType) -> None:
        """Add this task to `scheduler`; asyncz's refusal becomes ImproperlyConfigured."""
        try:
            scheduler.add_task(
                self.fn,
                trigger=self.trigger,
                args=self.args,
                kwargs=self.kwargs,
                id=self.id,
                name=self.name,
                mistrigger_grace_time=self.mistrigger_grace_time,
                coalesce=self.coalesce,
                max_instances=self.max_instances,
                next_run_time=self.next_run_time,
                store=self.store,
                executor=self.executor,
                replace_existing=self.replace_existing,
            )
        except Exception as exc:
            raise ImproperlyConfigured(str(exc)) from exc

    @property
    def original(self) -> Callable[..., Any]:
        """The decorated function itself."""
        return cast(Callable[..., Any], getattr(self.fn, "__wrapped__", self.fn))
