"""HTML/CSS/JS pieces of the debug error page.

Each function returns a ``str.format`` template; every value substituted into them is
HTML-escaped by ``ServerErrorMiddleware`` before formatting.
"""

from __future__ import annotations

__all__ = ["get_center_line", "get_css_style", "get_frame", "get_js", "get_line", "get_template_errors"]


def get_css_style() -> str:
    """Page styles (inserted as a value, so braces are literal)."""
    return """
<style>
  body { font-family: system-ui, sans-serif; margin: 2em; color: #1d1d1f; }
  h1 { color: #9b1c1c; font-size: 1.4em; }
  h2 { font-size: 1.1em; color: #444; }
  .traceback { border: 1px solid #d9b8b8; border-radius: 4px; }
  .frame-title { background: #f6eded; padding: .4em .8em; cursor: pointer; margin: 0; }
  .frame-title .lineno { color: #666; }
  .source { margin: 0; padding: .4em 0; background: #fafafa; font-family: monospace; }
  .source p { margin: 0; padding: 0 .8em; white-space: pre; }
  .source .center { background: #f3d3d3; }
  .collapsed { display: none; }
  .collapse-btn { float: right; font-family: monospace; }
</style>
"""


def get_js() -> str:
    """Toggle a frame's source on click."""
    return """
<script>
  function toggleFrame(id) {
    var el = document.getElementById(id);
    var btn = document.getElementById(id + "-btn");
    var hidden = el.classList.toggle("collapsed");
    btn.textContent = hidden ? "+" : "-";
  }
</script>
"""


def get_frame() -> str:
    """One traceback frame: ``frame_filename``, ``frame_lineno``, ``frame_name``, ``code_context``."""
    return """
<div class="frame">
  <p class="frame-title" onclick="toggleFrame('{frame_id}')">
    <span class="file">{frame_filename}</span>, line <span class="lineno">{frame_lineno}</span>,
    in <b>{frame_name}</b>
    <span class="collapse-btn" id="{frame_id}-btn">{collapse_button}</span>
  </p>
  <div id="{frame_id}" class="source {collapsed}">{code_context}</div>
</div>
"""


def get_line() -> str:
    """A source line around the failing one."""
    return """<p><span class="lineno">{lineno}.</span> {line}</p>"""


def get_center_line() -> str:
    """The source line that raised."""
    return """<p class="center"><span class="lineno">{lineno}.</span> {line}</p>"""


def get_template_errors() -> str:
    """The whole page: ``styles``, ``js``, ``error`` (type and message) and ``exc_html`` (frames)."""
    return """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>Lilya debugger</title>
{styles}
</head>
<body>
<h1>500 Server Error</h1>
<h2>{error}</h2>
<div class="traceback">
{exc_html}
</div>
{js}
</body>
</html>
"""
