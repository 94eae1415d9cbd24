"""Form and multipart bodies that Django REST framework reads whole (`form_style="drf"`).

The runtime spells a body model in DRF's notation (`sub.x`, `lines[0]account`, repeated
keys for plain lists), and refuses, before sending, what that notation cannot say. The
proof is DRF itself: the bytes the client puts on the wire are parsed by DRF's own
parsers and validated by serializers shaped like the models, in a subprocess (Django is
configured there, not in the test process, which the live-service tests share), and
every value must come out as it was set. The recording peer of the wire tests reads the
same notation (tests/wire/recording_server.py `decode_form`).

The runtime under test is templates/static/_runtime, copied into a copy of the golden
Campfire client, with a module of small models beside the generated ones.
"""

from __future__ import annotations

import base64
import datetime
import importlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import httpx
import pytest

from tests.golden_copy import golden_with_runtime

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "generated" / "campfire" / "campfire_client"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
UTC = datetime.UTC

# Models shaped like a drf-spectacular document's: text, choices with blank and null,
# nested objects, lists of objects, plain lists, JSONField (Any), DictField, string
# decimals (`{"decimal": "text"}`) and number decimals, files.
CASES = '''
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import urlencode
from uuid import UUID

from .. import _runtime as rt
from .._runtime import UNSET, Unset


class Status(rt.OpenStrEnum):
    A = "a"
    B = "b"


@dataclass(kw_only=True, slots=True)
class Sub(rt.Model):
    x: int | Unset = UNSET
    tags: list[int] | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True, slots=True)
class Line(rt.Model):
    account: int
    amount: Decimal = field(metadata={"decimal": "text"})
    description: str | None | Unset = UNSET
    ltags: list[int] | Unset = UNSET
    rtags: list[int] | Unset = UNSET
    sub: Sub | Unset = UNSET
    ctx: Any | Unset = UNSET
    doc: bytes | rt.Upload | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True, slots=True)
class Memo(rt.Model):
    lines: list[Line] | Unset = UNSET
    ltags: list[int] | Unset = UNSET
    rtags: list[int] | Unset = UNSET
    sub: Sub | None | Unset = UNSET
    void: datetime.date | None | Unset = field(default=UNSET, metadata={"form_null": True})
    msg: str | None | Unset = UNSET
    code: str | None | Unset = field(default=UNSET, metadata={"form_null": True})
    parent: int | None | Unset = field(default=UNSET, metadata={"form_null": True})
    status: Status | Literal[""] | None | Unset = UNSET
    flag: bool | None | Unset = field(default=UNSET, metadata={"form_null": True})
    ctx: Any | Unset = UNSET
    meta: dict[str, int] | Unset = UNSET
    nmeta: dict[str, int | None] | Unset = UNSET
    total: Decimal | Unset = field(default=UNSET, metadata={"decimal": "text"})
    amount: Decimal | None | Unset = field(default=UNSET, metadata={"form_null": True})
    stamp: datetime.datetime | Unset = UNSET
    ref: UUID | Unset = UNSET
    file: bytes | rt.Upload | None | Unset = field(
        default=UNSET, metadata={"form_null": True}
    )
    grid: list[list[int]] | Unset = UNSET
    anything: list[Any] | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True, slots=True)
class Scan(rt.Model):
    image: rt.FileInput | Unset = field(
        default=UNSET, metadata={"file_extensions": ("png", "jpg")}
    )
    additional_properties: dict[str, Any] = field(default_factory=dict)
'''

# DRF's parsers and serializers shaped like the models above, on the bytes of each case.
DRF_READER = r'''
import base64, datetime, decimal, json, sys, uuid
import django
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
    USE_TZ=True, TIME_ZONE="UTC", DATABASES={}, SECRET_KEY="forms", ALLOWED_HOSTS=["*"])
django.setup()
from django.core.files.uploadedfile import UploadedFile
from django.test import RequestFactory
from rest_framework import serializers as s
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request


class Ids(s.RelatedField):
    """PrimaryKeyRelatedField(many=True) without a database: DRF's ManyRelatedField."""
    def to_internal_value(self, data):
        return int(data)
    def to_representation(self, value):
        return value


class Ref(s.RelatedField):
    """PrimaryKeyRelatedField without a database."""
    def to_internal_value(self, data):
        return int(data)
    def to_representation(self, value):
        return value


class Sub(s.Serializer):
    x = s.IntegerField(required=False)
    tags = s.ListField(child=s.IntegerField(), required=False)


class Line(s.Serializer):
    account = s.IntegerField()
    amount = s.DecimalField(max_digits=19, decimal_places=2)
    description = s.CharField(allow_null=True, allow_blank=True, required=False)
    ltags = s.ListField(child=s.IntegerField(), required=False)
    rtags = Ids(many=True, queryset=[], required=False)
    sub = Sub(required=False)
    ctx = s.JSONField(required=False)
    doc = s.FileField(required=False)


class Memo(s.Serializer):
    lines = Line(many=True, required=False)
    ltags = s.ListField(child=s.IntegerField(), required=False)
    rtags = Ids(many=True, queryset=[], required=False)
    sub = Sub(required=False, allow_null=True)
    void = s.DateField(allow_null=True, required=False)
    msg = s.CharField(allow_null=True, allow_blank=True, required=False)
    code = s.CharField(allow_null=True, required=False)
    parent = Ref(allow_null=True, queryset=[], required=False)
    status = s.ChoiceField(choices=["a", "b"], allow_null=True, allow_blank=True,
                           required=False)
    flag = s.BooleanField(allow_null=True, required=False)
    ctx = s.JSONField(required=False)
    meta = s.DictField(child=s.IntegerField(), required=False)
    nmeta = s.DictField(child=s.IntegerField(allow_null=True), required=False)
    total = s.DecimalField(max_digits=30, decimal_places=10, required=False)
    amount = s.DecimalField(max_digits=30, decimal_places=2, allow_null=True, required=False)
    stamp = s.DateTimeField(required=False)
    ref = s.UUIDField(required=False)
    file = s.FileField(allow_null=True, required=False)


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, UploadedFile):
        return {"file": value.name, "content": value.read().decode()}
    return value


results = []
for case in json.load(sys.stdin):
    raw = RequestFactory().generic("PATCH" if case["partial"] else "POST", "/",
                                   data=base64.b64decode(case["body"]),
                                   content_type=case["content_type"])
    request = Request(raw, parsers=[FormParser(), MultiPartParser()])
    serializer = Memo(data=request.data, partial=case["partial"])
    if serializer.is_valid():
        results.append({"valid": plain(serializer.validated_data)})
    else:
        results.append({"errors": plain(serializer.errors)})
json.dump(results, sys.stdout)
'''


def runtime_package(folder: Path, name: str, models: str = CASES) -> ModuleType:
    """The golden Campfire client, as package `name`, with the runtime of the working
    tree and `models` (the models above) as `<name>.models.runtime_cases`."""
    return golden_with_runtime(GOLDEN, folder, name, models=models)


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return runtime_package(tmp_path_factory.mktemp("forms"), "rtforms_client")


@pytest.fixture(scope="module")
def rt(pkg: ModuleType) -> Any:
    return importlib.import_module(f"{pkg.__name__}._runtime")


@pytest.fixture(scope="module")
def m(pkg: ModuleType) -> Any:
    return importlib.import_module(f"{pkg.__name__}.models.runtime_cases")


Wire = tuple[bytes, str]


@pytest.fixture
def send(rt: Any) -> Iterator[Callable[..., Wire]]:
    """Sends a body through a client (`form_style` given, "drf" by default) and returns
    what reached the transport: the body's bytes and its Content-Type."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    http = httpx.Client(transport=httpx.MockTransport(answer))

    def sender(body: object, content_type: str, *, form_style: str = "drf",
               method: str = "PATCH") -> Wire:
        client = rt.SyncClientBase("secret-token", "http://api.test", rt.BearerAuth(), timeout=None,
                                   headers=None, http_client=http, form_style=form_style)
        client.send(rt.Call("op", method, "/memo", body=body, content_type=content_type,
                            responses={"204": None}))
        request = seen.pop()
        return request.read(), request.headers["Content-Type"]

    yield sender
    http.close()


def drf_read(cases: list[tuple[Wire, bool]]) -> list[dict[str, Any]]:
    """What DRF makes of each body: {"valid": validated data} or {"errors": ...}."""
    payload = [{"body": base64.b64encode(body).decode(), "content_type": content_type,
                "partial": partial} for (body, content_type), partial in cases]
    done = subprocess.run([sys.executable, "-c", DRF_READER], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def pairs(wire: Wire) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(wire[0].decode(), keep_blank_values=True)


# --- DRF reads what the client sends ---------------------------------------------------


def full_memo(m: Any, rt: Any, *, files: bool) -> Any:
    return m.Memo(
        lines=[
            m.Line(account=5, amount=Decimal("1.10"), description="first", ltags=[1],
                   rtags=[7], sub=m.Sub(x=3, tags=[4]), ctx={"k": [1, "a"]},
                   doc=rt.Upload(b"line file", "line.txt", "text/plain") if files else UNSET),
            m.Line(account=6, amount=Decimal("0.10"), description="", ctx=None),
        ],
        ltags=[1, 2], rtags=[3, 4], sub=m.Sub(x=1, tags=[5, 6]), void=None, msg="hello",
        status="", flag=False, ctx="text", meta={"a": 1, "b": 2}, total=Decimal("1E+2"),
        amount=None, stamp=datetime.datetime(2025, 7, 25, 21, 4, 38, tzinfo=UTC),
        ref=UUID("12345678-1234-5678-1234-567812345678"),
        file=rt.Upload(b"memo file", "memo.txt", "text/plain") if files else UNSET,
    )


UNSET: Any = None  # replaced by the runtime's UNSET in the fixture below


@pytest.fixture(autouse=True)
def _unset(rt: Any) -> None:
    global UNSET
    UNSET = rt.UNSET


def expected_memo(*, files: bool) -> dict[str, Any]:
    first: dict[str, Any] = {"account": 5, "amount": "1.10", "description": "first",
                             "ltags": [1], "rtags": [7], "sub": {"x": 3, "tags": [4]},
                             "ctx": {"k": [1, "a"]}}
    if files:
        first["doc"] = {"file": "line.txt", "content": "line file"}
    memo = {
        "lines": [first, {"account": 6, "amount": "0.10", "description": "", "ctx": None}],
        "ltags": [1, 2], "rtags": [3, 4], "sub": {"x": 1, "tags": [5, 6]}, "void": None,
        "msg": "hello", "status": "", "flag": False, "ctx": "text", "meta": {"a": 1, "b": 2},
        "total": "100.0000000000", "amount": None, "stamp": "2025-07-25T21:04:38+00:00",
        "ref": "12345678-1234-5678-1234-567812345678",
    }
    if files:
        memo["file"] = {"file": "memo.txt", "content": "memo file"}
    return memo


def test_drf_reads_every_field_of_a_nested_body(send: Callable[..., Wire], m: Any,
                                                rt: Any) -> None:
    """Nested objects, lists of objects (with objects, plain lists, JSON and files inside),
    plain lists (DRF's ListField and its related-ids field), null dates and decimals,
    blank text and choices, booleans, JSON values, maps, string decimals, date-times and
    UUIDs: as a PATCH and as a create, urlencoded and multipart."""
    cases = [((send(full_memo(m, rt, files=False), FORM, method=method)), method == "PATCH")
             for method in ("PATCH", "POST")]
    cases += [((send(full_memo(m, rt, files=True), MULTIPART, method=method)),
               method == "PATCH") for method in ("PATCH", "POST")]
    results = drf_read(cases)
    for (_, partial), content_type, result in zip(
            cases, (FORM, FORM, MULTIPART, MULTIPART), results, strict=True):
        expected = expected_memo(files=content_type == MULTIPART)
        if not partial:  # a create: DRF's defaults for what a form leaves out
            expected["lines"][1]["rtags"] = []
        assert result == {"valid": expected}, (content_type, partial)


def test_the_openapi_style_refuses_the_objects_drf_would_lose(
        send: Callable[..., Wire], m: Any, rt: Any) -> None:
    """Objects as JSON text (OpenAPI's default for a multipart part) reach DRF as
    nothing: a PATCH answers 200 without its lines and without the nested object's
    fields. `form_style="openapi"` therefore refuses them, naming the field, where it
    once sent them to be lost; DRF's notation sends them whole."""
    lines = '[{"account": 5, "amount": "1.10"}]'
    as_json_text = urlencode([("lines", lines), ("sub", '{"x": 1}'), ("msg", "kept")])
    lost, drf = drf_read([((as_json_text.encode(), FORM), True),
                          (send(m.Memo(lines=[m.Line(account=5, amount=Decimal("1.10"))],
                                       sub=m.Sub(x=1), msg="kept"), FORM), True)])
    assert lost == {"valid": {"msg": "kept"}}
    assert drf == {"valid": {"lines": [{"account": 5, "amount": "1.10"}], "sub": {"x": 1},
                             "msg": "kept"}}
    for content_type in (FORM, MULTIPART):
        for body, field in ((m.Memo(lines=[m.Line(account=5, amount=Decimal(1))]),
                             "lines[0]"),
                            (m.Memo(sub=m.Sub(x=1)), "sub"),
                            (m.Memo(meta={"a": 1}), "meta"),
                            (m.Memo(ltags=[]), "ltags"),
                            (m.Memo(grid=[[1]]), "grid[0]")):
            with pytest.raises(rt.EncodingError) as caught:
                send(body, content_type, form_style="openapi")
            assert caught.value.field == field
            assert 'content_type="application/json"' in str(caught.value)


def test_the_notation_on_the_wire(send: Callable[..., Wire], m: Any) -> None:
    body = m.Memo(lines=[m.Line(account=5, amount=Decimal("1.10"), sub=m.Sub(x=2),
                                rtags=[9])],
                  ltags=[1, 2], sub=m.Sub(tags=[3]), flag=True, void=None,
                  total=Decimal("12.50"), amount=Decimal("-0.00"), ctx=None, meta={"k": 1})
    assert pairs(send(body, FORM)) == [
        ("lines[0]account", "5"), ("lines[0]amount", "1.10"), ("lines[0]rtags", "9"),
        ("lines[0]sub.x", "2"), ("ltags", "1"), ("ltags", "2"), ("sub.tags", "3"),
        ("void", ""), ("flag", "true"), ("ctx", "null"), ("meta.k", "1"),
        ("total", "12.50"), ("amount", "-0.00")]


def test_the_openapi_style_keeps_its_encoding(send: Callable[..., Wire], m: Any,
                                              rt: Any) -> None:
    """`form_style="openapi"` (the default) sends plain values as it always did: arrays
    as repeated keys, None as an empty value."""
    body = m.Memo(ltags=[1, 2], msg=None, total=Decimal("12.50"))
    assert pairs(send(body, FORM, form_style="openapi")) == [
        ("ltags", "1"), ("ltags", "2"), ("msg", ""), ("total", "12.50")]
    assert pairs(send(body, FORM, form_style="openapi")) == [
        (k, v) for k, v in rt.encode_body(rt.to_json_value(body), FORM).form]


def test_files_at_any_depth_and_bytes_get_a_file_name(send: Callable[..., Wire], m: Any,
                                                      rt: Any) -> None:
    body = m.Memo(lines=[m.Line(account=1, amount=Decimal(1), doc=b"raw")],
                  file=rt.Upload(b"%PDF", "memo.pdf", "application/pdf"))
    content, content_type = send(body, MULTIPART)
    assert content_type.startswith("multipart/form-data; boundary=")
    assert (b'name="lines[0]doc"; filename="doc"\r\nContent-Type: application/octet-stream'
            b"\r\n\r\nraw\r\n") in content
    assert b'name="file"; filename="memo.pdf"\r\nContent-Type: application/pdf' in content
    # urlencoded: DRF's FileField reads no file from it, not even UTF-8 text
    for content in (b"raw", b"\xff"):
        with pytest.raises(rt.EncodingError, match=r"lines\[0\]\.doc.*multipart/form-data"):
            send(m.Memo(lines=[m.Line(account=1, amount=Decimal(1), doc=content)]), FORM)


# --- what DRF's notation cannot say is refused before sending ----------------------------


def refusal(rt: Any, send: Callable[..., Wire], body: object,
            content_type: str = FORM) -> Any:
    with pytest.raises(rt.EncodingError) as caught:
        send(body, content_type)
    return caught.value


@pytest.mark.parametrize("content_type", [FORM, MULTIPART])
def test_none_for_text_is_refused_naming_the_field(rt: Any, m: Any,
                                                    send: Callable[..., Wire],
                                                    content_type: str) -> None:
    """DRF stores an empty form value in a text field (or a choice that allows blank) as
    "": the None the caller set would arrive as ""."""
    error = refusal(rt, send, m.Memo(lines=[m.Line(account=1, amount=Decimal(1)),
                                            m.Line(account=2, amount=Decimal(2),
                                                   description=None)]), content_type)
    assert error.field == "lines[1].description"
    message = str(error)
    assert message.startswith("op: cannot send request body field lines[1].description: ")
    assert '""' in message and 'content_type="application/json"' in message
    assert refusal(rt, send, m.Memo(msg=None), content_type).field == "msg"
    assert refusal(rt, send, m.Memo(status=None), content_type).field == "status"
    assert isinstance(error, ValueError) and isinstance(error, rt.ClientError)


def test_none_is_an_empty_value_where_the_generator_marked_it(
        send: Callable[..., Wire], m: Any) -> None:
    """`{"form_null": True}` (the generator's decision, `generator/model/form_nulls.py`):
    every DRF field class of that schema reads an empty value as null."""
    body = m.Memo(void=None, flag=None, amount=None, file=None, code=None, parent=None)
    assert pairs(send(body, FORM)) == [("void", ""), ("code", ""), ("parent", ""),
                                       ("flag", ""), ("amount", ""), ("file", "")]


def test_drf_reads_those_empty_values_as_null(send: Callable[..., Wire], m: Any) -> None:
    """DRF itself: a date, a boolean, a decimal, a file, a CharField that does not allow
    blank and a related field, each allowing null, read the empty value as None; a
    CharField that allows blank reads it as "" (why `msg=None` is refused)."""
    body = m.Memo(void=None, flag=None, amount=None, file=None, code=None, parent=None)
    nulls = {"void": None, "flag": None, "amount": None, "file": None, "code": None,
             "parent": None}
    blank = urlencode([("msg", "")]).encode()
    results = drf_read([(send(body, FORM), True), (send(body, MULTIPART), True),
                        (send(body, FORM, method="POST"), False), ((blank, FORM), True)])
    assert results[:2] == [{"valid": nulls}] * 2
    assert results[2] == {"valid": {**nulls, "rtags": []}}  # a create: DRF's default
    assert results[3] == {"valid": {"msg": ""}}


def test_none_inside_a_map_is_refused_as_drf_reads_no_null_there(
        rt: Any, send: Callable[..., Wire], m: Any) -> None:
    """A DictField's child gets the empty value itself (no form null there): an
    IntegerField(allow_null=True) child answers "A valid integer is required"."""
    (result,) = drf_read([((urlencode([("nmeta.a", "")]).encode(), FORM), True)])
    assert "nmeta" in result["errors"]
    assert refusal(rt, send, m.Memo(nmeta={"a": None})).field == "nmeta.a"
    error = refusal(rt, send, m.Memo(sub=m.Sub(additional_properties={"k": None})))
    assert error.field == "sub.k" and "inside a map" in str(error)


@pytest.mark.parametrize(("build", "field", "words"), [
    (lambda m: m.Memo(ltags=[]), "ltags", "empty list"),
    (lambda m: m.Memo(lines=[]), "lines", "empty list"),
    (lambda m: m.Memo(ltags=[1, None]), "ltags[1]", "None inside a list"),
    (lambda m: m.Memo(sub=None), "sub", "object or a list"),
    (lambda m: m.Memo(sub=m.Sub()), "sub", "no field set"),
    (lambda m: m.Memo(lines=[m.Line(account=1, amount=Decimal(1), ltags=[1, 2])]),
     "lines[0].ltags", "last of repeated keys"),
    (lambda m: m.Memo(lines=[m.Line(account=1, amount=Decimal(1), sub=m.Sub(tags=[1, 2]))]),
     "lines[0].sub.tags", "last of repeated keys"),
    (lambda m: m.Memo(sub=m.Sub(additional_properties={"deep": {"a": 1}})), "sub.deep",
     "inside a map or an additional property"),
    (lambda m: m.Memo(additional_properties={"a.b": "x"}), "a.b", "cannot be a form key"),
    (lambda m: m.Memo(grid=[[1]]), "grid[0]", "list of lists"),
    (lambda m: m.Memo(anything=[1]), "anything[0]", "only as text"),
    (lambda m: m.Memo(total=Decimal("NaN")), "total", "not a number"),
    (lambda m: m.Memo(stamp=datetime.datetime(2025, 1, 1)), "stamp", "UTC offset"),
])
def test_what_the_notation_cannot_say_is_refused(rt: Any, m: Any, send: Callable[..., Wire],
                                                 build: Callable[[Any], Any], field: str,
                                                 words: str) -> None:
    error = refusal(rt, send, build(m))
    assert error.field == field
    assert words in str(error)


def test_nothing_is_sent_when_a_body_is_refused(rt: Any, m: Any) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = rt.SyncClientBase("secret-token", "http://api.test", rt.BearerAuth(), timeout=None,
                               headers=None, http_client=http, form_style="drf")
    with pytest.raises(rt.EncodingError) as caught:
        client.send(rt.Call("op", "PATCH", "/memo", body=m.Memo(msg=None),
                            content_type=FORM, responses={"204": None}))
    assert not sent
    assert "secret-token" not in str(caught.value) and "secret-token" not in repr(caught.value)


def test_the_form_style_is_checked(rt: Any) -> None:
    with pytest.raises(ValueError, match="form_style"):
        rt.SyncClientBase(None, "http://api.test", None, timeout=None, headers=None,
                          http_client=None, form_style="rails")


# --- the wire tests' recording peer reads the notation ----------------------------------


SPEC: dict[str, Any] = {
    "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
    "components": {"schemas": {
        "Sub": {"type": "object", "properties": {
            "x": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "integer"}}}},
        "Line": {"type": "object", "required": ["account", "amount"], "properties": {
            "account": {"type": "integer"},
            "amount": {"type": "string", "format": "decimal"},
            "description": {"type": "string", "nullable": True},
            "ltags": {"type": "array", "items": {"type": "integer"}},
            "sub": {"$ref": "#/components/schemas/Sub"},
            "ctx": {}}},
        "Memo": {"type": "object", "properties": {
            "lines": {"type": "array", "items": {"$ref": "#/components/schemas/Line"}},
            "ltags": {"type": "array", "items": {"type": "integer"}},
            "sub": {"allOf": [{"$ref": "#/components/schemas/Sub"}], "nullable": True},
            "void": {"type": "string", "format": "date", "nullable": True},
            "msg": {"type": "string", "nullable": True},
            "flag": {"type": "boolean"},
            "ctx": {},
            "meta": {"type": "object", "additionalProperties": {"type": "integer"}},
            "total": {"type": "string", "format": "decimal"}}},
    }},
}


def test_the_recorder_reads_drf_notation(send: Callable[..., Wire], m: Any) -> None:
    from tests.wire.recording_server import decode_form

    body = m.Memo(lines=[m.Line(account=5, amount=Decimal("1.10"), ltags=[3],
                                sub=m.Sub(x=1), ctx=None),
                         m.Line(account=6, amount=Decimal(2), description="")],
                  ltags=[1, 2], sub=m.Sub(x=7, tags=[8, 9]), void=None, msg="m",
                  flag=False, ctx={"k": "v"}, meta={"a": 1}, total=Decimal("0.10"))
    schema = {"$ref": "#/components/schemas/Memo"}
    for style in ("auto", "drf"):
        decoded, problems = decode_form(SPEC, schema, pairs(send(body, FORM)), style)
        assert not problems
        assert decoded == {
            "lines": [{"account": 5, "amount": "1.10", "ltags": [3], "sub": {"x": 1},
                       "ctx": None},
                      {"account": 6, "amount": "2", "description": ""}],
            "ltags": [1, 2], "sub": {"x": 7, "tags": [8, 9]}, "void": None, "msg": "m",
            "flag": False, "ctx": {"k": "v"}, "meta": {"a": 1}, "total": "0.10"}
    # OpenAPI's notation (objects as JSON text, which the client no longer sends) too
    openapi = [("lines", '{"account":5,"amount":"1.10","sub":{"x":1}}'),
               ("lines", '{"account":6,"amount":"2"}')]
    decoded, problems = decode_form(SPEC, schema, openapi, "auto")
    assert not problems and decoded["lines"][0]["sub"] == {"x": 1}
    # and what DRF could not read is reported
    _, problems = decode_form(SPEC, schema, [("lines[1]account", "5")], "drf")
    assert problems and "indices [1]" in problems[0]
    _, problems = decode_form(SPEC, schema, [("sub", '{"x": 1}')], "drf")
    assert problems and "not JSON text" in problems[0]
