"""A small document with what the runtime's decoding tests need, generated into a client
(the templates and runtime of the working tree) for each test module that asks.

- `Thing`: a typed number (`price`), untyped JSON in every place the generator allows it
  (`data: {}`, an object with `additionalProperties: true`, an array of `{}`, unknown
  properties), date-times (one, and a list), and two unions of look-alike objects told
  apart only by a one-value enum (`shape`: Point | LineString, whose coordinates differ;
  `figure`: Circle | Square, alike but for the enum).
- `GET /things/{id}/` answers a Thing, with a documented 400 (`Problem`);
  `POST /things/` documents no error at all; `GET /anything/` answers `{}`.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from generator.model.build import Options
from generator.pipeline import generate


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _tagged(tag: str, shape: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": ["type"],
            "properties": {"type": {"type": "string", "enum": [tag]}, **shape}}


NUMBERS = {"type": "array", "items": {"type": "number"}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Inline", "version": "1"},
    "paths": {
        "/things/{id}/": {"get": {
            "operationId": "things_retrieve",
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "", "content": _json(_ref("Thing"))},
                          "400": {"description": "", "content": _json(_ref("Problem"))}}}},
        "/things/": {"post": {
            "operationId": "things_create",
            "requestBody": {"content": _json(_ref("Thing")), "required": True},
            "responses": {"201": {"description": "", "content": _json(_ref("Thing"))}}}},
        "/anything/": {"get": {
            "operationId": "anything_retrieve",
            "responses": {"200": {"description": "", "content": _json({})}}}},
    },
    "components": {"schemas": {
        "Thing": {"type": "object", "required": ["id", "price", "data"], "properties": {
            "id": {"type": "integer"},
            "price": {"type": "number"},
            "data": {},
            "settings": {"type": "object", "additionalProperties": True},
            "samples": {"type": "array", "items": {}},
            "when": {"type": "string", "format": "date-time"},
            "stamps": {"type": "array", "items": {"type": "string", "format": "date-time"}},
            "shape": {"oneOf": [_ref("Point"), _ref("LineString")]},
            "figure": {"oneOf": [_ref("Circle"), _ref("Square")]},
        }},
        "Point": _tagged("Point", {"coordinates": NUMBERS}),
        "LineString": _tagged("LineString", {"coordinates": {"type": "array",
                                                             "items": NUMBERS}}),
        "Circle": _tagged("Circle", {"size": {"type": "number"}}),
        "Square": _tagged("Square", {"size": {"type": "number"}}),
        "Problem": {"type": "object", "properties": {"detail": {"type": "string"}}},
    }},
}


def inline_package(folder: Path, name: str, *, number_type: str = "decimal",
                   form_style: str = "drf") -> ModuleType:
    """SPEC generated as package `name` into `folder`, imported."""
    spec = folder / f"{name}.json"
    spec.write_text(json.dumps(SPEC), "utf-8")
    generate([str(spec)], folder, Options(package=name, number_type=number_type,
                                          form_style=form_style))
    sys.path.insert(0, str(folder))
    try:
        package = importlib.import_module(name)
        importlib.import_module(f"{name}.api.default")
        return package
    finally:
        sys.path.remove(str(folder))


def answering(package: ModuleType, status: int, body: bytes,
              kind: str = "Client", **settings: Any) -> Any:
    """`package.Client` (or `AsyncClient`) whose every request gets `status` and `body`."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body,
                              headers={"Content-Type": "application/json"})

    transport = httpx.MockTransport(answer)
    http = (httpx.AsyncClient if kind == "AsyncClient" else httpx.Client)(transport=transport)
    return getattr(package, kind)(base_url="http://api.test", http_client=http, **settings)
