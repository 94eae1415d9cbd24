"""Breadth: every real public spec of ../shared/corpus generates a client, or is refused
with a clear exit-2 message when it really cannot be turned into correct code."""

from __future__ import annotations

import compileall
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.model.build import Options
from generator.pipeline import generate
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
# Specs the generator must refuse, and what the refusal must say.
REFUSED = {
    "square": "points to nothing",  # a $ref to a schema the document does not define
    "oai-petstore-swagger20": "Swagger 2.0 is not supported",
}
# Small enough to type-check in CI on every run.
TYPE_CHECKED_BELOW_BYTES = 600_000


def _entries() -> list[dict[str, Any]]:
    manifest = CORPUS / "manifest.json"
    if not manifest.exists():
        return []
    entries: list[dict[str, Any]] = json.loads(manifest.read_text("utf-8"))["specs"]
    return entries


@pytest.fixture(autouse=True)
def _corpus_present() -> None:
    from tests.conftest import require_shared

    require_shared(CORPUS / "manifest.json")


@pytest.mark.parametrize("entry", _entries(), ids=lambda entry: entry["name"])
def test_corpus_spec(entry: dict[str, Any], tmp_path: Path,
                     capsys: pytest.CaptureFixture[str]) -> None:
    spec = CORPUS / entry["file"]
    if entry["name"] in REFUSED:
        status = main(["generate", str(spec), "-o", str(tmp_path)])
        err = capsys.readouterr().err
        assert status == 2 and REFUSED[entry["name"]] in err
        assert "Traceback" not in err and not any(tmp_path.iterdir())
        return
    generate([str(spec)], tmp_path, Options(package="corpus_client"))
    package = tmp_path / "corpus_client"
    assert compileall.compile_dir(str(package), quiet=1)
    probe = "import corpus_client, corpus_client.models as m; [getattr(m, n) for n in m.__all__]"
    subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True)
    if entry["bytes"] < TYPE_CHECKED_BELOW_BYTES:
        mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                               "--cache-dir", str(tmp_path / ".mypy"), "corpus_client"],
                              cwd=tmp_path, capture_output=True, text=True, check=False)
        assert mypy.returncode == 0, mypy.stdout[-2000:]
        ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated",
                               "--no-cache", "corpus_client"],
                              cwd=tmp_path, capture_output=True, text=True, check=False)
        assert ruff.returncode == 0, ruff.stdout[-2000:]
