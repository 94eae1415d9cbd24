"""Reproducible builds: two generations of one spec with the same settings give
byte-identical client projects, and two wheel builds of them (SOURCE_DATE_EPOCH set) give
identical wheels, so a downstream build step can cache on the wheel's hash.

The wheels are built with the generated pyproject's own backend (flit_core, installed with
the test extra: `--no-isolation`), one from each generation's folder, at different file
times, so neither the folder nor the clock can leak into the wheel.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
SPECS = {"drf_idioms": ROOT / "specs" / "drf_idioms.yaml",
         "hostile_names": ROOT / "specs" / "hostile_names.yaml",
         "environments": ROOT / "specs" / "environments.yaml"}  # several servers


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def generated_twice(spec: Path, tmp_path: Path) -> tuple[Path, Path]:
    folders = (tmp_path / "first", tmp_path / "second")
    for folder in folders:
        argv = ["generate", str(spec), "-o", str(folder), "--layout", "project",
                "--package-name", "sample_client"]
        assert main(argv) == 0
    return folders


def wheel_of(project: Path, out: Path) -> Path:
    environment = os.environ | {"SOURCE_DATE_EPOCH": EPOCH}
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                            "--outdir", str(out), str(project)], capture_output=True, text=True,
                           env=environment, check=False, timeout=300)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    [wheel] = out.glob("*.whl")
    return wheel


@pytest.mark.parametrize("name", list(SPECS))
def test_two_generations_are_byte_identical(name: str, tmp_path: Path) -> None:
    first, second = generated_twice(SPECS[name], tmp_path)
    files = tree(first)
    assert "pyproject.toml" in files and "sample_client/client.py" in files
    assert tree(second) == files


def test_the_campfire_project_is_generated_byte_identical(campfire_spec: Path,
                                                          tmp_path: Path) -> None:
    first, second = generated_twice(campfire_spec, tmp_path)
    files = tree(first)
    assert len(files) > 300
    assert tree(second) == files


def test_two_wheel_builds_are_identical(tmp_path: Path) -> None:
    first, second = generated_twice(SPECS["drf_idioms"], tmp_path)
    os.utime(second / "sample_client" / "client.py", (0, 0))  # another file time
    (second / "sample_client" / "client.py").chmod(0o664)  # and another umask's mode
    wheels = [wheel_of(first, tmp_path / "dist-1"), wheel_of(second, tmp_path / "dist-2")]
    digests = {hashlib.sha256(wheel.read_bytes()).hexdigest() for wheel in wheels}
    assert len(digests) == 1, [wheel.name for wheel in wheels]
    with zipfile.ZipFile(wheels[0]) as archive:
        names = archive.namelist()
        stamps = {info.date_time for info in archive.infolist()}
    assert "sample_client/py.typed" in names and "sample_client/client.py" in names
    assert not [n for n in names if n.endswith((".api.json", ".ir.txt", ".pyc"))]
    assert stamps == {(2026, 1, 1, 0, 0, 0)}  # SOURCE_DATE_EPOCH's, not the files'
    # The backend builds from the folder itself: nothing left behind to leak into the next.
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())
    assert not (first / "build").exists()
