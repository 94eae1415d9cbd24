"""Odd but possible inputs: each must give a working client or one clear exit-2 line."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.cli import main
from tests.conftest import ROOT


def spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None,
         **extra: Any) -> dict[str, Any]:
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
                "servers": [{"url": "https://api.test"}], "paths": paths,
                "components": {"schemas": schemas or {}}}
    document.update(extra)
    return document


def ok(schema_ref: str) -> dict[str, Any]:
    return {"200": {"description": "", "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}}


def generate(tmp_path: Path, document: dict[str, Any],
             capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(document), "utf-8")
    status = main(["generate", str(source), "-o", str(tmp_path / "out"),
                   "--package-name", "edge_client"])
    return status, capsys.readouterr().err


def run_in_client(tmp_path: Path, code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path / "out",
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.parametrize("broken", [
    {"/a": {"get": {"tags": 5, "responses": {"204": {"description": ""}}}}},
    {"/a": {"get": {"security": 5, "responses": {"204": {"description": ""}}}}},
    {"/a": {"get": {"parameters": 5, "responses": {"204": {"description": ""}}}}},
], ids=["scalar-tags", "scalar-security", "scalar-parameters"])
def test_invalid_documents_get_the_validators_words_not_a_crash(
        broken: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = generate(tmp_path, spec(broken), capsys)
    assert status == 2 and "invalid OpenAPI" in err and "internal error" not in err
    assert not (tmp_path / "out").exists()


def test_a_description_that_is_no_text_is_a_warning_and_the_client_works(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = {"/a": {"get": {"description": 123, "responses": {"204": {"description": ""}}}}}
    status, err = generate(tmp_path, spec(paths), capsys)
    assert status == 0 and "warning: invalid OpenAPI" in err
    assert (tmp_path / "out" / "edge_client" / "api" / "default.py").is_file()


def test_an_error_under_a_property_named_title_stays_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schemas = {"Book": {"type": "object", "properties": {"title": {"type": "strng"}}}}
    status, err = generate(tmp_path, spec({"/b": {"get": {"responses": ok("Book")}}}, schemas),
                           capsys)
    assert status == 2 and "/properties/title" in err


def test_odd_names_and_values_still_give_a_working_client(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schemas = {
        "UNSET": {"type": "object", "properties": {"json_names": {"type": "string"},
                                                   "ratio": {"enum": [1.5, 2.5]},
                                                   "shape": {"const": {"a": 1}},
                                                   "note": {"type": "string",
                                                            "description": "a 'Decimal' x"}}},
    }
    parameter = {"in": "path", "name": "x", "required": True, "schema": {"type": "string"}}
    paths = {"/a/{x}/b/{x}": {"get": {"parameters": [parameter], "responses": ok("UNSET")}}}
    status, err = generate(tmp_path, spec(paths, schemas, openapi="3.1.0"), capsys)
    assert status == 0, err
    for check in (["-m", "mypy", "--strict", "--no-error-summary", "edge_client"],
                  ["-m", "ruff", "check", "--isolated", "--no-cache", "edge_client"]):
        result = subprocess.run([sys.executable, *check], cwd=tmp_path / "out",
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout[-2000:]
    out = run_in_client(tmp_path, (
        "from decimal import Decimal\n"
        "from edge_client.models import UNSET_2\n"
        "from edge_client import UNSET\n"
        "m = UNSET_2.from_dict({'json_names': 'j', 'ratio': 1.5, 'shape': {'a': 1}})\n"
        "assert m.ratio == Decimal('1.5') and m.note is UNSET, m\n"
        "assert m.to_dict() == {'json_names': 'j', 'ratio': Decimal('1.5'), 'shape': {'a': 1}}\n"
        "print(sorted(UNSET_2.json_names()))\n"))
    assert "json_names_2" in out  # renamed, so Model.json_names() still works


def test_path_dots_cookies_and_transport_errors_keep_requests_and_secrets_safe(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = {"/files/{name}": {"get": {
        "parameters": [{"in": "path", "name": "name", "required": True,
                        "schema": {"type": "string"}},
                       {"in": "cookie", "name": "pref", "schema": {"type": "string"}}],
        "security": [{"cookieKey": []}], "responses": {"204": {"description": ""}}}}}
    document = spec(paths)
    document["components"]["securitySchemes"] = {
        "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session"}}
    status, err = generate(tmp_path, document, capsys)
    assert status == 0, err
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        import edge_client

        sent: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return httpx.Response(204)

        client = edge_client.Client("s3cr3t-token", http_client=httpx.Client(
            transport=httpx.MockTransport(handler)))
        client.default.get_files_name("..", pref="dark")
        assert sent[0].url.raw_path == b"/files/%2E%2E"
        assert sent[0].headers["cookie"] == "pref=dark; session=s3cr3t-token"

        def fail(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("unreachable", request=request)

        broken = edge_client.Client("s3cr3t-token", http_client=httpx.Client(
            transport=httpx.MockTransport(fail)))
        with pytest.raises(edge_client.TransportError) as raised:
            broken.default.get_files_name("x")
        assert raised.value.__context__ is None and raised.value.__cause__ is None
        assert "s3cr3t-token" not in str(raised.value)
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m.startswith("edge_client")]:
            del sys.modules[name]


def test_a_lone_surrogate_is_bad_input(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec({})).replace('"T"', '"T\\ud800"'), "utf-8")
    status = main(["generate", str(source), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2 and "not valid Unicode" in err and "Traceback" not in err


def test_the_state_file_holds_no_absolute_path(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "spec.yaml"
    source.write_text((ROOT / "specs" / "drf_idioms.yaml").read_text("utf-8"), "utf-8")
    assert main(["generate", str(source), "-o", "out"]) == 0
    state = (tmp_path / "out" / ".campfire-codegen-state.json").read_text("utf-8")
    assert str(tmp_path) not in state


def test_an_array_header_parameter_is_sent_comma_separated(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """OpenAPI's `simple` style (a header's only one): `a,b`, not the JSON text `["a","b"]`
    (found on the wire: OpenAI's `openai-beta` header, an array)."""
    paths = {"/a": {"get": {
        "parameters": [{"in": "header", "name": "X-Betas", "style": "simple",
                        "schema": {"type": "array", "items": {"type": "string"}}}],
        "responses": {"204": {"description": ""}}}}}
    status, err = generate(tmp_path, spec(paths), capsys)
    assert status == 0, err
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        import edge_client

        sent: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return httpx.Response(204)

        client = edge_client.Client(http_client=httpx.Client(
            transport=httpx.MockTransport(handler)))
        client.default.get_a(x_betas=["one=v1", "two"])
        assert sent[0].headers["x-betas"] == "one=v1,two"
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m.startswith("edge_client")]:
            del sys.modules[name]


def test_a_query_string_in_a_path_key_goes_in_the_query(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """OpenAI's `/responses/{response_id}?beta=true`: the server's path is the part before
    `?`, the pairs after it go in the query string beside the declared parameters (not
    `%3Fbeta=true` as path text, which names another path)."""
    paths = {"/items/{item_id}?beta=true&mode=": {"get": {
        "operationId": "get_item",
        "parameters": [{"in": "path", "name": "item_id", "required": True,
                        "schema": {"type": "integer"}},
                       {"in": "query", "name": "limit", "schema": {"type": "integer"}}],
        "responses": {"204": {"description": ""}}}}}
    status, err = generate(tmp_path, spec(paths), capsys)
    assert status == 0, err
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        import edge_client

        sent: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return httpx.Response(204)

        client = edge_client.Client(base_url="https://api.test/v1", http_client=httpx.Client(
            transport=httpx.MockTransport(handler)))
        client.default.get_item(7, limit=3)
        assert sent[0].url.path == "/v1/items/7"
        assert sent[0].url.params.multi_items() == [("beta", "true"), ("mode", ""),
                                                    ("limit", "3")]
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m.startswith("edge_client")]:
            del sys.modules[name]


def test_an_all_of_whose_other_part_only_documents_keeps_the_type(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """DigitalOcean's `tags: {allOf: [{$ref: tag array}, {description: ...}]}`: the part
    that only documents constrains nothing, so the property is the array, not an object
    that refuses every list the server sends."""
    schemas = {
        "Tags": {"type": "array", "items": {"type": "string"}, "nullable": True},
        "Firewall": {"type": "object", "properties": {"tags": {"allOf": [
            {"$ref": "#/components/schemas/Tags"},
            {"description": "The firewall's tags.", "example": "gateway"}]}}},
    }
    paths = {"/firewalls": {"get": {"operationId": "get_firewall",
                                    "responses": ok("Firewall")}}}
    status, err = generate(tmp_path, spec(paths, schemas), capsys)
    assert status == 0, err
    sys.path.insert(0, str(tmp_path / "out"))
    try:

        from edge_client.models import Firewall

        firewall = Firewall.from_dict({"tags": ["base-image", "prod"]})
        assert firewall.tags == ["base-image", "prod"]
        assert firewall.to_dict() == {"tags": ["base-image", "prod"]}
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m.startswith("edge_client")]:
            del sys.modules[name]


def test_a_json_success_that_may_come_as_bytes_is_read_by_its_content_type(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """OpenAI's skill content: `application/zip` (binary) beside `application/json` (a
    string). The call returns `str | bytes`: the JSON decoded when the answer says JSON,
    the zip's bytes as they came otherwise; a JSON-only call still refuses a body that is
    not JSON."""
    zip_or_json = {"200": {"description": "", "content": {
        "application/zip": {"schema": {"type": "string", "format": "binary"}},
        "application/json": {"schema": {"type": "string"}}}}}
    paths = {"/skills/{id}/content": {"get": {
        "operationId": "skill_content",
        "parameters": [{"in": "path", "name": "id", "required": True,
                        "schema": {"type": "string"}}],
        "responses": zip_or_json}},
        "/skills": {"get": {"operationId": "skill_name", "responses": {
            "200": {"description": "", "content": {"application/json": {
                "schema": {"type": "string"}}}}}}}}
    status, err = generate(tmp_path, spec(paths), capsys)
    assert status == 0, err
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        import edge_client

        answers = [(b"PK\x03\x04zip", "application/zip"), (b'"a name"', "application/json"),
                   (b"PK\x03\x04zip", "application/zip")]

        def handler(request: httpx.Request) -> httpx.Response:
            content, kind = answers.pop(0)
            return httpx.Response(200, content=content, headers={"Content-Type": kind})

        client = edge_client.Client(http_client=httpx.Client(
            transport=httpx.MockTransport(handler)))
        assert client.default.skill_content("a") == b"PK\x03\x04zip"
        assert client.default.skill_content("a") == "a name"
        with pytest.raises(edge_client.ResponseDecodeError, match="not valid JSON"):
            client.default.skill_name()
        signature = inspect.signature(client.default.skill_content)
        assert signature.return_annotation == "str | bytes"
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m.startswith("edge_client")]:
            del sys.modules[name]


def test_object_query_parameters_go_as_openapis_form_style_says(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An object in a form-style query parameter (OpenAI's `effective_at`, a map like its
    `metadata`): exploded (the default), each member its own pair, `gt=1&lte=2`; with
    `explode: false`, `range=gt,1,lte,2`; an empty one, nothing. Never JSON text, which
    no peer reads as the object."""
    bounds = {"type": "object", "properties": {"gt": {"type": "integer"},
                                               "lte": {"type": "integer"}}}
    paths = {"/logs": {"get": {
        "operationId": "list_logs",
        "parameters": [
            {"in": "query", "name": "effective_at", "schema": {"$ref":
                                                               "#/components/schemas/Bounds"}},
            {"in": "query", "name": "metadata", "schema": {
                "type": "object", "additionalProperties": {"type": "string"},
                "nullable": True}},
            {"in": "query", "name": "range", "explode": False, "schema": bounds}],
        "responses": {"204": {"description": ""}}}}}
    status, err = generate(tmp_path, spec(paths, {"Bounds": bounds}), capsys)
    assert status == 0, err
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        import edge_client
        from edge_client.models import Bounds

        sent: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return httpx.Response(204)

        client = edge_client.Client(http_client=httpx.Client(
            transport=httpx.MockTransport(handler)))
        client.default.list_logs(effective_at=Bounds(gt=1, lte=2), metadata={"k": "v"},
                                 range=edge_client.models.ListLogsRange(gt=3))
        client.default.list_logs(effective_at=Bounds(), metadata={})
        assert sent[0].url.params.multi_items() == [
            ("gt", "1"), ("lte", "2"), ("k", "v"), ("range", "gt,3")]
        assert sent[1].url.params.multi_items() == []
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m.startswith("edge_client")]:
            del sys.modules[name]


def test_deep_object_query_parameters_go_as_stripe_spells_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Stripe's `created` (`style: deepObject`, an object of bounds or an integer) and
    `expand` (deepObject, an array): `created[gte]=1&created[lt]=9`, `created=5`,
    `expand[]=a&expand[]=b`; a form-style parameter beside them is unchanged."""
    bounds = {"type": "object", "properties": {"gte": {"type": "integer"},
                                               "lt": {"type": "integer"}}}
    paths = {"/charges": {"get": {
        "operationId": "list_charges",
        "parameters": [
            {"in": "query", "name": "created", "style": "deepObject", "explode": True,
             "schema": {"anyOf": [{"$ref": "#/components/schemas/Bounds"},
                                  {"type": "integer"}]}},
            {"in": "query", "name": "expand", "style": "deepObject", "explode": True,
             "schema": {"type": "array", "items": {"type": "string"}}},
            {"in": "query", "name": "ids", "schema": {"type": "array",
                                                      "items": {"type": "string"}}}],
        "responses": {"204": {"description": ""}}}}}
    status, err = generate(tmp_path, spec(paths, {"Bounds": bounds}), capsys)
    assert status == 0, err
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        import edge_client
        from edge_client.models import Bounds

        sent: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return httpx.Response(204)

        client = edge_client.Client(http_client=httpx.Client(
            transport=httpx.MockTransport(handler)))
        client.default.list_charges(created=Bounds(gte=1, lt=9), expand=["a", "b.c"],
                                    ids=["x", "y"])
        client.default.list_charges(created=5)
        assert sent[0].url.params.multi_items() == [
            ("created[gte]", "1"), ("created[lt]", "9"), ("expand[]", "a"),
            ("expand[]", "b.c"), ("ids", "x"), ("ids", "y")]
        assert sent[1].url.params.multi_items() == [("created", "5")]
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m.startswith("edge_client")]:
            del sys.modules[name]
