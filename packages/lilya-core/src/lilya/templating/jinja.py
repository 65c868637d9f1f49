"""Jinja2 templates: ``Jinja2Template(directory="templates")`` then ``get_template_response``.

jinja2 is imported when a ``Jinja2Template`` is created; without it a ``MissingDependency`` says
``pip install jinja2``. Autoescaping is on by default. Templates get ``url_for``/``path_for``
(through the ``request`` in the context) and the ``context_processors`` results.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, Generic, ParamSpec

from lilya.exceptions import MissingDependency, TemplateNotFound
from lilya.requests import Request
from lilya.responses import TemplateResponse
from lilya.templating.base import BaseTemplateRenderer

# jinja2 is optional (and may lack stubs): its types are named, not imported
Environment = Any
JinjaTemplate = Any

__all__ = [
    "BaseTemplateRenderer",
    "Jinja2Template",
    "Jinja2Templates",
    "MissingDependency",
    "P",
    "Request",
    "TemplateNotFound",
    "TemplateRenderer",
    "TemplateResponse",
]

P = ParamSpec("P")
PathLike = str | os.PathLike[str]

_POSITIONAL = ("request", "name", "context", "status_code", "headers", "media_type", "background")


def _jinja2() -> Any:
    try:
        import jinja2  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise MissingDependency("Jinja2 templates need jinja2: pip install jinja2") from exc
    return jinja2


class TemplateRenderer(BaseTemplateRenderer[Any], Generic[P]):
    """Called like ``renderer(request, name, context, status_code, headers, media_type, background)``."""

    def __call__(self, *args: Any, **kwargs: Any) -> TemplateResponse:
        values = dict(zip(_POSITIONAL, args))
        for key in _POSITIONAL[len(args) :]:
            if key in kwargs:
                values[key] = kwargs[key]
        request = values.get("request")
        assert isinstance(request, Request), "The first argument should always be a 'Request' instance."
        if "name" not in values:
            raise TypeError("get_template_response() needs the template 'name'.")
        context: dict[str, Any] = values.get("context") or {}
        for processor in getattr(self.template, "context_processors", None) or ():
            context.update(processor(request))
        return self.prepare_response(
            request,
            values["name"],
            context,
            values.get("status_code", 200),
            values.get("headers"),
            values.get("media_type"),
            values.get("background"),
        )


class Jinja2Template:
    """A Jinja2 environment (from ``directory`` or a ready ``env``) producing TemplateResponses."""

    def __init__(
        self,
        directory: PathLike | Sequence[PathLike] | None = None,
        *,
        env: Environment | None = None,
        **options: Any,
    ) -> None:
        jinja2 = _jinja2()
        self.context_processors: list[Callable[[Request], dict[str, Any]]] = list(
            options.pop("context_processors", None) or ()
        )
        assert (env is None) != (directory is None), (
            "either 'env' or 'directory' arguments must be passed but not both."
        )
        if env is None:
            options.setdefault("loader", jinja2.FileSystemLoader(directory))
            options.setdefault("autoescape", True)
            env = jinja2.Environment(**options)
        self.env: Environment = self._add_defaults(env)

    @staticmethod
    def _add_defaults(env: Environment) -> Environment:
        pass_context = _jinja2().pass_context

        def path_for(context: Any, name: str, **path_params: Any) -> Any:
            return context["request"].path_for(name, **path_params)

        def url_path_for(context: Any, name: str, **path_params: Any) -> Any:
            return context["request"].url_path_for(name, **path_params)

        env.globals.setdefault("path_for", pass_context(path_for))
        env.globals.setdefault("url_for", pass_context(url_path_for))
        return env

    def get_template(self, name: str) -> JinjaTemplate:
        try:
            return self.env.get_template(name)
        except _jinja2().TemplateNotFound as exc:
            raise TemplateNotFound(name=name) from exc

    def get_template_response(self, *args: Any, **kwargs: Any) -> TemplateResponse:
        """``(request, name, context=None, status_code=200, headers=None, media_type=None, background=None)``."""
        renderer: TemplateRenderer[Any] = TemplateRenderer(
            template=self, render_function_name="render_async" if self.env.is_async else "render"
        )
        return renderer(*args, **kwargs)


Jinja2Templates = Jinja2Template
