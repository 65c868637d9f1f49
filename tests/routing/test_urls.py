"""Route modules (``include``) and ``reverse``."""

from __future__ import annotations

import pytest

from lilya._internal._urls import include, reverse
from lilya.exceptions import ImproperlyConfigured
from lilya.routing import Include, Path, Router


def test_include_reads_route_patterns_or_a_named_pattern() -> None:
    assert [route.path for route in include("tests.routing.route_module")] == ["/", "/{pk:int}"]
    assert [route.path for route in include("tests.routing.route_module", pattern="admin_patterns")] == ["/panel"]
    routes = [Path("/a", lambda: None)]
    assert include(routes) == routes


def test_include_explains_a_missing_or_wrong_pattern() -> None:
    with pytest.raises(ImproperlyConfigured, match="has no 'nope'"):
        include("tests.routing.route_module", pattern="nope")
    with pytest.raises(ImproperlyConfigured, match="must be a list of routes"):
        include("tests.routing.route_module", pattern="__name__")


def test_reverse_through_the_app() -> None:
    router = Router(routes=[Include("/mod", namespace="tests.routing.route_module", name="mod")])
    assert reverse("mod:detail", app=router, path_params={"pk": 3}) == "/mod/3"
    assert reverse("mod:detail", app=router, pk=4) == "/mod/4"
    with pytest.raises(ImproperlyConfigured, match="needs the application"):
        reverse("mod:detail", path_params={"pk": 3})
