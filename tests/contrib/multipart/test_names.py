"""lilya.contrib.multipart: Lilya 0.29's names for the form parsers, usable on their own."""

from __future__ import annotations

import io

import pytest

from lilya.contrib.multipart import MultipartParseError, ParseError, QuerystringParser, parse_form
from lilya.contrib.multipart.parsers import MultipartParser
from lilya.contrib.multipart.utils import decode_rfc5987_param, parse_options_header


def test_parse_form_reads_fields_and_files() -> None:
    body = (
        b"--b\r\ncontent-disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
        b"--b\r\ncontent-disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n"
        b"content-type: text/plain\r\n\r\nhello\r\n--b--\r\n"
    )
    fields: dict[bytes | None, bytes | None] = {}
    files: dict[bytes | None, bytes] = {}
    parse_form(
        {"Content-Type": "multipart/form-data; boundary=b", "Content-Length": str(len(body))},
        io.BytesIO(body),
        lambda field: fields.__setitem__(field.field_name, field.value),
        lambda file: files.__setitem__(file.field_name, file.file_object.getvalue()),
    )
    assert fields == {b"a": b"1"} and files == {b"f": b"hello"}


def test_querystring_parser_callbacks() -> None:
    seen: list[bytes] = []
    parser = QuerystringParser(callbacks={"on_field_data": lambda data, start, end: seen.append(data[start:end])})
    parser.write(b"a=1&b=2")
    parser.finalize()
    assert b"".join(seen) == b"12"


def test_malformed_multipart_is_a_parse_error() -> None:
    parser = MultipartParser(b"boundary")
    with pytest.raises(MultipartParseError) as info:
        parser.write(b"not a multipart body at all")
    assert isinstance(info.value, ParseError)


def test_header_helpers() -> None:
    assert parse_options_header("text/html; charset=utf-8") == (b"text/html", {b"charset": b"utf-8"})
    assert decode_rfc5987_param("utf-8''na%C3%AFve.txt") == "naïve.txt"
    assert decode_rfc5987_param("nope''%41") == "A"
    assert decode_rfc5987_param("plain%20name") == "plain name"
