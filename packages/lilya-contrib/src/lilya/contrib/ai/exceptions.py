"""Errors of lilya.contrib.ai; all derive from AIError."""

from __future__ import annotations

__all__ = ["AIError", "AIConfigurationError", "ProviderNotConfigured", "AIProviderError", "AIResponseError"]


class AIError(Exception):
    """Root of every error raised by lilya.contrib.ai."""


class AIConfigurationError(AIError):
    """The client, a provider or a request is set up wrongly (fails before anything is sent)."""


class ProviderNotConfigured(AIConfigurationError):
    """An AIClient (or setup_ai) was given no provider/client."""


class AIProviderError(AIError):
    """The provider could not be reached, timed out or answered with an error status.

    `status_code` is the HTTP status when the provider answered (None for a transport failure).
    """

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class AIResponseError(AIError):
    """The provider answered, but not with something Lilya can read (not JSON, wrong shape, too big)."""
