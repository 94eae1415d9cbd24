"""An unchanged client is recognised from hashes alone, without loading the generator."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import fastpath
from generator.cli import main
from tests.conftest import ROOT

SPEC = ROOT / "specs" / "drf_idioms.yaml"
HEAVY = ("black", "jinja2", "openapi_spec_validator", "generator.pipeline", "yaml")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SPEC, tmp_path / "api.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "api.yaml", "-o", "out"]) == 0
    return tmp_path


def _check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", "generate", "api.yaml", "-o",
         "out", "--check"],
        cwd=project, capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def _imported(result: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:")}


def test_a_current_client_is_answered_without_the_heavy_stages(project: Path) -> None:
    result = _check(project)
    assert result.returncode == 0 and result.stdout == ""
    assert not [name for name in _imported(result) if name.startswith(HEAVY)]


def test_a_changed_spec_takes_the_full_path_and_is_stale(project: Path) -> None:
    spec = project / "api.yaml"
    spec.write_text(spec.read_text("utf-8").replace("A credit memo.", "A memo."), "utf-8")
    result = _check(project)
    assert result.returncode == 1 and "would change:" in result.stdout
    assert "black" in _imported(result) or "jinja2" in _imported(result)


def test_an_edited_output_file_is_never_taken_as_current(project: Path) -> None:
    target = project / "out" / "campfire_client" / "models" / "memo.py"
    target.write_text(target.read_text("utf-8") + "# edited\n", "utf-8")
    result = _check(project)
    assert result.returncode == 1 and "out/campfire_client/models/memo.py" in result.stdout


def test_another_generator_version_is_not_trusted(project: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    key = fastpath.run_key("other_client", "decimal", strict=False, emit_ir=False,
                           layout="package")
    out = project / "out"
    assert not fastpath.is_current(out, ["api.yaml"], key)  # another package name
    key = fastpath.run_key("campfire_client", "decimal", strict=False, emit_ir=False,
                           layout="package")
    assert fastpath.is_current(out, ["api.yaml"], key)
    monkeypatch.setattr(fastpath, "_generator_digest", lambda: "another version")
    assert not fastpath.is_current(out, ["api.yaml"], key)


def test_the_state_holds_in_another_clone(project: Path, tmp_path_factory:
                                          pytest.TempPathFactory,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    clone = tmp_path_factory.mktemp("clone") / "repo"
    shutil.copytree(project, clone)
    monkeypatch.chdir(clone)  # the clone's own working copy, as its developer runs it
    key = fastpath.run_key("campfire_client", "decimal", strict=False, emit_ir=False,
                           layout="package")
    assert fastpath.is_current(clone / "out", ["api.yaml"], key)
