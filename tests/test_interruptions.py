"""A regeneration stopped at any moment leaves the whole old tree or the whole new tree.

The real command runs in a subprocess and is stopped:
- after each of its file-system steps in turn (the writer kills itself with SIGKILL after
  its k-th step when CAMPFIRE_CODEGEN_STOP_AFTER_STEP=k), on a small regeneration that
  adds, changes and removes modules;
- at random moments, by SIGKILL and by Ctrl-C (SIGINT to its process group, as a terminal
  sends it), on the real Campfire client going from the 2026-07 spec to 2026-02.
After each stop, the first thing a later run does (here `generate --check`) must leave the
folder byte for byte equal to the old tree or the new one; then a normal run converges to
the new tree and leaves no staging folder and no journal. A Ctrl-C needs no repair at all.
"""

from __future__ import annotations

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

from generator.write import JOURNAL, STAGING_PREFIX
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


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith((STAGING_PREFIX, ".codegen-")) or p.name == JOURNAL)


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
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
    """What the next run finds once it has repaired the folder, then a normal run."""
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


def test_every_stop_point_of_a_regeneration(tmp_path: Path) -> None:
    old_text, new_text = yaml.safe_dump(OLD), yaml.safe_dump(NEW)
    old = reference(tmp_path, "old-ref", old_text, PACKAGE)
    new = reference(tmp_path, "new-ref", new_text, PACKAGE, old_text)
    assert old != new
    counts = {"old": 0, "new": 0, "mixed": 0}
    raw_mixed = 0
    stop = 0
    while True:
        stop += 1
        folder = trial_folder(tmp_path, f"stop-{stop}", tmp_path / "old-ref", new_text)
        env = {**os.environ, STOP_AFTER_STEP: str(stop)}
        stopped = cli(*generate_args("spec", PACKAGE), env=env, cwd=folder)
        if stopped.returncode == 0:
            break  # the run has fewer steps than this: every stop point was tried
        assert stopped.returncode == -signal.SIGKILL, stopped.stderr
        raw_mixed += verdict(folder / "out", old, new, bookkeeping=False) == "mixed"
        counts[converge(folder, PACKAGE, old, new)] += 1
        shutil.rmtree(folder)
    points = stop - 1
    print(f"\ninterrupt: {points} stop points, old={counts['old']} new={counts['new']} "
          f"mixed={counts['mixed']} (before the next run's repair, {raw_mixed} stopped "
          "mid-switch)")
    assert points >= 20  # staging, the journal, the switch and the clean-up were all hit
    assert counts["mixed"] == 0
    assert counts["old"] and counts["new"]  # stops before and after the commit point


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
