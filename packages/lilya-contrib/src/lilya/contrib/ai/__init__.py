"""Talk to LLM providers (OpenAI, Anthropic, Groq, Mistral, any OpenAI-compatible API) over httpx (`ai` extra)."""

from lilya.contrib.ai.client import AIClient
from lilya.contrib.ai.config import (
    AIProviderConfig,
    AnthropicConfig,
    GroqConfig,
    MistralConfig,
    OpenAICompatibleConfig,
    OpenAIConfig,
)
from lilya.contrib.ai.dependencies import AI
from lilya.contrib.ai.exceptions import (
    AIConfigurationError,
    AIError,
    AIProviderError,
    AIResponseError,
    ProviderNotConfigured,
)
from lilya.contrib.ai.providers import (
    AIProvider,
    AnthropicProvider,
    GroqProvider,
    MistralProvider,
    OpenAICompatibleProvider,
    OpenAIProvider,
)
from lilya.contrib.ai.startup import setup_ai
from lilya.contrib.ai.types import AIResponse, AIResponseChunk, AIUsage, ChatMessage, PromptRequest

__all__ = [
    "AI",
    "AIClient",
    "AIConfigurationError",
    "AIError",
    "AIProvider",
    "AIProviderConfig",
    "AIProviderError",
    "AIResponse",
    "AIResponseChunk",
    "AIResponseError",
    "AIUsage",
    "AnthropicConfig",
    "AnthropicProvider",
    "ChatMessage",
    "GroqConfig",
    "GroqProvider",
    "MistralConfig",
    "MistralProvider",
    "OpenAICompatibleConfig",
    "OpenAICompatibleProvider",
    "OpenAIConfig",
    "OpenAIProvider",
    "PromptRequest",
    "ProviderNotConfigured",
    "setup_ai",
]
