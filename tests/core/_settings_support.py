"""Isolation helpers for the settings tests: the global settings object is process-wide."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lilya.conf import _registry


@pytest.fixture
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No LILYA_SETTINGS_MODULE and no global settings built yet; restored afterwards."""
    saved = list(_registry._global)
    monkeypatch.delenv(_registry.ENVIRONMENT_VARIABLE, raising=False)
    _registry.set_global_settings(None)
    yield
    _registry._global[:] = saved
