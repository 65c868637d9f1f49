"""Shared fixtures: every async test runs on asyncio and on trio."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from lilya.testclient import TestClient
from lilya.types import ASGIApp

TestClientFactory = Callable[..., TestClient]


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


@pytest.fixture
def test_client_factory(anyio_backend: str) -> Iterator[TestClientFactory]:
    """Build TestClients on the current anyio backend (asyncio and trio)."""

    def factory(app: ASGIApp, **kwargs: Any) -> TestClient:
        return TestClient(app, backend=anyio_backend, **kwargs)  # type: ignore[arg-type]

    yield factory


_SHARED_LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "lilya")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """uvicorn.Config and setup_logging reconfigure loggers globally: undo it after each test.

    Without this, a test that ran uvicorn with its default log config (``uvicorn`` stops
    propagating) hides later tests' tracebacks from ``caplog``: order-dependent failures.
    """
    import logging

    saved = []
    for name in _SHARED_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.propagate, list(logger.handlers), logger.disabled))
    yield
    for logger, level, propagate, handlers, disabled in saved:
        logger.setLevel(level)
        logger.propagate = propagate
        logger.handlers[:] = handlers
        logger.disabled = disabled


# A private redis-server for the tests that talk to Redis (session-scoped, started on first use).
from tests._services import redis_server, smtp_server  # noqa: E402,F401
