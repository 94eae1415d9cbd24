"""Every operation of the spec, with what the wire tests need to call and judge it.

The generator's IR only says where the generated function lives (client attribute,
method name, Python parameter names, body class); everything the tests send or expect
comes from the raw spec.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tests.wire.payloads import Fill, ValueBuilder

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    """The Python argument name."""
    json_name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    schema_explode: bool = True
    """The parameter's `explode` (true by default for the form style of queries)."""


@dataclass(frozen=True, slots=True)
class Operation:
    group: str
    name: str
    operation_id: str
    method: str
    path: str
    params: tuple[Param, ...]
    body_class: str | None
    body_required: bool
    encodings: tuple[str, ...]
    responses: Mapping[str, str]
    """Documented 2xx status -> the Python type the client declares for it."""
    errors: Mapping[str, str]
    """Documented error status -> the Python type of its parsed body."""
    raw: Mapping[str, Any]

    def __str__(self) -> str:
        return f"{self.name} ({self.method} {self.path})"

    @property
    def body_schema(self) -> Any:
        """The request body schema (JSON media type), or None."""
        body = self.raw.get("requestBody")
        return None if body is None else body["content"][JSON]["schema"]

    def form_schema(self, media_type: str) -> Any:
        """The request body schema the spec gives for `media_type` (a form encoding)."""
        return self.raw["requestBody"]["content"][media_type]["schema"]

    def response(self, status: int) -> tuple[str, Any] | None:
        """(status key, JSON schema or None) of the documented response for `status`."""
        responses = self.raw["responses"]
        for key in (str(status), f"{status // 100}XX", "default"):
            if key in responses:
                content = responses[key].get("content", {})
                return key, content[JSON]["schema"] if JSON in content else None
        return None

    def success_status(self) -> int:
        """The first documented 2xx status."""
        return min(int(key) for key in self.raw["responses"] if key.startswith("2"))


def load_operations(spec_path: Path, spec: Mapping[str, Any]) -> list[Operation]:
    """All operations, in the generator's order (by group, then as in the spec)."""
    from generator.load import load_inputs
    from generator.model.build import Options, build_package
    from generator.render.spelling import Spelling

    package = build_package(load_inputs([str(spec_path)]), Options(package="campfire_client"))
    spell = Spelling(None)  # the annotations as the client's signatures show them
    operations: list[Operation] = []
    for group in package.groups:
        for ir in group.operations:
            raw = spec["paths"][ir.path][ir.method.lower()]
            declared = {
                (p["name"], p["in"]): p
                for p in spec["paths"][ir.path].get("parameters", []) + raw.get("parameters", [])
            }
            params = tuple(
                Param(p.name, p.json_name, p.location.value, p.required,
                      declared[(p.json_name, p.location.value)]["schema"],
                      declared[(p.json_name, p.location.value)].get("explode", True))
                for p in ir.params
            )
            body = ir.body
            operations.append(Operation(
                group=group.attribute,
                name=ir.name,
                operation_id=ir.operation_id,
                method=ir.method.upper(),
                path=ir.path,
                params=params,
                body_class=None if body is None else spell.annotation(body.type).flat,
                body_required=body is not None and body.required,
                encodings=() if body is None else tuple(body.encodings),
                responses={r.status: spell.response_annotation(r.type).flat for r in ir.responses},
                errors={r.status: spell.response_annotation(r.type).flat for r in ir.errors},
                raw=raw,
            ))
    return operations


@dataclass(frozen=True, slots=True)
class Arguments:
    """One call's arguments (all by name) and the JSON body sent."""

    keywords: dict[str, Any]
    body_json: Any
    """The body as JSON data (None without a body); `keywords["body"]` is its model."""
    params_json: dict[tuple[str, str], Any]
    """(location, JSON name) -> the value set, as JSON data."""

    def expected_path(self, op: Operation) -> str:
        path = op.path
        for (location, name), value in self.params_json.items():
            if location == "path":
                path = path.replace("{" + name + "}", quote(_text(value), safe=""))
        return path

    def expected_query(self, op: Operation) -> list[tuple[str, str]]:
        """The query pairs OpenAPI's default (form style, exploded) makes of the values."""
        pairs = []
        for param in op.params:
            value = self.params_json.get(("query", param.json_name))
            if param.location != "query" or value is None:
                continue
            if isinstance(value, list) and param.schema_explode:
                pairs += [(param.json_name, _text(item)) for item in value]
            elif isinstance(value, list):
                pairs.append((param.json_name, ",".join(_text(item) for item in value)))
            else:
                pairs.append((param.json_name, _text(value)))
        return sorted(pairs)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def build_arguments(spec: Mapping[str, Any], models: Any, op: Operation, fill: Fill,
                    *, body_json: Any = None, content_type: str | None = None,
                    js_safe: bool = False) -> Arguments:
    """Arguments from the spec: required parameters (all of them when `fill` is "all")
    and a body with every writable required field (or every writable field); `js_safe`
    keeps integers within what a JavaScript peer can hold."""
    builder = ValueBuilder(spec, direction="write", fill=fill, js_safe=js_safe)
    keywords: dict[str, Any] = {}
    params_json: dict[tuple[str, str], Any] = {}
    for param in op.params:
        if param.location == "path" or param.required or fill == "all":
            value = builder.value(param.schema)
            params_json[(param.location, param.json_name)] = value
            # Every argument by name: only the template's last path parameter may be
            # passed by position, and a name cannot land in the wrong parameter.
            keywords[param.name] = python_value(param.schema, value)
    if op.body_class is not None and body_json is None:
        body_json = builder.value(op.body_schema)
    if op.body_class is not None:
        keywords["body"] = getattr(models, op.body_class).from_dict(body_json)
    if content_type is not None:
        keywords["content_type"] = content_type
    return Arguments(keywords, body_json, params_json)


def python_value(schema: Mapping[str, Any], value: Any) -> Any:
    """A parameter value as the caller holds it (dates and UUIDs as objects)."""
    parsers: dict[str, Callable[[str], object]] = {
        "date": datetime.date.fromisoformat,
        "date-time": datetime.datetime.fromisoformat,
        "uuid": uuid.UUID,
    }
    parse = parsers.get(schema.get("format", ""))
    if isinstance(value, list):
        return [python_value(schema.get("items", {}), item) for item in value]
    return value if parse is None else parse(value)
