"""Command and query buses: one handler per type, sync or async handlers, middleware as an onion."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.contrib.cqrs import (
    CommandBus,
    CQRSException,
    Envelope,
    HandlerAlreadyRegistered,
    HandlerNotFound,
    HandlerRegistry,
    InvalidMessage,
    MessageMeta,
    QueryBus,
    command,
    default_command_bus,
    default_query_bus,
    query,
)
from lilya.contrib.cqrs.bus import Pipeline
from lilya.requests import Request
from lilya.responses import JSONResponse
from lilya.routing import Path
from tests.conftest import TestClientFactory

pytestmark = pytest.mark.anyio


@dataclasses.dataclass
class Deposit:
    account: str
    amount: int


@dataclasses.dataclass
class Balance:
    account: str


class Ledger:
    def __init__(self) -> None:
        self.totals: dict[str, int] = {}

    async def deposit(self, cmd: Deposit) -> str:
        self.totals[cmd.account] = self.totals.get(cmd.account, 0) + cmd.amount
        return "ignored"  # a command's answer is dropped by the bus

    def balance(self, q: Balance) -> int:  # a sync handler works the same
        return self.totals.get(q.account, 0)


async def test_a_command_reaches_its_handler_and_returns_nothing() -> None:
    ledger = Ledger()
    bus = CommandBus()
    bus.register(Deposit, ledger.deposit)
    assert await bus.dispatch(Deposit("a", 5)) is None
    await bus.dispatch(Deposit("a", 2))
    assert ledger.totals == {"a": 7}


async def test_a_query_returns_its_handlers_answer_from_sync_or_async_handlers() -> None:
    ledger = Ledger()
    ledger.totals["b"] = 11
    bus = QueryBus()
    bus.register(Balance, ledger.balance)
    assert await bus.ask(Balance("b")) == 11

    async def async_answer(q: Balance) -> str:
        return q.account.upper()

    other = QueryBus()
    other.register(Balance, async_answer)
    assert await other.ask(Balance("b")) == "B"


async def test_unknown_none_and_duplicate_messages_are_clear_errors() -> None:
    bus = CommandBus()
    with pytest.raises(HandlerNotFound, match="Deposit"):
        await bus.dispatch(Deposit("a", 1))
    with pytest.raises(InvalidMessage):
        await bus.dispatch(None)
    with pytest.raises(InvalidMessage):
        await QueryBus().ask(None)
    bus.register(Deposit, lambda cmd: None)
    with pytest.raises(HandlerAlreadyRegistered):
        bus.register(Deposit, lambda cmd: None)
    assert issubclass(HandlerNotFound, CQRSException) and issubclass(InvalidMessage, CQRSException)


async def test_lookup_is_by_exact_class_not_subclass() -> None:
    class BigDeposit(Deposit):
        pass

    bus = CommandBus()
    bus.register(Deposit, lambda cmd: None)
    with pytest.raises(HandlerNotFound):
        await bus.dispatch(BigDeposit("a", 1))


async def test_middleware_wraps_in_order_and_may_replace_the_message_or_answer() -> None:
    trail: list[str] = []

    def layer(name: str) -> Any:
        async def middleware(msg: Any, nxt: Any) -> Any:
            trail.append(f"{name}>")
            result = await nxt(msg)
            trail.append(f"<{name}")
            return result

        return middleware

    async def double(msg: Balance, nxt: Any) -> Any:
        return 2 * await nxt(Balance(msg.account + "!"))

    bus = QueryBus(middleware=[layer("outer"), layer("inner"), double])
    bus.register(Balance, lambda q: len(q.account))
    assert await bus.ask(Balance("abc")) == 8
    assert trail == ["outer>", "inner>", "<inner", "<outer"]


async def test_a_middleware_can_short_circuit_the_handler() -> None:
    called: list[Any] = []

    async def deny(msg: Any, nxt: Any) -> Any:
        return "denied"

    bus = QueryBus(middleware=[deny])
    bus.register(Balance, called.append)
    assert await bus.ask(Balance("x")) == "denied"
    assert called == []


async def test_the_pipeline_without_middleware_is_the_terminal() -> None:
    async def terminal(msg: int) -> int:
        return msg + 1

    assert await Pipeline([]).wrap(terminal)(1) == 2


async def test_the_decorators_register_on_a_given_bus_or_the_default_ones() -> None:
    bus = QueryBus()

    @query(Balance, bus=bus)
    def answer(q: Balance) -> str:
        return "mine"

    assert answer(Balance("x")) == "mine"  # the function itself is unchanged
    assert await bus.ask(Balance("x")) == "mine"

    @dataclasses.dataclass
    class Ping:
        pass

    seen: list[Ping] = []
    command(Ping)(seen.append)
    query(Ping)(lambda p: "pong")
    await default_command_bus.dispatch(Ping())
    assert len(seen) == 1
    assert await default_query_bus.ask(Ping()) == "pong"


def test_the_registry_answers_membership_and_can_be_cleared() -> None:
    registry = HandlerRegistry()
    registry.register(Deposit, print)
    assert Deposit in registry and Balance not in registry
    assert registry.get(Deposit) is print
    registry.clear()
    assert Deposit not in registry
    bus = CommandBus(registry=registry)
    bus.register(Deposit, print)
    assert registry.get(Deposit) is print  # a given registry is shared, not copied


@dataclasses.dataclass
class Order:
    id: uuid.UUID
    placed: datetime.date
    lines: list[str]


def test_an_envelope_round_trips_through_json_types() -> None:
    order = Order(uuid.UUID(int=7), datetime.date(2024, 2, 29), ["tea"])
    envelope = Envelope(order, MessageMeta(name="OrderPlaced", version=2, headers={"at": datetime.date(2024, 1, 1)}))
    data = envelope.to_json()
    assert data == {
        "meta": {"name": "OrderPlaced", "version": 2, "headers": {"at": "2024-01-01"}},
        "payload": {"id": str(uuid.UUID(int=7)), "placed": "2024-02-29", "lines": ["tea"]},
    }
    back = Envelope.from_json(data, Order)
    # A plain dataclass is rebuilt from the JSON values (no coercion of field types).
    assert isinstance(back.payload, Order) and back.payload.lines == ["tea"]
    assert back.meta.name == "OrderPlaced" and back.meta.version == 2


def test_an_envelope_rebuilds_a_pydantic_payload_with_its_types() -> None:
    import pydantic

    class Placed(pydantic.BaseModel):
        id: uuid.UUID
        placed: datetime.date

    data = Envelope(Placed(id=uuid.UUID(int=1), placed=datetime.date(2024, 3, 1)), MessageMeta("P")).to_json()
    assert data["payload"] == {"id": str(uuid.UUID(int=1)), "placed": "2024-03-01"}
    assert Envelope.from_json(data, Placed).payload == Placed(id=uuid.UUID(int=1), placed=datetime.date(2024, 3, 1))


def test_an_envelope_without_meta_gets_defaults() -> None:
    back = Envelope.from_json({"payload": {"account": "a"}}, Balance)
    assert back.payload == Balance("a")
    assert back.meta == MessageMeta(name="Balance", version=1, headers={})


def test_buses_inside_a_lilya_endpoint(test_client_factory: TestClientFactory) -> None:
    ledger = Ledger()
    commands, queries = CommandBus(), QueryBus()
    commands.register(Deposit, ledger.deposit)
    queries.register(Balance, ledger.balance)

    async def deposit(request: Request) -> JSONResponse:
        body = await request.json()
        await commands.dispatch(Deposit(**body))
        return JSONResponse({"balance": await queries.ask(Balance(body["account"]))})

    client = test_client_factory(Lilya(routes=[Path("/deposit", deposit, methods=["POST"])]))
    assert client.post("/deposit", json={"account": "z", "amount": 3}).json() == {"balance": 3}
    assert client.post("/deposit", json={"account": "z", "amount": 4}).json() == {"balance": 7}
