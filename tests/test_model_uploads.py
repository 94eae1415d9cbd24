"""The file name extensions a file field takes (`FieldIR.file_extensions`, decided by
`generator/model/uploads.py` from drf-spectacular's spelling of a FileExtensionValidator,
the pattern `(?:pdf|png)$` of the field's `format: binary` string)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.model_specs import build, fields, model, ref, spec

BINARY = {"type": "string", "format": "binary"}


def extensions(tmp_path: Path, schema: dict[str, Any]) -> tuple[str, ...] | None:
    package = build(tmp_path, spec({"/docs": {"post": {
        "operationId": "make", "requestBody": {"content": {
            "multipart/form-data": {"schema": ref("Doc")}}},
        "responses": {"204": {"description": ""}}}}},
        {"Doc": {"type": "object", "properties": {"file": schema}},
         "Pdf": {**BINARY, "pattern": "(?:pdf)$"}}))
    return fields(model(package, "Doc"))["file"].file_extensions


@pytest.mark.parametrize(("schema", "expected"), [
    ({**BINARY, "pattern": "(?:pdf|png|jpeg)$"}, ("pdf", "png", "jpeg")),
    ({**BINARY, "pattern": r"(?:tar\.gz|PDF)$"}, ("tar.gz", "pdf")),
    ({"allOf": [ref("Pdf")], "nullable": True}, ("pdf",)),
    ({"oneOf": [ref("Pdf"), {"type": "null"}]}, ("pdf",)),
    (BINARY, None),
    ({**BINARY, "pattern": r"^\d+\.pdf$"}, None),  # not a FileExtensionValidator's
    ({**BINARY, "pattern": "(?:p.f)$"}, None),  # `.` unescaped: no re.escape output
    ({"type": "string", "pattern": "(?:pdf)$"}, None),  # text, not a file
])
def test_the_extensions_of_a_file_extension_validator(
        tmp_path: Path, schema: dict[str, Any], expected: tuple[str, ...] | None) -> None:
    assert extensions(tmp_path, schema) == expected
