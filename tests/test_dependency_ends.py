"""The dependency ranges an installable client declares, tested at both ends.

For each end, a fresh virtual environment gets every declared dependency at that end from
the package registry: the lowest release of each range, or the newest release the range
admits. The environment sees this one's other packages (pytest, Django for the forms
tests, the generator for the Campfire client test), but its own copies of httpx, its
dependencies and typing_extensions come first (pip's `--ignore-installed`), and the test
checks that they are the ones imported. Then the generated client's tests (the runtime,
retries, forms, the Campfire client, the wire sample) run there with pytest, and their summary line is
printed: `dependency end lowest (httpx 0.23.1, typing_extensions 4.5.0): 121 passed in 38s`.

The lowest end takes two environments: the tests that import the generator or
openapi-core as well as the client run with httpx at its lowest but typing_extensions
from its range, as those tools (through pydantic) need a newer one than any client does.

Without the registry (no network) the ends skip and say why; under CI=true they fail.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from generator.render.dependencies import DEPENDENCIES, HTTPX
from tests.conftest import ROOT
from tests.reporting import report

CLIENT_TESTS = ("tests/test_runtime_files.py", "tests/test_runtime_logging.py",
                "tests/test_runtime_options.py", "tests/test_runtime_retries.py")
"""Tests that import the generated clients and pytest alone."""
WIRE_SAMPLE = tuple(f"tests/wire/test_wire.py::{name}" for name in (
    "test_requests_pass_the_peer_validators[recorder_sweep]",
    "test_responses_are_parsed_into_the_declared_types[recorder_sweep]",
    "test_recorder_answers_every_operation_with_a_documented_2xx",
    "test_async_calls_match_sync_calls[recorder_sweep]")) + ("tests/wire/test_examples.py",)
"""The wire sample: every Campfire operation through the generated client against the
openapi-core recording server (sync, and async for a sample), and every example of the
spec through the parser. (Prism's sweeps need no other httpx: they stay in the suite.)"""
TOOL_TESTS = ("tests/test_runtime_drift.py", "tests/test_runtime_errors.py",
              "tests/test_runtime_forms.py", "tests/test_campfire_client.py", *WIRE_SAMPLE)
"""Tests that also import the generator (the drift and error tests generate small clients
in-process: tests/inline_client.py) or openapi-core (the forms' and the wire's recording
server), whose pydantic needs a newer typing_extensions than a client does."""
RUNS = {
    "lowest": (lambda d: f"{d.distribution}=={d.lowest}", CLIENT_TESTS),
    "lowest httpx": (lambda d: (f"{d.distribution}=={d.lowest}" if d is HTTPX
                                else d.requirement), TOOL_TESTS),
    "newest": (lambda d: d.requirement, CLIENT_TESTS + TOOL_TESTS),
}
"""Each run: what each dependency is pinned to (pip takes the newest release a range
admits), and the tests run there."""
SUMMARY = re.compile(r"^=*\s*(\d+ passed.* in [\d.]+s.*?)\s*=*$")
VERSIONS = """
import importlib.metadata as m, json, sys
names = sys.argv[1:]
print(json.dumps({n: [m.version(n), str(m.distribution(n).locate_file(""))] for n in names}))
"""


def requirements(run: str) -> list[str]:
    pinned, _ = RUNS[run]
    return [pinned(dependency) for dependency in DEPENDENCIES]


def make_environment(folder: Path, run: str) -> Path:
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(folder)
    python = folder / "bin" / "python"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--disable-pip-version-check", "--ignore-installed", *requirements(run)],
        capture_output=True, text=True, check=False, timeout=600)
    if installed.returncode != 0:
        reason = f"pip could not install {requirements(run)}: {installed.stderr[-2000:]}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return python


def test_every_dependency_is_tested_at_both_ends_and_every_client_test_runs() -> None:
    assert requirements("lowest") == [f"{d.distribution}=={d.lowest}" for d in DEPENDENCIES]
    assert requirements("newest") == [d.requirement for d in DEPENDENCIES]
    assert requirements("lowest httpx")[0] == f"httpx=={HTTPX.lowest}"
    assert set(RUNS["lowest"][1]) | set(RUNS["lowest httpx"][1]) == set(RUNS["newest"][1])


@pytest.mark.parametrize("run", list(RUNS))
def test_the_client_tests_pass_at_each_end_of_the_dependency_ranges(
        run: str, tmp_path: Path) -> None:
    folder = tmp_path / "venv"
    python = make_environment(folder, run)
    pinned, tests = RUNS[run]
    names = [d.distribution for d in DEPENDENCIES]
    found = json.loads(subprocess.run([str(python), "-c", VERSIONS, *names], cwd=tmp_path,
                                      capture_output=True, text=True, check=True).stdout)
    for dependency in DEPENDENCIES:
        release, location = found[dependency.distribution]
        assert Path(location).is_relative_to(folder), f"{dependency} came from {location}"
        if pinned(dependency).startswith(f"{dependency.distribution}=="):
            assert release == dependency.lowest
    versions = ", ".join(f"{name} {found[name][0]}" for name in names)

    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    ran = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "-o", "addopts=-ra",  # one process: xdist is not installed there
                          *tests], cwd=ROOT, env=environment, capture_output=True,
                         text=True, check=False, timeout=1200)
    summary = [m.group(1) for line in ran.stdout.splitlines()
               if (m := SUMMARY.match(line.strip()))]
    report(f"dependency end {run} ({versions}): "
           + (summary[-1] if summary else "no pytest summary"))
    assert ran.returncode == 0, ran.stdout[-6000:] + ran.stderr[-2000:]
    assert summary and "skipped" not in summary[-1], ran.stdout[-3000:]
