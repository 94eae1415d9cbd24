"""The corpus judges' causes are checked before they are used: each excuse holds for the
case it names and for nothing else (inline specs, no peer)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tests.wire.corpus import CorpusSpec, Op, Param, bundle, trimmed
from tests.wire.corpus_judges import (
    PRISM_500,
    PRISM_FORM_ARRAYS,
    CorpusReport,
    Planner,
    StricterModel,
    accept_only,
    expected_path,
    nullable_beside_ref,
    oneof_overlap_body,
    read_only_param,
    undeclared_required,
)
from tests.wire.corpus_payloads import CorpusValueBuilder, schema_errors
from tests.wire.driver import Call, Outcome
from tests.wire.operations import Arguments
from tests.wire.test_corpus_wire import _async_twins

ACCOUNT = {"type": "object", "properties": {"login": {"type": "boolean"}},
           "required": ["login", "method"]}
"""Requires `method`, which it does not declare (django-allauth's AccountConfiguration)."""
DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "paths": {},
    "components": {"schemas": {
        "Account": ACCOUNT,
        "Config": {"type": "object", "required": ["data"], "properties": {
            "data": {"type": "object", "properties": {
                "account": {"$ref": "#/components/schemas/Account"},
                "accounts": {"type": "array",
                             "items": {"allOf": [{"$ref": "#/components/schemas/Account"}]}},
            }},
            # Square's way: `nullable` beside a `$ref`, which OpenAPI 3.0 ignores.
            "owner": {"$ref": "#/components/schemas/Account", "nullable": True},
            "plain": {"$ref": "#/components/schemas/Account"},
            "by_name": {"type": "object", "additionalProperties": {
                "type": "object", "properties": {
                    "owner": {"$ref": "#/components/schemas/Account", "nullable": True}}}},
        }},
    }},
}


def _op() -> Op:
    raw = {"responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Config"}}}}}}
    return Op(group="config", name="config_get", operation_id="config_get", method="GET",
              path="/config", params=(), body_annotation=None, body_required=False,
              encodings=(), security=(), responses={"200": "Config"}, raw=raw,
              body_content={})


def _spec() -> CorpusSpec:
    return CorpusSpec("inline", None, DOCUMENT, "3.0.3", "inline", None, [_op()],  # type: ignore[arg-type]
                      sampled=False)


def test_an_undeclared_required_property_is_excused_where_it_is_nested() -> None:
    spec, op = _spec(), _op()
    assert undeclared_required(spec, op, [
        "response: InvalidData at data/account: 'method' is a required property",
        "data/accounts/0: 'method' is a required property"])


def test_a_declared_or_unrequired_property_missing_is_not_excused() -> None:
    spec, op = _spec(), _op()
    for error in ("data/account: 'login' is a required property",  # declared
                  "data/account: 'other' is a required property",  # not required either
                  "(root): 'data' is a required property",  # declared at the top
                  "data/nowhere: 'method' is a required property",  # no schema there
                  "data/account/login: True is not of type 'string'"):
        assert not undeclared_required(spec, op, [error]), error


def test_the_head_line_counts_what_a_peer_could_not_judge_apart() -> None:
    """An operation whose form Prism misread is not counted as a valid request, and the
    line says how many operations each figure leaves out (the peers of a spec differ)."""
    report = CorpusReport("inline", "prism-static")
    report.requested |= {"a_create", "b_create", "c_list"}
    report.answered |= {"a_create", "b_create"}
    report.parsed |= {"a_create", "b_create"}
    report.set_apart(PRISM_FORM_ARRAYS, _op_named("b_create"), "multipart")
    report.set_apart(PRISM_500, _op_named("c_list"), "")
    head = report.lines()[0]
    assert "requests valid 2/2, responses parsed 2/2" in head  # b_create is not judged
    assert "counted apart (below): requests of 1 operations, answers of 1" in head


def _op_named(name: str) -> Op:
    return Op(**{**{field: getattr(_op(), field) for field in Op.__dataclass_fields__},
                 "name": name})


ACCEPT = {"name": "Accept", "in": "header",
          "schema": {"type": "string", "enum": ["application/json", "application/yaml"]}}
CORE_ACCEPT = ("parameter Accept at (root): '*/*' is not one of ['application/json', "
               "'application/yaml']")
PRISM_ACCEPT = {"location": ["request", "header", "accept"], "severity": "Error", "code": "enum",
                "message": "Request header parameter accept must be equal to one of the "
                           "allowed values: application/json, application/yaml"}


def test_a_peer_checking_an_ignored_accept_parameter_is_excused_only_for_it() -> None:
    """DigitalOcean's apps_create declares `Accept` with an enum; OpenAPI says to ignore
    it, the client sends `*/*`, and both peers check it against the enum."""
    spec = _spec()
    declared = _op_with(parameters=[ACCEPT])
    assert accept_only(spec, declared, [CORE_ACCEPT])
    assert accept_only(spec, declared, [PRISM_ACCEPT])
    other = "parameter limit at (root): 'x' is not of type 'integer'"
    assert not accept_only(spec, declared, [CORE_ACCEPT, other])
    assert not accept_only(spec, _op_with(parameters=[]), [CORE_ACCEPT])
    free = dict(ACCEPT, schema={"type": "string"})
    assert not accept_only(spec, _op_with(parameters=[free]), [PRISM_ACCEPT])


def _op_with(**raw: Any) -> Op:
    op = _op()
    return Op(**{**{field: getattr(op, field) for field in Op.__dataclass_fields__},
                 "raw": {**op.raw, **raw}})


def _answered(label: str, content: bytes, parsed: Any) -> Outcome:
    call = Call(_op(), label, Arguments({}, None, {}), use_async=label == "async")
    return Outcome(call, result=SimpleNamespace(status_code=200, headers={}, content=content,
                                                parsed=parsed))


def test_async_twins_read_the_same_body_alike_and_other_bodies_are_not_compared() -> None:
    """Prism's dynamic mode may answer the same request with another body: only the same
    bytes must be read the same way (each body is judged against the schema on its own)."""
    report = CorpusReport("inline", "prism-dynamic")
    _async_twins([_answered("all", b'{"n": 1}', {"n": 1}),
                  _answered("async", b'{"n": 2}', {"n": 2})], report)
    assert not report.response_problems
    _async_twins([_answered("all", b'{"n": 1}', {"n": 1}),
                  _answered("async", b'{"n": 1}', {"n": 2})], report)
    assert list(report.response_problems) == ["config_get [async]"]


class _Model:
    """A generated model's surface: `from_dict` refuses a missing required key and keeps
    unknown keys as additional properties."""

    declared: tuple[str, ...] = ()

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.additional_properties = {k: v for k, v in data.items() if k not in self.declared}

    @classmethod
    def from_dict(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not set(cls.declared) <= set(data):
            raise ValueError(f"not a {cls.__name__}")
        return cls(data)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.data)


class Loose(_Model):
    declared = ()


class Exact(_Model):
    declared = ("name", "size")


def test_a_body_of_a_union_of_models_is_held_by_the_member_that_reads_it_all() -> None:
    """DigitalOcean's certificates_create takes `LetsEncrypt | Custom`: the harness holds
    the body it built as the member that reads every key (not one that keeps them as
    additional properties), None for `| None`, and refuses when no member reads it."""
    planner = Planner(_spec(), SimpleNamespace(Loose=Loose, Exact=Exact), js_safe=True)
    held = planner.body_value("Loose | Exact", {"name": "a", "size": 1})
    assert isinstance(held, Exact)
    assert isinstance(planner.body_value("Loose | Exact", {"other": 1}), Loose)
    assert planner.body_value("Exact | None", None) is None
    with pytest.raises(StricterModel):
        planner.body_value("Exact | None", {"name": "a"})


SPLIT_ROOT = """
openapi: 3.0.3
info: {title: split, version: '1'}
paths:
  /actions:
    post:
      operationId: act
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - $ref: 'models/actions.yml#/simple'
                - $ref: 'models/actions.yml#/resize'
              discriminator:
                propertyName: type
                mapping:
                  reboot: 'models/actions.yml#/simple'
                  resize: 'models/actions.yml#/resize'
      responses: {'204': {description: done}}
"""
SPLIT_MODELS = """
simple:
  type: object
  required: [type]
  properties: {type: {type: string, enum: [reboot]}}
resize:
  type: object
  required: [type, size]
  properties: {type: {type: string, enum: [resize]}, size: {type: integer}}
"""


def test_a_discriminator_mapping_into_another_file_is_bundled_as_references(tmp_path: Any) -> None:
    """DigitalOcean's action bodies map tags to schemas of other files: bundled, the
    mapping names copies hoisted into components (also kept when the document is trimmed),
    so that the validator can judge a tagged body instead of failing to resolve it."""
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "actions.yml").write_text(SPLIT_MODELS)
    (tmp_path / "root.yaml").write_text(SPLIT_ROOT)
    document = bundle(tmp_path / "root.yaml")
    schema = document["paths"]["/actions"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    assert all(target.startswith("#/components/schemas/")
               for target in schema["discriminator"]["mapping"].values())
    assert schema_errors(document, schema, {"type": "resize", "size": 2}, "write",
                         oas31=False) == []
    assert schema_errors(document, schema, {"type": "resize"}, "write", oas31=False)
    op = SimpleNamespace(path="/actions", method="POST")
    kept = trimmed(document, [op])  # type: ignore[list-item]
    assert kept["components"]["schemas"].keys() == document["components"]["schemas"].keys()


BUILT: dict[str, Any] = {"components": {"schemas": {
    "Connection": {"type": "object", "readOnly": True, "properties": {"uri": {"type": "string"}}},
    "Pool": {"type": "object", "required": ["name", "method"], "properties": {
        "name": {"type": "string"},
        "connection": {"allOf": [{"$ref": "#/components/schemas/Connection"}]},
        "label": {"allOf": [{"type": "string"}, {"maxLength": 4}]}}},
    "Simple": {"type": "object", "required": ["type"],
               "properties": {"type": {"type": "string", "enum": ["reboot", "power_on"]}}},
    "Action": {"oneOf": [{"$ref": "#/components/schemas/Simple"}],
               "discriminator": {"propertyName": "type",
                                 "mapping": {"power_on": "#/components/schemas/Simple"}}},
}}}


def test_the_corpus_builder_builds_what_digitalocean_s_schemas_allow() -> None:
    """A read-only object wrapped in allOf is not sent; a required property the schema
    does not declare gets a value (any fits); an allOf of a string and a bound is a short
    string; a tag the discriminator does not map is replaced by one it maps."""
    builder = CorpusValueBuilder(BUILT, direction="write", fill="all", oas31=False)
    pool = {"$ref": "#/components/schemas/Pool"}
    body = builder.value(pool)
    assert "connection" not in body and "method" in body and len(body["label"]) <= 4
    assert schema_errors(BUILT, pool, body, "write", oas31=False) == []
    action = {"$ref": "#/components/schemas/Action"}
    assert builder.value(action) == {"type": "power_on"}


def test_a_parameter_is_judged_without_a_direction() -> None:
    """readOnly concerns properties: DigitalOcean's ssh_key_identifier (an id or a
    fingerprint, both marked readOnly) is a valid path value, and the call is built."""
    identifier = {"anyOf": [{"type": "integer", "readOnly": True, "example": 42},
                            {"type": "string", "readOnly": True}]}
    param = Param("ssh_key_identifier", "ssh_key_identifier", "path", True, identifier, False)
    op = Op(**{**{field: getattr(_op(), field) for field in Op.__dataclass_fields__},
               "params": (param,)})
    arguments = Planner(_spec(), SimpleNamespace(), js_safe=True).arguments(op, "all")
    assert arguments.keywords == {"ssh_key_identifier": 42}
    assert schema_errors(BUILT, identifier, 42, "write", oas31=False)  # as a property


def test_the_expected_path_holds_what_a_url_cannot_hold_raw_percent_encoded() -> None:
    """DigitalOcean's `/<upload_url>`: the client sends `/%3Cupload_url%3E`."""
    op = Op(**{**{field: getattr(_op(), field) for field in Op.__dataclass_fields__},
               "path": "/<upload_url>/{id}"})
    assert expected_path(op, Arguments({}, None, {("path", "id"): "a b"})) == \
        "/%3Cupload_url%3E/a%20b"


IDENTIFIER = {"anyOf": [{"type": "integer", "readOnly": True},
                        {"type": "string", "readOnly": True}]}


def _param_call(schema: Any, value: Any, where: str = "path") -> tuple[Op, Outcome]:
    param = Param("key", "key", where, True, schema, False)
    op = Op(**{**{field: getattr(_op(), field) for field in Op.__dataclass_fields__},
               "params": (param,)})
    return op, Outcome(Call(op, "all", Arguments({"key": value}, None, {(where, "key"): value})))


def test_openapi_core_refusing_a_read_only_parameter_is_excused_only_when_the_value_fits() -> None:
    complaint = "parameter key at (root): 512189 is not valid under any of the given schemas"
    op, outcome = _param_call(IDENTIFIER, 512189)
    assert read_only_param(_spec(), op, outcome, [complaint])
    op, outcome = _param_call(IDENTIFIER, 1.5)  # fits no member: a real problem
    assert not read_only_param(_spec(), op, outcome, [complaint])
    op, outcome = _param_call({"type": "integer"}, 512189)  # not readOnly
    assert not read_only_param(_spec(), op, outcome, [complaint])
    # A query value is judged by the peer alone: its complaint could be the client's fault.
    op, outcome = _param_call(IDENTIFIER, 512189, "query")
    assert not read_only_param(_spec(), op, outcome, [complaint])


def test_prism_refusing_an_overlapping_oneof_body_is_excused_only_when_members_overlap() -> None:
    """DigitalOcean's droplet actions: every plain action also fits the snapshot action
    (its `name` is optional); the discriminator picks, Prism ignores it."""
    plain = {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}}
    snapshot = {"allOf": [plain, {"type": "object", "properties": {"name": {"type": "string"}}}]}
    document = {"components": {"schemas": {"Plain": plain, "Snapshot": snapshot}}}
    spec = CorpusSpec("inline", None, document, "3.0.3", "inline", None, [],  # type: ignore[arg-type]
                      sampled=False)
    members = [{"$ref": "#/components/schemas/Plain"}, {"$ref": "#/components/schemas/Snapshot"}]
    tagged = {"oneOf": members, "discriminator": {
        "propertyName": "type", "mapping": {"plain": "#/components/schemas/Plain"}}}
    violation = {"location": ["request", "body"], "code": "oneOf", "severity": "Error",
                 "message": "Request body must match exactly one schema in oneOf"}

    def call(schema: Any, body: Any) -> Outcome:
        op = Op(**{**{field: getattr(_op(), field) for field in Op.__dataclass_fields__},
                   "encodings": ("application/json",),
                   "body_content": {"application/json": {"schema": schema}}})
        return Outcome(Call(op, "all", Arguments({"body": body}, body, {})))

    assert oneof_overlap_body(spec, call(tagged, {"type": "plain"}), [violation])
    untagged = {"oneOf": members}
    assert not oneof_overlap_body(spec, call(untagged, {"type": "plain"}), [violation])
    assert not oneof_overlap_body(spec, call(tagged, {"kind": 1}), [violation])


def test_a_null_is_excused_only_where_nullable_is_written_beside_a_ref() -> None:
    spec, op = _spec(), _op()
    assert nullable_beside_ref(spec, op, [
        "owner: None for not nullable", "owner: None is not of type 'object'",
        "by_name/anyone/owner: None for not nullable",
        "by_name/anyone/owner: None is not one of ['A', 'B']"])
    assert not nullable_beside_ref(spec, op, ["plain: None for not nullable"])
    assert not nullable_beside_ref(spec, op, ["data/account: None for not nullable"])
    assert not nullable_beside_ref(spec, op, ["owner: 'x' is not of type 'object'"])
