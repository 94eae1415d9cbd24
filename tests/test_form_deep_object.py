"""Form bodies whose Encoding Object says `style: deepObject` (Stripe's 700 such fields):
`metadata[key]=v`, `items[0][price]=x`, `expand[0]=a`, sent where the client used to
refuse every object or list in a form (docs/decisions.md, "deepObject form bodies").

The proof is the recording peer of the wire tests: openapi-core validates the request as
sent (its own deepObject reader takes a flat object such as `metadata[key]=v`, and nothing
deeper), and the recorder decodes the brackets at any depth and validates the result
against the body's schema.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.render import render_package
from tests.model_specs import build
from tests.wire.recording_server import RecordingServer

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
DEEP = {"style": "deepObject", "explode": True}

_STR = {"type": "string"}
_ADDRESS = {"type": "object", "properties": {"city": _STR, "line1": _STR}}
_BODY = {
    "type": "object", "additionalProperties": False, "required": ["amount"],
    "properties": {
        "amount": {"type": "integer"},
        "capture": {"type": "boolean"},
        "rate": {"type": "number"},
        "description": _STR,
        "expand": {"type": "array", "items": _STR},
        "metadata": {"anyOf": [{"type": "object", "additionalProperties": _STR},
                               {"type": "string", "enum": [""]}]},
        "items": {"type": "array", "items": {
            "type": "object", "required": ["price"],
            "properties": {"price": _STR, "quantity": {"type": "integer"},
                           "tax_rates": {"type": "array", "items": _STR}}}},
        "shipping": {"type": "object", "properties": {
            "name": _STR, "address": _ADDRESS,
            "phone": {"type": "string", "nullable": True}}},
    }}
_ENCODING = {name: DEEP for name in ("expand", "metadata", "items", "shipping")}
_OK = {"200": {"description": "", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"id": _STR}}}}}}
DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3", "info": {"title": "Deep", "version": "1"},
    "servers": [{"url": "https://api.test"}],
    "paths": {
        "/v1/charges": {"post": {
            "operationId": "PostCharges", "responses": _OK,
            "requestBody": {"required": True, "content": {FORM: {
                "schema": _BODY, "encoding": _ENCODING}}}}},
        "/v1/customers": {"post": {  # no deep array: openapi-core can read this one
            "operationId": "PostCustomers", "responses": _OK,
            "requestBody": {"content": {FORM: {
                "schema": {"type": "object", "properties": {
                    "name": _STR, "metadata": {"type": "object", "additionalProperties": _STR}}},
                "encoding": {"metadata": DEEP}}}}}},
        "/v1/invoices/upcoming": {"get": {
            "operationId": "GetInvoicesUpcoming", "responses": _OK,
            "parameters": [
                {"in": "query", "name": "expand", **DEEP,
                 "schema": {"type": "array", "items": _STR}},
                {"in": "query", "name": "customer_details", **DEEP, "schema": {
                    "type": "object", "properties": {
                        "address": _ADDRESS, "tax_ids": {"type": "array", "items": {
                            "type": "object", "properties": {"value": _STR}}},
                        "count": {"type": "integer"}}}}]}},
        "/v1/files": {"post": {
            "operationId": "PostFiles", "responses": _OK,
            "requestBody": {"required": True, "content": {MULTIPART: {
                "schema": {"type": "object", "required": ["file"], "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "link": {"type": "object", "properties": {
                        "create": {"type": "boolean"}, "expires_at": {"type": "integer"}}},
                }},
                "encoding": {"link": DEEP}}}}}},
    },
}


@pytest.fixture(scope="module")
def client_and_peer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    folder = tmp_path_factory.mktemp("deep")
    for name, text in render_package(build(folder, DOCUMENT, package="deep_client")
                                     ).files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    sys.path.insert(0, str(folder))
    recorder = RecordingServer(DOCUMENT, None, form_style="openapi")
    recorder.start()
    try:
        package = importlib.import_module("deep_client")
        with package.Client(base_url=recorder.base_url) as client:
            yield client, recorder
    finally:
        recorder.stop()
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m.startswith("deep_client")]:
            del sys.modules[name]


def _sent(client: Any, recorder: RecordingServer, call: Any) -> Any:
    """The record of the call's request (the response names it)."""
    return recorder.exchange(call(client).headers)


def test_nested_objects_and_arrays_go_in_brackets_and_the_peer_reads_them_back(
        client_and_peer: tuple[Any, Any]) -> None:
    client, recorder = client_and_peer
    models = importlib.import_module("deep_client.models")
    body = models.PostChargesBody.from_dict({
        "amount": 2000, "capture": False, "rate": Decimal("0.000001"),
        "description": "a & b=c", "expand": ["customer", "invoice.subscription"],
        "metadata": {"order": "6735", "note": "x[1]"},
        "items": [{"price": "price_1", "quantity": 2, "tax_rates": ["txr_a", "txr_b"]},
                  {"price": "price_2"}],
        "shipping": {"name": "Jenny", "address": {"city": "Paris", "line1": "1 rue"},
                     "phone": None}})
    exchange = _sent(client, recorder, lambda c: c.default.with_response.post_charges(body=body))
    assert httpx.QueryParams(exchange.body.decode()).multi_items() == [
        ("amount", "2000"), ("capture", "false"), ("rate", "0.000001"),
        ("description", "a & b=c"),
        ("expand[0]", "customer"), ("expand[1]", "invoice.subscription"),
        ("metadata[order]", "6735"), ("metadata[note]", "x[1]"),
        ("items[0][price]", "price_1"), ("items[0][quantity]", "2"),
        ("items[0][tax_rates][0]", "txr_a"), ("items[0][tax_rates][1]", "txr_b"),
        ("items[1][price]", "price_2"),
        ("shipping[name]", "Jenny"), ("shipping[address][city]", "Paris"),
        ("shipping[address][line1]", "1 rue"), ("shipping[phone]", "")]
    assert exchange.violations == []
    decoded = exchange.form_decoded
    assert decoded == {**body.to_dict(), "shipping": {
        **body.to_dict()["shipping"], "phone": ""}}  # a null is an empty value, as at the top


def test_a_flat_deep_object_is_read_by_openapi_core_itself(
        client_and_peer: tuple[Any, Any]) -> None:
    """openapi-core's own deepObject reader takes `metadata[key]=v`: nothing it said of
    the form as sent was set aside. (It reads no deepObject array: a body whose encoding
    names one, as every Stripe body does with `expand`, is "not available" to it whole.)"""
    client, recorder = client_and_peer
    models = importlib.import_module("deep_client.models")
    body = models.PostCustomersBody(name="Jenny", metadata={"order": "1", "ref": "r"})
    exchange = _sent(client, recorder,
                     lambda c: c.default.with_response.post_customers(body=body))
    assert exchange.violations == [] and exchange.peer_notes == []
    assert exchange.form_decoded == {"name": "Jenny", "metadata": {"order": "1", "ref": "r"}}


def test_a_deep_field_given_a_plain_value_goes_as_it_is(
        client_and_peer: tuple[Any, Any]) -> None:
    """Stripe's `metadata=""` (the spec's `enum: [""]` member) unsets: one plain key."""
    client, recorder = client_and_peer
    models = importlib.import_module("deep_client.models")
    body = models.PostChargesBody(amount=5, metadata="")
    exchange = _sent(client, recorder, lambda c: c.default.with_response.post_charges(body=body))
    assert httpx.QueryParams(exchange.body.decode()).multi_items() == [
        ("amount", "5"), ("metadata", "")]
    assert exchange.violations == []


def test_a_multipart_body_sends_its_deep_object_as_bracketed_parts(
        client_and_peer: tuple[Any, Any]) -> None:
    client, recorder = client_and_peer
    models = importlib.import_module("deep_client.models")
    body = models.PostFilesBody.from_dict({"file": b"%PDF-1.4", "link": {
        "create": True, "expires_at": 1700000000}})
    exchange = _sent(client, recorder, lambda c: c.default.with_response.post_files(body=body))
    assert b'name="link[create]"\r\n\r\ntrue\r\n' in exchange.body
    assert b'name="link[expires_at]"\r\n\r\n1700000000\r\n' in exchange.body
    assert exchange.violations == []
    assert exchange.form_decoded["link"] == {"create": True, "expires_at": 1700000000}


@pytest.mark.parametrize(("data", "where"), [
    ({"amount": 1, "metadata": {}}, ("metadata",)),
    ({"amount": 1, "expand": []}, ("expand",)),
    ({"amount": 1, "items": [{"price": "p", "tax_rates": []}]}, ("items", 0, "tax_rates")),
    ({"amount": 1, "metadata": {"a[b]": "x"}}, ("metadata", "a[b]")),
], ids=["empty-object", "empty-list", "empty-nested-list", "bracket-in-a-key"])
def test_what_brackets_cannot_say_is_refused_before_sending(
        client_and_peer: tuple[Any, Any], data: dict[str, Any],
        where: tuple[str | int, ...]) -> None:
    """No key at all would leave the stored value as it is; a bracket in a key would
    nest it elsewhere: refused with an EncodingError naming the place, nothing sent."""
    client, recorder = client_and_peer
    models = importlib.import_module("deep_client.models")
    package = importlib.import_module("deep_client")
    before = len(recorder.exchanges)
    with pytest.raises(package.EncodingError) as raised:
        client.default.post_charges(body=models.PostChargesBody.from_dict(data))
    assert raised.value.path == where
    assert len(recorder.exchanges) == before


def test_only_the_fields_the_encoding_object_names_are_deep_object(
        tmp_path: Path) -> None:
    """Only the fields the Encoding Object names are sent in brackets."""
    document = {**DOCUMENT, "paths": {"/v1/charges": {"post": {
        **DOCUMENT["paths"]["/v1/charges"]["post"], "requestBody": {"content": {FORM: {
            "schema": _BODY, "encoding": {"expand": DEEP}}}}}}}}
    package = build(tmp_path, document)
    (operation,) = [op for group in package.groups for op in group.operations]
    assert operation.body is not None and operation.body.deep_object == ("expand",)


def test_the_peer_judges_deep_object_query_parameters_openapi_core_cannot_read(
        client_and_peer: tuple[Any, Any]) -> None:
    """openapi-core reads no deepObject array and only the first level of an object: the
    recorder decodes the brackets itself and validates the value (its verdict is awake:
    a value that breaks the schema is a violation)."""
    client, recorder = client_and_peer
    models = importlib.import_module("deep_client.models")
    details = models.GetInvoicesUpcomingCustomerDetails.from_dict({
        "address": {"city": "Paris"}, "tax_ids": [{"value": "FR1"}], "count": 2})
    exchange = _sent(client, recorder, lambda c: c.default.with_response.get_invoices_upcoming(
        expand=["lines", "customer"], customer_details=details))
    assert sorted(exchange.query) == sorted([
        ("expand[]", "lines"), ("expand[]", "customer"),
        ("customer_details[address][city]", "Paris"),
        ("customer_details[tax_ids][0][value]", "FR1"), ("customer_details[count]", "2")])
    assert exchange.violations == []
    assert any("deepObject parameter" in note for note in exchange.peer_notes)

    response = httpx.get(f"{recorder.base_url}/v1/invoices/upcoming",
                         params=[("customer_details[count]", "two")])
    violations = recorder.exchange(response.headers).violations
    assert violations and all("customer_details decoded" in v for v in violations)


def test_an_empty_object_inside_a_deep_object_query_parameter_is_refused(
        client_and_peer: tuple[Any, Any]) -> None:
    """`customer_details[address]` with no member would be no key at all: the server
    would read a required `address` as missing. Refused before sending, never dropped."""
    client, recorder = client_and_peer
    models = importlib.import_module("deep_client.models")
    package = importlib.import_module("deep_client")
    before = len(recorder.exchanges)
    details = models.GetInvoicesUpcomingCustomerDetails.from_dict({"address": {}, "count": 1})
    with pytest.raises(package.EncodingError, match=r"customer_details\[address\] is empty"):
        client.default.get_invoices_upcoming(customer_details=details)
    assert len(recorder.exchanges) == before
