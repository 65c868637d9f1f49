"""Lilya's logger: a proxy bound once to whatever logging backend the app configures.

``setup_logging(config)`` configures a backend (std ``logging`` by default; loguru, structlog or
anything else through a ``LoggingConfig`` subclass) and binds its logger to ``lilya.logging.logger``.
Until something is bound, the proxy writes to the std logger named ``"lilya"`` without touching the
global logging configuration (a library must not reconfigure the root logger behind your back).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from typing import Any, cast

from lilya._internal._backend_config import prepare_config
from lilya.exceptions import Doc
from lilya.protocols.logging import LoggerProtocol

__all__ = ["Doc", "LoggerProtocol", "LoggerProxy", "LoggingConfig", "StandardLoggingConfig", "logger", "setup_logging"]

_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class LoggerProxy:
    """Forwards attribute access to the currently bound logger (rebindable at any time)."""

    __slots__ = ("_logger", "_lock")

    def __init__(self) -> None:
        self._logger: LoggerProtocol | None = None
        self._lock = threading.Lock()

    def bind_logger(self, logger: LoggerProtocol | None) -> None:
        """Send all further calls to ``logger`` (``None`` unbinds: back to the ``"lilya"`` std logger)."""
        with self._lock:
            self._logger = logger

    def __getattr__(self, item: str) -> Any:
        bound = self._logger
        if bound is None:
            import logging  # here: importing Lilya does not load the logging package

            bound = logging.getLogger("lilya")
        return getattr(bound, item)


logger: LoggerProtocol = cast(LoggerProtocol, LoggerProxy())


class LoggingConfig(ABC):
    """How to configure a logging backend and obtain its logger.

    ``level`` is validated (one of DEBUG, INFO, WARNING, ERROR, CRITICAL, any case). Extra options
    are kept in ``options``; ``name`` (default ``"lilya"``) names the logger and
    ``skip_setup_configure=True`` binds the logger without calling ``configure()``.
    """

    __logging_levels__: list[str] = list(_LEVELS)

    def __init__(self, level: str = "DEBUG", **kwargs: Any) -> None:
        if not isinstance(level, str) or level.upper() not in self.__logging_levels__:
            raise AssertionError(
                f"'{level}' is not a valid logging level. Available levels: '{', '.join(self.__logging_levels__)}'."
            )
        self.level = level.upper()
        self.options = kwargs
        self.skip_setup_configure: bool = bool(kwargs.get("skip_setup_configure", False))
        self.name: str = kwargs.get("name", "lilya")

    def configure(self) -> None:
        """Apply the configuration to the backend (subclasses implement it)."""
        raise NotImplementedError("`configure()` must be implemented in subclasses.")

    @abstractmethod
    def get_logger(self) -> Any:
        """The logger object ``lilya.logging.logger`` should forward to."""


class StandardLoggingConfig(LoggingConfig):
    """Std-library logging configured with ``logging.config.dictConfig``."""

    def __init__(self, config: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.config = config if config is not None else self.default_config()

    def default_config(self) -> dict[str, Any]:
        """One console handler on the root logger at ``self.level``; existing loggers stay enabled."""
        return {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"default": {"format": "[%(asctime)s] %(levelname)s in %(module)s: %(message)s"}},
            "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
            "root": {"level": self.level, "handlers": ["console"]},
        }

    def configure(self) -> None:
        import logging.config  # lazy: only needed when logging is actually configured

        logging.config.dictConfig(self.config)

    def get_logger(self) -> Any:
        import logging

        return logging.getLogger(self.name)


def setup_logging(logging_config: LoggingConfig | None = None) -> None:
    """Configure ``logging_config`` (default: ``StandardLoggingConfig()``) and bind its logger.

    Called once when an app is built, never per request.
    """
    config = prepare_config(logging_config, LoggingConfig, StandardLoggingConfig, "logging_config")
    cast(LoggerProxy, logger).bind_logger(config.get_logger())
