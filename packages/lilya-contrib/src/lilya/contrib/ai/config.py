"""Provider settings: key, base URL, timeout, extra headers (checked when built)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lilya.contrib.ai.exceptions import AIConfigurationError

__all__ = [
    "AIProviderConfig",
    "OpenAICompatibleConfig",
    "OpenAIConfig",
    "GroqConfig",
    "MistralConfig",
    "AnthropicConfig",
    "AIConfigurationError",
]


@dataclass(slots=True)
class AIProviderConfig:
    """What every HTTP provider needs; an empty key or URL or a non-positive timeout is refused."""

    api_key: str
    base_url: str
    timeout: float = 30.0
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.api_key:
            raise AIConfigurationError("`api_key` is required for AI provider configuration.")
        if not self.base_url:
            raise AIConfigurationError("`base_url` is required for AI provider configuration.")
        if self.timeout <= 0:
            raise AIConfigurationError("`timeout` must be greater than zero.")

    def __repr__(self) -> str:  # the key never ends up in logs or tracebacks
        return f"{type(self).__name__}(base_url={self.base_url!r}, timeout={self.timeout!r}, api_key='***')"


@dataclass(slots=True, repr=False)
class OpenAICompatibleConfig(AIProviderConfig):
    """Any API speaking OpenAI's `/chat/completions`."""

    base_url: str = "https://api.openai.com/v1"
    provider_name: str = "openai-compatible"
    organization: str | None = None
    project: str | None = None


@dataclass(slots=True, repr=False)
class OpenAIConfig(OpenAICompatibleConfig):
    provider_name: str = "openai"


@dataclass(slots=True, repr=False)
class GroqConfig(OpenAICompatibleConfig):
    base_url: str = "https://api.groq.com/openai/v1"
    provider_name: str = "groq"


@dataclass(slots=True, repr=False)
class MistralConfig(OpenAICompatibleConfig):
    base_url: str = "https://api.mistral.ai/v1"
    provider_name: str = "mistral"


@dataclass(slots=True, repr=False)
class AnthropicConfig(AIProviderConfig):
    """Anthropic's messages API; `default_max_tokens` is sent when a request sets none (it is required)."""

    base_url: str = "https://api.anthropic.com/v1"
    anthropic_version: str = "2023-06-01"
    default_max_tokens: int = 1024

    def __post_init__(self) -> None:
        AIProviderConfig.__post_init__(self)
        if self.default_max_tokens <= 0:
            raise AIConfigurationError("`default_max_tokens` must be greater than zero.")
