"""AIClient defaults and streaming, setup_ai's lifecycle and the AI dependency inside a Lilya app."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import aclosing

import httpx
import pytest

from lilya.apps import Lilya
from lilya.contrib.ai import (
    AI,
    AIClient,
    AIConfigurationError,
    AIResponse,
    AIResponseChunk,
    AIUsage,
    ChatMessage,
    OpenAIConfig,
    OpenAIProvider,
    PromptRequest,
    ProviderNotConfigured,
    setup_ai,
)
from lilya.contrib.ai.providers.base import AIProvider, BaseAIProvider
from lilya.dependencies import Provide
from lilya.responses import JSONResponse, StreamingResponse
from lilya.routing import Path
from tests.conftest import TestClientFactory
from tests.contrib.ai._fakes import sse, wired


class Echo(BaseAIProvider):
    """Answers with the last message; streams it word by word."""

    name = "echo"

    def __init__(self) -> None:
        self.requests: list[PromptRequest] = []
        self.events: list[str] = []

    async def startup(self) -> None:
        self.events.append("startup")

    async def shutdown(self) -> None:
        self.events.append("shutdown")

    async def complete(self, request: PromptRequest) -> AIResponse:
        self.requests.append(request)
        return AIResponse(text=request.messages[-1].content, model=request.model, provider=self.name)

    async def stream(self, request: PromptRequest) -> AsyncIterator[AIResponseChunk]:
        self.requests.append(request)
        for word in request.messages[-1].content.split():
            yield AIResponseChunk(text=word, delta=word, provider=self.name)


@pytest.mark.anyio
async def test_prompt_applies_the_client_defaults_and_a_call_overrides_them() -> None:
    provider = Echo()
    client = AIClient(provider, default_model="base", default_system_prompt="be kind")
    assert (await client.prompt("hello")).text == "hello"
    first = provider.requests[-1]
    assert (first.model, first.system_prompt, first.messages) == ("base", "be kind", [ChatMessage.user("hello")])
    await client.chat(
        [ChatMessage.user("a")], model="other", system_prompt="terse", stop_sequences=("x",), extra={"k": 1}
    )
    second = provider.requests[-1]
    assert (second.model, second.system_prompt, second.stop_sequences, second.extra) == (
        "other",
        "terse",
        ["x"],
        {"k": 1},
    )


@pytest.mark.anyio
async def test_wrong_calls_fail_before_reaching_the_provider() -> None:
    provider = Echo()
    with pytest.raises(AIConfigurationError, match="model"):
        await AIClient(provider).prompt("hi")
    with pytest.raises(AIConfigurationError, match="at least one message"):
        await AIClient(provider, default_model="m").chat([])
    with pytest.raises(AIConfigurationError, match="top_p"):
        await AIClient(provider, default_model="m").prompt("hi", top_p=2)
    with pytest.raises(AIConfigurationError, match="max_tokens"):
        await AIClient(provider, default_model="m").prompt("hi", max_tokens=0)
    with pytest.raises(ProviderNotConfigured):
        AIClient(None)
    with pytest.raises(TypeError, match="unexpected keyword arguments: \\['temprature'\\]"):
        await AIClient(provider, default_model="m").prompt("hi", temprature=0.5)  # type: ignore[call-arg]
    assert provider.requests == []


@pytest.mark.anyio
async def test_stream_yields_the_providers_chunks_and_stops_cleanly_when_left_early() -> None:
    client = AIClient(Echo(), default_model="m")
    assert [c.delta async for c in client.stream("one two three")] == ["one", "two", "three"]
    async with aclosing(client.stream_chat([ChatMessage.user("first second")])) as chunks:
        async for chunk in chunks:
            assert chunk.text == "first"
            break


@pytest.mark.anyio
async def test_a_real_provider_behind_the_client_streams_over_http() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        events = [json.dumps({"choices": [{"delta": {"content": w}, "finish_reason": None}]}) for w in ("a", "b")]
        return httpx.Response(200, content=sse(*events, "[DONE]"))

    client = AIClient(wired(OpenAIProvider(OpenAIConfig(api_key="k")), handler), default_model="m")
    assert [c.text async for c in client.stream("x")] == ["a", "b"]


def test_the_base_provider_fits_the_protocol_and_types_have_helpers() -> None:
    provider: AIProvider = Echo()
    assert provider.name == "echo"
    assert ChatMessage.system("s").role == "system" and ChatMessage.assistant("a").role == "assistant"
    request = PromptRequest(messages=[ChatMessage.user("u")], model="m", metadata={"a": 1})
    copy = request.with_system_prompt("new")
    assert copy.system_prompt == "new" and copy.metadata == {"a": 1} and copy.metadata is not request.metadata
    assert AIUsage.from_mapping(None) is None
    assert AIUsage.from_mapping({"prompt_tokens": 2, "completion_tokens": 3}) == AIUsage(2, 3, 5)
    assert AIUsage.from_mapping({"prompt_tokens": "many"}) == AIUsage(0, 0, 0)


def test_setup_ai_serves_the_client_through_the_dependency(test_client_factory: TestClientFactory) -> None:
    provider = Echo()

    async def generate(ai: AIClient) -> JSONResponse:
        return JSONResponse({"text": (await ai.prompt("hi there")).text})

    async def words(ai: AIClient) -> StreamingResponse:
        async def body() -> AsyncIterator[str]:
            async for chunk in ai.stream("x y"):
                yield chunk.delta + "\n"

        return StreamingResponse(body(), media_type="text/plain")

    app = Lilya(
        routes=[Path("/generate", generate, methods=["POST"]), Path("/words", words)],
        dependencies={"ai": AI},
    )
    client = AIClient(provider, default_model="m")
    setup_ai(app, client=client)
    assert app.state.ai is client
    with test_client_factory(app) as http:
        assert http.post("/generate").json() == {"text": "hi there"}
        assert http.get("/words").text == "x\ny\n"
        assert provider.events == ["startup"]
    assert provider.events == ["startup", "shutdown"]


def test_setup_ai_without_lifecycle_and_under_another_name(test_client_factory: TestClientFactory) -> None:
    provider = Echo()
    app = Lilya()
    setup_ai(app, client=AIClient(provider, default_model="m"), attach_lifecycle=False, state_attribute="llm")
    with test_client_factory(app):
        pass
    assert provider.events == [] and isinstance(app.state.llm, AIClient)
    with pytest.raises(ProviderNotConfigured):
        setup_ai(app, client=None)  # type: ignore[arg-type]


def test_the_dependency_without_setup_is_a_clear_error(test_client_factory: TestClientFactory) -> None:
    async def generate(ai: AIClient) -> JSONResponse:  # pragma: no cover - never reached
        return JSONResponse({})

    app = Lilya(routes=[Path("/generate", generate)], dependencies={"ai": AI})
    with pytest.raises(RuntimeError, match="setup_ai"):
        test_client_factory(app).get("/generate")


def test_the_dependency_can_be_replaced_in_tests(test_client_factory: TestClientFactory) -> None:
    fake = AIClient(Echo(), default_model="fake")

    async def model(ai: AIClient) -> JSONResponse:
        return JSONResponse({"model": ai.default_model})

    app = Lilya(routes=[Path("/model", model)], dependencies={"ai": Provide(lambda: fake)})
    assert test_client_factory(app).get("/model").json() == {"model": "fake"}
