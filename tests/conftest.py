"""Shared fixtures: paths to ../shared, and the full Campfire client generated once."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import reporting

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CAMPFIRE_SPEC = SHARED / "specs" / "campfire-2026-07.json"


def require_shared(path: Path) -> Path:
    """Skip (with the reason) where ../shared is absent; CI always has it."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing, and CI must have ../shared beside the project")
        pytest.skip(f"{path} is not available on this machine (../shared is absent)")
    return path


@pytest.fixture(scope="session")
def campfire_spec() -> Path:
    return require_shared(CAMPFIRE_SPEC)


@pytest.fixture(scope="session")
def campfire_dir(campfire_spec: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full Campfire spec generated into a temporary folder (package campfire_client)."""
    from generator.model.build import Options
    from generator.pipeline import generate

    out = tmp_path_factory.mktemp("campfire")
    generate([str(campfire_spec)], out, Options(package="campfire_client"))
    return out


@pytest.fixture(scope="session")
def campfire(campfire_dir: Path) -> Iterator[object]:
    """The generated `campfire_client` package, imported from the temporary folder."""
    sys.path.insert(0, str(campfire_dir))
    try:
        yield importlib.import_module("campfire_client")
    finally:
        sys.path.remove(str(campfire_dir))


# The closing summary's figures (tests/reporting.py), gathered from the xdist workers.
def pytest_sessionfinish(session: pytest.Session) -> None:
    reporting.hand_over(session.config)


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown where xdist is not loaded
def pytest_testnodedown(node: Any, error: object) -> None:
    reporting.take_over(getattr(node, "workeroutput", {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    reporting.print_sections(terminalreporter)
