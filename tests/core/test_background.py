"""lilya.background: Task and Tasks (sequential and grouped), run after the response."""

from __future__ import annotations

import logging
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from lilya.background import Task, Tasks
from lilya.responses import JSONResponse
from tests.conftest import TestClientFactory
from tests.core._output_support import as_app


@pytest.mark.anyio
async def test_task_runs_sync_and_async_callables() -> None:
    seen: list[Any] = []

    async def async_job(value: int, *, key: str) -> None:
        seen.append((value, key))

    await Task(async_job, 1, key="a")()
    await Task(seen.append, "sync")()
    assert seen == [(1, "a"), "sync"]


def test_task_repr() -> None:
    task = Task(print, 1, end="")
    assert repr(task).startswith("Task(") and "args=(1,)" in repr(task)


@pytest.mark.anyio
async def test_tasks_run_in_order_by_default() -> None:
    events: list[str] = []

    async def job(n: int) -> None:
        events.append(f"start {n}")
        await anyio.lowlevel.checkpoint()  # a concurrent runner would interleave here
        events.append(f"end {n}")

    tasks = Tasks()
    for n in range(3):
        tasks.add_task(job, n)
    await tasks()
    assert events == ["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]


@pytest.mark.anyio
async def test_tasks_as_group_run_concurrently() -> None:
    started: list[int] = []
    all_started = anyio.Event()

    async def job(n: int) -> None:
        started.append(n)
        if len(started) == 3:
            all_started.set()
        await all_started.wait()  # only possible if the three run at the same time

    with anyio.fail_after(5):
        await Tasks([Task(job, n) for n in range(3)], as_group=True)()
    assert sorted(started) == [0, 1, 2]


@pytest.mark.anyio
@pytest.mark.parametrize("as_group", [False, True])
async def test_a_failing_task_is_logged_and_siblings_still_run(
    as_group: bool, caplog: pytest.LogCaptureFixture
) -> None:
    done: list[str] = []

    def fail() -> None:
        raise ValueError("task failed")

    tasks = Tasks(as_group=as_group)
    tasks.add_task(fail)
    tasks.add_task(done.append, "after")
    with caplog.at_level(logging.ERROR):
        await tasks()
    assert done == ["after"]
    record = next(r for r in caplog.records if r.exc_info)
    assert "task failed" in str(record.exc_info[1])  # type: ignore[index]


def test_tasks_run_after_the_response(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []
    tasks = Tasks()
    tasks.add_task(events.append, "one")
    tasks.add_task(events.append, "two")
    response = test_client_factory(as_app(lambda scope: JSONResponse({"ok": True}, background=tasks))).get("/")
    assert response.json() == {"ok": True}
    assert events == ["one", "two"]
