"""Every public name Lilya 0.29 exposes in lilya.apps and lilya.introspection exists here."""

from __future__ import annotations

import importlib
import inspect
import json
import pathlib

import pytest

SPEC = pathlib.Path(__file__).resolve().parents[1] / "spec" / "names.json"


@pytest.mark.parametrize("module_name", ["lilya.apps", "lilya.introspection"])
def test_spec_names_exist(module_name: str) -> None:
    names = json.loads(SPEC.read_text())[module_name]
    module = importlib.import_module(module_name)
    assert [name for name in names if not hasattr(module, name)] == []


def test_constructor_keeps_lilya_029_parameters_in_order() -> None:
    from lilya.apps import ChildLilya, Lilya

    expected = [
        "debug", "settings_module", "routes", "middleware", "exception_handlers", "dependencies",
        "permissions", "on_startup", "on_shutdown", "before_request", "after_request",
        "redirect_slashes", "lifespan", "include_in_schema", "logging_config", "serializer_config",
        "populate_global_context", "enable_openapi", "openapi_config",
        "enable_intercept_global_exceptions", "root_path", "infer_body",
    ]  # fmt: skip
    for cls in (Lilya, ChildLilya):
        parameters = inspect.signature(cls).parameters
        assert list(parameters)[: len(expected)] == expected
        assert parameters["max_body_size"].kind is inspect.Parameter.KEYWORD_ONLY
    assert Lilya.register_as_global_instance is True and ChildLilya.register_as_global_instance is False
