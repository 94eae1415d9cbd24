"""Multipart parts that the spec's Encoding Object sends as JSON text (`contentType:
application/json`): Square's uploads carry their `request` object so, beside the image.
Where the spec says nothing, an object in a form stays refused (docs/decisions.md).

The proof is the recording peer of the wire tests: openapi-core reads each part by the
content type the document gives it and validates the body.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import pytest

from generator.render import render_package
from tests.model_specs import build
from tests.wire.recording_server import RecordingServer

MULTIPART = "multipart/form-data"
_STR = {"type": "string"}
_REQUEST = {"type": "object", "required": ["idempotency_key"], "properties": {
    "idempotency_key": _STR,
    "image": {"type": "object", "properties": {"caption": _STR,
                                               "tags": {"type": "array", "items": _STR}}}}}
_OK = {"200": {"description": "", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"id": _STR}}}}}}


def _upload(encoding: dict[str, Any]) -> dict[str, Any]:
    return {"responses": _OK, "requestBody": {"required": True, "content": {MULTIPART: {
        "schema": {"type": "object", "required": ["request"], "properties": {
            "request": _REQUEST, "image_file": {"type": "string", "format": "binary"}}},
        "encoding": encoding}}}}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3", "info": {"title": "Parts", "version": "1"},
    "servers": [{"url": "https://api.test"}],
    "paths": {
        "/images": {"post": {"operationId": "CreateImage", **_upload({
            "image_file": {"contentType": "image/jpeg"},
            "request": {"contentType": "application/json; charset=utf-8"}})}},
        "/plain": {"post": {"operationId": "CreatePlain", **_upload({})}},
    },
}


@pytest.fixture(scope="module")
def client_and_peer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    folder = tmp_path_factory.mktemp("parts")
    for name, text in render_package(build(folder, DOCUMENT, package="parts_client")
                                     ).files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    sys.path.insert(0, str(folder))
    recorder = RecordingServer(DOCUMENT, None, form_style="openapi")
    recorder.start()
    try:
        package = importlib.import_module("parts_client")
        with package.Client(base_url=recorder.base_url) as client:
            yield client, recorder
    finally:
        recorder.stop()
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m.startswith("parts_client")]:
            del sys.modules[name]


def _parts(exchange: Any) -> list[tuple[str | None, str, bytes]]:
    """(name, content type, content) of each part of the multipart body sent."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {exchange.headers['content-type']}\r\n\r\n".encode() + exchange.body)
    return [(part.get_param("name", header="content-disposition"), part.get_content_type(),
             part.get_payload(decode=True)) for part in message.iter_parts()]


def test_a_part_the_spec_encodes_as_json_goes_as_json_text_and_the_peer_reads_it(
        client_and_peer: tuple[Any, Any]) -> None:
    client, recorder = client_and_peer
    models = importlib.import_module("parts_client.models")
    body = models.CreateImageBody.from_dict({
        "request": {"idempotency_key": "k-1", "image": {"caption": "a \"cat\"",
                                                        "tags": ["x", "y"]}},
        "image_file": b"\xff\xd8\xff"})
    exchange = recorder.exchange(client.default.with_response.create_image(body=body).headers)
    parts = _parts(exchange)
    assert [(name, kind) for name, kind, _ in parts] == [
        ("request", "application/json"), ("image_file", "image/jpeg")]
    assert json.loads(parts[0][2]) == body.to_dict()["request"]
    assert exchange.violations == []


def test_an_object_part_the_spec_says_nothing_of_is_still_refused(
        client_and_peer: tuple[Any, Any]) -> None:
    """OpenAPI's default for an object part is JSON, but servers read such parts in their
    own ways (DRF: not at all; OpenAI: as brackets): refused before sending, as before."""
    client, recorder = client_and_peer
    models = importlib.import_module("parts_client.models")
    package = importlib.import_module("parts_client")
    before = len(recorder.exchanges)
    with pytest.raises(package.EncodingError) as caught:
        client.default.create_plain(body=models.CreatePlainBody.from_dict(
            {"request": {"idempotency_key": "k-2"}}))
    assert caught.value.field == "request"
    assert len(recorder.exchanges) == before
