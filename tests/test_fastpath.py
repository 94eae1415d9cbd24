"""An unchanged client is recognised from hashes alone, without loading the generator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import fastpath
from generator.cli import main
from generator.write import JOURNAL, MANIFEST
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
    key = fastpath.run_key("other_client", "decimal", strict=False, emit_ir=False, form_style="auto", idempotency_header=None,
                           layout="package")
    out = project / "out"
    assert not fastpath.is_current(out, ["api.yaml"], key)  # another package name
    key = fastpath.run_key("campfire_client", "decimal", strict=False, emit_ir=False, form_style="auto", idempotency_header=None,
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
    key = fastpath.run_key("campfire_client", "decimal", strict=False, emit_ir=False, form_style="auto", idempotency_header=None,
                           layout="package")
    assert fastpath.is_current(clone / "out", ["api.yaml"], key)


def test_a_module_a_torn_run_left_behind_is_never_taken_as_current(project: Path) -> None:
    # What an interrupted removal phase used to leave: the new state file, the old manifest
    # still listing a module the new client no longer has, and that module.
    out = project / "out"
    stale = "campfire_client/models/gone.py"
    (out / stale).write_text("GONE = 1\n", "utf-8")
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    (out / MANIFEST).write_text(json.dumps(sorted([*manifest, stale]), indent=1) + "\n")

    result = _check(project)

    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"would change: out/{stale}"]
    assert main(["generate", "api.yaml", "-o", "out"]) == 0
    assert not (out / stale).exists()
    assert _check(project).returncode == 0


def test_an_unfinished_switch_is_never_taken_as_current(project: Path) -> None:
    (project / "out" / JOURNAL).write_text('{"staging": ".campfire-codegen-staging-x", '
                                           '"put": [], "take": []}\n', "utf-8")
    key = fastpath.run_key("campfire_client", "decimal", strict=False, emit_ir=False, form_style="auto", idempotency_header=None,
                           layout="package")
    assert not fastpath.is_current(project / "out", ["api.yaml"], key)
    result = _check(project)  # finishes it (nothing to do), then finds the client current
    assert result.returncode == 0, result.stderr
    assert not (project / "out" / JOURNAL).exists()
