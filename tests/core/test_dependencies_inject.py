"""Request-less injection (``Depends`` + ``@inject``) and the public resolution helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from lilya.dependencies import (
    SIGNATURE_TO_LIST,
    Depends,
    Provide,
    PureScope,
    Resolve,
    async_resolve_dependencies,
    inject,
    resolve_dependencies,
)
from lilya.requests import Request

SCOPE = {
    "type": "http",
    "method": "GET",
    "path": "/p",
    "query_string": b"",
    "headers": [],
    "scheme": "http",
    "server": ("testserver", 80),
}


def get_repo() -> str:
    return "repo"


def test_inject_sync_function() -> None:
    @inject
    def service(repo: str = Depends(get_repo), n: int = Depends(3)) -> str:  # type: ignore[assignment]
        return f"{repo}:{n}"

    assert service() == "repo:3"
    assert service(repo="explicit") == "explicit:3"
    assert service("positional") == "positional:3"


@pytest.mark.anyio
async def test_inject_async_with_nested_and_overrides() -> None:
    def get_db() -> str:
        return "db"

    def get_users(db: str = Depends(get_db)) -> str:  # type: ignore[assignment]
        return f"users({db})"

    @inject(overrides={get_db: lambda: "test-db"})
    async def handler(users: str = Depends(get_users)) -> str:  # type: ignore[assignment]
        return users

    assert await handler() == "users(test-db)"


@pytest.mark.anyio
async def test_inject_dependencies_map() -> None:
    def needs(token: str) -> str:
        return token.upper()

    @inject(dependencies_map={"token": "abc"})
    async def handler(value: str = Depends(needs)) -> str:  # type: ignore[assignment]
        return value

    assert await handler() == "ABC"


@pytest.mark.anyio
async def test_inject_finishes_generators_after_the_call() -> None:
    events: list[str] = []

    def sync_gen() -> Iterator[str]:
        yield "s"
        events.append("sync closed")

    async def async_gen() -> AsyncIterator[str]:
        yield "a"
        events.append("async closed")

    @inject
    async def handler(s: str = Depends(sync_gen), a: str = Depends(async_gen)) -> str:  # type: ignore[assignment]
        events.append("call")
        return s + a

    assert await handler() == "sa"
    assert events == ["call", "async closed", "sync closed"]


@pytest.mark.anyio
async def test_depends_resolve_finishes_a_generator_at_once_even_with_a_pure_scope() -> None:
    # Lilya 0.29 closes a requestless generator dependency right after its first value.
    events: list[str] = []

    def resource() -> Iterator[str]:
        try:
            yield "r"
        finally:
            events.append("closed")

    async def async_resource() -> AsyncIterator[str]:
        try:
            yield "a"
        finally:
            events.append("async closed")

    async with PureScope() as scope:
        assert await Depends(resource).resolve(scope=scope) == "r"
        assert await Depends(async_resource).resolve(scope=scope) == "a"
        assert events == ["closed", "async closed"]
    assert events == ["closed", "async closed"]  # and only once


@pytest.mark.anyio
async def test_pure_scope_logs_failing_cleanup_and_runs_the_rest(caplog: pytest.LogCaptureFixture) -> None:
    ran: list[str] = []
    scope = PureScope()
    scope.add_cleanup(lambda: ran.append("first"), is_async=False)

    def broken() -> None:
        raise RuntimeError("cleanup failed")

    scope.add_cleanup(broken, is_async=False)
    await scope.aclose()
    assert ran == ["first"]
    assert "cleanup failed" in caplog.text


@pytest.mark.anyio
async def test_provide_resolve_and_async_resolve_dependencies() -> None:
    request = Request(dict(SCOPE))

    def path_len(request: Request) -> int:
        return len(request.url.path)

    def doubled(n: int = Resolve(path_len)) -> int:  # type: ignore[assignment]
        return n * 2

    assert await Provide(path_len).resolve(request, {}) == 2
    assert await async_resolve_dependencies(request, doubled) == 4
    overrides: dict[Any, Any] = {path_len: lambda: 10}
    assert await async_resolve_dependencies(request, doubled, overrides=overrides) == 20


def test_resolve_dependencies_sync() -> None:
    request = Request(dict(SCOPE))

    def doubled(n: int = Resolve(lambda: 21)) -> int:  # type: ignore[assignment]
        return n * 2

    assert resolve_dependencies(request, doubled) == 42

    async def not_sync() -> None:
        return None

    with pytest.raises(ValueError, match="async"):
        resolve_dependencies(request, not_sync)


def test_signature_names() -> None:
    assert SIGNATURE_TO_LIST == ["request", "websocket", "context"]


@pytest.mark.anyio
async def test_sync_inject_called_inside_an_event_loop() -> None:
    async def async_source() -> str:
        return "from-async"

    @inject
    def service(value: str = Depends(async_source)) -> str:  # type: ignore[assignment]
        return value.upper()

    assert service() == "FROM-ASYNC"  # runs its resolution on a helper loop, not this one


@pytest.mark.anyio
async def test_inject_throws_the_failure_into_generators() -> None:
    events: list[str] = []

    def transaction() -> Iterator[str]:
        try:
            yield "tx"
        except KeyError:
            events.append("rollback")
            raise
        else:
            events.append("commit")

    @inject
    async def work(tx: str = Depends(transaction), fail: bool = False) -> str:  # type: ignore[assignment]
        if fail:
            raise KeyError("nope")
        return tx

    assert await work() == "tx"
    with pytest.raises(KeyError):
        await work(fail=True)
    assert events == ["commit", "rollback"]


def test_same_depends_arguments_give_the_same_marker() -> None:
    def source() -> str:
        return "x"

    assert Depends(source, use_cache=True) is Depends(source, use_cache=True)
    assert Depends(source) is not Depends(source, use_cache=True)
    assert Depends(source, items=[1]) is not Depends(source, items=[1])  # unhashable: its own marker


@pytest.mark.anyio
async def test_use_cache_keeps_the_value_on_the_marker() -> None:
    calls: list[int] = []

    def counter() -> int:
        calls.append(1)
        return len(calls)

    cached, fresh = Depends(counter, use_cache=True), Depends(counter)
    assert [await cached.resolve(), await cached.resolve()] == [1, 1]
    assert [await fresh.resolve(), await fresh.resolve()] == [2, 3]


@pytest.mark.anyio
async def test_unresolvable_parameter_without_a_request() -> None:
    def needs(a: int) -> int:
        return a

    with pytest.raises(RuntimeError, match="Could not resolve parameter 'a' for dependency 'needs'"):
        await Depends(needs).resolve()
    assert await Depends(needs).resolve(dependencies_map={"a": 4}) == 4


def test_inject_rejects_a_missing_plain_parameter() -> None:
    @inject
    def job(x: int, y: int = 2) -> int:
        return x + y

    assert job(1) == 3
    with pytest.raises(RuntimeError, match="Missing required parameter 'x'"):
        job()


@pytest.mark.anyio
async def test_provide_resolves_with_a_stand_in_request() -> None:
    class StandIn:
        """Has no ASGI scope: only what a test double offers."""

    def value() -> str:
        return "ok"

    assert await Provide(value).resolve(StandIn(), {}) == "ok"  # type: ignore[arg-type]
    assert await Provide(value, scope="app").resolve(StandIn(), {}) == "ok"  # type: ignore[arg-type]
