"""``@directive``: turn a typer-style function into a custom directive."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

__all__ = ["DirectiveFunction", "F", "directive"]

F = TypeVar("F", bound=Callable[..., Any])


class DirectiveFunction(Protocol):
    """A function marked by ``@directive``: its parameters (typer style) are its CLI options."""

    __is_custom_directive__: bool
    __display_in_cli__: bool

    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


def directive(func: F | None = None, *, display_in_cli: bool = False) -> Any:
    """Mark ``func`` as a custom directive; ``display_in_cli`` also adds it as a top-level command.

    Usable bare (``@directive``) or with options (``@directive(display_in_cli=True)``).
    """

    def mark(f: F) -> F:
        f.__is_custom_directive__ = True  # type: ignore[attr-defined]
        f.__display_in_cli__ = display_in_cli  # type: ignore[attr-defined]
        return f

    if func is not None:
        return mark(func)
    return mark
