"""Multi-valued mappings, headers, query params and the small datastructures."""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest

from lilya.datastructures import (
    ALL,
    Cookie,
    DataUpload,
    FormData,
    FormMultiDict,
    Header,
    ImmutableMultiDict,
    MultiDict,
    QueryParam,
    ScopeHandler,
    Secret,
    SendReceiveSniffer,
    State,
    UploadFile,
    invertedset,
)
from lilya.types import Message


def test_query_param_first_value_and_getall() -> None:
    q = QueryParam("a=1&a=2&b=3&c")
    assert dict(q) == {"a": "1", "b": "3", "c": ""}
    assert q["a"] == "1"
    assert q.getall("a") == ["1", "2"]
    assert list(q.keys()) == ["a", "a", "b", "c"]
    assert len(q) == 4
    assert q.get("missing") is None
    assert q.getall("missing", []) == []
    with pytest.raises(KeyError):
        q.getall("missing")
    assert str(q) == "a=1&a=2&b=3&c="
    assert repr(q) == "QueryParam('a=1&a=2&b=3&c=')"


def test_query_param_decoding_never_raises() -> None:
    assert QueryParam(b"x=%ff").getall("x") == ["\ufffd"]
    assert QueryParam(b"x=\xc3\xa9&y=\xff")["x"] == "é"
    assert QueryParam("a=%20b+c&=x")["a"] == " b c"
    assert QueryParam("a=%20b+c&=x")[""] == "x"
    # ';' is data, not a separator.
    assert dict(QueryParam("a=1;b=2")) == {"a": "1;b=2"}


def test_query_param_other_constructors() -> None:
    assert QueryParam({"a": "1"})["a"] == "1"
    assert QueryParam([("a", "1"), ("a", "2")]).getall("a") == ["1", "2"]
    assert QueryParam(QueryParam("a=1")) == QueryParam("a=1")
    assert len(QueryParam()) == 0
    assert str(QueryParam({"a": "é x&"})) == "a=%C3%A9+x%26"


def test_query_param_is_linear_in_size() -> None:
    big = "&".join(f"k{i}=v{i}" for i in range(200_000))
    start = time.perf_counter()
    q = QueryParam(big)
    assert q["k199999"] == "v199999"
    assert time.perf_counter() - start < 2


def test_multi_mixin_helpers() -> None:
    q = QueryParam("a=1&a=2&b=3")
    assert q.dict() == {"a": ["1", "2"], "b": ["3"]}
    assert q.dump() == {"a": "2", "b": "3"}
    assert q.dump_list() == [("a", "2"), ("b", "3")]
    assert q.get_multi_items() == [("a", "1"), ("a", "2"), ("b", "3")]
    assert list(q.multi_items()) == [("a", "1"), ("a", "2"), ("b", "3")]


def test_multidict_mutation() -> None:
    m: MultiDict[int] = MultiDict([("a", 1), ("a", 2), ("b", 3)])
    assert m.getlist("a") == [1, 2]
    assert m.getlist("zz") == []
    m.add("b", 4)
    assert m.getall("b") == [3, 4]
    m["b"] = 5
    assert m.getall("b") == [5]
    assert m.pop("a") == 1
    assert m.getall("a") == [2]
    m.extend([("c", 1)])
    m.update({"a": 9})
    assert list(m.items()) == [("a", 9), ("b", 5), ("c", 1)]
    assert m.setdefault("d", 7) == 7
    assert m.poplist("d") == [7]
    with pytest.raises(KeyError):
        m.poplist("d")
    twice = MultiDict([("k", "1"), ("k", "2"), ("k", "3"), ("o", "x")])
    assert twice.poplist("k") == ["1", "2", "3"]  # all the values, as Lilya 0.29 ...
    assert twice.getall("k") == ["2", "3"]  # ... which removes only the first of them
    assert twice.popall("k") == ["2", "3"] and "k" not in twice
    del m["a"]
    assert "a" not in m
    assert m.popitem() == ("c", 1)
    m.clear()
    assert len(m) == 0
    with pytest.raises(KeyError):
        del m["nope"]


def test_immutable_multidict() -> None:
    im: ImmutableMultiDict[int] = ImmutableMultiDict([("a", 1), ("a", 2)])
    with pytest.raises(TypeError):
        im["a"] = 3  # type: ignore[index]
    copy = im.mutablecopy()
    copy["a"] = 3
    assert im.getall("a") == [1, 2]
    assert copy.to_immutable() == ImmutableMultiDict([("a", 3)])
    assert im == ImmutableMultiDict([("a", 1), ("a", 2)])
    assert im != {"a": 1}
    with pytest.raises(TypeError):
        hash(im)


def test_header_case_insensitive_multi_valued() -> None:
    h = Header([(b"Content-Type", b"text/html"), (b"X-A", b"1"), (b"x-a", b"2")])
    assert h["content-type"] == "text/html"
    assert h["CONTENT-TYPE"] == "text/html"
    assert "x-A" in h
    assert h.__contains__(b"x-a")
    assert h.get_all("X-A") == ["1", "2"]
    assert h.getall("x-a") == ["1", "2"]
    assert h.get_all("missing") == []
    assert list(h.keys()) == ["Content-Type", "X-A", "x-a"]
    assert h.get_encoded_multi_items() == [(b"content-type", b"text/html"), (b"x-a", b"1"), (b"x-a", b"2")]
    # Iterating yields raw pairs, so a Header can stand in for scope["headers"].
    raw = list(h.__iter__())
    assert raw == h.get_encoded_multi_items()


def test_header_attribute_access() -> None:
    h = Header([(b"content-type", b"text/plain"), (b"x-multi", b"1"), (b"x-multi", b"2")])
    assert h.content_type == "text/plain"
    assert h.x_multi == "1,2"
    assert h.missing == ""
    with pytest.raises(AttributeError):
        _ = h._private


def test_header_latin1_never_raises() -> None:
    h = Header([(b"x-b", b"\xff\x80\xc3\xa9")])
    assert h["x-b"] == "\xff\x80Ã©"
    assert h.get_encoded_multi_items() == [(b"x-b", b"\xff\x80\xc3\xa9")]


def test_header_mutation_and_vary() -> None:
    h = Header({"A": "1"})
    h["content-type"] = "x"
    h["Content-Type"] = "y"
    assert h.get_all("content-type") == ["y"]
    h.add("Set-Cookie", "a")
    h.add("set-cookie", "b")
    assert h.get_all("SET-COOKIE") == ["a", "b"]
    del h["set-COOKIE"]
    assert "set-cookie" not in h
    h.add_vary_header("Accept")
    h.add_vary_header("Origin")
    assert h["vary"] == "Accept, Origin"
    assert Header({"a": ["1", "2"]}).get_all("a") == ["1", "2"]
    h.add("x-raw", b"\xff")
    h["x-num"] = 5
    assert h["x-raw"] == "\xff" and h["x-num"] == "5"
    assert (b"x-raw", b"\xff") in h.get_encoded_multi_items()
    assert Header(Header({"A": "1"}))["a"] == "1"


def test_header_scope_helpers() -> None:
    scope: dict[str, Any] = {"headers": [(b"a", b"b")]}
    assert Header.from_scope(scope)["a"] == "b"
    h = Header.ensure_header_instance(scope)
    assert scope["headers"] is h
    assert Header.ensure_header_instance(scope) is h


def test_header_thousands_linear() -> None:
    raw = [(f"x-h{i}".encode(), b"v" * 10) for i in range(50_000)]
    raw.append((b"host", b"a" * (1024 * 1024)))
    start = time.perf_counter()
    h = Header(raw)
    assert h["x-h49999"] == "v" * 10
    assert len(h["host"]) == 1024 * 1024
    assert h.get_all("x-h1") == ["v" * 10]
    assert time.perf_counter() - start < 2


def test_state() -> None:
    s = State({"a": 1})
    s.b = 2
    assert s.a == 1 and s["b"] == 2 and len(s) == 2 and "a" in s
    del s.a
    with pytest.raises(AttributeError):
        _ = s.a
    assert s.copy()._state == {"b": 2}


def test_secret_hides_value() -> None:
    s = Secret("abc")
    assert str(s) == "abc"
    assert "abc" not in repr(s)
    assert bool(Secret("")) is False and len(s) == 3


def test_cookie_to_header() -> None:
    assert Cookie("k", "v").to_header() == "Set-Cookie: k=v; Path=/; SameSite=lax"
    full = Cookie("k", "v", max_age=10, domain="d", secure=True, httponly=True, samesite="strict").to_header()
    assert full == "Set-Cookie: k=v; Domain=d; HttpOnly; Max-Age=10; Path=/; SameSite=strict; Secure"
    assert "expires=" in Cookie("k", "v", expires=5).to_header()
    assert Cookie("k").to_header(header="Cookie:").startswith("Cookie: k=")


def test_invertedset() -> None:
    i = invertedset({"a"})
    assert "a" not in i and "b" in i
    assert "anything" in ALL
    assert repr(i) == "invertedset({'a'})"


def test_scope_handler() -> None:
    async def receive() -> Message:
        return {}

    async def send(message: Message) -> None:
        return None

    handler = ScopeHandler({"type": "http"}, receive, send)
    assert handler.scope == {"type": "http"} and handler.receive is receive and handler.send is send
    assert {handler: 1}[handler] == 1


@pytest.mark.anyio
async def test_send_receive_sniffer() -> None:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"x"}

    async def send(message: Message) -> None:
        sent.append(message)

    sniffer = SendReceiveSniffer(receive, send)
    assert not sniffer and not sniffer.received
    message = await sniffer.receive()
    assert sniffer.received and sniffer.message == message and not sniffer
    await sniffer.send({"type": "x"})
    assert sniffer and sniffer.sent and sent == [{"type": "x"}]
    sniffer.repeat_message = True
    assert await sniffer.receive() is message


@pytest.mark.anyio
async def test_data_upload_and_form_close() -> None:
    assert UploadFile is DataUpload
    upload = DataUpload(
        file=anyio.SpooledTemporaryFile(max_size=4),
        size=0,
        filename="a.txt",
        headers=Header({"content-type": "text/plain"}),
    )
    await upload.write(b"hello world")
    assert upload.size == 11
    assert upload.content_type == "text/plain"
    await upload.seek(0)
    assert await upload.read() == b"hello world"
    assert "a.txt" in repr(upload)
    form = FormData([("f", upload), ("x", "1")])
    assert form["x"] == "1" and form.getall("f") == [upload]
    await form.close()
    assert upload.file.closed
    other = FormMultiDict([("x", "1")])
    await other.close()
    assert FormData(a="1")["a"] == "1"


def test_query_decoding_matches_urllib_on_tricky_input() -> None:
    """The C fast path for percent-escapes must agree with ``unquote_plus`` everywhere."""
    import random
    from urllib.parse import unquote_plus

    pieces = ["%", "%", "+", "\\", "\\x", "x", "A", "f", "0", "z", "é", "C3", "A9", "%%", "41", "%2", "%e2%82"]
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        assert QueryParam("k=" + text.replace("&", ""))["k"] == unquote_plus(text, errors="replace")


def test_multidicts_compare_by_content_not_order() -> None:
    assert MultiDict({"a": "1", "b": "2"}) == MultiDict([("b", "2"), ("a", "1")])
    assert MultiDict([("a", "1"), ("a", "2")]) != MultiDict([("a", "1")])
    assert MultiDict() == MultiDict({})
    assert MultiDict({"a": "1"}) != "a=1"


def test_query_params_compare_by_content_not_order() -> None:
    assert QueryParam("a=1&b=2") == QueryParam("b=2&a=1")
    assert QueryParam("a=1&a=2") != QueryParam("a=2")


def test_header_holds_raw_name_value_pairs() -> None:
    """Servers (uvicorn's h11 path, palfrey) ask whether a raw ``(name, value)`` pair is present."""
    headers = Header([(b"content-length", b"6"), (b"Connection", b"close")])
    assert (b"Connection", b"close") in headers
    assert (b"connection", b"close") in headers and ("CONNECTION", "close") in headers
    assert (b"Connection", b"keep-alive") not in headers
    assert (b"foo", b"close") not in headers and b"connection" in headers


def test_update_replaces_values_pair_by_pair_like_the_multidict_library() -> None:
    values = MultiDict([("a", "1"), ("x", "keep"), ("a", "2"), ("a", "3")])
    values.update([("a", "one")])  # the first old pair is replaced, the other old ones dropped
    assert list(values.multi_items()) == [("a", "one"), ("x", "keep")]
    values.update([("a", "first")], a="second", b="new")  # a second new pair of a key is appended
    assert list(values.multi_items()) == [("a", "first"), ("x", "keep"), ("a", "second"), ("b", "new")]
    values.update()
    assert values.getall("a") == ["first", "second"]
