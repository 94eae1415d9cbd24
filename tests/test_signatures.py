"""Arguments cannot swap: which are positional, and in what order, comes from the path template.

Only the last path parameter (in the template's order) is positional; every other argument
is keyword-only. Reordering a spec's `parameters` list changes no signature and no saved API
surface; reordering a template is a breaking change the report names.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.diff.surface import surface_of, to_json
from generator.load import load_inputs
from generator.model.build import Options, build_package
from tests.conftest import SHARED, require_shared

Spec = dict[str, Any]


def path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def repos(template: str = "/orgs/{org}/repos/{repo}/commits/{sha}",
          order: tuple[str, ...] = ("sha", "org", "repo")) -> Spec:
    """One operation with three string path parameters (listed in `order`) and two query
    parameters: the shape where a swap would go unnoticed by any type checker."""
    params = [path_param(name) for name in order]
    params += [{"name": "page", "in": "query", "schema": {"type": "integer"}},
               {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}]
    return {"openapi": "3.0.3", "info": {"title": "Repos", "version": "1"},
            "paths": {template: {"get": {
                "operationId": "get_commit", "tags": ["repos"], "parameters": params,
                "responses": {"204": {"description": "ok"}}}}}}


def surface_text(tmp_path: Path, spec: Spec, name: str) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(spec), "utf-8")
    return to_json(surface_of(build_package(load_inputs([str(path)]), Options())))


def generated_signature(tmp_path: Path, spec: Spec, package: str) -> inspect.Signature:
    path = tmp_path / f"{package}.json"
    path.write_text(json.dumps(spec), "utf-8")
    out = tmp_path / f"out-{package}"
    assert main(["generate", str(path), "-o", str(out), "--package-name", package]) == 0
    sys.path.insert(0, str(out))
    try:
        group = importlib.import_module(f"{package}.api.repos")
    finally:
        sys.path.remove(str(out))
    return inspect.signature(group.ReposApi.get_commit)


def kinds(signature: inspect.Signature) -> list[tuple[str, str]]:
    return [(name, p.kind.name) for name, p in signature.parameters.items()]


def test_only_the_last_path_parameter_of_the_template_is_positional(tmp_path: Path) -> None:
    signature = generated_signature(tmp_path, repos(), "repos_a")
    assert kinds(signature) == [
        ("self", "POSITIONAL_OR_KEYWORD"), ("sha", "POSITIONAL_OR_KEYWORD"),
        ("org", "KEYWORD_ONLY"), ("repo", "KEYWORD_ONLY"), ("q", "KEYWORD_ONLY"),
        ("page", "KEYWORD_ONLY"), ("options", "VAR_KEYWORD")]


def test_reordering_the_parameters_list_changes_no_signature(tmp_path: Path) -> None:
    first = generated_signature(tmp_path, repos(order=("sha", "org", "repo")), "repos_b")
    second = generated_signature(tmp_path, repos(order=("repo", "sha", "org")), "repos_c")
    assert kinds(first) == kinds(second)
    assert surface_text(tmp_path, repos(order=("sha", "org", "repo")), "b") == surface_text(
        tmp_path, repos(order=("org", "repo", "sha")), "c")


def test_the_campfire_surface_ignores_the_order_of_parameters(tmp_path: Path) -> None:
    spec = json.loads(require_shared(SHARED / "specs" / "campfire-2026-07.json").read_text())
    reversed_spec = copy.deepcopy(spec)
    reordered = 0
    for item in reversed_spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and len(operation.get("parameters") or []) > 1:
                operation["parameters"].reverse()
                reordered += 1
    assert reordered > 100
    saved = json.loads(surface_text(tmp_path, spec, "campfire"))
    assert surface_text(tmp_path, reversed_spec, "reversed") == json.dumps(
        saved, indent=1, ensure_ascii=False) + "\n"
    two_path_params = [op for op in saved["operations"].values()
                       if sum(key.startswith("path ") for key in op["params"]) > 1]
    assert two_path_params and all(len(op["positional"]) == 1 for op in two_path_params)


def test_a_reordered_template_is_a_breaking_change(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(repos()), "utf-8")
    new.write_text(json.dumps(repos("/repos/{repo}/commits/{sha}/orgs/{org}")), "utf-8")
    assert main(["diff", str(old), str(new), "--format", "json", "--fail-on", "breaking"]) == 1
    changes = {(c["kind"], c["breaking"], c["subject"], c["detail"])
               for c in json.loads(capsys.readouterr().out)["changes"]}
    call = "client.repos.get_commit"
    old_key = "GET /orgs/{org}/repos/{repo}/commits/{sha}"
    new_key = "GET /repos/{repo}/commits/{sha}/orgs/{org}"
    assert changes == {
        ("operation-path-changed", False, call, f"{old_key} -> {new_key}"),
        ("parameter-position-changed", True, f"{call}(sha)",
         f"{new_key}: path sha was argument 1; argument 1 is now org (path org)"),
        ("parameter-positional", False, f"{call}(org)",
         f"{new_key}: path org may now be passed as argument 1"),
    }
