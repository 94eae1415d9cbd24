"""Files in request bodies for a Django REST framework service (`form_style="drf"`).

DRF's FileField reads a file only from a multipart part with a file name: a file in an
`application/json` body (base64 text) is answered 400 "The submitted data was not a
file" (measured on the live service, tests/live_drf), and a file inside a JSONField value
would be stored as text. So, before anything is sent, the client refuses a file (bytes or
`Upload`) anywhere in a JSON body, or inside a value of no declared type in a form, with
an EncodingError naming the field and suggesting multipart. In a urlencoded form a file
must be UTF-8 text; one that is not is an EncodingError with the field's path too.
`form_style="openapi"` sends what it always sent (base64 text in JSON).

The runtime under test is templates/static/_runtime, in a copy of the golden Campfire
client with the models of tests/test_runtime_forms.py beside the generated ones.
"""

from __future__ import annotations

import asyncio
import importlib
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.test_runtime_forms import runtime_package

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return runtime_package(tmp_path_factory.mktemp("files"), "rtfiles_client")


@pytest.fixture(scope="module")
def rt(pkg: ModuleType) -> Any:
    return importlib.import_module(f"{pkg.__name__}._runtime")


@pytest.fixture(scope="module")
def m(pkg: ModuleType) -> Any:
    return importlib.import_module(f"{pkg.__name__}.models.runtime_cases")


Wire = tuple[bytes, str]


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def send(rt: Any, sent: list[httpx.Request]) -> Iterator[Callable[..., Wire]]:
    """Sends a body (`form_style` "drf" by default) and returns what reached the
    transport: the body's bytes and its Content-Type."""

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    http = httpx.Client(transport=httpx.MockTransport(answer))

    def sender(body: object, content_type: str, *, form_style: str = "drf") -> Wire:
        client = rt.SyncClientBase("secret-token", "http://api.test", rt.BearerAuth(), timeout=None,
                                   headers=None, http_client=http, form_style=form_style)
        client.send(rt.Call("op", "POST", "/memo", body=body, content_type=content_type,
                            responses={"204": None}))
        request = sent[-1]
        return request.read(), request.headers["Content-Type"]

    yield sender
    http.close()


def refused(rt: Any, send: Callable[..., Wire], sent: list[httpx.Request], body: object,
            content_type: str) -> Any:
    """The EncodingError a body raises; nothing reached the transport."""
    before = len(sent)
    with pytest.raises(rt.EncodingError) as caught:
        send(body, content_type)
    assert len(sent) == before, "a refused body must not be sent"
    error = caught.value
    assert not isinstance(error, TypeError)
    assert isinstance(error, ValueError) and isinstance(error, rt.ClientError)
    assert "secret-token" not in str(error)
    return error


# --- a file in a JSON body --------------------------------------------------------------


@pytest.mark.parametrize(("build", "field"), [
    (lambda m, rt: m.Memo(file=rt.Upload(b"%PDF-1.4", "memo.pdf", "application/pdf")),
     "file"),
    (lambda m, rt: m.Memo(file=b"plain text is still a file"), "file"),
    (lambda m, rt: m.Memo(lines=[m.Line(account=1, amount=Decimal("1.10")),
                                 m.Line(account=2, amount=Decimal("0.10"), doc=b"\x00\xff")]),
     "lines[1].doc"),
    (lambda m, rt: m.Memo(ctx={"scan": [rt.Upload(b"x", "x.bin")]}), "ctx.scan[0]"),
    (lambda m, rt: m.Memo(sub=m.Sub(additional_properties={"blob": b"x"})), "sub.blob"),
    (lambda m, rt: {"memo": {"files": [b"x"]}}, "memo.files[0]"),
])
def test_a_file_in_a_json_body_is_refused_naming_the_field(
        rt: Any, m: Any, send: Callable[..., Wire], sent: list[httpx.Request],
        build: Callable[[Any, Any], object], field: str) -> None:
    error = refused(rt, send, sent, build(m, rt), JSON)
    assert error.field == field
    message = str(error)
    assert message.startswith(f"op: cannot send request body field {field}: ")
    assert "FileField" in message
    assert 'content_type="multipart/form-data"' in message


def test_a_json_media_type_with_a_suffix_is_json_too(rt: Any, m: Any,
                                                     send: Callable[..., Wire],
                                                     sent: list[httpx.Request]) -> None:
    assert refused(rt, send, sent, m.Memo(file=b"x"), "application/vnd.api+json").field == "file"


def test_a_json_body_without_a_file_is_sent_as_before(rt: Any, m: Any,
                                                      send: Callable[..., Wire]) -> None:
    """None in a file field is null (DRF's FileField(allow_null=True) reads it); text
    that only looks like a file is text."""
    body = m.Memo(file=None, msg="%PDF", total=Decimal("0.10"),
                  lines=[m.Line(account=1, amount=Decimal("9999999999999.99"))])
    content, content_type = send(body, JSON)
    assert content_type == JSON
    assert json.loads(content) == {"lines": [{"account": 1, "amount": "9999999999999.99"}],
                                   "msg": "%PDF", "total": "0.10", "file": None}
    assert content == send(body, JSON, form_style="openapi")[0]


def test_the_openapi_style_still_sends_files_in_json_as_base64(
        rt: Any, m: Any, send: Callable[..., Wire]) -> None:
    content, _ = send(m.Memo(file=b"\x00\xff", lines=[m.Line(account=1, amount=Decimal(1),
                                                            doc=rt.Upload(b"ok", "a.txt"))]),
                      JSON, form_style="openapi")
    assert json.loads(content) == {"lines": [{"account": 1, "amount": "1", "doc": "b2s="}],
                                   "file": "AP8="}


def test_the_async_client_refuses_the_same(rt: Any, m: Any) -> None:
    sent: list[httpx.Request] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    async def call() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
            client = rt.AsyncClientBase("secret-token", "http://api.test", rt.BearerAuth(),
                                        timeout=None, headers=None, http_client=http,
                                        form_style="drf")
            await client.send(rt.Call("op", "POST", "/memo", body=m.Memo(file=b"x"),
                                      content_type=JSON, responses={"204": None}))

    with pytest.raises(rt.EncodingError) as caught:
        asyncio.run(call())
    assert caught.value.field == "file" and not sent


# --- files in forms ---------------------------------------------------------------------


@pytest.mark.parametrize("file", [b"%PDF-1.4\n\x00\xff\xfe", "upload"])
def test_a_file_that_is_not_utf8_text_in_a_urlencoded_form_is_an_encoding_error(
        rt: Any, m: Any, send: Callable[..., Wire], sent: list[httpx.Request],
        file: bytes | str) -> None:
    content = b"\xff\xfe binary" if file == "upload" else file
    assert isinstance(content, bytes)
    value = rt.Upload(content, "scan.pdf", "application/pdf") if file == "upload" else content
    error = refused(rt, send, sent, m.Memo(lines=[m.Line(account=1, amount=Decimal(1),
                                                         doc=value)]), FORM)
    assert error.field == "lines[0].doc"
    assert "UTF-8" in str(error) and 'content_type="multipart/form-data"' in str(error)
    error = refused(rt, send, sent, m.Memo(file=value), FORM)
    assert error.field == "file"


def test_the_same_file_travels_in_multipart(rt: Any, m: Any,
                                            send: Callable[..., Wire]) -> None:
    body = m.Memo(file=rt.Upload(b"%PDF-1.4\n\x00\xff\xfe", "scan.pdf", "application/pdf"))
    content, content_type = send(body, MULTIPART)
    assert content_type.startswith("multipart/form-data; boundary=")
    assert (b'name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            b"%PDF-1.4\n\x00\xff\xfe\r\n") in content


@pytest.mark.parametrize("content_type", [FORM, MULTIPART])
def test_a_file_inside_a_value_of_no_declared_type_is_refused_in_a_form(
        rt: Any, m: Any, send: Callable[..., Wire], sent: list[httpx.Request],
        content_type: str) -> None:
    """DRF's JSONField reads its form value as JSON text: the file would be stored as
    base64 text."""
    error = refused(rt, send, sent, m.Memo(ctx={"k": [1, b"x"]}), content_type)
    assert error.field == "ctx.k[1]"
    assert "JSONField" in str(error)
    error = refused(rt, send, sent, m.Memo(lines=[m.Line(account=1, amount=Decimal(1),
                                                         ctx=rt.Upload(b"x", "x"))]),
                    content_type)
    assert error.field == "lines[0].ctx"


def test_the_openapi_style_keeps_its_form_errors(rt: Any, m: Any,
                                                 send: Callable[..., Wire]) -> None:
    """Unchanged: OpenAPI's form encoding raises the TypeError it always raised."""
    with pytest.raises(TypeError, match="not UTF-8 text"):
        send(m.Memo(file=b"\xff"), FORM, form_style="openapi")


def test_a_naive_datetime_inside_a_json_value_in_a_form_names_its_path(
        rt: Any, m: Any, send: Callable[..., Wire], sent: list[httpx.Request]) -> None:
    import datetime

    error = refused(rt, send, sent, m.Memo(ctx={"at": datetime.datetime(2025, 1, 1)}), FORM)
    assert error.field == "ctx"
    assert "UTC offset" in str(error)


def test_without_a_file_the_drf_json_body_is_the_json_body(rt: Any, m: Any) -> None:
    forms = importlib.import_module(f"{rt.__name__}.forms")
    body = m.Memo(lines=[m.Line(account=index, amount=Decimal("0.10"),
                                description=f"line {index}", ctx={"n": [index, None]})
                         for index in range(200)], void=None)
    assert forms.drf_json_body(body, JSON) == rt.encode_body(rt.to_json_value(body), JSON)
