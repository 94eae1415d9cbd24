"""Names the model stage decides (`generator/model/names.py`, `reserved.py`, and how
`build.py` applies them), read from the IR of small specs.

Class names (schemas named like Python constants, keywords or the client's own exports,
non-ASCII names), module names (shadowing nothing, recursive schemas merged into one
module, names too long for a file), field, parameter, operation, group and enum member
names (keywords, soft keywords, names the generated code uses, leading digits), and
collisions numbered in a stable order that does not depend on the order of the spec
(docs/naming.md: "in a stable order (sorted by the spec's names)").
"""

from __future__ import annotations

import keyword
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import GenerationError
from generator.model import reserved
from generator.model import types as t
from tests.model_specs import (
    STRING,
    assert_references_resolve,
    build,
    enums,
    field_type,
    fields,
    model,
    models,
    module_of,
    obj,
    op,
    operation,
    operations,
    param,
    ref,
    returns,
    spec,
)

MODEL = t.ClassKind.MODEL
SIMPLE = obj(a=STRING)


def class_and_module(tmp_path: Path, schema_names: list[str]) -> dict[str, tuple[str, str]]:
    """Schema name -> (class name, module) for components of those names."""
    package = build(tmp_path, spec(schemas={
        "Holder": obj(**{f"f{index}": ref(name) for index, name in enumerate(schema_names)}),
        **{name: SIMPLE for name in schema_names}}))
    holder = model(package, "Holder")
    found: dict[str, tuple[str, str]] = {}
    for index, name in enumerate(schema_names):
        cls = fields(holder)[f"f{index}"].type
        assert isinstance(cls, t.Named)
        found[name] = (cls.name, cls.module)
    assert_references_resolve(package)
    return found


def test_schema_names_python_or_the_client_already_uses_get_a_number(tmp_path: Path) -> None:
    found = class_and_module(tmp_path, ["None", "True", "Exception", "Client", "Upload",
                                        "Any", "Decimal", "Unset"])
    assert found == {
        "None": ("None2", "none2"), "True": ("True2", "true2"),
        "Exception": ("Exception2", "exception2"), "Client": ("Client2", "client2"),
        "Upload": ("Upload2", "upload2"), "Any": ("Any2", "any2"),
        "Decimal": ("Decimal2", "decimal2"), "Unset": ("Unset2", "unset2")}
    for name, _ in found.values():
        assert name not in reserved.CLASS_NAMES


def test_lower_case_and_keyword_schema_names_become_class_names(tmp_path: Path) -> None:
    found = class_and_module(tmp_path, ["class", "sales_order", "list", "import",
                                        "Source24dEnum", "HTTPServer"])
    assert found == {
        "class": ("Class", "class_"), "sales_order": ("SalesOrder", "sales_order"),
        "list": ("List", "list_"), "import": ("Import", "import_"),
        "Source24dEnum": ("Source24dEnum", "source24_d_enum"),
        "HTTPServer": ("HTTPServer", "http_server")}


def test_non_ascii_schema_names_are_ascii_identifiers(tmp_path: Path) -> None:
    found = class_and_module(tmp_path, ["Über", "日本", "中国"])
    assert found["Über"] == ("Uber", "uber")
    # Nothing left to spell: the fallback, numbered, one class and module each.
    assert sorted(found[name] for name in ("日本", "中国")) == [
        ("Model", "model"), ("Model2", "model2")]
    for name, module in found.values():
        assert name.isascii() and name.isidentifier()
        assert module.isascii() and module.isidentifier()


def test_colliding_class_names_are_numbered_the_same_whatever_the_schema_order(
        tmp_path: Path) -> None:
    names = ["foo", "Foo", "foo_bar", "FooBar", "foo-bar"]
    first = class_and_module(tmp_path, names)
    second = class_and_module(tmp_path, list(reversed(names)))
    assert first == second
    assert sorted(first.values()) == [("Foo", "foo"), ("Foo2", "foo2"),
                                      ("FooBar", "foo_bar"), ("FooBar2", "foo_bar2"),
                                      ("FooBar3", "foo_bar3")]
    assert first["Foo"] == ("Foo", "foo")  # the name that needs no change keeps it
    assert first["FooBar"] == ("FooBar", "foo_bar")


def test_a_component_keeps_its_name_over_an_inline_schema_named_after_its_place(
        tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={
        "Owner": obj(pet=obj(name=STRING), status={"type": "string", "enum": ["a", "b"]}),
        "OwnerPet": obj(id={"type": "integer"}),
        "OwnerStatusEnum": {"type": "string", "enum": ["x"]}}))
    assert [f.json_name for f in model(package, "OwnerPet").fields] == ["id"]
    assert [m.value for m in enums(package)["OwnerStatusEnum"].members] == ["x"]
    # The inline ones are numbered instead.
    assert [f.json_name for f in model(package, "OwnerPet2").fields] == ["name"]
    assert [m.value for m in enums(package)["OwnerStatusEnum2"].members] == ["a", "b"]
    assert field_type(package, "Owner", "pet") == t.Named("OwnerPet2", "owner", MODEL)


def test_a_component_keeps_its_name_over_a_request_class(tmp_path: Path) -> None:
    """`ARequest`, the request class of `A` (which has a read-only field), is a name the
    generator composes: the component `ARequest` keeps its own."""
    a = obj(id={"type": "integer", "readOnly": True}, name=STRING)
    package = build(tmp_path, spec({"/a": {"post": operation(
        "a", requestBody={"content": {"application/json": {"schema": ref("A")}}},
        responses=returns(ref("A")))}}, {"A": a, "ARequest": obj(other=STRING)}))
    assert [f.json_name for f in model(package, "ARequest").fields] == ["other"]
    assert [f.json_name for f in model(package, "ARequest2").fields] == ["name"]
    body = op(package, "a").body
    assert body is not None and body.type == t.Named("ARequest2", "a", MODEL)


def test_modules_of_schemas_without_a_class_of_their_own_are_numbered_by_schema(
        tmp_path: Path) -> None:
    """A union of inline objects has no class of its own: its options go to a module
    named after the fallback `Model`, numbered in the order of the schemas' places (it
    was the order of a set, which changes from one run to the next)."""
    def modules(names: list[str]) -> dict[str, str]:
        package = build(tmp_path, spec(schemas={
            name: {"oneOf": [obj(a=STRING), obj(b=STRING)]} for name in names}))
        return {cls: module.name for module in package.modules for cls in module.class_names}

    names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    expected = {f"{name}Option{n}": "model" if index == 0 else f"model_{index + 1}"
                for index, name in enumerate(names) for n in (1, 2)}
    assert modules(names) == expected
    assert modules(list(reversed(names))) == expected


def test_inline_classes_are_named_after_their_place(tmp_path: Path) -> None:
    package = build(tmp_path, spec({"/orders": {"post": operation(
        "create_order", requestBody={"content": {"application/json": {"schema": obj(
            lines={"type": "array", "items": obj(sku=STRING)},
            meta={"type": "object", "additionalProperties": obj(v=STRING)})}}},
        responses=returns(obj(id=STRING), "201"))}}))
    assert set(models(package)) == {"CreateOrderBody", "CreateOrderBodyLinesItem",
                                    "CreateOrderBodyMetaValue", "CreateOrderResponse"}
    assert module_of(package, "CreateOrderBodyLinesItem") == "create_order_body"


def test_recursive_schemas_share_one_module(tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={
        "Node": obj(parent=ref("Node"), children={"type": "array", "items": ref("Node")}),
        "Ping": obj(pong=ref("Pong")), "Pong": obj(ping=ref("Ping")),
        "Start": obj(first=ref("C1")), "C1": obj(next=ref("C2")), "C2": obj(next=ref("C3")),
        "C3": obj(back={"type": "object", "additionalProperties": ref("C1")}),
        "Leaf": obj(a=STRING), "User": obj(leaf=ref("Leaf"))}))
    by_module = {m.name: m.class_names for m in package.modules}
    assert by_module == {
        "c1": ("C1", "C2", "C3"), "leaf": ("Leaf",), "node": ("Node",),
        "ping": ("Ping", "Pong"), "start": ("Start",), "user": ("User",)}
    assert field_type(package, "Ping", "pong") == t.Named("Pong", "ping", MODEL)
    assert_references_resolve(package)


def test_a_cycle_through_request_classes_merges_their_modules_too(tmp_path: Path) -> None:
    a = obj(id={"type": "integer", "readOnly": True}, b=ref("B"))
    package = build(tmp_path, spec({"/a": {"post": operation(
        "a", requestBody={"content": {"application/json": {"schema": ref("A")}}},
        responses=returns(ref("A")))}}, {"A": a, "B": obj(a=ref("A"))}))
    assert {m.name: m.class_names for m in package.modules} == {
        "a": ("A", "ARequest", "B", "BRequest")}
    assert field_type(package, "BRequest", "a") == t.Named("ARequest", "a", MODEL)


def test_a_schema_name_too_long_for_a_file_is_an_error_naming_it(tmp_path: Path) -> None:
    name = "A" * 250
    with pytest.raises(GenerationError) as raised:
        build(tmp_path, spec(schemas={name: SIMPLE}))
    [problem] = raised.value.diagnostics
    assert problem.pointer == f"/components/schemas/{name}"
    assert "name too long for a module file" in problem.message


def test_a_composed_name_too_long_for_a_file_is_cut_with_a_stable_hash(
        tmp_path: Path) -> None:
    document = spec({"/a": {"post": operation("x" * 250, requestBody={"content": {
        "application/json": {"schema": SIMPLE}}})}})
    first, second = build(tmp_path, document), build(tmp_path, document)
    [module] = [m.name for m in first.modules]
    assert len(module) <= 200 and module.startswith("x" * 100)
    assert [m.name for m in second.modules] == [module]


def field_names(tmp_path: Path, json_names: list[str]) -> dict[str, str]:
    package = build(tmp_path, spec(schemas={"M": obj(**{n: STRING for n in json_names})}))
    return {f.json_name: f.name for f in model(package, "M").fields}


def test_field_names_avoid_keywords_and_what_the_generated_code_uses(tmp_path: Path) -> None:
    found = field_names(tmp_path, ["class", "from", "None", "type", "match", "self", "str",
                                   "datetime", "field", "rt", "createdAt", "X-Rate-Limit",
                                   "1st", "$ref", "id"])
    assert found == {
        "class": "class_", "from": "from_", "None": "none", "type": "type_",
        "match": "match_", "self": "self_", "str": "str_", "datetime": "datetime_",
        "field": "field_", "rt": "rt_", "createdAt": "created_at",
        "X-Rate-Limit": "x_rate_limit", "1st": "field_1_st", "$ref": "ref", "id": "id"}


def test_field_names_never_take_a_model_attribute(tmp_path: Path) -> None:
    found = field_names(tmp_path, sorted(reserved.MODEL_ATTRIBUTES))
    for json_name, name in found.items():
        assert name not in reserved.MODEL_ATTRIBUTES
        assert name.startswith(json_name)
    assert len(set(found.values())) == len(found)


def test_non_ascii_field_names_are_ascii(tmp_path: Path) -> None:
    found = field_names(tmp_path, ["über", "naïve", "名前", ""])
    assert found["über"] == "uber" and found["naïve"] == "naive"
    # Nothing left to spell: the fallback (itself taken by the generated code), numbered
    # in the order of the JSON names.
    assert (found[""], found["名前"]) == ("field_", "field_2")


def test_colliding_field_names_are_all_kept_and_numbered(tmp_path: Path) -> None:
    found = field_names(tmp_path, ["fooBar", "foo_bar", "foo-bar"])
    assert sorted(found.values()) == ["foo_bar", "foo_bar_2", "foo_bar_3"]


def test_colliding_field_names_do_not_depend_on_property_order(tmp_path: Path) -> None:
    assert field_names(tmp_path, ["fooBar", "foo_bar"]) == \
        field_names(tmp_path, ["foo_bar", "fooBar"])
    # The JSON name spelled as the field is keeps it.
    assert field_names(tmp_path, ["fooBar", "foo_bar"]) == {
        "foo_bar": "foo_bar", "fooBar": "foo_bar_2"}


def test_a_name_that_collides_with_none_is_never_numbered(tmp_path: Path) -> None:
    """`foo_2` collides with no other JSON name: it keeps its name, and the numbered
    `foo` and `Foo` go around it, whatever the order."""
    for order in (["foo_2", "foo", "Foo"], ["Foo", "foo", "foo_2"]):
        assert field_names(tmp_path, order) == {"foo_2": "foo_2", "foo": "foo",
                                                "Foo": "foo_3"}


def param_names(tmp_path: Path, parameters: list[dict[str, Any]],
                path: str = "/a") -> dict[tuple[str, str], str]:
    found = op(build(tmp_path, spec({path: {"get": operation("op", parameters=parameters)}})),
               "op")
    return {(p.location.value, p.json_name): p.name for p in found.params}


def test_parameter_names_avoid_the_arguments_every_call_takes(tmp_path: Path) -> None:
    found = param_names(tmp_path, [
        param("body"), param("content_type", "header"), param("response"),
        param("self"), param("from"), param("X-Request-ID", "header"),
        param("next_offset")])
    assert found == {
        ("query", "body"): "body_query", ("header", "content_type"): "content_type_header",
        ("query", "response"): "response_query", ("query", "self"): "self_",
        ("query", "from"): "from_", ("header", "X-Request-ID"): "x_request_id",
        ("query", "next_offset"): "next_offset_query"}


def test_a_path_parameter_keeps_its_name_over_a_query_parameter(tmp_path: Path) -> None:
    found = param_names(tmp_path, [param("id"), param("id", "path")], path="/a/{id}")
    assert found == {("path", "id"): "id", ("query", "id"): "id_query"}


def test_colliding_parameter_names_do_not_depend_on_list_order(tmp_path: Path) -> None:
    first = param_names(tmp_path, [param("page-size"), param("page_size")])
    second = param_names(tmp_path, [param("page_size"), param("page-size")])
    assert first == second == {("query", "page_size"): "page_size",
                               ("query", "page-size"): "page_size_query"}


def test_a_query_parameter_keeps_its_name_over_a_header_or_cookie(tmp_path: Path) -> None:
    expected = {("query", "id"): "id", ("header", "id"): "id_header",
                ("cookie", "id"): "id_cookie"}
    assert param_names(tmp_path, [param("id", "cookie"), param("id", "header"),
                                  param("id")]) == expected
    assert param_names(tmp_path, [param("id"), param("id", "header"),
                                  param("id", "cookie")]) == expected


def test_operation_names_avoid_group_attributes_and_each_others_iterators(
        tmp_path: Path) -> None:
    package = build(tmp_path, spec({
        "/a": {"get": operation("with_response")},
        "/b": {"get": operation("listItems"), "post": operation("list_items_iter")},
        "/c/{id}": {"delete": {"responses": {"204": {"description": ""}}}}}))
    names = {o.operation_id: o.name for o in operations(package).values()}
    assert names == {"with_response": "with_response_2", "listItems": "list_items",
                     "list_items_iter": "list_items_iter_2",
                     "delete_/c/{id}": "delete_c_id"}


def test_colliding_operation_names_do_not_depend_on_path_order(tmp_path: Path) -> None:
    def names(order: list[str]) -> dict[str, str]:
        ids = {"/a": "listItems", "/b": "list_items"}
        package = build(tmp_path, spec({path: {"get": operation(ids[path])}
                                        for path in order}))
        return {o.operation_id: o.name for o in operations(package).values()}

    assert names(["/a", "/b"]) == names(["/b", "/a"]) == {
        "list_items": "list_items", "listItems": "list_items_2"}


def test_group_names_avoid_model_classes_and_client_attributes(tmp_path: Path) -> None:
    package = build(tmp_path, spec({
        "/a": {"get": operation("a", tag="items")},
        "/b": {"get": operation("b", tag="send")},
        "/c": {"get": operation("c", tag="things")}},
        {"ItemsApi": SIMPLE, "AsyncThingsApi": SIMPLE}))
    assert [(g.tag, g.name, g.module) for g in package.groups] == [
        ("items", "ItemsApi2", "items"), ("send", "SendApi", "send_2"),
        ("things", "ThingsApi2", "things")]


def test_colliding_group_names_do_not_depend_on_path_order(tmp_path: Path) -> None:
    def groups(order: list[str]) -> dict[str, tuple[str, str]]:
        package = build(tmp_path, spec({f"/{tag}": {"get": operation(f"op_{tag}", tag=tag)}
                                        for tag in order}))
        return {g.tag: (g.name, g.module) for g in package.groups}

    assert groups(["Items", "items"]) == groups(["items", "Items"]) == {
        "Items": ("ItemsApi", "items"), "items": ("ItemsApi2", "items_2")}


def member_names(tmp_path: Path, values: list[Any], kind: str = "string") -> dict[Any, str]:
    package = build(tmp_path, spec(schemas={"E": {"type": kind, "enum": values}}))
    return {m.value: m.name for m in enums(package)["E"].members}


def test_enum_member_names(tmp_path: Path) -> None:
    assert member_names(tmp_path, ["-created", "created", "", "in_progress", "1st", "class",
                                   "None", "über", "名前"]) == {
        "-created": "MINUS_CREATED", "created": "CREATED", "": "BLANK",
        "in_progress": "IN_PROGRESS", "1st": "VALUE_1_ST", "class": "CLASS", "None": "NONE",
        "über": "UBER", "名前": "VALUE"}
    assert member_names(tmp_path, [1, -1, 20], "integer") == {
        1: "VALUE_1", -1: "MINUS_1", 20: "VALUE_20"}


def test_colliding_enum_member_names_do_not_depend_on_value_order(tmp_path: Path) -> None:
    assert member_names(tmp_path, ["a-b", "a_b"]) == member_names(tmp_path, ["a_b", "a-b"]) \
        == {"a_b": "A_B", "a-b": "A_B_2"}
    assert member_names(tmp_path, ["class", "CLASS"]) == {"CLASS": "CLASS", "class": "CLASS_2"}


def test_the_class_of_a_default_response_reads_as_a_class_name(tmp_path: Path) -> None:
    package = build(tmp_path, spec({"/a": {"get": operation("get_a", responses={
        "default": {"description": "", "content": {"application/json": {
            "schema": obj(detail=STRING)}}}})}}))
    assert set(models(package)) == {"GetAErrorDefault"}
    # Its place is the response's own key (the status is upper-cased only in the IR).
    assert model(package, "GetAErrorDefault").schema == \
        "/paths/~1a/get/responses/default/content/application~1json/schema"
    assert [e.status for e in op(package, "get_a").errors] == ["DEFAULT"]


def test_every_generated_name_is_an_identifier_and_no_keyword(tmp_path: Path) -> None:
    odd = ["class", "None", "", "1", "日本", "a b", "-", "match", "self"]
    package = build(tmp_path, spec(
        {"/x/{class}": {"get": operation("import", tag="def", parameters=[
            param("class", "path"), *(param(n) for n in odd if n)])}},
        {"def": obj(**{n: {"type": "string", "enum": odd} for n in odd})}))
    found = [m.name for m in package.modules]
    found += [c for m in package.modules for c in m.class_names]
    found += [f.name for m in models(package).values() for f in m.fields]
    found += [mem.name for e in enums(package).values() for mem in e.members]
    found += [g.name for g in package.groups] + [g.module for g in package.groups]
    found += [o.name for o in operations(package).values()]
    found += [p.name for o in operations(package).values() for p in o.params]
    assert found
    for name in found:
        assert name.isascii() and name.isidentifier() and not keyword.iskeyword(name), name
    class_params = {p.location.value: p.name for p in op(package, "import").params
                    if p.json_name == "class"}
    assert class_params["path"] == "class_"
    assert class_params["query"] not in ("class", "class_")
    assert_references_resolve(package)
