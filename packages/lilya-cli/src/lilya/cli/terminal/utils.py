"""Logging configuration for the development server."""

from __future__ import annotations

import logging
from typing import Any

from lilya.conf import settings

__all__ = ["CustomFormatter", "get_log_config", "settings"]


class CustomFormatter(logging.Formatter):
    """``LEVEL:     message`` like uvicorn's default, so both read the same."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(levelprefix)s %(message)s")
        super().__init__(*args, **kwargs)

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.__dict__["levelprefix"] = f"{record.levelname}:".ljust(10)
        return super().formatMessage(record)


def get_log_config() -> dict[str, Any]:
    """A dictConfig for uvicorn and lilya loggers sharing one formatter."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": {"()": CustomFormatter}},
        "handlers": {"default": {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stderr"}},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "lilya": {"handlers": ["default"], "level": "INFO", "propagate": False},
        },
    }
