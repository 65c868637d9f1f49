"""OpenAI-compatible and Anthropic providers against httpx mock transports: wire format, streaming, faults."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from lilya.contrib.ai import (
    AIConfigurationError,
    AIProviderError,
    AIResponseError,
    AnthropicConfig,
    AnthropicProvider,
    ChatMessage,
    GroqConfig,
    GroqProvider,
    MistralConfig,
    MistralProvider,
    OpenAICompatibleConfig,
    OpenAICompatibleProvider,
    OpenAIConfig,
    OpenAIProvider,
    PromptRequest,
)
from tests.contrib.ai._fakes import sse, wired

pytestmark = pytest.mark.anyio

ASK = PromptRequest(messages=[ChatMessage.user("hi")], model="m-1")


def completion(text: str = "hello", **extra: Any) -> dict[str, Any]:
    return {
        "model": "m-1",
        "choices": [{"message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
        **extra,
    }


async def collect(chunks: AsyncIterator[Any]) -> list[Any]:
    return [chunk async for chunk in chunks]


async def test_openai_sends_the_documented_payload_and_headers() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=completion())

    config = OpenAIConfig(api_key="sk-1", organization="org", project="proj", headers={"X-Trace": "1"})
    provider = wired(OpenAIProvider(config), handler)
    request = PromptRequest(
        messages=[ChatMessage.user("hi", name="ann"), ChatMessage.tool("42", tool_call_id="c1")],
        model="m-1",
        system_prompt="be brief",
        temperature=0.2,
        max_tokens=9,
        top_p=0.5,
        stop_sequences=["END"],
        metadata={"user": "u"},
        extra={"seed": 7},
    )
    answer = await provider.complete(request)
    assert (answer.text, answer.provider, answer.finish_reason, answer.model) == ("hello", "openai", "stop", "m-1")
    assert answer.usage is not None and answer.usage.total_tokens == 5
    (sent,) = seen
    assert str(sent.url) == "https://api.openai.com/v1/chat/completions"
    assert sent.headers["authorization"] == "Bearer sk-1"
    assert (sent.headers["openai-organization"], sent.headers["openai-project"], sent.headers["x-trace"]) == (
        "org",
        "proj",
        "1",
    )
    assert json.loads(sent.content) == {
        "model": "m-1",
        "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "hi", "name": "ann"},
            {"role": "tool", "content": "42", "tool_call_id": "c1"},
        ],
        "stream": False,
        "temperature": 0.2,
        "max_tokens": 9,
        "top_p": 0.5,
        "stop": ["END"],
        "metadata": {"user": "u"},
        "seed": 7,
    }


@pytest.mark.parametrize(
    ("provider", "url", "name"),
    [
        (GroqProvider(GroqConfig(api_key="k")), "https://api.groq.com/openai/v1/chat/completions", "groq"),
        (MistralProvider(MistralConfig(api_key="k")), "https://api.mistral.ai/v1/chat/completions", "mistral"),
        (
            OpenAICompatibleProvider(OpenAICompatibleConfig(api_key="k", base_url="http://llm.local/v1/")),
            "http://llm.local/v1/chat/completions",
            "openai-compatible",
        ),
    ],
    ids=["groq", "mistral", "compatible"],
)
async def test_compatible_providers_use_their_url_and_name(provider: Any, url: str, name: str) -> None:
    urls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        return httpx.Response(200, json=completion())

    answer = await wired(provider, handler).complete(ASK)
    assert urls == [url] and answer.provider == name


async def test_openai_streams_deltas_until_done() -> None:
    events = [
        json.dumps({"model": "m-1", "choices": [{"delta": {"role": "assistant"}, "finish_reason": None}]}),
        json.dumps({"model": "m-1", "choices": [{"delta": {"content": "Hel"}, "finish_reason": None}]}),
        json.dumps({"model": "m-1", "choices": [{"delta": {"content": "lo"}, "finish_reason": None}]}),
        json.dumps({"model": "m-1", "choices": [{"delta": {}, "finish_reason": "stop"}]}),
        "[DONE]",
        "this is never read",
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        assert json.loads(request.content)["stream"] is True
        return httpx.Response(200, content=sse(*events, newline="\r\n"))

    chunks = await collect(wired(OpenAIProvider(OpenAIConfig(api_key="k")), handler).stream(ASK))
    assert [c.delta for c in chunks] == ["Hel", "lo", ""]
    assert chunks[-1].finish_reason == "stop" and chunks[0].provider == "openai"


async def test_events_split_anywhere_across_network_reads_are_reassembled() -> None:
    body = sse(json.dumps({"choices": [{"delta": {"content": "a\u2028b"}, "finish_reason": None}]}), newline="\r\n")
    body += sse("[DONE]")

    async def trickle() -> AsyncIterator[bytes]:
        for i in range(len(body)):  # one byte per read: CRLF and UTF-8 sequences are cut in half
            yield body[i : i + 1]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=trickle())

    chunks = await collect(wired(OpenAIProvider(OpenAIConfig(api_key="k")), handler).stream(ASK))
    assert [c.text for c in chunks] == ["a\u2028b"]


async def test_anthropic_hoists_system_messages_and_defaults_max_tokens() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = {
            "model": "claude",
            "content": [
                {"type": "text", "text": "Hi "},
                {"type": "tool_use", "id": "t"},
                {"type": "text", "text": "you"},
            ],
            "stop_reason": "end_turn",
            "usage": {"input_tokens": 4, "output_tokens": 6},
        }
        return httpx.Response(200, json=body)

    provider = wired(AnthropicProvider(AnthropicConfig(api_key="ak", default_max_tokens=77)), handler)
    request = PromptRequest(
        messages=[ChatMessage.system("rule two"), ChatMessage.user("hello")], model="claude", system_prompt="rule one"
    )
    answer = await provider.complete(request)
    assert (answer.text, answer.finish_reason, answer.provider) == ("Hi you", "end_turn", "anthropic")
    assert answer.usage is not None and (answer.usage.input_tokens, answer.usage.total_tokens) == (4, 10)
    (sent,) = seen
    assert str(sent.url) == "https://api.anthropic.com/v1/messages"
    assert sent.headers["x-api-key"] == "ak" and sent.headers["anthropic-version"] == "2023-06-01"
    assert json.loads(sent.content) == {
        "model": "claude",
        "messages": [{"role": "user", "content": "hello"}],
        "max_tokens": 77,
        "stream": False,
        "system": "rule one\n\nrule two",
    }


async def test_anthropic_streams_text_deltas_then_a_stop_chunk() -> None:
    events = [
        json.dumps({"type": "message_start", "message": {}}),
        json.dumps({"type": "content_block_delta", "delta": {"type": "text_delta", "text": "Hel"}}),
        json.dumps({"type": "ping"}),
        json.dumps({"type": "content_block_delta", "delta": {"type": "text_delta", "text": "lo"}}),
        json.dumps({"type": "message_stop", "stop_reason": "end_turn"}),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=sse(*events))

    chunks = await collect(wired(AnthropicProvider(AnthropicConfig(api_key="k")), handler).stream(ASK))
    assert [c.delta for c in chunks] == ["Hel", "lo", ""] and chunks[-1].finish_reason == "end_turn"


async def test_a_request_without_model_fails_before_sending() -> None:
    def handler(request: httpx.Request) -> httpx.Response:  # pragma: no cover - never reached
        raise AssertionError("nothing may be sent")

    for provider in (OpenAIProvider(OpenAIConfig(api_key="k")), AnthropicProvider(AnthropicConfig(api_key="k"))):
        with pytest.raises(AIConfigurationError):
            await wired(provider, handler).complete(PromptRequest(messages=[ChatMessage.user("x")]))


GARBAGE = [
    pytest.param(b"<html>Bad gateway</html>", "not JSON", id="html"),
    pytest.param(b"[1, 2]", "not an object", id="array"),
    pytest.param(b'{"choices": []}', "valid choice", id="no-choice"),
    pytest.param(b'{"choices": [{"message": null}]}', "no message", id="null-message"),
    pytest.param(b'{"choices": [{"message": {"content": 5}}]}', "unexpected type", id="number-content"),
    pytest.param(b"\xff\xfe\x00garbage", "not JSON", id="binary"),
]


@pytest.mark.parametrize(("body", "message"), GARBAGE)
async def test_garbage_answers_are_clear_response_errors_without_retry(body: bytes, message: str) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(200, content=body)

    with pytest.raises(AIResponseError, match=message):
        await wired(OpenAIProvider(OpenAIConfig(api_key="k")), handler).complete(ASK)
    assert len(calls) == 1


async def test_anthropic_garbage_is_a_response_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"content": "not blocks"})

    with pytest.raises(AIResponseError, match="content blocks"):
        await wired(AnthropicProvider(AnthropicConfig(api_key="k")), handler).complete(ASK)


async def test_garbage_in_a_stream_is_a_response_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=sse(json.dumps({"choices": [{"delta": {"content": "ok"}}]}), "{broken"))

    stream = wired(OpenAIProvider(OpenAIConfig(api_key="k")), handler).stream(ASK)
    with pytest.raises(AIResponseError, match="not JSON"):
        await collect(stream)


async def test_an_error_event_inside_a_stream_is_a_provider_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=sse(json.dumps({"type": "error", "error": {"type": "overloaded_error"}})))

    with pytest.raises(AIProviderError, match="overloaded_error"):
        await collect(wired(AnthropicProvider(AnthropicConfig(api_key="k")), handler).stream(ASK))


async def test_an_oversized_answer_or_event_is_refused() -> None:
    def huge(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 5000)

    provider = wired(OpenAIProvider(OpenAIConfig(api_key="k")), huge)
    provider.max_response_bytes = 1000
    with pytest.raises(AIResponseError, match="larger than 1000"):
        await provider.complete(ASK)

    def endless_line(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"data: " + b"y" * 5000)

    provider = wired(OpenAIProvider(OpenAIConfig(api_key="k")), endless_line)
    provider.max_event_bytes = 1000
    with pytest.raises(AIResponseError, match="larger than 1000"):
        await collect(provider.stream(ASK))


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_busy_or_broken_providers_are_retried_a_bounded_number_of_times(status: int) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(status, text="try later")

    with pytest.raises(AIProviderError, match=f"answered {status}: try later") as caught:
        await wired(OpenAIProvider(OpenAIConfig(api_key="k")), handler, retries=2).complete(ASK)
    assert caught.value.status_code == status and len(calls) == 3


async def test_a_retry_that_succeeds_returns_the_answer() -> None:
    answers = iter([httpx.Response(503, headers={"retry-after": "0"}), httpx.Response(200, json=completion("late"))])

    def handler(request: httpx.Request) -> httpx.Response:
        return next(answers)

    assert (await wired(OpenAIProvider(OpenAIConfig(api_key="k")), handler).complete(ASK)).text == "late"


@pytest.mark.parametrize("status", [400, 401, 404, 422])
async def test_client_errors_are_not_retried_and_keep_the_providers_explanation(status: int) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(status, json={"error": {"message": "bad key"}})

    with pytest.raises(AIProviderError, match="bad key") as caught:
        await wired(AnthropicProvider(AnthropicConfig(api_key="k")), handler).complete(ASK)
    assert caught.value.status_code == status and len(calls) == 1


@pytest.mark.parametrize(
    "fault",
    [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("reset")],
    ids=["refused", "timeout", "reset"],
)
async def test_transport_faults_are_retried_then_a_provider_error(fault: Exception) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise fault

    provider = wired(OpenAIProvider(OpenAIConfig(api_key="k")), handler, retries=1)
    with pytest.raises(AIProviderError) as caught:
        await collect(provider.stream(ASK))
    assert caught.value.status_code is None and len(calls) == 2


async def test_a_stream_cut_after_its_first_chunk_is_not_retried() -> None:
    calls: list[int] = []

    async def cut() -> AsyncIterator[bytes]:
        yield sse(json.dumps({"choices": [{"delta": {"content": "par"}}]}))
        raise httpx.RemoteProtocolError("peer closed connection")

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(200, content=cut())

    received: list[str] = []
    with pytest.raises(AIProviderError, match="cut off"):
        async for chunk in wired(OpenAIProvider(OpenAIConfig(api_key="k")), handler).stream(ASK):
            received.append(chunk.text)
    assert received == ["par"] and len(calls) == 1


async def test_lifecycle_opens_one_client_and_closes_it() -> None:
    provider = OpenAIProvider(OpenAIConfig(api_key="k", timeout=3))
    await provider.startup()
    client = provider._client
    assert isinstance(client, httpx.AsyncClient) and client.timeout.read == 3
    await provider.startup()
    assert provider._client is client
    await provider.shutdown()
    assert provider._client is None and client.is_closed
    await provider.shutdown()


def test_configs_check_their_values_and_hide_the_key() -> None:
    with pytest.raises(AIConfigurationError):
        OpenAIConfig(api_key="")
    with pytest.raises(AIConfigurationError):
        OpenAIConfig(api_key="k", timeout=0)
    with pytest.raises(AIConfigurationError):
        AnthropicConfig(api_key="k", default_max_tokens=0)
    with pytest.raises(AIConfigurationError):
        OpenAICompatibleConfig(api_key="k", base_url="")
    assert "sk-secret" not in repr(OpenAIConfig(api_key="sk-secret")) + repr(AnthropicConfig(api_key="sk-secret"))


async def test_a_stream_that_stalls_is_a_provider_error_not_a_hang() -> None:
    async def stall() -> AsyncIterator[bytes]:
        yield sse(json.dumps({"choices": [{"delta": {"content": "wait"}}]}))
        raise httpx.ReadTimeout("no bytes within the read timeout")  # what httpx raises after `timeout` s

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=stall())

    provider = wired(OpenAIProvider(OpenAIConfig(api_key="k", timeout=5)), handler)
    with pytest.raises(AIProviderError, match="stalled for 5"):
        await collect(provider.stream(ASK))
