"""Each distribution declares exactly what it imports (STYLE.md, "Optional dependencies").

The sources are parsed, not imported: an import made at module level (outside ``if TYPE_CHECKING``
and outside ``try/except ImportError``) is a hard requirement and must be in ``dependencies``; an
import made inside a function is optional and must be a dependency or an extra, and the README's
"Dependencies and why" section must name it.
"""

from __future__ import annotations

import ast
import importlib.metadata
import pathlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pytest

from tests.packaging._layout import DISTRIBUTIONS, PACKAGES, project

# Declared on purpose although no module imports them at module level (each with its reason).
DECLARED_WITHOUT_MODULE_IMPORT: dict[str, set[str]] = {
    # The umbrella distribution exists to install every library package (apps imports middleware
    # when an app is built; contrib gives Lilya 0.29's `lilya.contrib` paths). The command sits a
    # layer above it: `lilya[cli]`.
    "lilya": {"lilya-middleware", "lilya-contrib"},
    # `lilya runserver` is the command's main job; uvicorn is imported when it runs so that every
    # other directive starts without loading a server. The application (lilya) and its routes
    # (lilya-routing) are loaded when a command needs the app, never at `lilya --help`.
    "lilya-cli": {"uvicorn", "lilya", "lilya-routing"},
    # Every contrib feature builds on core (remove once a contrib module imports it at module level).
    "lilya-contrib": {"lilya-core"},
}
# Modules whose module-level imports are an optional feature of their distribution: the module is
# only importable with the extra (or the sibling distribution) installed, and says so.
OPTIONAL_MODULES: dict[str, dict[str, str]] = {
    "lilya-core": {
        # lilya.testclient/__init__ checks for httpx before importing its internals.
        "lilya.testclient": "testclient",
    },
    "lilya-contrib": {
        # pydantic models and lilya.routing route types throughout; `lilya-contrib[openapi]`.
        "lilya.contrib.openapi": "openapi",
        # The Security Scheme Objects the document writes (pydantic models).
        "lilya.contrib.security.base": "openapi",
        # The security dependencies are those pydantic models too; `lilya-contrib[security]`.
        "lilya.contrib.security.api_key": "security",
        "lilya.contrib.security.http": "security",
        "lilya.contrib.security.oauth2": "security",
        "lilya.contrib.security.open_id": "security",
        "lilya.contrib.security.param_functions": "security",
        # Token's claims are a pydantic model; PyJWT is imported guarded; `lilya-contrib[jwt]`.
        "lilya.contrib.security.jwt": "jwt",
    },
}
# Lazily imported, not yet released: the README says so, the code raises an actionable error.
UNRELEASED: set[str] = set()
# Which sibling distributions each one may require (CONTRIBUTING.md "Layout and ownership").
ALLOWED_SIBLINGS = {
    "lilya-core": set(),
    "lilya-routing": {"lilya-core"},
    "lilya-middleware": {"lilya-core"},
    "lilya-contrib": {"lilya-core", "lilya-routing", "lilya-middleware"},
    "lilya-cli": {"lilya-core", "lilya-routing", "lilya"},
    "lilya": {"lilya-core", "lilya-routing", "lilya-middleware", "lilya-contrib"},
}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _owners() -> dict[str, str]:
    """First part of each `lilya.X` module path -> the distribution whose src/ holds it."""
    owners: dict[str, str] = {}
    for dist in DISTRIBUTIONS:
        for entry in (PACKAGES / dist / "src" / "lilya").iterdir():
            if entry.name != "py.typed" and not entry.name.startswith("__pycache__"):
                owners[entry.stem if entry.suffix == ".py" else entry.name] = dist
    return owners


OWNERS = _owners()
IMPORT_TO_DIST = importlib.metadata.packages_distributions()


def distribution_of(module: str) -> str | None:
    """The distribution providing `module`, or None for the standard library."""
    top, _, rest = module.partition(".")
    if top in sys.stdlib_module_names or top == "__future__":
        return None
    if top == "lilya":  # each first part of lilya.* belongs to one distribution
        first = rest.partition(".")[0]
        if not first:  # `import lilya`: the package itself (lilya/__init__.py) is lilya-core's
            return "lilya-core"
        return OWNERS.get(first, f"lilya-{first}")
    provided = IMPORT_TO_DIST.get(top)
    return _normalise(provided[0] if provided else top)


@dataclass
class Imports:
    """Absolute imports of one module, split by when they run."""

    module_level: set[str] = field(default_factory=set)
    lazy: set[str] = field(default_factory=set)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _guards_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if any(isinstance(c, ast.Name) and c.id in ("ImportError", "ModuleNotFoundError") for c in caught):
            return True
    return False


# Helpers that import a module named by their first argument (a string literal at the call site).
IMPORTING_CALLS = {"import_module", "optional_import", "__import__"}


def _imported(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Call):
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        first = node.args[0] if node.args else None
        if called in IMPORTING_CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield first.value
    elif isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        if node.module == "lilya":  # `from lilya import status`: the names are modules
            yield from (f"lilya.{alias.name}" for alias in node.names)
        else:
            yield node.module


def _collect(body: Iterable[ast.stmt], found: Imports, *, lazy: bool) -> None:
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            (found.lazy if lazy else found.module_level).update(_imported(node))
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                _collect(node.body, found, lazy=lazy)
            _collect(node.orelse, found, lazy=lazy)
        elif isinstance(node, ast.Try):
            _collect(node.body, found, lazy=lazy or _guards_import_error(node))
            for part in (node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                _collect(part, found, lazy=lazy)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for inner in ast.walk(node):
                found.lazy.update(_imported(inner))


def module_name(dist: str, path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGES / dist / "src").with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def scan(dist: str) -> dict[str, Imports]:
    """Imports of every module of `dist`, keyed by module name."""
    result: dict[str, Imports] = {}
    for path in sorted((PACKAGES / dist / "src").rglob("*.py")):
        found = Imports()
        _collect(ast.parse(path.read_text(encoding="utf-8")).body, found, lazy=False)
        result[module_name(dist, path)] = found
    return result


def _optional_feature(dist: str, module: str) -> str | None:
    for prefix, feature in OPTIONAL_MODULES.get(dist, {}).items():
        if module == prefix or module.startswith(prefix + "."):
            return feature
    return None


@dataclass
class Requirements:
    """What the sources of one distribution need, by distribution name."""

    hard: set[str] = field(default_factory=set)
    optional: dict[str, set[str]] = field(default_factory=dict)  # feature -> distributions
    lazy: set[str] = field(default_factory=set)


def requirements(dist: str) -> Requirements:
    needed = Requirements()
    for module, found in scan(dist).items():
        feature = _optional_feature(dist, module)
        for imported in found.module_level:
            provider = distribution_of(imported)
            if provider is None or provider == dist:
                continue
            if feature is None:
                needed.hard.add(provider)
            else:
                needed.optional.setdefault(feature, set()).add(provider)
        needed.lazy.update(p for p in map(distribution_of, found.lazy) if p is not None and p != dist)
    return needed


def _names(specifiers: Iterable[str]) -> set[str]:
    return {_normalise(re.split(r"[\s<>=!~;\[(]", spec.strip(), maxsplit=1)[0]) for spec in specifiers}


def declared(dist: str) -> set[str]:
    deps: list[str] = project(dist).get("dependencies", [])
    return _names(deps)


def extras(dist: str) -> dict[str, set[str]]:
    table: dict[str, list[str]] = project(dist).get("optional-dependencies", {})
    return {name: _names(specs) for name, specs in table.items()}


def dependencies_section(dist: str) -> str:
    text = (PACKAGES / dist / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^#+ Dependencies and why\s*$(.*?)(?=^#{1,2} |\Z)", text, re.M | re.S)
    assert match, f"packages/{dist}/README.md has no 'Dependencies and why' section"
    return match.group(1).lower()


def test_the_scanner_sees_module_level_lazy_and_guarded_imports() -> None:
    source = (
        "import os\nimport importlib\nimport anyio\nfrom lilya import status\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import jinja2\n"
        "try:\n    import yaml\nexcept ImportError:\n    yaml = None\n"
        "def f():\n    import magic\n    importlib.import_module('redis.asyncio')\n"
    )
    found = Imports()
    _collect(ast.parse(source).body, found, lazy=False)
    assert found.module_level == {"os", "importlib", "anyio", "lilya.status", "typing"}
    assert found.lazy == {"yaml", "magic", "redis.asyncio"}
    assert distribution_of("os.path") is None
    assert distribution_of("lilya.routing.path") == "lilya-routing"
    assert distribution_of("python_multipart.multipart") == "python-multipart"


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_dependencies_are_exactly_the_module_level_imports(dist: str) -> None:
    needed = requirements(dist)
    expected = needed.hard | DECLARED_WITHOUT_MODULE_IMPORT.get(dist, set())
    assert declared(dist) == expected


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_optional_imports_are_extras_or_dependencies_and_documented(dist: str) -> None:
    needed = requirements(dist)
    available = declared(dist).union(*extras(dist).values()) | set(ALLOWED_SIBLINGS[dist])
    for feature, providers in needed.optional.items():
        if feature in extras(dist):
            missing = providers - declared(dist) - extras(dist)[feature]
            assert not missing, f"extra {feature!r} of {dist} misses {missing}"
        else:  # a sibling distribution named as the feature
            assert providers <= {feature}, f"{dist}: {providers} needed by a module that only expects {feature}"
    siblings = set(DISTRIBUTIONS) | UNRELEASED
    third_party_lazy = needed.lazy - siblings
    assert third_party_lazy <= available, f"{dist}: lazily imported but neither a dependency nor an extra"
    section = dependencies_section(dist)
    undocumented = {p for p in needed.lazy | declared(dist) if p not in section}
    assert not undocumented, f"packages/{dist}/README.md 'Dependencies and why' does not name {undocumented}"


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_layering_between_distributions(dist: str) -> None:
    siblings = set(DISTRIBUTIONS) - {dist}
    assert declared(dist) & siblings <= ALLOWED_SIBLINGS[dist]
    assert requirements(dist).hard & siblings <= ALLOWED_SIBLINGS[dist]


def test_the_meta_forwards_every_contrib_extra() -> None:
    """`pip install "lilya[openapi]"` works like `pip install "lilya-contrib[openapi]"`."""
    meta: dict[str, list[str]] = project("lilya").get("optional-dependencies", {})
    for extra in extras("lilya-contrib"):
        forwarded = [re.sub(r"\s", "", spec) for spec in meta.get(extra, [])]
        assert any(spec.startswith(f"lilya-contrib[{extra}]") for spec in forwarded), extra
