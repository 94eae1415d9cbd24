"""The generator writes only what it owns, only inside the output folder, never its input.

Each refusal is exit 2 with one exact line per problem, and nothing written anywhere.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.write import MANIFEST

PACKAGE = "shop"


def model(**properties: str) -> dict[str, Any]:
    return {"type": "object",
            "properties": {name: {"type": kind} for name, kind in properties.items()}}


def shop(**schemas: dict[str, Any]) -> dict[str, Any]:
    paths = {f"/{name.lower()}s": {"get": {"operationId": f"list_{name.lower()}s", "responses": {
        "200": {"description": "ok", "content": {"application/json": {"schema": {
            "$ref": f"#/components/schemas/{name}"}}}}}}} for name in schemas}
    return {"openapi": "3.0.3", "info": {"title": "Shop", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas}}


V1 = shop(Pet=model(name="string"), Toy=model(colour="string"))
V2 = shop(Pet=model(name="string"), Toy=model(colour="integer"), Bag=model(size="integer"))


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: file bytes, link targets, folders."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        found[name] = (f"-> {os.readlink(path)}" if path.is_symlink()
                       else "<dir>" if path.is_dir() else path.read_bytes())
    return found


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return code, err.splitlines()


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A folder with spec.yaml (V1) and its client generated into out/."""
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(V1), "utf-8")
    assert run(capsys, "generate", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out"),
               "--package-name", PACKAGE)[0] == 0
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(V2), "utf-8")
    return tmp_path


def regenerate(project: Path, capsys: pytest.CaptureFixture[str], *extra: str,
               ) -> tuple[int, list[str]]:
    return run(capsys, "generate", str(project / "spec.yaml"), "-o", str(project / "out"),
               "--package-name", PACKAGE, *extra)


def test_a_symlinked_folder_inside_the_package_is_refused(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = (project / "out").resolve()
    elsewhere = project / "elsewhere"
    (out / PACKAGE / "models").rename(elsewhere)
    (out / PACKAGE / "models").symlink_to(elsewhere)
    before_out, before_elsewhere = snapshot(out), snapshot(elsewhere)

    code, lines = regenerate(project, capsys)

    assert code == 2
    assert lines == [
        (f"{out}/{PACKAGE}/models: error: is a symbolic link (to {elsewhere}); the generator "
        f"writes only inside the output folder {out} (replace the link with a real folder, or "
        "generate into the folder it points to)")]
    assert snapshot(out) == before_out
    assert snapshot(elsewhere) == before_elsewhere
    code, lines = regenerate(project, capsys, "--check")
    assert code == 2 and len(lines) == 1


def test_a_user_file_where_a_new_module_goes_is_never_overwritten(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = (project / "out").resolve()
    mine = out / PACKAGE / "models" / "bag.py"
    mine.write_text("# my own bag\n", "utf-8")
    before = snapshot(out)

    code, lines = regenerate(project, capsys)

    assert code == 2
    assert lines == [(f"{mine}: error: exists and was not written by campfire-codegen (move or "
                     "delete it, then run again; or generate into another folder)")]
    assert snapshot(out) == before
    mine.unlink()
    assert regenerate(project, capsys)[0] == 0


def test_a_file_already_holding_the_new_content_is_adopted(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = project / "out"
    (out / MANIFEST).unlink()  # as if the manifest had been lost
    (project / "spec.yaml").write_text(yaml.safe_dump(V1), "utf-8")

    code, _ = regenerate(project, capsys)  # the same client again: nothing differs

    assert code == 0
    owned = json.loads((out / MANIFEST).read_text("utf-8"))
    assert f"{PACKAGE}/models/pet.py" in owned and f"{PACKAGE}/models/toy.py" in owned
    (project / "spec.yaml").write_text(yaml.safe_dump(V2), "utf-8")
    assert regenerate(project, capsys)[0] == 0  # its own files now: replaced freely


def test_the_project_layout_keeps_the_users_readme_and_pyproject(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = (project / "out").resolve()
    (out / "README.md").write_text("# My project\n", "utf-8")
    (out / "pyproject.toml").write_text("[project]\nname = 'mine'\n", "utf-8")
    before = snapshot(out)

    code, lines = regenerate(project, capsys, "--layout", "project")

    assert code == 2
    assert lines == [
        (f"{out}/README.md: error: exists and was not written by campfire-codegen; --layout "
        "project writes its own README.md here (move yours away, or generate with --layout "
        "package)"),
        (f"{out}/pyproject.toml: error: exists and was not written by campfire-codegen; "
        "--layout project writes its own pyproject.toml here (move yours away, or generate "
        "with --layout package)")]
    assert snapshot(out) == before


def test_the_project_files_it_wrote_are_its_own(project: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert regenerate(project, capsys, "--layout", "project")[0] == 0
    (project / "spec.yaml").write_text(yaml.safe_dump(V1), "utf-8")
    assert regenerate(project, capsys, "--layout", "project")[0] == 0
    assert "list_pets" in (project / "out" / "README.md").read_text("utf-8")


def test_a_spec_among_the_outputs_is_refused(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    spec = out / f"{PACKAGE}.api.json"
    spec.write_text(json.dumps(V1), "utf-8")

    code, lines = run(capsys, "generate", str(spec), "-o", str(out), "--package-name", PACKAGE)

    assert code == 2
    assert lines == [(f"{spec}: error: is an input of this run ({spec}) and would be "
                     "overwritten (keep the spec outside the generated files, or generate into "
                     "another folder)")]
    assert json.loads(spec.read_text("utf-8")) == V1
    assert sorted(p.name for p in out.iterdir()) == [spec.name]


def test_a_generated_file_the_user_replaced_by_a_link_is_left_alone(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = project / "out"
    target = project / "kept.py"
    target.write_text("KEPT = 1\n", "utf-8")
    toy = out / PACKAGE / "models" / "toy.py"
    toy.unlink()
    toy.symlink_to(target)
    (project / "spec.yaml").write_text(yaml.safe_dump(shop(Pet=model(name="string"))), "utf-8")

    assert regenerate(project, capsys)[0] == 0  # Toy is gone from the spec

    assert toy.is_symlink() and target.read_text("utf-8") == "KEPT = 1\n"
    assert f"{PACKAGE}/models/toy.py" not in json.loads((out / MANIFEST).read_text("utf-8"))


def test_staging_folders_of_earlier_runs_are_removed(project: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = project / "out"
    for name in (".codegen-ab12cd34", ".campfire-codegen-staging-x1y2z3"):
        (out / name / PACKAGE).mkdir(parents=True)
        (out / name / PACKAGE / "stale.py").write_text("STALE = 1\n", "utf-8")
    (out / "codegen-mine").mkdir()  # not a staging folder's name: the user's

    code, lines = regenerate(project, capsys)

    assert code == 0
    assert lines[0] == (f"campfire-codegen: {out}: removed 2 staging folder(s) an earlier run "
                        "left behind")
    assert sorted(p.name for p in out.iterdir() if "codegen-" in p.name and p.is_dir()) == [
        "codegen-mine"]


# --- package names ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "message", "suggestion"), [
    ("class", "'class' is a Python keyword: `import class` cannot work", "class_client"),
    ("None", "'None' is a Python keyword: `import None` cannot work", "None_client"),
    ("", "the package name is empty", "campfire_client"),
    ("json", "'json' is a standard-library module: the generated package would shadow it",
     "json_client"),
    ("httpx", ("'httpx' is a module the generated client imports: the generated package would "
     "shadow it"), "httpx_client"),
    ("my-client", ("'my-client' is not a Python package name (letters, digits and underscores, "
     "not starting with a digit)"), "my_client"),
    ("2fa", ("'2fa' is not a Python package name (letters, digits and underscores, not "
     "starting with a digit)"), "api_2fa_client"),
])
def test_package_names_that_cannot_work_are_refused(
        name: str, message: str, suggestion: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(V1), "utf-8")

    code, lines = run(capsys, "generate", str(tmp_path / "spec.yaml"), "-o",
                      str(tmp_path / "out"), "--package-name", name)

    assert code == 2
    assert lines == [(f"--package-name: error: {message} (choose another name, e.g. "
                     f"{suggestion})")]
    assert not (tmp_path / "out").exists()


def test_a_configured_package_name_is_checked_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(V1), "utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.campfire-codegen]\nspec = "spec.yaml"\npackage-name = "json"\n', "utf-8")
    monkeypatch.chdir(tmp_path)

    code, lines = run(capsys, "generate")

    assert code == 2
    assert lines == [("pyproject.toml:3: error: 'package-name': 'json' is a "
                     "standard-library module: the generated package would shadow it (choose "
                     "another name, e.g. json_client)")]


# --- Ctrl-C from the first moment ------------------------------------------------------


def python_startup_seconds() -> float:
    """How long Python takes to start (site included) here, now: before that, Python
    itself reports an interruption, and no program's code can have run."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - started)
    return sorted(times)[1]


def _still_starting(err: str) -> bool:
    """The interruption came before the entry point's first line: Python was setting up
    `site`, or finding and loading `generator.entry` for `generator/__main__.py` (its
    traceback names no module of ours past that import line)."""
    if "init_import_site" in err:
        return True
    if "Traceback" not in err:
        return False
    frames = re.findall(r'File "([^"]+)"', err)
    return not any(os.sep + "generator" + os.sep in frame
                   and not frame.endswith(os.path.join("generator", "__main__.py"))
                   for frame in frames)


@pytest.mark.parametrize("after_startup", [0.002, 0.01, 0.02, 0.04, 0.08])
def test_an_early_ctrl_c_prints_one_line_and_no_traceback(after_startup: float,
                                                          tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(V1), "utf-8")
    delay = python_startup_seconds() + after_startup
    for _ in range(10):
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "generate", "spec.yaml", "-o", "out",
             "--package-name", PACKAGE], cwd=tmp_path, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
        if not _still_starting(err):
            break
        # Python itself was still starting (a loaded machine starts it slower than
        # measured): no code of the program had run. Try again a little later.
        delay += 0.005

    if process.returncode == 0:
        pytest.skip(f"the run finished before the Ctrl-C at {delay:.3f} s")
    assert process.returncode in (130, -signal.SIGINT), err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    [line] = err.splitlines()
    assert line.startswith("campfire-codegen: interrupted"), line
    assert "nothing was" in line or "holds the" in line, line


# --- bookkeeping lost: the generator knows its own files from the disk ------------------

STATE_FILE = ".campfire-codegen-state.json"


def test_a_lost_manifest_never_blocks_a_regeneration(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = (project / "out").resolve()
    (out / MANIFEST).unlink()  # not committed, ignored, or deleted by a clean step
    (project / "spec.yaml").write_text(yaml.safe_dump(
        shop(Pet=model(name="string"), Bag=model(size="integer"))), "utf-8")

    code, lines = regenerate(project, capsys)

    assert (code, lines) == (0, [])
    # Toy's module changed, then went: the state file's hash vouched for it.
    assert not (out / PACKAGE / "models" / "toy.py").exists()
    assert (out / PACKAGE / "models" / "bag.py").is_file()
    assert f"{PACKAGE}/models/bag.py" in json.loads((out / MANIFEST).read_text("utf-8"))


def test_without_manifest_and_state_the_header_vouches_for_a_file_it_writes(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = (project / "out").resolve()
    (out / MANIFEST).unlink()
    (out / STATE_FILE).unlink()
    (out / PACKAGE / "models" / "pet.py").write_text(
        "# Generated by campfire-codegen from the OpenAPI document. Do not edit.\n# edited\n",
        "utf-8")
    # A file with the header that the generator no longer writes: never removed.
    copied = out / PACKAGE / "models" / "copied.py"
    copied.write_bytes((out / PACKAGE / "models" / "toy.py").read_bytes())

    code, lines = regenerate(project, capsys)  # V2: toy.py and the API file change

    assert (code, lines) == (0, [])
    assert "# edited" not in (out / PACKAGE / "models" / "pet.py").read_text("utf-8")
    assert copied.is_file()


def test_without_manifest_a_file_of_someone_else_is_still_refused(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = (project / "out").resolve()
    (out / MANIFEST).unlink()
    mine = out / PACKAGE / "models" / "toy.py"
    mine.write_text("# my own toy\n", "utf-8")  # no header, not the recorded hash
    before = snapshot(out)

    code, lines = regenerate(project, capsys)

    assert code == 2
    assert lines == [(f"{mine}: error: exists and was not written by campfire-codegen (move or "
                     "delete it, then run again; or generate into another folder)")]
    assert snapshot(out) == before


def test_check_reports_a_lost_manifest_as_stale(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = (project / "out").resolve()
    (project / "spec.yaml").write_text(yaml.safe_dump(V1), "utf-8")
    assert main(["generate", str(project / "spec.yaml"), "-o", str(out), "--package-name",
                 PACKAGE, "--check"]) == 0
    (out / MANIFEST).unlink()
    capsys.readouterr()

    code = main(["generate", str(project / "spec.yaml"), "-o", str(out), "--package-name",
                 PACKAGE, "--check"])

    assert code == 1
    assert capsys.readouterr().out.splitlines() == [f"would change: {out / MANIFEST}"]
    assert regenerate(project, capsys, "--package-name", PACKAGE)[0] == 0
    assert (out / MANIFEST).is_file()


@pytest.mark.parametrize("record", [MANIFEST, STATE_FILE])
@pytest.mark.parametrize("check", [False, True])
def test_a_symlinked_record_is_refused_in_one_line(
        record: str, check: bool, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = (project / "out").resolve()
    kept = project / "kept.json"
    (out / record).rename(kept)
    (out / record).symlink_to(kept)
    before = snapshot(out)

    code, lines = regenerate(project, capsys, *(["--check"] if check else []))

    assert code == 2
    assert lines == [(f"{out / record}: error: is a symbolic link (to {kept}); campfire-codegen "
                     "keeps its records as plain files in the output folder (replace the link "
                     "with the file it points to, or delete it, then run again)")]
    assert snapshot(out) == before


def test_every_template_starts_with_a_header_the_writer_knows() -> None:
    from generator.diff.surface import FORMAT
    from generator.render import templates_dir
    from generator.write.survey import HEADERS

    templates = [path for path in templates_dir().rglob("*.jinja")
                 if "static" not in path.parts]
    assert templates
    for template in templates:
        assert template.read_bytes().startswith(HEADERS), template
    assert f'{{\n "format": "{FORMAT}",'.encode().startswith(HEADERS)


# --- the changelog: only ever added to -------------------------------------------------


def test_a_users_changelog_is_kept_and_added_to(project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = (project / "out").resolve()
    ours = "# Our client\n\nNotes we keep.\n\n## 0.0.1\n\nHand-made.\n"
    (out / "CHANGELOG.md").write_text(ours, "utf-8")

    code, _ = regenerate(project, capsys, "--layout", "project")

    assert code == 0
    text = (out / "CHANGELOG.md").read_text("utf-8")
    assert text.startswith("# Our client\n\nNotes we keep.\n\n<!-- campfire-codegen: entry ")
    assert text.endswith("\n## 0.0.1\n\nHand-made.\n")
    # Back to the package layout: CHANGELOG.md is no longer written, and never removed.
    assert regenerate(project, capsys)[0] == 0
    assert (out / "CHANGELOG.md").read_text("utf-8") == text
    assert (out / f"{PACKAGE}.CHANGELOG.md").is_file()


def test_new_changelog_text_that_loses_old_text_is_refused(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.diagnostics import GenerationError
    from generator.write import write_tree

    out = (project / "out").resolve()
    name = f"{PACKAGE}.CHANGELOG.md"
    before = (out / name).read_text("utf-8")
    files = {name: before.replace("First version.", "Rewritten.")}

    with pytest.raises(GenerationError) as refused:
        write_tree(files, out)

    [problem] = refused.value.diagnostics
    assert problem.render() == (f"{out / name}: error: would lose text of the changelog; "
                                "campfire-codegen only adds entries to it (run again; if it "
                                "persists, report it)")
    assert (out / name).read_text("utf-8") == before
