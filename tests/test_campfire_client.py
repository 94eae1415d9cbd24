"""The ten promises of the generated client, each checked on the real Campfire schemas.

The full 2026-07 spec is generated once per session (see conftest.py); expectations are
computed from the raw JSON of the spec, independently of the generator.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import importlib
import inspect
import json
import logging
import subprocess
import sys
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.model.ir import Direction
from generator.model.names import pascal, snake
from tests.instances import PayloadMaker

TOKEN = "cf-live-0123456789abcdef"


@pytest.fixture(scope="session")
def spec(campfire_spec: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(campfire_spec.read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def models(campfire: Any) -> Any:
    return importlib.import_module("campfire_client.models")


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"]
    return result


def object_schemas(spec: dict[str, Any]) -> dict[str, Any]:
    return {n: s for n, s in schemas(spec).items() if "properties" in s}


def fields_by_json_name(cls: type) -> dict[str, dataclasses.Field[Any]]:
    """Dataclass fields keyed by JSON property name."""
    by_name = {field.name: field for field in dataclasses.fields(cls)}
    return {json_name: by_name[name] for name, json_name in cls.json_names().items()}


def mock_client(campfire: Any, handler: Any, **kwargs: Any) -> Any:
    return campfire.Client(TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(handler)),
                           **kwargs)


def memo_payload(spec: dict[str, Any]) -> dict[str, Any]:
    maker = PayloadMaker(spec, direction="read")
    payload: dict[str, Any] = maker.make(schemas(spec)["AccountingCreditMemo"])
    return payload


# 1. Models ------------------------------------------------------------------------------


def test_one_dataclass_per_component_schema(spec: dict[str, Any], models: Any) -> None:
    for name, schema in schemas(spec).items():
        if schema.get("enum") in ([""], [None]):
            continue  # BlankEnum / NullEnum become Literal[""] / None, not classes
        cls = getattr(models, pascal(name))
        if "properties" in schema:
            assert dataclasses.is_dataclass(cls), name
            if schema.get("description"):
                first_line = schema["description"].strip().splitlines()[0].strip()
                assert first_line in (cls.__doc__ or ""), name
        else:
            assert issubclass(cls, str) and len(list(cls)) == len(schema["enum"]), name


def test_required_optional_and_nullable_are_exact(spec: dict[str, Any], models: Any) -> None:
    checked = 0
    for name, schema in object_schemas(spec).items():
        cls = getattr(models, pascal(name))
        hints = typing.get_type_hints(cls)
        required = set(schema.get("required", []))
        for json_name, field in fields_by_json_name(cls).items():
            prop = schema["properties"][json_name]
            has_default = field.default is not dataclasses.MISSING
            assert has_default == (json_name not in required), (name, json_name)
            annotation = str(hints[field.name])
            nullable = prop.get("nullable") is True or any(
                option.get("$ref", "").endswith("/NullEnum") for option in prop.get("oneOf", []))
            untyped = not any(k in prop for k in ("type", "$ref", "oneOf", "allOf", "enum"))
            if nullable and not untyped:
                assert "None" in annotation, (name, json_name, annotation)
            elif not untyped:
                assert "None" not in annotation, (name, json_name, annotation)
            checked += 1
    assert checked > 2000


def test_inline_objects_get_stable_derived_names(models: Any) -> None:
    # An inline response object is named after its operation, its parts after their property.
    page = models.CaApiGetBalanceSheetRetrieveResponse
    item = models.CaApiGetBalanceSheetRetrieveResponseBalanceSheetItem
    assert dataclasses.is_dataclass(page) and dataclasses.is_dataclass(item)


def test_unknown_properties_from_the_server_are_kept(spec: dict[str, Any], models: Any) -> None:
    payload = memo_payload(spec) | {"approval_chain": [{"by": "cfo", "amount": "10.00"}]}
    memo = models.AccountingCreditMemo.from_dict(payload)
    assert memo.additional_properties == {"approval_chain": [{"by": "cfo", "amount": "10.00"}]}
    assert memo.to_dict()["approval_chain"] == payload["approval_chain"]


def test_real_instances_round_trip_through_every_model(spec: dict[str, Any], models: Any,
                                                       campfire_spec: Path) -> None:
    makers = {direction: PayloadMaker(spec, direction=direction) for direction in ("read", "write")}
    package = build_package(load_inputs([str(campfire_spec)]), Options())
    directions = {model.name: model.direction for module in package.modules
                  for model in module.models}
    for name, schema in object_schemas(spec).items():
        cls = getattr(models, pascal(name))
        # `Name` is the response shape, or the request shape for request-only schemas.
        direction = "write" if directions[cls.__name__] is Direction.WRITE else "read"
        payload = makers[direction].make(schema)
        decoded = cls.from_dict(payload)
        assert _normalise(decoded.to_dict()) == _normalise(payload), name


def _normalise(value: Any) -> Any:
    """Equal up to exact, lossless coercions: "750.00" and Decimal("750.00")."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    return value


# 2. Three states ------------------------------------------------------------------------


def test_patch_body_field_has_three_states(campfire: Any, models: Any) -> None:
    patched = models.PatchedAccountingCreditMemo
    assert "applied_date" not in patched().to_dict()
    assert patched(applied_date=None).to_dict() == {"applied_date": None}
    assert patched(applied_date=datetime.date(2024, 3, 15)).to_dict() == {
        "applied_date": "2024-03-15"}


def test_patch_sends_exactly_the_fields_set_and_null_for_none(
        spec: dict[str, Any], campfire: Any, models: Any) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=memo_payload(spec))

    client = mock_client(campfire, handler)
    body = models.PatchedAccountingCreditMemo(applied_date=None, total_amount=Decimal("750.00"))
    client.accounts_receivable.coa_api_v1_credit_memo_partial_update(7, body=body)
    request = sent[0]
    assert request.method == "PATCH" and request.url.path == "/coa/api/v1/credit-memo/7"
    assert request.headers["content-type"] == "application/json"
    assert request.content == b'{"applied_date":null,"total_amount":750.00}'


# 3. readOnly and writeOnly --------------------------------------------------------------


def test_read_only_fields_are_never_required_nor_sent(spec: dict[str, Any], models: Any) -> None:
    schema = schemas(spec)["AccountingCreditMemo"]
    read_only = {n for n, p in schema["properties"].items() if p.get("readOnly")}
    assert {"id", "created_at", "is_deleted"} <= read_only
    request_cls = models.AccountingCreditMemoRequest
    assert not read_only & set(request_cls.json_names().values())
    writable_required = set(schema["required"]) - read_only
    body = request_cls(**{n: _sample_for(request_cls, n) for n in writable_required})
    assert set(body.to_dict()) == writable_required
    patched_fields = {f.name for f in dataclasses.fields(models.PatchedAccountingCreditMemo)}
    assert "id" not in patched_fields and "created_at" not in patched_fields


def _sample_for(cls: type, name: str) -> Any:
    annotation = str(typing.get_type_hints(cls)[name])
    if "list" in annotation:
        return []
    if "int" in annotation:
        return 1
    if "Decimal" in annotation:
        return Decimal("1.00")
    if "date" in annotation:
        return datetime.date(2024, 1, 1)
    return "x"


def test_create_operation_takes_the_request_shape(campfire: Any) -> None:
    group = campfire.Client(TOKEN).accounts_receivable
    body = inspect.signature(group.coa_api_v1_credit_memo_create).parameters["body"]
    assert body.annotation == "AccountingCreditMemoRequest"


def test_write_only_fields_are_not_expected_in_responses(spec: dict[str, Any], models: Any) -> None:
    schema = schemas(spec)["AccountingCreditMemo"]
    write_only = {n for n, p in schema["properties"].items() if p.get("writeOnly")}
    assert write_only and not write_only & set(models.AccountingCreditMemo.json_names().values())
    payload = memo_payload(spec)
    assert not write_only & set(payload)
    models.AccountingCreditMemo.from_dict(payload)  # decodes without them


# 4. Enums ------------------------------------------------------------------------------


def test_drf_nullable_blank_enum_unions_are_precise(spec: dict[str, Any], models: Any) -> None:
    seen = 0
    for name, schema in object_schemas(spec).items():
        cls = getattr(models, pascal(name))
        fields = fields_by_json_name(cls)
        vars(importlib.import_module(cls.__module__))
        for json_name, prop in schema["properties"].items():
            refs = [o.get("$ref", "").rsplit("/", 1)[-1] for o in prop.get("oneOf", [])]
            if json_name not in fields or not refs or refs[-1] != "NullEnum":
                continue
            annotation = str(typing.get_type_hints(cls)[fields[json_name].name])
            expected = [refs[0], "Literal['']"] if "BlankEnum" in refs else [refs[0]]
            for part in expected + ["None"]:
                assert part in annotation, (name, json_name, annotation)
            assert "str" not in annotation.replace("Literal['']", "") and "Any" not in annotation
            seen += 1
    assert seen >= 40  # 36 with BlankEnum and 6 without, in 2026-07


def test_single_ref_all_of_is_the_referenced_type(spec: dict[str, Any], models: Any) -> None:
    seen = 0
    for name, schema in object_schemas(spec).items():
        cls = getattr(models, pascal(name))
        fields = fields_by_json_name(cls)
        vars(importlib.import_module(cls.__module__))
        for json_name, prop in schema["properties"].items():
            if json_name in fields and len(prop.get("allOf", [])) == 1:
                target = prop["allOf"][0]["$ref"].rsplit("/", 1)[-1]
                annotation = str(typing.get_type_hints(cls)[fields[json_name].name])
                assert pascal(target) in annotation, (name, json_name, annotation)
                assert ("None" in annotation) == (prop.get("nullable") is True)
                seen += 1
    assert seen >= 15  # 22 in 2026-07, some on write-only fields absent from these classes


def test_enum_values_decode_without_guessing_and_unknown_ones_are_kept(
        spec: dict[str, Any], models: Any) -> None:
    memo_cls = models.AccountingCreditMemo
    base = memo_payload(spec)
    assert memo_cls.from_dict(base | {"application_status": ""}).application_status == ""
    assert memo_cls.from_dict(base | {"application_status": None}).application_status is None
    known = schemas(spec)["ApplicationStatusEnum"]["enum"][0]
    status = memo_cls.from_dict(base | {"application_status": known}).application_status
    assert isinstance(status, models.ApplicationStatusEnum) and status.is_known
    with pytest.warns(campfire_warning(models), match=r"\$\.application_status: 'escalated'"):
        odd = memo_cls.from_dict(base | {"application_status": "escalated"})
    assert isinstance(odd.application_status, models.ApplicationStatusEnum)
    assert odd.application_status == "escalated" and not odd.application_status.is_known
    assert odd.to_dict()["application_status"] == "escalated"


def campfire_warning(models: Any) -> type[Warning]:
    return importlib.import_module("campfire_client").UnknownEnumValueWarning  # type: ignore[no-any-return]


# 5. Money ------------------------------------------------------------------------------


def test_every_number_is_decimal_and_never_float(campfire_dir: Path) -> None:
    for path in (campfire_dir / "campfire_client" / "models").glob("*.py"):
        assert "float" not in path.read_text("utf-8"), path.name


def test_money_parses_from_strings_and_numbers_and_serializes_exactly(
        spec: dict[str, Any], models: Any) -> None:
    base = memo_payload(spec)
    as_string = models.AccountingCreditMemo.from_dict(base | {"total_amount": "750.00"})
    assert as_string.total_amount == Decimal("750.00")
    assert str(as_string.total_amount) == "750.00"
    campfire = importlib.import_module("campfire_client")
    raw = b'{"total_amount": 12345678901234567.89, "amount_used": 0.1}'
    parsed = models.PatchedAccountingCreditMemo.from_dict(campfire._runtime.loads(raw))
    assert parsed.total_amount == Decimal("12345678901234567.89")
    assert parsed.to_json() == '{"total_amount":12345678901234567.89,"amount_used":0.1}'
    with pytest.raises(campfire.DecodeError, match=r"\$\.total_amount: expected a number"):
        models.AccountingCreditMemo.from_dict(base | {"total_amount": "7,50"})


def test_number_type_float_is_available(campfire_spec: Path, tmp_path: Path) -> None:
    from generator.model.build import Options
    from generator.pipeline import generate_files

    root = Path(__file__).resolve().parents[1] / "specs" / "campfire"
    sources = sorted(str(p) for p in root.glob("*.md"))
    files = generate_files(sources, Options(number_type="float")).files
    memo = files["campfire_client/models/patched_accounting_credit_memo.py"]
    assert "total_amount: float | Unset" in memo and "Decimal" not in memo


# 6. Dates, UUIDs -----------------------------------------------------------------------


def test_formats_map_to_python_types(spec: dict[str, Any], models: Any) -> None:
    memo = models.AccountingCreditMemo.from_dict(memo_payload(spec))
    assert type(memo.created_at) is datetime.datetime and memo.created_at.tzinfo is not None
    assert type(memo.credit_memo_date) is datetime.date
    patched = models.PatchedAccountingCreditMemo(chat_uuid=UUID(int=5))
    assert patched.to_dict() == {"chat_uuid": "00000000-0000-0000-0000-000000000005"}


# 7. Endpoints --------------------------------------------------------------------------


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    methods = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
    return [(path, method, op) for path, item in spec["paths"].items()
            for method, op in item.items() if method in methods]


def _public_methods(group: object) -> set[str]:
    return {n for n in dir(group) if not n.startswith("_") and callable(getattr(group, n))}


def test_one_sync_and_one_async_function_per_operation(spec: dict[str, Any], campfire: Any) -> None:
    client_module = importlib.import_module("campfire_client.client")
    groups = [n for n, v in vars(client_module.Client).items()
              if isinstance(v, __import__("functools").cached_property)]
    sync_names: list[str] = []
    for group in groups:
        sync_group = getattr(campfire.Client(TOKEN), group)
        async_group = getattr(campfire.AsyncClient(TOKEN), group)
        plain = {n for n in _public_methods(sync_group) if not n.endswith(("_iter", "_pages"))}
        assert plain == {n for n in _public_methods(async_group)
                         if not n.endswith(("_iter", "_pages"))}
        assert plain == _public_methods(sync_group.with_response) == \
            _public_methods(async_group.with_response)
        for name in plain:
            assert inspect.iscoroutinefunction(getattr(async_group, name))
            assert not inspect.iscoroutinefunction(getattr(sync_group, name))
            # The operation's documentation and parameters show on the method.
            assert "`" in (getattr(sync_group, name).__doc__ or "")
            assert inspect.signature(getattr(async_group, name)).parameters == \
                inspect.signature(getattr(sync_group, name)).parameters
        sync_names += plain
    assert len(sync_names) == len(_operations(spec)) == 362
    expected = {snake(op["operationId"]) for _, _, op in _operations(spec)}
    assert {n.rsplit("_", 1)[0] if n not in expected else n for n in sync_names} == expected


def test_path_parameters_are_percent_encoded(spec: dict[str, Any], campfire: Any) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    client = mock_client(campfire, handler)
    client.accounts_payable.coa_api_v1_bill_destroy("../admin?x=1#")
    assert sent[0].url.raw_path == b"/coa/api/v1/bill/..%2Fadmin%3Fx%3D1%23/"


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded",
                                          "multipart/form-data"])
def test_body_encodings_are_selectable(spec: dict[str, Any], campfire: Any, models: Any,
                                       content_type: str) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=memo_payload(spec))

    client = mock_client(campfire, handler)
    update = client.accounts_receivable.coa_api_v1_credit_memo_partial_update
    body = models.PatchedAccountingCreditMemo(ref_number="R-1", total_amount=Decimal("10.50"),
                                              currency="USD", applied_date=None)
    update(1, body=body, content_type=content_type)
    request = sent[0]
    assert request.headers["content-type"].startswith(content_type)
    text = request.read().decode()
    if content_type == "application/json":
        assert json.loads(text, parse_float=Decimal) == {
            "ref_number": "R-1", "total_amount": Decimal("10.50"), "currency": "USD",
            "applied_date": None}
    elif content_type == "application/x-www-form-urlencoded":
        # Campfire is a DRF service: an empty value of a nullable date is read as null.
        assert sorted(text.split("&")) == ["applied_date=", "currency=USD", "ref_number=R-1",
                                           "total_amount=10.50"]
    else:
        assert 'name="total_amount"\r\n\r\n10.50\r\n' in text
        assert 'name="applied_date"\r\n\r\n\r\n' in text
    # A null text field has no form spelling DRF reads as null: refused, nothing sent.
    if content_type != "application/json":
        with pytest.raises(campfire.EncodingError, match=r"ref_number.*application/json"):
            update(1, body=models.PatchedAccountingCreditMemo(ref_number=None),
                   content_type=content_type)
        assert len(sent) == 1


def test_documented_statuses_are_parsed_and_errors_raise_typed_errors(
        spec: dict[str, Any], campfire: Any, models: Any) -> None:
    replies = {
        "POST /coa/api/v1/invoice/3/calculate-payment": httpx.Response(
            404, json={"detail": "Invoice not found"}, headers={"x-request-id": "r1"}),
        "DELETE /coa/api/v1/credit-memo/3": httpx.Response(204),
        "GET /coa/api/v1/credit-memo/3": httpx.Response(500, text="boom"),
        "GET /coa/api/v1/credit-memo/4": httpx.Response(404, json={"detail": "Not found."}),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return replies[f"{request.method} {request.url.path}"]

    client = mock_client(campfire, handler)
    ar = client.accounts_receivable
    assert ar.coa_api_v1_credit_memo_destroy(3) is None
    with pytest.raises(campfire.ApiError) as caught:
        ar.coa_api_v1_invoice_calculate_payment_create(
            3, body=models.CalculatePaymentInput.from_dict(
                PayloadMaker(spec, direction="write").make(schemas(spec)["CalculatePaymentInput"])))
    error = caught.value
    assert (error.status_code, error.headers["x-request-id"]) == (404, "r1")
    assert error.parsed == {"detail": "Invoice not found"}
    assert json.loads(error.content) == {"detail": "Invoice not found"}
    for memo_id, status in ((3, 500), (4, 404)):  # undocumented: raised, never None
        with pytest.raises(campfire.ApiError) as caught:
            ar.coa_api_v1_credit_memo_retrieve(memo_id)
        assert caught.value.status_code == status and caught.value.parsed is None


def test_with_response_returns_status_headers_and_parsed_body(
        spec: dict[str, Any], campfire: Any, models: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=memo_payload(spec), headers={"etag": "v7"})

    client = mock_client(campfire, handler)
    response = client.accounts_receivable.with_response.coa_api_v1_credit_memo_retrieve(3)
    assert response.status_code == 200 and response.headers["etag"] == "v7"
    assert isinstance(response.parsed, models.AccountingCreditMemo)
    assert json.loads(response.content)["id"] == response.parsed.id


def test_async_calls_work(spec: dict[str, Any], campfire: Any, models: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=memo_payload(spec))

    async def run() -> Any:
        async with campfire.AsyncClient(TOKEN, http_client=httpx.AsyncClient(
                transport=httpx.MockTransport(handler))) as client:
            return await client.accounts_receivable.coa_api_v1_credit_memo_retrieve(3)

    assert isinstance(asyncio.run(run()), models.AccountingCreditMemo)


# 8. Client -----------------------------------------------------------------------------


def test_client_defaults_auth_and_http_client(spec: dict[str, Any], campfire: Any) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=memo_payload(spec))

    client = mock_client(campfire, handler)
    assert client.base_url == spec["servers"][0]["url"]
    client.accounts_receivable.coa_api_v1_credit_memo_retrieve(1)
    assert sent[0].headers["authorization"] == f"Token {TOKEN}"
    assert str(sent[0].url).startswith("https://api.meetcampfire.com/coa/api/v1/credit-memo/1")
    own = campfire.Client(TOKEN, timeout=3.5)
    assert own._http.timeout.read == 3.5


def test_the_token_never_shows(spec: dict[str, Any], campfire: Any,
                               caplog: pytest.LogCaptureFixture) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"detail": "Invalid token."})

    caplog.set_level(logging.DEBUG)
    client = mock_client(campfire, handler)
    with pytest.raises(campfire.ApiError) as caught:
        client.accounts_receivable.coa_api_v1_credit_memo_retrieve(1)
    shown = [repr(client), str(client), str(caught.value), repr(caught.value), caplog.text,
             repr(client.__dict__)]
    assert all(TOKEN not in text for text in shown)


# 9. Pagination -------------------------------------------------------------------------


def test_pages_are_iterated_sync_and_async(spec: dict[str, Any], campfire: Any) -> None:
    item = memo_payload(spec)

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params["limit"])
        total = 5
        results = [item | {"id": i} for i in range(offset, min(offset + limit, total))]
        # DRF's link: the request's own URL with the next offset (replace_query_param)
        following = (str(request.url.copy_set_param("offset", offset + limit))
                     if offset + limit < total else None)
        return httpx.Response(200, json={"count": total, "next": following, "previous": None,
                                         "results": results})

    client = mock_client(campfire, handler)
    ids = [memo.id for memo in client.accounts_receivable.coa_api_v1_credit_memo_list_iter(limit=2)]
    assert ids == [0, 1, 2, 3, 4]

    async def collect() -> list[int]:
        async_client = campfire.AsyncClient(TOKEN, http_client=httpx.AsyncClient(
            transport=httpx.MockTransport(handler)))
        pages = async_client.accounts_receivable.coa_api_v1_credit_memo_list_iter(limit=3)
        return [memo.id async for memo in pages]

    assert asyncio.run(collect()) == [0, 1, 2, 3, 4]


def test_every_paginated_list_operation_has_iterators(spec: dict[str, Any], campfire: Any) -> None:
    # A DRF page: `results` and `next` in the 200 body, `limit` and `offset` parameters.
    expected = set()
    for _, _, op in _operations(spec):
        ok = op["responses"].get("200", {}).get("content", {}).get("application/json", {})
        ref = ok.get("schema", {}).get("$ref", "")
        page = schemas(spec).get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
        names = {p.get("name") for p in op.get("parameters", [])}
        if {"results", "next"} <= set(page) and {"limit", "offset"} <= names:
            expected.add(snake(op["operationId"]))
    assert sum(1 for name in expected if "paginated" in name or "list" in name) >= 39
    client_module = importlib.import_module("campfire_client.client")
    found = set()
    for group, prop in vars(client_module.Client).items():
        if isinstance(prop, __import__("functools").cached_property):
            methods = _public_methods(getattr(campfire.Client(), group))
            found |= {n[:-5] for n in methods if n.endswith("_iter")}
            assert {n[:-6] for n in methods if n.endswith("_pages")} <= found
    assert expected and found == expected


# 10. Package ---------------------------------------------------------------------------


def test_package_is_typed_and_imports_lazily(campfire_dir: Path) -> None:
    assert (campfire_dir / "campfire_client" / "py.typed").is_file()
    probe = (
        "import sys, campfire_client\n"
        "def loaded(): return [m for m in sys.modules if m.startswith('campfire_client.models.')]\n"
        "before = loaded()\n"
        "import httpx, campfire_client.api.settings as settings\n"
        "after_import = loaded()\n"
        "http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(503)))\n"
        "try: settings.SettingsApi(campfire_client.Client('t', http_client=http))"
        ".ca_api_file_list()\n"  # builds the request: its models load now
        "except campfire_client.ApiError: pass\n"
        "after_call = loaded()\n"
        "print(len(before), len(after_import), len(after_call))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=campfire_dir, capture_output=True,
                         text=True, check=True).stdout.split()
    total = len(list((campfire_dir / "campfire_client" / "models").glob("*.py"))) - 1
    assert int(out[0]) == 0 and int(out[1]) == 0
    assert 0 < int(out[2]) < total / 10
