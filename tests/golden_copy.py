"""A golden client with the working tree's runtime, under a package name of the test's
choosing: the runtime tests exercise `templates/static/_runtime/` as generated code uses
it, without regenerating anything (and without clashing with another copy)."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from types import ModuleType

from tests.conftest import ROOT

RUNTIME = ROOT / "templates" / "static" / "_runtime"


def golden_with_runtime(golden: Path, folder: Path, name: str, *, models: str | None = None,
                        preload: tuple[str, ...] = ()) -> ModuleType:
    """`golden` (a generated package folder) copied as `folder/name` with the working
    tree's runtime; `models`, when given, added as `<name>.models.runtime_cases`;
    `preload`: submodules imported before the folder leaves `sys.path`."""
    target = folder / name
    shutil.copytree(golden, target, ignore=shutil.ignore_patterns("__pycache__", "_runtime"))
    shutil.copytree(RUNTIME, target / "_runtime", ignore=shutil.ignore_patterns("__pycache__"))
    if models is not None:
        (target / "models" / "runtime_cases.py").write_text(models, "utf-8")
    sys.path.insert(0, str(folder))
    try:
        for submodule in preload:
            importlib.import_module(f"{name}.{submodule}")
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
