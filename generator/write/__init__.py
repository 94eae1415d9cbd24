"""Stage 7: put the files in place; the tree, not the file, is what changes at once.

`survey.py` decides what would change and whether the generator may change it (it
writes only files it owns, never through a link, never over its own input);
`switch.py` stages, commits and switches the whole tree, and finishes a switch an
interrupted run left behind; `steps.py` is every single change to the disk;
`changelog.py` adds entries to the changelog, the one file the generator only adds to.
Unchanged files are not touched (their modification times stay).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.bookkeeping import JOURNAL, MANIFEST, STAGING_PREFIX, STATE, unfinished
from generator.diagnostics import Diagnostic, GenerationError
from generator.write import steps, switch
from generator.write.survey import WriteReport, survey

__all__ = ["JOURNAL", "MANIFEST", "STAGING_PREFIX", "STATE", "WriteReport", "plan",
           "recover", "unfinished", "write_tree"]


def plan(files: dict[str, str], out_dir: Path, inputs: Iterable[str] = ()) -> WriteReport:
    """What writing `files` into `out_dir` would change; raises GenerationError when the
    generator may not write them (files it does not own, links, its own inputs)."""
    return survey(files, _absolute(out_dir), inputs).report


def write_tree(files: dict[str, str], out_dir: Path, inputs: Iterable[str] = ()) -> WriteReport:
    """Writes `files` into `out_dir` as one switch; raises GenerationError when it may
    not or the disk refuses. Afterwards the folder holds the whole old tree or the whole
    new one, whatever happened; `inputs` are the run's own spec files (never written)."""
    folder = _output_folder(out_dir)
    with steps.folder_lock(folder):
        switch.recover(folder)
        planned = survey(files, folder, inputs)
        if planned.put or planned.take:
            switch.apply(planned, files, folder)
    return planned.report


def recover(out_dir: Path) -> str | None:
    """Finishes what an interrupted run left in `out_dir`; says what it did (or None)."""
    folder = _absolute(out_dir)
    if not folder.is_dir() or not unfinished(folder):
        return None
    with steps.folder_lock(folder):
        return switch.recover(folder)


def _absolute(out_dir: Path) -> Path:
    # The folder the user named, links in its own path resolved once: from there on,
    # nothing is followed.
    return out_dir.resolve()


def _output_folder(out_dir: Path) -> Path:
    folder = _absolute(out_dir)
    try:
        if not folder.is_dir():
            steps.make_folder(folder)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise GenerationError([Diagnostic(str(out_dir), "", f"cannot make the output folder: "
                                          f"{reason}", "choose another output folder")]) from None
    return folder
