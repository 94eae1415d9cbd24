"""Operations and their parameters, bodies and responses (`generator/model/operations.py`
and the operation part of `build.py`), read from the IR of small specs.

Parameter locations, required and explode defaults, which one is positional and the
signature order (from the path template, never from the `parameters` list), path-level
parameters and their overrides, headers the client sets itself, inline enums as
literals; body encodings and raw bodies; success and error responses; DRF limit/offset
pagination and when it is not detected; `path_parts` with their encoding; security and
the base URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.model import types as t
from generator.model.ir import Paginator, ParamLocation, PathParameter
from tests.model_specs import (
    INTEGER,
    NO_CONTENT,
    STRING,
    build,
    json_body,
    obj,
    op,
    operation,
    param,
    params,
    ref,
    returns,
    spec,
)

MODEL = t.ClassKind.MODEL


def one_operation(tmp_path: Path, path: str, method: str = "get", *,
                  schemas: dict[str, Any] | None = None, **details: Any) -> Any:
    package = build(tmp_path, spec({path: {method: operation("op", **details)}}, schemas))
    return op(package, "op")


def test_locations_required_and_explode_defaults(tmp_path: Path) -> None:
    found = params(one_operation(tmp_path, "/things/{id}", parameters=[
        param("id", "path", INTEGER),
        param("q", required=True),
        param("tags", schema={"type": "array", "items": STRING}),
        param("csv", schema={"type": "array", "items": STRING}, explode=False),
        param("X-Trace", "header"),
        param("session", "cookie"),
        param("filter", style="deepObject", schema=obj(a=STRING))]))
    assert {name: (p.location, p.required, p.explode) for name, p in found.items()} == {
        "id": (ParamLocation.PATH, True, False),
        "q": (ParamLocation.QUERY, True, True),
        "tags": (ParamLocation.QUERY, False, True),
        "csv": (ParamLocation.QUERY, False, False),
        "X-Trace": (ParamLocation.HEADER, False, False),
        "session": (ParamLocation.COOKIE, False, True),
        "filter": (ParamLocation.QUERY, False, False),
    }
    assert found["id"].type == t.INT
    assert found["tags"].type == t.ListOf(t.STR)


def test_a_path_parameter_is_required_even_when_the_spec_forgets_to_say(
        tmp_path: Path) -> None:
    found = one_operation(tmp_path, "/a/{id}", parameters=[
        {"name": "id", "in": "path", "schema": STRING}])
    assert params(found)["id"].required


def test_only_the_last_template_parameter_is_positional_whatever_the_list_order(
        tmp_path: Path) -> None:
    path = "/orgs/{org}/repos/{repo}/commits/{sha}"
    for order in (("sha", "org", "repo"), ("repo", "sha", "org"), ("org", "repo", "sha")):
        found = one_operation(tmp_path, path, parameters=[
            param("page", schema=INTEGER), param("q", required=True),
            *(param(name, "path") for name in order)])
        assert [(p.name, p.positional) for p in found.signature_params] == [
            ("sha", True), ("org", False), ("repo", False), ("q", False), ("page", False)]
        assert [p.json_name for p in found.params if p.location is ParamLocation.PATH] == [
            "org", "repo", "sha"]


def test_a_template_name_with_no_parameter_is_still_a_string_argument(tmp_path: Path) -> None:
    found = one_operation(tmp_path, "/a/{first}/b/{second}", parameters=[
        param("second", "path", INTEGER)])
    assert [(p.json_name, p.type, p.positional) for p in found.params] == [
        ("first", t.STR, False), ("second", t.INT, True)]


def test_path_level_parameters_apply_and_the_operation_overrides_them(tmp_path: Path) -> None:
    package = build(tmp_path, spec({"/items/{id}": {
        "parameters": [param("id", "path", INTEGER), param("expand")],
        "get": operation("get_item", parameters=[param("expand", schema={"type": "boolean"},
                                                       required=True)]),
        "delete": operation("delete_item")}}))
    get = params(op(package, "get_item"))
    assert (get["id"].type, get["expand"].type, get["expand"].required) == (
        t.INT, t.BOOL, True)
    delete = params(op(package, "delete_item"))
    assert (delete["expand"].type, delete["expand"].required) == (t.STR, False)


def test_headers_the_client_sets_itself_are_no_parameters(tmp_path: Path) -> None:
    found = one_operation(tmp_path, "/a", parameters=[
        param("Accept", "header"), param("content-type", "header"),
        param("Authorization", "header"), param("X-Request-Id", "header")])
    assert list(params(found)) == ["X-Request-Id"]


def test_a_parameter_without_schema_is_a_string_and_content_gives_its_schema(
        tmp_path: Path) -> None:
    found = params(one_operation(tmp_path, "/a", parameters=[
        {"name": "plain", "in": "query"},
        {"name": "ids", "in": "query",
         "content": {"application/json": {"schema": {"type": "array", "items": INTEGER}}}}]))
    assert found["plain"].type == t.STR
    assert found["ids"].type == t.ListOf(t.INT)


def test_an_inline_parameter_enum_is_a_literal_and_a_named_one_its_class(
        tmp_path: Path) -> None:
    found = params(one_operation(tmp_path, "/a", schemas={
        "Order": {"type": "string", "enum": ["asc", "desc"]}}, parameters=[
        param("ordering", schema={"type": "string", "enum": ["name", "-name"]}),
        param("level", schema={"type": "integer", "enum": [1, 2]}),
        param("order", schema=ref("Order"))]))
    assert found["ordering"].type == t.Literal(("name", "-name"))
    assert found["level"].type == t.Literal((1, 2))
    assert found["order"].type == t.Named("Order", "order", t.ClassKind.ENUM)


def test_json_body_offers_forms_too_and_leaves_other_media_types_out(tmp_path: Path) -> None:
    content = {media: {"schema": ref("Note")} for media in (
        "application/xml", "multipart/form-data", "application/x-www-form-urlencoded",
        "application/json")}
    body = one_operation(tmp_path, "/notes", "post", schemas={"Note": obj(text=STRING)},
                         requestBody={"required": True, "content": content,
                                      "description": "The note."}).body
    assert body.type == t.Named("Note", "note", MODEL)
    assert body.encodings == ("application/json", "application/x-www-form-urlencoded",
                              "multipart/form-data")
    assert body.required and body.description == "The note."


def test_a_body_holding_a_file_defaults_to_multipart(tmp_path: Path) -> None:
    """A file reaches DRF only as a multipart part: a body whose schema holds a
    `format: binary` string (through `$ref`, `allOf` and array items here) is sent as
    multipart unless the caller chooses, whatever the order the spec lists them in."""
    content = {media: {"schema": ref("Doc")} for media in (
        "application/json", "application/x-www-form-urlencoded", "multipart/form-data")}
    schemas = {"Doc": {"allOf": [ref("Base")], "properties": {"title": STRING}},
               "Base": obj(pages={"type": "array", "items": ref("Page")}),
               "Page": obj(scan={"type": "string", "format": "binary"})}
    body = one_operation(tmp_path, "/docs", "post", schemas=schemas,
                         requestBody={"content": content}).body
    assert body.encodings == ("multipart/form-data", "application/json",
                              "application/x-www-form-urlencoded")


def test_a_body_without_a_file_keeps_json_first(tmp_path: Path) -> None:
    content = {media: {"schema": ref("Doc")} for media in (
        "multipart/form-data", "application/json")}
    body = one_operation(tmp_path, "/docs", "post", schemas={"Doc": obj(
        title=STRING, at={"type": "string", "format": "date-time"})},
        requestBody={"content": content}).body
    assert body.encodings == ("application/json", "multipart/form-data")


def test_a_file_body_offered_without_multipart_keeps_the_usual_order(
        tmp_path: Path) -> None:
    content = {media: {"schema": obj(scan={"type": "string", "format": "binary"})}
               for media in ("application/x-www-form-urlencoded", "application/json")}
    body = one_operation(tmp_path, "/docs", "post", requestBody={"content": content}).body
    assert body.encodings == ("application/json", "application/x-www-form-urlencoded")


def test_a_vendor_json_body_is_json(tmp_path: Path) -> None:
    body = one_operation(tmp_path, "/a", "patch", requestBody={"content": {
        "application/merge-patch+json": {"schema": obj(a=STRING)}}}).body
    assert body.type == t.Named("OpBody", "op_body", MODEL)
    assert body.encodings == ("application/merge-patch+json",)
    assert not body.required


def test_a_body_that_is_neither_json_nor_a_form_is_sent_as_it_is(tmp_path: Path) -> None:
    body = one_operation(tmp_path, "/upload", "put", requestBody={"content": {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        "text/plain": {"schema": STRING}}}).body
    assert (body.type, body.encodings) == (t.FILE, ("application/octet-stream",))


def test_a_form_without_a_schema_is_a_mapping(tmp_path: Path) -> None:
    body = one_operation(tmp_path, "/f", "post", requestBody={"content": {
        "application/x-www-form-urlencoded": {}}}).body
    assert body.type == t.MapOf(t.ANY)


def test_multipart_binary_fields_are_files(tmp_path: Path) -> None:
    package = build(tmp_path, spec({"/u": {"post": operation("upload", requestBody={
        "content": {"multipart/form-data": {"schema": ref("Upload1")}}})}},
        {"Upload1": obj(("file",), file={"type": "string", "format": "binary"},
                        note=STRING)}))
    body = op(package, "upload").body
    assert body.encodings == ("multipart/form-data",)
    [module] = package.modules
    [upload] = module.models
    assert [(f.json_name, f.type, f.required) for f in upload.fields] == [
        ("file", t.FILE, True), ("note", t.STR, False)]


def test_responses_split_into_success_and_errors(tmp_path: Path) -> None:
    found = one_operation(tmp_path, "/a", schemas={"Item": obj(a=STRING)}, responses={
        "200": {"description": "ok", **json_body(ref("Item"))},
        "201": {"description": "made", **json_body(ref("Item"))},
        "204": {"description": "nothing"},
        "2XX": {"description": "other", "content": {"text/csv": {}}},
        "404": {"description": "missing", "content": {
            "application/problem+json": {"schema": obj(detail=STRING)}}},
        "default": {"description": "else", **json_body({"type": "object",
                                                        "additionalProperties": STRING})}})
    item = t.Named("Item", "item", MODEL)
    assert [(r.status, r.type, r.description) for r in found.responses] == [
        ("200", item, "ok"), ("201", item, "made"), ("204", None, "nothing"),
        ("2XX", t.FILE, "other")]
    assert found.returns == (item, t.FILE, None)
    assert [r.status for r in found.errors] == ["404", "DEFAULT"]
    error = found.errors[0].type
    assert isinstance(error, t.Named) and error.name == "OpErrorStatus404"
    assert found.errors[1].type == t.MapOf(t.STR)


def test_json_without_a_schema_is_any_and_json_preferred_to_other_media(
        tmp_path: Path) -> None:
    found = one_operation(tmp_path, "/a", responses={
        "200": {"description": "", "content": {"text/html": {"schema": STRING},
                                               "application/json": {}}}})
    assert found.responses[0].type == t.ANY


def test_a_null_response_schema_is_no_body(tmp_path: Path) -> None:
    found = one_operation(tmp_path, "/a", responses=returns({"enum": [None]}))
    assert found.returns_nothing


def page_spec(*, query: tuple[str, ...] = ("limit", "offset"), status: str = "200",
              page: dict[str, Any] | None = None, extra_response: bool = False) -> Any:
    default_page = obj(("count", "results"), count=INTEGER,
                       next={"type": "string", "nullable": True, "format": "uri"},
                       previous={"type": "string", "nullable": True},
                       results={"type": "array", "items": ref("Item")})
    responses = returns(ref("Page"), status)
    if extra_response:
        responses.update(returns(ref("Item"), "203"))
    return spec({"/items": {"get": operation(
        "list_items", parameters=[param(name, schema=INTEGER) for name in query],
        responses=responses)}}, {"Item": obj(name=STRING), "Page": page or default_page})


def test_drf_limit_offset_pages_are_detected(tmp_path: Path) -> None:
    pagination = op(build(tmp_path, page_spec()), "list_items").pagination
    assert pagination is not None
    assert pagination.item == t.Named("Item", "item", MODEL)
    assert pagination.paginator is Paginator.LIMIT_OFFSET
    assert (pagination.start_param, pagination.size_param) == ("offset", "limit")


@pytest.mark.parametrize("variant", [
    {"query": ("limit",)},
    {"query": ()},
    {"status": "201"},
    {"extra_response": True},
    {"page": obj(results={"type": "array", "items": ref("Item")})},  # no `next`
    {"page": obj(next=STRING, results=ref("Item"))},  # results no list
])
def test_what_is_not_a_limit_offset_page(tmp_path: Path, variant: dict[str, Any]) -> None:
    assert op(build(tmp_path, page_spec(**variant)), "list_items").pagination is None


def test_path_parts_encode_literal_text_and_name_the_arguments(tmp_path: Path) -> None:
    found = one_operation(tmp_path, "/files/{item-id}/./my files/{name}.{ext}", parameters=[
        param("item-id", "path"), param("name", "path"), param("ext", "path")])
    assert found.path_parts == ("/files/", PathParameter("item_id"), "/%2E/my%20files/",
                                PathParameter("name"), ".", PathParameter("ext"))
    assert found.path == "/files/{item-id}/./my files/{name}.{ext}"


def test_path_parts_of_a_path_without_parameters(tmp_path: Path) -> None:
    assert one_operation(tmp_path, "/a/b/").path_parts == ("/a/b/",)


def test_operation_metadata(tmp_path: Path) -> None:
    found = one_operation(tmp_path, "/a", "delete", summary="Remove it.",
                          description="Gone for good.", deprecated=True)
    assert (found.method, found.summary, found.description, found.deprecated) == (
        "DELETE", "Remove it.", "Gone for good.", True)


def test_operations_are_grouped_by_first_tag_and_default_when_untagged(
        tmp_path: Path) -> None:
    package = build(tmp_path, spec({
        "/a": {"get": {"operationId": "a", "tags": ["Sales Orders", "other"],
                       "responses": NO_CONTENT}},
        "/b": {"get": operation("b")}}, tags=[{"name": "Sales Orders",
                                               "description": "Orders sold."}]))
    assert [(g.tag, g.name, g.module, g.description, [o.name for o in g.operations])
            for g in package.groups] == [
        ("default", "DefaultApi", "default", None, ["b"]),
        ("Sales Orders", "SalesOrdersApi", "sales_orders", "Orders sold.", ["a"])]


def test_the_base_url_from_server_variables(tmp_path: Path) -> None:
    package = build(tmp_path, spec(
        {"/a": {"get": operation("a")}},
        servers=[{"url": "https://{host}/api/{version}/",
                  "variables": {"host": {"default": "x.test"},
                                "version": {"default": "v2"}}}]))
    assert package.base_url == "https://x.test/api/v2"
