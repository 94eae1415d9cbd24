"""The validation tests pass with the spec validator users get, not only with the pinned one.

`pip install campfire-codegen` brings the newest openapi-spec-validator that pyproject.toml
allows (0.9.x, with jsonschema-path 0.5 and openapi-schema-validator 0.9). The test
extra installs openapi-core for the wire tests' recording server, and openapi-core needs
openapi-spec-validator < 0.9: so this environment runs the validator at 0.8.x. Yet
`generator/validate/engine.py` subclasses the validator's keyword checks and overrides
one of their private methods, which either release may change.

So this test builds (once; it is kept in tests/.venv and rebuilt when the dependencies in
pyproject.toml change) a virtual environment holding only the generator's own
dependencies, resolved by pip as a user's install resolves them, plus pytest; and runs the
validation tests there, against this working tree. It fails with their output if they
fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / "tests" / ".venv"
STAMP = VENV / "campfire-codegen-requirements.json"
TESTS = ["tests/test_validation_engine.py", "tests/test_validation_locations.py",
         "tests/test_validation_walks.py", "tests/test_bad_input.py"]
PACKAGES = ["openapi-spec-validator", "openapi-schema-validator", "jsonschema-path",
            "jsonschema", "jsonschema-rs"]


def requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return [*project["dependencies"], "pytest"]


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def users_environment() -> Path:
    """The environment with a user's versions, built when missing or out of date."""
    wanted = {"python": sys.version, "requirements": requirements()}
    if STAMP.exists() and venv_python().exists():
        try:
            if json.loads(STAMP.read_text("utf-8")) == wanted:
                return venv_python()
        except ValueError:
            pass
    shutil.rmtree(VENV, ignore_errors=True)
    steps = [[sys.executable, "-m", "venv", str(VENV)],
             [str(venv_python()), "-m", "pip", "install", "--quiet",
              "--disable-pip-version-check", *wanted["requirements"]]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False, timeout=900)
        assert done.returncode == 0, \
            f"building {VENV} failed: {' '.join(step)}\n{done.stdout}\n{done.stderr}"
    STAMP.write_text(json.dumps(wanted), "utf-8")  # last: a half-built venv has none
    return venv_python()


def versions(python: Path | str) -> dict[str, str]:
    script = ("import json, importlib.metadata as m\n"
              f"print(json.dumps({{p: m.version(p) for p in {PACKAGES!r}}}))")
    done = subprocess.run([str(python), "-c", script], capture_output=True, text=True,
                          check=True, timeout=120)
    found: dict[str, str] = json.loads(done.stdout)
    return found


def test_the_validation_tests_pass_with_the_versions_users_install() -> None:
    python = users_environment()
    theirs, ours = versions(python), versions(sys.executable)
    print("validator versions: users get "
          + ", ".join(f"{name} {theirs[name]}" for name in PACKAGES)
          + "; the test extra pins "
          + ", ".join(f"{name} {ours[name]}" for name in PACKAGES))
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}  # this working tree's generator
    done = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-o", "addopts=-ra", *TESTS],  # one process: xdist is not installed there
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False, timeout=1800)
    summary = done.stdout.strip().splitlines()[-1:] if done.stdout.strip() else []
    print(f"with the users' versions: {summary[0] if summary else 'no output'}")
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-5000:]
