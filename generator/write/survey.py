"""What writing a tree would change, and whether the generator may change it.

The generator owns exactly the files its manifest lists. It may replace or delete those,
and add files where nothing is; anything else is refused before a single byte is
written, with one located line per problem:
- a file in the way that the generator did not write (unless it already holds exactly
  the new content: then it is simply adopted);
- a symbolic link anywhere on the way to a file it writes or removes (writing through it
  would change files outside the output folder);
- a folder where a file goes, or a file where a folder goes;
- one of the run's own inputs among the files it would write or remove.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.diagnostics import Diagnostic, GenerationError

MANIFEST = ".campfire-codegen-manifest.json"
# The fast path's record (generator/fastpath.py): kept current, but never by itself a
# reason to call the output stale.
STATE = ".campfire-codegen-state.json"
# Files --layout project writes beside the package: a user's own are common.
PROJECT_FILES = ("README.md", "pyproject.toml")


@dataclass(slots=True)
class WriteReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def touched(self) -> list[str]:
        return sorted(self.added + self.changed + self.removed)


@dataclass(slots=True)
class Survey:
    """The report, plus what the switch needs: every path to put in place (bookkeeping
    included, the state file last) and every old file to take away."""

    report: WriteReport
    put: list[str]
    take: list[str]
    manifest: str


def survey(files: dict[str, str], out_dir: Path, inputs: Iterable[str] = ()) -> Survey:
    """Compares `files` with `out_dir`; raises GenerationError when it may not write them."""
    files = {relative: text for relative, text in files.items() if relative != MANIFEST}
    own_inputs = _inputs_inside(out_dir, inputs)
    owned = set(previous_manifest(out_dir))
    problems: list[Diagnostic] = []
    report = WriteReport()
    put: list[str] = []
    cleared: set[str] = set()
    for relative in sorted(files):
        current = _current(out_dir, relative, problems, cleared)
        if current is _BLOCKED:
            continue  # already reported
        if current is None:
            report.added.append(relative)
        elif current != files[relative].encode("utf-8"):
            if relative not in owned and relative != STATE and relative not in own_inputs:
                problems.append(_not_ours(out_dir, relative))
            report.changed.append(relative)
        else:
            continue  # already holds the new content (adopted if it was not ours)
        put.append(relative)
    for relative in sorted(owned - set(files)):
        if _removable(out_dir, relative, problems, cleared):
            report.removed.append(relative)
    _refuse_inputs(out_dir, [*put, *report.removed], own_inputs, problems)
    if problems:
        raise GenerationError(problems)
    # Old versions are taken away (kept until the switch is over, to undo it).
    take = [*report.changed, *report.removed]
    for listed in (report.added, report.changed):
        if STATE in listed:
            listed.remove(STATE)  # bookkeeping, never reported as a change
    manifest = manifest_text(files)
    # The manifest after every module, the state file last: neither ever vouches for
    # files that are not in place yet.
    previous = _read(out_dir / MANIFEST)
    if previous != manifest:
        put.append(MANIFEST)
        if previous is not None:
            take.append(MANIFEST)
    put = sorted(set(put) - {STATE, MANIFEST}) + [p for p in (MANIFEST, STATE) if p in put]
    return Survey(report, put, take, manifest)


def manifest_text(paths: Iterable[str]) -> str:
    """The manifest's text: the generated paths (itself not included)."""
    return json.dumps(sorted(set(paths) - {MANIFEST}), indent=1) + "\n"


def previous_manifest(out_dir: Path) -> list[str]:
    """The files the generator wrote into `out_dir` before (only safe relative paths)."""
    try:
        listed = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(listed, list):
        return []
    return [p for p in listed if isinstance(p, str) and is_safe_relative(p) and p != MANIFEST]


def is_safe_relative(path: str) -> bool:
    parts = Path(path).parts
    return bool(path) and ".." not in parts and not Path(path).is_absolute() and "." not in parts


_BLOCKED = b"\0blocked"  # compared by identity: no file's content is this object


def _current(out_dir: Path, relative: str, problems: list[Diagnostic],
             cleared: set[str]) -> bytes | None:
    """The bytes at `relative` now; None when nothing is there; _BLOCKED when a link or
    a folder is in the way (reported in `problems`)."""
    if not _clear_way(out_dir, relative, problems, cleared):
        return _BLOCKED
    target = out_dir / relative
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        problems.append(_unreadable(target, error))
        return _BLOCKED
    if stat.S_ISLNK(mode):
        problems.append(_link(out_dir, target))
        return _BLOCKED
    if not stat.S_ISREG(mode):
        problems.append(Diagnostic(str(target), "", "is a folder or a special file where the "
                                   "generator writes a file", "move it away, then run again"))
        return _BLOCKED
    try:
        return target.read_bytes()
    except OSError as error:
        problems.append(_unreadable(target, error))
        return _BLOCKED


def _clear_way(out_dir: Path, relative: str, problems: list[Diagnostic],
               cleared: set[str] | None = None) -> bool:
    """Every folder between `out_dir` and the file is a real folder (or missing).
    `cleared`: folders (relative) already found real, not looked at again."""
    folder = out_dir
    parts = relative.split("/")[:-1]
    for depth, part in enumerate(parts, 1):
        folder = folder / part
        if cleared is not None:
            key = "/".join(parts[:depth])
            if key in cleared:
                continue
        try:
            mode = folder.lstat().st_mode
        except FileNotFoundError:
            return True
        except OSError as error:
            problems.append(_unreadable(folder, error))
            return False
        if stat.S_ISLNK(mode):
            problem = _link(out_dir, folder)
            if problem not in problems:
                problems.append(problem)
            return False
        if not stat.S_ISDIR(mode):
            problem = Diagnostic(str(folder), "", "is a file where the generator needs a folder",
                                 "move it away, then run again")
            if problem not in problems:
                problems.append(problem)
            return False
        if cleared is not None:
            cleared.add(key)
    return True


def _removable(out_dir: Path, relative: str, problems: list[Diagnostic],
               cleared: set[str]) -> bool:
    """An old generated file can go: it is there, a plain file, reached without links.
    A link the user put in its place is theirs now: it stays, and stops being ours."""
    if not _clear_way(out_dir, relative, problems, cleared):
        return False
    try:
        return stat.S_ISREG((out_dir / relative).lstat().st_mode)
    except OSError:
        return False


def _inputs_inside(out_dir: Path, inputs: Iterable[str]) -> dict[str, Path]:
    """The run's local inputs that lie in the (resolved) output folder, by relative path.
    Paths below it are reached without links (checked), so comparing relative paths
    suffices: inputs elsewhere cannot be touched."""
    inside: dict[str, Path] = {}
    for path in map(local_path, inputs):
        if path is not None:
            real = Path(_real(path))
            if real.is_relative_to(out_dir):
                inside[real.relative_to(out_dir).as_posix()] = path
    return inside


def _refuse_inputs(out_dir: Path, touched: list[str], own_inputs: dict[str, Path],
                   problems: list[Diagnostic]) -> None:
    for relative in touched:
        source = own_inputs.get(relative)
        if source is not None:
            problems.append(Diagnostic(
                str(out_dir / relative), "",
                f"is an input of this run ({source}) and would be overwritten",
                "keep the spec outside the generated files, or generate into another folder"))


def local_path(uri: str) -> Path | None:
    """The file a document's uri names; None for a URL."""
    parts = urlsplit(uri)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if parts.scheme in ("http", "https"):
        return None
    return Path(uri)


def _real(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _not_ours(out_dir: Path, relative: str) -> Diagnostic:
    target = out_dir / relative
    if relative in PROJECT_FILES:
        return Diagnostic(str(target), "", "exists and was not written by campfire-codegen; "
                          "--layout project writes its own " + relative + " here",
                          "move yours away, or generate with --layout package")
    return Diagnostic(str(target), "", "exists and was not written by campfire-codegen",
                      "move or delete it, then run again; or generate into another folder")


def _link(out_dir: Path, link: Path) -> Diagnostic:
    return Diagnostic(str(link), "", f"is a symbolic link (to {os.readlink(link)}); the "
                      "generator writes only inside the output folder "
                      f"{out_dir}", "replace the link with a real folder, or generate into "
                      "the folder it points to")


def _unreadable(path: Path, error: OSError) -> Diagnostic:
    reason = error.strerror or type(error).__name__
    return Diagnostic(str(path), "", f"cannot read: {reason}",
                      "check the output folder's permissions, then run again")


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (OSError, ValueError):
        return None
