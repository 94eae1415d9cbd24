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
from pathlib import Path
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


# --- where a file comes from: Upload, a path, an open file, bytes -----------------------


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def file_parts(wire: Wire) -> dict[str, tuple[str | None, str | None, bytes]]:
    """Each part of a multipart body by name: (file name, Content-Type, content)."""
    content, content_type = wire
    boundary = content_type.split("boundary=", 1)[1].encode()
    found: dict[str, tuple[str | None, str | None, bytes]] = {}
    for chunk in content.split(b"--" + boundary)[1:-1]:
        head, _, body = chunk[2:-2].partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        disposition = dict(
            item.strip().split("=", 1) for item in lines[0].split(";")[1:])
        media = next((line.split(": ", 1)[1] for line in lines[1:]
                      if line.startswith("Content-Type")), None)
        file_name = disposition.get("filename")
        found[disposition["name"].strip('"')] = (
            file_name.strip('"') if file_name else None, media, body)
    return found


@pytest.mark.parametrize("form_style", ["drf", "openapi"])
def test_a_path_is_read_when_the_request_is_built(rt: Any, m: Any,
                                                   send: Callable[..., Wire],
                                                   tmp_path: Path, form_style: str) -> None:
    """Its file name and media type come from the path; its content is read at send
    time, not when the model is made."""
    path = tmp_path / "scan 1.pdf"
    body = m.Memo(file=path)
    path.write_bytes(b"%PDF-1.7 written after the model was made")
    assert file_parts(send(body, MULTIPART, form_style=form_style))["file"] == (
        "scan 1.pdf", "application/pdf", b"%PDF-1.7 written after the model was made")
    path.write_bytes(b"%PDF-1.7 changed")
    assert file_parts(send(body, MULTIPART, form_style=form_style))["file"][2] == (
        b"%PDF-1.7 changed")


def test_a_path_that_cannot_be_read_is_refused_naming_the_field(
        rt: Any, m: Any, send: Callable[..., Wire], sent: list[httpx.Request],
        tmp_path: Path) -> None:
    error = refused(rt, send, sent, m.Memo(lines=[m.Line(
        account=1, amount=Decimal(1), doc=tmp_path / "missing.csv")]), MULTIPART)
    assert error.field == "lines[0].doc"
    assert "missing.csv" in str(error)


def test_an_open_binary_file_is_read_with_its_name(rt: Any, m: Any,
                                                   send: Callable[..., Wire],
                                                   tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_bytes(b"a,b\n1,2\n")
    with path.open("rb") as file:
        parts = file_parts(send(m.Memo(file=file), MULTIPART))
    assert parts["file"] == ("ledger.csv", "text/csv", b"a,b\n1,2\n")


def test_a_file_opened_as_text_is_refused(rt: Any, m: Any, send: Callable[..., Wire],
                                          sent: list[httpx.Request],
                                          tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("text")
    with path.open("r") as file:
        error = refused(rt, send, sent, m.Memo(file=file), MULTIPART)
    assert error.field == "file" and "'rb'" in str(error)


@pytest.mark.parametrize(("content", "file_name", "media_type"), [
    (PNG, "file.png", "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "file.jpg", "image/jpeg"),
    (b"GIF89a\x01\x00", "file.gif", "image/gif"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "file.webp", "image/webp"),
    (b"II*\x00\x08\x00", "file.tif", "image/tiff"),
    (b"%PDF-1.4\n", "file.pdf", "application/pdf"),
    (b"PK\x03\x04\x14\x00", "file.zip", "application/zip"),
    (b"\x1f\x8b\x08\x00", "file.gz", "application/gzip"),
    (b"a,b\n1,2\n", "file", "application/octet-stream"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "file", "application/octet-stream"),
])
def test_bytes_get_a_name_with_the_extension_their_content_is_certain_of(
        rt: Any, m: Any, send: Callable[..., Wire], content: bytes, file_name: str,
        media_type: str) -> None:
    """Django's ImageField refuses a file name without an image extension ("File
    extension “” is not allowed"): an image's bytes get one, from its signature. Content
    whose format is not certain keeps the field's name alone (DRF's FileField takes it)."""
    for style in ("drf", "openapi"):
        assert file_parts(send(m.Memo(file=content), MULTIPART, form_style=style))[
            "file"] == (file_name, media_type, content)
    # an Upload without a name is named the same way; its media type, when given, kept
    named = file_parts(send(m.Memo(file=rt.Upload(content, mime_type="x/y")), MULTIPART))
    assert named["file"] == (file_name, "x/y", content)


def test_an_unnamed_file_object_is_named_like_bytes(rt: Any, m: Any,
                                                    send: Callable[..., Wire]) -> None:
    import io

    parts = file_parts(send(m.Memo(lines=[m.Line(account=1, amount=Decimal(1),
                                                 doc=io.BytesIO(PNG))]), MULTIPART))
    assert parts["lines[0]doc"] == ("doc.png", "image/png", PNG)


def test_a_raw_body_takes_a_path_too(rt: Any, tmp_path: Path,
                                     send: Callable[..., Wire]) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(PNG)
    assert send(path, "image/png", form_style="openapi") == (PNG, "image/png")
    assert send(path, "*/*", form_style="openapi") == (PNG, "image/png")


def test_the_async_client_takes_a_path_but_no_open_file(rt: Any, m: Any,
                                                        tmp_path: Path) -> None:
    """Reading an open file would block the event loop (a pipe may block for good):
    the async client refuses it before sending, and takes the path instead."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4")
    sent: list[httpx.Request] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    async def call(body: object) -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
            client = rt.AsyncClientBase(None, "http://api.test", None, timeout=None,
                                        headers=None, http_client=http, form_style="drf")
            await client.send(rt.Call("op", "POST", "/memo", body=body,
                                      content_type=MULTIPART, responses={"204": None}))

    with path.open("rb") as file, pytest.raises(rt.EncodingError) as caught:
        asyncio.run(call(m.Memo(file=file)))
    assert caught.value.field == "file" and "pathlib.Path" in str(caught.value)
    assert not sent
    asyncio.run(call(m.Memo(file=path)))
    assert b'filename="scan.pdf"' in sent[-1].read()


def test_the_annotation_takes_every_source(rt: Any) -> None:
    """`rt.FileInput`, the annotation of a file field, names each source mypy must
    accept (the generated clients are checked with mypy --strict in test_golden)."""
    import os
    import typing

    members = set(typing.get_args(rt.FileInput))
    assert {bytes, rt.Upload, typing.BinaryIO} <= members
    assert os.PathLike[str] in members


CALLER = '''
import io
from pathlib import Path

from unions_31_client import Upload
from unions_31_client.models import UploadAttachmentBody

UploadAttachmentBody(file=b"%PDF-1.4")
UploadAttachmentBody(file=Upload(b"%PDF-1.4", "scan.pdf", "application/pdf"))
UploadAttachmentBody(file=Path("scan.pdf"))
UploadAttachmentBody(file=io.BytesIO(b"%PDF-1.4"))
with open("scan.pdf", "rb") as binary:
    UploadAttachmentBody(file=binary)
with open("scan.pdf") as text:
    UploadAttachmentBody(file=text)  # REJECT: a text file gives str
UploadAttachmentBody(file="scan.pdf")  # REJECT: text, not a path
'''


def test_mypy_strict_takes_each_file_source_and_no_text(tmp_path: Path) -> None:
    """The generated annotation (`rt.FileInput`) as a caller meets it, in a golden
    client: bytes, Upload, a path and a file opened in binary mode type-check; a file
    opened as text and a str do not."""
    import subprocess
    import sys

    golden = Path(__file__).resolve().parents[1] / "generated" / "unions_31"
    caller = tmp_path / "caller.py"
    caller.write_text(CALLER)
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--cache-dir", str(tmp_path / "cache"), str(caller)],
                          cwd=tmp_path, env={"MYPYPATH": str(golden), "PATH": "/usr/bin"},
                          capture_output=True, text=True, timeout=300, check=False)
    errors = {int(line.split(":")[1]) for line in done.stdout.splitlines()
              if line.startswith("caller.py") and ": error:" in line}
    expected = {number for number, line in enumerate(CALLER.splitlines(), 1)
                if "# REJECT" in line}
    assert errors == expected, done.stdout


def test_a_name_the_fields_extensions_rule_out_is_refused(
        rt: Any, m: Any, send: Callable[..., Wire], sent: list[httpx.Request],
        tmp_path: Path) -> None:
    """`{"file_extensions": ("png", "jpg")}` (a FileExtensionValidator, from the schema's
    pattern): Django compares the name's last suffix, in lower case. Bytes named from their
    signature pass; bytes of no certain format, or a name with another extension, are
    refused before sending."""
    assert file_parts(send(m.Scan(image=PNG), MULTIPART))["image"][0] == "image.png"
    assert file_parts(send(m.Scan(image=rt.Upload(PNG, "A.PNG")), MULTIPART))[
        "image"][0] == "A.PNG"
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0")
    assert file_parts(send(m.Scan(image=path), MULTIPART))["image"][0] == "photo.jpg"
    for value, name in ((b"no known signature", "image"),
                        (rt.Upload(PNG, "scan.pdf"), "scan.pdf"),
                        (rt.Upload(PNG, "png"), "png")):
        error = refused(rt, send, sent, m.Scan(image=value), MULTIPART)
        assert error.field == "image"
        assert ".png, .jpg" in str(error) and repr(name) in str(error)
        assert "Upload(content, file_name=...)" in str(error)


def test_a_path_is_no_parameter_text(rt: Any, tmp_path: Path) -> None:
    """A path is a file to upload: as a parameter it is refused, never sent as its
    text."""
    with pytest.raises(TypeError, match="request body"):
        rt.query_params([("q", tmp_path / "a.pdf", False)])
