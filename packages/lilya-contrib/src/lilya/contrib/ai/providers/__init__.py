"""The providers: OpenAI-compatible APIs (OpenAI, Groq, Mistral, others) and Anthropic."""

from lilya.contrib.ai.providers.anthropic import AnthropicProvider
from lilya.contrib.ai.providers.base import AIProvider, BaseAIProvider, BaseHTTPProvider
from lilya.contrib.ai.providers.openai import GroqProvider, MistralProvider, OpenAICompatibleProvider, OpenAIProvider

__all__ = [
    "AIProvider",
    "BaseAIProvider",
    "BaseHTTPProvider",
    "OpenAICompatibleProvider",
    "OpenAIProvider",
    "GroqProvider",
    "MistralProvider",
    "AnthropicProvider",
]
