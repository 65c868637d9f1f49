"""The documentation pages: Swagger UI, ReDoc, Stoplight Elements, RapiDoc.

Every configured string reaches the page escaped for where it lands: HTML text and attribute
values through ``html.escape``, JavaScript values as JSON with ``<``, ``>``, ``&`` and the line
separators written as ``\\u`` escapes (no ``</script>`` can close the block), CSS with ``<`` escaped.
A title or URL therefore shows as written and never becomes markup or script.
"""

from __future__ import annotations

import html
import json
from typing import Any

from lilya.responses import HTMLResponse
from lilya.serializers import serializer

__all__ = [
    "HTMLResponse",
    "get_rapidoc_ui_html",
    "get_redoc_html",
    "get_stoplight_html",
    "get_swagger_ui_html",
    "get_swagger_ui_oauth2_redirect_html",
    "serializer",
    "swagger_ui_default_parameters",
]

swagger_ui_default_parameters: dict[str, Any] = {
    "dom_id": "#swagger-ui",
    "layout": "BaseLayout",
    "deepLinking": True,
    "showExtensions": True,
    "showCommonExtensions": True,
}

_JS_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _attr(value: Any) -> str:
    """For HTML text and double- or single-quoted attribute values."""
    return html.escape(str(value), quote=True)


def _js(value: Any) -> str:
    """A JavaScript literal of ``value`` that is safe inside a ``<script>`` element."""
    return json.dumps(value, default=str).translate(_JS_UNSAFE)


def _css(value: str) -> str:
    """CSS that cannot close its ``<style>`` element."""
    return value.replace("<", "\\3c ")


def _favicon(url: str | None) -> str:
    return f'<link rel="shortcut icon" href="{_attr(url)}">' if url else ""


def _script_head(favicon_url: str, js_url: str, style: str, css_url: str | None = None) -> str:
    """The head of a page whose UI is one script: favicon, optional stylesheet, script, inline style."""
    stylesheet = f'<link rel="stylesheet" href="{_attr(css_url)}">\n' if css_url is not None else ""
    return (
        f"{_favicon(favicon_url)}\n{stylesheet}"
        f'<script src="{_attr(js_url)}" crossorigin></script>\n'
        f"<style>{_css(style)}</style>"
    )


def _page(title: str, head: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        "<!DOCTYPE html>\n<html>\n<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_attr(title)}</title>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def get_swagger_ui_html(
    *,
    openapi_url: str,
    title: str,
    swagger_js_url: str,
    swagger_css_url: str,
    swagger_favicon_url: str,
    oauth2_redirect_url: str | None = None,
    init_oauth: dict[str, Any] | None = None,
    swagger_ui_parameters: dict[str, Any] | None = None,
) -> HTMLResponse:
    parameters = {**swagger_ui_default_parameters, **(swagger_ui_parameters or {})}
    options = [f"url: {_js(openapi_url)}"]
    options.extend(f"{_js(str(key))}: {_js(value)}" for key, value in parameters.items())
    if oauth2_redirect_url:
        options.append(f"oauth2RedirectUrl: window.location.origin + {_js(oauth2_redirect_url)}")
    options.append("presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset]")
    script = "const ui = SwaggerUIBundle({\n  " + ",\n  ".join(options) + "\n});"
    if init_oauth:
        script += f"\nui.initOAuth({_js(init_oauth)});"
    head = f'<link type="text/css" rel="stylesheet" href="{_attr(swagger_css_url)}">\n{_favicon(swagger_favicon_url)}'
    body = (
        f'<div id="swagger-ui"></div>\n<script src="{_attr(swagger_js_url)}"></script>\n<script>\n{script}\n</script>'
    )
    return _page(title, head, body)


def get_redoc_html(
    *,
    openapi_url: str,
    title: str,
    redoc_js_url: str,
    redoc_favicon_url: str,
    with_google_fonts: bool = True,
) -> HTMLResponse:
    fonts = (
        '<link href="https://fonts.googleapis.com/css?family=Montserrat:300,400,700|Roboto:300,400,700" '
        'rel="stylesheet">\n'
        if with_google_fonts
        else ""
    )
    head = f"{fonts}{_favicon(redoc_favicon_url)}\n<style>body {{ margin: 0; padding: 0; }}</style>"
    body = (
        "<noscript>ReDoc needs JavaScript to show the documentation.</noscript>\n"
        f'<redoc spec-url="{_attr(openapi_url)}"></redoc>\n<script src="{_attr(redoc_js_url)}"></script>'
    )
    return _page(title, head, body)


def get_stoplight_html(
    openapi_url: str,
    title: str,
    stoplight_css: str,
    stoplight_js: str,
    stoplight_favicon_url: str,
    style: str = "body { margin: 0; padding: 0 }",
) -> HTMLResponse:
    head = _script_head(stoplight_favicon_url, stoplight_js, style, css_url=stoplight_css)
    body = (
        "<noscript>Stoplight Elements needs JavaScript to show the documentation.</noscript>\n"
        f'<elements-api apiDescriptionUrl="{_attr(openapi_url)}" router="hash" layout="sidebar"></elements-api>'
    )
    return _page(title, head, body)


def get_rapidoc_ui_html(
    *,
    openapi_url: str,
    title: str,
    rapidoc_js_url: str,
    rapidoc_favicon_url: str,
    style: str = "body { margin: 0; padding: 0 }",
) -> HTMLResponse:
    head = _script_head(rapidoc_favicon_url, rapidoc_js_url, style)
    body = (
        "<noscript>RapiDoc needs JavaScript to show the documentation.</noscript>\n"
        f'<rapi-doc spec-url="{_attr(openapi_url)}"></rapi-doc>'
    )
    return _page(title, head, body)


# Swagger UI opens this page as the OAuth2 redirect target; it hands what the authorization
# server sent back (code or token, state) to the waiting Swagger UI window and closes itself.
_OAUTH2_REDIRECT_SCRIPT = """
"use strict";
(function () {
  var waiting = window.opener && window.opener.swaggerUIRedirectOauth2;
  if (!waiting) {
    document.body.textContent = "No Swagger UI window is waiting for this authorization.";
    return;
  }
  var fromHash = /code|token|error/.test(window.location.hash);
  var raw = fromHash ? window.location.hash.substring(1).replace("?", "&") : window.location.search.substring(1);
  var received = {};
  new URLSearchParams(raw).forEach(function (value, key) { received[key] = value; });
  var stateMatches = received.state === waiting.state;
  var flow = waiting.auth.schema.get("flow");
  var codeFlow = flow === "accessCode" || flow === "authorizationCode" || flow === "authorization_code";
  if (codeFlow && !waiting.auth.code) {
    if (!stateMatches) {
      waiting.errCb({authId: waiting.auth.name, source: "auth", level: "warning",
        message: "The state returned by the authorization server is not the one that was sent."});
    }
    if (received.code) {
      delete waiting.state;
      waiting.auth.code = received.code;
      waiting.callback({auth: waiting.auth, redirectUrl: waiting.redirectUrl});
    } else {
      var reason = received.error
        ? "[" + received.error + "]: " + (received.error_description || "no authorization code received.")
        : "[Authorization failed]: no authorization code received.";
      waiting.errCb({authId: waiting.auth.name, source: "auth", level: "error", message: reason});
    }
  } else {
    waiting.callback({auth: waiting.auth, token: received, isValid: stateMatches, redirectUrl: waiting.redirectUrl});
  }
  window.close();
})();
"""


def get_swagger_ui_oauth2_redirect_html() -> HTMLResponse:
    return _page("Swagger UI: OAuth2 Redirect", "", f"<script>{_OAUTH2_REDIRECT_SCRIPT}</script>")
