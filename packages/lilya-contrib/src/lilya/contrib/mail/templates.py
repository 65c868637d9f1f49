"""`TemplateRenderer`: e-mail bodies from Jinja2 templates (jinja2 is imported when one is created)."""

from __future__ import annotations

import re
from typing import Any

from lilya.exceptions import MissingDependency

__all__ = ["TemplateRenderer"]

_BREAK = re.compile(r"<\s*br\s*/?\s*>", re.I)
_PARAGRAPH_END = re.compile(r"</\s*p\s*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE_BEFORE_NEWLINE = re.compile(r"[ \t\r\f\v]+\n")
_SPACE_AFTER_NEWLINE = re.compile(r"\n[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _html_to_text_simple(html: str) -> str:
    """A readable plain-text fallback of an HTML body: line breaks kept, tags dropped."""
    text = _PARAGRAPH_END.sub("\n\n", _BREAK.sub("\n", html))
    text = _TAG.sub("", text)
    text = _SPACE_AFTER_NEWLINE.sub("\n", _SPACE_BEFORE_NEWLINE.sub("\n", text))
    return _BLANK_LINES.sub("\n\n", text).strip()


class TemplateRenderer:
    """Renders templates from one folder; HTML and XML templates are autoescaped."""

    def __init__(self, template_dir: str) -> None:
        try:
            import jinja2
        except ImportError as exc:  # pragma: no cover - exercised without jinja2 installed
            raise MissingDependency(
                'Mail templates need jinja2: pip install "lilya-contrib[mail]" (or pip install jinja2)'
            ) from exc
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(template_dir),
            autoescape=jinja2.select_autoescape(["html", "htm", "xml"]),
        )

    def render_html(self, template_name: str, context: dict[str, Any]) -> str:
        """Render one template (jinja2's `TemplateNotFound` when it does not exist)."""
        return self.env.get_template(template_name).render(**context)

    def render_pair(
        self, template_html: str, context: dict[str, Any], template_text: str | None = None
    ) -> tuple[str, str]:
        """`(text, html)`: the text template when given, else a text version of the HTML."""
        html = self.render_html(template_html, context)
        text = self.render_html(template_text, context) if template_text else _html_to_text_simple(html)
        return text, html
