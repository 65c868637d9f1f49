"""Errors of the CQRS buses; all derive from CQRSException so one except clause catches them."""

__all__ = ["CQRSException", "HandlerAlreadyRegistered", "HandlerNotFound", "InvalidMessage"]


class CQRSException(Exception):
    """Root of every error raised by lilya.contrib.cqrs."""


class HandlerAlreadyRegistered(CQRSException):
    """A message type has one handler: registering a second one is a wiring mistake."""


class HandlerNotFound(CQRSException):
    """A message was sent whose type has no handler."""


class InvalidMessage(CQRSException):
    """The message itself is unusable (None, or a payload that does not fit)."""
