"""Golden files: every spec in specs/ regenerates byte for byte into generated/.

To update them after a deliberate change: `campfire-codegen generate` (no arguments),
then review the diff of generated/ like code.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.cli import Job, spec_folder_jobs
from generator.model.build import Options
from generator.pipeline import generate_files
from generator.write import MANIFEST

ROOT = Path(__file__).resolve().parents[1]


def _jobs() -> list[Job]:
    return spec_folder_jobs(ROOT / "specs", ROOT / "generated", None)


def test_every_spec_has_a_golden_folder() -> None:
    expected = {job.out_dir.name for job in _jobs()}
    present = {p.name for p in (ROOT / "generated").iterdir() if p.is_dir()}
    assert expected == present, "run `campfire-codegen generate` to add or remove goldens"


@pytest.mark.parametrize("job", _jobs(), ids=lambda job: job.out_dir.name)
def test_generated_matches_golden(job: Job) -> None:
    # The golden folder is the history: its recorded client version, its changelog.
    result = generate_files(job.sources, Options(package=job.package), emit_ir=True,
                            history=job.out_dir)
    golden = {
        str(p.relative_to(job.out_dir)): p.read_text("utf-8")
        for p in job.out_dir.rglob("*")
        if p.is_file()
        and p.name != MANIFEST
        and not any(
            part.startswith((".", "__pycache__")) for part in p.relative_to(job.out_dir).parts
        )
    }
    problems = []
    for relative in sorted(set(golden) | set(result.files)):
        old, new = golden.get(relative), result.files.get(relative)
        if old == new:
            continue
        if old is None or new is None:
            problems.append(
                f"{relative}: {'missing from goldens' if old is None else 'no longer generated'}"
            )
            continue
        diff = difflib.unified_diff(
            old.splitlines(True),
            new.splitlines(True),
            f"golden/{relative}",
            f"generated/{relative}",
            n=2,
        )
        problems.append("".join(list(diff)[:80]))
    assert not problems, (
        "generated output differs from generated/ (run `campfire-codegen generate` and "
        "review the diff):\n" + "\n".join(problems)
    )
