"""The client's own version (proposed from the API's changes, or configured) and the
changelog the generator keeps beside it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.diff.bump import bump_of, counted, next_release
from generator.diff.changes import KINDS, Change
from generator.render.changelog import entry, entry_date, title
from generator.versions import bumped, is_lower, is_package_version
from generator.write.changelog import changelog_name, has_entry, keeps, marker, with_entry
from tests.test_ownership import V1, V2

REMOVED = Change("operation-removed", True, "client.shop.list_pets", "GET /pets")
ADDED = Change("operation-added", False, "client.shop.list_toys", "GET /toys")
FIELD = Change("field-added", False, "Pet.age", "int | Unset (in responses)")
DEPRECATED = Change("operation-deprecated", False, "client.shop.get_pet", "GET /pets/{id}")
VERSION = Change("version-changed", False, "API", "1.0 -> 1.1")


# --- the bump -----------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "bump"), [
    ([], None),
    ([REMOVED], "major"),
    ([REMOVED, ADDED, DEPRECATED], "major"),
    ([ADDED], "minor"),
    ([FIELD, DEPRECATED], "minor"),
    ([DEPRECATED], "patch"),
    ([VERSION], "patch"),
])
def test_each_category_calls_for_its_bump(changes: list[Change], bump: str | None) -> None:
    assert bump_of(changes) == bump


def test_a_non_breaking_kind_ending_in_added_is_an_addition_and_no_other() -> None:
    for kind in KINDS:
        change = Change(kind, False, "X", "y")
        assert bump_of([change]) == ("minor" if kind.endswith("-added") else "patch"), kind
    # A required field added to a request model breaks callers: major, not minor.
    assert bump_of([Change("field-added", True, "Pet.age", "int")]) == "major"


@pytest.mark.parametrize(("version", "bump", "expected"), [
    ("0.3.0", "major", "0.4.0"),  # below 1.0 a breaking change raises the minor number
    ("0.3.2", "minor", "0.4.0"),
    ("0.3.2", "patch", "0.3.3"),
    ("1.2.3", "major", "2.0.0"),
    ("1.2.3", "minor", "1.3.0"),
    ("1.2.3", "patch", "1.2.4"),
    ("2", "minor", "2.1.0"),
    ("1.2.3rc1", "patch", "1.2.4"),
    ("0.3.0", None, "0.3.0"),
])
def test_bumped_versions(version: str, bump: str | None, expected: str) -> None:
    assert bumped(version, bump) == expected


def test_the_first_generation_is_0_1_0_and_a_regeneration_bumps_the_recorded_one() -> None:
    first = next_release(None, None, None)
    assert (first.version, first.previous, first.is_new) == ("0.1.0", None, True)
    assert first.describe("shop") == "shop 0.1.0: first version"
    breaking = next_release("0.3.0", [REMOVED] * 12 + [ADDED], None)
    assert breaking.version == "0.4.0"
    assert breaking.describe("campfire_client") == (
        "campfire_client 0.3.0 -> 0.4.0: 12 breaking changes")
    additions = next_release("1.4.2", [ADDED, FIELD, DEPRECATED], None)
    assert additions.describe("shop") == "shop 1.4.2 -> 1.5.0: 2 additions"
    other = next_release("1.4.2", [DEPRECATED], None)
    assert other.describe("shop") == "shop 1.4.2 -> 1.4.3: 1 change"
    unchanged = next_release("1.4.2", None, None)
    assert (unchanged.version, unchanged.is_new) == ("1.4.2", False)


def test_a_configured_version_wins_even_when_lower() -> None:
    configured = next_release("0.4.0", [ADDED], "2.0.0")
    assert (configured.version, configured.configured, configured.lowered) == (
        "2.0.0", True, False)
    assert configured.describe("shop") == "shop 0.4.0 -> 2.0.0 (package-version): 1 addition"
    lower = next_release("0.4.0", None, "0.2.0")
    assert lower.version == "0.2.0" and lower.lowered
    assert is_lower("0.9.0", "0.10.0") and not is_lower("1.0.0", "1.0")


def test_counted_names_what_decided_the_bump() -> None:
    assert counted([REMOVED, ADDED]) == "1 breaking change"
    assert counted([ADDED, ADDED, DEPRECATED]) == "2 additions"
    assert counted([DEPRECATED, VERSION]) == "2 changes"


@pytest.mark.parametrize("text", ["1.0.0", "0.1", "2.0.0rc1", "1.0.post1", "3.1.0.dev2"])
def test_package_versions(text: str) -> None:
    assert is_package_version(text)


@pytest.mark.parametrize("text", ["v1.0", "July 2026", "1.0-beta", "", "1.0.0\n"])
def test_not_package_versions(text: str) -> None:
    assert not is_package_version(text)


# --- the changelog --------------------------------------------------------------------

DAY = date(2026, 7, 1)


def entry_of(previous: str | None, changes: list[Change], configured: str | None = None,
             ) -> tuple[str, str]:
    release = next_release(previous, changes, configured)
    return release.version, entry(release, "1.0.0", DAY)


def test_an_entry_has_the_version_date_api_version_and_breaking_changes_first() -> None:
    version, text = entry_of("0.3.0", [ADDED, DEPRECATED, REMOVED])
    assert version == "0.4.0"
    lines = text.splitlines()
    assert lines[:5] == [marker("0.4.0"), "## 0.4.0 (2026-07-01)", "", "API version 1.0.0.",
                         "API changes since 0.3.0: 1 breaking, 1 added, 1 other."]
    sections = [line for line in lines if line.startswith("### ")]
    assert sections == ["### Breaking changes: what a caller must change", "### Added",
                        "### Other changes"]
    assert "Operations removed (1): remove these calls." in lines
    assert "- `client.shop.list_pets`: GET /pets" in lines


def test_the_changelog_gets_one_entry_per_version_newest_first() -> None:
    name = changelog_name("shop", "project")
    assert name == "CHANGELOG.md" and changelog_name("shop", "package") == "shop.CHANGELOG.md"
    first = with_entry(None, entry_of(None, [])[1], title("shop"))
    assert first.startswith("# Changelog of shop\n") and has_entry(first, "0.1.0")
    second = with_entry(first, entry_of("0.1.0", [REMOVED])[1], title("shop"))
    assert second.index(marker("0.2.0")) < second.index(marker("0.1.0"))
    assert keeps(first.encode(), second.encode())  # the first entry, byte for byte


def test_hand_written_text_above_and_inside_entries_is_kept() -> None:
    first = with_entry(None, entry_of(None, [])[1], title("shop"))
    edited = first.replace("# Changelog of shop\n", "# Changelog of shop\n\nOur notes.\n")
    edited = edited.replace("First version.", "First version.\n\nReleased to the team.")
    second = with_entry(edited, entry_of("0.1.0", [ADDED])[1], title("shop"))
    assert keeps(edited.encode(), second.encode())
    assert second.index("Our notes.") < second.index(marker("0.2.0"))
    assert "Released to the team." in second


def test_a_hand_written_changelog_without_entries_gets_them_before_its_first_release() -> None:
    ours = "# History\n\nIntro.\n\n## 0.0.9\n\nHand-made.\n"
    text = with_entry(ours, entry_of(None, [])[1], title("shop"))
    assert text.startswith("# History\n\nIntro.\n\n" + marker("0.1.0"))
    assert text.endswith("\n## 0.0.9\n\nHand-made.\n") and keeps(ours.encode(), text.encode())
    plain = with_entry("Notes", entry_of(None, [])[1], title("shop"))
    assert plain.startswith("Notes\n\n" + marker("0.1.0"))


def test_keeps_refuses_any_text_that_loses_something() -> None:
    old = b"# A\n\nentry one\n"
    assert keeps(old, b"# A\n\nnew\nentry one\n")
    assert not keeps(old, b"# A\n\nentry 1\n")
    assert not keeps(old, b"# A\n")
    assert not keeps(old, b"new\n# A\n\nentry one\nmore\n")  # two insertions: a rewrite


def test_source_date_epoch_sets_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782864000")  # 2026-07-01T00:00:00Z
    assert entry_date() == DAY


# --- diff --format json carries the bump ------------------------------------------------


def test_diff_json_proposes_the_bump_and_the_next_version(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    old.write_text(yaml.safe_dump(V1), "utf-8")
    new.write_text(yaml.safe_dump(V2), "utf-8")  # a field type changes: breaking
    assert main(["generate", str(old), "-o", str(tmp_path / "out"), "--package-name", "shop",
                 "--package-version", "1.4.0"]) == 0
    capsys.readouterr()

    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    from_specs = json.loads(capsys.readouterr().out)
    assert main(["diff", str(tmp_path / "out" / "shop.api.json"), str(new), "--format",
                 "json"]) == 0
    from_saved = json.loads(capsys.readouterr().out)

    assert (from_specs["bump"], from_specs["version"], from_specs["proposed_version"]) == (
        "major", None, None)
    assert (from_saved["bump"], from_saved["version"], from_saved["proposed_version"]) == (
        "major", "1.4.0", "2.0.0")
    assert from_saved["changes"] == from_specs["changes"] != []
    assert main(["diff", str(old), str(old), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "bump": None, "version": None, "proposed_version": None, "changes": []}


def test_a_client_without_a_recorded_version_starts_again_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, out = tmp_path / "v1.yaml", tmp_path / "out"
    spec.write_text(yaml.safe_dump(V1), "utf-8")
    argv = ["generate", str(spec), "-o", str(out), "--package-name", "shop"]
    assert main(argv) == 0
    saved = out / "shop.api.json"
    surface = json.loads(saved.read_text("utf-8"))
    del surface["package_version"]  # as an earlier campfire-codegen wrote it
    saved.write_text(json.dumps(surface, indent=1) + "\n", "utf-8")
    capsys.readouterr()

    assert main([*argv, "--package-version", "0.3.0"]) == 0  # carried on from the user's
    assert "shop 0.3.0 (package-version): first version" in capsys.readouterr().out
    surface = json.loads(saved.read_text("utf-8"))
    assert surface["package_version"] == "0.3.0"
    del surface["package_version"]
    saved.write_text(json.dumps(surface, indent=1) + "\n", "utf-8")
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "shop 0.1.0: first version" in captured.out.splitlines()
    assert captured.err.splitlines() == [
        ("campfire-codegen: note: shop was written by an earlier campfire-codegen, which "
         "recorded no client version: numbering starts at 0.1.0 (set package-version to "
         "carry on from yours)")]
