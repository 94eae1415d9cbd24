"""Stage 7: put the files in place without ever leaving the output half-written.

Every changed file is first written completely into a temporary folder beside the
output, then moved over its old version with an atomic rename. Unchanged files are not
touched (their modification times stay), and files that a previous run generated but
this one does not are removed; files the generator never wrote are left alone.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".campfire-codegen-manifest.json"


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
        target = out_dir / relative
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            report.added.append(relative)
            continue
        if current != text.encode("utf-8"):
            report.changed.append(relative)
    report.removed = sorted(set(_previous(out_dir)) - set(files))
    return report


def write_tree(files: dict[str, str], out_dir: Path) -> WriteReport:
    files = dict(files)
    report = plan(files, out_dir)
    files[MANIFEST] = json.dumps(sorted(files), indent=1) + "\n"
    pending = report.added + report.changed
    if _read(out_dir / MANIFEST) != files[MANIFEST]:
        pending.append(MANIFEST)
    if not pending and not report.removed:
        return report
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".codegen-", dir=out_dir.parent))
    try:
        for relative in pending:
            staged = staging / relative
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_text(files[relative], encoding="utf-8", newline="\n")
        # Everything is staged: only renames from here on.
        for relative in pending:
            target = out_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, target)
        for relative in report.removed:
            (out_dir / relative).unlink(missing_ok=True)
            _prune_empty(out_dir / relative, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except OSError:
        return None


def _previous(out_dir: Path) -> list[str]:
    try:
        listed = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    safe = [p for p in listed if isinstance(p, str) and ".." not in Path(p).parts
            and not Path(p).is_absolute()]
    return [p for p in safe if p != MANIFEST]


def _prune_empty(path: Path, root: Path) -> None:
    parent = path.parent
    while parent != root and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
