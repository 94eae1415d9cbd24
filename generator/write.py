"""Stage 7: put the files in place without ever leaving the output half-written.

Every changed file is first written completely into a temporary folder inside the
output (so on the same file system), then moved over its old version with an atomic
rename. Unchanged files are not touched (their modification times stay), and files that
a previous run generated but this one does not are removed; files the generator never
wrote are left alone. The manifest that records what was generated is updated so that
an interrupted run still knows every file it may have added.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, GenerationError

MANIFEST = ".campfire-codegen-manifest.json"
# The fast path's record (generator/fastpath.py): kept current, but never by itself a
# reason to call the output stale.
STATE = ".campfire-codegen-state.json"


@dataclass(slots=True)
class WriteReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def touched(self) -> list[str]:
        return sorted(self.added + self.changed + self.removed)


def plan(files: dict[str, str], out_dir: Path) -> WriteReport:
    """What writing `files` into `out_dir` would change."""
    report = WriteReport()
    for relative, text in sorted(files.items()):
        if relative in (MANIFEST, STATE):
            continue
        target = out_dir / relative
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            report.added.append(relative)
            continue
        except OSError:  # a folder or an unreadable file where a module should be
            report.changed.append(relative)
            continue
        if current != text.encode("utf-8"):
            report.changed.append(relative)
    report.removed = sorted(set(_previous(out_dir)) - set(files))
    return report


def write_tree(files: dict[str, str], out_dir: Path) -> WriteReport:
    """Writes `files` into `out_dir`; raises GenerationError when the disk refuses.

    Whatever happens, each file is either its old or its new complete content.
    """
    files = {relative: text for relative, text in files.items() if relative != MANIFEST}
    report = plan(files, out_dir)
    final_manifest = _manifest(files)
    pending = report.added + report.changed
    if STATE in files and _read(out_dir / STATE) != files[STATE]:
        pending.append(STATE)  # after every other file, so it never vouches for old ones
    if not pending and not report.removed and _read(out_dir / MANIFEST) == final_manifest:
        return report
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".codegen-", dir=out_dir))
    except OSError as error:
        raise GenerationError([_write_failed(out_dir, error)]) from None
    try:
        contents = {relative: files[relative] for relative in pending}
        if report.added:
            # Before anything is added, record it: a run that stops midway leaves no file
            # that a later run would take for the user's own.
            contents[MANIFEST] = _manifest({*_previous(out_dir), *files})
            _stage(staging, MANIFEST, contents[MANIFEST])
            _move(staging, out_dir, MANIFEST)
        for relative in pending:
            _stage(staging, relative, contents[relative])
        # Everything is staged: only renames from here on.
        for relative in pending:
            _move(staging, out_dir, relative)
        for relative in report.removed:
            target = out_dir / relative
            try:
                target.unlink(missing_ok=True)
            except OSError as error:
                raise GenerationError([_write_failed(target, error)]) from None
            _prune_empty(target, out_dir)
        if _read(out_dir / MANIFEST) != final_manifest:
            _stage(staging, MANIFEST, final_manifest)
            _move(staging, out_dir, MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _manifest(paths: set[str] | dict[str, str]) -> str:
    """The manifest's text: the generated paths (itself not included)."""
    return json.dumps(sorted(set(paths) - {MANIFEST}), indent=1) + "\n"


def _stage(staging: Path, relative: str, text: str) -> None:
    staged = staging / relative
    try:
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        raise GenerationError([_write_failed(staged, error)]) from None


def _move(staging: Path, out_dir: Path, relative: str) -> None:
    target = out_dir / relative
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / relative, target)
    except OSError as error:
        raise GenerationError([_write_failed(target, error)]) from None


def _write_failed(path: Path, error: OSError) -> Diagnostic:
    reason = error.strerror or str(error) or type(error).__name__
    return Diagnostic(str(path), "", f"cannot write: {reason}",
                      "check the output folder's permissions and free space; files already "
                      "written are complete, run again to finish")


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (OSError, ValueError):
        return None


def _previous(out_dir: Path) -> list[str]:
    try:
        listed = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(listed, list):
        return []
    safe = [p for p in listed if isinstance(p, str) and p and ".." not in Path(p).parts
            and not Path(p).is_absolute()]
    return [p for p in safe if p != MANIFEST]


def _prune_empty(path: Path, root: Path) -> None:
    parent = path.parent
    try:
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    except OSError:
        return  # an empty folder left behind is harmless
