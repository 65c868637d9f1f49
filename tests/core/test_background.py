"""lilya.background: Task and Tasks (sequential and grouped), run after the response."""

from __future__ import annotations

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
async def test_a_failing_task_stops_the_ones_after_it_and_propagates() -> None:
    done: list[str] = []

    def fail() -> None:
        raise ValueError("task failed")

    tasks = Tasks()
    tasks.add_task(fail)
    tasks.add_task(done.append, "after")
    with pytest.raises(ValueError, match="task failed"):
        await tasks()
    assert done == []


def test_a_failing_task_leaves_the_response_intact(test_client_factory: TestClientFactory) -> None:
    """The response is complete before tasks run; the failure then surfaces like any server error
    (the server logs it; a test client raises it unless told not to)."""
    ran: list[int] = []

    def count_then_fail() -> None:
        ran.append(1)
        if len(ran) == 1:
            raise RuntimeError("first task failed")

    tasks = Tasks()
    tasks.add_task(count_then_fail)
    tasks.add_task(count_then_fail)
    app = as_app(lambda scope: JSONResponse({"ok": True}, background=tasks))
    with pytest.raises(RuntimeError, match="first task failed"):
        test_client_factory(app).get("/")
    assert ran == [1]
    ran.clear()
    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert response.json() == {"ok": True} and ran == [1]


def test_tasks_run_after_the_response(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []
    tasks = Tasks()
    tasks.add_task(events.append, "one")
    tasks.add_task(events.append, "two")
    response = test_client_factory(as_app(lambda scope: JSONResponse({"ok": True}, background=tasks))).get("/")
    assert response.json() == {"ok": True}
    assert events == ["one", "two"]


def test_reprs_leave_unset_attributes_out() -> None:
    from lilya._internal._representation import Repr

    class Account(Repr):
        def __init__(self, name: str | None = None, email: str | None = None) -> None:
            self.name = name
            self.email = email

    assert repr(Account()) == "Account()"
    assert repr(Account(name="Ada")) == "Account(name='Ada')"
    assert str(Account(name="Ada", email="a@x")) == "name='Ada' email='a@x'"
