"""Raw bodies, binary parameters and non-ASCII header values reach the wire as sent.

Found by the property test (tests/test_fuzz.py): every `application/octet-stream` and
`text/plain` body failed with "cannot encode bytes as JSON", so did a `format: binary`
property of a JSON body, and a header enum value the spec allows ("é") could not be sent
(httpx encodes header text as ASCII).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml

from generator.cli import main

SPEC = {
    "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
    "paths": {
        "/raw": {"post": {"operationId": "send_raw", "requestBody": {"content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
            "responses": {"204": {"description": "done"}}}},
        "/text": {"post": {"operationId": "send_text", "requestBody": {"content": {
            "text/plain": {"schema": {"type": "string"}}}},
            "responses": {"204": {"description": "done"}}}},
        "/json": {"post": {"operationId": "send_json", "requestBody": {"content": {
            "application/json": {"schema": {"type": "object", "properties": {
                "blob": {"type": "string", "format": "binary"}}}}}},
            "responses": {"204": {"description": "done"}}}},
        "/form": {"post": {"operationId": "send_form", "requestBody": {"content": {
            "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                "note": {"type": "string", "format": "binary"}}}}}},
            "responses": {"204": {"description": "done"}}}},
        "/greet": {"get": {"operationId": "greet", "parameters": [
            {"name": "X-Lang", "in": "header", "required": True,
             "schema": {"type": "string", "enum": ["é", "en"]}}],
            "responses": {"204": {"description": "done"}}}},
    },
}


@pytest.fixture(scope="module")
def client_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("raw")
    (folder / "spec.yaml").write_text(yaml.safe_dump(SPEC, allow_unicode=True), "utf-8")
    assert main(["generate", str(folder / "spec.yaml"), "-o", str(folder / "out"),
                 "--package-name", "raw_client"]) == 0
    sys.path.insert(0, str(folder / "out"))
    try:
        yield importlib.import_module("raw_client")
    finally:
        sys.path.remove(str(folder / "out"))


@pytest.fixture
def wire(client_module: Any) -> tuple[Any, list[httpx.Request]]:
    requests: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(204)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return client_module.Client(base_url="http://api.test", http_client=http), requests


def test_raw_bytes_and_files_are_sent_as_they_are(wire: tuple[Any, list[httpx.Request]],
                                                  client_module: Any) -> None:
    client, requests = wire
    client.default.send_raw(body=b"\x00\xffraw")
    client.default.send_raw(body=client_module.Upload(b"%PDF-1.7", "memo.pdf", "application/pdf"))
    assert [r.content for r in requests] == [b"\x00\xffraw", b"%PDF-1.7"]
    assert {r.headers["Content-Type"] for r in requests} == {"application/octet-stream"}


def test_text_bodies_are_sent_as_utf8(wire: tuple[Any, list[httpx.Request]]) -> None:
    client, requests = wire
    client.default.send_text(body="Grüße")
    [request] = requests
    assert request.content == "Grüße".encode()
    assert request.headers["Content-Type"] == "text/plain"


def test_binary_data_in_json_is_sent_as_base64(wire: tuple[Any, list[httpx.Request]]) -> None:
    client, requests = wire
    models = importlib.import_module("raw_client.models")
    body_class = next(getattr(models, name) for name in models.__all__
                      if name.startswith("SendJson"))
    client.default.send_json(body=body_class(blob=b"\x00\xffmemo"))
    [request] = requests
    assert request.content == b'{"blob":"AP9tZW1v"}'


def test_a_non_ascii_header_value_the_spec_allows_is_sent_as_utf8(
        wire: tuple[Any, list[httpx.Request]]) -> None:
    client, requests = wire
    client.default.greet(x_lang="é")
    [request] = requests
    assert (b"X-Lang", "é".encode()) in [(k, v) for k, v in request.headers.raw]


def test_binary_text_in_a_form_is_sent_as_text(wire: tuple[Any, list[httpx.Request]],
                                               client_module: Any) -> None:
    # Found by the property test (2 of 10,000 documents): no value the field's type allows
    # could be sent ("files can only be sent as multipart/form-data").
    client, requests = wire
    models = importlib.import_module("raw_client.models")
    body_class = next(getattr(models, name) for name in models.__all__
                      if name.startswith("SendForm"))
    client.default.send_form(body=body_class(note=b"paid in full"))
    client.default.send_form(body=body_class(note=client_module.Upload(b"caf\xc3\xa9")))
    assert [r.content for r in requests] == [b"note=paid+in+full", b"note=caf%C3%A9"]
    with pytest.raises(TypeError, match=r"^binary data that is not UTF-8 text can only be "
                                        r"sent as multipart/form-data$"):
        client.default.send_form(body=body_class(note=b"\xff"))
