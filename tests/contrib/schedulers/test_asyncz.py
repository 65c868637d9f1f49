"""AsynczConfig + @scheduler: tasks load at build time, run while the app lives, stop with its lifespan.

Runs are observed through threading.Events set by the tasks (bounded waits, never a sleep).
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import anyio
import pytest
from asyncz.schedulers import AsyncIOScheduler
from asyncz.triggers import DateTrigger, IntervalTrigger

from lilya.apps import Lilya
from lilya.contrib.schedulers.asyncz.config import AsynczConfig, Task
from lilya.contrib.schedulers.asyncz.decorator import scheduler
from lilya.contrib.schedulers.base import SchedulerConfig
from lilya.contrib.schedulers.protocols import SchedulerProtocol
from lilya.exceptions import ImproperlyConfigured
from tests.conftest import TestClientFactory

MODULE = __name__
WAIT = 10  # seconds: an upper bound on an event that normally comes in milliseconds

ran_sync = threading.Event()
ran_async = threading.Event()
arguments: list[tuple[object, ...]] = []


def _soon() -> DateTrigger:
    return DateTrigger(run_at=datetime.now(timezone.utc))


# Due at import time; no grace limit, so a run started later in the session is not skipped as late.
@scheduler(
    name="sync-task",
    trigger=IntervalTrigger(hours=1),
    next_run_time=datetime.now(timezone.utc),
    mistrigger_grace_time=None,
)
def sync_task() -> None:
    ran_sync.set()


@scheduler(
    name="async-task",
    trigger=IntervalTrigger(hours=1),
    next_run_time=datetime.now(timezone.utc),
    mistrigger_grace_time=None,
    extra_args=[1],
    extra_kwargs={"b": 2},
)
async def async_task(a: int, b: int) -> None:
    arguments.append((a, b))
    ran_async.set()


@scheduler(name="disabled", trigger=IntervalTrigger(hours=1), is_enabled=False)
def disabled_task() -> None:  # pragma: no cover - never scheduled
    raise AssertionError("a disabled task must not run")


not_a_task = 42


@pytest.fixture(autouse=True)
def _reset() -> None:
    ran_sync.clear()
    ran_async.clear()
    arguments.clear()


def _lifespan_app(config: AsynczConfig) -> Lilya:
    return Lilya(on_startup=[config.start], on_shutdown=[config.shutdown])


def test_the_decorator_returns_a_task_keeping_the_function() -> None:
    assert isinstance(sync_task, Task)
    assert sync_task.original.__name__ == "sync_task"
    assert sync_task.replace_existing is True and sync_task.name == "sync-task"
    assert async_task.args == [1] and async_task.kwargs == {"b": 2}


def test_tasks_are_added_when_the_config_is_built_and_disabled_ones_skipped() -> None:
    config = AsynczConfig(tasks={"sync_task": MODULE, "async_task": MODULE, "disabled_task": MODULE})
    names = sorted(task.name for task in config.scheduler.get_tasks())
    assert names == ["async-task", "sync-task"]
    assert config.scheduler is config.handler
    assert isinstance(config.scheduler, AsyncIOScheduler)


def test_the_timezone_defaults_to_the_settings_and_can_be_given() -> None:
    assert str(AsynczConfig().scheduler.timezone) == "UTC"
    assert str(AsynczConfig(timezone="Europe/Lisbon").scheduler.timezone) == "Europe/Lisbon"


@pytest.mark.parametrize(
    "tasks",
    [{1: MODULE}, {"sync_task": 1}, {"missing": MODULE}, {"sync_task": "no.such.module"}, {"not_a_task": MODULE}],
    ids=["key", "value", "attribute", "module", "not-a-task"],
)
def test_a_wrong_task_table_fails_when_the_config_is_built(tasks: dict[object, object]) -> None:
    with pytest.raises(ImproperlyConfigured):
        AsynczConfig(tasks=tasks)  # type: ignore[arg-type]


def test_asyncz_refusing_a_task_is_improperly_configured() -> None:
    config = AsynczConfig()
    with pytest.raises(ImproperlyConfigured):
        Task(sync_task.fn, trigger="no-such-trigger").add_task(config.scheduler)  # type: ignore[arg-type]


def test_sync_and_async_tasks_run_while_the_app_lives(test_client_factory: TestClientFactory) -> None:
    config = AsynczConfig(tasks={"sync_task": MODULE, "async_task": MODULE})
    assert not config.scheduler.running
    with test_client_factory(_lifespan_app(config)):
        assert config.scheduler.running
        assert ran_sync.wait(WAIT) and ran_async.wait(WAIT)
    assert arguments == [(1, 2)]
    assert not config.scheduler.running


def test_a_task_added_later_runs_at_its_date(test_client_factory: TestClientFactory) -> None:
    fired = threading.Event()
    config = AsynczConfig()
    with test_client_factory(_lifespan_app(config)):
        Task(fired.set, trigger=_soon(), id="once").add_task(config.scheduler)
        assert fired.wait(WAIT)


def test_tasks_do_not_run_before_startup_nor_after_shutdown(test_client_factory: TestClientFactory) -> None:
    config = AsynczConfig(tasks={"sync_task": MODULE})
    assert not ran_sync.is_set()
    with test_client_factory(_lifespan_app(config)):
        assert ran_sync.wait(WAIT)
    ran_sync.clear()
    late = threading.Event()
    Task(late.set, trigger=DateTrigger(run_at=datetime.now(timezone.utc) + timedelta(hours=1))).add_task(
        config.scheduler
    )
    assert not config.scheduler.running and not late.is_set()


def test_shutdown_returns_once_the_scheduler_has_stopped(test_client_factory: TestClientFactory) -> None:
    # asyncz stops by posting a callback to its loop (a private thread under trio): shutdown waits for it.
    config = AsynczConfig()
    with test_client_factory(_lifespan_app(config)):
        loop_thread = config.scheduler.event_loop_thread
    assert not config.scheduler.running
    assert loop_thread is None or not loop_thread.is_alive()


def test_the_base_config_is_abstract_and_asyncz_fits_the_protocol() -> None:
    assert isinstance(AsynczConfig(), SchedulerProtocol)
    with pytest.raises(NotImplementedError):
        anyio.run(SchedulerConfig().start)
    with pytest.raises(NotImplementedError):
        anyio.run(SchedulerConfig().stop)
