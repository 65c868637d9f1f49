"""The callables that take route options keep Lilya 0.29's signatures (tests/spec/api/*.md).

The options are declared once (``lilya.routing.options``) and the signatures generated from them:
this checks that ``inspect.signature`` still lists Lilya's parameters, in Lilya's order, with
Lilya's kinds and defaults (our own additions may follow them).
"""

from __future__ import annotations

import importlib
import inspect
import re
from typing import Any

import pytest

from tests.packaging._layout import SPEC as NAMES

SPEC = NAMES.parent / "api"
MODULES = [
    "lilya.routing.path",
    "lilya.routing.websocket",
    "lilya.routing.include",
    "lilya.routing.host",
    "lilya.routing.router",
    "lilya.routing.mixins",
    "lilya.apps",
]
VERBS = {"get", "head", "post", "put", "patch", "delete", "options", "trace", "query"}
WITH_OPTIONS = VERBS | {
    "__init__",
    "route",
    "forward_single_method_route",
    "websocket",
    "add_route",
    "add_websocket_route",
    "include",
    "add_child_lilya",
    "add_asgi_app",
}
_CLASS = re.compile(r"^- \*\*class `(\w+)`\*\*(?! \(from)")
_MEMBER = re.compile(r"^  - (?:method )?`(\w+)\((.*)\)(?: -> .*)?`$")


def _split(params: str) -> list[str]:
    """Top-level comma split (annotations hold brackets, quotes and commas)."""
    parts, depth, quote, current = [], 0, "", ""
    for char in params:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += char
    if current.strip():
        parts.append(current.strip())
    return parts


def _spec_params(params: str) -> list[tuple[str, str, str | None]]:
    """(name, kind, default repr) per parameter; kinds from the ``*`` and ``/`` markers."""
    result: list[tuple[str, str, str | None]] = []
    kind = "POSITIONAL_OR_KEYWORD"
    for part in _split(params):
        if part == "*":
            kind = "KEYWORD_ONLY"
            continue
        if part == "/":
            result = [(name, "POSITIONAL_ONLY", default) for name, _, default in result]
            continue
        name = re.split(r"[:=]", part, maxsplit=1)[0].strip()
        if name.startswith("*"):
            continue
        default = part.rsplit(" = ", 1)[1] if " = " in part else None
        result.append((name, kind, default))
    return result


def _spec_entries() -> list[Any]:
    entries = []
    for module in MODULES:
        cls = None
        for line in (SPEC / f"{module}.md").read_text().splitlines():
            match = _CLASS.match(line)
            if match or line.startswith("- "):
                cls = match.group(1) if match else None
                continue
            member = _MEMBER.match(line)
            if cls and member and member.group(1) in WITH_OPTIONS and member.group(2):
                entries.append(
                    pytest.param(module, cls, member.group(1), member.group(2), id=f"{cls}.{member.group(1)}")
                )
    return entries


ENTRIES = _spec_entries()


def test_the_spec_lists_the_option_taking_callables() -> None:
    ids = {entry.id for entry in ENTRIES}
    assert {
        "Path.__init__",
        "Include.__init__",
        "RoutingMethodsMixin.get",
        "Lilya.route",
        "BaseLilya.add_asgi_app",
    } <= ids


@pytest.mark.parametrize(("module", "cls", "member", "params"), ENTRIES)
def test_signature_keeps_lilyas_parameters(module: str, cls: str, member: str, params: str) -> None:
    target = getattr(getattr(importlib.import_module(module), cls), member)
    ours = list(inspect.signature(target).parameters.values())
    if member == "__init__":
        ours = ours[1:]  # the spec lists a constructor's parameters without ``self``
    expected = _spec_params(params)
    got = [(p.name, p.kind.name, None if p.default is p.empty else repr(p.default)) for p in ours]
    assert got[: len(expected)] == expected
    assert all(p.kind is not p.VAR_KEYWORD for p in ours[len(expected) :])
