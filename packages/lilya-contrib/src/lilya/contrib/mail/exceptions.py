"""The mail errors: one base class, so callers can catch every mail failure at once."""

from __future__ import annotations

__all__ = ["BackendNotConfigured", "InvalidMessage", "MailError"]


class MailError(Exception):
    """Base class of every error raised by `lilya.contrib.mail`."""


class BackendNotConfigured(MailError):
    """A send was attempted without a backend (or a template send without a template folder)."""


class InvalidMessage(MailError):
    """The message cannot be sent as it is: no recipient, no body, or a malformed header."""
