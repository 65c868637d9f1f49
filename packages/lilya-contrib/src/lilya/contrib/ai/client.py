"""AIClient: the provider-neutral API handlers use (prompt, chat, stream) with defaults applied."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from lilya.contrib.ai.exceptions import AIConfigurationError, ProviderNotConfigured
from lilya.contrib.ai.providers.base import AIProvider, closing_iterator
from lilya.contrib.ai.types import AIResponse, AIResponseChunk, ChatMessage, PromptRequest

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = [
    "AIClient",
    "PromptOptions",
    "AIConfigurationError",
    "ProviderNotConfigured",
    "AIProvider",
    "AIResponse",
    "AIResponseChunk",
    "ChatMessage",
    "PromptRequest",
]


class PromptOptions(TypedDict, total=False):
    """The keyword arguments of every `AIClient` call: unset ones fall back to the client's defaults."""

    model: str | None
    system_prompt: str | None
    temperature: float | None
    max_tokens: int | None
    top_p: float | None
    stop_sequences: Sequence[str] | None
    metadata: dict[str, Any] | None
    extra: dict[str, Any] | None


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

    async def prompt(self, prompt: str, **options: Unpack[PromptOptions]) -> AIResponse:
        """One user message, one answer."""
        return await self.chat([ChatMessage.user(prompt)], **options)

    async def chat(self, messages: Sequence[ChatMessage], **options: Unpack[PromptOptions]) -> AIResponse:
        """A conversation, one answer."""
        return await self.provider.complete(self._request(messages, options))

    async def stream(self, prompt: str, **options: Unpack[PromptOptions]) -> AsyncIterator[AIResponseChunk]:
        """One user message, the answer in chunks as the provider sends them."""
        chunks = self.stream_chat([ChatMessage.user(prompt)], **options)
        async with closing_iterator(chunks):
            async for chunk in chunks:
                yield chunk

    async def stream_chat(
        self, messages: Sequence[ChatMessage], **options: Unpack[PromptOptions]
    ) -> AsyncIterator[AIResponseChunk]:
        """A conversation, the answer in chunks."""
        async with closing_iterator(self.provider.stream(self._request(messages, options))) as chunks:
            async for chunk in chunks:
                yield chunk

    def _request(self, messages: Sequence[ChatMessage], options: PromptOptions) -> PromptRequest:
        unknown = options.keys() - PromptOptions.__optional_keys__
        if unknown:  # what an explicit signature would refuse
            raise TypeError(f"unexpected keyword arguments: {sorted(unknown)}")
        if not messages:
            raise AIConfigurationError("AIClient requires at least one message.")
        chosen = options.get("model") or self.default_model
        if not chosen:
            raise AIConfigurationError("No model was provided. Set `default_model` on the AIClient or pass `model=`.")
        return PromptRequest(
            messages=list(messages),
            model=chosen,
            system_prompt=options.get("system_prompt") or self.default_system_prompt,
            temperature=options.get("temperature"),
            max_tokens=options.get("max_tokens"),
            top_p=options.get("top_p"),
            stop_sequences=list(options.get("stop_sequences") or ()),
            metadata=dict(options.get("metadata") or {}),
            extra=dict(options.get("extra") or {}),
        )
