"""Lilya 0.29's import path for the template controllers.

They subclass lilya-routing's ``Controller``, so they live in ``lilya.routing.templating``; lilya-core
never imports routing, and serves them here through the entry points lilya-routing declares
(``lilya.components``). Without lilya-routing, using one says what to install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lilya._internal._components import component

if TYPE_CHECKING:  # the classes themselves, for type checkers only (no runtime import of routing)
    from lilya.routing.templating import FormController, ListController, TemplateController

__all__ = ["FormController", "ListController", "TemplateController"]

_PROVIDED = frozenset({"BaseTemplateController", "FormController", "ListController", "TemplateController"})


def __getattr__(name: str) -> Any:
    if name not in _PROVIDED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = component(name)
    globals()[name] = value
    return value
