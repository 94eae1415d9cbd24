"""Valid but unusual documents give a client that compiles, imports, type-checks and
works; what the generator cannot follow is one exit-2 line naming where (issue 8)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from generator.cli import main

PACKAGE = "shapes_client"


def spec(paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None,
         version: str = "3.0.3") -> dict[str, Any]:
    return {"openapi": version, "info": {"title": "T", "version": "1"},
            "servers": [{"url": "https://api.test/v1"}], "paths": paths or {},
            "components": {"schemas": schemas or {}}}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def returns(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "", **json_body(schema)}}


NO_CONTENT = {"204": {"description": ""}}


def write_spec(tmp_path: Path, document: dict[str, Any]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(document, indent=2), "utf-8")
    return source


def generate(tmp_path: Path, document: dict[str, Any], capsys: pytest.CaptureFixture[str],
             *flags: str) -> tuple[int, str]:
    source = write_spec(tmp_path, document)
    status = main(["generate", str(source), "-o", str(tmp_path / "out"),
                   "--package-name", PACKAGE, *flags])
    return status, capsys.readouterr().err


def generated(tmp_path: Path, document: dict[str, Any],
              capsys: pytest.CaptureFixture[str]) -> Path:
    """The folder holding the generated package; fails unless generation succeeded."""
    status, err = generate(tmp_path, document, capsys)
    assert status == 0, err
    return tmp_path / "out"


def line_of(tmp_path: Path, needle: str) -> int:
    """The 1-based line of spec.json holding `needle` (once)."""
    lines = (tmp_path / "spec.json").read_text("utf-8").splitlines()
    hits = [number for number, text in enumerate(lines, 1) if needle in text]
    assert len(hits) == 1, hits
    return hits[0]


def refused(tmp_path: Path, document: dict[str, Any], capsys: pytest.CaptureFixture[str],
            *flags: str) -> list[str]:
    """The stderr lines of a run that must exit 2 and write nothing."""
    status, err = generate(tmp_path, document, capsys, *flags)
    assert status == 2, err
    assert "internal error" not in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    return err.splitlines()


@contextmanager
def imported(out: Path) -> Iterator[ModuleType]:
    """The generated package, imported from `out`, with every model class loaded."""
    sys.path.insert(0, str(out))
    try:
        package = importlib.import_module(PACKAGE)
        models = importlib.import_module(f"{PACKAGE}.models")
        for name in models.__all__:
            found = getattr(models, name)
            if hasattr(found, "json_names"):
                found.json_names()  # each model's decoder is prepared
        yield package
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


MYPY_LIMIT = 300
"""Seconds for one `mypy --strict` run: a type mypy takes exponential time over is a
failure, not a hang."""


def type_check(out: Path, *scripts: str) -> None:
    """`mypy --strict` on the package and on `scripts` (files in `out`) that use it."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir",
             str(out / ".mypy_cache"), PACKAGE, *scripts], cwd=out, capture_output=True,
            text=True,
            check=False, timeout=MYPY_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"mypy --strict ran past {MYPY_LIMIT} s on {out}")
    assert result.returncode == 0, result.stdout[-3000:]


def lint(out: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
                             PACKAGE], cwd=out, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def recording_client(package: ModuleType, sent: list[httpx.Request],
                     status: int = 204, body: object = None) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(status, json=body) if body is not None else httpx.Response(status)

    return package.Client(http_client=httpx.Client(
        transport=httpx.MockTransport(handler)))


# --- 1. schemas whose direction only an unused schema decides ----------------------------

ORDER = {"properties": {"id": {"type": "integer", "readOnly": True},
                        "note": {"type": "string"}}}
POST_ORDER = {"/o": {"post": {"operationId": "place", "requestBody": json_body(ref("Order")),
                              "responses": NO_CONTENT}}}
# Each holds the request-only Order (readOnly id) and is used by no operation, so its
# class is the response shape and needs Order's response class too.
UNUSED_HOLDERS = {
    "property": {"properties": {"order": ref("Order")}},
    "items": {"properties": {"orders": {"type": "array", "items": ref("Order")}}},
    "map": {"properties": {"by_name": {"type": "object", "additionalProperties": ref("Order")}}},
    "union": {"properties": {"either": {"oneOf": [ref("Order"), {"type": "string"}]}}},
}


@pytest.mark.parametrize("holder", sorted(UNUSED_HOLDERS))
def test_an_unused_schema_holding_a_request_only_schema_generates(
        holder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = spec(POST_ORDER, {"Order": ORDER, "Holder": UNUSED_HOLDERS[holder]})
    with imported(generated(tmp_path, document, capsys)) as package:
        models = package.models
        assert sorted(models.__all__) == ["Holder", "Order", "OrderRequest"]
        assert models.Order.from_dict({"id": 7, "note": "n"}).id == 7
        sent: list[httpx.Request] = []
        recording_client(package, sent).default.place(body=models.OrderRequest(note="n"))
        assert json.loads(sent[0].content) == {"note": "n"}


def test_an_inline_child_with_a_read_only_self_reference_generates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    node = {"properties": {"child": {"properties": {
        "parent": {"allOf": [{}, ref("Node")], "readOnly": True}}}}}
    paths = {"/n": {"post": {"operationId": "add", "requestBody": json_body(ref("Node")),
                             "responses": NO_CONTENT}}}
    out = generated(tmp_path, spec(paths, {"Node": node}), capsys)
    with imported(out) as package:
        models = package.models
        assert sorted(models.__all__) == ["Node", "NodeChild", "NodeChildParent",
                                          "NodeChildRequest"]
        sent: list[httpx.Request] = []
        body = models.Node(child=models.NodeChildRequest())
        recording_client(package, sent).default.add(body=body)
        assert json.loads(sent[0].content) == {"child": {}}
        decoded = models.NodeChild.from_dict({"parent": {"child": {}}})
        assert isinstance(decoded.parent, models.NodeChildParent)
    type_check(out)


# --- 2. names Python or the generated code already uses -----------------------------------

# A cycle puts these in one module, where a class that shadows a builtin would be read by
# mypy as the builtin when referred to before its definition.
RING = ["NotImplemented", "Ellipsis", "Exception", "None", "True", "False"]
LONE = ["class", "match", "type", "list", "str", "object", "getattr", "importlib", "Any",
        "UNSET", "Model", "None_"]


def named_schemas(order: list[str]) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for name in order:
        if name in RING:
            following = RING[(RING.index(name) + 1) % len(RING)]
            schemas[name] = {"properties": {"next": ref(following), "v": {"type": "string"}}}
        else:
            schemas[name] = {"properties": {"v": {"type": "string"}}}
    return schemas


def names_spec(order: list[str]) -> dict[str, Any]:
    holder = {"properties": {f"f{index}": ref(name) for index, name in enumerate(RING + LONE)}}
    return spec({"/h": {"get": {"operationId": "hold", "responses": returns(ref("Holder"))}}},
                {**named_schemas(order), "Holder": holder})


def test_schemas_named_like_python_names_get_valid_stable_names(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = generated(tmp_path / "first", names_spec(RING + LONE), capsys)
    models_dir = out / PACKAGE / "models"
    modules = sorted(p.stem for p in models_dir.glob("*.py"))
    assert modules == ["__init__", "any2", "class_", "ellipsis2", "getattr_", "holder",
                       "importlib_", "list_", "match_", "model", "none3", "object_", "str_",
                       "type_", "unset_2"]
    with imported(out) as package:
        assert package.models.__all__ == [
            "UNSET_2", "Any2", "Class", "Ellipsis2", "Exception2", "False2", "Getattr",
            "Holder", "Importlib", "List", "Match", "Model", "None2", "None3",
            "NotImplemented2", "Object", "Str", "True2", "Type"]
        decoded = package.models.Holder.from_dict({"f0": {"next": {"v": "x"}}})
        assert type(decoded.f0).__name__ == "NotImplemented2"
        assert type(decoded.f0.next).__name__ == "Ellipsis2"
    type_check(out)
    lint(out)
    # The names depend on the names alone, not on their order in the document.
    again = generated(tmp_path / "second", names_spec(list(reversed(RING + LONE))), capsys)
    for path in sorted((out / PACKAGE).rglob("*.py")):
        relative = path.relative_to(out)
        assert path.read_text("utf-8") == (again / relative).read_text("utf-8"), relative


# --- 3. enums Python cannot spell as a Literal -------------------------------------------

def test_float_and_mixed_enums_type_check_and_keep_their_values(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schemas = {
        "Ratio": {"type": "number", "enum": [1.5, 2.5]},
        "Mixed": {"enum": [1, "a", True, None]},
        "Holder": {"properties": {"ratio": ref("Ratio"), "mixed": ref("Mixed"),
                                  "flag_or_one": {"enum": [1, True]},
                                  "inline": {"type": "number", "enum": [0.5, 1]}}},
    }
    parameters = [
        {"in": "query", "name": "ratio", "schema": {"type": "number", "enum": [1.5, 2.5]},
         "description": "How much."},
        {"in": "query", "name": "mixed", "schema": {"enum": [1, "a", True, None]}}]
    paths = {"/h": {"get": {"operationId": "hold", "parameters": parameters,
                            "responses": returns(ref("Holder"))}}}
    out = generated(tmp_path, spec(paths, schemas), capsys)
    type_check(out)
    holder_source = (out / PACKAGE / "models" / "holder.py").read_text("utf-8")
    assert "    ratio: One of 1.5, 2.5.\n" in holder_source
    assert "    flag_or_one: Literal[1, True] | Unset = UNSET\n" in holder_source
    api_source = (out / PACKAGE / "api" / "default.py").read_text("utf-8")
    assert "ratio: Decimal | Unset = UNSET" in api_source
    assert "    ratio: How much. One of 1.5, 2.5.\n" in api_source
    assert 'mixed: Literal[1, "a", True] | Unset = UNSET' in api_source
    with imported(out) as package:
        decoded = package.models.Holder.from_dict(
            {"ratio": 2.5, "mixed": True, "flag_or_one": True, "inline": 1})
        assert decoded.ratio == Decimal("2.5") and decoded.mixed is True
        assert decoded.flag_or_one is True and decoded.inline == 1
        assert package.models.Holder.from_dict({"mixed": None}).mixed is None
        sent: list[httpx.Request] = []
        recording_client(package, sent, 200, {}).default.hold(ratio=Decimal("1.5"), mixed="a")
        assert sorted(sent[0].url.params.multi_items()) == [("mixed", "a"), ("ratio", "1.5")]


def test_integer_enums_past_64_bits_are_the_integer_type(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Found by the property test: mypy spells no integer Literal past 64 bits.
    big = 2**63
    parameters = [{"in": "query", "name": "code", "required": True,
                   "schema": {"type": "integer", "enum": [-5, big]}},
                  {"in": "query", "name": "small", "schema": {"enum": [2**63 - 1, -(2**63 - 1)]}}]
    paths = {"/c": {"get": {"operationId": "coded", "parameters": parameters,
                            "responses": {"204": {"description": "done"}}}}}
    out = generated(tmp_path, spec(paths, {}), capsys)
    type_check(out)
    api_source = (out / PACKAGE / "api" / "default.py").read_text("utf-8")
    assert "code: int" in api_source
    assert f"    code: One of -5, {big}.\n" in api_source
    assert f"small: Literal[{2**63 - 1}, {-(2**63 - 1)}] | Unset = UNSET" in api_source
    with imported(out) as package:
        sent: list[httpx.Request] = []
        recording_client(package, sent, 204, None).default.coded(code=big)
        assert sent[0].url.query == f"code={big}".encode()


# --- 4. literal path text on the wire ------------------------------------------------------

ODD_PATHS = {
    "/a b/c": "/a%20b/c",
    "/q?x=1": "/q?x=1",  # a query in a path key goes in the query string (decisions.md)
    "/q?{id}": "/q%3F7",  # one holding a template stays path text
    "/h#frag": "/h%23frag",
    "/pct%20": "/pct%2520",
    "/caf\u00e9/\u65e5": "/caf%C3%A9/%E6%97%A5",
    "/quo\"te/'single'": "/quo%22te/'single'",
    "/ctl\u0001\u007f\t": "/ctl%01%7F%09",
    "/dots/./../x": "/dots/%2E/%2E%2E/x",
    "/br[a]c\\|^`<>": "/br%5Ba%5Dc%5C%7C%5E%60%3C%3E",
    "/keep;p=1:at@+&=!$()*,": "/keep;p=1:at@+&=!$()*,",
    "/{id}/..": "/7/%2E%2E",
    "/x.{id}/.": "/x.7/%2E",
}


def test_literal_path_text_is_percent_encoded(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    paths: dict[str, Any] = {}
    for index, path in enumerate(ODD_PATHS):
        parameters = [{"in": "path", "name": "id", "required": True,
                       "schema": {"type": "integer"}}] if "{id}" in path else []
        paths[path] = {"get": {"operationId": f"op{index}", "parameters": parameters,
                               "responses": NO_CONTENT}}
    with imported(generated(tmp_path, spec(paths), capsys)) as package:
        sent: list[httpx.Request] = []
        client = recording_client(package, sent)
        for index, (path, wire) in enumerate(ODD_PATHS.items()):
            operation = getattr(client.default, f"op{index}")
            operation(7) if "{id}" in path else operation()
            assert sent[-1].url.raw_path.decode("ascii") == "/v1" + wire
            assert unquote(wire) == path.replace("{id}", "7")


# --- 5. types nested hundreds of levels deep ----------------------------------------------

DEEP = 247
"""Levels of `items`, and of a named union chain, that the generator handled before the
12-level limit (openapi-spec-validator accepts them); more than the 200 nested brackets
CPython's tokenizer allows in one annotation."""
UNIONS_OF_ARRAYS = 30


def deep_spec(schemas: dict[str, Any]) -> dict[str, Any]:
    return spec({"/d": {"get": {"operationId": "deep", "responses": returns(ref("A0"))}}},
                schemas)


def nested_items(levels: int) -> dict[str, Any]:
    found: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        found = {"type": "array", "items": found}
    return found


def chain(name: str, levels: int, link: Any) -> dict[str, Any]:
    """`{name}0` to `{name}{levels}`: each a union of `link(next)` and an integer, the last
    a string."""
    schemas: dict[str, Any] = {f"{name}{i}": {"oneOf": [link(ref(f"{name}{i + 1}")),
                                                       {"type": "integer"}]}
                               for i in range(levels)}
    schemas[f"{name}{levels}"] = {"type": "string"}
    return schemas


def deep_shapes() -> dict[str, Any]:
    """The three deep shapes, each in a model and returned whole by an operation, and the
    unions of arrays as the items of a page (whose operation gets `_iter` and `_pages`)."""
    schemas = {"Items": nested_items(DEEP), **chain("U", DEEP, lambda next_: next_),
               **chain("L", UNIONS_OF_ARRAYS, lambda next_: {"type": "array", "items": next_}),
               "Holder": {"type": "object", "properties": {
                   "items": ref("Items"), "union": ref("U0"), "arrays": ref("L0")}},
               "Page": {"type": "object", "properties": {
                   "count": {"type": "integer"},
                   "next": {"type": "string", "nullable": True, "format": "uri"},
                   "results": {"type": "array", "items": ref("L0")}}}}
    paths: dict[str, Any] = {
        f"/{name.lower()}": {"get": {"operationId": f"get_{name.lower()}",
                                     "responses": returns(ref(name))}}
        for name in ("Items", "U0", "L0", "Holder")}
    limits = [{"in": "query", "name": name, "schema": {"type": "integer"}}
              for name in ("limit", "offset")]
    paths["/page"] = {"get": {"operationId": "get_page", "parameters": limits,
                              "responses": returns(ref("Page"))}}
    return spec(paths, schemas)


def wrapped(value: object, levels: int) -> object:
    for _ in range(levels):
        value = [value]
    return value


def test_types_nested_hundreds_of_levels_deep_generate_import_and_round_trip(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = generated(tmp_path, deep_shapes(), capsys)
    lint(out)
    models = out / PACKAGE / "models"
    # Deep parts are named, 8 levels at a time: the field spells the first 8 levels of its
    # 247 lists, 30 aliases the rest; the unions of arrays nest 59 levels, 7 aliases.
    assert len(list(models.glob("holder_items_nested*.py"))) == DEEP // 8
    assert len(list(models.glob("holder_arrays_nested*.py"))) == (2 * UNIONS_OF_ARRAYS - 1) // 8
    items, arrays = wrapped("x", DEEP), wrapped(5, UNIONS_OF_ARRAYS - 1)
    data = {"items": items, "union": 7, "arrays": arrays}
    with imported(out) as package:
        holder = package.models.Holder.from_dict(data)
        assert (holder.items, holder.union, holder.arrays) == (items, 7, arrays)
        assert holder.to_dict() == data
        assert package.models.Holder.from_dict({"union": "text"}).union == "text"
        assert package.models.Holder.from_dict({"arrays": [[1], 2]}).arrays == [[1], 2]
        with pytest.raises(package.DecodeError):  # the innermost link is a string
            package.models.Holder.from_dict({"arrays": wrapped(5, UNIONS_OF_ARRAYS)})
        client = recording_client(package, [], 200, items)
        assert client.default.get_items() == items
        client = recording_client(package, [], 200, data)
        assert client.default.get_holder().to_dict() == data
        client = recording_client(package, [], 200, arrays)
        assert client.default.get_l0() == arrays
        assert client.default.with_response.get_l0().parsed == arrays
        page = {"count": 2, "next": None, "results": [arrays, 3]}
        client = recording_client(package, [], 200, page)
        assert list(client.default.get_page_iter()) == [arrays, 3]


DEEP_CALLER = f"""
from {PACKAGE} import Client


def use(client: Client) -> None:
    whole = client.default.get_l0()
    response = client.default.with_response.get_l0()
    assert response.parsed == whole
    for item in client.default.get_page_iter():
        print(item)
    for page in client.default.get_page_pages():
        print(page.items)
"""
"""A caller of the deep union returned whole and paged: reading the group's descriptors
on an instance is what made mypy run for minutes (docs/decisions.md)."""


def test_types_nested_hundreds_of_levels_deep_pass_mypy_strict(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = generated(tmp_path, deep_shapes(), capsys)
    (out / "deep_caller.py").write_text(DEEP_CALLER, "utf-8")
    type_check(out, "deep_caller.py")


def wrapper_chain(length: int) -> dict[str, Any]:
    """A0 wraps A1 in a one-part allOf, A1 wraps A2... (each a type of its own)."""
    schemas: dict[str, Any] = {
        f"A{i}": {"allOf": [ref(f"A{i + 1}")], "description": "w"} for i in range(length)}
    schemas[f"A{length}"] = {"type": "string"}
    return schemas


@pytest.mark.parametrize("order", [1, -1])
def test_a_long_chain_of_wrappers_is_the_type_it_wraps(
        order: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schemas = dict(list(wrapper_chain(40).items())[::order])  # any order of translation
    with imported(generated(tmp_path, deep_spec(schemas), capsys)) as package:
        client = recording_client(package, [], 200, "text")
        assert client.default.deep() == "text"


def test_long_chains_of_objects_and_of_allof_parts_need_no_deep_stack(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    length = 1200  # a recursive walk needs a few frames a link: past Python's limit
    schemas: dict[str, Any] = {
        f"S{i}": {"properties": {"next": ref(f"S{i + 1}")}} for i in range(length)}
    schemas[f"S{length}"] = {"properties": {"id": {"type": "integer", "readOnly": True}}}
    schemas.update({f"P{i}": {"allOf": [ref(f"P{i + 1}"), {"description": f"part {i}"}]}
                    for i in range(length)})
    schemas[f"P{length}"] = {"properties": {"id": {"type": "integer"}}}
    paths = {"/s": {"get": {"operationId": "first", "responses": {
        **returns(ref("S0")), **returns(ref("P0"), "201")}}}}
    out = generated(tmp_path, spec(paths, schemas), capsys)
    models = out / PACKAGE / "models"
    assert len(list(models.glob("s*.py"))) == len(list(models.glob("p*.py"))) == length + 1
    assert '    id: int | Unset = UNSET\n' in (models / "p0.py").read_text("utf-8")


# --- 6. names too long for a file ----------------------------------------------------------

def test_names_too_long_for_a_file_are_refused_at_their_pointer(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema_name, tag = "A" * 253, "t" * 253
    paths = {"/o": {"get": {"operationId": "get_o", "tags": [tag],
                            "responses": returns(ref(schema_name))}}}
    document = spec(paths, {schema_name: {"properties": {"a": {"type": "string"}}}})
    lines = refused(tmp_path, document, capsys)
    source = tmp_path / "spec.json"
    schema_line = line_of(tmp_path, f'"{schema_name}": {{')
    tag_line = line_of(tmp_path, f'"{tag}"')
    assert lines == [
        (f"{source}:{schema_line} /components/schemas/{schema_name}: error: name too long for "
        f"a module file: {'a' * 40}... has 253 characters, at most 200 fit (use a shorter "
        "name)"),
        (f"{source}:{tag_line} /paths/~1o/get/tags/0: error: name too long for a module file: "
        f"{'t' * 40}... has 253 characters, at most 200 fit (use a shorter name)"),
    ]


# --- 7. references that lead to no schema --------------------------------------------------

def test_a_ref_to_something_that_is_no_schema_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = spec({"/o": {"get": {
        "operationId": "get_o",
        "parameters": [{"in": "query", "name": "p",
                        "schema": {"$ref": "#/components/parameters/P"}}],
        "responses": {**returns({"$ref": "#/info"}), **returns({"$ref": "#/paths/~1o"}, "201"),
                      **returns({"$ref": "#/paths/~1o/get/parameters/0/schema"}, "202")},
    }}})
    document["components"]["parameters"] = {
        "P": {"in": "query", "name": "p", "schema": {"type": "string"}}}
    lines = refused(tmp_path, document, capsys)
    source = tmp_path / "spec.json"
    hint = "(point it to a schema, such as one under #/components/schemas)"
    response = "/paths/~1o/get/responses/{}/content/application~1json/schema/$ref"
    parameter_line = line_of(tmp_path, '"#/components/parameters/P"')
    info_line = line_of(tmp_path, '"#/info"')
    path_item_line = line_of(tmp_path, '"#/paths/~1o"')
    assert lines == [
        (f"{source}:{parameter_line} /paths/~1o/get/parameters/0/schema/$ref: error: $ref "
        f"'#/components/parameters/P' points to a parameter, not to a schema {hint}"),
        (f"{source}:{info_line} {response.format(200)}: error: $ref '#/info' points to the "
        f"info object, not to a schema {hint}"),
        (f"{source}:{path_item_line} {response.format(201)}: error: $ref '#/paths/~1o' "
        f"points to a path item, not to a schema {hint}"),
    ]


X_SCHEMA = {"X": {"properties": {"a": {"type": "string"}}}}
MISPLACED: dict[str, tuple[dict[str, Any], str, str, str]] = {
    # where a $ref to the schema X stands for something else
    "parameter": ({"/o": {"get": {"parameters": [ref("X")], "responses": NO_CONTENT}}},
                  "/paths/~1o/get/parameters/0/$ref", "a parameter", "#/components/parameters"),
    "request body": ({"/o": {"post": {"requestBody": ref("X"), "responses": NO_CONTENT}}},
                     "/paths/~1o/post/requestBody/$ref", "a request body",
                     "#/components/requestBodies"),
    "response": ({"/o": {"get": {"responses": {"200": ref("X")}}}},
                 "/paths/~1o/get/responses/200/$ref", "a response", "#/components/responses"),
    "path item": ({"/o": ref("X")}, "/paths/~1o/$ref", "a path item", "#/paths"),
}


@pytest.mark.parametrize("kind", sorted(MISPLACED))
def test_a_ref_to_a_schema_where_something_else_is_expected_is_refused(
        kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths, pointer, expected, home = MISPLACED[kind]
    lines = refused(tmp_path, spec(paths, X_SCHEMA), capsys)
    line = line_of(tmp_path, '"#/components/schemas/X"')
    expected_line = (
        f"{tmp_path / 'spec.json'}:{line} {pointer}: error: $ref '#/components/schemas/X' "
        f"points to a schema, not to {expected} (point it to {expected}, such as one under "
        f"{home})")
    assert lines == [expected_line]


# --- 8. discriminator mappings --------------------------------------------------------------

def test_a_discriminator_mapping_to_a_missing_schema_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pet = {"oneOf": [ref("Dog"), ref("Cat")],
           "discriminator": {"propertyName": "kind", "mapping": {
               "dog": "#/components/schemas/Dog", "cat": "Cat",
               "bird": "#/components/schemas/Bird"}}}
    animal = {"properties": {"kind": {"type": "string"}}}
    paths = {"/p": {"get": {"operationId": "pet", "responses": returns(ref("Pet"))}}}
    lines = refused(tmp_path, spec(paths, {"Pet": pet, "Dog": animal, "Cat": animal}), capsys)
    assert lines == [
        (f"{tmp_path / 'spec.json'}:{line_of(tmp_path, 'schemas/Bird')} "
        "/components/schemas/Pet/discriminator/mapping/bird: error: discriminator mapping "
        "'bird' names '#/components/schemas/Bird', which does not exist (fix the mapping "
        "or add the schema it names)")]


# --- 9. enum values their type rules out ----------------------------------------------------

MISFIT_SCHEMAS = {
    "Code": {"type": "integer", "enum": ["a", "b"]},
    "Holder": {"properties": {"code": ref("Code"),
                              "size": {"type": "string", "enum": ["s", 2, "l"]}}},
}
MISFIT_PATHS = {"/h": {"get": {"operationId": "hold", "responses": returns(ref("Holder"))}}}


def misfit_lines(source: Path, tmp_path: Path, severity: str, hint: str) -> list[str]:
    code_enum = line_of(tmp_path, '"a",') - 1  # the line of `"enum": [`
    size_enum = line_of(tmp_path, '"s",') - 1
    return [
        (f'{source}:{code_enum} /components/schemas/Code/enum: {severity}: enum values "a", '
        f'"b" do not fit type integer and are left out ({hint})'),
        (f"{source}:{size_enum} /components/schemas/Holder/properties/size/enum: {severity}: "
        f"enum value 2 does not fit type string and is left out ({hint})"),
    ]


def test_enum_values_that_do_not_fit_their_type_are_a_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = generate(tmp_path, spec(MISFIT_PATHS, MISFIT_SCHEMAS), capsys)
    assert status == 0
    source = tmp_path / "spec.json"
    assert err.splitlines() == misfit_lines(source, tmp_path, "warning",
                                            "make the values and the type agree")
    out = tmp_path / "out"
    holder_source = (out / PACKAGE / "models" / "holder.py").read_text("utf-8")
    assert "    code: int | Unset = UNSET\n" in holder_source
    assert "    size: HolderSizeEnum | Unset = UNSET\n" in holder_source
    type_check(out)
    with imported(out) as package:
        assert [m.value for m in package.models.HolderSizeEnum] == ["s", "l"]


def test_enum_values_that_do_not_fit_their_type_are_an_error_with_strict(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = refused(tmp_path, spec(MISFIT_PATHS, MISFIT_SCHEMAS), capsys, "--strict")
    assert lines == misfit_lines(
        tmp_path / "spec.json", tmp_path, "error",
        "make the values and the type agree, or pass the spec without --strict")


# --- more of the same kind -------------------------------------------------------------------

def test_a_page_beside_another_success_response_gets_no_page_iterator(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = {"properties": {"count": {"type": "integer"},
                           "next": {"type": "string", "nullable": True, "format": "uri"},
                           "results": {"type": "array", "items": {"type": "string"}}}}
    limits = [{"in": "query", "name": name, "schema": {"type": "integer"}}
              for name in ("limit", "offset")]
    responses = {**returns(ref("Page")),
                 "202": {"description": "", "content": {"application/octet-stream": {
                     "schema": {"type": "string", "format": "binary"}}}}}
    paths = {"/p": {"get": {"operationId": "pages", "parameters": limits,
                            "responses": responses}}}
    out = generated(tmp_path, spec(paths, {"Page": page}), capsys)
    type_check(out)
    with imported(out) as package:
        assert hasattr(package.Client().default, "pages")
        assert not hasattr(package.Client().default, "pages_iter")


def test_group_classes_never_take_a_model_class_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schemas = {name: {"properties": {"a": {"type": "string"}}}
               for name in ("AsyncDefaultApi", "DefaultApi2")}
    paths = {"/x": {"get": {"operationId": "get_x",
                            "responses": returns(ref("AsyncDefaultApi"))}}}
    out = generated(tmp_path, spec(paths, schemas), capsys)
    type_check(out)
    with imported(out) as package:
        sent: list[httpx.Request] = []
        found = recording_client(package, sent, 200, {"a": "b"}).default.get_x()
        assert type(found).__name__ == "AsyncDefaultApi" and found.a == "b"
        assert type(package.Client().default).__name__ == "DefaultApi3"


# Found by the property test (tests/test_fuzz.py).

def test_fields_named_like_what_a_model_class_body_uses_are_renamed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    holder = {"properties": {"staticmethod": {"type": "string"}, "tuple": {"type": "string"},
                             "other": ref("Other")}}  # a class of another module
    paths = {"/h": {"get": {"operationId": "hold", "responses": returns(ref("Holder"))}}}
    out = generated(tmp_path, spec(paths, {"Holder": holder, "Other": X_SCHEMA["X"]}), capsys)
    type_check(out)
    with imported(out) as package:
        decoded = package.models.Holder.from_dict(
            {"staticmethod": "s", "tuple": "t", "other": {"a": "b"}})
        assert (decoded.staticmethod_, decoded.tuple_, decoded.other.a) == ("s", "t", "b")


def test_an_open_form_body_is_fields_and_values(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schemas = {"Open": {"allOf": [{}]}, "OpenObject": {"allOf": [{}], "type": "object"},
               "Holder": {"properties": {"extra": ref("OpenObject")}}}
    paths = {"/f": {"put": {"operationId": "put_form", "requestBody": {"content": {
        "application/x-www-form-urlencoded": {"schema": ref("Open")}}}, "responses": {
        **returns(ref("Holder"))}}}}
    out = generated(tmp_path, spec(paths, schemas), capsys)
    api_source = (out / PACKAGE / "api" / "default.py").read_text("utf-8")
    assert "body: dict[str, Any] | Unset = UNSET" in api_source
    holder_source = (out / PACKAGE / "models" / "holder.py").read_text("utf-8")
    assert "    extra: dict[str, Any] | Unset = UNSET\n" in holder_source
    type_check(out)
    with imported(out) as package:
        sent: list[httpx.Request] = []
        client = recording_client(package, sent, 200, {"extra": {"k": 1}})
        assert client.default.put_form(body={"a": "1"}).extra == {"k": 1}
        assert sent[0].content == b"a=1"


def test_schemas_named_like_the_package_exports_get_other_names(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`campfire_client.Upload` (the runtime's) and a spec's `Upload` schema are never two
    different classes of one name: the schema's class gets another one."""
    from generator.model.reserved import PACKAGE_EXPORTS

    schemas = {name: {"type": "object", "properties": {"tag": {"type": "string"}}}
               for name in [*PACKAGE_EXPORTS, "File"]}
    paths = {"/x": {"post": {"operationId": "send_all", "requestBody": json_body(
        {"type": "object", "properties": {name.lower(): ref(name) for name in schemas}}),
        "responses": NO_CONTENT}}}
    out = generated(tmp_path, spec(paths, schemas), capsys)
    with imported(out) as package:
        exported = set(package.__all__)
        model_names = set(package.models.__all__)
        assert exported == set(PACKAGE_EXPORTS)
        assert not exported & model_names, exported & model_names
        assert "File" in model_names  # no runtime name: the schema keeps its own
        assert {"Upload2", "Response2", "Client2"} <= model_names  # the others, numbered
        assert len(model_names) == len(schemas) + 1  # and the inline body schema
    type_check(out)
