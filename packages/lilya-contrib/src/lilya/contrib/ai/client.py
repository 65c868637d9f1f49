"""AIClient: the provider-neutral API handlers use (prompt, chat, stream) with defaults applied."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from lilya.contrib.ai.exceptions import AIConfigurationError, ProviderNotConfigured
from lilya.contrib.ai.providers.base import AIProvider, closing_iterator
from lilya.contrib.ai.types import AIResponse, AIResponseChunk, ChatMessage, PromptRequest

__all__ = [
    "AIClient",
    "AIConfigurationError",
    "ProviderNotConfigured",
    "AIProvider",
    "AIResponse",
    "AIResponseChunk",
    "ChatMessage",
    "PromptRequest",
]


class AIClient:
    """Sends prompts through one provider; `default_model`/`default_system_prompt` fill what a call leaves out."""

    def __init__(
        self,
        provider: AIProvider | None,
        *,
        default_model: str | None = None,
        default_system_prompt: str | None = None,
    ) -> None:
        if provider is None:
            raise ProviderNotConfigured("AIClient requires a configured provider instance.")
        self.provider = provider
        self.default_model = default_model
        self.default_system_prompt = default_system_prompt

    async def startup(self) -> None:
        """Open the provider (its HTTP connection pool)."""
        await self.provider.startup()

    async def shutdown(self) -> None:
        """Close the provider."""
        await self.provider.shutdown()

    async def prompt(
        self,
        prompt: str,
        *,
        model: str | None = None,
        system_prompt: str | None = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
        top_p: float | None = None,
        stop_sequences: Sequence[str] | None = None,
        metadata: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> AIResponse:
        """One user message, one answer."""
        return await self.chat(
            [ChatMessage.user(prompt)],
            model=model,
            system_prompt=system_prompt,
            temperature=temperature,
            max_tokens=max_tokens,
            top_p=top_p,
            stop_sequences=stop_sequences,
            metadata=metadata,
            extra=extra,
        )

    async def chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        model: str | None = None,
        system_prompt: str | None = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
        top_p: float | None = None,
        stop_sequences: Sequence[str] | None = None,
        metadata: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> AIResponse:
        """A conversation, one answer."""
        request = self._request(
            messages, model, system_prompt, temperature, max_tokens, top_p, stop_sequences, metadata, extra
        )
        return await self.provider.complete(request)

    async def stream(
        self,
        prompt: str,
        *,
        model: str | None = None,
        system_prompt: str | None = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
        top_p: float | None = None,
        stop_sequences: Sequence[str] | None = None,
        metadata: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> AsyncIterator[AIResponseChunk]:
        """One user message, the answer in chunks as the provider sends them."""
        chunks = self.stream_chat(
            [ChatMessage.user(prompt)],
            model=model,
            system_prompt=system_prompt,
            temperature=temperature,
            max_tokens=max_tokens,
            top_p=top_p,
            stop_sequences=stop_sequences,
            metadata=metadata,
            extra=extra,
        )
        async with closing_iterator(chunks):
            async for chunk in chunks:
                yield chunk

    async def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        model: str | None = None,
        system_prompt: str | None = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
        top_p: float | None = None,
        stop_sequences: Sequence[str] | None = None,
        metadata: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> AsyncIterator[AIResponseChunk]:
        """A conversation, the answer in chunks."""
        request = self._request(
            messages, model, system_prompt, temperature, max_tokens, top_p, stop_sequences, metadata, extra
        )
        async with closing_iterator(self.provider.stream(request)) as chunks:
            async for chunk in chunks:
                yield chunk

    def _request(
        self,
        messages: Sequence[ChatMessage],
        model: str | None,
        system_prompt: str | None,
        temperature: float | None,
        max_tokens: int | None,
        top_p: float | None,
        stop_sequences: Sequence[str] | None,
        metadata: dict[str, Any] | None,
        extra: dict[str, Any] | None,
    ) -> PromptRequest:
        if not messages:
            raise AIConfigurationError("AIClient requires at least one message.")
        chosen = model or self.default_model
        if not chosen:
            raise AIConfigurationError("No model was provided. Set `default_model` on the AIClient or pass `model=`.")
        return PromptRequest(
            messages=list(messages),
            model=chosen,
            system_prompt=system_prompt or self.default_system_prompt,
            temperature=temperature,
            max_tokens=max_tokens,
            top_p=top_p,
            stop_sequences=list(stop_sequences or ()),
            metadata=dict(metadata or {}),
            extra=dict(extra or {}),
        )
