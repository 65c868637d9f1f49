"""@scheduler: turns a function into a Task that AsynczConfig adds to its scheduler."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from lilya.compat import is_async_callable
from lilya.contrib.schedulers.asyncz._asyncz import TriggerType, Undefined, undefined
from lilya.contrib.schedulers.asyncz.config import Task

__all__ = ["scheduler", "Task", "F", "is_async_callable"]

F = TypeVar("F", bound=Callable[..., Any])


def scheduler(
    *,
    name: str | None = None,
    trigger: TriggerType | None = None,
    id: str | None = None,
    mistrigger_grace_time: int | Undefined | None = undefined,
    coalesce: bool | Undefined = undefined,
    max_instances: int | Undefined | None = undefined,
    next_run_time: datetime | str | Undefined | None = undefined,
    store: str | None = None,
    executor: str | None = None,
    replace_existing: bool = True,
    extra_args: Any | None = None,
    extra_kwargs: dict[str, Any] | None = None,
    is_enabled: bool = True,
) -> Callable[[F], Task]:
    """Schedule the decorated function (sync or async) with these asyncz options."""

    def decorate(func: F) -> Task:
        wrapper: Callable[..., Any]
        if is_async_callable(func):

            @functools.wraps(func)
            async def wrapper(*args: Any, **kwargs: Any) -> Any:
                return await func(*args, **kwargs)

        else:

            @functools.wraps(func)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                return func(*args, **kwargs)

        return Task(
            wrapper,
            name=name,
            trigger=trigger,
            id=id,
            mistrigger_grace_time=mistrigger_grace_time,
            coalesce=coalesce,
            max_instances=max_instances,
            next_run_time=next_run_time,
            store=store,
            executor=executor,
            replace_existing=replace_existing,
            args=extra_args,
            kwargs=extra_kwargs,
            is_enabled=is_enabled,
        )

    return decorate
