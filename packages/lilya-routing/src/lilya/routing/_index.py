"""The compiled route table: a per-segment tree instead of a scan over every route's regex.

Built once per router (again after ``add_route``/``include``/...). Lookup cost depends on the
depth of the path and on how many routes really match it, not on how many routes exist:

* every template is split on ``/``; literal segments become dict keys, parameter segments
  (``{id:int}``, ``{name}.{ext}``) become small per-segment matchers with their transformers bound;
* a template whose parameter can span ``/`` (``{p:path}``) is a *tail* at the node where it starts
  and its remainder is matched with one regex;
* an ``Include`` is a *mount* on the node of its prefix: anything below matches;
* anything else (``Host``, custom ``BasePath`` subclasses) is *universal* and asked via ``search``.

All candidates of a path are returned in declaration order, so the first declared route wins
exactly as in a linear scan. The candidates of every static template are precomputed.
"""

from __future__ import annotations

import re
from typing import Any

from lilya.paths import PARAM_REGEX, compile_path, parse_path, parse_template
from lilya.transformers import MAX_NUMBER_DIGITS, IntegerTransformer, StringTransformer, Transformer

__all__ = ["Candidate", "RouteIndex"]

_SLASH_PROBES = ("/", "a/b", "0/0", "1/2")


#: A route matching a path: ``(position, route, converted params, mount prefix or None)``.
#: ``params`` is None for a universal route, which is asked through its ``search``.
#: (A plain tuple: one is built per matching route per request.)
Candidate = tuple[int, Any, "dict[str, Any] | None", "str | None"]


def _spans_slash(transformer: Transformer[Any]) -> bool:
    """Can this transformer's value contain "/"? (Then it cannot be matched segment by segment.)"""
    pattern = re.compile(transformer.regex)
    return any(pattern.fullmatch(probe) for probe in _SLASH_PROBES)


def _segment_spans_slash(segment: str) -> bool:
    if "{" not in segment and "<" not in segment:
        return False
    return any(_spans_slash(transformer) for transformer in parse_template("/" + segment)[1].values())


class _Segment:
    """Matches one path segment with parameters; binds their transformers once."""

    __slots__ = ("any_text", "convertors", "digits", "name", "pattern", "texts", "transform")

    def __init__(self, template: str) -> None:
        regex, _, convertors, _ = compile_path("/" + template)
        self.convertors = convertors
        parts = parse_path(template)
        first = parts[0]
        single = len(parts) == 1 and not isinstance(first, str)
        self.name = first.name if single and not isinstance(first, str) else ""
        # A whole-segment parameter: fullmatch its transformer's regex, no group bookkeeping.
        self.pattern = re.compile(convertors[self.name].regex) if single else re.compile(regex.pattern[2:])
        self.transform = convertors[self.name].transform if single else None
        # "{name}" (str) accepts any non-empty segment and "{name:int}" ASCII digits: no regex needed.
        self.any_text = single and type(convertors[self.name]) is StringTransformer
        self.digits = single and type(convertors[self.name]) is IntegerTransformer
        # "{name}.{ext}", "{a}-{b}-{c}.txt": only str parameters between literals. Matched by
        # _match_texts in linear time; the equivalent regex backtracks polynomially on client data.
        self.texts: tuple[list[str], list[str]] | None = None
        if not single and all(type(convertor) is StringTransformer for convertor in convertors.values()):
            literals, names = [""], []
            for part in parts:
                if isinstance(part, str):
                    literals[-1] += part
                else:
                    names.append(part.name)
                    literals.append("")
            self.texts = (literals, names)

    def match(self, segment: str) -> dict[str, Any] | None:
        if self.any_text:
            return {self.name: segment} if segment else None
        if self.texts is not None:
            return _match_texts(segment, *self.texts)
        if self.digits:
            if segment.isdigit() and segment.isascii() and len(segment) <= MAX_NUMBER_DIGITS:
                return {self.name: int(segment)}
            return None
        found = self.pattern.fullmatch(segment)
        if found is None:
            return None
        try:
            if self.transform is not None:
                return {self.name: self.transform(segment)}
            return {key: self.convertors[key].transform(value) for key, value in found.groupdict().items()}
        except (ValueError, OverflowError, TypeError):
            return None


def _match_texts(segment: str, literals: list[str], names: list[str]) -> dict[str, str] | None:
    """Match ``L0{p1}L1...{pk}Lk`` (non-empty ``[^/]+`` values) like the greedy regex would.

    Each inner literal is placed as far right as it can go (one ``rfind`` each), leaving one
    character at least for every parameter: that is the regex's first (greedy) match, found in
    linear time; if this placement fails, no placement matches.
    """
    prefix, suffix = literals[0], literals[-1]
    left, right = len(prefix), len(segment) - len(suffix)
    if right - left < len(names) or not segment.startswith(prefix) or not segment.endswith(suffix):
        return None
    ends = [right]  # end of each parameter's value, last parameter first
    for literal in reversed(literals[1:-1]):
        position = segment.rfind(literal, left + 1, right - 1)
        if position < 0:
            return None
        ends.append(position)
        right = position
    # Every value is non-empty by the rfind bounds above: slice them out left to right.
    values: dict[str, str] = {}
    start = left
    for index, end in enumerate(reversed(ends)):
        if index:
            start += len(literals[index])  # the literal before this parameter
        values[names[index]] = segment[start:end]
        start = end
    return values


class _Node:
    __slots__ = ("leaves", "literal", "mounts", "params", "tails")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.params: list[tuple[str, _Segment, _Node]] = []
        self.leaves: list[tuple[int, Any]] = []
        self.mounts: list[tuple[int, Any]] = []
        self.tails: list[tuple[int, Any, re.Pattern[str], dict[str, Transformer[Any]]]] = []

    def child(self, segment: str) -> _Node:
        if not PARAM_REGEX.search(segment):
            node = self.literal.get(segment)
            if node is None:
                node = self.literal[segment] = _Node()
            return node
        for template, _, node in self.params:
            if template == segment:
                return node
        node = _Node()
        self.params.append((segment, _Segment(segment), node))
        return node


class RouteIndex:
    """Candidates for a route path, in declaration order (see the module docstring)."""

    def __init__(self) -> None:
        self.root = _Node()
        self.universal: list[Candidate] = []
        self.static: dict[str, list[Candidate]] = {}
        self._static_paths: list[str] = []

    def add_endpoint(self, index: int, route: Any, template: str) -> None:
        node, rest = self._descend(template.split("/"))
        if rest is None:
            node.leaves.append((index, route))
            if not PARAM_REGEX.search(template):
                self._static_paths.append(template)
            return
        regex, _, convertors, _ = compile_path("/" + rest)
        node.tails.append((index, route, regex, convertors))

    def add_mount(self, index: int, route: Any, prefix: str) -> None:
        node, rest = self._descend(prefix.rstrip("/").split("/"))
        if rest is not None:  # a prefix parameter that spans "/": ask the route itself
            self.add_universal(index, route)
            return
        node.mounts.append((index, route))

    def add_universal(self, index: int, route: Any) -> None:
        self.universal.append((index, route, None, None))

    def _descend(self, segments: list[str]) -> tuple[_Node, str | None]:
        node = self.root
        for position, segment in enumerate(segments):
            if _segment_spans_slash(segment):
                return node, "/".join(segments[position:])
            node = node.child(segment)
        return node, None

    def freeze(self) -> None:
        """Precompute the candidates of every static template (a dict hit per request)."""
        self.static = {path: self.lookup(path) for path in self._static_paths}

    def lookup(self, path: str) -> list[Candidate]:
        segments = path.split("/")
        found: list[Candidate] = []
        start = self.root.literal.get(segments[0])  # "" for every path starting with "/"
        if start is not None:
            _collect(start, segments, 1, {}, found)
        if len(found) > 1:
            found.sort(key=_by_index)
        return found


def _by_index(candidate: Candidate) -> int:
    return candidate[0]


def _collect(node: _Node, segments: list[str], position: int, params: dict[str, Any], found: list[Candidate]) -> None:
    """Append every route matching ``segments[position:]`` below ``node``.

    Literal-only stretches are walked in a loop; only nodes with parameter children recurse.
    """
    total = len(segments)
    while True:
        if position == total:
            for index, route in node.leaves:
                found.append((index, route, params, None))
            return
        if node.mounts:
            prefix = "/".join(segments[:position])
            for index, route in node.mounts:
                found.append((index, route, params, prefix))
        if node.tails:
            _collect_tails(node, "/" + "/".join(segments[position:]), params, found)
        segment = segments[position]
        position += 1
        child = node.literal.get(segment)
        if node.params:
            if child is not None:
                _collect(child, segments, position, params, found)
            for _, matcher, below in node.params:
                got = matcher.match(segment)
                if got is not None:
                    _collect(below, segments, position, {**params, **got} if params else got, found)
            return
        if child is None:
            return
        node = child


def _collect_tails(node: _Node, rest: str, params: dict[str, Any], found: list[Candidate]) -> None:
    for index, route, regex, convertors in node.tails:
        matched = regex.match(rest)
        if matched is None:
            continue
        try:
            values = {key: convertors[key].transform(value) for key, value in matched.groupdict().items()}
        except (ValueError, OverflowError, TypeError):
            continue
        found.append((index, route, {**params, **values}, None))
