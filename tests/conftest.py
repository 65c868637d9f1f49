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
