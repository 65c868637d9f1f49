"""One way for contrib features to hand a handler the object their ``setup_*`` put on ``app.state``."""

from __future__ import annotations

from typing import Any

from lilya.dependencies import Provide
from lilya.requests import Request

__all__ = ["app_state_dependency"]


def app_state_dependency(attribute: str, kind: type[Any], setup: str) -> Provide:
    """A dependency returning ``app.state.<attribute>``; a clear error naming ``setup`` when it is missing."""

    async def resolve(request: Request, **kwargs: Any) -> Any:
        found = getattr(request.app.state, attribute, None)
        if not isinstance(found, kind):
            raise RuntimeError(f"No {kind.__name__} configured. Did you forget to call `{setup}`?")
        return found

    resolve.__name__ = f"resolve_{attribute}"
    return Provide(resolve)
