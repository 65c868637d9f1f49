"""Structured formats beyond JSON: XML, YAML (pyyaml), MessagePack (msgpack), templates.

The optional libraries are imported on first use; a missing one raises ``MissingDependency``
naming the package to install.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from lilya._internal._responses._base import Encoder, Response
from lilya._internal._responses._plain import HTMLResponse
from lilya.enums import MediaType
from lilya.exceptions import MissingDependency
from lilya.types import Receive, Scope, Send

if TYPE_CHECKING:
    from lilya.background import Task

__all__ = ["MessagePackResponse", "TemplateResponse", "XMLResponse", "YAMLResponse", "optional_import"]


def optional_import(module: str, package: str) -> Any:
    """Import an optional dependency, or say exactly what to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(f"This feature needs the '{package}' package: pip install {package}") from exc


def _to_xml(value: Any, tag: str) -> str:
    if isinstance(value, Mapping):
        return f"<{tag}>{''.join(_to_xml(v, str(k)) for k, v in value.items())}</{tag}>"
    if isinstance(value, (list, tuple)):
        return "".join(_to_xml(item, tag) for item in value)
    from xml.sax.saxutils import escape  # lazy: saxutils pulls in urllib.request (import cost)

    return f"<{tag}>{escape(str(value))}</{tag}>"


class XMLResponse(Response):
    """Dicts and lists rendered as XML under a ``<root>`` element; text and bytes pass through."""

    media_type = "application/xml"

    def make_response(self, content: Any) -> bytes:
        if content is None:
            return b""
        if isinstance(content, (bytes, bytearray, memoryview)):
            return bytes(content)
        if isinstance(content, str):
            return content.encode(self.charset)
        return _to_xml(content, "root").encode(self.charset)


class _OptionalFormatResponse(Response):
    """A body serialised by an optional library (``_module``, installed as ``_package``); ``None`` is empty."""

    _module: str
    _package: str

    def make_response(self, content: Any) -> bytes:
        if content is None:
            return b""
        return self._serialize(optional_import(self._module, self._package), content)

    def _serialize(self, library: Any, content: Any) -> bytes:
        raise NotImplementedError


class YAMLResponse(_OptionalFormatResponse):
    media_type = "application/x-yaml"
    _module = "yaml"
    _package = "pyyaml"

    def _serialize(self, library: Any, content: Any) -> bytes:
        return cast(str, library.safe_dump(content, sort_keys=False)).encode(self.charset)


class MessagePackResponse(_OptionalFormatResponse):
    media_type = "application/x-msgpack"
    _module = "msgpack"
    _package = "msgpack"

    def _serialize(self, library: Any, content: Any) -> bytes:
        return cast(bytes, library.packb(content, use_bin_type=True))


class TemplateResponse(HTMLResponse):
    """HTML rendered from a template object (anything with a ``render(context)`` method)."""

    render_function_name: str = "render"

    def __init__(
        self,
        template: Any,
        status_code: int = 200,
        context: dict[str, Any] | None = None,
        background: Task | None = None,
        headers: dict[str, Any] | None = None,
        media_type: MediaType | str = MediaType.HTML,
        encoders: Sequence[Encoder | type[Encoder]] | None = None,
        passthrough_body_types: tuple[type, ...] | None = None,
        render_function_name: str | None = None,
    ) -> None:
        if render_function_name:
            self.render_function_name = render_function_name
        self.template = template
        self.context = context or {}
        content = getattr(template, self.render_function_name)(self.context)
        super().__init__(
            content=content,
            status_code=status_code,
            headers=headers,
            media_type=media_type,
            background=background,
            encoders=encoders,
            passthrough_body_types=passthrough_body_types,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "http.response.debug" in scope.get("extensions", {}):
            await send({"type": "http.response.debug", "info": {"template": self.template, "context": self.context}})
        await super().__call__(scope, receive, send)
