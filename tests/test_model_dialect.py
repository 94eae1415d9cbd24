"""Which server framework wrote a document (`generator/model/dialect.py`), and what the
client's forms do about it; and DRF's money type, `type: string, format: decimal`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.model import ir
from generator.model import types as t
from generator.model.dialect import drf_idioms, form_style
from tests.model_specs import STRING, build, field_type, obj, spec

PAGE = obj(("count", "results"), count={"type": "integer"}, next=STRING, previous=STRING,
           results={"type": "array", "items": {"$ref": "#/components/schemas/Memo"}})
MEMO = obj(("id",), id={"type": "integer"})
TOKEN = {"tokenAuth": {"type": "apiKey", "in": "header", "name": "Authorization",
                       "description": 'Token-based authentication with required prefix "Token"'}}


def drf_like(**extra: Any) -> dict[str, Any]:
    return spec(schemas={"Memo": MEMO, "PatchedMemo": obj(id={"type": "integer"}),
                         "PaginatedMemoList": PAGE, **extra})


def test_a_document_drf_spectacular_wrote_gets_drf_forms(tmp_path: Path) -> None:
    document = drf_like()
    assert drf_idioms(document) == ["Paginated*List pages (count, next, previous, results)",
                                    "Patched* bodies beside their full schemas"]
    assert build(tmp_path, document).form_style is ir.FormStyle.DRF


@pytest.mark.parametrize("document", [
    spec(schemas={"Memo": MEMO}),
    spec(schemas={"Memo": MEMO, "PatchedMemo": MEMO}),  # one idiom is not enough
    spec(schemas={"Memo": MEMO, "PaginatedMemoList": obj(items={"type": "array"})}),
], ids=["plain", "one-idiom", "a-page-of-another-shape"])
def test_other_documents_keep_openapis_form_encoding(document: dict[str, Any],
                                                    tmp_path: Path) -> None:
    assert build(tmp_path, document).form_style is ir.FormStyle.OPENAPI


def test_blank_and_null_enums_and_token_auth_count_as_idioms() -> None:
    document = spec(schemas={"BlankEnum": {"enum": [""]}, "NullEnum": {"enum": [None]}},
                    components={"schemas": {"BlankEnum": {"enum": [""]},
                                            "NullEnum": {"enum": [None]}},
                                "securitySchemes": TOKEN})
    assert drf_idioms(document) == ["BlankEnum / NullEnum choices",
                                    "drf-spectacular's token authentication"]
    assert form_style(document, "auto") is ir.FormStyle.DRF


@pytest.mark.parametrize(("chosen", "expected"), [("drf", ir.FormStyle.DRF),
                                                  ("openapi", ir.FormStyle.OPENAPI)])
def test_a_chosen_style_wins_over_the_idioms(chosen: str, expected: ir.FormStyle,
                                             tmp_path: Path) -> None:
    for document in (drf_like(), spec(schemas={"Memo": MEMO})):
        assert build(tmp_path, document, form_style=chosen).form_style is expected


@pytest.mark.parametrize("number_type", ["decimal", "float"])
def test_drf_money_is_a_decimal_read_and_sent_as_text(number_type: str,
                                                      tmp_path: Path) -> None:
    """`type: string, format: decimal` (a DecimalField with DRF's defaults) is a Decimal,
    whatever `number-type` says of JSON numbers, and its codec is the text one."""
    document = spec(schemas={"Memo": obj(("total", "rate"), total={
        "type": "string", "format": "decimal", "pattern": r"^-?\d{0,17}(?:\.\d{0,2})?$"},
        rate={"type": "number"})})
    package = build(tmp_path, document, number_type=number_type)
    assert field_type(package, "Memo", "total") == t.DECIMAL_TEXT
    assert field_type(package, "Memo", "rate") == (t.DECIMAL if number_type == "decimal"
                                                   else t.FLOAT)
