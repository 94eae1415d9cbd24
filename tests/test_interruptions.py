"""A regeneration stopped at any moment leaves the whole old tree or the whole new tree.

The real command runs in a subprocess and is stopped:
- after each of its file-system steps in turn (the writer kills itself with SIGKILL after
  its k-th step when CAMPFIRE_CODEGEN_STOP_AFTER_STEP=k), on a small regeneration that
  adds, changes and removes modules;
- at random moments, by SIGKILL and by Ctrl-C (SIGINT to its process group, as a terminal
  sends it), on the real Campfire client going from the 2026-07 spec to 2026-02.
Right after each kill, before anything repairs it, the package itself (what `import`
sees) must already be the old one or the new one, byte for byte: it switches in one
exchange (only the files beside it may lag). Then the first thing a later run does (here
`generate --check`) must leave the folder byte for byte equal to the old tree or the new
one; then a normal run converges to the new tree and leaves no staging folder and no
journal. A Ctrl-C needs no repair at all. Where no exchange is possible the package
switches file by file, and only the repair makes it whole: that fallback is stopped at
every point too.
"""

from __future__ import annotations

import compileall
import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import GenerationError
from generator.write import JOURNAL, MANIFEST, STAGING_PREFIX, recover, switch, write_tree
from generator.write import steps as write_steps
from generator.write.steps import STOP_AFTER_STEP
from tests.conftest import SHARED, require_shared

PACKAGE = "shop"
Tree = dict[str, bytes]


def model(**properties: str) -> dict[str, Any]:
    return {"type": "object", "required": sorted(properties),
            "properties": {name: {"type": kind} for name, kind in properties.items()}}


def shop(schemas: dict[str, dict[str, Any]], tags: list[str]) -> dict[str, Any]:
    paths = {}
    for index, name in enumerate(sorted(schemas)):
        tag = tags[index % len(tags)]
        paths[f"/{tag}/{name.lower()}s"] = {"get": {
            "operationId": f"list_{name.lower()}s", "tags": [tag],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
            }}}}}}
    return {"openapi": "3.0.3", "info": {"title": "Shop", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas}}


# From OLD to NEW: modules change, appear (a new tag folder too) and disappear.
OLD = shop({"Pet": model(name="string"), "Toy": model(colour="string"),
            "Bowl": model(size="integer")}, ["pets", "toys"])
NEW = shop({"Pet": model(name="string", age="integer"), "Bag": model(size="integer"),
            "Box": model(width="number"), "Bowl": model(size="integer")}, ["pets", "store"])


def tree(folder: Path) -> Tree:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def verdict(folder: Path, old: Tree, new: Tree, *, bookkeeping: bool = True) -> str:
    """old, new or mixed; without `bookkeeping`, the generator's staging folder and journal
    are left out (what a user's import sees)."""
    now = tree(folder)
    if not bookkeeping:
        now = {path: data for path, data in now.items()
               if not path.startswith((STAGING_PREFIX, JOURNAL))}
    return "old" if now == old else "new" if now == new else "mixed"


def package_of(files: Tree, package: str = PACKAGE) -> Tree:
    """The package's files (what an import reads), byte code left out."""
    return {path: data for path, data in files.items()
            if path.startswith(f"{package}/") and "__pycache__" not in path.split("/")}


def add_users_files(out: Path) -> Tree:
    """What a package in use holds besides the generator's files: byte code (compiled
    explicitly: the test environment may set PYTHONDONTWRITEBYTECODE) and a note."""
    assert compileall.compile_dir(out / PACKAGE, maxlevels=0, quiet=1)
    (out / PACKAGE / "NOTES.txt").write_text("my notes\n", "utf-8")
    return {path: data for path, data in tree(out).items()
            if "__pycache__" in path.split("/") or path.endswith("NOTES.txt")}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith((STAGING_PREFIX, ".codegen-")) or p.name == JOURNAL)


# The command with the exchange unavailable, as on a system or file system without one.
NO_EXCHANGE = ("import errno\n"
               "from generator.write import steps\n"
               "def refuse(*_):\n"
               "    raise OSError(errno.ENOSYS, 'no exchange here')\n"
               "steps.exchange = refuse\n"
               "from generator.entry import run\n"
               "run()\n")


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path,
        exchange: bool = True) -> subprocess.CompletedProcess[str]:
    start = ["-m", "generator"] if exchange else ["-c", NO_EXCHANGE]
    return subprocess.run([sys.executable, *start, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def generate_args(spec: str, package: str) -> list[str]:
    return ["generate", spec, "-o", "out", "--package-name", package]


def reference(tmp: Path, name: str, spec_text: str, package: str, old_text: str | None = None,
              ) -> Tree:
    """The tree a complete run writes (into `out` beside `spec.yaml`, as in every trial)."""
    folder = tmp / name
    folder.mkdir()
    if old_text is not None:  # the way a regeneration goes: the old client first
        (folder / "spec").write_text(old_text, "utf-8")
        assert cli(*generate_args("spec", package), cwd=folder).returncode == 0
    (folder / "spec").write_text(spec_text, "utf-8")
    done = cli(*generate_args("spec", package), cwd=folder)
    assert done.returncode == 0, done.stderr
    return tree(folder / "out")


def trial_folder(tmp: Path, name: str, old_source: Path, spec_text: str) -> Path:
    """A folder holding the old client, its spec now replaced by the new one."""
    folder = tmp / name
    shutil.copytree(old_source, folder, symlinks=True)
    (folder / "spec").write_text(spec_text, "utf-8")
    return folder


def converge(folder: Path, package: str, old: Tree, new: Tree) -> str:
    """What the next run finds once it has repaired the folder, then a normal run (both
    able to exchange: the journal says how the stopped run switched)."""
    checked = cli("generate", "spec", "-o", "out", "--package-name", package, "--check",
                  cwd=folder)
    assert checked.returncode in (0, 1), checked.stderr
    assert "Traceback" not in checked.stderr
    repaired = verdict(folder / "out", old, new)
    assert checked.returncode == (0 if repaired == "new" else 1), (repaired, checked.stdout)
    assert not leftovers(folder / "out"), leftovers(folder / "out")
    done = cli(*generate_args("spec", package), cwd=folder)
    assert done.returncode == 0, done.stderr
    assert tree(folder / "out") == new
    assert not leftovers(folder / "out")
    return repaired


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "file-by-file"])
def test_every_stop_point_of_a_regeneration(exchange: bool, tmp_path: Path) -> None:
    old_text, new_text = yaml.safe_dump(OLD), yaml.safe_dump(NEW)
    reference(tmp_path, "old-ref", old_text, PACKAGE)
    users = add_users_files(tmp_path / "old-ref" / "out")
    old = tree(tmp_path / "old-ref" / "out")
    new = {**reference(tmp_path, "new-ref", new_text, PACKAGE, old_text), **users}
    assert package_of(old) != package_of(new)
    kept = f"{PACKAGE}/models/bowl.py"  # the same in both: never touched
    assert old[kept] == new[kept]
    counts = {"old": 0, "new": 0, "mixed": 0}
    package_mixed = lagging = 0
    stop = 0
    while True:
        stop += 1
        folder = trial_folder(tmp_path, f"stop-{stop}", tmp_path / "old-ref", new_text)
        out = folder / "out"
        before = {path: (out / path).stat() for path in (kept, *users)}
        env = {**os.environ, STOP_AFTER_STEP: str(stop)}
        stopped = cli(*generate_args("spec", PACKAGE), env=env, cwd=folder, exchange=exchange)
        if stopped.returncode == 0:
            break  # the run has fewer steps than this: every stop point was tried
        assert stopped.returncode == -signal.SIGKILL, stopped.stderr
        # Before any repair: what an import would see.
        package = package_of(tree(out))
        whole = package in (package_of(old), package_of(new))
        package_mixed += not whole
        if exchange:
            assert whole, (stop, sorted(set(package.items()) ^ set(package_of(new).items())))
        lagging += whole and verdict(out, old, new, bookkeeping=False) == "mixed"
        counts[converge(folder, PACKAGE, old, new)] += 1
        for path, was in before.items():  # linked across, never rewritten
            now = (out / path).stat()
            assert (now.st_ino, now.st_mtime_ns) == (was.st_ino, was.st_mtime_ns), path
        shutil.rmtree(folder)
    points = stop - 1
    print(f"\ninterrupt ({'exchange' if exchange else 'file by file'}): {points} stop points, "
          f"old={counts['old']} new={counts['new']} mixed={counts['mixed']} (package mixed "
          f"before repair: {package_mixed}; sidecar files lagging before repair: {lagging})")
    assert points >= 20  # staging, the journal, the switch and the clean-up were all hit
    assert counts["mixed"] == 0
    assert counts["old"] and counts["new"]  # stops before and after the commit point
    if exchange:
        assert package_mixed == 0 and lagging  # the sidecars follow the package
    else:
        assert package_mixed  # the fallback's honest weakness: the repair makes it whole


CAMPFIRE_OLD = SHARED / "specs" / "campfire-2026-07.json"
CAMPFIRE_NEW = SHARED / "specs" / "campfire-2026-02.json"


@pytest.fixture(scope="module")
def campfire_trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Tree, Tree, str]:
    old_text = require_shared(CAMPFIRE_OLD).read_text("utf-8")
    new_text = require_shared(CAMPFIRE_NEW).read_text("utf-8")
    tmp = tmp_path_factory.mktemp("campfire-trees")
    old = reference(tmp, "old-ref", old_text, "campfire_client")
    new = reference(tmp, "new-ref", new_text, "campfire_client", old_text)
    return tmp / "old-ref", old, new, new_text


@pytest.mark.parametrize("trial", range(4))
def test_a_kill_at_a_random_moment(trial: int, campfire_trees: tuple[Path, Tree, Tree, str],
                                   tmp_path: Path) -> None:
    source, old, new, new_text = campfire_trees
    folder = trial_folder(tmp_path, "trial", source, new_text)
    delay = random.Random(trial).uniform(0.2, 1.6)
    process = subprocess.Popen([sys.executable, "-m", "generator",
                                *generate_args("spec", "campfire_client")],
                               cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    package = package_of(tree(folder / "out"), "campfire_client")
    assert package in (package_of(old, "campfire_client"), package_of(new, "campfire_client"))
    repaired = converge(folder, "campfire_client", old, new)
    print(f"\nkill after {delay:.2f} s: repaired to the {repaired} tree")
    assert repaired in ("old", "new")


@pytest.mark.parametrize("trial", range(4))
def test_ctrl_c_at_a_random_moment(trial: int, campfire_trees: tuple[Path, Tree, Tree, str],
                                   tmp_path: Path) -> None:
    source, old, new, new_text = campfire_trees
    folder = trial_folder(tmp_path, "trial", source, new_text)
    delay = random.Random(100 + trial).uniform(0.05, 1.6)
    process = subprocess.Popen([sys.executable, "-m", "generator",
                                *generate_args("spec", "campfire_client")],
                               cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    _, err = process.communicate(timeout=60)

    if process.returncode == 0:
        pytest.skip(f"the run finished before the Ctrl-C at {delay:.2f} s")
    # 130 as the command's own exit status; a shell shows death by SIGINT as 130 too.
    assert process.returncode in (130, -signal.SIGINT), err
    assert "Traceback" not in err
    line = err.splitlines()[-1]  # after the spec's warnings, if it got that far
    assert line.startswith("campfire-codegen: interrupted"), line
    assert sum("interrupted" in each for each in err.splitlines()) == 1, err
    state = verdict(folder / "out", old, new)  # no repair needed: Ctrl-C waits for the switch
    assert state in ("old", "new"), state
    assert not leftovers(folder / "out")
    described = "new" if "holds the new client" in line else "old"
    assert state == described or "nothing was" in line and state == "old", line


# --- in one process: the race window, the fallback, old journals ----------------------

V1_FILES = {"shop/__init__.py": "A = 1\n", "shop/models/a.py": "A = 1\n",
            "shop/models/b.py": "B = 1\n", "shop/keep.py": "KEEP = 1\n", "shop.api.json": "1\n"}
V2_FILES = {"shop/__init__.py": "A = 2\n", "shop/models/a.py": "A = 2\n",
            "shop/models/c.py": "C = 2\n", "shop/keep.py": "KEEP = 1\n", "shop.api.json": "2\n"}


def written(out: Path, files: dict[str, str], extra: Tree | None = None) -> Tree:
    """The tree `files` make in `out`, with the manifest and `extra` (user's files)."""
    expected = {path: text.encode() for path, text in files.items()}
    expected[MANIFEST] = (json.dumps(sorted(files), indent=1) + "\n").encode()
    return {**expected, **(extra or {})}


@pytest.fixture
def journals(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """How each journal written says its folders switch ({} : all file by file)."""
    seen: list[dict[str, str]] = []
    real = switch._record

    def record(out_dir: Path, journal: switch.Journal) -> None:
        seen.append({top: tree.switch for top, tree in journal.trees.items()})
        real(out_dir, journal)

    monkeypatch.setattr(switch, "_record", record)
    return seen


def on_exchange(monkeypatch: pytest.MonkeyPatch, *, before: Any = None, after: Any = None,
                refuse: int | None = None) -> None:
    """Runs `before`/`after` around the exchange of the live package (not the probe), or
    makes it fail with errno `refuse`; `refuse=ENOSYS` fails the probe too."""
    real = write_steps.exchange

    def exchange(first: Path, second: Path) -> None:
        package = second.name == PACKAGE and second.parent.name == "out"
        if refuse == errno.ENOSYS or refuse is not None and package:
            raise OSError(refuse, os.strerror(refuse))
        if package and before is not None:
            before(second)
        real(first, second)
        if package and after is not None:
            after(second)

    monkeypatch.setattr(write_steps, "exchange", exchange)


def failing_renames(monkeypatch: pytest.MonkeyPatch, *, after: int, once: bool) -> None:
    """os.replace fails (a full disk) once the switch has made `after` renames: once, or
    from then on."""
    real = os.replace
    done: list[str] = []
    failed: list[str] = []

    def replace(source: Any, target: Any) -> None:
        if Path(target).name != JOURNAL:
            if len(done) >= after and not (once and failed):
                failed.append(str(target))
                raise OSError(errno.ENOSPC, "No space left on device")
            done.append(str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)


def test_a_file_the_user_makes_while_the_package_is_linked_moves_across(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        journals: list[dict[str, str]]) -> None:
    out = tmp_path / "out"
    write_tree(V1_FILES, out)
    (out / "shop" / "NOTES.txt").write_text("first\n", "utf-8")
    (out / "shop" / "shortcut").symlink_to("models/a.py")
    kept = (out / "shop" / "keep.py").stat()

    def meanwhile(package: Path) -> None:  # after the link pass, before the exchange
        (package / "LATE.txt").write_text("late\n", "utf-8")
        (package / "data").mkdir()
        (package / "data" / "x.txt").write_text("x\n", "utf-8")
        saved = package / "NOTES.tmp"  # an editor saving: a new file renamed over the old
        saved.write_text("second\n", "utf-8")
        saved.replace(package / "NOTES.txt")
        (package / "models" / "b.py").write_text("B = 'edited'\n", "utf-8")  # generated

    on_exchange(monkeypatch, before=meanwhile)
    write_tree(V2_FILES, out)

    assert journals[-1] == {"shop": "exchange"}
    assert tree(out) == written(out, V2_FILES, {
        "shop/NOTES.txt": b"second\n", "shop/LATE.txt": b"late\n", "shop/data/x.txt": b"x\n",
        "shop/shortcut": b"A = 2\n"})
    assert os.readlink(out / "shop" / "shortcut") == "models/a.py"
    now = (out / "shop" / "keep.py").stat()
    assert (now.st_ino, now.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    assert not leftovers(out)


def test_an_undone_exchange_keeps_what_the_user_made_in_the_new_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write_tree(V1_FILES, out)
    before = tree(out)
    on_exchange(monkeypatch, after=lambda package: (package / "NEW.txt").write_text("n\n"))
    failing_renames(monkeypatch, after=0, once=True)  # the first file beside the package

    with pytest.raises(GenerationError) as raised:
        write_tree(V2_FILES, out)

    [problem] = raised.value.diagnostics
    assert problem.message == "cannot write: No space left on device"
    assert problem.hint.startswith("the old files were put back"), problem.hint
    assert tree(out) == {**before, "shop/NEW.txt": b"n\n"}
    assert not leftovers(out)


@pytest.mark.parametrize("legacy", [False, True], ids=["files-journal", "journal-without-mode"])
def test_without_an_exchange_the_switch_goes_file_by_file_and_recovers(
        legacy: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        journals: list[dict[str, str]]) -> None:
    out = tmp_path / "out"
    write_tree(V1_FILES, out)
    (out / "shop" / "NOTES.txt").write_text("mine\n", "utf-8")
    on_exchange(monkeypatch, refuse=errno.ENOSYS)
    failing_renames(monkeypatch, after=2, once=False)  # stuck mid-switch: neither way

    with pytest.raises(GenerationError) as raised:
        write_tree(V2_FILES, out)

    [problem] = raised.value.diagnostics
    assert problem.hint.startswith("the switch is recorded"), problem.hint

    assert journals[-1] == {}
    record = json.loads((out / JOURNAL).read_text("utf-8"))
    assert (record["mode"], record["trees"]) == ("files", {})
    package = package_of(tree(out))
    assert package not in (package_of(written(out, V1_FILES)), package_of(written(out, V2_FILES)))
    if legacy:  # as the versions before the exchange wrote it
        del record["mode"], record["trees"]
        (out / JOURNAL).write_text(json.dumps(record), "utf-8")
    monkeypatch.undo()  # the disk has room again; this process can exchange

    assert recover(out) == "completed the regeneration an earlier run left unfinished"
    assert tree(out) == written(out, V2_FILES, {"shop/NOTES.txt": b"mine\n"})
    assert not leftovers(out)


def test_a_package_holding_a_special_file_switches_file_by_file(
        tmp_path: Path, journals: list[dict[str, str]]) -> None:
    out = tmp_path / "out"
    write_tree(V1_FILES, out)
    os.mkfifo(out / "shop" / "pipe")

    write_tree(V2_FILES, out)

    assert journals[-1] == {}
    assert (out / "shop" / "pipe").is_fifo()
    assert tree(out) == written(out, V2_FILES)
    assert not leftovers(out)


def test_an_exchange_the_file_system_refuses_late_goes_file_by_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        journals: list[dict[str, str]]) -> None:
    out = tmp_path / "out"
    write_tree(V1_FILES, out)
    on_exchange(monkeypatch, refuse=errno.EXDEV)  # as a folder of an overlay's lower layer

    write_tree(V2_FILES, out)

    assert journals[-2:] == [{"shop": "exchange"}, {}]  # recorded before the switch goes on
    assert tree(out) == written(out, V2_FILES)
    assert not leftovers(out)
