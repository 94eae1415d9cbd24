"""The command line: `campfire-codegen generate [SPEC ...]` and `campfire-codegen diff OLD NEW`.

Exit status: 0 done (or, with --check, everything current; with diff, no change that
--fail-on names); 1 --check found files that would change, or diff found such a change;
2 bad input (one line per problem on stderr, nothing written); 3 internal error.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from generator.config import (
    CHOICES,
    VERSION_EXPECTED,
    Config,
    is_header_name,
    is_version,
    load_config,
    ref_map_problem,
)
from generator.diagnostics import Diagnostic, GenerationError
from generator.diff.report import FORMATS
from generator.model.names import snake

if TYPE_CHECKING:
    from generator.diff.changes import Change
    from generator.diff.surface import Surface
    from generator.pipeline import Result

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
_SPEC_SUFFIXES = (".yaml", ".yml", ".json", ".md")
_DEFAULT_PACKAGE = "campfire_client"


@dataclass(frozen=True, slots=True)
class Job:
    """One client to generate: its inputs, where it goes, its package name."""

    sources: list[str]
    out_dir: Path
    package: str


@dataclass(frozen=True, slots=True)
class Settings:
    """What `generate` does, from the flags, then [tool.campfire-codegen], then defaults."""

    number_type: str
    layout: str
    strict: bool
    emit_ir: bool
    form_style: str
    idempotency_header: str | None
    """None: as the spec says."""
    package_version: str | None = None
    """None: proposed from the API's changes (diff/bump.py)."""
    ref_map: dict[str, str] | None = None
    """URL prefix -> local folder, for remote `$ref`s (the flag's entries over the file's)."""
    allow_network: bool = False


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="campfire-codegen",
                                     description="Generate a typed Python client from OpenAPI.")
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser(
        "generate", help="generate a client",
        description="Settings come from the flags, then from [tool.campfire-codegen] in the "
                    "nearest pyproject.toml. With no SPEC and no configured spec, regenerate "
                    "generated/<name>/ for every spec in specs/.")
    generate.add_argument("specs", nargs="*", metavar="SPEC",
                          help="OpenAPI file, URL or API reference page; several are merged")
    generate.add_argument("-o", "--output", type=Path, default=None,
                          help="folder that receives the package (default: .)")
    generate.add_argument("--package-name", default=None,
                          help=f"Python package name (default: {_DEFAULT_PACKAGE})")
    generate.add_argument("--number-type", choices=CHOICES["number-type"], default=None,
                          help="Python type of `type: number` (default: decimal, exact)")
    generate.add_argument("--layout", choices=CHOICES["layout"], default=None,
                          help="package: just the package (default); project: an installable "
                               "project around it (pyproject.toml, README.md)")
    generate.add_argument("--form-style", choices=CHOICES["form-style"], default=None,
                          help="how form and multipart bodies spell nested data: drf "
                               "(lines[0]amount=..., as Django REST framework reads it), "
                               "openapi (JSON text, the OpenAPI default) or auto (drf for a "
                               "drf-spectacular document; the default)")
    generate.add_argument("--idempotency-header", default=None, metavar="NAME",
                          type=_header_name,
                          help="the header that makes a POST or PATCH safe to retry (the "
                               "client sends a fresh key per call); \"\" for none "
                               "(default: as the spec says)")
    generate.add_argument("--package-version", default=None, metavar="VERSION",
                          type=_package_version,
                          help="the client's own version (default: 0.1.0 at first, then "
                               "raised as the API's changes call for)")
    _remote_flags(generate)
    generate.add_argument("--check", action="store_true",
                          help="write nothing; exit 1 listing the files that would change")
    generate.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None,
                          help="treat every spec validation problem as an error")
    generate.add_argument("--emit-ir", action=argparse.BooleanOptionalAction, default=None,
                          help="also write the IR dump <package>.ir.txt")
    diff = commands.add_parser(
        "diff", help="report what changed in the API between two specs",
        description="Compare two specs (or a saved <package>.api.json and a spec) in the "
                    "generated client's terms; every change is marked breaking or not.")
    diff.add_argument("old", metavar="OLD", help="the previous spec, or a <package>.api.json")
    diff.add_argument("new", metavar="NEW", help="the new spec, or a <package>.api.json")
    diff.add_argument("--format", choices=FORMATS, default="text",
                      help="text (default), markdown (changelogs, pull requests) or json")
    diff.add_argument("--fail-on", choices=("breaking", "any"), default=None,
                      help="exit 1 when there is a breaking change (or any change)")
    diff.add_argument("--number-type", choices=CHOICES["number-type"], default=None,
                      help="Python type of `type: number` (default: as saved, or decimal)")
    _remote_flags(diff)
    return parser


class _Stopped(BaseException):
    """A termination request (SIGTERM, SIGHUP): unwinds like Ctrl-C, so staging is cleaned."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    progress = _Progress()
    handlers = _catch_signals()
    try:
        if args.command == "diff":
            return _diff(args)
        return _generate(args, progress)
    except GenerationError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic.render(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"campfire-codegen: interrupted; {progress.describe()}", file=sys.stderr)
        return 128 + signal.SIGINT
    except _Stopped as stopped:
        print(f"campfire-codegen: stopped by signal {stopped.signum}; {progress.describe()}",
              file=sys.stderr)
        return 128 + stopped.signum
    except UnicodeEncodeError as error:
        # JSON's "\ud800" escapes decode to lone surrogates, which no file can hold.
        print(f"campfire-codegen: error: the spec contains text that is not valid Unicode "
              f"({error.object[error.start:error.end]!a}) (replace the lone surrogate escape "
              "in the spec)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # one line, not a traceback, unless debugging
        if os.environ.get("CAMPFIRE_CODEGEN_DEBUG"):
            raise
        print(f"campfire-codegen: internal error: {type(error).__name__}: {error} "
              "(set CAMPFIRE_CODEGEN_DEBUG=1 for details and report it)", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        _restore_signals(handlers)


def _catch_signals() -> dict[int, Any]:
    """Ctrl-C as KeyboardInterrupt, termination requests as _Stopped, for this run."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    wanted: dict[int, Any] = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: _stop}
    if hasattr(signal, "SIGHUP"):
        wanted[signal.SIGHUP] = _stop
    return {signum: signal.signal(signum, handler) for signum, handler in wanted.items()}


def _restore_signals(handlers: dict[int, Any]) -> None:
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


class _Progress:
    """Which output folders a run has switched to their new tree: what an interrupted run
    says of the output it leaves."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, dict[str, str]]] = []

    def describe(self) -> str:
        if not self.pending:
            return "nothing was written; every output folder is as it was"
        from generator.write import plan

        states = []
        for out_dir, files in self.pending:
            try:
                current = not plan(files, out_dir).touched
            except GenerationError:
                current = False
            states.append(f"{out_dir} holds the {'new' if current else 'old'} client, complete")
        return "; ".join(states)


# --- generate -------------------------------------------------------------------------


def _settings(args: argparse.Namespace, config: Config | None, default_run: bool) -> Settings:
    def pick(flag: object, key: str, default: object) -> object:
        configured = getattr(config, key) if config is not None else None
        return flag if flag is not None else default if configured is None else configured

    return Settings(str(pick(args.number_type, "number_type", "decimal")),
                    str(pick(args.layout, "layout", "package")),
                    bool(pick(args.strict, "strict", False)),
                    bool(pick(args.emit_ir, "emit_ir", default_run)),
                    str(pick(args.form_style, "form_style", "auto")),
                    _optional_text(pick(args.idempotency_header, "idempotency_header", None)),
                    _optional_text(pick(args.package_version, "package_version", None)),
                    _ref_map(args, config) or None,
                    args.allow_network)


def _ref_map(args: argparse.Namespace, config: Config | None) -> dict[str, str]:
    """The configured ref map, with `--ref-map` flags over it."""
    configured = (config.ref_map or {}) if config is not None else {}
    return {**configured, **dict(args.ref_map)}


def _remote_flags(command: argparse.ArgumentParser) -> None:
    """The flags that say where remote `$ref`s are read from (`generate` and `diff`)."""
    command.add_argument("--ref-map", action="append", default=[], metavar="URL=FOLDER",
                         type=_ref_map_entry,
                         help="read remote $refs under URL (a prefix) from FOLDER instead of "
                              "the network (repeatable; the longest prefix wins)")
    command.add_argument("--allow-network", action="store_true",
                         help="download remote $refs that no ref map covers (with generate, "
                              "kept in the output folder, so later runs need no network)")


def _header_name(value: str) -> str:
    if not is_header_name(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a header name (use letters, "
                                         "digits and -, or \"\" for none)")
    return value


def _ref_map_entry(value: str) -> tuple[str, str]:
    prefix, equals, folder = value.partition("=")
    problem = ref_map_problem({prefix: folder}) if equals else "is not URL=FOLDER"
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{value!r}: {problem}")
    return prefix, folder


def _package_version(value: str) -> str:
    if not is_version(value):
        raise argparse.ArgumentTypeError(f"{value!r}: {VERSION_EXPECTED}")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def _jobs(args: argparse.Namespace, config: Config | None = None) -> list[Job]:
    configured = config.specs if config is not None and config.specs else ()
    specs = list(args.specs) or list(configured)
    if specs:
        # Paths in the configuration are relative to its file: so is its default output.
        out_dir = args.output or (
            (config.output or config.file.parent) if config is not None else Path("."))
        package = _package_name(args, config)
        return [Job(specs, out_dir, package or _DEFAULT_PACKAGE)]
    specs_dir = Path("specs")
    if not specs_dir.is_dir():
        raise GenerationError([_no_specs()])
    jobs = spec_folder_jobs(specs_dir, args.output or Path("generated"),
                            _package_name(args, None))
    if not jobs:
        raise GenerationError([_no_specs()])
    return jobs


def spec_folder_jobs(specs_dir: Path, out_root: Path, package: str | None) -> list[Job]:
    """One job per spec of `specs_dir` (a file, or a folder of files), into
    `out_root/<name>`, package `package` or `<name>_client`."""
    jobs = []
    for entry in sorted(specs_dir.iterdir()):
        sources = _spec_sources(entry)
        if sources:
            name = snake(entry.stem if entry.is_file() else entry.name, "spec")
            jobs.append(Job(sources, out_root / name, package or f"{name}_client"))
    return jobs


def _package_name(args: argparse.Namespace, config: Config | None) -> str | None:
    """The package name given by the flag or the configuration, if it can work."""
    from generator.package_name import package_name_problem

    if args.package_name is None:
        # Checked with the rest of the configuration, where its line is known.
        return config.package_name if config is not None else None
    problem = package_name_problem(args.package_name)
    if problem is not None:
        message, suggestion = problem
        raise GenerationError([Diagnostic("--package-name", "", message,
                                          f"choose another name, e.g. {suggestion}")])
    return str(args.package_name)


def _spec_sources(entry: Path) -> list[str]:
    if entry.is_file():
        return [str(entry)] if entry.suffix in _SPEC_SUFFIXES else []
    if not entry.is_dir():
        return []
    for main in ("openapi.yaml", "openapi.yml", "openapi.json"):
        if (entry / main).is_file():
            return [str(entry / main)]  # a multi-file spec: the rest is reached by $ref
    return [str(p) for p in sorted(entry.iterdir()) if p.suffix in _SPEC_SUFFIXES]


def _no_specs() -> Diagnostic:
    return Diagnostic("specs/", "", "no spec given and no specs/ folder with specs here",
                      "pass SPEC paths, set `spec` in [tool.campfire-codegen] of pyproject.toml, "
                      "or run in the project folder")


def _generate(args: argparse.Namespace, progress: _Progress) -> int:
    config = load_config()
    jobs = _jobs(args, config)
    _recover(jobs)
    default_run = not args.specs and not (config is not None and config.specs)
    settings = _settings(args, config, default_run)
    if _all_current(jobs, settings):
        # Nothing a run would change: answered from hashes alone, nothing else loaded.
        if not args.check:
            for job in jobs:
                print(f"{job.package}: 0 added, 0 changed, 0 removed in {job.out_dir} "
                      "(up to date)")
        return EXIT_OK
    from generator.validate import ValidationWorker

    # Started first: the child imports the spec validator while this process imports
    # the other stages and reads the spec.
    with ValidationWorker() as validator:
        from generator.model.build import Options
        from generator.pipeline import RemoteRules, generate

        # Every job is generated in memory before anything is written.
        results = []
        for job in jobs:
            options = Options(package=job.package, number_type=settings.number_type,
                              form_style=settings.form_style,
                              idempotency_header=settings.idempotency_header)
            results.append((job, generate(job.sources, job.out_dir, options,
                                          strict=settings.strict, emit_ir=settings.emit_ir,
                                          layout=settings.layout, check=True,
                                          validator=validator,
                                          package_version=settings.package_version,
                                          remote=RemoteRules(settings.ref_map or {},
                                                             settings.allow_network))))
    from generator.diff.report import as_text

    for job, result in results:
        for warning in result.warnings:
            print(warning.render(), file=sys.stderr)
    stale = [(job, result) for job, result in results if result.report.touched]
    if args.check:
        for job, result in stale:
            for relative in result.report.touched:
                print(f"would change: {job.out_dir / relative}")
    else:
        from generator.write import write_tree

        progress.pending = [(job.out_dir, result.files) for job, result in results]
        for job, result in results:
            report = write_tree(result.files, job.out_dir, result.documents)
            print(f"{job.package}: {len(report.added)} added, {len(report.changed)} changed, "
                  f"{len(report.removed)} removed in {job.out_dir}")
    # With --check, stdout stays the plain list of stale files; the API changes are a note.
    report_to = sys.stderr if args.check else sys.stdout
    for job, result in results:
        _say_version(job, result, report_to, check=args.check)
        if result.api_changes:
            print(as_text(result.api_changes, f"API changes in {job.package}"), end="",
                  file=report_to)
    return EXIT_STALE if args.check and stale else EXIT_OK


def _say_version(job: Job, result: Result, to: TextIO, *, check: bool) -> None:
    """`campfire_client 0.3.0 -> 0.4.0: 12 breaking changes`, when the version moves or the
    API changed (--check: not of a client that is not there yet); a configured version
    below the recorded one is allowed, with a warning."""
    release = result.release
    if release is None or not (release.is_new or release.changes):
        return
    if check and release.previous is None and not release.changes:
        return
    print(release.describe(job.package), file=to)
    if release.unrecorded and not release.configured:
        print(f"campfire-codegen: note: {job.package} was written by an earlier "
              f"campfire-codegen, which recorded no client version: numbering starts at "
              f"{release.version} (set package-version to carry on from yours)",
              file=sys.stderr)
    if release.lowered:
        print(f"campfire-codegen: warning: package-version {release.version} is lower than "
              f"{job.package}'s recorded version {release.previous}", file=sys.stderr)
    elif release.changes and not release.is_new:
        print(f"campfire-codegen: note: the API changed but package-version stays "
              f"{release.version}: raise it to release these changes", file=sys.stderr)


def _recover(jobs: list[Job]) -> None:
    """Before anything else: an earlier run's unfinished switch is completed (or undone)."""
    from generator.write import recover

    for job in jobs:
        done = recover(job.out_dir)
        if done is not None:
            print(f"campfire-codegen: {job.out_dir}: {done}", file=sys.stderr)


def _all_current(jobs: list[Job], settings: Settings) -> bool:
    from generator import fastpath

    for job in jobs:
        key = fastpath.run_key(job.package, settings.number_type, strict=settings.strict,
                               emit_ir=settings.emit_ir, layout=settings.layout,
                               form_style=settings.form_style,
                               idempotency_header=settings.idempotency_header,
                               package_version=settings.package_version,
                               ref_map=fastpath.portable_ref_map(settings.ref_map or {},
                                                                 job.out_dir))
        if not fastpath.is_current(job.out_dir, job.sources, key,
                                   download=settings.allow_network):
            return False
    return True


# --- diff -----------------------------------------------------------------------------


def _diff(args: argparse.Namespace) -> int:
    from generator.deep_stack import deep_call
    from generator.diff.compare import compare
    from generator.diff.inputs import read_surfaces
    from generator.diff.report import render
    from generator.pipeline import RemoteRules

    remote = RemoteRules(_ref_map(args, load_config()), args.allow_network)

    def compared() -> tuple[Surface, list[Change]]:
        old, new = read_surfaces(args.old, args.new, args.number_type, remote)
        return old, compare(old, new)

    # Modelling a spec recurses once per level of its schemas, as `generate` does.
    old, changes = deep_call(compared)
    print(render(changes, args.format, title=f"API changes from {args.old} to {args.new}",
                 version=old.package_version), end="")
    if args.fail_on == "any" and changes:
        return EXIT_STALE
    if args.fail_on == "breaking" and any(change.breaking for change in changes):
        return EXIT_STALE
    return EXIT_OK
