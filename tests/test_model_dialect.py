"""Which server framework wrote a document (`generator/model/dialect.py`), and what the
client's forms do about it; and DRF's money type, `type: string, format: decimal`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.load import load_inputs
from generator.model import ir
from generator.model import types as t
from generator.model.dialect import RECOGNISED, drf_idioms, drf_score, form_style, is_drf
from generator.render.dump import dump
from tests.conftest import SHARED, require_shared
from tests.model_specs import STRING, build, field_type, obj, ref, spec
from tests.reporting import report

Spec = dict[str, Any]
MEMO = obj(("id",), id={"type": "integer"})
FORMS = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
# drf-spectacular's security schemes, as its extensions write them.
COOKIE = {"cookieAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"}}
BASIC = {"basicAuth": {"type": "http", "scheme": "basic"}}
TOKEN = {"tokenAuth": {"type": "apiKey", "in": "header", "name": "Authorization",
                       "description": 'Token-based authentication with required prefix "Token"'}}
JWT = {"jwtAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}


def with_schemes(**schemes: Spec) -> Spec:
    return spec(schemas={"Memo": MEMO}, components={"schemas": {"Memo": MEMO},
                                                    "securitySchemes": schemes})


def write(operation_id: str, media_types: tuple[str, ...] = FORMS, name: str = "Memo") -> Spec:
    return {"operationId": operation_id, "responses": {"201": {"description": ""}},
            "requestBody": {"content": {media: {"schema": ref(name)} for media in media_types}}}


def at_drf_defaults(**schemes: Spec) -> Spec:
    """What drf-spectacular writes for one viewset of a service at DRF's defaults: session
    and basic authentication, no pagination, no choices (none of the old idioms)."""
    document = spec({"/api/memos/": {"post": write("memos_create")},
                     "/api/memos/{id}/": {"put": write("memos_update"),
                                          "get": {"operationId": "memos_retrieve",
                                                  "responses": {"200": {"description": ""}}}}},
                    {"Memo": MEMO})
    document["components"]["securitySchemes"] = schemes or {**COOKIE, **BASIC}
    return document


# One document per mark: (the mark, a document that shows it, one that just misses it).
MARK_CASES: list[tuple[str, Spec, Spec]] = [
    ("cookieAuth", with_schemes(**COOKIE),
     with_schemes(cookieAuth={"type": "apiKey", "in": "header", "name": "sessionid"})),
    ("token scheme",
     with_schemes(knoxApiToken={**TOKEN["tokenAuth"], "description":
                                'Token-based authentication with required prefix "Token"'}),
     with_schemes(tokenAuth={**TOKEN["tokenAuth"], "description": "Send your token."})),
    ("basicAuth", with_schemes(**BASIC),
     with_schemes(basicAuth={"type": "http", "scheme": "basic", "description": "Basic."})),
    ("jwtAuth", with_schemes(**JWT),
     with_schemes(jwtAuth={"type": "http", "scheme": "bearer"})),
    ("form and multipart bodies",
     spec({"/memos": {"post": write("a")}}, {"Memo": MEMO}),
     spec({"/memos": {"post": write("a", FORMS[:2])}}, {"Memo": MEMO})),  # no multipart
    ("form and multipart bodies",  # FormParser and MultiPartParser without JSONParser
     spec({"/memos": {"post": write("a", FORMS[1:])}}, {"Memo": MEMO}),
     spec({"/memos": {"post": write("a", FORMS[2:])}}, {"Memo": MEMO})),  # an upload alone
    ("form and multipart bodies",
     spec({"/memos": {"post": write("a")}}, {"Memo": MEMO}),
     spec({"/memos": {"post": {**write("a"), "requestBody": {"content": {  # two schemas
         FORMS[0]: {"schema": ref("Memo")}, FORMS[1]: {"schema": ref("Form")},
         FORMS[2]: {"schema": ref("Form")}}}}}}, {"Memo": MEMO, "Form": MEMO})),
    ("operationIds",
     spec({"/api/v1/credit-memo/{id}/": {"patch": write("credit_memo_partial_update", ())}},
          {"Memo": MEMO}),
     spec({"/api/v1/credit-memo/{id}/": {"patch": write("patchCreditMemo", ())}},
          {"Memo": MEMO})),
    ("primary key descriptions",
     spec({"/memos/{id}": {"parameters": [{"in": "path", "name": "id", "required": True,
                                           "schema": STRING, "description":
                                           "A UUID string identifying this credit memo."}]}}),
     spec({"/memos/{id}": {"parameters": [{"in": "path", "name": "id", "required": True,
                                           "schema": STRING, "description": "The memo."}]}})),
    ("choice enums",
     spec(schemas={"KindEnum": {"enum": ["a"], "type": "string", "description": "* `a` - A"}}),
     spec(schemas={"KindEnum": {"enum": ["a"], "type": "string", "description": "A kind."}})),
    ("BlankEnum/NullEnum", spec(schemas={"NullEnum": {"enum": [None]}}),
     spec(schemas={"BlankEnum": {"enum": ["", "x"]}})),
    ("Paginated*List",
     spec(schemas={"PaginatedMemoList": obj(next=STRING, previous=STRING, results={
         "type": "array", "items": ref("Memo")}), "Memo": MEMO}),  # CursorPagination's
     spec(schemas={"PaginatedMemoList": obj(items={"type": "array"}), "Memo": MEMO})),
    ("Patched*",
     spec(schemas={"MemoRequest": MEMO, "PatchedMemoRequest": obj(id={"type": "integer"})}),
     spec(schemas={"PatchedMemo": MEMO})),
    ("No response body",
     spec({"/memos/{id}": {"delete": {"responses": {"204": {
         "description": "No response body"}}}}}),
     spec({"/memos/{id}": {"delete": {"responses": {"204": {"description": "Deleted"}}}}})),
]


@pytest.mark.parametrize(("mark", "shows", "misses"), MARK_CASES,
                         ids=[f"{case[0][:24]}-{index}" for index, case in enumerate(MARK_CASES)])
def test_each_mark_of_drf_spectacular(mark: str, shows: Spec, misses: Spec) -> None:
    assert drf_idioms(shows) == [mark]
    assert drf_idioms(misses) == []


def test_a_service_at_drfs_defaults_is_recognised(tmp_path: Path) -> None:
    """Session + basic authentication and no pagination leave none of the old idioms
    (Patched*, BlankEnum, Paginated*List): the schemes, the bodies and the ids are enough."""
    document = at_drf_defaults()
    assert drf_score(document) == 2 + 1 + 2 + 2
    package = build(tmp_path, document)
    assert package.form_style is ir.FormStyle.DRF and package.drf
    assert "drf=yes  forms=drf" in dump(package)


def test_a_document_drfs_own_generator_wrote_is_recognised() -> None:
    """rest_framework.schemas.openapi: camelCase ids, no components of drf-spectacular's,
    but DRF's parsers and DRF's description of a primary key."""
    document = spec({"/api/memos/": {"post": write("createMemo")},
                     "/api/memos/{id}/": {"get": {
                         "operationId": "retrieveMemo", "responses": {"200": {"description": ""}},
                         "parameters": [{"in": "path", "name": "id", "required": True,
                                         "schema": STRING, "description":
                                         "A unique integer value identifying this memo."}]}}},
                    {"Memo": MEMO})
    assert drf_idioms(document) == ["form and multipart bodies", "primary key descriptions"]
    assert is_drf(document)


def test_one_strong_and_two_weak_marks_are_enough() -> None:
    document = with_schemes(**BASIC, **JWT)
    document["components"]["schemas"]["PatchedMemo"] = obj(id={"type": "integer"})
    assert drf_idioms(document) == ["basicAuth", "jwtAuth", "Patched*"]
    assert drf_score(document) == RECOGNISED and is_drf(document)


@pytest.mark.parametrize("document", [
    spec(schemas={"Memo": MEMO}),
    spec(schemas={"Memo": MEMO, "PatchedMemo": MEMO}),  # one strong mark: 2
    with_schemes(**BASIC, **JWT),  # two weak marks: 2
    spec({"/memos": {"post": write("createMemo")}}, {"Memo": MEMO},  # 2 + 1
         components={"schemas": {"Memo": MEMO}, "securitySchemes": BASIC}),
], ids=["plain", "one-strong-mark", "two-weak-marks", "one-strong-one-weak"])
def test_below_the_threshold_keeps_openapis_form_encoding(document: Spec,
                                                         tmp_path: Path) -> None:
    assert drf_score(document) < RECOGNISED
    package = build(tmp_path, document)
    assert package.form_style is ir.FormStyle.OPENAPI and not package.drf
    assert "drf=no  forms=openapi" in dump(package)


@pytest.mark.parametrize(("chosen", "expected"), [("drf", ir.FormStyle.DRF),
                                                  ("openapi", ir.FormStyle.OPENAPI)])
def test_a_chosen_style_wins_over_the_marks(chosen: str, expected: ir.FormStyle,
                                            tmp_path: Path) -> None:
    for document, drf in ((at_drf_defaults(), True), (spec(schemas={"Memo": MEMO}), False)):
        package = build(tmp_path, document, form_style=chosen)
        assert package.form_style is expected
        assert package.drf is drf  # the document's framework, whatever the forms say
        assert form_style(is_drf(document), chosen) is expected


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


# The corpus's Django REST framework projects, whose schemas drf-spectacular writes (each
# repository's own settings say so); every other source is another framework or by hand.
DRF_SOURCES = {"inventree/schema", "open-zaak/open-zaak", "maykinmedia/objects-api"}


def _shared_documents() -> list[tuple[str, Path, bool]]:
    corpus = SHARED / "corpus"
    entries = json.loads(require_shared(corpus / "manifest.json").read_text("utf-8"))["specs"]
    found = [(entry["name"], corpus / entry["file"], entry["source_repo"] in DRF_SOURCES)
             for entry in entries]
    # Campfire's API is a DRF service; drf-spectacular writes its schema (GUIDE §2).
    found += [(path.stem, path, True)
              for path in sorted(require_shared(SHARED / "specs").glob("campfire-*.json"))]
    return found


def test_every_shared_document_is_told_apart() -> None:
    """The rule's measure on ../shared: every drf-spectacular document recognised, none
    from another framework; each document's score and marks are printed."""
    told = []
    for name, path, written_by_drf in _shared_documents():
        document = load_inputs([str(path)]).spec
        told.append((name, written_by_drf, drf_score(document), is_drf(document),
                     [mark.split(":")[0] for mark in drf_idioms(document)]))
    ours = [row for row in told if row[1]]
    others = [row for row in told if not row[1]]
    report(f"shared documents: drf-spectacular's recognised as DRF "
           f"{sum(row[3] for row in ours)}/{len(ours)} (lowest score "
           f"{min(row[2] for row in ours)}), others {sum(row[3] for row in others)}/"
           f"{len(others)} (highest score {max(row[2] for row in others)}); "
           f"recognised from {RECOGNISED}")
    for name, _, score, recognised, marks in told:
        report(f"  {name:28} {'DRF' if recognised else '-':3} {score:2}  {', '.join(marks)}")
    assert [row[0] for row in told if row[1] is not row[3]] == []


def test_the_live_services_schemas_are_recognised(tmp_path: Path) -> None:
    """tests/live_drf's service (token auth, LimitOffsetPagination), in both layouts."""
    from tests.live_drf.server import require_drf, write_schemas

    require_drf()
    for layout, path in write_schemas(tmp_path).items():
        document = json.loads(path.read_text("utf-8"))
        assert is_drf(document), (layout, drf_idioms(document))
