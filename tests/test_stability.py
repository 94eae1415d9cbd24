"""Regenerating after the spec changes keeps the names of everything that did not change."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.model.ir import PackageIR
from tests.conftest import SHARED, require_shared


def _names(package: PackageIR) -> tuple[dict[str, str], dict[str, str]]:
    """Class name by component schema (and direction), operation name by operationId.

    Names derive from the spec's own names only, so these must not change while the
    names they come from stay (inline schemas follow their operation's id).
    """
    classes = {f"{m.schema} [{m.direction}]": m.name for mod in package.modules
               for m in mod.models if m.schema.startswith("/components/")}
    classes |= {e.schema: e.name for mod in package.modules for e in mod.enums
                if e.schema.startswith("/components/")}
    operations = {op.operation_id: op.name for group in package.groups
                  for op in group.operations}
    return classes, operations


def test_names_survive_the_february_to_july_spec_change() -> None:
    old_spec = require_shared(SHARED / "specs" / "campfire-2026-02.json")
    new_spec = require_shared(SHARED / "specs" / "campfire-2026-07.json")
    old_classes, old_ops = _names(build_package(load_inputs([str(old_spec)]), Options()))
    new_classes, new_ops = _names(build_package(load_inputs([str(new_spec)]), Options()))
    shared_classes = set(old_classes) & set(new_classes)
    shared_ops = set(old_ops) & set(new_ops)
    assert len(shared_classes) > 200 and len(shared_ops) > 250
    renamed = {k: (old_classes[k], new_classes[k]) for k in shared_classes
               if old_classes[k] != new_classes[k]}
    assert not renamed
    assert not {k for k in shared_ops if old_ops[k] != new_ops[k]}


def test_console_script_is_installed() -> None:
    script = shutil.which("campfire-codegen")
    assert script is not None, "campfire-codegen is not on PATH: pip install -e '.[test]'"
    result = subprocess.run([script, "generate", "--help"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0 and "--check" in result.stdout


def test_default_run_regenerates_every_spec_folder(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "specs", tmp_path / "specs")
    result = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=tmp_path,
                            capture_output=True, text=True, check=False,
                            env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    produced = sorted(p.name for p in (tmp_path / "generated").iterdir())
    assert produced == sorted(p.name for p in (root / "generated").iterdir())


def test_an_installed_generator_finds_its_templates(tmp_path: Path) -> None:
    """A non-editable install (as pre-commit and build steps do) carries the templates."""
    root = Path(__file__).resolve().parents[1]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(root)],
                   check=True, cwd=tmp_path, capture_output=True)
    result = subprocess.run(
        [str(python), "-m", "generator", "generate", str(root / "specs" / "drf_idioms.yaml"),
         "-o", str(tmp_path / "out"), "--package-name", "installed_client"],
        cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    runtime = tmp_path / "out" / "installed_client" / "_runtime"
    assert sorted(path.name for path in runtime.glob("*.py")) == sorted(
        path.name for path in (root / "templates" / "static" / "_runtime").glob("*.py"))
    assert not (runtime.parent / "_runtime.py").exists()
