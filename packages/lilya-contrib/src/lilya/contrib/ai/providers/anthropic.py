"""Provider for Anthropic's messages API (`/messages`), whole or streamed."""

from __future__ import annotations

from typing import Any

from lilya.contrib.ai.config import AnthropicConfig
from lilya.contrib.ai.exceptions import AIConfigurationError, AIProviderError, AIResponseError
from lilya.contrib.ai.providers.base import BaseHTTPProvider, ChatProvider
from lilya.contrib.ai.types import AIResponse, AIResponseChunk, AIUsage, ChatMessage, PromptRequest

__all__ = [
    "AnthropicProvider",
    "AnthropicConfig",
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


class AnthropicProvider(ChatProvider):
    """System messages go to the top-level `system` field; `max_tokens` defaults to the config's."""

    name = "anthropic"

    def __init__(self, config: AnthropicConfig) -> None:
        headers = {
            "x-api-key": config.api_key,
            "anthropic-version": config.anthropic_version,
            "Content-Type": "application/json",
            **config.headers,
        }
        super().__init__(timeout=config.timeout, headers=headers)
        self.config = config
        self._url = f"{config.base_url.rstrip('/')}/messages"

    def _build_payload(self, request: PromptRequest, *, stream: bool) -> dict[str, Any]:
        if not request.model:
            raise AIConfigurationError("AnthropicProvider requires a model to be set on the request.")
        system, messages = self._split_system_messages(request.messages, request.system_prompt)
        required = {
            "model": request.model,
            "messages": messages,
            "max_tokens": request.max_tokens or self.config.default_max_tokens,
            "stream": stream,
        }
        optional = {
            "system": system,
            "temperature": request.temperature,
            "top_p": request.top_p,
            "stop_sequences": request.stop_sequences or None,
            "metadata": request.metadata or None,
        }
        return self._payload(required, optional, request.extra)

    @staticmethod
    def _split_system_messages(
        messages: list[ChatMessage], system_prompt: str | None
    ) -> tuple[str | None, list[dict[str, Any]]]:
        """(the system prompt and system messages joined by blank lines, the other messages)."""
        system = [system_prompt] if system_prompt else []
        rest: list[dict[str, Any]] = []
        for message in messages:
            if message.role == "system":
                system.append(message.content)
                continue
            item: dict[str, Any] = {"role": message.role, "content": message.content}
            if message.name:
                item["name"] = message.name
            rest.append(item)
        return "\n\n".join(part for part in system if part) or None, rest

    def _parse_response(self, data: dict[str, Any]) -> AIResponse:
        content = data.get("content")
        if not isinstance(content, list) or not content:
            raise AIResponseError("Anthropic response did not contain any content blocks.")
        text = "".join(
            str(block.get("text", "")) for block in content if isinstance(block, dict) and block.get("type") == "text"
        )
        usage_data = data.get("usage")
        usage = (
            AIUsage.from_mapping(
                usage_data if isinstance(usage_data, dict) else None,
                input_key="input_tokens",
                output_key="output_tokens",
                total_key="total_tokens",
            )
            or AIUsage()
        )
        return AIResponse(
            text=text,
            model=data.get("model"),
            provider=self.name,
            finish_reason=data.get("stop_reason"),
            usage=usage,
            raw=data,
        )

    def _parse_stream_event(self, data: dict[str, Any]) -> AIResponseChunk | None:
        kind = data.get("type")
        if kind == "error":
            raise AIProviderError(f"anthropic reported an error mid-stream: {data.get('error')!r}")
        if kind == "content_block_delta":
            delta = data.get("delta")
            text = delta.get("text") if isinstance(delta, dict) else None
            if not isinstance(text, str) or not text:
                return None
            return AIResponseChunk(text=text, delta=text, model=data.get("model"), provider=self.name, raw=data)
        if kind == "message_stop":
            return AIResponseChunk(
                model=data.get("model"), provider=self.name, finish_reason=data.get("stop_reason"), raw=data
            )
        return None
