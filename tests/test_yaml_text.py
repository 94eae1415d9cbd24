"""Unquoted YAML values that a `type: string` makes text are read as the text written
(docs/parsing-policy.md, "Tolerated problems of the spec")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.diagnostics import Severity
from generator.load import load_inputs

SPEC = """\
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /v:
    get:
      operationId: get_v
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Release"}
components:
  schemas:
    Release:
      type: object
      properties:
        version:
          type: string
          enum: [4.1, 4.10, true, 2020-01-01, 1e3, 0o17, abc, "7"]
        channel:
          type: [string, "null"]
          enum: [1.5, null]
          default: 1.5
        plain: {type: string, default: 4.10, example: 12}
        either: {type: [string, integer], enum: [3, 3.50]}
        count: {type: integer, enum: [1, 2]}
        loose: {enum: [1, a]}
"""


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_string_schemas_get_the_text_written(tmp_path: Path) -> None:
    workspace = load_inputs([str(write(tmp_path, SPEC))])
    properties = workspace.spec["components"]["schemas"]["Release"]["properties"]
    assert properties["version"]["enum"] == [
        "4.1", "4.10", "true", "2020-01-01", "1e3", "0o17", "abc", "7"]
    assert properties["channel"] == {"type": ["string", "null"], "enum": ["1.5", None],
                                     "default": "1.5"}
    assert properties["plain"] == {"type": "string", "default": "4.10", "example": "12"}
    # A kind the type also allows, or no string type at all: YAML's reading stands.
    assert properties["either"]["enum"] == [3, "3.50"]
    assert properties["count"]["enum"] == [1, 2]
    assert properties["loose"]["enum"] == [1, "a"]


def test_each_value_read_as_text_is_one_warning_with_its_line(tmp_path: Path) -> None:
    workspace = load_inputs([str(write(tmp_path, SPEC))])
    found = [(d.pointer, d.line, d.severity) for d in workspace.findings(strict=False)]
    base = "/components/schemas/Release/properties"
    lines = SPEC.splitlines()

    def line(text: str) -> int:
        return next(number for number, found in enumerate(lines, 1) if text in found)

    assert found == [
        *((f"{base}/version/enum/{index}", line("[4.1,"), Severity.WARNING)
          for index in (0, 1, 2, 4, 5)),
        (f"{base}/channel/enum/0", line("[1.5, null]"), Severity.WARNING),
        (f"{base}/channel/default", line("default: 1.5"), Severity.WARNING),
        (f"{base}/plain/default", line("default: 4.10"), Severity.WARNING),
        (f"{base}/plain/example", line("default: 4.10"), Severity.WARNING),
        (f"{base}/either/enum/1", line("[3, 3.50]"), Severity.WARNING),
    ]
    first = workspace.findings(strict=False)[1]
    assert "unquoted 4.10 is read as the text '4.10'" in first.message
    assert {d.severity for d in workspace.findings(strict=True)} == {Severity.ERROR}


def test_json_numbers_stay_numbers(tmp_path: Path) -> None:
    """JSON says what it means: a number there is the author's number."""
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
                "components": {"schemas": {"V": {"type": "string", "enum": [4.1]}}}}
    workspace = load_inputs([str(write(tmp_path, json.dumps(document), "spec.json"))])
    assert workspace.spec["components"]["schemas"]["V"]["enum"] == [4.1]
    assert workspace.findings(strict=False) == []


def test_the_enum_keeps_its_values_and_strict_refuses(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, SPEC)
    status = main(["generate", str(source), "-o", str(tmp_path / "out"),
                   "--package-name", "text_client"])
    err = capsys.readouterr().err
    assert status == 0, err
    model = (tmp_path / "out" / "text_client" / "models" / "release.py").read_text("utf-8")
    for value in ("4.1", "4.10", "true", "1e3", "0o17"):
        assert f'= "{value}"' in model
    assert "left out" not in err

    status = main(["generate", str(source), "-o", str(tmp_path / "strict"),
                   "--package-name", "text_client", "--strict"])
    assert status == 2 and "error: unquoted 4.10" in capsys.readouterr().err
