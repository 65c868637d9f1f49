"""Command/query separation: messages go through a bus to exactly one handler, via middleware."""

from lilya.contrib.cqrs.bus import CommandBus, QueryBus
from lilya.contrib.cqrs.decorators import command, default_command_bus, default_query_bus, query
from lilya.contrib.cqrs.exceptions import CQRSException, HandlerAlreadyRegistered, HandlerNotFound, InvalidMessage
from lilya.contrib.cqrs.messages import Command, Envelope, MessageMeta, Query
from lilya.contrib.cqrs.registry import HandlerRegistry

__all__ = [
    "Command",
    "Query",
    "Envelope",
    "MessageMeta",
    "CommandBus",
    "QueryBus",
    "command",
    "query",
    "default_command_bus",
    "default_query_bus",
    "HandlerRegistry",
    "CQRSException",
    "HandlerAlreadyRegistered",
    "HandlerNotFound",
    "InvalidMessage",
]
