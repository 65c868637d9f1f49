"""XML, YAML and MessagePack responses; optional libraries say what to install."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from lilya.exceptions import MissingDependency
from lilya.responses import MessagePackResponse, XMLResponse, YAMLResponse
from tests.conftest import TestClientFactory
from tests.core._output_support import as_app


def test_xml(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(as_app(lambda scope: XMLResponse({"a": {"b": [1, 2]}, "c": "<&>"}))).get("/")
    assert response.headers["content-type"] == "application/xml"
    assert response.text == "<root><a><b>1</b><b>2</b></a><c>&lt;&amp;&gt;</c></root>"
    assert XMLResponse([1, 2]).body == b"<root>1</root><root>2</root>"
    assert XMLResponse("<x/>").body == b"<x/>"
    assert XMLResponse(b"<y/>").body == b"<y/>"
    assert XMLResponse(None).body == b""


def test_yaml(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(as_app(lambda scope: YAMLResponse({"b": 1, "a": [1, 2]}))).get("/")
    assert response.headers["content-type"] == "application/x-yaml"
    assert response.text == "b: 1\na:\n- 1\n- 2\n"


def test_messagepack(test_client_factory: TestClientFactory) -> None:
    import msgpack  # type: ignore[import-not-found,unused-ignore]

    response = test_client_factory(as_app(lambda scope: MessagePackResponse({"a": 1, "b": b"x"}))).get("/")
    assert response.headers["content-type"] == "application/x-msgpack"
    assert msgpack.unpackb(response.content, raw=False) == {"a": 1, "b": b"x"}
    assert MessagePackResponse(None).body == b""


@pytest.mark.parametrize(
    ("cls", "module", "package"), [(YAMLResponse, "yaml", "pyyaml"), (MessagePackResponse, "msgpack", "msgpack")]
)
def test_missing_optional_library(monkeypatch: pytest.MonkeyPatch, cls: Any, module: str, package: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingDependency, match=f"pip install {package}"):
        cls({"a": 1})
