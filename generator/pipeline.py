"""The whole flow, one stage after the other: load, validate, resolve and model, render,
format, write; and what changed in the API since the client in the output folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import fastpath
from generator.diagnostics import Diagnostic
from generator.diff.changes import Change
from generator.diff.compare import compare
from generator.diff.surface import SnapshotError, from_json, snapshot_name, surface_of, to_json
from generator.format import format_files
from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.model.dump import dump
from generator.render import render_package
from generator.render.project import render_project
from generator.validate import PendingValidation
from generator.write import STATE, WriteReport, plan, write_tree


@dataclass(slots=True)
class Result:
    files: dict[str, str]
    warnings: list[Diagnostic] = field(default_factory=list)
    report: WriteReport = field(default_factory=WriteReport)
    documents: list[str] = field(default_factory=list)
    """Every spec file read (uris), for the fast path's fingerprint."""
    api_changes: list[Change] | None = None
    """The API's changes since the client in the output folder was generated; None when
    there is no such client (or its saved API surface is unreadable) or nothing changed."""


def generate_files(sources: list[str], options: Options, *, strict: bool = False,
                   emit_ir: bool = False, layout: str = "package") -> Result:
    """Every output file in memory; raises GenerationError on bad input."""
    workspace = load_inputs(sources)
    # The spec validator is the slowest stage: it runs beside the others, and its verdict
    # is awaited before anything can be written.
    validation = PendingValidation(workspace, strict=strict)
    try:
        package = build_package(workspace, options)
        files = format_files(render_package(package))
        files[snapshot_name(options.package)] = to_json(surface_of(package))
        if layout == "project":
            files.update(render_project(package))
        if emit_ir:
            files[f"{options.package}.ir.txt"] = dump(package)
    except Exception:
        # An invalid document can trip the later stages before its problems are known:
        # the validator's one-line reasons beat whatever broke.
        validation.result()
        raise
    warnings = validation.result()
    return Result(files, warnings, documents=sorted(workspace.documents))


def generate(sources: list[str], out_dir: Path, options: Options, *, strict: bool = False,
             emit_ir: bool = False, layout: str = "package", check: bool = False) -> Result:
    result = generate_files(sources, options, strict=strict, emit_ir=emit_ir, layout=layout)
    key = fastpath.run_key(options.package, options.number_type, strict=strict,
                           emit_ir=emit_ir, layout=layout)
    state = fastpath.state_text(sources, result.documents, key, result.files, out_dir)
    if state is not None:
        result.files[STATE] = state
    snapshot = snapshot_name(options.package)
    previous = _read(out_dir / snapshot)  # before writing replaces it
    result.report = plan(result.files, out_dir) if check else write_tree(result.files, out_dir)
    if previous is not None and previous != result.files[snapshot]:
        result.api_changes = _api_changes(previous, result.files[snapshot])
    return result


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (OSError, ValueError):
        return None


def _api_changes(previous: str, current: str) -> list[Change] | None:
    try:
        return compare(from_json(previous), from_json(current)) or None
    except SnapshotError:
        return None  # saved by another version, or edited: nothing to compare with
