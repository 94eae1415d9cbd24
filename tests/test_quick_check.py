"""The no-op `generate --check` answered before the command line is imported, and only
when the full command would say the same."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli, quick_check
from generator.write import STAGING_PREFIX
from tests.conftest import ROOT

SPEC = ROOT / "specs" / "drf_idioms.yaml"
CHECK = ["generate", "api.yaml", "-o", "out", "--check"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SPEC, tmp_path / "api.yaml")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate", "api.yaml", "-o", "out"]) == 0
    return tmp_path


def test_its_options_are_the_commands_defaults() -> None:
    args = cli._parser().parse_args(CHECK)
    settings = cli._settings(args, None, default_run=False)
    assert dataclasses.asdict(settings) == quick_check.DEFAULTS
    assert cli._DEFAULT_PACKAGE == quick_check._PACKAGE


@pytest.mark.parametrize("argv", [
    CHECK,
    ["generate", "--check", "a.yaml", "b.yaml", "--output", "x y"],
    ["generate", "a.yaml", "--output=out", "--check"],
    ["generate", "a.yaml", "--check"],
    ["generate", "-o", "out", "a.yaml", "b.yaml", "--check"],
])
def test_what_it_reads_it_reads_as_argparse_does(argv: list[str]) -> None:
    parsed = quick_check._parse(argv)
    args = cli._parser().parse_args(argv)
    assert parsed == (args.specs, args.output or Path("."))


@pytest.mark.parametrize("argv", [
    ["generate", "api.yaml", "-o", "out"],  # no --check
    ["generate", "-o", "out", "--check"],  # no SPEC: the configured or the default run
    ["generate", "api.yaml", "-o", "out", "--check", "--strict"],
    ["generate", "api.yaml", "--out", "out", "--check"],  # an abbreviation
    ["generate", "api.yaml", "-oout", "--check"],
    ["generate", "api.yaml", "-o", "--check"],
    ["generate", "--", "api.yaml", "--check"],
    ["generate", "https://example.test/api.yaml", "--check"],
    ["generate", "api.yaml", "-o", "a", "-o", "b", "--check"],
    ["generate", "a.yaml", "-o", "out", "b.yaml", "--check"],  # argparse refuses it
    ["diff", "a.yaml", "b.yaml"],
    [],
])
def test_anything_else_is_left_to_the_full_command(argv: list[str]) -> None:
    assert quick_check._parse(argv) is None


def test_a_current_client_is_answered(project: Path) -> None:
    assert quick_check.answer(CHECK) == 0


@pytest.mark.parametrize("pyproject", [
    '[tool.campfire-codegen]\npackage-name = "other_client"\n',
    '[tool."campfire-codegen"]\n',
    'tool.campfire-codegen.layout = "project"\n',
    "[tool.campfire-codegen\n",  # not TOML: the full command refuses it
])
def test_a_configuration_or_a_broken_pyproject_is_left_to_the_full_command(
        project: Path, pyproject: str) -> None:
    (project / "pyproject.toml").write_text(pyproject, "utf-8")
    assert quick_check.answer(CHECK) is None


def test_a_pyproject_without_the_table_changes_nothing(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "campfire-codegen-user"\n')
    assert quick_check.answer(CHECK) == 0


def test_a_changed_output_or_an_unfinished_run_is_left_to_the_full_command(
        project: Path) -> None:
    target = project / "out" / "campfire_client" / "models" / "memo.py"
    original = target.read_bytes()
    target.write_bytes(original.replace(b"memo", b"mem0", 1))
    assert quick_check.answer(CHECK) is None
    target.write_bytes(original)
    assert quick_check.answer(CHECK) == 0
    (project / "out" / f"{STAGING_PREFIX}left").mkdir()
    assert quick_check.answer(CHECK) is None


def test_the_command_answers_without_importing_its_command_line(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", *CHECK], cwd=project,
        capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0 and result.stdout == "", result.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "generator.quick_check" in imported
    assert not imported & {"argparse", "generator.cli", "generator.config", "generator.write"}
