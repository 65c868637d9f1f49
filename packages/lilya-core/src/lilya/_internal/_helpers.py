"""HTTP header rules that responses apply (RFC 9110/9112): which statuses carry a body, which
headers describe the entity, how a content type gets its charset."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

__all__ = ["HeaderHelper"]

_ENTITY_HEADERS = frozenset(
    {
        "allow",
        "content-encoding",
        "content-language",
        "content-length",
        "content-location",
        "content-md5",
        "content-range",
        "content-type",
        "expires",
        "last-modified",
        "extension-header",
    }
)


class HeaderHelper:
    """Namespace of header rules; every method is a classmethod so subclasses may adjust them."""

    entity_headers: frozenset[str] = _ENTITY_HEADERS

    @classmethod
    def is_entity_header(cls, header: str) -> bool:
        return header.lower() in cls.entity_headers

    @classmethod
    def has_entity_header_status(cls, status_code: int) -> bool:
        """304 and 412 describe no entity, so entity headers are dropped from them."""
        return status_code in (304, 412)

    @classmethod
    def remove_entity_headers(
        cls, headers: Mapping[str, str], allowed: tuple[str, ...] | None = None
    ) -> dict[str, str]:
        keep = {h.lower() for h in (allowed if allowed is not None else ("content-location", "expires"))}
        return {k: v for k, v in headers.items() if not cls.is_entity_header(k) or k.lower() in keep}

    @classmethod
    def has_body_message(cls, status_code: int) -> bool:
        """1xx, 204 and 304 responses must not carry a body nor a content-length."""
        return status_code >= 200 and status_code not in (204, 304)

    @classmethod
    def get_content_type(cls, charset: str, media_type: str | None = None) -> str | None:
        if media_type is None:
            return None
        return _content_type(str(media_type), charset)


@lru_cache(maxsize=256)
def _content_type(media_type: str, charset: str) -> str:
    # cached: the same few media types are formatted on every response
    if media_type.startswith("text/") and "charset=" not in media_type.lower():
        return f"{media_type}; charset={charset}"
    return media_type
