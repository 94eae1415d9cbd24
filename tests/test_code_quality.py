"""The generator's own code is typed and clean: mypy --strict and ruff, as configured in
pyproject.toml; the runtime copied into every client too."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_generator_passes_mypy_strict() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_generator_and_tests_pass_ruff() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "generator", "tests"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_runtime_passes_mypy_strict_and_ruff_on_its_own() -> None:
    runtime = ROOT / "templates" / "static" / "_runtime.py"
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(runtime)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", str(runtime)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert ruff.returncode == 0, ruff.stdout[-3000:]
