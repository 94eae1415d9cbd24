"""Writing the output: only what changed, never a half-written file, never the user's files."""

from __future__ import annotations

import copy
import errno
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.diagnostics import GenerationError
from generator.model.build import Options
from generator.pipeline import generate_files
from generator.write import JOURNAL, MANIFEST, STAGING_PREFIX, STATE, plan, write_tree

PACKAGE = "shop"
OLD_TIME_NS = 1_000_000_000 * 10**9  # 2001: any rewrite shows in the mtime


def schema(**properties: str) -> dict[str, Any]:
    return {"type": "object",
            "properties": {name: {"type": kind} for name, kind in properties.items()}}


def make_spec(**schemas: dict[str, Any]) -> dict[str, Any]:
    paths = {
        f"/{name.lower()}s": {"get": {"operationId": f"list_{name.lower()}s", "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}}}}}}}
        for name in schemas
    }
    return {"openapi": "3.0.3", "info": {"title": "Shop", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas}}


V1 = make_spec(Pet=schema(name="string"), Toy=schema(colour="string"))


def write_spec(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


_GENERATED: dict[str, dict[str, str]] = {}


def files_of(document: dict[str, Any], tmp_path: Path,
             history: Path | None = None) -> dict[str, str]:
    """The generated files, in memory, for `document` (generated once per document);
    `history`: the client they follow (its version and changelog), never cached."""
    if history is not None:
        source = write_spec(tmp_path / "spec-with-history.yaml", document)
        return generate_files([str(source)], Options(package=PACKAGE), history=history).files
    key = json.dumps(document, sort_keys=True)
    if key not in _GENERATED:
        source = write_spec(tmp_path / f"spec-{len(_GENERATED)}.yaml", document)
        _GENERATED[key] = generate_files([str(source)], Options(package=PACKAGE)).files
    return dict(_GENERATED[key])


def snapshot(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file (content, mtime) and folder (None) under `folder`, hidden ones included."""
    return {path.relative_to(folder).as_posix():
            None if path.is_dir() else (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*"))}


def age(folder: Path) -> None:
    """Sets every file's mtime far in the past, so that any rewrite is visible."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD_TIME_NS, OLD_TIME_NS))


def contents(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): path.read_text("utf-8")
            for path in folder.rglob("*")
            if path.is_file() and path.name not in (MANIFEST, STATE)}


def no_staging_left(out: Path) -> None:
    leftovers = [p for folder in (out, out.parent) for p in folder.iterdir()
                 if p.name.startswith((".codegen-", STAGING_PREFIX))]
    assert not leftovers


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder holding the generation of V1, all files aged."""
    folder = tmp_path / "out"
    report = write_tree(files_of(V1, tmp_path), folder)
    assert report.added and not report.changed and not report.removed
    age(folder)
    return folder


def test_first_run_writes_every_file_and_a_manifest(tmp_path: Path) -> None:
    files = files_of(V1, tmp_path)
    folder = tmp_path / "fresh"

    report = write_tree(files, folder)

    assert report.added == sorted(files)
    assert contents(folder) == files
    assert json.loads((folder / MANIFEST).read_text()) == sorted(files)
    assert {f"{PACKAGE}/models/pet.py", f"{PACKAGE}/models/toy.py"} <= set(files)
    no_staging_left(folder)


def test_an_identical_second_run_rewrites_nothing(out: Path, tmp_path: Path) -> None:
    before = snapshot(out)

    report = write_tree(files_of(V1, tmp_path), out)

    assert report.touched == []
    assert snapshot(out) == before  # same bytes, same mtimes, no file added
    assert plan(files_of(V1, tmp_path), out).touched == []


def test_an_identical_second_run_from_the_command_line(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = write_spec(tmp_path / "spec.yaml", V1)
    folder = tmp_path / "cli-out"
    argv = ["generate", str(source), "-o", str(folder), "--package-name", PACKAGE]
    assert main(argv) == 0
    age(folder)
    before = snapshot(folder)
    capsys.readouterr()

    assert main(argv) == 0

    assert snapshot(folder) == before
    assert "0 added, 0 changed, 0 removed" in capsys.readouterr().out


def test_changing_one_schema_rewrites_only_the_affected_files(out: Path, tmp_path: Path) -> None:
    old = files_of(V1, tmp_path)
    v2 = copy.deepcopy(V1)
    v2["components"]["schemas"]["Toy"]["properties"]["colour"]["type"] = "integer"
    new = files_of(v2, tmp_path)
    differing = sorted(name for name in new if old.get(name) != new[name])
    assert f"{PACKAGE}/models/toy.py" in differing
    assert f"{PACKAGE}/models/pet.py" not in differing
    before = snapshot(out)

    report = write_tree(new, out)

    assert report.changed == differing and report.added == [] and report.removed == []
    after = snapshot(out)
    rewritten = sorted(name for name in after if after[name] != before.get(name))
    assert rewritten == differing  # the manifest lists the same files: untouched
    assert contents(out) == new


def test_a_file_no_longer_generated_is_removed(out: Path, tmp_path: Path) -> None:
    v2 = make_spec(Pet=schema(name="string"))
    new = files_of(v2, tmp_path)

    report = write_tree(new, out)

    assert f"{PACKAGE}/models/toy.py" in report.removed
    assert not (out / PACKAGE / "models" / "toy.py").exists()
    assert contents(out) == new
    assert json.loads((out / MANIFEST).read_text()) == sorted(new)


def test_a_regeneration_replaces_the_single_file_runtime_by_the_package(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Clients generated before the runtime became a package hold `_runtime.py`, listed in
    their manifest: a regeneration leaves only `_runtime/` (the package would win the
    import anyway, but a stale module beside it would mislead a reader)."""
    folder = tmp_path / "old-client"
    old = {name: text for name, text in files_of(V1, tmp_path).items()
           if not name.startswith(f"{PACKAGE}/_runtime/")}
    old[f"{PACKAGE}/_runtime.py"] = '"""The runtime as one module."""\n'
    write_tree(old, folder)
    source = write_spec(tmp_path / "spec.yaml", V1)
    capsys.readouterr()

    assert main(["generate", str(source), "-o", str(folder), "--package-name", PACKAGE]) == 0

    runtime = folder / PACKAGE / "_runtime"
    assert not (folder / PACKAGE / "_runtime.py").exists()
    assert (runtime / "__init__.py").is_file() and (runtime / "decoding.py").is_file()
    assert f"{PACKAGE}/_runtime.py" not in json.loads((folder / MANIFEST).read_text())
    assert "1 removed" in capsys.readouterr().out


def test_files_the_generator_did_not_create_are_never_deleted(out: Path, tmp_path: Path) -> None:
    mine = {
        "README.md": "my notes\n",
        f"{PACKAGE}/custom.py": "CUSTOM = 1\n",
        f"{PACKAGE}/models/extra.py": "EXTRA = 2\n",
        "old_models/toy.py": "kept\n",
    }
    for relative, text in mine.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(text)

    # Toy disappears: its module goes, the user's files in the same folders stay.
    write_tree(files_of(make_spec(Pet=schema(name="string")), tmp_path), out)
    write_tree(files_of(make_spec(Pet=schema(name="integer")), tmp_path), out)

    for relative, text in mine.items():
        assert (out / relative).read_text() == text
    assert not (out / PACKAGE / "models" / "toy.py").exists()


def test_an_emptied_folder_is_pruned_but_not_the_output(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    write_tree({"a/b/one.py": "1\n", "top.py": "2\n"}, folder)
    report = write_tree({"top.py": "2\n"}, folder)
    assert report.removed == ["a/b/one.py"]
    assert not (folder / "a").exists()
    report = write_tree({}, folder)
    assert report.removed == ["top.py"]
    assert folder.is_dir()


def test_a_manifest_cannot_make_it_delete_outside_the_output(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    outside = tmp_path / "precious.txt"
    outside.write_text("keep\n")
    write_tree({"one.py": "1\n"}, folder)
    (folder / MANIFEST).write_text(json.dumps(["one.py", "../precious.txt", str(outside)]))

    report = write_tree({"one.py": "1\n"}, folder)

    assert report.removed == []
    assert outside.read_text() == "keep\n"


# --- --check ---------------------------------------------------------------------------

WOULD_CHANGE = re.compile(r"^would change: (?P<path>.+)$")


def check(source: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["generate", str(source), "-o", str(folder), "--package-name", PACKAGE,
                 "--check"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    paths = []
    for line in captured.out.splitlines():
        match = WOULD_CHANGE.match(line)
        assert match, f"unexpected output line {line!r}"
        paths.append(match["path"])
    return code, paths


def test_check_passes_when_the_output_is_current(out: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(out)
    code, paths = check(write_spec(tmp_path / "v1.yaml", V1), out, capsys)
    assert (code, paths) == (0, [])
    assert snapshot(out) == before


def test_check_fails_listing_what_would_change_and_writes_nothing(
        out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v2 = make_spec(Pet=schema(name="integer"), Bag=schema(size="integer"))  # Toy removed
    source = write_spec(tmp_path / "v2.yaml", v2)
    before = snapshot(out)

    code, paths = check(source, out, capsys)

    assert code == 1
    expected = {f"{PACKAGE}/models/pet.py", f"{PACKAGE}/models/bag.py",
                f"{PACKAGE}/models/toy.py"}
    assert {str(out / name) for name in expected} <= set(paths)
    assert not [path for path in paths if "/_runtime/" in path]
    assert snapshot(out) == before
    no_staging_left(out)


def test_check_on_a_missing_output_lists_everything(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "nothing-yet"
    code, paths = check(write_spec(tmp_path / "v1.yaml", V1), folder, capsys)
    assert code == 1
    assert sorted(paths) == sorted(str(folder / name) for name in files_of(V1, tmp_path))
    assert not folder.exists()


# --- failures while writing ------------------------------------------------------------


def failing_replace(monkeypatch: pytest.MonkeyPatch, succeed: int, *,
                    transient: bool = False) -> list[str]:
    """os.replace that works `succeed` times, then fails as on a full disk: every time
    after, or (`transient`) just once."""
    real: Callable[..., None] = os.replace
    done: list[str] = []
    failed: list[str] = []

    def replace(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if len(done) >= succeed and not (transient and failed):
            failed.append(str(target))
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, target, *args, **kwargs)
        done.append(str(target))

    monkeypatch.setattr(os, "replace", replace)
    return done


V2 = make_spec(Pet=schema(name="integer", age="integer"), Toy=schema(colour="integer"),
               Bag=schema(size="integer"), Box=schema(width="number"))


@pytest.mark.parametrize("succeed", [1, 2, 3, 5])
def test_a_failed_switch_leaves_the_whole_old_tree(
        succeed: int, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(out)
    new = files_of(V2, tmp_path, history=out)
    source = write_spec(tmp_path / "v2.yaml", V2)
    done = failing_replace(monkeypatch, succeed, transient=True)

    code = main(["generate", str(source), "-o", str(out), "--package-name", PACKAGE])

    err = capsys.readouterr().err
    assert code == 2, err
    assert len(done) >= succeed
    [line] = err.splitlines()
    assert "Traceback" not in err
    assert re.match(r"^\S.*: error: cannot write: No space left on device \(the old files "
                    r"were put back; .+\)$", line), line
    assert snapshot(out) == before  # every file old, the manifest too; no staging left

    # The next run does the whole job.
    monkeypatch.undo()
    assert main(["generate", str(source), "-o", str(out), "--package-name", PACKAGE]) == 0
    assert contents(out) == new
    source_v1 = write_spec(tmp_path / "v1.yaml", V1)
    assert main(["generate", str(source_v1), "-o", str(out), "--package-name", PACKAGE]) == 0
    assert contents(out) == files_of(V1, tmp_path, history=out)


@pytest.mark.parametrize("succeed", [2, 4])
def test_a_switch_the_disk_stops_is_completed_by_the_next_run(
        succeed: int, out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    new = files_of(V2, tmp_path, history=out)
    source = write_spec(tmp_path / "v2.yaml", V2)
    failing_replace(monkeypatch, succeed)  # every later rename fails: nothing can be undone

    code = main(["generate", str(source), "-o", str(out), "--package-name", PACKAGE])

    err = capsys.readouterr().err
    assert code == 2, err
    [line] = err.splitlines()
    assert line.endswith("(the switch is recorded and the next run completes it; check the "
                         "output folder's permissions and free space, then run again)"), line
    assert (out / JOURNAL).is_file()

    # --check, the first run after the disk recovered, finishes the switch, then judges.
    monkeypatch.undo()
    code, paths = check(source, out, capsys)
    assert (code, paths) == (0, [])
    assert contents(out) == new
    assert not (out / JOURNAL).exists()
    no_staging_left(out)


def test_write_tree_raises_a_located_error(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    write_tree({"a.py": "1\n", "b.py": "1\n"}, folder)
    failing_replace(monkeypatch, 2, transient=True)

    with pytest.raises(GenerationError) as raised:
        write_tree({"a.py": "2\n", "b.py": "2\n"}, folder)

    [problem] = raised.value.diagnostics
    assert problem.file in (str(folder / "a.py"), str(folder / "b.py"))
    assert problem.message == "cannot write: No space left on device"
    assert [(folder / "a.py").read_text(), (folder / "b.py").read_text()] == ["1\n", "1\n"]


def test_an_output_path_that_is_a_file_is_reported(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder\n")
    source = write_spec(tmp_path / "v1.yaml", V1)

    code = main(["generate", str(source), "-o", str(blocker), "--package-name", PACKAGE])

    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err
    assert blocker.read_text() == "not a folder\n"
