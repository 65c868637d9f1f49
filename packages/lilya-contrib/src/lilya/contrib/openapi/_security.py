"""Security requirements of operations and the ``components.securitySchemes`` they name.

``@openapi(security=[...])`` stores each requirement as ``{scheme name: scheme object}`` (or,
given as a dict, as written). Lilya 0.29 writes that object both into the operation and into
the components; ``strict=True`` writes the standard shape instead: the operation's requirement
lists scopes (``{"name": []}``) and the component keeps only the Security Scheme Object fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["SecuritySchemes"]

_SCHEME_FIELDS = {
    "type",
    "description",
    "name",
    "in",
    "scheme",
    "bearerFormat",
    "flows",
    "openIdConnectUrl",
    "oauth2MetadataUrl",
    "deprecated",
}
_FLOW_FIELDS = {"authorizationUrl", "deviceAuthorizationUrl", "tokenUrl", "refreshUrl", "scopes"}


def _standard_scheme(scheme: Mapping[str, Any]) -> dict[str, Any]:
    clean = {key: value for key, value in scheme.items() if key in _SCHEME_FIELDS or key.startswith("x-")}
    flows = clean.get("flows")
    if isinstance(flows, Mapping):
        clean["flows"] = {
            kind: {"scopes": {}, **{k: v for k, v in flow.items() if k in _FLOW_FIELDS and v is not None}}
            for kind, flow in flows.items()
            if isinstance(flow, Mapping)
        }
    return clean


class SecuritySchemes:
    """Collects the schemes the operations of one document use."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self.schemes: dict[str, Any] = {}

    def requirements(self, security: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]] | None:
        """The operation's ``security`` list; every scheme object is registered once by name."""
        if not security:
            return None
        written: list[dict[str, Any]] = []
        for requirement in security:
            entry: dict[str, Any] = {}
            for name, value in requirement.items():
                if isinstance(value, Mapping):  # a scheme object (a list is already a requirement)
                    self.schemes.setdefault(name, _standard_scheme(value) if self.strict else value)
                    entry[name] = [] if self.strict else value
                else:
                    entry[name] = value
            written.append(entry)
        return written
