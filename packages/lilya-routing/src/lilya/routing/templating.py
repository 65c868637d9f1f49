"""Template-rendering controllers: ``TemplateController``, ``ListController``, ``FormController``.

They are ``lilya.controllers.Controller`` subclasses, so they live here, in lilya-routing; Lilya
0.29's path ``lilya.templating.controllers`` (lilya-core) serves them through the
``lilya.components`` entry points this distribution declares. Subclasses must set
``template_name`` (checked when the class is defined); ``templates`` defaults to
``Jinja2Template("templates")``, created on first use.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

from lilya.compat import import_string, is_async_callable, reverse
from lilya.controllers import Controller
from lilya.datastructures import URLPath
from lilya.exceptions import ImproperlyConfigured
from lilya.requests import Request
from lilya.responses import HTMLResponse, RedirectResponse, Response
from lilya.templating.jinja import Jinja2Template

__all__ = ["BaseTemplateController", "FormController", "ListController", "TemplateController"]

_BASES = frozenset({"BaseTemplateController", "TemplateController", "ListController", "FormController"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "QUERY"})
_default_templates: Jinja2Template | None = None


def _falls_back_to_parent(name: str, override: Callable[..., Any]) -> Callable[..., Any]:
    """An override of ``form_valid``/``form_invalid`` returning ``None`` defers to the parent's."""

    async def wrapper(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        result = await override(self, request, *args, **kwargs)
        if result is not None:
            return result
        for base in type(self).__mro__[1:]:
            parent = base.__dict__.get(name)
            if parent is not None and parent is not wrapper:
                return await parent(self, request, *args, **kwargs)
        return None

    wrapper.__wrapped__ = override  # type: ignore[attr-defined]
    return wrapper


class TemplateControllerMetaclass(type):
    """Checks ``template_name`` at class definition and wraps form hooks (see above)."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        for hook in ("form_valid", "form_invalid"):
            if hook in attrs:
                attrs[hook] = _falls_back_to_parent(hook, attrs[hook])
        cls = super().__new__(mcs, name, bases, attrs)
        if name not in _BASES and getattr(cls, "template_name", None) is None:
            raise ImproperlyConfigured(
                f"'{name}' requires the 'template_name' attribute to be set or inherit from a class that sets it."
            )
        return cls


class _Templates:
    """Class-level default: one shared ``Jinja2Template("templates")``, built when first needed."""

    def __get__(self, instance: Any, owner: type) -> Jinja2Template:
        global _default_templates
        if _default_templates is None:
            _default_templates = Jinja2Template(directory="templates")
        return _default_templates


class BaseTemplateController(Controller, metaclass=TemplateControllerMetaclass):
    __exclude_from_openapi__: bool = True
    template_name: str | None = None
    csrf_enabled: bool = False
    csrf_token_form_name: str = "csrf_token"
    context_processors: list[str | Callable[..., Any]] | None = None
    templates: Jinja2Template = _Templates()  # type: ignore[assignment]

    def get_return_url(self, request: Request, reverse_name: str, **params: Any) -> URLPath:
        return reverse(reverse_name, app=request.scope.get("app"), **params)

    def get_context_processors(self) -> list[Callable[..., Any]]:
        return [import_string(f) if isinstance(f, str) else f for f in self.context_processors or ()]

    async def get_csrf_token(self, request: Request) -> Any:
        """The CSRF token for forms: the ``csrftoken`` cookie, or a fresh signed one."""
        from lilya.conf import settings

        existing = request.cookies.get("csrftoken")
        if existing:
            return existing
        secret = getattr(settings, "secret_key", None)
        if not secret:
            raise ImproperlyConfigured("csrf_enabled needs settings.secret_key to sign CSRF tokens.")
        from lilya.crypto import generate_csrf_token

        return generate_csrf_token(secret)

    async def get_context_data(self, request: Request, **kwargs: Any) -> dict[str, Any]:
        """``request``, the CSRF token (safe methods), ``kwargs`` and every context processor's dict."""
        context: dict[str, Any] = {"request": request}
        if self.csrf_enabled and request.method.upper() in _SAFE_METHODS:
            context[self.csrf_token_form_name] = await self.get_csrf_token(request)
        context.update(kwargs)
        available = {"request": request, "controller": self, **kwargs}
        for processor in self.get_context_processors():
            call_kwargs: dict[str, Any] = {}
            for name, param in inspect.signature(processor).parameters.items():
                if name in available:
                    call_kwargs[name] = available[name]
                elif param.default is param.empty and param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                    raise ImproperlyConfigured(
                        f"Context processor '{processor.__name__}' requires unknown parameter '{name}'."
                    )
            data = await processor(**call_kwargs) if is_async_callable(processor) else processor(**call_kwargs)
            if not isinstance(data, dict):
                raise ImproperlyConfigured(
                    f"Context processor '{processor.__name__}' must return a dict, got {type(data)}."
                )
            context.update(data)
        return context

    async def render_template(
        self, request: Request, context: dict[str, Any] | None = None, **kwargs: Any
    ) -> HTMLResponse:
        data = {k: v for k, v in (context or {}).items() if k != "request"}
        merged = await self.get_context_data(request=request, **data)
        merged.update(data)
        return self.templates.get_template_response(request, self.template_name, merged)


class TemplateController(BaseTemplateController):
    """Define ``get`` (etc.) and return ``await self.render_template(request, {...})``."""


class ListController(BaseTemplateController):
    """Adds ``get_queryset()``'s objects to the context under ``context_object_name``."""

    context_object_name: str = "object_list"

    async def get_queryset(self) -> Iterable[Any]:
        return []

    async def get_context_data(self, request: Request, **kwargs: Any) -> dict[str, Any]:
        context = await super().get_context_data(request, **kwargs)
        context[self.context_object_name] = await self.get_queryset()
        return context


class FormController(BaseTemplateController):
    """GET renders the form; POST/PUT/PATCH validate it (``form_class(**data)`` or ``validator``)."""

    form_class: type[Any] | None = None
    success_url: str | None = None
    validator: Callable[[type[Any], dict[str, Any]], Any] | None = None
    #: What a failed validation raises: a dataclass given wrong fields (TypeError), pydantic's
    #: ValidationError and most validators (ValueError), a missing key (LookupError). Extend it for
    #: a form library whose errors derive from none of these (e.g. ``msgspec.ValidationError``).
    validation_errors: tuple[type[Exception], ...] = (TypeError, ValueError, LookupError)

    def get_form_class(self) -> type[Any]:
        if self.form_class is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__} requires either a definition of 'form_class' "
                "or an override of 'get_form_class()'."
            )
        return self.form_class

    def get_initial(self) -> dict[str, Any]:
        return {}

    async def get_context_data(self, request: Request, **kwargs: Any) -> dict[str, Any]:
        context = await super().get_context_data(request, **kwargs)
        context["form"] = self.get_initial()
        context.setdefault("errors", {})
        return context

    async def get(self, request: Request, **kwargs: Any) -> HTMLResponse:
        return await self.render_template(request, await self.get_context_data(request, **kwargs))

    async def post(self, request: Request, **kwargs: Any) -> Response:
        form_data = dict(await request.form())
        try:
            instance = await self.validate_form(self.get_form_class(), form_data)
        except ImproperlyConfigured:
            raise
        except self.validation_errors as exc:
            invalid: Response = await self.form_invalid(request, str(exc), form_data, **kwargs)
            return invalid
        valid: Response = await self.form_valid(request, instance, **kwargs)
        return valid

    async def patch(self, request: Request, **kwargs: Any) -> Response:
        return await self.post(request, **kwargs)

    async def put(self, request: Request, **kwargs: Any) -> Response:
        return await self.post(request, **kwargs)

    async def validate_form(self, form_class: type[Any], data: dict[str, Any]) -> Any:
        # Set on the instance (in __init__) or on the class: never bound to the controller.
        validator = vars(self).get("validator") or type(self).validator
        if validator is not None:
            return validator(form_class, data)
        return form_class(**data)

    async def form_valid(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not self.success_url:
            raise ImproperlyConfigured(f"{type(self).__name__} requires 'success_url' or an override of form_valid().")
        return RedirectResponse(url=self.success_url, status_code=303)

    async def form_invalid(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        errors, data = (args + (None, None))[:2]
        context = await BaseTemplateController.get_context_data(self, request, **kwargs)
        context["form"] = data
        context["errors"] = errors
        return await self.render_template(request, context)
