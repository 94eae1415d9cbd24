"""The live service's schema, written by drf-spectacular, has Campfire's idioms (GUIDE §2).

Each idiom is checked in both layouts: drf-spectacular's split one (`*Request` components)
and Campfire's own (one component per serializer).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

WRITE_METHODS = ("post", "put", "patch")
ENCODINGS = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]
MEMOS = "/coa/api/v1/credit-memo"
MEMO = "/coa/api/v1/credit-memo/{id}"
Schema = dict[str, Any]


@pytest.fixture(scope="module", params=["split", "unsplit"])
def layout(request: pytest.FixtureRequest) -> tuple[str, Schema]:
    path: Path = request.getfixturevalue(
        "drf_schema_path" if request.param == "split" else "drf_schema_unsplit_path")
    schema: Schema = json.loads(path.read_text("utf-8"))
    return request.param, schema


def components(schema: Schema) -> dict[str, Schema]:
    found: dict[str, Schema] = schema["components"]["schemas"]
    return found


def ref_name(content: Schema) -> str:
    return str(content["schema"]["$ref"]).rsplit("/", 1)[-1]


def request_name(layout: tuple[str, Schema], name: str) -> str:
    """The component a request body refers to: `XRequest` when split, `X` when not."""
    return name + "Request" if layout[0] == "split" else name


def write_operations(schema: Schema) -> list[tuple[str, str, Schema]]:
    return [(method, path, operation) for path, item in schema["paths"].items()
            for method, operation in item.items() if method in WRITE_METHODS]


def test_openapi_303_with_the_service_operations(layout: tuple[str, Schema]) -> None:
    _, schema = layout
    assert schema["openapi"] == "3.0.3"
    operations = {f"{method.upper()} {path}" for path, item in schema["paths"].items()
                  for method in item}
    crud = ["GET {p}", "POST {p}", "GET {p}/{{id}}", "PUT {p}/{{id}}", "PATCH {p}/{{id}}",
            "DELETE {p}/{{id}}"]
    expected = {line.format(p=f"/coa/api/v1/{name}")
                for name in ("entity", "client", "account", "credit-memo") for line in crud}
    expected |= {"GET /coa/api/v1/attachment", "POST /coa/api/v1/attachment",
                 "GET /coa/api/v1/attachment/{id}", "DELETE /coa/api/v1/attachment/{id}",
                 "GET /coa/api/v1/drift/credit-memo/{id}/missing-field",
                 "GET /coa/api/v1/drift/credit-memo/{id}/wrong-type",
                 "POST /coa/api/v1/drift/credit-memo",
                 *(f"GET /coa/api/v1/pages/entity/{paginator}"
                   for paginator in ("page-number", "cursor", "no-default-limit"))}
    assert operations == expected


def test_patch_bodies_are_patched_components_with_nothing_required(
        layout: tuple[str, Schema]) -> None:
    _, schema = layout
    patches = [(path, operation) for method, path, operation in write_operations(schema)
               if method == "patch"]
    assert [path for path, _ in patches] == [
        "/coa/api/v1/account/{id}", "/coa/api/v1/client/{id}", MEMO, "/coa/api/v1/entity/{id}"]
    for path, operation in patches:
        name = ref_name(operation["requestBody"]["content"]["application/json"])
        assert name.startswith("Patched"), path
        assert "required" not in components(schema)[name], name
    memo = schema["paths"][MEMO]["patch"]["requestBody"]["content"]["application/json"]
    assert ref_name(memo) == request_name(layout, "PatchedCreditMemo")


def test_status_allowing_blank_and_null_is_a_oneof_with_blank_and_null_enums(
        layout: tuple[str, Schema]) -> None:
    _, schema = layout
    found = components(schema)
    for name in ("CreditMemo", request_name(layout, "CreditMemo"),
                 request_name(layout, "PatchedCreditMemo")):
        status = found[name]["properties"]["application_status"]
        assert status == {"nullable": True, "oneOf": [
            {"$ref": "#/components/schemas/ApplicationStatusEnum"},
            {"$ref": "#/components/schemas/BlankEnum"},
            {"$ref": "#/components/schemas/NullEnum"}]}, name
    assert found["BlankEnum"] == {"enum": [""]}
    assert found["NullEnum"] == {"enum": [None]}
    assert found["ApplicationStatusEnum"]["enum"] == ["open", "partially_used", "used", "voided"]
    # A choice that allows neither is a plain reference.
    assert found["CreditMemo"]["properties"]["credit_memo_type"] == {
        "$ref": "#/components/schemas/CreditMemoTypeEnum"}


def test_lists_are_paginated_with_limit_and_offset(layout: tuple[str, Schema]) -> None:
    _, schema = layout
    found = components(schema)
    assert sorted(name for name in found if name.startswith("Paginated")) == [
        "PaginatedAccountList", "PaginatedAttachmentList", "PaginatedClientList",
        "PaginatedCreditMemoList", "PaginatedEntityByCursorList", "PaginatedEntityByNumberList",
        "PaginatedEntityList", "PaginatedEntityUnlimitedList"]
    # the other paginators (service/ledger/pages.py): a cursor page has no count
    assert sorted(found["PaginatedEntityByCursorList"]["properties"]) == [
        "next", "previous", "results"]
    page = found["PaginatedCreditMemoList"]
    assert sorted(page["properties"]) == ["count", "next", "previous", "results"]
    assert page["properties"]["results"]["items"] == {"$ref": "#/components/schemas/CreditMemo"}
    listing = schema["paths"][MEMOS]["get"]
    assert ref_name(listing["responses"]["200"]["content"]["application/json"]) == (
        "PaginatedCreditMemoList")
    names = [parameter["name"] for parameter in listing["parameters"]]
    assert names == ["application_status", "client", "credit_memo_date__gte",
                     "credit_memo_date__lte", "entity", "limit", "offset"]


def test_read_only_and_write_only_properties(layout: tuple[str, Schema]) -> None:
    kind, schema = layout
    found = components(schema)
    memo = found["CreditMemo"]["properties"]
    for name in ("id", "client_name", "lines_total", "attachments", "created_at", "updated_at"):
        assert memo[name]["readOnly"] is True, name
    assert found["CreditMemoLine"]["properties"]["id"]["readOnly"] is True
    body = found[request_name(layout, "CreditMemo")]["properties"]
    assert body["internal_note"] == {
        "type": "string", "writeOnly": True, "description": "Kept for the books, never sent back."}
    if kind == "split":
        # Requests leave out readOnly properties, responses writeOnly ones.
        assert "internal_note" not in memo
        assert not {"id", "created_at", "lines_total"} & set(body)
        assert body["lines"]["items"] == {"$ref": "#/components/schemas/CreditMemoLineRequest"}
    else:
        assert body is memo
        assert "internal_note" not in found["CreditMemo"]["required"]


def test_every_write_body_in_json_form_and_multipart(layout: tuple[str, Schema]) -> None:
    _, schema = layout
    for method, path, operation in write_operations(schema):
        content = operation["requestBody"]["content"]
        assert list(content) == ENCODINGS, (method, path)
        assert len({ref_name(media) for media in content.values()}) == 1, (method, path)


def test_money_as_string_decimal_and_as_number(layout: tuple[str, Schema]) -> None:
    _, schema = layout
    found = components(schema)
    # DRF's defaults (COERCE_DECIMAL_TO_STRING): a string with a decimal pattern.
    assert found["Account"]["properties"]["opening_balance"] == {
        "type": "string", "format": "decimal", "pattern": r"^-?\d{0,17}(?:\.\d{0,2})?$"}
    assert found["CreditMemo"]["properties"]["lines_total"]["format"] == "decimal"
    # coerce_to_string=False: a number with DRF's bounds, as Campfire's amounts are written.
    total = found["CreditMemo"]["properties"]["total_amount"]
    assert {key: total[key] for key in ("type", "format", "exclusiveMaximum")} == {
        "type": "number", "format": "double", "exclusiveMaximum": True}
    # Documented as a number by extend_schema_field (sent as a string: see the live tests).
    line = found[request_name(layout, "CreditMemoLine")]["properties"]["amount"]
    assert line == {"type": "number", "format": "double"}


def test_token_auth_scheme_with_the_token_prefix(layout: tuple[str, Schema]) -> None:
    _, schema = layout
    assert schema["components"]["securitySchemes"] == {"tokenAuth": {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"'}}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert operation["security"] == [{"tokenAuth": []}], (method, path)


def test_nullable_date_and_nullable_string(layout: tuple[str, Schema]) -> None:
    _, schema = layout
    memo = components(schema)["CreditMemo"]["properties"]
    assert memo["void_date"] == {"type": "string", "format": "date", "nullable": True}
    assert memo["credit_memo_date"] == {"type": "string", "format": "date"}
    line = components(schema)["CreditMemoLine"]["properties"]
    assert line["description"] == {"type": "string", "nullable": True}


def test_file_upload_is_binary_only_in_the_split_layout(layout: tuple[str, Schema]) -> None:
    kind, schema = layout
    upload = components(schema)[request_name(layout, "Attachment")]["properties"]["file"]
    # Unsplit, drf-spectacular describes the upload by what the response holds: a URL.
    assert upload == {"type": "string", "format": "binary" if kind == "split" else "uri"}


def test_drift_operations_are_documented_like_the_real_ones(layout: tuple[str, Schema]) -> None:
    _, schema = layout
    drift = {operation["operationId"]: (method, path, sorted(operation["responses"]))
             for path, item in schema["paths"].items() for method, operation in item.items()
             if operation["tags"] == ["Drift"]}
    assert drift == {
        "drift_credit_memo_create_answers_200": ("post", "/coa/api/v1/drift/credit-memo",
                                                 ["201"]),
        "drift_credit_memo_missing_field": (
            "get", "/coa/api/v1/drift/credit-memo/{id}/missing-field", ["200"]),
        "drift_credit_memo_wrong_type": (
            "get", "/coa/api/v1/drift/credit-memo/{id}/wrong-type", ["200"]),
    }


def test_the_generator_reads_uploads_and_form_nulls_from_this_schema(
        layout: tuple[str, Schema], tmp_path: Path) -> None:
    """What drf-spectacular writes for this service, read by the model: the attachment's
    create defaults to multipart where its file is `format: binary` (split layout; the
    unsplit one says `format: uri`, text, so JSON stays first), and None travels as an
    empty form value for the nullable DateField, never for the choice and the text field
    that allow blank (docs/parsing-policy.md, "None in a DRF form")."""
    from generator.load import load_inputs
    from generator.model.build import Options, build_package

    name, schema = layout
    source = tmp_path / "schema.json"
    source.write_text(json.dumps(schema), "utf-8")
    package = build_package(load_inputs([str(source)]), Options(form_style="drf"))
    operations = {op.operation_id: op for group in package.groups for op in group.operations}
    create = operations["coa_api_v1_attachment_create"].body
    assert create is not None
    assert create.encodings[0] == ("multipart/form-data" if name == "split"
                                   else "application/json")
    fields = {(m.schema.rsplit("/", 1)[-1], f.json_name): f.form_null
              for module in package.modules for m in module.models
              if m.direction.value != "read" for f in m.fields}
    memo = request_name(layout, "CreditMemo")
    assert fields[(memo, "void_date")] is True
    assert fields[(memo, "application_status")] is False
    assert fields[(request_name(layout, "CreditMemoLine"), "description")] is False
