"""Read and write variants of models (`generator/model/directions.py`, and the classes
`build.py` makes of them).

A schema with readOnly or writeOnly properties (or one that contains such a schema)
gets a response class `X` and a request class `XRequest` only when operations use it
both ways; one class named `X` when one way; a response class when unused. Request
classes leave readOnly fields out, response classes writeOnly ones, and each refers to
the variants of its own direction. drf-spectacular's `Patched*` bodies, parameters and
pages follow the same rules. Every class a type names exists where it says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.model import types as t
from generator.model.ir import Direction
from tests.model_specs import (
    INTEGER,
    STRING,
    assert_references_resolve,
    build,
    fields,
    json_body,
    model,
    models,
    obj,
    op,
    operation,
    param,
    ref,
    returns,
    spec,
)

MODEL = t.ClassKind.MODEL

ITEM = obj(("id", "name"), id={"type": "integer", "readOnly": True}, name=STRING,
           password={"type": "string", "writeOnly": True})


def item_spec(*, read: bool, write: bool, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    if read:
        paths["/items/{id}"] = {"get": operation(
            "get_item", parameters=[param("id", "path")], responses=returns(ref("Item")))}
    if write:
        paths["/items"] = {"post": operation("create_item", requestBody=json_body(ref("Item")))}
    return spec(paths, {"Item": ITEM, **(extra or {})})


def test_used_both_ways_gives_a_response_class_and_a_request_class(tmp_path: Path) -> None:
    package = build(tmp_path, item_spec(read=True, write=True))
    read, write = model(package, "Item"), model(package, "ItemRequest")
    assert (read.direction, write.direction) == (Direction.READ, Direction.WRITE)
    assert [f.json_name for f in read.fields] == ["id", "name"]
    assert [f.json_name for f in write.fields] == ["name", "password"]
    assert fields(read)["id"].required and fields(read)["id"].read_only
    assert fields(write)["password"].write_only
    assert op(package, "create_item").body.type == t.Named("ItemRequest", "item", MODEL)
    assert op(package, "get_item").responses[0].type == t.Named("Item", "item", MODEL)


def test_used_in_requests_only_gives_one_class_without_suffix(tmp_path: Path) -> None:
    package = build(tmp_path, item_spec(read=False, write=True))
    assert set(models(package)) == {"Item"}
    item = model(package, "Item")
    assert item.direction is Direction.WRITE
    assert [f.json_name for f in item.fields] == ["name", "password"]


def test_used_in_responses_only_gives_one_class_without_suffix(tmp_path: Path) -> None:
    package = build(tmp_path, item_spec(read=True, write=False))
    assert set(models(package)) == {"Item"}
    assert model(package, "Item").direction is Direction.READ
    assert [f.json_name for f in model(package, "Item").fields] == ["id", "name"]


def test_unused_schema_with_read_only_fields_gets_its_response_class(tmp_path: Path) -> None:
    package = build(tmp_path, item_spec(read=False, write=False))
    assert set(models(package)) == {"Item"}
    assert model(package, "Item").direction is Direction.READ


def test_a_schema_without_read_or_write_only_fields_is_one_class_both_ways(
        tmp_path: Path) -> None:
    plain = obj(name=STRING)
    package = build(tmp_path, spec({"/p": {"post": operation(
        "p", requestBody=json_body(ref("Plain")), responses=returns(ref("Plain")))}},
        {"Plain": plain}))
    assert set(models(package)) == {"Plain"}
    assert model(package, "Plain").direction is Direction.BOTH
    assert op(package, "p").body.type == op(package, "p").responses[0].type


def test_containing_a_schema_that_differs_makes_the_container_differ(tmp_path: Path) -> None:
    holder = obj(item=ref("Item"), items={"type": "array", "items": ref("Item")},
                 by_name={"type": "object", "additionalProperties": ref("Item")})
    package = build(tmp_path, spec({"/h": {"put": operation(
        "put_holder", requestBody=json_body(ref("Holder")), responses=returns(ref("Holder")))}},
        {"Item": ITEM, "Holder": holder}))
    read, write = model(package, "Holder"), model(package, "HolderRequest")
    item, item_request = t.Named("Item", "item", MODEL), t.Named("ItemRequest", "item", MODEL)
    assert [f.type for f in read.fields] == [item, t.ListOf(item), t.MapOf(item)]
    assert [f.type for f in write.fields] == [item_request, t.ListOf(item_request),
                                              t.MapOf(item_request)]
    assert_references_resolve(package)


def test_read_only_allof_wrapper_is_left_out_of_the_request_class(tmp_path: Path) -> None:
    invoice = obj(customer={"allOf": [ref("Customer")], "readOnly": True},
                  customer_id=INTEGER)
    package = build(tmp_path, spec({"/i": {"post": operation(
        "create_invoice", requestBody=json_body(ref("Invoice")),
        responses=returns(ref("Invoice"), "201"))}},
        {"Customer": obj(name=STRING), "Invoice": invoice}))
    assert [f.json_name for f in model(package, "Invoice").fields] == ["customer",
                                                                       "customer_id"]
    assert [f.json_name for f in model(package, "InvoiceRequest").fields] == ["customer_id"]


def test_a_read_only_schema_reached_by_ref_makes_the_property_read_only(
        tmp_path: Path) -> None:
    stamp = {"type": "string", "format": "date-time", "readOnly": True}
    package = build(tmp_path, spec({"/n": {"post": operation(
        "n", requestBody=json_body(ref("Note")), responses=returns(ref("Note")))}},
        {"Stamp": stamp, "Note": obj(created=ref("Stamp"), text=STRING)}))
    assert fields(model(package, "Note"))["created"].read_only
    assert [f.json_name for f in model(package, "NoteRequest").fields] == ["text"]


def test_drf_patched_body_is_a_request_class_with_every_field_optional(
        tmp_path: Path) -> None:
    patched = obj(id={"type": "integer", "readOnly": True}, name=STRING)
    package = build(tmp_path, spec({"/items/{id}": {"patch": operation(
        "partial_update", parameters=[param("id", "path", INTEGER)],
        requestBody=json_body(ref("PatchedItem")), responses=returns(ref("Item")))}},
        {"Item": ITEM, "PatchedItem": patched}))
    body = op(package, "partial_update").body
    assert body is not None and not body.required
    assert body.type == t.Named("PatchedItem", "patched_item", MODEL)
    patched_model = model(package, "PatchedItem")
    assert patched_model.direction is Direction.WRITE
    assert [(f.json_name, f.required) for f in patched_model.fields] == [("name", False)]
    assert "PatchedItemRequest" not in models(package)


def test_a_model_in_a_parameter_is_written(tmp_path: Path) -> None:
    package = build(tmp_path, spec({"/s": {"get": operation("search", parameters=[
        {"name": "filter", "in": "query", "content": {"application/json": {
            "schema": ref("Item")}}}])}}, {"Item": ITEM}))
    assert op(package, "search").params[0].type == t.Named("Item", "item", MODEL)
    assert model(package, "Item").direction is Direction.WRITE


def test_an_unused_container_refers_to_a_response_class_that_exists(tmp_path: Path) -> None:
    """Item is only sent; Holder is used nowhere, so it is a response class, and the
    Item class it refers to must be a response class too."""
    package = build(tmp_path, item_spec(read=False, write=True,
                                        extra={"Holder": obj(item=ref("Item"))}))
    holder = model(package, "Holder")
    assert holder.direction is Direction.READ
    [item_field] = holder.fields
    assert isinstance(item_field.type, t.Named)
    assert model(package, item_field.type.name).direction is Direction.READ
    assert op(package, "create_item").body.type == t.Named("ItemRequest", "item", MODEL)
    assert_references_resolve(package)


def test_a_page_yields_response_items(tmp_path: Path) -> None:
    page = obj(("count", "results"), count=INTEGER,
               next={"type": "string", "nullable": True},
               results={"type": "array", "items": ref("Item")})
    package = build(tmp_path, spec({"/items": {
        "get": operation("list_items", parameters=[param("limit", schema=INTEGER),
                                                   param("offset", schema=INTEGER)],
                         responses=returns(ref("PaginatedItemList"))),
        "post": operation("create_item", requestBody=json_body(ref("Item")))}},
        {"Item": ITEM, "PaginatedItemList": page}))
    pagination = op(package, "list_items").pagination
    assert pagination is not None
    assert pagination.item == t.Named("Item", "item", MODEL)
    assert_references_resolve(package)
