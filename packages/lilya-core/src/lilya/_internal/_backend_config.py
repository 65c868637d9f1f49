"""What ``setup_logging`` and ``setup_serializer`` share: check a backend config, then apply it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

__all__ = ["prepare_config"]


class _BackendConfig(Protocol):
    skip_setup_configure: bool

    def configure(self) -> None: ...  # pragma: no cover


C = TypeVar("C", bound=_BackendConfig)


def prepare_config(given: C | None, kind: type[Any], default: Callable[[], C], parameter: str) -> C:
    """``given`` (which must be a ``kind``) or ``default()``, configured unless it skips that step."""
    if given is not None and not isinstance(given, kind):
        raise ValueError(f"`{parameter}` must be an instance of {kind.__name__}.")
    config = given if given is not None else default()
    if not config.skip_setup_configure:
        config.configure()
    return config
