"""The closing summary's figures reach the terminal when xdist workers run the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CONFTEST = ("from tests.conftest import (pytest_sessionfinish, pytest_terminal_summary,\n"
            "                            pytest_testnodedown)\n")
TEST = ("from tests.reporting import report, section\n"
        "def test_{name}() -> None:\n"
        "    report('figure from {name}')\n"
        "    section('wire summary').append('wire line from {name}')\n")


@pytest.mark.parametrize("workers", [["-p", "xdist.plugin", "-n", "2"], []])
def test_lines_registered_by_tests_are_printed_once_at_the_end(workers: list[str],
                                                               tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST, "utf-8")
    for name in ("first", "second"):
        (tmp_path / f"test_{name}.py").write_text(TEST.format(name=name), "utf-8")
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         *workers, "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120,
        # Only xdist, where asked: the other plugins' imports would cost seconds.
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-2000:]
    lines = ran.stdout.splitlines()
    for line in ("figure from first", "figure from second", "wire line from first",
                 "wire line from second"):
        assert lines.count(line) == 1, ran.stdout
    # The sections in order: the named ones, then the loose figures.
    assert lines.index("wire line from first") < lines.index("figure from first")
