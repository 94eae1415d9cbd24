"""Switching the output from the old tree to the new one as a whole, or not at all.

1. Stage: every new file is written completely into a staging folder inside the output
   folder (same file system, so renames are atomic). Nothing visible has changed yet;
   an interruption here leaves the old tree, and the next run removes the staging folder.
2. Commit: a journal naming the staging folder, the files to put in place and the old
   files to take away is written (synced, then renamed into place). From this moment the
   new tree is fully on disk.
3. Switch: old files are moved into the staging folder (kept, to undo), new ones moved
   in; the manifest and then the state file come last. Only renames, with Ctrl-C held
   back. A disk or permission error here undoes the switch at once.
4. Finish: the journal goes, then the staging folder.

Every step of the switch can be repeated, and tells from the disk whether it was done,
so the next run (generate or --check) finishes an interrupted switch before anything else:
forward when it can, back when the disk refuses.
"""

from __future__ import annotations

import json
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, GenerationError
from generator.lifeline import signals_blocked
from generator.write import steps
from generator.write.survey import MANIFEST, Survey, is_safe_relative

JOURNAL = ".campfire-codegen-journal.json"
STAGING_PREFIX = ".campfire-codegen-staging-"
# Staging folders of versions before the journal (tempfile.mkdtemp names).
_LEGACY_STAGING = re.compile(r"^\.codegen-[a-z0-9_]{8}$")


@dataclass(frozen=True, slots=True)
class Journal:
    staging: Path
    put: tuple[str, ...]
    take: tuple[str, ...]

    def new(self, relative: str) -> Path:
        return self.staging / "new" / relative

    def old(self, relative: str) -> Path:
        return self.staging / "old" / relative


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
    leftovers = [entry for entry in _entries(out_dir) if _is_staging(entry)]
    for leftover in leftovers:
        try:
            steps.remove_tree(leftover)
        except OSError as error:
            raise GenerationError([_write_failed(leftover, error)]) from None
    if leftovers and done is None:
        done = f"removed {len(leftovers)} staging folder(s) an earlier run left behind"
    return done


def unfinished(out_dir: Path) -> bool:
    """Whether an earlier run left a switch or a staging folder behind (cheap)."""
    return (out_dir / JOURNAL).exists() or any(_is_staging(e) for e in _entries(out_dir))


def _stage(plan: Survey, contents: dict[str, str], out_dir: Path) -> Journal:
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        steps.counter.done()
    except OSError as error:
        raise GenerationError([_write_failed(out_dir, error)]) from None
    journal = Journal(staging, tuple(plan.put), tuple(plan.take))
    try:
        for relative in plan.put:
            try:
                steps.write_file(journal.new(relative), contents[relative])
            except OSError as error:
                # Named by where it was going: the staging folder means nothing to a user.
                raise GenerationError([_write_failed(out_dir / relative, error)]) from None
        record = {"staging": staging.name, "put": list(journal.put), "take": list(journal.take)}
        try:
            steps.write_file(staging / "journal", json.dumps(record, indent=1) + "\n", sync=True)
            steps.move(staging / "journal", out_dir / JOURNAL)
        except OSError as error:
            raise GenerationError([_write_failed(out_dir / JOURNAL, error)]) from None
    except BaseException:
        steps.remove_tree(staging)  # nothing visible changed: just forget the staging
        raise
    return journal


def _forward(out_dir: Path, journal: Journal, *, fresh: bool = False) -> None:
    """Takes the old files away, puts the new ones in place. `fresh`: this process just
    committed the journal and nothing of the switch is done yet, so nothing is checked."""
    put = set(journal.put)
    for relative in journal.take:
        target = out_dir / relative
        if not fresh:
            if journal.old(relative).exists() or not _is_file(target):
                continue
            if relative in put and not journal.new(relative).exists():
                continue  # its new version is already in place
        _move(target, journal.old(relative), about=target)
    for relative in journal.put:
        if fresh or journal.new(relative).exists():
            _move(journal.new(relative), out_dir / relative, about=out_dir / relative)


def _back(out_dir: Path, journal: Journal) -> None:
    for relative in reversed(journal.put):
        target = out_dir / relative
        if not journal.new(relative).exists() and _is_file(target):
            _move(target, journal.new(relative), about=target)
    for relative in journal.take:
        if journal.old(relative).exists():
            _move(journal.old(relative), out_dir / relative, about=out_dir / relative)


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


def _entries(out_dir: Path) -> list[Path]:
    try:
        return list(out_dir.iterdir())
    except OSError:
        return []


def _is_staging(entry: Path) -> bool:
    named = entry.name.startswith(STAGING_PREFIX) or _LEGACY_STAGING.match(entry.name)
    return bool(named) and entry.is_dir() and not entry.is_symlink()


def _read_journal(out_dir: Path) -> Journal | None:
    path = out_dir / JOURNAL
    try:
        record = json.loads(path.read_text("utf-8"))
        staging = record["staging"]
        put, take = record["put"], record["take"]
        valid = (isinstance(staging, str) and staging.startswith(STAGING_PREFIX)
                 and "/" not in staging and "\\" not in staging
                 and all(isinstance(p, str) and is_safe_relative(p) for p in [*put, *take]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        valid = False
    if not valid:
        raise GenerationError([Diagnostic(
            str(path), "", "the record of an unfinished regeneration is unreadable",
            "delete it and any .campfire-codegen-staging-* folder beside it, then run again")])
    return Journal(out_dir / staging, tuple(put), tuple(take))


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
