"""Several servers: `environment=` and the URL variables as typed keywords of the client.

The model names each server from its description (snake_case, `server_N` without one,
unique), and makes each template variable a keyword; the generated client resolves the URL
at run time (checking the environment and enum values, percent-encoding each value for where
it goes), `base_url=` overriding everything. A spec with one plain server keeps its
`base_url` default and has no `environment=`.
"""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.cli import main
from generator.diff.compare import compare, compare_packages
from generator.diff.surface import from_json, surface_of, to_json
from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.model.ir import PackageIR
from tests.conftest import ROOT

ENVIRONMENTS = ROOT / "specs" / "environments.yaml"
PING = {"/ping": {"get": {"operationId": "ping", "tags": ["health"], "responses": {
    "200": {"description": "", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"ok": {"type": "boolean"}}}}}}}}}}


def document(servers: list[dict[str, Any]]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": servers,
            "paths": PING}


def package_of(tmp_path: Path, servers: list[dict[str, Any]]) -> PackageIR:
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(document(servers)), "utf-8")
    return build_package(load_inputs([str(source)]), Options(package="servers_client"))


def generated(tmp_path: Path, source: Path, name: str) -> ModuleType:
    assert main(["generate", str(source), "-o", str(tmp_path), "--package-name", name]) == 0
    sys.path.insert(0, str(tmp_path))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(tmp_path))


@pytest.fixture(scope="module")
def client_module(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generated(tmp_path_factory.mktemp("environments"), ENVIRONMENTS, "envs_client")


def called_url(module: ModuleType, **settings: Any) -> str:
    """The URL the client's one operation is sent to, with these client settings."""
    seen: list[httpx.URL] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, json={"ok": True})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with module.Client(http_client=http, **settings) as client:
        client.health.ping()
    [url] = seen
    return str(url)


def literal_values(annotation: str) -> tuple[object, ...]:
    """The values of a `Literal[...]` annotation (kept as text by the client's
    `from __future__ import annotations`)."""
    hint = eval(annotation, {"Literal": typing.Literal})
    assert typing.get_origin(hint) is typing.Literal
    return typing.get_args(hint)


# --- the model --------------------------------------------------------------------


def test_environment_names_come_from_descriptions(tmp_path: Path) -> None:
    package = package_of(tmp_path, [
        {"url": "https://a.test", "description": "Production server"},
        {"url": "https://b.test", "description": "Sandbox environment"},
        {"url": "https://c.test"},
        {"url": "https://d.test", "description": "Sandbox"},
        {"url": "https://e.test", "description": "class"},
        {"url": "https://f.test", "description": "'); import os #"},
    ])
    names = [env.name for env in package.servers.environments]
    assert names == ["production", "sandbox", "server_3", "sandbox_2", "class_", "import_os"]
    assert package.base_url == "https://a.test"


def test_variables_are_keywords_over_every_server(tmp_path: Path) -> None:
    package = package_of(tmp_path, [
        {"url": "https://{region}.a.test/{timeout}/{base}", "variables": {
            "region": {"default": "eu", "enum": ["eu", "us"]},
            "timeout": {"default": "t"},
            "base": {"default": "v1"}}},
        {"url": "https://{region}.b.test/{base}", "variables": {
            "region": {"default": "eu", "enum": ["eu", "ap"]},
            "base": {"default": "v2"}}},
    ])
    variables = {v.key: v for v in package.servers.variables}
    assert variables["region"].allowed == ("eu", "us", "ap")
    assert variables["region"].default == "eu"
    assert variables["timeout"].name == "timeout_variable"  # the client's own keyword
    assert variables["base"].default is None  # the servers disagree: each its own
    assert package.base_url == "https://eu.a.test/t/v1"


def test_a_variable_named_like_a_credential_keyword_is_renamed(tmp_path: Path) -> None:
    source = document([{"url": "https://{api_key}.a.test", "variables": {
        "api_key": {"default": "eu"}}}, {"url": "https://b.test"}])
    source["components"] = {"securitySchemes": {"api_key": {
        "type": "apiKey", "in": "header", "name": "X-Key"}}}
    source["security"] = [{"api_key": []}]
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(source), "utf-8")
    package = build_package(load_inputs([str(path)]), Options(package="servers_client"))
    assert [scheme.keyword for scheme in package.security.schemes] == ["api_key"]
    assert [variable.name for variable in package.servers.variables] == ["api_key_variable"]


def test_one_plain_server_keeps_a_plain_base_url(tmp_path: Path) -> None:
    package = package_of(tmp_path, [{"url": "https://a.test/", "description": "Production"}])
    assert package.servers.plain and package.base_url == "https://a.test"


# --- the generated client -----------------------------------------------------------


def test_the_signature_shows_environments_and_variables(client_module: ModuleType) -> None:
    parameters = inspect.signature(client_module.Client.__init__).parameters
    names = list(parameters)
    assert names[:7] == ["self", "token", "base_url", "environment", "region", "version",
                         "port"]
    environment = parameters["environment"]
    assert environment.default == "production"
    assert literal_values(environment.annotation) == ("production", "sandbox", "server_3")
    assert literal_values(parameters["region"].annotation) == ("eu", "us")
    assert parameters["version"].annotation == "str"
    assert parameters["region"].default == "eu"
    assert parameters["base_url"].default is None
    async_names = list(inspect.signature(client_module.AsyncClient.__init__).parameters)
    assert async_names[:7] == names[:7]


def test_each_environment_and_variable_reaches_the_request(client_module: ModuleType) -> None:
    assert called_url(client_module) == "https://eu.api.example.test/v1/ping"
    assert called_url(client_module, region="us", version="v2") == (
        "https://us.api.example.test/v2/ping")
    assert called_url(client_module, environment="sandbox") == (
        "https://sandbox.example.test/v1/ping")
    assert called_url(client_module, environment="server_3", port="9000") == (
        "http://localhost:9000/ping")
    assert called_url(client_module, environment="sandbox",
                      base_url="https://override.test/x") == "https://override.test/x/ping"


def test_wrong_settings_are_refused_before_anything_is_sent(client_module: ModuleType) -> None:
    with pytest.raises(ValueError, match="environment must be one of 'production', "):
        client_module.Client(environment="prod")
    with pytest.raises(ValueError, match="'region' must be one of 'eu', 'us', not 'fr'"):
        client_module.Client(region="fr")
    with pytest.raises(ValueError, match="'region' is not used by environment 'sandbox'"):
        client_module.Client(environment="sandbox", region="us")
    with pytest.raises(ValueError, match="must be one of 'eu', 'us', not 'evil.test/'"):
        client_module.Client(region="evil.test/")


def test_values_are_percent_encoded_for_where_they_go(client_module: ModuleType) -> None:
    url = called_url(client_module, version="v2?admin=1#x")
    assert url == "https://eu.api.example.test/v2%3Fadmin=1%23x/ping"
    rt = importlib.import_module("envs_client._runtime")
    servers = {"tenant": rt.Server("https://{tenant}.example.test/{base}", {
        "tenant": rt.ServerVariable("acme"), "base": rt.ServerVariable("api")})}
    moved = rt.server_url(servers, "tenant", {"tenant": "evil.test/", "base": "api/v2"})
    assert moved == "https://evil.test%2F.example.test/api/v2"


def test_a_relative_server_url_asks_for_base_url(tmp_path: Path) -> None:
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(document([{"url": "/api/v1", "description": "Here"},
                                           {"url": "https://b.test", "description": "B"}])))
    module = generated(tmp_path / "out", source, "relative_client")
    with pytest.raises(ValueError, match="relative URL '/api/v1': pass base_url="):
        module.Client()
    assert called_url(module, base_url="https://a.test/api/v1") == "https://a.test/api/v1/ping"
    assert called_url(module, environment="b") == "https://b.test/ping"


def test_hostile_server_text_stays_text_and_the_client_type_checks(tmp_path: Path) -> None:
    url = 'https://{x}.test/"); import os #\\'
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(document([
        {"url": url, "description": '"""; import os; """',
         "variables": {"x": {"default": 'a"b', "enum": ['a"b', "c'd"],
                             "description": '"""\\'}}},
        {"url": "https://b.test", "description": "for"}])))
    module = generated(tmp_path / "out", source, "hostile_servers_client")
    client_source = importlib.import_module("hostile_servers_client.client")
    assert client_source.SERVERS["import_os"].url == url
    assert client_source.SERVERS["import_os"].variables["x"].allowed == ('a"b', "c'd")
    assert list(client_source.SERVERS) == ["import_os", "for_"]
    assert module.Client(environment="for_").base_url == "https://b.test"
    for check in (["-m", "mypy", "--strict", "--no-error-summary", "hostile_servers_client"],
                  ["-m", "ruff", "check", "--isolated", "--no-cache",
                   "hostile_servers_client"]):
        result = subprocess.run([sys.executable, *check], cwd=tmp_path / "out",
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout[-2000:]


# --- the API change report --------------------------------------------------------


def changes_between(tmp_path: Path, old: list[dict[str, Any]],
                    new: list[dict[str, Any]]) -> list[tuple[str, bool, str, str]]:
    (tmp_path / "old").mkdir(parents=True)
    (tmp_path / "new").mkdir(parents=True)
    found = compare_packages(package_of(tmp_path / "old", old), package_of(tmp_path / "new", new))
    return [(c.kind, c.breaking, c.subject, c.detail) for c in found]


def test_the_report_lists_servers_added_removed_and_changed(tmp_path: Path) -> None:
    old = [{"url": "https://{region}.a.test", "description": "Production",
            "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}}},
           {"url": "https://sandbox.test", "description": "Sandbox"},
           {"url": "https://legacy.test", "description": "Legacy"}]
    new = [{"url": "https://{region}.a.test/v2", "description": "Production",
            "variables": {"region": {"default": "eu", "enum": ["eu"]}}},
           {"url": "https://sandbox.test", "description": "Sandbox"},
           {"url": "https://staging.test", "description": "Staging"}]
    assert changes_between(tmp_path, old, new) == [
        ("server-removed", True, "Client(environment='legacy')", "https://legacy.test"),
        ("server-added", False, "Client(environment='staging')", "https://staging.test"),
        ("server-changed", False, "Client(environment='production')",
         "https://{region}.a.test -> https://{region}.a.test/v2"),
        ("server-variable-changed", True, "Client(region=)", "allowed eu, us -> eu"),
    ]


def test_a_new_default_environment_breaks_and_a_moved_plain_server_does_not(
        tmp_path: Path) -> None:
    production = {"url": "https://a.test", "description": "Production"}
    sandbox = {"url": "https://sandbox.test", "description": "Sandbox"}
    assert changes_between(tmp_path / "1", [production, sandbox], [sandbox, production]) == [
        ("server-changed", True, "Client()",
         "the default environment is now 'sandbox' (was 'production')")]
    assert changes_between(tmp_path / "2", [production], [{"url": "https://b.test"}]) == [
        ("server-changed", False, "Client()", "https://a.test -> https://b.test")]
    assert [c[:2] for c in changes_between(tmp_path / "3", [production, sandbox],
                                           [production])] == [
        ("server-removed", True), ("server-removed", True)]


def test_the_saved_surface_keeps_the_servers_and_reads_one_without_them(
        tmp_path: Path) -> None:
    package = package_of(tmp_path, [{"url": "https://{v}.a.test", "description": "A",
                                     "variables": {"v": {"default": "x"}}},
                                    {"url": "https://b.test", "description": "B"}])
    surface = surface_of(package)
    assert from_json(to_json(surface)) == surface
    data = json.loads(to_json(surface))
    assert data["servers"]["environments"] == [["a", "https://{v}.a.test"],
                                               ["b", "https://b.test"]]
    del data["servers"]  # as an earlier campfire-codegen saved it
    older = from_json(json.dumps(data))
    assert older.servers is None and compare(older, surface) == []
