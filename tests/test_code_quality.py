"""The generator's own code is typed and clean: mypy --strict and ruff, as configured in
pyproject.toml; the runtime copied into every client too; the docstrings of generated
code follow pydocstyle's Google convention."""

from __future__ import annotations

import ast
import graphlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.cli import _spec_sources
from generator.model.build import Options
from generator.model.names import snake
from generator.pipeline import generate
from tests.conftest import ROOT

# ruff's pydocstyle rules (D) in the Google convention, on generated code. Left out:
# D100  in models/ only: model modules have no docstring: each holds one schema's classes, whose docstrings
#       say what it is (a module docstring would repeat it, two lines in each of hundreds
#       of files);
# D107  a client's `__init__` is documented by its class's docstring (Google style);
# D301  backslashes from the spec are escaped (`\\`) so the docstring holds the spec's
#       text exactly; a raw docstring could not escape triple quotes or a final backslash;
# D417  `Args:` lists the parameters the spec documents; the others have nothing to say
#       beyond their name and type, which the signature shows.
# The runtime (`_runtime/`, copied as it is, no text of the spec in it) is left out.
PYDOCSTYLE = ["--select", "D", "--config", "lint.pydocstyle.convention = 'google'",
              "--config", "lint.per-file-ignores = {'**/models/*.py' = ['D100']}",
              "--ignore", "D107,D301,D417", "--extend-exclude", "_runtime"]


def test_generator_passes_mypy_strict() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_generator_and_tests_pass_ruff() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "generator", "tests"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_runtime_passes_mypy_strict_and_ruff_on_its_own() -> None:
    """Every module of the runtime package (mypy reads the folder as the package)."""
    runtime = ROOT / "templates" / "static" / "_runtime"
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(runtime)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", str(runtime)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert ruff.returncode == 0, ruff.stdout[-3000:]


def test_runtime_passes_pyright_on_its_own() -> None:
    """pyright in its default mode, as an editor runs it on a client: it reports what mypy
    lets pass (a name possibly unbound in an `except`, an optional operand)."""
    pyright = shutil.which("pyright")
    assert pyright is not None, "pyright is not installed: pip install -e '.[test]'"
    runtime = ROOT / "templates" / "static" / "_runtime"
    done = subprocess.run([pyright, "--outputjson", str(runtime)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)
    report = json.loads(done.stdout)
    errors = [f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}"
              for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert errors == []
    # And it did read the runtime: no error from no file would pass too.
    assert report["summary"]["filesAnalyzed"] >= len(list(runtime.glob("*.py")))


def test_runtime_modules_import_each_other_without_a_cycle() -> None:
    """Each module of the runtime imports only the siblings it needs, for type checkers
    too: a cycle would make the import order matter."""
    runtime = ROOT / "templates" / "static" / "_runtime"
    graph: dict[str, set[str]] = {}
    for path in sorted(runtime.glob("*.py")):
        if path.name != "__init__.py":
            graph[path.stem] = {node.module or "" for node in ast.walk(ast.parse(
                path.read_text("utf-8"))) if isinstance(node, ast.ImportFrom) and node.level}
    assert all(deps <= set(graph) for deps in graph.values()), graph
    list(graphlib.TopologicalSorter(graph).static_order())  # CycleError on a cycle


def test_runtime_reexports_every_name_generated_code_uses() -> None:
    """Generated code reaches the runtime only through `rt.NAME` (and UNSET/Unset): every
    such name in the templates, the generator's codec expressions and the golden files
    is re-exported by the package."""
    init = ast.parse((ROOT / "templates" / "static" / "_runtime" / "__init__.py").read_text())
    [exported] = [node.value for node in init.body if isinstance(node, ast.Assign)
                  and [target.id for target in node.targets if isinstance(target, ast.Name)]
                  == ["__all__"]]
    assert isinstance(exported, ast.List)
    names = {element.value for element in exported.elts if isinstance(element, ast.Constant)}
    sources = [*(ROOT / "templates").glob("*.jinja"), *(ROOT / "generator").rglob("*.py"),
               *(ROOT / "generated").rglob("*.py")]
    used = {match for path in sources
            for match in re.findall(r"\brt\.([A-Za-z_]\w*)", path.read_text("utf-8"))}
    assert used and used <= names, sorted(used - names)
    assert {"UNSET", "Unset", "RUNTIME_VERSION"} <= names


def _pydocstyle(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
                           *PYDOCSTYLE, "."], cwd=folder, capture_output=True, text=True,
                          check=False)


def test_generated_docstrings_follow_the_google_convention(tmp_path: Path) -> None:
    """Every spec of `specs/` (the goldens' sources), generated afresh."""
    for entry in sorted((ROOT / "specs").iterdir()):
        sources = _spec_sources(entry)
        if sources:
            name = snake(entry.stem if entry.is_file() else entry.name, "spec")
            generate(sources, tmp_path / name, Options(package=f"{name}_client"))
    result = _pydocstyle(tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]


def test_campfire_docstrings_follow_the_google_convention(campfire_dir: Path) -> None:
    result = _pydocstyle(campfire_dir)
    assert result.returncode == 0, result.stdout[-3000:]
