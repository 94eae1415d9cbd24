"""The whole flow, one stage after the other: load, validate, resolve and model, render,
format, write; and what changed in the API since the client in the output folder."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import fastpath
from generator.deep_stack import deep_call
from generator.diagnostics import Diagnostic, GenerationError, Severity, one_per_place
from generator.diff.bump import Release, next_release
from generator.diff.changes import Change
from generator.diff.compare import compare
from generator.diff.surface import (
    SnapshotError,
    Surface,
    from_json,
    snapshot_name,
    surface_of,
    to_json,
)
from generator.format import format_files
from generator.load import RemoteDocuments, load_inputs
from generator.load.read import is_url
from generator.load.remote import REFS_FOLDER, kept_files
from generator.model.build import Options, build_package
from generator.model.ir import PackageIR
from generator.render import render_package
from generator.render.changelog import entry as changelog_entry
from generator.render.changelog import entry_date
from generator.render.changelog import title as changelog_title
from generator.render.dump import dump
from generator.render.project import render_project
from generator.validate import PendingValidation, ValidationWorker
from generator.write import STATE, WriteReport, plan, recover, write_tree
from generator.write.changelog import changelog_name, has_entry, with_entry


@dataclass(slots=True)
class Result:
    files: dict[str, str]
    warnings: list[Diagnostic] = field(default_factory=list)
    report: WriteReport = field(default_factory=WriteReport)
    documents: list[str] = field(default_factory=list)
    """Every spec file read (uris), for the fast path's fingerprint."""
    remote: dict[str, str] = field(default_factory=dict)
    """URL -> sha256 of each remote document kept in the output folder (for its state)."""
    api_changes: list[Change] | None = None
    """The API's changes since the client in the output folder was generated; None when
    there is no such client (or its saved API surface is unreadable) or nothing changed."""
    release: Release | None = None
    """The client's version this run writes, and how it was decided."""


def generate_files(sources: list[str], options: Options, *, strict: bool = False,
                   emit_ir: bool = False, layout: str = "package",
                   validator: ValidationWorker | None = None, history: Path | None = None,
                   package_version: str | None = None, remote: RemoteRules | None = None,
                   ) -> Result:
    """Every output file in memory; raises GenerationError on bad input.

    `validator`: a worker started early (the CLI starts it before anything is read);
    without one, validation forks its own child here. `history`: a folder holding the
    client this one follows (its recorded version, its changelog); `package_version`:
    the version to give the client instead of the proposed one. `remote`: how remote
    `$ref`s are read (by default offline, unless an input is a URL).
    """
    result, validation = _produce(sources, options, strict=strict, emit_ir=emit_ir,
                                  layout=layout, validator=validator, history=history,
                                  package_version=package_version, remote=remote)
    result.warnings = _verdict(validation, result.warnings)
    return result


def generate(sources: list[str], out_dir: Path, options: Options, *, strict: bool = False,
             emit_ir: bool = False, layout: str = "package", check: bool = False,
             validator: ValidationWorker | None = None,
             package_version: str | None = None, remote: RemoteRules | None = None) -> Result:
    """Generate into `out_dir` (or, with `check`, only plan it); raises GenerationError on
    bad input, before anything is written."""
    result, validation = _produce(sources, options, strict=strict, emit_ir=emit_ir,
                                  layout=layout, validator=validator, history=out_dir,
                                  package_version=package_version, remote=remote)
    # Everything that needs no verdict is done while the validator works.
    try:
        key = fastpath.run_key(options.package, options.number_type, strict=strict,
                               emit_ir=emit_ir, layout=layout, form_style=options.form_style,
                               idempotency_header=options.idempotency_header,
                               package_version=package_version,
                               ref_map=fastpath.portable_ref_map(
                                   remote.ref_map if remote is not None else {}, out_dir))
        state = fastpath.state_text(sources, result.documents, key, result.files, out_dir,
                                    result.remote)
        if state is not None:
            result.files[STATE] = state
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
             layout: str, validator: ValidationWorker | None, history: Path | None,
             package_version: str | None,
             remote: RemoteRules | None) -> tuple[Result, PendingValidation]:
    """The files in memory, with the document's validation still under way: its verdict
    must be awaited before anything is written."""
    workspace = load_inputs(sources, remote_documents(sources, remote, history))
    if workspace.remote.allow_network:
        # Downloaded once, here: the validator's child then reads the same texts.
        workspace.read_all_referenced()
    # The spec validator is the slowest stage: it runs beside the others.
    validation = PendingValidation(workspace, strict=strict, worker=validator)
    try:
        package = deep_call(lambda: build_package(workspace, options, strict=strict))
        surface = surface_of(package)
        # The client already there (read before writing replaces it): what changed in
        # the API since, and so the version this one gets.
        previous = _previous_surface(history, options.package)
        changes = compare(previous, surface) if previous is not None else None
        recorded = previous.package_version if previous is not None else None
        release = next_release(recorded, changes, package_version,
                               unrecorded=previous is not None and recorded is None)
        package = replace(package, package_version=release.version)
        rendered = render_package(package)
        files = format_files(rendered.files, rendered.for_black)
        snapshot = snapshot_name(options.package)
        files[snapshot] = to_json(replace(surface, package_version=release.version))
        if layout == "project":
            files.update(render_project(package))
        if emit_ir:
            files[f"{options.package}.ir.txt"] = dump(package)
        changelog = changelog_name(options.package, layout)
        files[changelog] = _changelog(history, changelog, release, package)
        kept, pins = _kept_remote(sources, workspace.remote)
        files.update(kept)
    except Exception:
        # An invalid document can trip the later stages before its problems are known:
        # the validator's one-line reasons beat whatever broke.
        validation.result()
        raise
    return Result(files, [*workspace.findings(strict=strict), *package.warnings],
                  documents=workspace.files_read(), remote=pins,
                  api_changes=changes or None, release=release), validation


@dataclass(frozen=True, slots=True)
class RemoteRules:
    """How a run reads documents reached by remote `$ref`s (see load/remote.py)."""

    ref_map: dict[str, str] = field(default_factory=dict)
    """URL prefix -> local folder."""
    allow_network: bool = False


def remote_documents(sources: list[str], rules: RemoteRules | None,
                      history: Path | None) -> RemoteDocuments:
    """The remote rules of this run, with the copies the output folder keeps from earlier
    downloads. A URL named as an input allows the network for its own references."""
    rules = rules or RemoteRules()
    pinned = fastpath.recorded_remote(history) if history is not None else {}
    return RemoteDocuments(
        ref_map=dict(rules.ref_map),
        allow_network=rules.allow_network or any(map(is_url, sources)),
        pinned=pinned,
        cache=None if history is None else str(history / REFS_FOLDER))


def _kept_remote(sources: list[str],
                 remote: RemoteDocuments) -> tuple[dict[str, str], dict[str, str]]:
    """The downloaded documents to keep in the output folder, and their pins. Not for a
    URL input: such a run has no state to pin them in (it is fetched again anyway)."""
    if any(map(is_url, sources)):
        return {}, {}
    return kept_files(remote.kept)


def _verdict(validation: PendingValidation, loaded: list[Diagnostic]) -> list[Diagnostic]:
    """Every warning, the load stage's first; raises GenerationError with the errors of
    both (the load stage's are duplicate keys under --strict)."""
    errors = [found for found in loaded if found.severity is Severity.ERROR]
    try:
        warnings = validation.result()
    except GenerationError as error:
        raise GenerationError(one_per_place([*errors, *error.diagnostics])) from None
    if errors:
        raise GenerationError(errors)
    return one_per_place([*loaded, *warnings])


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (OSError, ValueError):
        return None


def _previous_surface(history: Path | None, package: str) -> Surface | None:
    """The API surface saved with the client in `history`; None when there is none, or
    it cannot be read (saved by another version, or edited): nothing to compare with."""
    text = None if history is None else _read(history / snapshot_name(package))
    if text is None:
        return None
    try:
        return from_json(text)
    except SnapshotError:
        return None


def _changelog(history: Path | None, name: str, release: Release,
               package: PackageIR) -> str:
    """The changelog's text: as it is, with this version's entry added when it has none."""
    existing = None if history is None else _read(history / name)
    if existing is not None and has_entry(existing, release.version):
        return existing  # an entry is never rewritten
    missing = not release.is_new and not release.changes
    entry = changelog_entry(release, package.version, entry_date(), missing=missing)
    return with_entry(existing, entry, changelog_title(package.package))
