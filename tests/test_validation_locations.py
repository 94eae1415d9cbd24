"""Every problem the validation stage stops on names its file, line and JSON pointer.

openapi-spec-validator reports what its keyword checks find (schemas, parameters,
operations) relative to the node checked, or with no place at all; the stage places each
one in the document, following `$ref`s as the validator did, into other files too.
A survey of invalid documents (OpenAPI 3.0 and 3.1) checks that every error has a
pointer that leads into the document, and the line of it; a few messages are checked
word for word, through the real command line too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import Diagnostic, GenerationError, Severity
from generator.load import load_inputs
from generator.validate.rules import validate

ROOT = Path(__file__).resolve().parents[1]


def base(version: str) -> dict[str, Any]:
    return {"openapi": version, "info": {"title": "t", "version": "1"},
            "paths": {"/a/{id}": {"get": {
                "operationId": "get_a",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/A"}}}}}}}},
            "components": {"schemas": {"A": {"type": "object",
                                             "properties": {"x": {"type": "string"}}}}}}


def op(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"]["/a/{id}"]["get"]
    return found


def schema_a(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]["A"]
    return found


Change = Callable[[dict[str, Any]], object]

# Invalid documents, each made from `base` by one change; every one stops generation.
INVALID_30: dict[str, Change] = {
    "path-without-slash": lambda d: d["paths"].update(
        {"a": {"get": {"responses": {"200": {"description": "x"}}}}}),
    "no-responses": lambda d: op(d).pop("responses"),
    "empty-responses": lambda d: op(d).update(responses={}),
    "response-without-description": lambda d: op(d)["responses"]["200"].pop("description"),
    "parameter-without-in": lambda d: op(d)["parameters"][0].pop("in"),
    "parameter-in-body": lambda d: op(d)["parameters"][0].update({"in": "body"}),
    "path-parameter-not-required": lambda d: op(d)["parameters"][0].update(required=False),
    "path-parameter-undefined": lambda d: op(d).update(parameters=[]),
    "duplicate-operation-id": lambda d: d["paths"].update({"/b": {"get": {
        "operationId": "get_a", "responses": {"200": {"description": "x"}}}}}),
    "duplicate-parameter": lambda d: op(d)["parameters"].append(
        dict(op(d)["parameters"][0])),
    "schema-type-unknown": lambda d: schema_a(d).update(type="strin"),
    "schema-required-not-a-list": lambda d: schema_a(d).update(required="x"),
    "schema-properties-a-list": lambda d: schema_a(d).update(properties=[1, 2]),
    "allof-requires-undefined-property": lambda d: d["components"]["schemas"].update(
        B={"allOf": [{"$ref": "#/components/schemas/A"}], "required": ["x", "ghost"]}),
    "unknown-top-level-member": lambda d: d.update(foo=1),
    "no-paths": lambda d: d.pop("paths"),
    "security-scheme-type-unknown": lambda d: d["components"].update(
        securitySchemes={"k": {"type": "magic"}}),
    "request-body-without-content": lambda d: op(d).update(requestBody={"description": "x"}),
    "media-type-schema-not-an-object": lambda d: op(d)["responses"]["200"]["content"][
        "application/json"].update(schema=5),
    "server-without-url": lambda d: d.update(servers=[{"description": "x"}]),
    "nested-property-type-not-text": lambda d: schema_a(d)["properties"].update(
        y={"type": 5}),
    "parameter-minimum-not-a-number": lambda d: op(d)["parameters"][0]["schema"].update(
        minimum="low"),
    "discriminator-not-an-object": lambda d: schema_a(d).update(discriminator=5),
    "parameters-not-a-list": lambda d: op(d).update(parameters={}),
    "empty-enum": lambda d: schema_a(d)["properties"]["x"].update(enum=[]),
    "empty-required": lambda d: schema_a(d).update(required=[]),
    "items-a-list": lambda d: schema_a(d)["properties"].update(
        l={"type": "array", "items": []}),
    "response-code-unknown": lambda d: op(d)["responses"].update(
        {"2000": {"description": "x"}}),
    "content-a-list": lambda d: op(d)["responses"]["200"].update(content=[]),
    "deeply-nested-schema-broken": lambda d: schema_a(d)["properties"].update(z={
        "type": "object", "properties": {"w": {"type": "array", "items": {
            "type": "object", "minProperties": -1}}}}),
    "header-schema-broken": lambda d: op(d)["responses"]["200"].update(
        headers={"X": {"schema": {"type": "strin"}}}),
    "oauth2-without-flows": lambda d: d["components"].update(
        securitySchemes={"o": {"type": "oauth2"}}),
    "api-key-without-in": lambda d: d["components"].update(
        securitySchemes={"k": {"type": "apiKey", "name": "x"}}),
    "parameter-items-broken": lambda d: op(d)["parameters"].append(
        {"name": "q", "in": "query", "schema": {"type": "array", "items": {"type": "strin"}}}),
}
INVALID_31: dict[str, Change] = {
    "type-list-with-unknown-type": lambda d: schema_a(d).update(type=["string", "strin"]),
    "prefix-items-not-a-list": lambda d: schema_a(d).update(prefixItems={"type": "string"}),
    "no-paths-components-or-webhooks": lambda d: (d.pop("paths"), d.pop("components")),
    "json-schema-dialect-not-text": lambda d: d.update(jsonSchemaDialect=5),
    "schema-dialect-unknown": lambda d: schema_a(d).update(
        {"$schema": "https://example.com/unknown"}),
    "discriminator-not-an-object": lambda d: schema_a(d).update(discriminator=5),
    "unknown-top-level-member": lambda d: d.update(foo=1),
    "parameter-without-in": lambda d: op(d)["parameters"][0].pop("in"),
    "duplicate-operation-id": lambda d: d["paths"].update({"/b": {"get": {
        "operationId": "get_a", "responses": {"200": {"description": "x"}}}}}),
    "nested-property-type-unknown": lambda d: schema_a(d)["properties"].update(
        y={"type": "array", "items": {"type": "nope"}}),
    "path-parameter-undefined": lambda d: op(d).update(parameters=[]),
}
CASES = [(f"3.0/{name}", "3.0.3", change) for name, change in INVALID_30.items()] + \
    [(f"3.1/{name}", "3.1.0", change) for name, change in INVALID_31.items()]


def write(tmp_path: Path, name: str, spec: dict[str, Any]) -> Path:
    """JSON or YAML by turns: both ways of finding lines are exercised."""
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(spec, indent=2), "utf-8")
    else:
        path.write_text(yaml.safe_dump(spec, sort_keys=False), "utf-8")
    return path


def errors_of(paths: list[Path]) -> list[Diagnostic]:
    with pytest.raises(GenerationError) as raised:
        validate(load_inputs([str(path) for path in paths]))
    return [d for d in raised.value.diagnostics if d.severity is Severity.ERROR]


def node_at(data: Any, pointer: str) -> tuple[bool, bool]:
    """(the pointer leads to a node, or else to a missing member of an existing node)."""
    node = data
    tokens = [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]
    for index, token in enumerate(tokens):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False, index == len(tokens) - 1 and isinstance(node, dict)
    return True, False


def test_every_error_of_the_survey_has_its_file_line_and_pointer(tmp_path: Path) -> None:
    lines = located = 0
    unplaced: list[str] = []
    for index, (name, version, change) in enumerate(CASES):
        spec = base(version)
        change(spec)
        suffix = ".json" if index % 2 else ".yaml"
        path = write(tmp_path, name.replace("/", "-") + suffix, spec)
        errors = errors_of([path])
        assert errors, name
        for error in errors:
            lines += 1
            exists, missing_member = node_at(spec, error.pointer)
            if error.file == str(path) and error.pointer.startswith("/") and \
                    error.line is not None and (exists or missing_member):
                located += 1
            else:
                unplaced.append(f"{name}: {error.render()}")
    print(f"locations: {len(CASES)} invalid documents, {lines} error lines, "
          f"{located} with file, line and pointer")
    assert len(CASES) >= 40
    assert unplaced == []


# Exact lines for some of the survey's documents (YAML, written with sort_keys=False).
EXACT = {
    "3.0/duplicate-operation-id": [
        # Both places, the first one in the message (the validator names only the later).
        ("{path}:24 /paths/~1b/get/operationId: error: invalid OpenAPI: operationId 'get_a' "
        "is also that of /paths/~1a~1{{id}}/get/operationId: operationIds must be unique (each "
        "names a method) (rename one of them)")],
    "3.0/duplicate-parameter": [
        ("{path}:15 /paths/~1a~1{{id}}/get/parameters/1: error: invalid OpenAPI: Duplicate "
        "parameter 'id' (fix the document)")],
    "3.0/path-parameter-undefined": [
        ("{path}:7 /paths/~1a~1{{id}}/get: error: invalid OpenAPI: Path parameter 'id' for "
        "'get' operation in '/a/{{id}}' was not resolved (fix the document)")],
    "3.0/empty-required": [
        ("{path}:24 /components/schemas/A: error: invalid OpenAPI: {{\"properties\":{{\"x\":"
        "{{\"type\":\"string\"}}}},\"required\":[],\"type\":\"object\"}} is not valid under any "
        "of the schemas listed in the 'oneOf' keyword (fix the document)"),
        ("{path}:29 /components/schemas/A/required: error: invalid OpenAPI: [] should be "
        "non-empty (fix the document)")],
    "3.0/allof-requires-undefined-property": [
        ("{path}:32 /components/schemas/B/required: error: invalid OpenAPI: Required list has "
        "not defined properties: ['ghost'] (fix the document)")],
    "3.0/unknown-top-level-member": [
        ("{path}:29 /foo: error: invalid OpenAPI: Additional properties are not allowed "
        "('foo' was unexpected) (fix the document)")],
    "3.0/no-paths": [
        ("{path}:1 /paths: error: invalid OpenAPI: \"paths\" is a required property "
        "(fix the document)")],
    "3.0/media-type-schema-not-an-object": [
        ("{path}:16 /paths/~1a~1{{id}}/get/responses/200: error: invalid OpenAPI: {{\"content\":"
        "{{\"application/json\":{{\"schema\":5}}}},\"description\":\"ok\"}} is not valid under "
        "any of the schemas listed in the 'oneOf' keyword (fix the document)"),
        ("{path}:20 /paths/~1a~1{{id}}/get/responses/200/content/application~1json/schema: "
        "error: invalid OpenAPI: 5 is not of type 'object', 'boolean' (fix the document)")],
    "3.1/no-paths-components-or-webhooks": [
        ("{path}:1 /paths: error: invalid OpenAPI: the document has none of `paths`, "
        "`components` and `webhooks` (fix the document)")],
    "3.1/schema-dialect-unknown": [
        ("{path}:29 /components/schemas/A/$schema: error: invalid OpenAPI: Unknown JSON Schema "
        "dialect: 'https://example.com/unknown' (fix the document)")],
    "3.1/nested-property-type-unknown": [
        ("{path}:32 /components/schemas/A/properties/y/items/type: error: invalid OpenAPI: "
        "'nope' is not valid under any of the given schemas (fix the document)")],
}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_exact_lines(name: str, tmp_path: Path) -> None:
    version, change = next((v, c) for n, v, c in CASES if n == name)
    spec = base(version)
    change(spec)
    path = write(tmp_path, "spec.yaml", spec)
    assert [e.render() for e in errors_of([path])] == \
        [line.format(path=path) for line in EXACT[name]]


def test_a_problem_in_a_referenced_file_is_shown_in_that_file(tmp_path: Path) -> None:
    (tmp_path / "schemas.yaml").write_text(
        "Fine:\n  type: string\nBroken:\n  type: object\n  properties:\n"
        "    n: {type: integer}\n    m: {type: nope}\n", "utf-8")
    spec = base("3.0.3")
    op(spec)["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "schemas.yaml#/Broken"}
    path = write(tmp_path, "openapi.yaml", spec)
    other = tmp_path / "schemas.yaml"
    assert [e.render() for e in errors_of([path])] == [
        (f"{other}:7 /Broken/properties/m/type: error: invalid OpenAPI: 'nope' is not valid "
        "under any of the given schemas (fix the document)")]


def test_a_problem_in_the_second_input_is_shown_in_that_input(tmp_path: Path) -> None:
    first = write(tmp_path, "first.yaml", base("3.0.3"))
    second_spec = base("3.0.3")
    second_spec["paths"] = {"/b": {"get": {"operationId": "get_b", "responses": {
        "200": {"description": "ok", "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/B"}}}}}}}}
    second_spec["components"]["schemas"] = {"B": {"type": "object", "required": []}}
    second = write(tmp_path, "second.json", second_spec)
    assert [e.render() for e in errors_of([first, second])] == [
        (f"{second}:28 /components/schemas/B: error: invalid OpenAPI: "
        "{\"required\":[],\"type\":\"object\"} is not valid under any of the schemas listed in "
        "the 'oneOf' keyword (fix the document)"),
        (f"{second}:30 /components/schemas/B/required: error: invalid OpenAPI: [] should be "
        "non-empty (fix the document)")]


def test_past_fifty_problems_one_line_says_how_many_more_and_where_they_start(
        tmp_path: Path) -> None:
    spec = base("3.0.3")
    spec["components"]["schemas"].update({f"S{n:02}": {"type": "object", "required": []}
                                          for n in range(40)})
    errors = errors_of([write(tmp_path, "many.json", spec)])
    assert len(errors) == 51  # of 80: 40 schemas, each wrong for the document and for itself
    assert errors[-1].render() == (
        f"{tmp_path / 'many.json'}:88 /components/schemas/S10/required: error: 30 more problems of "
        "the same kinds not shown, the first here (fix the ones above and run again)")


def test_the_command_line_prints_each_error_with_its_place(tmp_path: Path) -> None:
    spec = base("3.0.3")
    schema_a(spec)["required"] = "x"
    op(spec)["parameters"].append(dict(op(spec)["parameters"][0]))
    path = write(tmp_path, "spec.json", spec)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(path), "-o", str(tmp_path / "out")],
        capture_output=True, text=True, check=False, timeout=120, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        (f"{path}:46 /components/schemas/A: error: invalid OpenAPI: {{\"properties\":{{\"x\":"
        "{\"type\":\"string\"}},\"required\":\"x\",\"type\":\"object\"} is not valid under any of "
        "the schemas listed in the 'oneOf' keyword (fix the document)"),
        (f"{path}:53 /components/schemas/A/required: error: invalid OpenAPI: 'x' is not of type "
        "'array' (fix the document)"),
        (f"{path}:20 /paths/~1a~1{{id}}/get/parameters/1: error: invalid OpenAPI: Duplicate "
        "parameter 'id' (fix the document)"),
    ]
    assert not (tmp_path / "out").exists()
