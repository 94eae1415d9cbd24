"""The judges of form bodies are awake: the reference reading of DRF's notation, the
judge that holds the client's refusals to it, and the excuse for Prism's misreading.

The sweeps in test_wire.py rely on these: a form call whose payload DRF's notation cannot
carry must be refused before sending with an `EncodingError` naming a predicted path, and
Prism's complaints are excused only at fields the form sends in DRF's notation.
"""

from __future__ import annotations

import dataclasses
import json
from types import SimpleNamespace
from typing import Any

import pytest

from tests.wire.driver import Call, Outcome, run_calls
from tests.wire.judges import CORE_FORMS, PRISM_FORMS, Judge, PeerReport
from tests.wire.operations import FORM, MULTIPART, Operation, build_arguments
from tests.wire.policy import (
    EMPTY_LIST,
    EMPTY_OBJECT,
    LIST_OF_LISTS,
    MIXED_LIST,
    NAIVE,
    NESTED_IN_MAP,
    NULL_ITEM,
    NULL_NESTED,
    NULL_TEXT,
    ODD_NAME,
    SEVERAL_IN_ITEM,
    UNTYPED_ITEM,
    drf_form_refusals,
    drf_notation_fields,
)

NOWHERE = "http://127.0.0.1:9"  # the discard port: a request that left would fail to connect

_INT = {"type": "integer"}
SPEC: dict[str, Any] = {"components": {"schemas": {
    "Body": {"type": "object", "properties": {
        "name": {"type": "string", "nullable": True},
        "day": {"type": "string", "format": "date", "nullable": True},
        "count": {"type": "integer", "nullable": True},
        "kind": {"nullable": True, "oneOf": [{"$ref": "#/components/schemas/KindEnum"},
                                             {"$ref": "#/components/schemas/BlankEnum"},
                                             {"$ref": "#/components/schemas/NullEnum"}]},
        "lines": {"type": "array", "items": {"$ref": "#/components/schemas/Line"}},
        "tags": {"type": "array", "items": _INT},
        "sub": {"allOf": [{"$ref": "#/components/schemas/Sub"}], "nullable": True},
        "meta": {"type": "object", "additionalProperties": _INT},
        "free": {"type": "object", "additionalProperties": {}},
        "anything": {"nullable": True},
        "loose": {"type": "array", "items": {}},
        "matrix": {"type": "array", "items": {"type": "array", "items": _INT}},
        "at": {"type": "string", "format": "date-time"},
    }},
    "Line": {"type": "object", "properties": {
        "account": _INT,
        "description": {"type": "string", "nullable": True},
        "tag_ids": {"type": "array", "items": _INT},
        "sub": {"$ref": "#/components/schemas/Sub"},
        "rows": {"type": "array", "items": {"$ref": "#/components/schemas/Sub"}},
    }},
    "Sub": {"type": "object", "properties": {"x": _INT, "tags": {"type": "array", "items": _INT}}},
    "KindEnum": {"type": "string", "enum": ["a", "b"]},
    "BlankEnum": {"enum": [""]},
    "NullEnum": {"enum": [None]},
}}}
BODY = {"$ref": "#/components/schemas/Body"}

CARRIED: list[dict[str, Any]] = [
    {},  # an empty body is an empty form
    {"name": "n", "day": None, "count": None, "kind": "a", "tags": [1, 2], "at":
     "2024-03-15T10:30:00+00:00", "sub": {"x": 1, "tags": [1, 2]}, "meta": {"k": 1},
     "free": {"k": "text"}, "loose": ["a", "b"]},
    {"lines": [{"account": 1, "tag_ids": [3], "sub": {"x": 1},
                "rows": [{"x": 1, "tags": [4]}]}, {"account": 2}]},
    {"anything": None}, {"anything": {"k": [1, None, {}]}}, {"kind": ""},
]
REFUSED: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
    ({"name": None}, [("name", NULL_TEXT)]),
    ({"kind": None}, [("kind", NULL_TEXT)]),
    ({"sub": None}, [("sub", NULL_NESTED)]),
    ({"lines": []}, [("lines", EMPTY_LIST)]),
    ({"lines": [{}]}, [("lines[0]", EMPTY_OBJECT)]),
    ({"sub": {}}, [("sub", EMPTY_OBJECT)]),
    ({"meta": {}}, [("meta", EMPTY_OBJECT)]),
    ({"lines": [{"account": 1}, 5]}, [("lines[0]", MIXED_LIST)]),
    ({"lines": [{"tag_ids": [1, 2]}]}, [("lines[0].tag_ids", SEVERAL_IN_ITEM)]),
    ({"lines": [{"sub": {"tags": [1, 2]}}]}, [("lines[0].sub.tags", SEVERAL_IN_ITEM)]),
    ({"lines": [{"rows": [{"tags": [1, 2]}]}]}, [("lines[0].rows[0].tags", SEVERAL_IN_ITEM)]),
    ({"lines": [{"description": None, "tag_ids": [None, 2]}]},
     [("lines[0].description", NULL_TEXT), ("lines[0].tag_ids", SEVERAL_IN_ITEM),
      ("lines[0].tag_ids[0]", NULL_ITEM)]),
    ({"tags": [1, None]}, [("tags[1]", NULL_ITEM)]),
    ({"matrix": [[1]]}, [("matrix[0]", LIST_OF_LISTS)]),
    ({"loose": ["a", 1]}, [("loose[1]", UNTYPED_ITEM)]),
    ({"free": {"k": 1}}, [("free.k", UNTYPED_ITEM)]),
    ({"free": {"k": {"x": "y"}}}, [("free.k", NESTED_IN_MAP)]),
    ({"meta": {"a.b": 1}}, [("meta.a.b", ODD_NAME)]),
    ({"at": "2024-03-15T10:30:00"}, [("at", NAIVE)]),
]


@pytest.mark.parametrize("payload", CARRIED, ids=range(len(CARRIED)))
def test_the_reference_lets_through_what_drf_notation_carries(payload: dict[str, Any]) -> None:
    assert drf_form_refusals(SPEC, BODY, payload) == []


@pytest.mark.parametrize(("payload", "expected"), REFUSED, ids=[str(p) for p, _ in REFUSED])
def test_the_reference_names_what_drf_notation_cannot_carry(
        payload: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert drf_form_refusals(SPEC, BODY, payload) == expected


def test_the_reference_names_the_fields_sent_in_drf_notation() -> None:
    payload = {"name": "n", "tags": [1], "sub": {"x": 1}, "lines": [{"account": 1}],
               "anything": {"k": 1}, "meta": {"k": 1}}
    assert drf_notation_fields(SPEC, BODY, payload) == {"tags", "sub", "lines", "meta"}


# --- the judge of refusals ----------------------------------------------------------------


def _form_call(wire_spec: dict[str, Any], wire_models: Any, op: Operation,
               encoding: str = FORM) -> Call:
    label = "form" if encoding == FORM else "multipart"
    return Call(op, label, build_arguments(wire_spec, wire_models, op, "all",
                                           content_type=encoding))


def _by_name(wire_ops: list[Operation], name: str) -> Operation:
    return next(op for op in wire_ops if op.name == name)


def test_the_judge_holds_refusals_to_the_reference(
        wire_spec: dict[str, Any], wire_models: Any, wire_ops: list[Operation],
        campfire: Any) -> None:
    """The one good refusal is counted; every way of getting it wrong is a problem."""
    op = _by_name(wire_ops, "coa_api_v1_bill_create")  # lines[0].tag_ids: two ids
    call = _form_call(wire_spec, wire_models, op)
    (refused,) = run_calls(campfire, NOWHERE, [call], workers=1)
    assert isinstance(refused.error, campfire.EncodingError) and not refused.sent
    other_field = campfire.EncodingError(refused.error.reason, ("lines", 0, "description"),
                                         operation=op.name)
    answered = SimpleNamespace(status_code=201, headers={}, content=b"{}")
    judge = Judge(wire_spec, campfire, wire_models)
    verdicts = {}
    for name, outcome in {
        "as predicted": refused,
        "sent": dataclasses.replace(refused, sent=True),
        "another field": dataclasses.replace(refused, error=other_field),
        "not refused": dataclasses.replace(refused, error=None, result=answered, sent=True),
        "another error": dataclasses.replace(refused, error=ValueError("lines[0].tag_ids")),
    }.items():
        report = PeerReport("test", 1)
        assert judge.refusal(outcome, report)
        verdicts[name] = (len(report.refused), report.refusals_predicted,
                          bool(report.request_problems))
    assert verdicts == {"as predicted": (1, 1, False), "sent": (0, 1, True),
                        "another field": (0, 1, True), "not refused": (0, 1, True),
                        "another error": (0, 1, True)}


def test_the_judge_rejects_a_refusal_of_what_drf_notation_carries(
        wire_spec: dict[str, Any], wire_models: Any, wire_ops: list[Operation],
        campfire: Any) -> None:
    op = next(op for op in wire_ops if MULTIPART in op.encodings and not drf_form_refusals(
        wire_spec, op.form_schema(MULTIPART), _form_call(
            wire_spec, wire_models, op, MULTIPART).arguments.body_json))
    outcome = Outcome(_form_call(wire_spec, wire_models, op, MULTIPART),
                      error=campfire.EncodingError("no reason", ("x",), operation=op.name))
    report = PeerReport("test", 1)
    judge = Judge(wire_spec, campfire, wire_models)
    assert judge.refusal(outcome, report) and report.request_problems
    assert report.refusals_predicted == 0
    # Not refused: the call is left to the peer's judgement.
    fine = dataclasses.replace(outcome, error=None)
    assert not judge.refusal(fine, PeerReport("test", 1))


# --- Prism's misreading of DRF's notation -------------------------------------------------


def test_prism_is_excused_only_at_fields_sent_in_drf_notation(
        wire_spec: dict[str, Any], wire_models: Any, wire_ops: list[Operation],
        campfire: Any) -> None:
    op = _by_name(wire_ops, "coa_api_journal_entry_create")
    call = _form_call(wire_spec, wire_models, op)
    body = call.arguments.body_json
    in_notation = drf_notation_fields(wire_spec, op.form_schema(FORM), body)
    assert "revenue_transactions" in in_notation  # a list of ids: the key repeated
    plain = next(name for name, value in body.items()
                 if not isinstance(value, (dict, list)))
    absent = next(name for name in Judge(wire_spec, campfire, wire_models).write.properties(
        op.body_schema) if name not in body)

    def required(name: str) -> dict[str, Any]:
        return {"location": ["body"], "code": "required",
                "message": f"Request body must have required property '{name}'"}

    def typed(name: str) -> dict[str, Any]:
        return {"location": ["request", "body", name], "code": "type",
                "message": f"Request body property {name} must be array"}

    cases = {
        "required, in DRF notation": ([required("revenue_transactions")], True),
        "type, in DRF notation": ([typed("revenue_transactions")], True),
        "required, a plain field": ([required(plain)], False),
        "type, a plain field": ([typed(plain)], False),
        "required, a field not sent": ([required(absent)], False),
        "another code": ([{"location": ["body", "revenue_transactions"], "code": "enum", "message": "x"}], False),
        "one excused, one not": ([required("revenue_transactions"), typed(plain)], False),
    }
    judge = Judge(wire_spec, campfire, wire_models)
    seen = {}
    for label, (violations, _) in cases.items():
        answer = SimpleNamespace(status_code=422, content=b"",
                                 headers={"sl-violations": json.dumps(violations)})
        report = PeerReport("prism-static", 1)
        judge.prism_request(Outcome(call, result=answer, sent=True), report)
        seen[label] = report.notes[PRISM_FORMS] == 1 and not report.request_problems
    assert seen == {label: excused for label, (_, excused) in cases.items()}


def test_openapi_core_misreading_is_named_only_at_fields_sent_in_drf_notation(
        wire_spec: dict[str, Any], wire_models: Any, wire_ops: list[Operation],
        campfire: Any) -> None:
    op = _by_name(wire_ops, "coa_api_journal_entry_create")
    outcome = Outcome(_form_call(wire_spec, wire_models, op), sent=True)
    judge = Judge(wire_spec, campfire, wire_models)
    as_sent = "openapi-core on the form as sent: body at "
    kinds = {note: judge._note_kind(outcome, as_sent + note) for note in (
        "(root): 'revenue_transactions' is a required property",
        "revenue_transactions: [] should be non-empty",
        "(root): 'nowhere' is a required property",
    )}
    assert kinds["(root): 'revenue_transactions' is a required property"] == (
        CORE_FORMS, {"revenue_transactions"})
    assert kinds["revenue_transactions: [] should be non-empty"] == (
        CORE_FORMS, {"revenue_transactions"})
    assert kinds["(root): 'nowhere' is a required property"][0] != CORE_FORMS
