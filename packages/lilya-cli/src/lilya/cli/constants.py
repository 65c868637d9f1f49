"""Names and defaults shared by the ``lilya`` command."""

from __future__ import annotations

__all__ = [
    "APP_PARAMETER",
    "DEFAULT_GRACEFUL_SHUTDOWN",
    "DEFAULT_TEMPLATE_NAME",
    "DISCOVERY_ATTRS",
    "DISCOVERY_FILES",
    "DISCOVERY_FUNCTIONS",
    "EXCLUDED_DIRECTIVES",
    "HELP_PARAMETER",
    "IGNORE_DIRECTIVES",
    "LILYA_DISCOVER_APP",
    "LILYA_SETTINGS_MODULE",
    "TREAT_AS_PROJECT_DIRECTIVE",
]

LILYA_DISCOVER_APP = "LILYA_DEFAULT_APP"
LILYA_SETTINGS_MODULE = "LILYA_SETTINGS_MODULE"
DEFAULT_TEMPLATE_NAME = "default"
APP_PARAMETER = "--app"
HELP_PARAMETER = "--help"
# Seconds a SIGTERM'd `runserver` waits for open connections before cutting them: enough for a
# request in flight and its background tasks, within an orchestrator's kill deadline (Kubernetes
# and gunicorn wait 30 s). Streams and WebSockets end at once anyway (lilya.shutdown).
DEFAULT_GRACEFUL_SHUTDOWN = 25

# Built-in directives that work without an application.
EXCLUDED_DIRECTIVES = ["createproject", "createapp", "createdeployment", "mail"]
IGNORE_DIRECTIVES = ["directives"]
# Files searched, in order, when no --app is given; then the attributes and factory functions.
DISCOVERY_FILES = ["application.py", "app.py", "main.py"]
DISCOVERY_FUNCTIONS = ["get_application", "get_app"]
DISCOVERY_ATTRS = ["application", "app"]
TREAT_AS_PROJECT_DIRECTIVE = ["deployment"]
