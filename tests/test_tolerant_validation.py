"""Problems that cannot change the generated code: a warning by default, exit 2 under
--strict (docs/parsing-policy.md, "Tolerated problems of the spec")."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.diagnostics import GenerationError, Severity
from generator.load import load_inputs
from generator.validate.rules import validate


def document(version: str = "3.0.3") -> dict[str, Any]:
    return {
        "openapi": version, "info": {"title": "T", "version": "1"},
        "paths": {"/pets": {"get": {
            "operationId": "list_pets",
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Pet"}}}}}}}},
        "components": {"schemas": {"Pet": {
            "type": "object", "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "name": {"type": "string"}}}}},
    }


def operation(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"]["/pets"]["get"]
    return found


def pet(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]["Pet"]
    return found


# Each harmless class, as openapi-python-client's end-to-end documents and real specs
# write it: (version, change, pointer of the warning, words of its message).
HARMLESS: dict[str, tuple[str, Callable[[dict[str, Any]], object], str, str]] = {
    "extra-keyword-on-operation": (
        "3.0.3", lambda d: operation(d).update(weird=True), "/paths/~1pets/get/weird",
        "`weird` is not allowed here by OpenAPI 3.0: ignored"),
    "title-on-operation": (
        "3.0.3", lambda d: operation(d).update(title="List pets"),
        "/paths/~1pets/get/title", "`title` is not allowed here"),
    "extra-keyword-on-operation-3.1": (
        "3.1.0", lambda d: operation(d).update(title="List pets"),
        "/paths/~1pets/get/title", "`title` is not allowed here by OpenAPI 3.1"),
    "const-in-3.0": (
        "3.0.3", lambda d: pet(d)["properties"]["kind"].update(const="cat"),
        "/components/schemas/Pet/properties/kind/const",
        "`const` is a keyword of OpenAPI 3.1 schemas, not 3.0"),
    "examples-in-3.0": (
        "3.0.3", lambda d: pet(d)["properties"]["name"].update(examples=["Tom"]),
        "/components/schemas/Pet/properties/name/examples",
        "`examples` is a keyword of OpenAPI 3.1 schemas"),
    "const-at-the-top-of-a-3.0-schema": (
        "3.0.3", lambda d: d["components"]["schemas"].update(
            Cat={"type": "string", "const": "cat"}),
        "/components/schemas/Cat/const", "`const` is a keyword of OpenAPI 3.1"),
    "example-that-does-not-fit": (
        "3.0.3", lambda d: operation(d)["responses"]["200"]["content"][
            "application/json"].update(example={"kind": 5}),
        "/paths/~1pets/get/responses/200/content/application~1json/example/kind",
        "example does not match its schema"),
}


def write(tmp_path: Path, spec: dict[str, Any]) -> Path:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec, indent=2), "utf-8")
    return path


@pytest.mark.parametrize("name", sorted(HARMLESS))
def test_a_harmless_problem_is_a_warning_and_an_error_under_strict(
        name: str, tmp_path: Path) -> None:
    version, change, where, words = HARMLESS[name]
    spec = document(version)
    change(spec)
    workspace = load_inputs([str(write(tmp_path, spec))])

    warnings = [d for d in validate(workspace) if d.pointer == where]
    assert [d.severity for d in warnings] == [Severity.WARNING], warnings
    assert words in warnings[0].message and warnings[0].line is not None
    # What to do: the fix alone (generation goes on without it).
    assert warnings[0].hint and "--strict" not in warnings[0].hint

    with pytest.raises(GenerationError) as raised:
        validate(workspace, strict=True)
    [error] = raised.value.diagnostics
    assert error.pointer == where
    assert error.hint == f"{warnings[0].hint}, or pass the spec without --strict"


def test_every_problem_of_a_schema_is_told_apart(tmp_path: Path) -> None:
    """Two unknown keywords in one schema: one line each, at each keyword."""
    spec = document()
    pet(spec)["properties"]["kind"].update(const="cat")
    pet(spec)["properties"]["name"].update(examples=["Tom"])
    found = validate(load_inputs([str(write(tmp_path, spec))]))
    assert sorted(d.pointer for d in found) == [
        "/components/schemas/Pet/properties/kind/const",
        "/components/schemas/Pet/properties/name/examples"]


@pytest.mark.parametrize(("change", "where"), [
    # A typo of a keyword: the parameters the author wrote would be lost.
    (lambda d: operation(d).update(parameter=[{"name": "q", "in": "query"}]),
     "/paths/~1pets/get/parameter"),
    (lambda d: pet(d).update(Required=["name"]), "/components/schemas/Pet/Required"),
], ids=["parameter-for-parameters", "Required-for-required"])
def test_a_near_miss_of_a_keyword_stays_an_error(
        change: Callable[[dict[str, Any]], object], where: str, tmp_path: Path) -> None:
    spec = document()
    change(spec)
    with pytest.raises(GenerationError) as raised:
        validate(load_inputs([str(write(tmp_path, spec))]))
    [error] = raised.value.diagnostics
    assert error.pointer == where and "did you mean" in error.message


def test_an_unknown_keyword_beside_a_real_error_keeps_the_error(tmp_path: Path) -> None:
    spec = document()
    pet(spec)["properties"]["kind"].update(const="cat", type="strin")
    with pytest.raises(GenerationError) as raised:
        validate(load_inputs([str(write(tmp_path, spec))]))
    assert any(d.severity is Severity.ERROR and "strin" in d.message
               for d in raised.value.diagnostics)


def test_the_cli_generates_with_warnings_and_refuses_under_strict(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Both of openapi-python-client's baseline problems in one document: today's
    exit 2 becomes a client, and --strict (or `strict = true`) still refuses it."""
    spec = document()
    operation(spec).update(title="List pets")
    pet(spec)["properties"]["kind"].update(const="cat")
    source = write(tmp_path, spec)

    status = main(["generate", str(source), "-o", str(tmp_path / "out"),
                   "--package-name", "pets_client"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert err.count("warning: `") == 2
    model = (tmp_path / "out" / "pets_client" / "models" / "pet.py").read_text("utf-8")
    assert 'kind: Literal["cat"]' in model  # `const` read as 3.1 reads it

    status = main(["generate", str(source), "-o", str(tmp_path / "strict"),
                   "--package-name", "pets_client", "--strict"])
    err = capsys.readouterr().err
    assert status == 2 and err.count("error: `") == 2
    assert not (tmp_path / "strict").exists()


def test_a_near_miss_in_a_part_that_only_describes_is_a_warning(tmp_path: Path) -> None:
    spec = document()
    spec["info"]["Title"] = "T"  # a near miss of `title`, in `info`
    found = validate(load_inputs([str(write(tmp_path, spec))]))
    assert [(d.pointer, d.severity) for d in found] == [("/info/Title", Severity.WARNING)]


UNQUOTED_CONST = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: list_things
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      type: object
      properties:
        version: {type: string, const: 4.10}
"""


@pytest.mark.parametrize("strict", [False, True])
def test_two_problems_of_one_keyword_are_one_line(
        strict: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`const: 4.10` in a 3.0 string schema: a 3.1 keyword (validation) and an unquoted
    number read as text (loading), at one pointer: one line, with both fixes."""
    source = tmp_path / "spec.yaml"
    source.write_text(UNQUOTED_CONST, "utf-8")
    status = main(["generate", str(source), "-o", str(tmp_path / "out"),
                   "--package-name", "things_client", *(["--strict"] if strict else [])])
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith(str(source))]
    severity = "error" if strict else "warning"
    line = UNQUOTED_CONST.splitlines().index("        version: {type: string, const: 4.10}") + 1
    assert status == (2 if strict else 0)
    assert lines == [
        f"{source}:{line} /components/schemas/Thing/properties/version/const: {severity}: "
        "unquoted 4.10 is read as the text '4.10', as its schema's type string says (YAML "
        "alone reads a number); `const` is a keyword of OpenAPI 3.1 schemas, not 3.0: read "
        "as 3.1 reads it (quote it (\"4.10\") to say so; declare `openapi: 3.1.0`"
        + (", or pass the spec without --strict)" if strict else ")")]
