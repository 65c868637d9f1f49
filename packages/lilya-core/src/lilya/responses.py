"""Responses are ASGI apps: ``await response(scope, receive, send)``.

This module is the public face; the implementations live in ``lilya._internal._responses``:
``_base`` (Response), ``_plain`` (text, HTML, JSON, redirects, ``make_response``), ``_streaming`` (streams,
CSV, NDJSON, Server-Sent Events), ``_files`` (disposition, files, ranges) and ``_formats``
(XML, YAML, MessagePack, templates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lilya._internal._encoders import ENCODER_TYPES, EncoderProtocol, MoldingProtocol, json_encode
from lilya._internal._helpers import HeaderHelper
from lilya._internal._responses._base import RESPONSE_TRANSFORM_KWARGS, Response, logger, require_magic
from lilya._internal._responses._plain import (
    HTML,
    Error,
    HTMLResponse,
    JSONResponse,
    Ok,
    PlainText,
    RedirectResponse,
    TextResponse,
    make_response,
)
from lilya.background import Task
from lilya.compat import lazy_attributes, md5_hexdigest
from lilya.concurrency import iterate_in_threadpool
from lilya.datastructures import URL, Header
from lilya.enums import Event, HTTPMethod, MediaType
from lilya.serializers import serializer

if TYPE_CHECKING:
    from lilya._internal._responses._files import (
        DispositionResponse,
        FileResponse,
        ImageResponse,
        SimpleFileResponse,
    )
    from lilya._internal._responses._formats import (
        MessagePackResponse,
        TemplateResponse,
        XMLResponse,
        YAMLResponse,
    )
    from lilya._internal._responses._streaming import (
        CSVResponse,
        EventStreamResponse,
        NDJSONResponse,
        StreamingResponse,
    )
    from lilya.ranges import ContentRanges, Range, parse_range_value

# Files, streams, other formats and ranges load on first use (PEP 562): most apps import this
# module for JSON/text responses, and these pull in pathlib, decimal, csv and friends.
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        ("DispositionResponse", "FileResponse", "ImageResponse", "SimpleFileResponse"),
        "lilya._internal._responses._files",
    ),
    **dict.fromkeys(
        ("MessagePackResponse", "TemplateResponse", "XMLResponse", "YAMLResponse"),
        "lilya._internal._responses._formats",
    ),
    **dict.fromkeys(
        ("CSVResponse", "EventStreamResponse", "NDJSONResponse", "StreamingResponse"),
        "lilya._internal._responses._streaming",
    ),
    **dict.fromkeys(("ContentRanges", "Range", "parse_range_value"), "lilya.ranges"),
}

__all__ = [
    "CSVResponse",
    "ContentRanges",
    "DispositionResponse",
    "ENCODER_TYPES",
    "EncoderProtocol",
    "Error",
    "Event",
    "EventStreamResponse",
    "FileResponse",
    "HTML",
    "HTMLResponse",
    "HTTPMethod",
    "Header",
    "HeaderHelper",
    "ImageResponse",
    "JSONResponse",
    "MediaType",
    "MessagePackResponse",
    "MoldingProtocol",
    "NDJSONResponse",
    "Ok",
    "PlainText",
    "RESPONSE_TRANSFORM_KWARGS",
    "Range",
    "RedirectResponse",
    "Response",
    "SimpleFileResponse",
    "StreamingResponse",
    "Task",
    "TemplateResponse",
    "TextResponse",
    "URL",
    "XMLResponse",
    "YAMLResponse",
    "iterate_in_threadpool",
    "json_encode",
    "logger",
    "make_response",
    "md5_hexdigest",
    "parse_range_value",
    "require_magic",
    "serializer",
]


__getattr__ = lazy_attributes(__name__, _LAZY)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
