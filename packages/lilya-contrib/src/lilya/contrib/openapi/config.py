"""``OpenAPIConfig``: what the document says about the API, and where it and its pages are served.

``Lilya(enable_openapi=True, openapi_config=OpenAPIConfig(...))`` calls ``enable(app)``, which
only adds routes. The document is built on the first request for it and kept (one copy per
``root_path``, rebuilt if the application's routes change); each page's HTML is made once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import AnyUrl, BaseModel

from lilya.conf.global_settings import LILYA_VERSION
from lilya.contrib.openapi.docs import (
    get_rapidoc_ui_html,
    get_redoc_html,
    get_stoplight_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from lilya.exceptions import Doc
from lilya.requests import Request
from lilya.responses import HTMLResponse, JSONResponse, Response

__all__ = [
    "Doc",
    "HTMLResponse",
    "JSONResponse",
    "OpenAPIConfig",
    "Request",
    "get_rapidoc_ui_html",
    "get_redoc_html",
    "get_stoplight_html",
    "get_swagger_ui_html",
    "get_swagger_ui_oauth2_redirect_html",
]

# Documents/pages kept per root_path; a root_path is set by the server, the bound is a backstop.
_MAX_ROOT_PATHS = 8


class _PerRootPath:
    """A small bounded cache: root_path -> value, rebuilt when ``key`` changes."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[Any, bytes]] = OrderedDict()

    def get(self, root_path: str, key: Any, build: Callable[[], bytes]) -> bytes:
        entry = self._entries.get(root_path)
        if entry is not None and entry[0] == key:
            return entry[1]
        value = build()
        self._entries[root_path] = (key, value)
        self._entries.move_to_end(root_path)
        while len(self._entries) > _MAX_ROOT_PATHS:
            self._entries.popitem(last=False)
        return value


class OpenAPIConfig(BaseModel):
    """The OpenAPI settings of an application; ``None`` for a URL leaves that page out."""

    title: str = "Lilya"
    version: str = LILYA_VERSION
    summary: str | None = "Lilya application"
    description: str | None = "Yet another framework/toolkit that delivers."
    contact: dict[str, str | Any] | None = {"name": "Lilya", "url": "https://lilya.dev", "email": "admin@myapp.com"}
    terms_of_service: AnyUrl | None = None
    license: dict[str, str | Any] | None = None
    security: Any | None = None
    servers: list[dict[str, str | Any]] = [{"url": "/"}]
    tags: list[str] | None = None
    openapi_version: str = "3.2.0"
    openapi_url: str | None = "/openapi.json"
    root_path_in_servers: bool = True
    docs_url: str | None = "/docs/swagger"
    redoc_url: str | None = "/docs/redoc"
    swagger_ui_oauth2_redirect_url: str | None = "/docs/oauth2-redirect"
    redoc_js_url: str = "https://cdn.jsdelivr.net/npm/redoc@next/bundles/redoc.standalone.js"
    redoc_favicon_url: str = "https://www.lilya.dev/statics/images/favicon.ico"
    swagger_ui_init_oauth: dict[str, Any] | None = None
    swagger_ui_parameters: dict[str, Any] | None = None
    swagger_js_url: str = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.17.4/swagger-ui-bundle.min.js"
    swagger_css_url: str = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.17.4/swagger-ui.min.css"
    swagger_favicon_url: str = "https://lilya.dev/statics/images/favicon.ico"
    with_google_fonts: bool = True
    stoplight_js_url: str = "https://unpkg.com/@stoplight/elements/web-components.min.js"
    stoplight_css_url: str = "https://unpkg.com/@stoplight/elements/styles.min.css"
    stoplight_url: str | None = "/docs/elements"
    stoplight_favicon_url: str | None = None
    rapidoc_url: str | None = "/docs/rapidoc"
    rapidoc_js_url: str = "https://unpkg.com/rapidoc@9.3.4/dist/rapidoc-min.js"
    rapidoc_favicon_url: str = "https://lilya.dev/statics/images/favicon.ico"
    webhooks: Sequence[Any] | None = None
    # Not in Lilya 0.29: write security requirements/schemes the standard way (see get_openapi).
    strict_security: bool = False

    def openapi(self, app: Any, servers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Build the document of ``app`` now (also stored as ``app.openapi_schema``)."""
        from lilya.contrib.openapi.utils import get_openapi  # the builder loads with the first document

        schema = get_openapi(
            app=app,
            title=self.title,
            version=self.version,
            openapi_version=self.openapi_version,
            summary=self.summary,
            description=self.description,
            routes=app.routes,
            tags=self.tags,
            servers=servers or self.servers or [{"url": "/"}],
            terms_of_service=str(self.terms_of_service) if self.terms_of_service else None,
            contact=self.contact,
            license=self.license,
            webhooks=self.webhooks,
            security=self.security,
            strict_security=self.strict_security,
        )
        app.openapi_schema = schema
        return schema

    def _servers(self, root_path: str) -> list[dict[str, Any]]:
        if root_path and self.root_path_in_servers and all(s.get("url") != root_path for s in self.servers):
            return [{"url": root_path}, *self.servers]
        return list(self.servers)

    def enable(self, app: Any) -> None:
        """Add the document's and the pages' routes to ``app`` (none of them documented)."""
        if not self.openapi_url:
            if self.swagger_ui_oauth2_redirect_url:
                self._add_page(app, self.swagger_ui_oauth2_redirect_url, lambda root: self._oauth2_redirect())
            return
        documents = _PerRootPath()
        openapi_url = self.openapi_url

        def build(root_path: str) -> bytes:
            return JSONResponse(self.openapi(app, self._servers(root_path))).body

        async def openapi_document(request: Request) -> Response:
            root_path = request.scope.get("root_path", "").rstrip("/")
            fingerprint = tuple(map(id, app.routes))
            body = documents.get(root_path, fingerprint, lambda: build(root_path))
            return Response(body, media_type="application/json")

        app.add_route(path=openapi_url, handler=openapi_document, include_in_schema=False)
        pages: list[tuple[str | None, Callable[[str], HTMLResponse]]] = [
            (self.docs_url, self._swagger),
            (self.swagger_ui_oauth2_redirect_url, lambda root: self._oauth2_redirect()),
            (self.redoc_url, self._redoc),
            (self.stoplight_url, self._stoplight),
            (self.rapidoc_url, self._rapidoc),
        ]
        for url, render in pages:
            if url:
                self._add_page(app, url, render)

    @staticmethod
    def _add_page(app: Any, url: str, render: Callable[[str], HTMLResponse]) -> None:
        pages = _PerRootPath()

        async def page(request: Request) -> Response:
            root_path = request.scope.get("root_path", "").rstrip("/")
            body = pages.get(root_path, None, lambda: render(root_path).body)
            return HTMLResponse(body)

        app.add_route(path=url, handler=page, include_in_schema=False)

    def _page_options(self, root_path: str, viewer: str) -> dict[str, str]:
        """What every documentation page gets: the document's URL under ``root_path``, a title."""
        return {"openapi_url": root_path + (self.openapi_url or ""), "title": f"{self.title} - {viewer}"}

    def _oauth2_redirect(self) -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    def _swagger(self, root_path: str) -> HTMLResponse:
        redirect = self.swagger_ui_oauth2_redirect_url
        return get_swagger_ui_html(
            **self._page_options(root_path, "Swagger UI"),
            oauth2_redirect_url=root_path + redirect if redirect else None,
            init_oauth=self.swagger_ui_init_oauth,
            swagger_ui_parameters=self.swagger_ui_parameters,
            swagger_js_url=self.swagger_js_url,
            swagger_css_url=self.swagger_css_url,
            swagger_favicon_url=self.swagger_favicon_url,
        )

    def _redoc(self, root_path: str) -> HTMLResponse:
        return get_redoc_html(
            **self._page_options(root_path, "ReDoc"),
            redoc_js_url=self.redoc_js_url,
            redoc_favicon_url=self.redoc_favicon_url,
            with_google_fonts=self.with_google_fonts,
        )

    def _stoplight(self, root_path: str) -> HTMLResponse:
        return get_stoplight_html(
            **self._page_options(root_path, "Stoplight Elements"),
            stoplight_js=self.stoplight_js_url,
            stoplight_css=self.stoplight_css_url,
            stoplight_favicon_url=self.stoplight_favicon_url or "",
        )

    def _rapidoc(self, root_path: str) -> HTMLResponse:
        return get_rapidoc_ui_html(
            **self._page_options(root_path, "RapiDoc"),
            rapidoc_js_url=self.rapidoc_js_url,
            rapidoc_favicon_url=self.rapidoc_favicon_url,
        )


def __getattr__(name: str) -> Any:
    # Lilya 0.29 exposes get_openapi here too; imported on first access (it loads JSON Schema support).
    if name == "get_openapi":
        from lilya.contrib.openapi.utils import get_openapi

        return get_openapi
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
