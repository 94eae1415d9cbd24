"""`campfire-codegen diff OLD NEW` and the API changes `generate` reports.

One small hand-written pair of specs per kind of change, each with the exact set of changes
expected (nothing missing, nothing extra); then the real Campfire pair, cross-checked
against an independent walk of the raw JSON.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.diff.changes import KINDS
from generator.model.names import pascal, snake
from tests.conftest import SHARED, require_shared

Spec = dict[str, Any]
Mutation = Callable[[Spec], None]
PET = {"$ref": "#/components/schemas/Pet"}
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def json_response(schema: object, description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def base() -> Spec:
    """A small pet shop: list, create, read and delete pets; Pet has a read-only id, so
    it is two classes (Pet in responses, PetRequest in requests)."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1"},
        "servers": [{"url": "https://shop.example.test"}],
        "security": [{"key": []}],
        "paths": {
            "/pets": {
                "get": {"operationId": "list_pets", "tags": ["pets"],
                        "parameters": [{"name": "limit", "in": "query",
                                        "schema": {"type": "integer"}}],
                        "responses": {"200": json_response({"type": "array", "items": PET})}},
                "post": {"operationId": "create_pet", "tags": ["pets"],
                         "requestBody": {"required": True, "content": {
                             "application/json": {"schema": PET},
                             "application/x-www-form-urlencoded": {"schema": PET}}},
                         "responses": {"201": json_response(PET)}},
            },
            "/pets/{id}": {
                "get": {"operationId": "get_pet", "tags": ["pets"], "parameters": [ID],
                        "responses": {"200": json_response(PET)}},
                "delete": {"operationId": "delete_pet", "tags": ["pets"], "parameters": [ID],
                           "responses": {"204": {"description": "gone"}}},
            },
        },
        "components": {
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
            "schemas": {
                "Pet": {"type": "object", "required": ["id", "name"], "properties": {
                    "id": {"type": "integer", "readOnly": True},
                    "name": {"type": "string"},
                    "tag": {"type": "string"},
                    "status": {"$ref": "#/components/schemas/StatusEnum"},
                    "owner": {"$ref": "#/components/schemas/Owner"}}},
                "Owner": {"type": "object", "properties": {"email": {"type": "string"}}},
                "StatusEnum": {"type": "string", "enum": ["available", "sold"]},
            },
        },
    }


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}


def op(spec: Spec, path: str, method: str) -> dict[str, Any]:
    result: dict[str, Any] = spec["paths"][path][method]
    return result


def props(spec: Spec, name: str = "Pet") -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"][name]["properties"]
    return result


def limit(spec: Spec) -> dict[str, Any]:
    result: dict[str, Any] = op(spec, "/pets", "get")["parameters"][0]
    return result


def paginate(spec: Spec) -> None:
    """list_pets becomes a DRF limit/offset page of pets."""
    spec["components"]["schemas"]["PaginatedPetList"] = {
        "type": "object", "required": ["count", "results"], "properties": {
            "count": {"type": "integer"},
            "next": {"type": "string", "nullable": True},
            "previous": {"type": "string", "nullable": True},
            "results": {"type": "array", "items": PET}}}
    listing = op(spec, "/pets", "get")
    listing["parameters"].append({"name": "offset", "in": "query", "schema": {"type": "integer"}})
    listing["responses"]["200"] = json_response(
        {"$ref": "#/components/schemas/PaginatedPetList"})


def rename_owner(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    schemas["Person"] = schemas.pop("Owner")
    props(spec)["owner"] = {"$ref": "#/components/schemas/Person"}


def remove_owner(spec: Spec) -> None:
    del spec["components"]["schemas"]["Owner"]
    del props(spec)["owner"]


def paginate_without_offset(spec: Spec) -> None:
    paginate(spec)
    op(spec, "/pets", "get")["parameters"].pop()


def add_colliding_header(spec: Spec) -> None:
    """A header `x_trace` before the query `X-Trace`: the header takes the name `x_trace`."""
    limit(spec)["name"] = "X-Trace"
    op(spec, "/pets", "get")["parameters"].insert(
        0, {"name": "x_trace", "in": "header", "schema": {"type": "string"}})


def add_required_colour(spec: Spec) -> None:
    props(spec)["colour"] = {"type": "string"}
    spec["components"]["schemas"]["Pet"]["required"].append("colour")


def remove_auth(spec: Spec) -> None:
    del spec["security"]
    del spec["components"]["securitySchemes"]


def owned_pet(template: str) -> Mutation:
    """Adds get_owned_pet at `template`, a path with the parameters `owner` and `pet`."""
    def change(spec: Spec) -> None:
        spec["paths"][template] = {"get": {
            "operationId": "get_owned_pet", "tags": ["pets"],
            "parameters": [{"name": name, "in": "path", "required": True,
                            "schema": {"type": "string"}} for name in ("owner", "pet")],
            "responses": {"200": json_response(PET)}}}
    return change


def _set(getter: Callable[[Spec], dict[str, Any]], key: str, value: object) -> Mutation:
    return lambda spec: getter(spec).__setitem__(key, value)


def _nothing(spec: Spec) -> None:
    return None


LIST, CREATE = "client.pets.list_pets", "client.pets.create_pet"
LIVE = {"url": "https://live.test", "description": "Live"}
TEST = {"url": "https://test.test", "description": "Test"}
STAGING = {"url": "https://staging.test", "description": "Staging"}
REGION = {"url": "https://{region}.live.test", "variables": {
    "region": {"default": "eu", "enum": ["eu", "us"]}}}


def _servers(*servers: dict[str, Any]) -> Mutation:
    return lambda spec: spec.__setitem__("servers", list(servers))

# id -> (change to the old spec, change to the new spec, expected (kind, breaking, subject))
CASES: dict[str, tuple[Mutation, Mutation, set[tuple[str, bool, str]]]] = {
    "operation-added": (_nothing, lambda s: s["paths"]["/pets/{id}"].__setitem__("put", {
        "operationId": "replace_pet", "tags": ["pets"], "parameters": [ID],
        "requestBody": {"required": True, "content": {"application/json": {"schema": PET}}},
        "responses": {"200": json_response(PET)}}),
        {("operation-added", False, "client.pets.replace_pet")}),
    "operation-removed": (_nothing, lambda s: s["paths"]["/pets/{id}"].pop("delete"),
                          {("operation-removed", True, "client.pets.delete_pet")}),
    "operation-renamed": (_nothing, _set(lambda s: op(s, "/pets/{id}", "get"), "operationId",
                                         "fetch_pet"),
                          {("operation-renamed", True, "client.pets.get_pet")}),
    "operation-deprecated": (_nothing, _set(lambda s: op(s, "/pets/{id}", "get"), "deprecated",
                                            True),
                             {("operation-deprecated", False, "client.pets.get_pet")}),
    "parameter-added-optional": (
        _nothing, lambda s: op(s, "/pets", "get")["parameters"].append(
            {"name": "q", "in": "query", "schema": {"type": "string"}}),
        {("parameter-added", False, f"{LIST}(q)")}),
    "parameter-added-required": (
        _nothing, lambda s: op(s, "/pets", "get")["parameters"].append(
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}),
        {("parameter-added", True, f"{LIST}(q)")}),
    "parameter-removed": (_nothing, lambda s: op(s, "/pets", "get")["parameters"].clear(),
                          {("parameter-removed", True, f"{LIST}(limit)")}),
    "parameter-required": (_nothing, _set(limit, "required", True),
                           {("parameter-required", True, f"{LIST}(limit)")}),
    "parameter-optional": (_set(limit, "required", True), _nothing,
                           {("parameter-optional", False, f"{LIST}(limit)")}),
    "parameter-type-changed": (_nothing, _set(limit, "schema", {"type": "string"}),
                               {("parameter-type-changed", True, f"{LIST}(limit)")}),
    "parameter-type-widened": (
        _set(limit, "schema", {"type": "string", "enum": ["a", "b"]}),
        _set(limit, "schema", {"type": "string", "enum": ["a", "b", "c"]}),
        {("parameter-type-changed", False, f"{LIST}(limit)")}),
    # Only the template's last path parameter is positional: here `pet`, then `owner`.
    "parameter-position-changed": (
        owned_pet("/owners/{owner}/pets/{pet}"), owned_pet("/pets/{pet}/owners/{owner}"),
        {("operation-path-changed", False, "client.pets.get_owned_pet"),
         ("parameter-position-changed", True, "client.pets.get_owned_pet(pet)"),
         ("parameter-positional", False, "client.pets.get_owned_pet(owner)")}),
    "parameters-reordered": (  # the order of `parameters` is no change at all
        lambda s: op(s, "/pets", "get")["parameters"].append(
            {"name": "q", "in": "query", "schema": {"type": "string"}}),
        lambda s: op(s, "/pets", "get")["parameters"].insert(
            0, {"name": "q", "in": "query", "schema": {"type": "string"}}),
        set()),
    "parameter-renamed": (
        _set(limit, "name", "X-Trace"), add_colliding_header,
        {("parameter-renamed", True, f"{LIST}(x_trace_query)"),
         ("parameter-added", False, f"{LIST}(x_trace)")}),
    "body-made-required": (
        _set(lambda s: op(s, "/pets", "post")["requestBody"], "required", False), _nothing,
        {("parameter-required", True, f"{CREATE}(body)")}),
    "content-type-removed": (
        _nothing, lambda s: op(s, "/pets", "post")["requestBody"]["content"].pop(
            "application/x-www-form-urlencoded"),
        {("content-type-removed", True, CREATE)}),
    "content-type-added": (
        _nothing, _set(lambda s: op(s, "/pets", "post")["requestBody"]["content"],
                       "multipart/form-data", {"schema": PET}),
        {("content-type-added", False, CREATE)}),
    "response-type-changed": (
        _nothing, lambda s: op(s, "/pets/{id}", "delete").__setitem__(
            "responses", {"200": json_response(PET)}),
        {("response-type-changed", True, "client.pets.delete_pet")}),
    "pagination-added": (
        _nothing, paginate,
        {("pagination-added", False, f"{LIST}_iter"),
         ("parameter-added", False, f"{LIST}(offset)"),
         ("response-type-changed", True, LIST),
         ("model-added", False, "PaginatedPetList")}),
    "pagination-removed": (
        paginate, paginate_without_offset,
        {("pagination-removed", True, f"{LIST}_iter"),
         ("parameter-removed", True, f"{LIST}(offset)")}),
    "request-field-added-required": (
        _nothing, add_required_colour,
        {("field-added", False, "Pet.colour"), ("field-added", True, "PetRequest.colour")}),
    "field-added-optional": (
        _nothing, _set(props, "colour", {"type": "string"}),
        {("field-added", False, "Pet.colour"), ("field-added", False, "PetRequest.colour")}),
    "field-removed": (_nothing, lambda s: props(s).pop("tag"),
                      {("field-removed", True, "Pet.tag"), ("field-removed", True,
                                                            "PetRequest.tag")}),
    "response-field-removed": (
        _set(props, "created", {"type": "string", "readOnly": True}), _nothing,
        {("field-removed", True, "Pet.created")}),
    "field-renamed": (
        _set(props, "my-tag", {"type": "string"}),
        lambda s: s["components"]["schemas"]["Pet"].__setitem__("properties", {
            "my_tag": {"type": "string"}, "my-tag": {"type": "string"}, **props(s)}),
        {("field-renamed", True, "Pet.my_tag_2"), ("field-renamed", True, "PetRequest.my_tag_2"),
         ("field-added", False, "Pet.my_tag"), ("field-added", False, "PetRequest.my_tag")}),
    "field-type-changed": (
        _nothing, _set(props, "name", {"type": "integer"}),
        {("field-type-changed", True, "Pet.name"), ("field-type-changed", True,
                                                    "PetRequest.name")}),
    "field-type-widened": (
        _nothing, _set(props, "tag", {"oneOf": [{"type": "string"}, {"type": "integer"}]}),
        {("field-type-changed", True, "Pet.tag"), ("field-type-changed", False,
                                                   "PetRequest.tag")}),
    "field-nullable": (
        _nothing, _set(props, "name", {"type": "string", "nullable": True}),
        {("field-nullable", True, "Pet.name"), ("field-nullable", False, "PetRequest.name")}),
    "field-not-nullable": (
        _set(props, "tag", {"type": "string", "nullable": True}), _nothing,
        {("field-not-nullable", False, "Pet.tag"), ("field-not-nullable", True,
                                                    "PetRequest.tag")}),
    "field-required": (
        _nothing, lambda s: s["components"]["schemas"]["Pet"]["required"].append("tag"),
        {("field-required", False, "Pet.tag"), ("field-required", True, "PetRequest.tag")}),
    "field-optional": (
        _nothing, _set(lambda s: s["components"]["schemas"]["Pet"], "required", ["id"]),
        {("field-optional", True, "Pet.name"), ("field-optional", False, "PetRequest.name")}),
    "enum-value-added": (
        _nothing, _set(lambda s: s["components"]["schemas"]["StatusEnum"], "enum",
                       ["available", "sold", "pending"]),
        {("enum-value-added", False, "StatusEnum")}),
    "enum-value-removed": (
        _nothing, _set(lambda s: s["components"]["schemas"]["StatusEnum"], "enum",
                       ["available"]),
        {("enum-value-removed", True, "StatusEnum")}),
    # The fields that hold an Owner now hold a Person: no type change for them.
    "model-renamed": (_nothing, rename_owner, {("model-renamed", True, "Owner")}),
    "model-removed": (_nothing, remove_owner,
                      {("model-removed", True, "Owner"), ("field-removed", True, "Pet.owner"),
                       ("field-removed", True, "PetRequest.owner")}),
    "model-added": (
        _nothing, _set(lambda s: s["components"]["schemas"], "Toy",
                       {"type": "object", "properties": {"name": {"type": "string"}}}),
        {("model-added", False, "Toy")}),
    "auth-changed": (
        _nothing, _set(lambda s: s["components"]["securitySchemes"], "key",
                       {"type": "http", "scheme": "bearer"}),
        {("auth-changed", True, "Client")}),
    # The positional token and the `key=` keyword are gone: passing them is a TypeError.
    "auth-removed": (_nothing, remove_auth, {("auth-changed", True, "Client")}),
    "credential-added": (
        _nothing, _set(lambda s: s["components"]["securitySchemes"], "basic",
                       {"type": "http", "scheme": "basic"}),
        {("auth-changed", False, "Client")}),
    # Anonymous access added: no caller breaks; taken away: a caller without a key does.
    "security-loosened": (
        _nothing, _set(lambda s: op(s, "/pets", "get"), "security", [{"key": []}, {}]),
        {("operation-security-changed", False, "client.pets.list_pets")}),
    "security-tightened": (
        _set(lambda s: op(s, "/pets", "get"), "security", []), _nothing,
        {("operation-security-changed", True, "client.pets.list_pets")}),
    "version-changed": (_nothing, _set(lambda s: s["info"], "version", "2"),
                        {("version-changed", False, "API")}),
    # Servers (tests/test_servers.py has the details): two environments, one variable.
    "server-removed": (_servers(LIVE, TEST), _servers(LIVE, STAGING),
                       {("server-removed", True, "Client(environment='test')"),
                        ("server-added", False, "Client(environment='staging')")}),
    "server-changed": (_servers(LIVE, TEST), _servers(LIVE, TEST | {"url": "https://t2.test"}),
                       {("server-changed", False, "Client(environment='test')")}),
    "server-variable-removed": (
        _servers(LIVE | REGION, TEST), _servers(LIVE, TEST),
        {("server-variable-removed", True, "Client(region=)"),
         ("server-changed", False, "Client(environment='live')")}),
    "server-variable-added": (
        _servers(LIVE, TEST), _servers(LIVE | REGION, TEST),
        {("server-variable-added", False, "Client(region=)"),
         ("server-changed", False, "Client(environment='live')")}),
    "server-variable-changed": (
        _servers(LIVE | REGION, TEST),
        _servers(LIVE | {"url": "https://{region}.live.test", "variables": {
            "region": {"default": "eu", "enum": ["eu"]}}}, TEST),
        {("server-variable-changed", True, "Client(region=)")}),
}


def write_pair(tmp_path: Path, old_change: Mutation, new_change: Mutation) -> tuple[str, str]:
    paths = []
    for name, change in (("old", old_change), ("new", new_change)):
        spec = base()
        change(spec)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        paths.append(str(path))
    return paths[0], paths[1]


def diff_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code = main(["diff", *argv, "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result: list[dict[str, Any]] = json.loads(captured.out)["changes"]
    return result


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_change_is_found_and_classified(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_change, new_change, expected = CASES[case]
    old, new = write_pair(tmp_path, old_change, new_change)
    changes = diff_json([old, new], capsys)
    assert {(c["kind"], c["breaking"], c["subject"]) for c in changes} == expected
    assert all(set(c) == {"kind", "breaking", "subject", "detail"} for c in changes)


def test_every_kind_has_a_case() -> None:
    covered = {kind for _, _, expected in CASES.values() for kind, _, _ in expected}
    assert covered == set(KINDS)


def test_identical_specs_have_no_changes(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write_pair(tmp_path, _nothing, _nothing)
    assert main(["diff", old, new, "--fail-on", "any"]) == 0
    assert capsys.readouterr().out.splitlines() == [(f"API changes from {old} to {new}: "
                                                    "no changes")]


def test_text_report_one_line_per_change_grouped_and_marked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write_pair(tmp_path, _nothing, remove_owner)
    assert main(["diff", old, new]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"API changes from {old} to {new}: 3 breaking, 0 other changes",
        "Models and enums removed (1):",
        "  BREAKING  Owner: model of /components/schemas/Owner",
        "Fields removed (2):",
        "  BREAKING  Pet.owner: Owner | Unset (in responses)",
        "  BREAKING  PetRequest.owner: Owner | Unset (in requests)",
    ]


def test_markdown_report_has_headings_and_tables(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write_pair(tmp_path, _nothing, lambda s: paginate(s))
    assert main(["diff", old, new, "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"## API changes from {old} to {new}\n\n**1 breaking, 3 other "
                           "changes**\n")
    assert "\n### Response types changed (1)\n\n| Breaking | Subject | Detail |\n" in text
    assert "| **yes** | `client.pets.list_pets` | GET /pets: list[Pet] -> PaginatedPetList |" \
        in text
    assert "| no | `client.pets.list_pets_iter` | GET /pets |" in text


def test_fail_on_breaking_exits_1_only_for_breaking_changes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b").mkdir()
    breaking_old, breaking_new = write_pair(tmp_path / "b", _nothing, remove_owner)
    benign_old, benign_new = write_pair(tmp_path, _nothing, _set(props, "colour",
                                                                 {"type": "string"}))
    assert main(["diff", breaking_old, breaking_new, "--fail-on", "breaking"]) == 1
    assert main(["diff", benign_old, benign_new, "--fail-on", "breaking"]) == 0
    assert main(["diff", benign_old, benign_new, "--fail-on", "any"]) == 1
    assert main(["diff", breaking_old, breaking_new]) == 0
    capsys.readouterr()


def test_an_unreadable_spec_is_one_line_and_exit_2(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    old, _ = write_pair(tmp_path, _nothing, _nothing)
    missing = str(tmp_path / "missing.json")
    assert main(["diff", old, missing]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [f"{missing}: error: file not found (check the path)"]


def test_a_saved_api_surface_is_compared_with_a_spec(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write_pair(tmp_path, _nothing, lambda s: s["paths"]["/pets/{id}"].pop("delete"))
    out = tmp_path / "out"
    assert main(["generate", old, "-o", str(out), "--package-name", "shop",
                 "--number-type", "float"]) == 0
    capsys.readouterr()
    saved = str(out / "shop.api.json")
    changes = diff_json([saved, new], capsys)  # the spec side is modelled with floats too
    assert [(c["kind"], c["subject"]) for c in changes] == [
        ("operation-removed", "client.pets.delete_pet")]
    (out / "shop.api.json").write_text("{}", encoding="utf-8")
    assert main(["diff", saved, new]) == 2
    assert "not a 'campfire-codegen api surface 3' file" in capsys.readouterr().err


# --- generate reports the changes of an existing client ----------------------------------


def test_generate_reports_api_changes_when_it_changes_a_client(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write_pair(tmp_path, _nothing, remove_owner)
    out = str(tmp_path / "out")
    assert main(["generate", old, "-o", out]) == 0
    first = capsys.readouterr().out
    assert "API changes" not in first  # a new client: nothing to compare with

    assert main(["generate", old, "-o", out]) == 0
    assert "API changes" not in capsys.readouterr().out  # nothing changed

    assert main(["generate", new, "-o", out, "--check"]) == 1
    checked = capsys.readouterr()  # stdout: the stale files only; the changes on stderr
    assert f"would change: {out}/campfire_client/models/owner.py" in checked.out
    assert "API changes" not in checked.out
    assert main(["generate", new, "-o", out]) == 0
    written = capsys.readouterr().out
    for text in (checked.err, written):
        assert "API changes in campfire_client: 3 breaking, 0 other changes\n" in text
        assert "  BREAKING  Owner: model of /components/schemas/Owner\n" in text

    assert main(["generate", new, "-o", out, "--check"]) == 0
    assert capsys.readouterr().out == ""


# --- the real pair: Campfire 2026-02 -> 2026-07 -------------------------------------------


def _operations(spec: Spec) -> set[str]:
    return {f"{method.upper()} {path}" for path, item in spec["paths"].items()
            for method in item if method in METHODS}


def _properties(spec: Spec) -> dict[str, set[str]]:
    """The properties a client has a field for. `Patched*` bodies are only sent, and a
    request class leaves out read-only properties (docs/decisions.md)."""
    return {name: {prop for prop, node in (schema.get("properties") or {}).items()
                   if not (name.startswith("Patched") and node.get("readOnly"))}
            for name, schema in spec["components"]["schemas"].items()}


@pytest.fixture(scope="module")
def campfire_pair() -> tuple[Path, Path]:
    return (require_shared(SHARED / "specs" / "campfire-2026-02.json"),
            require_shared(SHARED / "specs" / "campfire-2026-07.json"))


@pytest.fixture(scope="module")
def campfire_changes(campfire_pair: tuple[Path, Path]) -> list[dict[str, Any]]:
    from generator.diff.compare import compare_packages
    from generator.load import load_inputs
    from generator.model.build import Options, build_package

    old, new = (build_package(load_inputs([str(path)]), Options()) for path in campfire_pair)
    return [{"kind": c.kind, "breaking": c.breaking, "subject": c.subject, "detail": c.detail}
            for c in compare_packages(old, new)]


def test_campfire_operations_added_and_removed_match_the_raw_json(
        campfire_pair: tuple[Path, Path], campfire_changes: list[dict[str, Any]]) -> None:
    old, new = (json.loads(path.read_text("utf-8")) for path in campfire_pair)
    added = _operations(new) - _operations(old)
    removed = _operations(old) - _operations(new)
    assert (len(added), len(removed)) == (50, 6)  # as ../shared/specs/README.md says
    reported = {kind: {c["detail"] for c in campfire_changes if c["kind"] == kind}
                for kind in ("operation-added", "operation-removed")}
    assert reported["operation-added"] == added
    assert reported["operation-removed"] == removed
    assert all(c["breaking"] for c in campfire_changes if c["kind"] == "operation-removed")


def test_campfire_field_level_changes_match_the_raw_json(
        campfire_pair: tuple[Path, Path], campfire_changes: list[dict[str, Any]]) -> None:
    old, new = (json.loads(path.read_text("utf-8")) for path in campfire_pair)
    old_props, new_props = _properties(old), _properties(new)
    shared = old_props.keys() & new_props.keys()
    changed_schemas = {name for name in shared if old["components"]["schemas"][name]
                       != new["components"]["schemas"][name]}
    assert len(changed_schemas) == 105  # as ../shared/specs/README.md says

    def reported(kind: str) -> set[tuple[str, str]]:
        """(class, field) of the changes of `kind`; Name and NameRequest both count as Name."""
        found = set()
        for change in campfire_changes:
            if change["kind"] == kind:
                owner, _, field = change["subject"].partition(".")
                found |= {(owner, field), (owner.removesuffix("Request"), field)}
        return found

    removed = {(pascal(name), snake(prop)) for name in shared
               for prop in old_props[name] - new_props[name]}
    added = {(pascal(name), snake(prop)) for name in shared
             for prop in new_props[name] - old_props[name]}
    assert len(removed) > 10 and len(added) > 300
    assert removed <= reported("field-removed")
    assert added <= reported("field-added")
    assert all(c["breaking"] for c in campfire_changes if c["kind"] == "field-removed")
    # Among them, concrete ones a reader can check in the two files:
    assert ("Contract", "total_billed") in reported("field-removed")
    nullable = {c["subject"] for c in campfire_changes if c["kind"] == "field-nullable"}
    assert "AccountingBillLine.account_name" in nullable


def test_campfire_enum_values_match_the_raw_json(
        campfire_pair: tuple[Path, Path], campfire_changes: list[dict[str, Any]]) -> None:
    old, new = (json.loads(path.read_text("utf-8"))["components"]["schemas"]
                for path in campfire_pair)
    expected = set()
    for name in old.keys() & new.keys():
        if "enum" in old[name] and "enum" in new[name]:
            expected |= {("enum-value-added", name, json.dumps(v))
                         for v in new[name]["enum"] if v not in old[name]["enum"]}
            expected |= {("enum-value-removed", name, json.dumps(v))
                         for v in old[name]["enum"] if v not in new[name]["enum"]}
    assert expected  # values were added (CANCELLED, PAUSED, custom, one_time)
    reported = {(c["kind"], c["subject"], c["detail"].removeprefix("value "))
                for c in campfire_changes if c["kind"].startswith("enum-value")}
    assert reported == expected


def test_campfire_diff_from_the_command_line(
        campfire_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = (str(path) for path in campfire_pair)
    assert main(["diff", old, new, "--fail-on", "breaking"]) == 1
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert lines[0].startswith(f"API changes from {old} to {new}: ")
    assert "Operations added (50):" in lines and "Operations removed (6):" in lines
    assert ("  BREAKING  client.coa.coa_api_v1_bill_amortization_destroy: "
            "DELETE /coa/api/v1/bill/amortization") in lines
    assert main(["diff", old, new, "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "### Operations added (50)" in markdown and "### Operations removed (6)" in markdown


def test_copying_a_spec_changes_nothing(campfire_pair: tuple[Path, Path], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    copied = tmp_path / "copy.json"
    copied.write_text(json.dumps(copy.deepcopy(json.loads(campfire_pair[1].read_text()))))
    assert main(["diff", str(campfire_pair[1]), str(copied), "--fail-on", "any"]) == 0
    capsys.readouterr()


def surfaces(tmp_path: Path, old_change: Mutation, new_change: Mutation) -> tuple[Any, Any]:
    from generator.diff.surface import surface_of
    from generator.load import load_inputs
    from generator.model.build import Options, build_package

    old, new = write_pair(tmp_path, old_change, new_change)
    return tuple(surface_of(build_package(load_inputs([path]), Options())) for path in (old, new))


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_comparison_reads_types_not_annotation_text(case: str, tmp_path: Path) -> None:
    """Surfaces compare the types' shapes: with every annotation's text scrambled in both
    saved surfaces, the comparison finds the same changes."""
    from generator.diff.compare import compare
    from generator.diff.surface import from_json, to_json

    old_change, new_change, expected = CASES[case]
    old, new = surfaces(tmp_path, old_change, new_change)

    def scrambled(surface: Any) -> Any:
        data = json.loads(to_json(surface))
        for op in data["operations"].values():
            op["params"] = {key: declaration.partition(": ")[0] + ": ?"
                            for key, declaration in op["params"].items()}
            op["returns"] = "?"
        for model in data["models"].values():
            model["fields"] = {key: declaration.partition(": ")[0] + ": ?"
                               for key, declaration in model["fields"].items()}
        return from_json(json.dumps(data))

    assert {(c.kind, c.breaking, c.subject)
            for c in compare(scrambled(old), scrambled(new))} == expected


def test_a_surface_saved_by_an_earlier_version_is_refused_with_a_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Surfaces of formats 1 and 2 had no type shapes: types are never read back from
    annotation text, so `diff` says what the file is and what to pass instead."""
    old, new = write_pair(tmp_path, _nothing, _nothing)
    out = tmp_path / "out"
    assert main(["generate", old, "-o", str(out), "--package-name", "shop"]) == 0
    saved = out / "shop.api.json"
    data = json.loads(saved.read_text("utf-8"))
    data["format"] = "campfire-codegen api surface 2"
    saved.write_text(json.dumps(data), "utf-8")
    capsys.readouterr()
    assert main(["diff", str(saved), new]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "saved by an earlier campfire-codegen" in err[0]
    assert "pass a spec" in err[0]
    # Regenerating over it works, and writes this version's surface.
    assert main(["generate", new, "-o", str(out), "--package-name", "shop"]) == 0
    assert json.loads(saved.read_text("utf-8"))["format"] == "campfire-codegen api surface 3"


def test_a_spec_nested_hundreds_of_levels_deep_is_compared(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`diff` models a spec as `generate` does, with the same room to recurse: a valid
    document 247 levels deep was an internal error (RecursionError) in `diff` alone."""
    from tests.test_valid_shapes import deep_shapes

    old = tmp_path / "old.json"
    old.write_text(json.dumps(deep_shapes()), "utf-8")
    new_spec = deep_shapes()
    del new_spec["paths"]["/items"]
    new = tmp_path / "new.json"
    new.write_text(json.dumps(new_spec), "utf-8")

    changes = diff_json([str(old), str(new)], capsys)

    assert [(change["kind"], change["breaking"]) for change in changes] == [
        ("operation-removed", True)]
