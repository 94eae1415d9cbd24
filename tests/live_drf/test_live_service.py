"""The live service answers as a DRF server does: 401 without the token, paginated
envelopes, DRF's 400 field-error dicts and 404s; what it stores is read back through the ORM.

httpx directly (not a generated client): these tests pin the server's own behaviour.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.live_drf.db import stored_credit_memo
from tests.live_drf.server import LiveServer

MEMOS = "credit-memo"


@dataclass(frozen=True)
class Ledger:
    entity: int
    client: int
    account: int


def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


@pytest.fixture(scope="module")
def ledger(drf_http: httpx.Client) -> Ledger:
    entity = created(drf_http.post("entity", json={"name": "Tech Solutions LLC"}))
    client = created(drf_http.post("client", json={
        "entity": entity["id"], "name": "Acme Corporation", "currency": "EUR"}))
    account = created(drf_http.post("account", json={
        "name": "Revenue - Software Licenses", "number": "4001", "account_type": "income"}))
    return Ledger(entity["id"], client["id"], account["id"])


def memo_body(ledger: Ledger, number: str, **fields: Any) -> dict[str, Any]:
    return {"credit_memo_number": number, "credit_memo_date": "2024-03-15",
            "entity": ledger.entity, "client": ledger.client,
            "lines": [{"account": ledger.account, "amount": "750.00",
                       "description": "Credit for software license overpayment"}],
            **fields}


def test_without_the_token_401(drf_server: LiveServer) -> None:
    health = httpx.get(drf_server.base_url + "/health")
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    anonymous = httpx.get(drf_server.api_url + MEMOS)
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"] == "Token"
    assert anonymous.json() == {"detail": "Authentication credentials were not provided."}
    wrong = httpx.get(drf_server.api_url + MEMOS, headers={"Authorization": "Token nope"})
    assert (wrong.status_code, wrong.json()) == (401, {"detail": "Invalid token."})
    bearer = httpx.get(drf_server.api_url + MEMOS,
                       headers={"Authorization": f"Bearer {drf_server.token}"})
    assert bearer.status_code == 401  # only the `Token` prefix


def test_list_is_a_paginated_envelope(drf_http: httpx.Client, ledger: Ledger) -> None:
    created(drf_http.post("entity", json={"name": "Second Entity", "currency": "GBP"}))
    page = drf_http.get("entity", params={"limit": 1})
    assert page.status_code == 200
    body = page.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] >= 2 and body["previous"] is None and len(body["results"]) == 1
    assert httpx.URL(body["next"]).params == httpx.QueryParams({"limit": "1", "offset": "1"})
    second = drf_http.get(body["next"]).json()
    assert second["previous"] is not None and second["results"] != body["results"]


def test_bad_create_is_drfs_field_error_dict(drf_http: httpx.Client, ledger: Ledger) -> None:
    empty = drf_http.post(MEMOS, json={})
    assert empty.status_code == 400
    required = ["This field is required."]
    assert empty.json() == {"credit_memo_number": required, "credit_memo_date": required,
                            "entity": required, "client": required, "lines": required}
    bad_line = memo_body(ledger, "CM-BAD", application_status="closed", lines=[
        {"account": ledger.account, "amount": "1.00"},
        {"account": ledger.account, "amount": "1.005"}])
    answer = drf_http.post(MEMOS, json=bad_line)
    assert answer.status_code == 400
    # Nested list errors are keyed by the index as a string, only for the items that failed.
    assert answer.json() == {
        "application_status": ['"closed" is not a valid choice.'],
        "lines": {"1": {"amount": ["Ensure that there are no more than 2 decimal places."]}}}


def test_missing_id_404(drf_http: httpx.Client) -> None:
    answer = drf_http.get(f"{MEMOS}/999999")
    assert (answer.status_code, answer.json()) == (
        404, {"detail": "No CreditMemo matches the given query."})
    assert drf_http.patch("account/999999", json={}).status_code == 404


def test_created_over_http_is_stored_field_by_field(
        drf_http: httpx.Client, drf_orm: ModuleType, ledger: Ledger) -> None:
    sent = memo_body(ledger, "CM-2024-001", application_status="", void_date=None,
                     internal_note="approval #CM-2024-456", total_amount="750.00")
    sent["lines"].append({"account": ledger.account, "amount": 0.1, "description": None})
    answer = created(drf_http.post(MEMOS, json=sent))
    # What the wire says: writeOnly never comes back; the three kinds of money.
    assert "internal_note" not in answer
    assert answer["total_amount"] == 750.0  # coerce_to_string=False: a JSON number
    assert [line["amount"] for line in answer["lines"]] == ["750.00", "0.10"]  # documented
    assert answer["lines_total"] == "750.10"  # as numbers, sent as strings (as Campfire)
    assert answer["application_status"] == "" and answer["void_date"] is None

    stored = stored_credit_memo(drf_orm, answer["id"])
    assert {key: stored[key] for key in (
        "credit_memo_number", "credit_memo_date", "entity_id", "client_id",
        "application_status", "void_date", "internal_note", "total_amount", "currency",
        "message_on_credit_memo")} == {
        "credit_memo_number": "CM-2024-001", "credit_memo_date": date(2024, 3, 15),
        "entity_id": ledger.entity, "client_id": ledger.client, "application_status": "",
        "void_date": None, "internal_note": "approval #CM-2024-456",
        "total_amount": Decimal("750.00"), "currency": "USD", "message_on_credit_memo": ""}
    assert [(line["account_id"], line["amount"], line["description"], line["position"])
            for line in stored["lines"]] == [
        (ledger.account, Decimal("750.00"), "Credit for software license overpayment", 0),
        (ledger.account, Decimal("0.10"), None, 1)]


def test_patch_keeps_lines_put_replaces_them(
        drf_http: httpx.Client, drf_orm: ModuleType, ledger: Ledger) -> None:
    memo = created(drf_http.post(MEMOS, json=memo_body(ledger, "CM-PATCH")))
    patched = drf_http.patch(f"{MEMOS}/{memo['id']}",
                             json={"application_status": None, "void_date": "2024-04-01"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["lines"] == memo["lines"]
    replaced = drf_http.put(f"{MEMOS}/{memo['id']}", json=memo_body(
        ledger, "CM-PATCH", lines=[{"account": ledger.account, "amount": "5.00"}]))
    assert replaced.status_code == 200, replaced.text
    stored = stored_credit_memo(drf_orm, memo["id"])
    assert (stored["application_status"], stored["void_date"]) == (None, date(2024, 4, 1))
    assert [line["amount"] for line in stored["lines"]] == [Decimal("5.00")]
    assert [line["id"] for line in replaced.json()["lines"]] != [
        line["id"] for line in memo["lines"]]


def test_filters(drf_http: httpx.Client, ledger: Ledger) -> None:
    created(drf_http.post(MEMOS, json=memo_body(
        ledger, "CM-FILTER", credit_memo_date="2031-01-02", application_status="voided")))
    dated = drf_http.get(MEMOS, params={"credit_memo_date__gte": "2031-01-01"}).json()
    assert [item["credit_memo_number"] for item in dated["results"]] == ["CM-FILTER"]
    voided = drf_http.get(MEMOS, params={"application_status": "voided",
                                         "client": ledger.client}).json()
    assert [item["credit_memo_number"] for item in voided["results"]] == ["CM-FILTER"]


def test_multipart_upload_is_stored(
        drf_server: LiveServer, drf_http: httpx.Client, drf_orm: ModuleType,
        ledger: Ledger) -> None:
    memo = created(drf_http.post(MEMOS, json=memo_body(ledger, "CM-FILE")))
    content = b"%PDF-1.4 not really\x00\xff"
    answer = created(drf_http.post("attachment", data={"credit_memo": str(memo["id"])},
                                   files={"file": ("memo.pdf", content, "application/pdf")}))
    assert (answer["name"], answer["content_type"], answer["size"]) == (
        "memo.pdf", "application/pdf", len(content))
    assert httpx.get(answer["file"]).content == content
    stored = stored_credit_memo(drf_orm, memo["id"])["attachments"]
    assert [(item["name"], item["size"]) for item in stored] == [("memo.pdf", len(content))]
    attachment = drf_orm.Attachment.objects.get(pk=answer["id"])
    with attachment.file.open("rb") as handle:
        assert handle.read() == content
    as_json = drf_http.post("attachment", json={"credit_memo": memo["id"], "file": "bWVtbw=="})
    assert as_json.status_code == 400
    assert as_json.json() == {"file": [
        "The submitted data was not a file. Check the encoding type on the form."]}
    listed = drf_http.get(f"{MEMOS}/{memo['id']}").json()["attachments"]
    assert [item["id"] for item in listed] == [answer["id"]]


def test_form_bodies_read_nested_lines_as_index_then_bare_name(
        drf_http: httpx.Client, ledger: Ledger) -> None:
    """What DRF itself accepts in form and multipart bodies (observed, not a client rule)."""
    flat = {"credit_memo_number": "CM-FORM", "credit_memo_date": "2024-03-16",
            "entity": str(ledger.entity), "client": str(ledger.client),
            "application_status": "", "void_date": ""}
    lines = {"lines[0]account": str(ledger.account), "lines[0]amount": "5.00"}
    for files in (None, {"unused": ("x.txt", b"x")}):  # form-urlencoded, then multipart
        answer = created(drf_http.post(MEMOS, data={**flat, **lines}, files=files))
        # An empty form value: "" for a choice that allows blank, null for a nullable date.
        assert (answer["application_status"], answer["void_date"]) == ("", None)
        assert [line["amount"] for line in answer["lines"]] == ["5.00"]
    bracketed = {"lines[0][account]": str(ledger.account), "lines[0][amount]": "5.00"}
    answer = drf_http.post(MEMOS, data={**flat, **bracketed})
    assert answer.status_code == 400
    assert answer.json() == {"lines": {"0": {"account": ["This field is required."],
                                             "amount": ["This field is required."]}}}
    as_json_text = {"lines": json.dumps([{"account": ledger.account, "amount": "5.00"}])}
    answer = drf_http.post(MEMOS, data={**flat, **as_json_text})
    assert (answer.status_code, answer.json()) == (400, {"lines": ["This field is required."]})


def test_drift_views_disagree_with_the_schema(drf_http: httpx.Client, ledger: Ledger) -> None:
    memo = created(drf_http.post(MEMOS, json=memo_body(ledger, "CM-DRIFT")))
    missing = drf_http.get(f"drift/{MEMOS}/{memo['id']}/missing-field").json()
    assert "credit_memo_date" not in missing and missing["id"] == memo["id"]
    wrong = drf_http.get(f"drift/{MEMOS}/{memo['id']}/wrong-type").json()
    assert wrong["total_amount"] == "n/a"
    answer = drf_http.post(f"drift/{MEMOS}", json=memo_body(ledger, "CM-DRIFT-200"))
    assert answer.status_code == 200  # documented: 201
    assert answer.json()["credit_memo_number"] == "CM-DRIFT-200"


def test_server_serves_the_same_schema(drf_server: LiveServer, drf_schema_path: Path) -> None:
    """Campfire publishes its schema at /api/schema?format=json; so does the service."""
    served = httpx.get(drf_server.base_url + "/api/schema", params={"format": "json"})
    assert served.status_code == 200, served.text
    assert served.json() == json.loads(drf_schema_path.read_text("utf-8"))
