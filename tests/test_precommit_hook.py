"""The pre-commit hooks, run by the real `pre-commit` in a throwaway downstream repository.

This project (its working tree, committed into a temporary git repository) is the hook
repository; pre-commit installs it into its own virtual environment, as it would for a user.
A commit that changes the spec without regenerating is blocked, naming the stale files;
after the regenerate hook has run, the commit passes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1"},
    "paths": {"/pets/{id}": {"get": {
        "operationId": "get_pet", "tags": ["pets"],
        "parameters": [{"name": "id", "in": "path", "required": True,
                        "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Pet"}}}}}}}},
    "components": {"schemas": {"Pet": {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string"}}}}},
}
PYPROJECT = """\
[project]
name = "shop"
version = "1.0"

[tool.campfire-codegen]
spec = "api/shop.yaml"
output = "client"
package-name = "shop_client"
layout = "project"
"""
# What the no-op check on every commit never imports: it answers from hashes alone
# (generator/fastpath.py), cheap enough that nobody turns it off (bench/run.py --noop times
# it). Not black: the fast path looks for black's version by finding the package.
HEAVY = ("jinja2", "openapi_spec_validator")


def git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                            check=True, timeout=60)
    return result.stdout.strip()


def clean_env(**extra: str) -> dict[str, str]:
    """No GIT_* variables from a surrounding hook; identities and pre-commit's home set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"PRE_COMMIT_COLOR": "never", **extra})
    return env


def init_repo(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    git("init", "-q", cwd=path)
    git("config", "user.name", "Hook Test", cwd=path)
    git("config", "user.email", "hook-test@example.test", cwd=path)
    git("config", "commit.gpgsign", "false", cwd=path)


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This project's working tree as it is now, committed into a temporary repository
    (pre-commit needs a git repository and a revision)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    init_repo(repo)
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for relative in filter(None, listed.split("\0")):
        source = ROOT / relative
        if source.is_file():
            (repo / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / relative)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "working tree", cwd=repo)
    return repo, git("rev-parse", "HEAD", cwd=repo)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache per test session: the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False, timeout=300)


def without_heavy_modules(env: dict[str, str], folder: Path) -> dict[str, str]:
    """`env` whose Python fails to import the HEAVY modules (the hook's included)."""
    folder.mkdir(exist_ok=True)
    for name in HEAVY:
        (folder / f"{name}.py").write_text(
            f"raise ImportError('the no-op check imported {name}')\n", encoding="utf-8")
    return {**env, "PYTHONPATH": str(folder)}


def commit(message: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`git commit`, which runs the installed pre-commit hook (its report is in stdout)."""
    return subprocess.run(["git", "commit", "-m", message], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          check=False, timeout=300)


def test_a_stale_client_blocks_the_commit_until_regenerated(
        hook_repo: tuple[Path, str], pre_commit_home: Path, tmp_path: Path) -> None:
    hook_path, rev = hook_repo
    env = clean_env(PRE_COMMIT_HOME=str(pre_commit_home))
    repo = tmp_path / "downstream"
    init_repo(repo)
    (repo / "api").mkdir()
    (repo / "api" / "shop.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    (repo / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{
        "repo": str(hook_path), "rev": rev, "hooks": [
            {"id": "campfire-codegen-check"},
            {"id": "campfire-codegen", "stages": ["manual"]},
        ]}]}), encoding="utf-8")
    installed = pre_commit("install", cwd=repo, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    # First generation, with the regenerate hook (this builds the hook environment).
    git("add", "-A", cwd=repo)
    generated = pre_commit("run", "--hook-stage", "manual", "campfire-codegen", "--all-files",
                           cwd=repo, env=env)
    # New files are not changes to tracked files: pre-commit lets this run pass.
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert (repo / "client" / "shop_client" / "client.py").is_file()
    assert (repo / "client" / "pyproject.toml").is_file()  # the configured layout

    # A current client: the check passes without loading, validating or rendering.
    git("add", "-A", cwd=repo)
    first = commit("add the client", repo, without_heavy_modules(env, tmp_path / "heavy"))
    assert first.returncode == 0, first.stdout
    assert "campfire-codegen (generated client is current)" in first.stdout
    assert "Passed" in first.stdout
    head = git("rev-parse", "HEAD", cwd=repo)

    # The spec changes, the client does not: blocked, naming the stale files.
    changed = dict(SPEC)
    changed["components"] = {"schemas": {"Pet": {"type": "object", "required": ["name"],
                                                 "properties": {"name": {"type": "string"},
                                                                "colour": {"type": "string"}}}}}
    (repo / "api" / "shop.yaml").write_text(yaml.safe_dump(changed), encoding="utf-8")
    git("add", "api/shop.yaml", cwd=repo)
    blocked = commit("new spec", repo, env)
    assert blocked.returncode != 0
    assert "Failed" in blocked.stdout
    stale = {line.removeprefix("would change: ") for line in blocked.stdout.splitlines()
             if line.startswith("would change: ")}
    # The model, and the client's version (0.1.0 -> 0.2.0: a field was added) with its
    # changelog entry.
    assert {"client/shop_client/models/pet.py", "client/shop_client.api.json",
            "client/pyproject.toml", "client/CHANGELOG.md"} <= stale, blocked.stdout
    assert "client/shop_client/_runtime/transport.py" not in stale  # only what changed
    assert "API changes in shop_client: 0 breaking, 1 other change\n" in blocked.stdout
    assert git("rev-parse", "HEAD", cwd=repo) == head  # nothing was committed

    # Regenerate, stage, commit: passes.
    regenerated = pre_commit("run", "--hook-stage", "manual", "campfire-codegen",
                             "--all-files", cwd=repo, env=env)
    assert regenerated.returncode == 1  # a fixer that changed tracked files fails the run
    assert "files were modified by this hook" in regenerated.stdout
    assert "Pet.colour" in regenerated.stdout, regenerated.stdout
    assert "shop_client 0.1.0 -> 0.2.0: 1 addition" in regenerated.stdout
    git("add", "-A", cwd=repo)
    passed = commit("new spec", repo, env)
    assert passed.returncode == 0, passed.stdout
    assert git("rev-parse", "HEAD", cwd=repo) != head
