"""The full Campfire client compiles, passes mypy --strict and ruff, and is deterministic."""

from __future__ import annotations

import compileall
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_compileall(campfire_dir: Path) -> None:
    assert compileall.compile_dir(str(campfire_dir / "campfire_client"), quiet=1)


def test_mypy_strict_has_no_findings(campfire_dir: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"),
         "--no-error-summary", "campfire_client"],
        cwd=campfire_dir, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_ruff_has_no_findings(campfire_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "campfire_client"],
        cwd=campfire_dir, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def test_two_runs_give_byte_identical_trees(campfire_spec: Path, campfire_dir: Path,
                                            tmp_path: Path) -> None:
    # Another process, another hash seed: set and dict order accidents would show.
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-m", "generator", "generate", str(campfire_spec), "-o",
                    str(tmp_path)], cwd=ROOT, env=env, check=True, capture_output=True)
    assert _tree_digest(tmp_path / "campfire_client") == _tree_digest(
        campfire_dir / "campfire_client")
