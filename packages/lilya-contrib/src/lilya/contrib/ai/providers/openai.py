"""Providers for OpenAI's `/chat/completions` and the APIs that copy it (Groq, Mistral, local servers)."""

from __future__ import annotations

from typing import Any

from lilya.contrib.ai.config import GroqConfig, MistralConfig, OpenAICompatibleConfig, OpenAIConfig
from lilya.contrib.ai.exceptions import AIConfigurationError, AIProviderError, AIResponseError
from lilya.contrib.ai.providers.base import BaseHTTPProvider, ChatProvider
from lilya.contrib.ai.types import AIResponse, AIResponseChunk, AIUsage, ChatMessage, PromptRequest

__all__ = [
    "OpenAICompatibleProvider",
    "OpenAIProvider",
    "GroqProvider",
    "MistralProvider",
    "GroqConfig",
    "MistralConfig",
    "OpenAICompatibleConfig",
    "OpenAIConfig",
    "AIConfigurationError",
    "AIProviderError",
    "AIResponseError",
    "BaseHTTPProvider",
    "AIResponse",
    "AIResponseChunk",
    "AIUsage",
    "ChatMessage",
    "PromptRequest",
]


class OpenAICompatibleProvider(ChatProvider):
    """Chat completions, whole or streamed (`stream: true`, server-sent events ending with `[DONE]`)."""

    name = "openai-compatible"
    end_of_stream = "[DONE]"

    def __init__(self, config: OpenAICompatibleConfig) -> None:
        headers = {"Authorization": f"Bearer {config.api_key}", "Content-Type": "application/json", **config.headers}
        if config.organization:
            headers["OpenAI-Organization"] = config.organization
        if config.project:
            headers["OpenAI-Project"] = config.project
        super().__init__(timeout=config.timeout, headers=headers)
        self.config = config
        self.name = config.provider_name
        self._url = f"{config.base_url.rstrip('/')}/chat/completions"

    def _build_payload(self, request: PromptRequest, *, stream: bool) -> dict[str, Any]:
        if not request.model:
            raise AIConfigurationError(f"{type(self).__name__} requires a model to be set on the request.")
        required = {
            "model": request.model,
            "messages": self._serialize_messages(request.messages, request.system_prompt),
            "stream": stream,
        }
        optional = {
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            "top_p": request.top_p,
            "stop": request.stop_sequences or None,
            "metadata": request.metadata or None,
        }
        return self._payload(required, optional, request.extra)

    @staticmethod
    def _serialize_messages(messages: list[ChatMessage], system_prompt: str | None) -> list[dict[str, Any]]:
        serialized: list[dict[str, Any]] = [{"role": "system", "content": system_prompt}] if system_prompt else []
        for message in messages:
            item: dict[str, Any] = {"role": message.role, "content": message.content}
            if message.name:
                item["name"] = message.name
            if message.tool_call_id:
                item["tool_call_id"] = message.tool_call_id
            serialized.append(item)
        return serialized

    def _parse_response(self, data: dict[str, Any]) -> AIResponse:
        choice = _first_choice(data)
        message = choice.get("message")
        if not isinstance(message, dict):
            raise AIResponseError(f"{self.name} answer has no message in its first choice.")
        return AIResponse(
            text=_text(message.get("content")),
            model=data.get("model"),
            provider=self.name,
            finish_reason=choice.get("finish_reason"),
            usage=AIUsage.from_mapping(data.get("usage")),
            raw=data,
        )

    def _parse_stream_event(self, data: dict[str, Any]) -> AIResponseChunk | None:
        if "error" in data and "choices" not in data:  # an error reported inside the stream
            raise AIProviderError(f"{self.name} reported an error mid-stream: {data['error']!r}")
        choice = _first_choice(data)
        delta = choice.get("delta")
        text = _text(delta.get("content")) if isinstance(delta, dict) else ""
        finish_reason = choice.get("finish_reason")
        if not text and not finish_reason:
            return None
        return AIResponseChunk(
            text=text, delta=text, model=data.get("model"), provider=self.name, finish_reason=finish_reason, raw=data
        )


def _first_choice(data: dict[str, Any]) -> dict[str, Any]:
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise AIResponseError("OpenAI-compatible answer did not contain a valid choice.")
    return choices[0]


def _text(content: Any) -> str:
    """Message content: a string, null, or a list of parts (only the text parts count)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    if content is None:
        return ""
    raise AIResponseError(f"Message content has an unexpected type: {type(content).__name__}")


class OpenAIProvider(OpenAICompatibleProvider):
    """OpenAI's hosted API."""

    def __init__(self, config: OpenAIConfig) -> None:
        super().__init__(config)


class GroqProvider(OpenAICompatibleProvider):
    """Groq's OpenAI-compatible API."""

    def __init__(self, config: GroqConfig) -> None:
        super().__init__(config)


class MistralProvider(OpenAICompatibleProvider):
    """Mistral's OpenAI-compatible API."""

    def __init__(self, config: MistralConfig) -> None:
        super().__init__(config)
