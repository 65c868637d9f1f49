"""Provider-neutral messages, requests and responses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from lilya.contrib.ai.exceptions import AIConfigurationError

__all__ = [
    "MessageRole",
    "ChatMessage",
    "PromptRequest",
    "AIUsage",
    "AIResponseChunk",
    "AIResponse",
    "AIConfigurationError",
]

MessageRole = Literal["system", "user", "assistant", "tool"]


@dataclass(slots=True)
class ChatMessage:
    """One message of a conversation; providers translate it to their wire format."""

    role: MessageRole
    content: str
    name: str | None = None
    tool_call_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def system(cls, content: str, **kwargs: Any) -> ChatMessage:
        return cls(role="system", content=content, **kwargs)

    @classmethod
    def user(cls, content: str, **kwargs: Any) -> ChatMessage:
        return cls(role="user", content=content, **kwargs)

    @classmethod
    def assistant(cls, content: str, **kwargs: Any) -> ChatMessage:
        return cls(role="assistant", content=content, **kwargs)

    @classmethod
    def tool(cls, content: str, *, tool_call_id: str, **kwargs: Any) -> ChatMessage:
        return cls(role="tool", content=content, tool_call_id=tool_call_id, **kwargs)


@dataclass(slots=True)
class PromptRequest:
    """A chat request; checked when built, so a bad value never reaches the provider."""

    messages: list[ChatMessage]
    model: str | None = None
    system_prompt: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    top_p: float | None = None
    stop_sequences: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.messages:
            raise AIConfigurationError("PromptRequest requires at least one message.")
        if self.max_tokens is not None and self.max_tokens <= 0:
            raise AIConfigurationError("`max_tokens` must be greater than zero when provided.")
        if self.temperature is not None and self.temperature < 0:
            raise AIConfigurationError("`temperature` must be greater than or equal to zero.")
        if self.top_p is not None and not 0 <= self.top_p <= 1:
            raise AIConfigurationError("`top_p` must be between 0 and 1.")

    def with_system_prompt(self, system_prompt: str | None) -> PromptRequest:
        """A copy with another system prompt (lists and dicts copied too)."""
        return replace(
            self,
            messages=list(self.messages),
            system_prompt=system_prompt,
            stop_sequences=list(self.stop_sequences),
            metadata=dict(self.metadata),
            extra=dict(self.extra),
        )


def _count(data: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = data.get(key, default)
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


@dataclass(slots=True)
class AIUsage:
    """Token counts of one answer."""

    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any] | None,
        *,
        input_key: str = "prompt_tokens",
        output_key: str = "completion_tokens",
        total_key: str = "total_tokens",
    ) -> AIUsage | None:
        """The usage in a provider's mapping (OpenAI's key names by default); None when absent.

        A count that is not a number counts as 0 rather than failing the whole answer.
        """
        if not data or not isinstance(data, Mapping):
            return None
        used_in, used_out = _count(data, input_key), _count(data, output_key)
        return cls(used_in, used_out, _count(data, total_key, used_in + used_out))


@dataclass(slots=True)
class AIResponseChunk:
    """One piece of a streamed answer (`text` and `delta` are the new text)."""

    text: str = ""
    delta: str = ""
    model: str | None = None
    provider: str | None = None
    finish_reason: str | None = None
    raw: Any | None = None


@dataclass(slots=True)
class AIResponse:
    """A whole answer."""

    text: str
    model: str | None = None
    provider: str | None = None
    finish_reason: str | None = None
    usage: AIUsage | None = None
    raw: Any | None = None
