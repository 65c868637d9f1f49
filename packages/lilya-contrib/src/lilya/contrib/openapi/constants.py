"""Fixed values of the OpenAPI document: reference prefixes and which methods carry a body."""

from __future__ import annotations

__all__ = [
    "METHODS_WITH_BODY",
    "REF_PREFIX",
    "REF_TEMPLATE",
    "REQUEST_BODY_METHODS",
    "WRITING_METHODS",
    "WRITING_STATUS_MAPPING",
]

METHODS_WITH_BODY = {"GET", "HEAD", "QUERY", "POST", "PUT", "DELETE", "PATCH"}
REF_PREFIX = "#/components/schemas/"
REF_TEMPLATE = "#/components/schemas/{model}"
# Operations whose documented requestBody is emitted (lower case, as in the document's keys).
REQUEST_BODY_METHODS = {"query", "post", "put", "patch"}
WRITING_METHODS = {"post", "put", "patch"}
WRITING_STATUS_MAPPING = {"post": 201, "put": 200, "patch": 200}
