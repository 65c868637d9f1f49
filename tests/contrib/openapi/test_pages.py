"""The documentation pages show every configured string as text: nothing closes a tag or a script."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from lilya.apps import Lilya
from lilya.contrib.openapi.config import OpenAPIConfig
from lilya.contrib.openapi.docs import (
    get_rapidoc_ui_html,
    get_redoc_html,
    get_stoplight_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from tests.conftest import TestClientFactory

HOSTILE = "</title></script><script>alert(1)</script><img src=x onerror=alert(2)>\"'&\u2028"
HOSTILE_URL = 'https://cdn.example/x.js"></script><script>alert(3)</script>'


class _Elements(HTMLParser):
    """Tags, attribute values and script bodies as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.scripts: list[str] = []
        self.titles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(value or "" for _, value in attrs)
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "title":
            self.titles.append(data)


def parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def hostile_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title=HOSTILE,
        openapi_url="/openapi.json?x=</script><script>alert(4)</script>",
        swagger_js_url=HOSTILE_URL,
        swagger_css_url=HOSTILE_URL,
        swagger_favicon_url=HOSTILE_URL,
        redoc_js_url=HOSTILE_URL,
        redoc_favicon_url=HOSTILE_URL,
        stoplight_js_url=HOSTILE_URL,
        stoplight_css_url=HOSTILE_URL,
        stoplight_favicon_url=HOSTILE_URL,
        rapidoc_js_url=HOSTILE_URL,
        rapidoc_favicon_url=HOSTILE_URL,
        swagger_ui_parameters={"</script><script>alert(5)</script>": HOSTILE},
        swagger_ui_init_oauth={"clientId": HOSTILE},
    )


@pytest.mark.parametrize("url", ["/docs/swagger", "/docs/redoc", "/docs/elements", "/docs/rapidoc"])
def test_hostile_configuration_stays_text(url: str, test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(Lilya(enable_openapi=True, openapi_config=hostile_config()))
    page = client.get(url).text
    found = parse(page)
    assert "img" not in found.tags  # no element was injected
    assert all("alert" not in script for script in found.scripts if "SwaggerUIBundle" not in script)
    assert "<script>alert" not in page
    # The title reads exactly as configured.
    assert html.unescape(found.titles[0]).startswith(HOSTILE)
    # Every external resource keeps its whole configured URL as one attribute value.
    assert HOSTILE_URL in found.attributes


def test_swagger_script_values_are_json_that_cannot_end_the_script() -> None:
    page = get_swagger_ui_html(
        openapi_url="/o</script>",
        title="t",
        swagger_js_url="/s.js",
        swagger_css_url="/s.css",
        swagger_favicon_url="",
        oauth2_redirect_url="/r'</script>",
        init_oauth={"a": "</script>"},
        swagger_ui_parameters={"deepLinking": False},
    ).body.decode()
    script = parse(page).scripts[-1]
    assert "</script>" not in script
    assert 'url: "/o\\u003c/script\\u003e"' in script
    assert 'oauth2RedirectUrl: window.location.origin + "/r\'\\u003c/script\\u003e"' in script
    assert '"deepLinking": false' in script
    assert 'ui.initOAuth({"a": "\\u003c/script\\u003e"})' in script
    assert 'rel="shortcut icon"' not in page  # no favicon configured


def test_styles_cannot_close_their_element() -> None:
    for page in (
        get_stoplight_html("/o", "t", "/c.css", "/s.js", "/f.ico", style="</style><script>alert(1)</script>"),
        get_rapidoc_ui_html(
            openapi_url="/o", title="t", rapidoc_js_url="/r.js", rapidoc_favicon_url="/f", style="</style><b>"
        ),
    ):
        found = parse(page.body.decode())
        assert "b" not in found.tags and found.scripts == []


def test_redoc_fonts_are_optional() -> None:
    with_fonts = get_redoc_html(openapi_url="/o", title="t", redoc_js_url="/r.js", redoc_favicon_url="/f")
    without = get_redoc_html(
        openapi_url="/o", title="t", redoc_js_url="/r.js", redoc_favicon_url="/f", with_google_fonts=False
    )
    assert b"fonts.googleapis.com" in with_fonts.body
    assert b"fonts.googleapis.com" not in without.body


def test_the_oauth2_redirect_page_hands_the_result_back() -> None:
    page = get_swagger_ui_oauth2_redirect_html().body.decode()
    script = parse(page).scripts[0]
    for part in ("swaggerUIRedirectOauth2", "auth.code", "errCb", "callback", "window.close()"):
        assert part in script
