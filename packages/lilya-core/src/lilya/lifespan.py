"""Running an application's lifespan outside a server: the CLI's directives and shell use these.

``generate_lifespan_events`` / ``handle_lifespan_events`` turn ``on_startup``/``on_shutdown`` lists
and a ``lifespan`` context manager into one async context manager that starts and stops an app.
"""

from __future__ import annotations

from lilya._internal._lifespan_events import (
    AsyncLifespanContextManager,
    AyncLifespanContextManager,
    generate_lifespan_events,
    handle_lifespan_events,
    resolve_lifespan,
)

__all__ = [
    "AsyncLifespanContextManager",
    "AyncLifespanContextManager",
    "generate_lifespan_events",
    "handle_lifespan_events",
    "resolve_lifespan",
]
