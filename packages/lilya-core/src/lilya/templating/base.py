"""Engine-independent template rendering: turn (request, name, context) into a TemplateResponse."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from lilya.background import Task
from lilya.requests import Request
from lilya.responses import TemplateResponse

__all__ = ["BaseTemplateRenderer", "Request", "T", "Task", "TemplateResponse"]

T = TypeVar("T")


class BaseTemplateRenderer(Generic[T]):
    """Wraps a template engine object exposing ``get_template(name)``."""

    def __init__(self, template: T, render_function_name: str = "render") -> None:
        self.template = template
        self.render_function_name = render_function_name

    def get_template(self, name: str) -> T:
        return self.template.get_template(name=name)  # type: ignore[attr-defined, no-any-return]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("Subclasses render templates from their arguments.")

    def prepare_response(
        self,
        request: Request,
        name: str,
        context: dict[str, Any],
        status_code: int = 200,
        headers: dict[str, Any] | None = None,
        media_type: str | None = None,
        background: Task | None = None,
    ) -> TemplateResponse:
        """The response for template ``name``; the request is always available to the template."""
        context.setdefault("request", request)
        return TemplateResponse(
            template=self.get_template(name),
            context=context,
            status_code=status_code,
            headers=headers,
            media_type=media_type or "text/html",
            background=background,
            render_function_name=self.render_function_name,
        )
