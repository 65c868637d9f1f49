"""The seams between distributions stay one-way and public (ARCHITECTURE.md).

Every import a distribution makes of another one (at module level, inside functions, through
``import_module``/``__import__`` strings, or as a ``"lilya.x.y"`` / ``"lilya.x.y:Name"`` string of a
lazy re-export map) must name a distribution it declares, that sits below it in the layers, and a
module path with no ``_``-prefixed part. ``if TYPE_CHECKING:`` blocks are exempt: nothing runs there.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.packaging import test_dependencies as deps
from tests.packaging._layout import DISTRIBUTIONS, PACKAGES

# Lower layers first; a distribution may use the ones listed before its own layer.
LAYERS: list[set[str]] = [
    {"lilya-core"},
    {"lilya-routing", "lilya-middleware"},
    {"lilya-contrib"},
    {"lilya"},
    {"lilya-cli"},
]
_MODULE_STRING = re.compile(r"^(lilya(?:\.[A-Za-z_]\w*)+)(?::[A-Za-z_]\w*)?$")


def layer_of(dist: str) -> int:
    return next(index for index, members in enumerate(LAYERS) if dist in members)


@dataclass(frozen=True)
class CrossImport:
    module: str
    line: int
    target: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} -> {self.target}"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _names_a_module(dotted: str) -> bool:
    """``lilya.max_body_size`` is a scope key, ``lilya.routing.path`` a module of a distribution."""
    return deps.distribution_of(dotted) in DISTRIBUTIONS


def _targets(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, dotted module) of every import that can run, TYPE_CHECKING blocks skipped."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        line = getattr(node, "lineno", 0)
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Call)):
            for module in deps._imported(node):
                yield line, module
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = _MODULE_STRING.match(node.value)
            if match and _names_a_module(match.group(1)):
                yield line, match.group(1)
        stack.extend(ast.iter_child_nodes(node))


def cross_imports(dist: str) -> Iterator[CrossImport]:
    for path in sorted((PACKAGES / dist / "src").rglob("*.py")):
        module = deps.module_name(dist, path)
        for line, target in _targets(ast.parse(path.read_text(encoding="utf-8"))):
            provider = deps.distribution_of(target)
            if provider is not None and provider != dist and provider.startswith("lilya"):
                yield CrossImport(module, line, target)


def test_the_scanner_sees_lazy_string_and_guarded_imports_but_not_type_checking() -> None:
    source = (
        "from typing import TYPE_CHECKING\nimport importlib\n"
        "if TYPE_CHECKING:\n    from lilya.apps import Lilya\n"
        "def f():\n    from lilya.routing._index import X\n    importlib.import_module('lilya.middleware.cors')\n"
        "HOMES = {'Path': ('lilya.routing.path', 'Path'), 'Lilya': 'lilya.apps:Lilya', 'doc': 'see lilya.apps'}\n"
    )
    found = {target for _, target in _targets(ast.parse(source))}
    assert {"lilya.routing._index", "lilya.middleware.cors", "lilya.routing.path", "lilya.apps"} <= found
    assert "lilya.apps" in found and "see lilya.apps" not in found
    assert not any("TYPE_CHECKING" in target for target in found)


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_no_private_module_of_another_distribution(dist: str) -> None:
    private = [str(i) for i in cross_imports(dist) if any(part.startswith("_") for part in i.target.split("."))]
    assert not private, f"{dist} reaches into private modules of other distributions: {private}"


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_imports_only_declared_lower_layers(dist: str) -> None:
    # A sibling named in an extra counts as declared: the modules of that feature use it.
    allowed = deps.declared(dist).union(*deps.extras(dist).values())
    bad = [
        str(i)
        for i in cross_imports(dist)
        if deps.distribution_of(i.target) not in allowed
        or layer_of(deps.distribution_of(i.target) or dist) >= layer_of(dist)
    ]
    assert not bad, f"{dist} imports undeclared or higher-layer distributions: {bad}"
