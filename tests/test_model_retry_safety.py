"""What the model decides for issue 11: the idempotency header (model/idempotency.py) and
what the spec deprecates, on small inline specs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.model_specs import (
    STRING,
    build,
    fields,
    json_body,
    model,
    obj,
    op,
    operation,
    param,
    params,
    spec,
)


def creates(*, header: str | None = None, description: str | None = None) -> dict[str, Any]:
    create = operation("memo_create", requestBody=json_body(STRING))
    if header is not None:
        create["parameters"] = [param(header, "header"), param("dry_run")]
    if description is not None:
        create["description"] = description
    return spec({"/memos/": {"post": create, "get": operation("memo_list")}})


@pytest.mark.parametrize(("document", "chosen", "expected"), [
    (creates(header="Idempotency-Key"), None, ("Idempotency-Key", ("memo_create",))),
    (creates(header="X-Idempotency-Token"), None, ("X-Idempotency-Token", ("memo_create",))),
    (creates(description="Wraps CreateModelMixin.create ... with Idempotency-Key handling"),
     None, ("Idempotency-Key", ("memo_create",))),
    (creates(), None, (None, ())),
    (creates(), "Request-Key", ("Request-Key", None)),
    (creates(header="Idempotency-Key"), "", (None, None)),
], ids=["header-parameter", "other-header-name", "named-in-a-description", "none",
        "configured", "configured-off"])
def test_the_idempotency_header_comes_from_the_configuration_else_the_spec(
        document: dict[str, Any], chosen: str | None,
        expected: tuple[str | None, tuple[str, ...] | None], tmp_path: Path) -> None:
    """From the spec, only the operations it names honour the header (one description is
    no promise for the whole API); configured, every POST and PATCH does (None)."""
    package = build(tmp_path, document, idempotency_header=chosen)
    assert (package.idempotency_header, package.idempotent_operations) == expected


def test_a_header_parameter_is_honoured_only_where_it_is_declared(tmp_path: Path) -> None:
    document = creates(header="Idempotency-Key")
    document["paths"]["/other/"] = {"post": operation("other_create",
                                                      requestBody=json_body(STRING))}
    package = build(tmp_path, document)
    assert package.idempotent_operations == ("memo_create",)


def test_the_idempotency_header_leaves_every_signature(tmp_path: Path) -> None:
    """The client sends it (a fresh key per call, or the caller's `idempotency_key=`)."""
    package = build(tmp_path, creates(header="Idempotency-Key"))
    assert set(params(op(package, "memo_create"))) == {"dry_run"}
    kept = build(tmp_path, creates(header="Idempotency-Key"), idempotency_header="")
    assert set(params(op(kept, "memo_create"))) == {"Idempotency-Key", "dry_run"}


def test_deprecated_operations_parameters_and_properties_are_marked(tmp_path: Path) -> None:
    document = spec(
        {"/memos/": {"get": operation("memo_list", deprecated=True, parameters=[
            param("since", deprecated=True), param("limit")])}},
        {"Memo": obj(email={"type": "string", "deprecated": True}, name=STRING)})
    package = build(tmp_path, document)
    listed = op(package, "memo_list")
    assert listed.deprecated
    assert {name: p.deprecated for name, p in params(listed).items()} == {
        "since": True, "limit": False}
    assert {name: f.deprecated for name, f in fields(model(package, "Memo")).items()} == {
        "email": True, "name": False}
