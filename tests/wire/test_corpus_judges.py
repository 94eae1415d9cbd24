"""The corpus judges' causes are checked before they are used: each excuse holds for the
case it names and for nothing else (inline specs, no peer)."""

from __future__ import annotations

from typing import Any

from tests.wire.corpus import CorpusSpec, Op
from tests.wire.corpus_judges import undeclared_required

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
