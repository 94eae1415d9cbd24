"""The command line: `campfire-codegen generate [SPEC ...]`.

Exit status: 0 done (or, with --check, everything current); 1 --check found files that
would change; 2 bad input (one line per problem on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, GenerationError
from generator.model.build import Options
from generator.model.names import snake

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
_SPEC_SUFFIXES = (".yaml", ".yml", ".json", ".md")


@dataclass(frozen=True, slots=True)
class Job:
    """One client to generate: its inputs, where it goes, its package name."""

    sources: list[str]
    out_dir: Path
    package: str


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="campfire-codegen",
                                     description="Generate a typed Python client from OpenAPI.")
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser(
        "generate", help="generate a client",
        description="With no SPEC, regenerate generated/<name>/ for every spec in specs/.")
    generate.add_argument("specs", nargs="*", metavar="SPEC",
                          help="OpenAPI file, URL or API reference page; several are merged")
    generate.add_argument("-o", "--output", type=Path, default=None,
                          help="folder that receives the package (default: .)")
    generate.add_argument("--package-name", default=None,
                          help="Python package name (default: campfire_client)")
    generate.add_argument("--number-type", choices=("decimal", "float"), default="decimal",
                          help="Python type of `type: number` (default: decimal, exact)")
    generate.add_argument("--check", action="store_true",
                          help="write nothing; exit 1 listing the files that would change")
    generate.add_argument("--strict", action="store_true",
                          help="treat every spec validation problem as an error")
    generate.add_argument("--emit-ir", action="store_true",
                          help="also write the IR dump <package>.ir.txt")
    return parser


def _jobs(args: argparse.Namespace) -> list[Job]:
    if args.specs:
        out_dir = args.output or Path(".")
        return [Job(list(args.specs), out_dir, args.package_name or "campfire_client")]
    specs_dir = Path("specs")
    if not specs_dir.is_dir():
        raise GenerationError([_no_specs()])
    jobs = []
    for entry in sorted(specs_dir.iterdir()):
        sources = _spec_sources(entry)
        if sources:
            name = snake(entry.stem if entry.is_file() else entry.name, "spec")
            out_root = args.output or Path("generated")
            jobs.append(Job(sources, out_root / name, args.package_name or f"{name}_client"))
    if not jobs:
        raise GenerationError([_no_specs()])
    return jobs


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
                      "pass SPEC paths or run in the project folder")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _generate(args)
    except GenerationError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic.render(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # one line, not a traceback, unless debugging
        if os.environ.get("CAMPFIRE_CODEGEN_DEBUG"):
            raise
        print(f"campfire-codegen: internal error: {type(error).__name__}: {error} "
              "(set CAMPFIRE_CODEGEN_DEBUG=1 for details and report it)", file=sys.stderr)
        return EXIT_INTERNAL


def _generate(args: argparse.Namespace) -> int:
    from generator.pipeline import generate

    jobs = _jobs(args)
    # Every job is generated in memory before anything is written.
    results = []
    for job in jobs:
        options = Options(package=job.package, number_type=args.number_type)
        default_run = not args.specs
        results.append((job, generate(job.sources, job.out_dir, options, strict=args.strict,
                                      emit_ir=args.emit_ir or default_run, check=True)))
    for job, result in results:
        for warning in result.warnings:
            print(warning.render(), file=sys.stderr)
    stale = [(job, result) for job, result in results if result.report.touched]
    if args.check:
        for job, result in stale:
            for relative in result.report.touched:
                print(f"would change: {job.out_dir / relative}")
        return EXIT_STALE if stale else EXIT_OK
    from generator.write import write_tree

    for job, result in results:
        report = write_tree(result.files, job.out_dir)
        print(f"{job.package}: {len(report.added)} added, {len(report.changed)} changed, "
              f"{len(report.removed)} removed in {job.out_dir}")
    return EXIT_OK
