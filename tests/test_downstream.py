"""A downstream repository: its own pyproject.toml configures the client, which follows
Campfire from 2026-02 to 2026-07 with its own version and changelog."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from generator.cli import main
from generator.write import MANIFEST
from tests.conftest import SHARED, require_shared

SPECS = SHARED / "specs"
CONFIGURATION = """\
[project]
name = "books-app"

[tool.campfire-codegen]
spec = "{spec}"
output = "client"
package-name = "campfire_client"
layout = "project"
"""


def configure(repo: Path, spec: Path) -> None:
    (repo / "pyproject.toml").write_text(CONFIGURATION.format(spec=spec.as_posix()), "utf-8")


def generate(capsys: pytest.CaptureFixture[str], *flags: str) -> list[str]:
    code = main(["generate", *flags])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out.splitlines()


def version_of(client: Path) -> str:
    version: str = tomllib.loads((client / "pyproject.toml").read_text("utf-8"))[
        "project"]["version"]
    return version


def test_campfire_2026_02_then_2026_07(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    old = require_shared(SPECS / "campfire-2026-02.json")
    new = require_shared(SPECS / "campfire-2026-07.json")
    repo, client = tmp_path / "books", tmp_path / "books" / "client"
    repo.mkdir()
    monkeypatch.chdir(repo)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1770000000")  # 2026-02-02

    configure(repo, old)
    assert "campfire_client 0.1.0: first version" in generate(capsys)
    assert version_of(client) == "0.1.0"
    first = (client / "CHANGELOG.md").read_text("utf-8")
    assert "## 0.1.0 (2026-02-02)" in first

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782864000")  # 2026-07-01
    configure(repo, new)
    # The changelog entry is part of what --check wants: stale until regenerated.
    assert main(["generate", "--check"]) == 1
    assert f"would change: {Path('client') / 'CHANGELOG.md'}" in capsys.readouterr().out
    out = generate(capsys)

    saved = json.loads((client / "campfire_client.api.json").read_text("utf-8"))
    breaking = sum(1 for line in out if line.lstrip().startswith("BREAKING"))
    assert breaking > 0
    # Below 1.0 a breaking change raises the minor number.
    assert f"campfire_client 0.1.0 -> 0.2.0: {breaking} breaking changes" in out
    assert version_of(client) == saved["package_version"] == "0.2.0"
    init = (client / "campfire_client" / "__init__.py").read_text("utf-8")
    assert '__version__ = "0.2.0"' in init and '__api_version__ = "1.0.0"' in init
    readme = " ".join((client / "README.md").read_text("utf-8").split())
    assert ("Version 0.2.0 of this client (`campfire_client.__version__`), generated from "
            "version 1.0.0 of the API (`campfire_client.__api_version__`).") in readme

    changelog = (client / "CHANGELOG.md").read_text("utf-8")
    entries = [line for line in changelog.splitlines() if line.startswith("## ")]
    assert entries == ["## 0.2.0 (2026-07-01)", "## 0.1.0 (2026-02-02)"]
    assert changelog.endswith(first[first.index("<!-- campfire-codegen: entry 0.1.0"):])
    assert f"API changes since 0.1.0: {breaking} breaking" in changelog
    assert changelog.index("### Breaking changes") < changelog.index("### Added")

    # Nothing changes any more: no new entry, no new version, --check is content.
    assert generate(capsys) == [
        "campfire_client: 0 added, 0 changed, 0 removed in client (up to date)"]
    assert main(["generate", "--check"]) == 0
    assert (client / "CHANGELOG.md").read_text("utf-8") == changelog
    assert MANIFEST in {path.name for path in client.iterdir()}


def test_a_configured_version_and_a_lost_changelog_entry(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    spec = require_shared(SPECS / "campfire-2026-02.json")
    repo, client = tmp_path / "books", tmp_path / "books" / "client"
    repo.mkdir()
    monkeypatch.chdir(repo)
    configure(repo, spec)
    generate(capsys)
    changelog = client / "CHANGELOG.md"
    changelog.write_text("# Our client\n\nKept as we wrote it.\n", "utf-8")

    # The entry of 0.1.0 is gone: --check says so, generate writes it again.
    assert main(["generate", "--check"]) == 1
    assert "would change: " + str(Path("client") / "CHANGELOG.md") in capsys.readouterr().out
    generate(capsys)
    text = changelog.read_text("utf-8")
    assert text.startswith("# Our client\n\nKept as we wrote it.\n\n<!-- campfire-codegen: "
                           "entry 0.1.0 -->\n## 0.1.0 (")
    assert "This entry was missing from the file and was written again" in text

    out = generate(capsys, "--package-version", "1.0.0")
    assert "campfire_client 0.1.0 -> 1.0.0 (package-version): no API change" in out
    assert version_of(client) == "1.0.0"
    assert changelog.read_text("utf-8").count("\n## ") == 2
