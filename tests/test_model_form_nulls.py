"""Which fields may send None as an empty value in a DRF-style form (`FieldIR.form_null`,
decided by `generator/model/form_nulls.py`): the table of docs/parsing-policy.md
("Forms: DRF's notation"), one row per schema shape drf-spectacular writes.

True where every DRF field class that drf-spectacular writes that shape for reads an
empty form value as null; False where one of them would store "" (a CharField or
ChoiceField that allows blank) or where a form has no null at all (objects, lists, JSON).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.model_specs import build, fields, model, obj, ref, spec

ENUMS = {
    "StatusEnum": {"type": "string", "enum": ["draft", "posted"]},
    "BlankEnum": {"enum": [""]},
    "NullEnum": {"enum": [None]},
    "LevelEnum": {"type": "integer", "enum": [1, 2]},
}

# (schema of a nullable property as drf-spectacular 0.30 writes it, OpenAPI 3.0,
#  what DRF does with an empty form value of the fields that produce it)
NULL_SHAPES: list[tuple[str, dict[str, Any]]] = [
    ("IntegerField", {"type": "integer", "nullable": True}),
    ("FloatField", {"type": "number", "format": "double", "nullable": True}),
    ("DecimalField (number)", {"type": "number", "format": "double", "nullable": True}),
    ("DecimalField (text)", {"type": "string", "format": "decimal",
                             "pattern": r"^-?\d{0,8}(?:\.\d{0,2})?$", "nullable": True}),
    ("BooleanField", {"type": "boolean", "nullable": True}),
    ("DateField", {"type": "string", "format": "date", "nullable": True}),
    ("DateTimeField", {"type": "string", "format": "date-time", "nullable": True}),
    ("TimeField", {"type": "string", "format": "time", "nullable": True}),
    ("UUIDField", {"type": "string", "format": "uuid", "nullable": True}),
    ("HyperlinkedRelatedField / URLField without blank",
     {"type": "string", "format": "uri", "nullable": True}),
    ("EmailField without blank", {"type": "string", "format": "email", "nullable": True}),
    ("CharField without blank", {"type": "string", "minLength": 1, "maxLength": 40,
                                 "nullable": True}),
    ("RegexField / SlugField without blank", {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$",
                                              "nullable": True}),
    ("FileField (COMPONENT_SPLIT_REQUEST)", {"type": "string", "format": "binary",
                                             "nullable": True}),
    ("PrimaryKeyRelatedField", {"type": "integer", "nullable": True}),
    ("ChoiceField without blank", {"allOf": [ref("StatusEnum")], "nullable": True}),
    ("ChoiceField without blank, oneOf", {"oneOf": [ref("StatusEnum"), ref("NullEnum")]}),
    ("integer ChoiceField", {"oneOf": [ref("LevelEnum"), ref("NullEnum")]}),
    ("inline choices", {"type": "string", "enum": ["a", "b", None], "nullable": True}),
]
BLANK_SHAPES: list[tuple[str, dict[str, Any]]] = [
    ("CharField that allows blank (or not, without minLength)",
     {"type": "string", "maxLength": 40, "nullable": True}),
    ("ChoiceField that allows blank", {"oneOf": [ref("StatusEnum"), ref("BlankEnum"),
                                                 ref("NullEnum")]}),
    ("inline choices with blank", {"type": "string", "enum": ["a", "", None],
                                   "nullable": True}),
    ("EmailField that allows blank", {"oneOf": [{"type": "string", "format": "email"},
                                                {"type": "string", "maxLength": 0}],
                                      "nullable": True}),
    ("integer choices with blank", {"enum": [1, 2, "", None], "nullable": True}),
    ("a pattern \"\" fits", {"type": "string", "pattern": "^[a-z]*$", "nullable": True}),
]
NEVER_NULL_IN_FORMS: list[tuple[str, dict[str, Any]]] = [
    ("nested serializer", {"allOf": [ref("Inner")], "nullable": True}),
    ("ListField", {"type": "array", "items": {"type": "integer"}, "nullable": True}),
    ("DictField", {"type": "object", "additionalProperties": {"type": "integer"},
                   "nullable": True}),
    ("JSONField", {"nullable": True}),
    ("not nullable", {"type": "integer"}),
]


def form_null(tmp_path: Path, schema: dict[str, Any], version: str = "3.0.3") -> bool:
    schemas = {**ENUMS, "Inner": obj(a={"type": "integer"}), "Row": obj(value=schema)}
    package = build(tmp_path, spec({"/rows": {"post": {
        "operationId": "make", "requestBody": {"content": {
            "multipart/form-data": {"schema": ref("Row")}}},
        "responses": {"204": {"description": ""}}}}}, schemas, version=version))
    return fields(model(package, "Row"))["value"].form_null


@pytest.mark.parametrize(("field", "schema"), NULL_SHAPES, ids=[n for n, _ in NULL_SHAPES])
def test_an_empty_value_is_null_for_every_field_of_this_shape(
        tmp_path: Path, field: str, schema: dict[str, Any]) -> None:
    assert form_null(tmp_path, schema)


@pytest.mark.parametrize(("field", "schema"), BLANK_SHAPES, ids=[n for n, _ in BLANK_SHAPES])
def test_a_field_of_this_shape_may_store_an_empty_value_as_blank_text(
        tmp_path: Path, field: str, schema: dict[str, Any]) -> None:
    assert not form_null(tmp_path, schema)


@pytest.mark.parametrize(("field", "schema"), NEVER_NULL_IN_FORMS,
                         ids=[n for n, _ in NEVER_NULL_IN_FORMS])
def test_no_empty_value_means_null_for_nested_data_json_or_a_field_without_null(
        tmp_path: Path, field: str, schema: dict[str, Any]) -> None:
    assert not form_null(tmp_path, schema)


def test_openapi_31_null_in_the_type_list(tmp_path: Path) -> None:
    assert form_null(tmp_path, {"type": ["integer", "null"]}, version="3.1.0")
    assert form_null(tmp_path, {"oneOf": [{"type": "string", "format": "uri"},
                                          {"type": "null"}]}, version="3.1.0")
    assert not form_null(tmp_path, {"type": ["string", "null"]}, version="3.1.0")
