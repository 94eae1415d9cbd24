"""The whole flow, one stage after the other: load, validate, resolve and model, render,
format, write; and what changed in the API since the client in the output folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import fastpath
from generator.diagnostics import Diagnostic, GenerationError, Severity
from generator.diff.changes import Change
from generator.diff.compare import compare
from generator.diff.surface import SnapshotError, from_json, snapshot_name, surface_of, to_json
from generator.format import format_files
from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.render import render_package
from generator.render.dump import dump
from generator.render.project import render_project
from generator.validate import PendingValidation, ValidationWorker
from generator.write import STATE, WriteReport, plan, recover, write_tree


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
                   emit_ir: bool = False, layout: str = "package",
                   validator: ValidationWorker | None = None) -> Result:
    """Every output file in memory; raises GenerationError on bad input.

    `validator`: a worker started early (the CLI starts it before anything is read);
    without one, validation forks its own child here.
    """
    result, validation = _produce(sources, options, strict=strict, emit_ir=emit_ir,
                                  layout=layout, validator=validator)
    result.warnings = _verdict(validation, result.warnings)
    return result


def generate(sources: list[str], out_dir: Path, options: Options, *, strict: bool = False,
             emit_ir: bool = False, layout: str = "package", check: bool = False,
             validator: ValidationWorker | None = None) -> Result:
    """Generate into `out_dir` (or, with `check`, only plan it); raises GenerationError on
    bad input, before anything is written."""
    result, validation = _produce(sources, options, strict=strict, emit_ir=emit_ir,
                                  layout=layout, validator=validator)
    # Everything that needs no verdict is done while the validator works.
    try:
        key = fastpath.run_key(options.package, options.number_type, strict=strict,
                               emit_ir=emit_ir, layout=layout, form_style=options.form_style,
                               idempotency_header=options.idempotency_header)
        state = fastpath.state_text(sources, result.documents, key, result.files, out_dir)
        if state is not None:
            result.files[STATE] = state
        snapshot = snapshot_name(options.package)
        previous = _read(out_dir / snapshot)  # before writing replaces it
        if previous is not None and previous != result.files[snapshot]:
            result.api_changes = _api_changes(previous, result.files[snapshot])
        if check:
            recover(out_dir)  # an earlier run's unfinished switch first
            result.report = plan(result.files, out_dir, result.documents)
    except Exception:
        validation.result()  # an invalid document's reasons first
        raise
    result.warnings = _verdict(validation, result.warnings)
    if not check:
        result.report = write_tree(result.files, out_dir, result.documents)
    return result


def _produce(sources: list[str], options: Options, *, strict: bool, emit_ir: bool,
             layout: str, validator: ValidationWorker | None,
             ) -> tuple[Result, PendingValidation]:
    """The files in memory, with the document's validation still under way: its verdict
    must be awaited before anything is written."""
    workspace = load_inputs(sources)
    # The spec validator is the slowest stage: it runs beside the others.
    validation = PendingValidation(workspace, strict=strict, worker=validator)
    try:
        package = build_package(workspace, options, strict=strict)
        rendered = render_package(package)
        files = format_files(rendered.files, rendered.for_black)
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
    return Result(files, [*workspace.findings(strict=strict), *package.warnings],
                  documents=sorted(workspace.documents)), validation


def _verdict(validation: PendingValidation, loaded: list[Diagnostic]) -> list[Diagnostic]:
    """Every warning, the load stage's first; raises GenerationError with the errors of
    both (the load stage's are duplicate keys under --strict)."""
    errors = [found for found in loaded if found.severity is Severity.ERROR]
    try:
        warnings = validation.result()
    except GenerationError as error:
        raise GenerationError([*errors, *error.diagnostics]) from None
    if errors:
        raise GenerationError(errors)
    return [*loaded, *warnings]


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
