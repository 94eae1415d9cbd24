"""The whole flow, one stage after the other: load, validate, resolve and model, render,
format, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.format import format_files
from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.model.dump import dump
from generator.render import render_package
from generator.validate import validate
from generator.write import WriteReport, plan, write_tree


@dataclass(slots=True)
class Result:
    files: dict[str, str]
    warnings: list[Diagnostic] = field(default_factory=list)
    report: WriteReport = field(default_factory=WriteReport)


def generate_files(sources: list[str], options: Options, *, strict: bool = False,
                   emit_ir: bool = False) -> Result:
    """Every output file in memory; raises GenerationError on bad input."""
    workspace = load_inputs(sources)
    warnings = validate(workspace, strict=strict)
    package = build_package(workspace, options)
    files = format_files(render_package(package))
    if emit_ir:
        files[f"{options.package}.ir.txt"] = dump(package)
    return Result(files, warnings)


def generate(sources: list[str], out_dir: Path, options: Options, *, strict: bool = False,
             emit_ir: bool = False, check: bool = False) -> Result:
    result = generate_files(sources, options, strict=strict, emit_ir=emit_ir)
    result.report = plan(result.files, out_dir) if check else write_tree(result.files, out_dir)
    return result
