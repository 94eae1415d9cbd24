"""Switching the output from the old tree to the new one as a whole, or not at all.

1. Stage: the new tree is built completely in a staging folder inside the output folder
   (same file system, so renames are atomic). A generated folder that both trees have
   (the package) is staged whole: its changed and new files written, everything else
   in it (unchanged generated files, the user's files, `__pycache__`) hard-linked from
   the live folder, so that one exchange switches it. A folder only the new tree has is
   staged whole too. The files beside the package, and those of a folder only the old
   tree has, are staged one by one. Nothing visible has changed yet; an interruption
   here leaves the old tree, and the next run removes the staging folder.
2. Commit: a journal naming the staging folder, the files to put in place, the old files
   to take away and how each staged folder switches (with its identity, device and
   inode) is written (synced, then renamed into place). From this moment the new tree
   is fully on disk.
3. Switch: each staged folder is exchanged with the live one in one step (renameat2
   RENAME_EXCHANGE), or renamed into place when it is new: the package is the old one
   or the new one at every instant, even if no run ever comes again. Whatever the user
   put into the old folder since it was linked moves across. Then the other files,
   one rename each: old ones into the staging folder (kept, to undo), new ones in; the
   manifest and then the state file last. Ctrl-C is held back. A disk or permission
   error here undoes the switch at once.
4. Finish: the journal goes, then the staging folder (with the old package in it).

Where no exchange is possible (not Linux, a file system without it or without hard
links, a mount point or a special file in the folder), the folder is switched file by
file like the others (the journal records which): then a kill mid-switch leaves it
mixed until the next run. Every step of the switch can be repeated, and tells from the
disk whether it was done (an exchanged folder by the identity of the live one), so the
next run (generate or --check) finishes an interrupted switch before anything else:
forward when it can, back when the disk refuses.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from generator.bookkeeping import JOURNAL, MANIFEST, STAGING_PREFIX, entries, is_staging
from generator.diagnostics import Diagnostic, GenerationError
from generator.lifeline import signals_blocked
from generator.write import steps
from generator.write.survey import Survey, is_safe_relative

# How a staged folder switches: swapped with the live one, or renamed into place (new).
EXCHANGE = "exchange"
RENAME = "rename"
# Errors of an exchange that mean "not here", not "not now": file by file instead.
_NO_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP,
                          errno.EXDEV})


@dataclass(frozen=True, slots=True)
class Tree:
    """A top-level folder of the output that switches whole. `identity`: (device, inode)
    of the staged folder to exchange; the live folder has it once they are exchanged."""

    switch: str
    identity: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Journal:
    staging: Path
    put: tuple[str, ...]
    take: tuple[str, ...]
    # By top-level folder; one that cannot be exchanged after all leaves (file by file).
    trees: dict[str, Tree] = field(default_factory=dict)

    def new(self, relative: str) -> Path:
        return self.staging / "new" / relative

    def old(self, relative: str) -> Path:
        return self.staging / "old" / relative

    def tree_of(self, relative: str) -> Tree | None:
        return self.trees.get(relative.split("/", 1)[0]) if "/" in relative else None

    def exchanged_with(self, relative: str) -> bool:
        """Whether `relative` switches with its folder's exchange (not file by file)."""
        tree = self.tree_of(relative)
        return tree is not None and tree.switch == EXCHANGE

    def under(self, top: str) -> set[str]:
        """The files to put or take inside the folder `top`."""
        return {path for path in (*self.put, *self.take) if path.startswith(top + "/")}


class _StepFailed(Exception):
    """A rename or removal of the switch failed; names the file it was about."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(str(path))
        self.path = path
        self.error = error


def apply(plan: Survey, files: dict[str, str], out_dir: Path) -> None:
    """Stages, commits and switches `plan` (the caller holds the folder's lock)."""
    contents = dict(files)
    contents[MANIFEST] = plan.manifest
    journal = _stage(plan, contents, out_dir)
    with signals_blocked():
        try:
            _forward(out_dir, journal, fresh=True)
        except _StepFailed as failed:
            try:
                _back(out_dir, journal)
            except _StepFailed:
                # The journal stays: the next run completes or undoes the switch.
                raise GenerationError([_write_failed(failed.path, failed.error,
                                                     state="recorded")]) from None
            _finish(out_dir, journal)
            raise GenerationError([_write_failed(failed.path, failed.error,
                                                 state="undone")]) from None
        _finish(out_dir, journal)


def recover(out_dir: Path) -> str | None:
    """Completes (or undoes) a switch an earlier run did not finish and removes staging
    folders left behind; says what it did, or None when there was nothing to do. The
    caller holds the folder's lock."""
    journal = _read_journal(out_dir)
    done = None
    if journal is not None:
        with signals_blocked():
            try:
                _forward(out_dir, journal)
                done = "completed the regeneration an earlier run left unfinished"
            except _StepFailed as failed:
                try:
                    _back(out_dir, journal)
                except _StepFailed as stuck:
                    raise GenerationError([_stuck(out_dir, failed, stuck)]) from None
                done = "undid the regeneration an earlier run left unfinished"
            _finish(out_dir, journal)
    leftovers = [entry for entry in entries(out_dir) if is_staging(entry)]
    for leftover in leftovers:
        try:
            steps.remove_tree(leftover)
        except OSError as error:
            raise GenerationError([_write_failed(leftover, error)]) from None
    if leftovers and done is None:
        done = f"removed {len(leftovers)} staging folder(s) an earlier run left behind"
    return done


def _stage(plan: Survey, contents: dict[str, str], out_dir: Path) -> Journal:
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        steps.counter.done()
    except OSError as error:
        raise GenerationError([_write_failed(out_dir, error)]) from None
    try:
        try:
            trees = _stage_trees(plan, contents, out_dir, staging)
        except OSError as error:
            raise GenerationError([_write_failed(out_dir, error)]) from None
        journal = Journal(staging, tuple(plan.put), tuple(plan.take), trees)
        for relative in plan.put:
            try:
                steps.write_file(journal.new(relative), contents[relative])
            except OSError as error:
                # Named by where it was going: the staging folder means nothing to a user.
                raise GenerationError([_write_failed(out_dir / relative, error)]) from None
        try:
            _record(out_dir, journal)
        except OSError as error:
            raise GenerationError([_write_failed(out_dir / JOURNAL, error)]) from None
    except BaseException:
        steps.remove_tree(staging)  # nothing visible changed: just forget the staging
        raise
    return journal


def _stage_trees(plan: Survey, contents: dict[str, str], out_dir: Path,
                 staging: Path) -> dict[str, Tree]:
    """The top-level folders that can switch whole, the old ones mirrored into the
    staging folder (every entry but the files to put or take, hard-linked)."""
    changing = {path.split("/", 1)[0] for path in (*plan.put, *plan.take) if "/" in path}
    kept = {path.split("/", 1)[0] for path in contents if "/" in path}
    trees: dict[str, Tree] = {}
    both: list[str] = []
    for top in sorted(changing & kept):  # a folder only the old tree has: file by file
        try:
            mode = (out_dir / top).lstat().st_mode
        except FileNotFoundError:
            trees[top] = Tree(RENAME)  # staged whole by writing its files
            continue
        except OSError:
            continue
        if stat.S_ISDIR(mode):
            both.append(top)
    if not both or not _exchange_works(staging):
        return trees
    skip = {*plan.put, *plan.take}
    device = out_dir.lstat().st_dev
    mounts = _mount_points()
    for top in both:
        live, staged = out_dir / top, staging / "new" / top
        inside = str(live) + os.sep
        if any(mount == str(live) or mount.startswith(inside) for mount in mounts):
            continue
        if _mirror(live, staged, top, skip, device):
            info = staged.lstat()
            trees[top] = Tree(EXCHANGE, (info.st_dev, info.st_ino))
        else:
            steps.remove_tree(staged)  # file by file, as where no exchange exists
    return dict(sorted(trees.items()))


def _exchange_works(staging: Path) -> bool:
    """Whether this system and file system can exchange two folders: tried on two empty
    ones in the staging folder."""
    first, second = staging / "probe-1", staging / "probe-2"
    try:
        steps.make_folder(first)
        steps.make_folder(second)
        steps.exchange(first, second)
    except OSError:
        return False
    return True


def _mirror(live: Path, staged: Path, relative: str, skip: Collection[str],
            device: int) -> bool:
    """Makes `staged` hold what `live` holds, every file hard-linked (links made again,
    never followed) except the paths in `skip`; False when that is impossible (another
    file system inside, a special file, no hard links here...)."""
    try:
        info = live.lstat()
        if info.st_dev != device:
            return False  # a mount point: no exchange carries it
        steps.make_folder(staged, stat.S_IMODE(info.st_mode))
        with os.scandir(live) as listing:
            names = [entry.name for entry in listing]
        for name in names:
            path = f"{relative}/{name}"
            if path in skip:
                continue
            try:
                mode = (live / name).lstat().st_mode
                if stat.S_ISDIR(mode):
                    if not _mirror(live / name, staged / name, path, skip, device):
                        return False
                elif stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                    steps.link(live / name, staged / name, symbolic=stat.S_ISLNK(mode))
                else:
                    return False  # a fifo, a socket or a device: not the generator's to move
            except FileNotFoundError:
                continue  # gone meanwhile (a temporary file): not in the new folder either
    except OSError:
        return False
    return True


def _mount_points() -> set[str]:
    """Every mount point of this process (Linux); a bind mount of the same file system
    has the same device, so st_dev alone cannot see it."""
    if not sys.platform.startswith("linux"):
        return set()
    try:
        with open("/proc/self/mountinfo", "rb") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return set()
    unescape = re.compile(rb"\\([0-7]{3})")
    points = set()
    for line in lines:
        fields = line.split(b" ")
        if len(fields) > 4:
            point = unescape.sub(lambda found: bytes([int(found[1], 8)]), fields[4])
            points.add(os.fsdecode(point))
    return points


def _record(out_dir: Path, journal: Journal) -> None:
    """Writes the journal (synced), then puts it in place in one rename."""
    trees = {top: {"switch": tree.switch} | (
        {} if tree.identity is None else
        {"device": tree.identity[0], "inode": tree.identity[1]})
        for top, tree in journal.trees.items()}
    record = {"staging": journal.staging.name, "put": list(journal.put),
              "take": list(journal.take), "mode": "tree" if trees else "files",
              "trees": trees}
    scratch = journal.staging / "journal"
    steps.write_file(scratch, json.dumps(record, indent=1) + "\n", sync=True)
    steps.move(scratch, out_dir / JOURNAL)


def _forward(out_dir: Path, journal: Journal, *, fresh: bool = False) -> None:
    """Switches the staged folders, then takes the old files away and puts the new ones
    in place. `fresh`: this process just committed the journal and nothing of the switch
    is done yet, so the files switched one by one are not checked."""
    for top, tree in list(journal.trees.items()):
        if tree.switch == EXCHANGE:
            _exchange_forward(out_dir, journal, top, tree)
        else:
            live, staged = out_dir / top, journal.new(top)
            if not os.path.lexists(live) and staged.is_dir():
                _move(staged, live, about=live)
            # Otherwise done, or undone file by file: its files are checked below.
    put = set(journal.put)
    for relative in journal.take:
        if journal.exchanged_with(relative):
            continue
        target = out_dir / relative
        if not fresh or journal.tree_of(relative):
            if journal.old(relative).exists() or not _is_file(target):
                continue
            if relative in put and not journal.new(relative).exists():
                continue  # its new version is already in place
        _move(target, journal.old(relative), about=target)
    for relative in journal.put:
        if journal.exchanged_with(relative):
            continue
        if fresh and not journal.tree_of(relative) or journal.new(relative).exists():
            _move(journal.new(relative), out_dir / relative, about=out_dir / relative)


def _exchange_forward(out_dir: Path, journal: Journal, top: str, tree: Tree) -> None:
    live, staged = out_dir / top, journal.new(top)
    if not _is(live, tree):
        if not _is(staged, tree):  # neither is the folder staged: someone replaced it
            raise _StepFailed(live, FileNotFoundError(
                errno.ENOENT, "the folder staged for it is gone"))
        try:
            steps.exchange(staged, live)
        except OSError as error:
            if error.errno not in _NO_EXCHANGE:
                raise _StepFailed(live, error) from None
            # This file system cannot after all (say, a folder of an overlay's lower
            # layer): the folder switches file by file, and the journal says so first.
            del journal.trees[top]
            try:
                _record(out_dir, journal)
            except OSError as failed:
                raise _StepFailed(out_dir / JOURNAL, failed) from None
            return
    _carry(staged, live, top, journal.under(top))


def _back(out_dir: Path, journal: Journal) -> None:
    for relative in reversed(journal.put):
        if journal.exchanged_with(relative):
            continue
        target = out_dir / relative
        if not journal.new(relative).exists() and _is_file(target):
            _move(target, journal.new(relative), about=target)
    for relative in journal.take:
        if journal.exchanged_with(relative):
            continue
        if journal.old(relative).exists():
            _move(journal.old(relative), out_dir / relative, about=out_dir / relative)
    for top, tree in reversed(list(journal.trees.items())):
        live, staged = out_dir / top, journal.new(top)
        if tree.switch == EXCHANGE and _is(live, tree):
            try:
                steps.exchange(live, staged)
            except OSError as error:
                raise _StepFailed(live, error) from None
            _carry(staged, live, top, journal.under(top))


def _carry(leaving: Path, live: Path, relative: str, generated: Collection[str]) -> None:
    """Moves into the `live` folder what the user has in the folder `leaving` (about to be
    deleted) that `live` lacks, or holds an older version of: a file made, or saved anew,
    in the old folder after it was linked (or in the new one before a switch was undone).
    The files the switch puts or takes (`generated`) stay where they are."""
    try:
        with os.scandir(leaving) as listing:
            names = [entry.name for entry in listing]
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        raise _StepFailed(live, error) from None
    for name in names:
        path = f"{relative}/{name}"
        if path in generated:
            continue
        there = live / name
        try:
            info = (leaving / name).lstat()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise _StepFailed(there, error) from None
        try:
            other = there.lstat()
        except FileNotFoundError:
            _move(leaving / name, there, about=there)
            continue
        except OSError as error:
            raise _StepFailed(there, error) from None
        if stat.S_ISDIR(info.st_mode) and stat.S_ISDIR(other.st_mode):
            _carry(leaving / name, there, path, generated)
        elif _differs(leaving / name, info, there, other):
            _move(leaving / name, there, about=there)


def _differs(path: Path, info: os.stat_result, other_path: Path,
             other: os.stat_result) -> bool:
    """Whether two entries of the same kind are different files (not two names of one)."""
    if stat.S_ISREG(info.st_mode) and stat.S_ISREG(other.st_mode):
        return (info.st_dev, info.st_ino) != (other.st_dev, other.st_ino)
    if stat.S_ISLNK(info.st_mode) and stat.S_ISLNK(other.st_mode):
        try:
            return os.readlink(path) != os.readlink(other_path)
        except OSError:
            return False
    return False  # different kinds: the one in place stays


def _is(path: Path, tree: Tree) -> bool:
    """Whether `path` is the folder staged for `tree` (by device and inode)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and (info.st_dev, info.st_ino) == tree.identity


def _finish(out_dir: Path, journal: Journal) -> None:
    try:
        steps.remove_file(out_dir / JOURNAL)
        steps.remove_tree(journal.staging)
    except OSError as error:
        raise GenerationError([_write_failed(journal.staging, error)]) from None
    for relative in (*journal.take, *journal.put):
        target = out_dir / relative
        if not target.exists():
            steps.prune_empty_folders(target, out_dir)


def _move(source: Path, target: Path, *, about: Path) -> None:
    """One rename of the switch; a failure names `about`, the file in the output."""
    try:
        steps.move(source, target)
    except OSError as error:
        raise _StepFailed(about, error) from None


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _read_journal(out_dir: Path) -> Journal | None:
    path = out_dir / JOURNAL
    trees: dict[str, Tree] = {}
    try:
        record = json.loads(path.read_text("utf-8"))
        staging = record["staging"]
        put, take = record["put"], record["take"]
        valid = (isinstance(staging, str) and staging.startswith(STAGING_PREFIX)
                 and "/" not in staging and "\\" not in staging
                 and all(isinstance(p, str) and is_safe_relative(p) for p in [*put, *take]))
        # Journals of versions before the exchange have no mode: file by file.
        if valid and record.get("mode", "files") == "tree":
            trees = {top: _tree(entry) for top, entry in record["trees"].items()}
            valid = all(is_safe_relative(top) and "/" not in top and "\\" not in top
                        for top in trees)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        valid = False
    if not valid:
        raise GenerationError([Diagnostic(
            str(path), "", "the record of an unfinished regeneration is unreadable",
            "delete it and any .campfire-codegen-staging-* folder beside it, then run again")])
    return Journal(out_dir / staging, tuple(put), tuple(take), trees)


def _tree(entry: dict[str, object]) -> Tree:
    """One folder's record; ValueError when it makes no sense."""
    switch = entry["switch"]
    if switch == RENAME:
        return Tree(RENAME)
    device, inode = entry["device"], entry["inode"]
    if switch != EXCHANGE or not isinstance(device, int) or not isinstance(inode, int):
        raise ValueError(entry)
    return Tree(EXCHANGE, (device, inode))


_STATES = {
    "unchanged": "nothing was changed",
    "undone": "the old files were put back",
    "recorded": "the switch is recorded and the next run completes it",
}


def _write_failed(path: Path, error: OSError, *, state: str = "unchanged") -> Diagnostic:
    reason = error.strerror or str(error) or type(error).__name__
    return Diagnostic(str(path), "", f"cannot write: {reason}",
                      f"{_STATES[state]}; check the output folder's permissions and free "
                      "space, then run again")


def _stuck(out_dir: Path, failed: _StepFailed, stuck: _StepFailed) -> Diagnostic:
    reason = failed.error.strerror or type(failed.error).__name__
    return Diagnostic(str(failed.path), "", "an unfinished regeneration can be neither "
                      f"completed ({reason}) nor undone", f"fix the permissions of {out_dir} "
                      f"and {stuck.path}, then run again")
