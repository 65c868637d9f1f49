"""The provider protocol and the HTTP base: one pooled httpx client, bounded retries, bounded reads."""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import anyio

from lilya.contrib.ai.exceptions import AIProviderError, AIResponseError
from lilya.contrib.ai.types import AIResponse, AIResponseChunk, PromptRequest
from lilya.exceptions import MissingDependency

if TYPE_CHECKING:
    import httpx

__all__ = [
    "AIProvider",
    "BaseAIProvider",
    "BaseHTTPProvider",
    "ChatProvider",
    "AIProviderError",
    "AIResponse",
    "AIResponseChunk",
    "PromptRequest",
    "TYPE_CHECKING",
]

logger = logging.getLogger("lilya.contrib.ai")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Statuses worth another attempt: the provider is busy or briefly broken, the request was fine.
RETRYABLE_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})


T = TypeVar("T")


@asynccontextmanager
async def closing_iterator(iterator: AsyncIterator[T]) -> AsyncIterator[AsyncIterator[T]]:
    """Like contextlib.aclosing for any async iterator: a generator left early is closed at once."""
    try:
        yield iterator
    finally:
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            await aclose()


class _Body:
    """One pass over a streamed response body, read piece by piece by whoever holds it.

    Stopping early (a `[DONE]`, an error) would leave httpx's nested body generators unfinished;
    `finish` reads what is left, up to a bound, so they end normally and the connection is reusable.
    """

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._parts = response.aiter_bytes()
        self.done = False

    async def next(self) -> bytes | None:
        """The next piece, or None at the end."""
        if self.done:
            return None
        try:
            return await self._parts.__anext__()
        except StopAsyncIteration:
            self.done = True
            return None

    async def finish(self, limit: int) -> None:
        """Read and drop at most `limit` more bytes, then close the response."""
        try:
            while not self.done and limit > 0:
                limit -= len(await self.next() or b"")
        except Exception:  # a body that breaks while being dropped changes nothing
            pass
        finally:
            await self.response.aclose()


class AIProvider(Protocol):
    """What AIClient needs from a provider."""

    name: str

    async def startup(self) -> None: ...

    async def shutdown(self) -> None: ...

    async def complete(self, request: PromptRequest) -> AIResponse: ...

    def stream(self, request: PromptRequest) -> AsyncIterator[AIResponseChunk]: ...


class BaseAIProvider:
    """A provider without resources: startup and shutdown do nothing."""

    name = "base"

    async def startup(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""


class BaseHTTPProvider(BaseAIProvider):
    """A provider over HTTP: a shared httpx.AsyncClient, made on startup (or first use), closed on shutdown.

    Faults are bounded: every read has `timeout`; connection failures, timeouts and the statuses in
    RETRYABLE_STATUSES are retried `max_retries` times (waiting `retry_backoff`, doubled each time,
    or the provider's Retry-After up to `max_retry_wait`) before AIProviderError; a stream is retried
    only before its first chunk. A body larger than `max_response_bytes` (or one streamed event larger
    than `max_event_bytes`) is an AIResponseError, never unbounded memory.
    """

    max_retries = 2
    retry_backoff = 0.5
    max_retry_wait = 10.0
    max_response_bytes = 16 * 1024 * 1024
    max_event_bytes = 1024 * 1024

    def __init__(self, *, timeout: float, headers: dict[str, str] | None = None) -> None:
        self._timeout = timeout
        self._headers = headers or {}
        self._client: httpx.AsyncClient | None = None

    async def startup(self) -> None:
        """Create the HTTP client (connection pool) once."""
        if self._client is None:
            self._client = self._build_client()

    async def shutdown(self) -> None:
        """Close the HTTP client."""
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    def _build_client(self) -> httpx.AsyncClient:
        try:
            import httpx
        except ImportError as exc:  # pragma: no cover - exercised without the extra installed
            raise MissingDependency('lilya.contrib.ai needs httpx: pip install "lilya-contrib[ai]"') from exc
        return httpx.AsyncClient(timeout=self._timeout, headers=self._headers)

    async def _get_client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = self._build_client()
        return self._client

    @asynccontextmanager
    async def _post(self, url: str, payload: dict[str, Any]) -> AsyncIterator[_Body]:
        """POST `payload`, retrying what is worth retrying; yields the body of a successful answer."""
        import httpx

        client = await self._get_client()
        attempt = 0
        while True:
            wait = self.retry_backoff * 2**attempt
            try:
                response = await client.send(client.build_request("POST", url, json=payload), stream=True)
            except httpx.TimeoutException as exc:
                error = AIProviderError(f"{self.name}: no answer within {self._timeout}s ({type(exc).__name__})")
                cause: BaseException | None = exc
            except httpx.TransportError as exc:
                error = AIProviderError(f"{self.name}: cannot reach the provider: {exc!r}")
                cause = exc
            else:
                body = _Body(response)
                if response.status_code < 400:
                    try:
                        yield body
                    finally:
                        await body.finish(self.max_event_bytes)
                    return
                error, cause = await self._status_error(body), None
                if response.status_code not in RETRYABLE_STATUSES:
                    raise error
                wait = _retry_after(response, wait)
            if attempt >= self.max_retries:
                raise error from cause
            attempt += 1
            logger.warning("%s (attempt %d of %d, retrying)", error, attempt, self.max_retries + 1)
            await anyio.sleep(min(wait, self.max_retry_wait))

    async def _status_error(self, body: _Body) -> AIProviderError:
        """The provider's error answer, with the start of its body (its own explanation)."""
        try:
            text = (await self._read(body, limit=2048, truncate=True)).decode("utf-8", "replace").strip()
        except Exception:  # the status is the message; an unreadable body adds nothing
            text = ""
        finally:
            await body.finish(self.max_event_bytes)
        status = body.response.status_code
        return AIProviderError(f"{self.name} answered {status}{': ' + text if text else ''}", status_code=status)

    async def _read(self, body: _Body, *, limit: int, truncate: bool = False) -> bytes:
        content = bytearray()
        while (part := await body.next()) is not None:
            content += part
            if len(content) > limit:
                if truncate:
                    return bytes(content[:limit])
                raise AIResponseError(f"{self.name}: the answer is larger than {limit} bytes")
        return bytes(content)

    async def _post_json(self, url: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST and return the answer's JSON object."""
        import httpx

        async with self._post(url, payload) as body:
            try:
                content = await self._read(body, limit=self.max_response_bytes)
            except httpx.TransportError as exc:
                raise AIProviderError(f"{self.name}: the answer was cut off: {exc!r}") from exc
        return self._decode_json(content)

    async def _post_events(self, url: str, payload: dict[str, Any]) -> AsyncIterator[str]:
        """POST and yield the `data:` payload of each server-sent event of the answer."""
        import httpx

        async with self._post(url, payload) as body:
            try:
                async with closing_iterator(self._iter_sse_data(body, self.max_event_bytes)) as events:
                    async for data in events:
                        yield data
            except httpx.TimeoutException as exc:
                raise AIProviderError(f"{self.name}: the stream stalled for {self._timeout}s") from exc
            except httpx.TransportError as exc:
                raise AIProviderError(f"{self.name}: the stream was cut off: {exc!r}") from exc

    @staticmethod
    async def _iter_sse_data(body: _Body, limit: int = 1024 * 1024) -> AsyncIterator[str]:
        """The `data:` payloads of a text/event-stream (multi-line data joined by newlines), each bounded."""
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        data: list[str] = []
        size = 0
        pending = ""
        skip_lf = False  # a CR ended the last piece: a LF starting the next one is the rest of that CRLF
        finished = False
        while not finished:
            part = await body.next()
            finished = part is None
            text = decoder.decode(part or b"", final=finished)
            if skip_lf and text.startswith("\n"):
                text = text[1:]
            skip_lf = text.endswith("\r")
            *lines, pending = _LINE_BREAK.split(pending + text)
            if len(pending) > limit:
                raise AIResponseError(f"a streamed event is larger than {limit} bytes")
            if finished:
                lines += [pending, ""]  # the last event counts even without its closing blank line
            for line in lines:
                if not line:
                    if data:
                        yield "\n".join(data)
                    data, size = [], 0
                elif line.startswith("data:"):
                    value = line[5:].removeprefix(" ")
                    size += len(value)
                    if size > limit:
                        raise AIResponseError(f"a streamed event is larger than {limit} bytes")
                    data.append(value)

    @staticmethod
    def _decode_json(payload: str | bytes) -> dict[str, Any]:
        """A JSON object, or AIResponseError saying what came instead."""
        try:
            data = json.loads(payload)
        except (ValueError, UnicodeDecodeError) as exc:
            raise AIResponseError(
                f"The provider answered with something that is not JSON: {_preview(payload)}"
            ) from exc
        if not isinstance(data, dict):
            raise AIResponseError(f"The provider answered with JSON that is not an object: {_preview(payload)}")
        return data



class ChatProvider(BaseHTTPProvider):
    """A chat API behind one URL (``_url``): a JSON payload in, a JSON answer or JSON events out.

    A provider says how to build the payload and read the answer and each event; a data line equal
    to ``end_of_stream`` (OpenAI's ``[DONE]``) ends a stream.
    """

    _url: str
    end_of_stream: str | None = None

    async def complete(self, request: PromptRequest) -> AIResponse:
        """One answer."""
        return self._parse_response(await self._post_json(self._url, self._build_payload(request, stream=False)))

    async def stream(self, request: PromptRequest) -> AsyncIterator[AIResponseChunk]:
        """The answer as it is generated (events that carry nothing for the caller are skipped)."""
        async with closing_iterator(self._post_events(self._url, self._build_payload(request, stream=True))) as events:
            async for data in events:
                if self.end_of_stream is not None and data.strip() == self.end_of_stream:
                    break
                chunk = self._parse_stream_event(self._decode_json(data))
                if chunk is not None:
                    yield chunk

    def _build_payload(self, request: PromptRequest, *, stream: bool) -> dict[str, Any]:
        raise NotImplementedError  # pragma: no cover - each provider builds its own

    def _parse_response(self, data: dict[str, Any]) -> AIResponse:
        raise NotImplementedError  # pragma: no cover

    def _parse_stream_event(self, data: dict[str, Any]) -> AIResponseChunk | None:
        raise NotImplementedError  # pragma: no cover

    @staticmethod
    def _payload(required: dict[str, Any], optional: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        """``required``, the ``optional`` entries that are set, then the request's ``extra`` (it wins)."""
        payload = {**required, **{key: value for key, value in optional.items() if value is not None}}
        payload.update(extra)
        return payload


def _retry_after(response: httpx.Response, default: float) -> float:
    value = response.headers.get("retry-after", "")
    try:
        seconds = float(value)
    except ValueError:
        return default
    return seconds if seconds >= 0 else default


def _preview(payload: str | bytes, size: int = 80) -> str:
    text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
    return repr(text[:size] + ("..." if len(text) > size else ""))
