"""``override_settings``: temporary settings values for a block, a function or a test."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import Token
from typing import TYPE_CHECKING, Any, TypeVar

from lilya.compat import is_async_callable
from lilya.conf._base import property_overrides, settings_origin
from lilya.conf._registry import get_settings, monkay_settings_ctx

if TYPE_CHECKING:
    from lilya.conf.global_settings import Settings

__all__ = ["override_settings"]

F = TypeVar("F", bound=Callable[..., Any])


class override_settings:  # noqa: N801 - public name of the Lilya API
    """Replace settings fields while a block or a decorated function runs, then restore them.

    ``with override_settings(debug=True): ...``, ``async with ...``, or ``@override_settings(...)`` on
    a sync or async function. The override is a copy of the settings in force, installed in a
    context variable: concurrent tasks that did not enter it keep seeing the original values.
    Properties (``routes``, ``middleware``...) can be overridden too.
    """

    def __init__(self, **kwargs: Any) -> None:
        self.app = kwargs.pop("app", None)
        self.options = kwargs
        self._tokens: list[Token[Settings | None]] = []

    def _build(self) -> Settings:
        current = get_settings()
        cls = type(current)
        values = {**property_overrides(cls), **current.dict(), **self.options}
        return settings_origin(cls)(**values)  # type: ignore[return-value]

    def __enter__(self) -> None:
        self._tokens.append(monkay_settings_ctx.set(self._build()))

    def __exit__(self, *exc_info: object) -> None:
        monkay_settings_ctx.reset(self._tokens.pop())

    async def __aenter__(self) -> None:
        self.__enter__()

    async def __aexit__(self, *exc_info: object) -> None:
        self.__exit__(*exc_info)

    def _fresh(self) -> override_settings:
        # One context manager per call: concurrent calls of a decorated function must not share tokens.
        return override_settings(app=self.app, **self.options)

    def __call__(self, func: F) -> F:
        if is_async_callable(func) or inspect.iscoroutinefunction(inspect.unwrap(func)):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self._fresh():
                    return await func(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(func)
        def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
            with self._fresh():
                return func(*args, **kwargs)

        return sync_wrapper  # type: ignore[return-value]
