"""The schema corpus: drf-spectacular (and for one variant DRF's own generator) writes one
document per settings variant of our own Django project (`variants.py`); each generates a
client that compiles, imports and passes `mypy --strict`, and each is recognised as a DRF
document (`generator/model/dialect.py`).

Without Django, DRF, drf-spectacular or Pillow the tests skip, saying so; under CI=true
they fail instead.
"""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.model.dialect import drf_score, is_drf
from tests.drf_schemas import VARIANT_ENV
from tests.drf_schemas.variants import VARIANTS
from tests.live_drf.server import IMAGES, require_drf
from tests.reporting import report

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_TIMEOUT = 120.0
MYPY_TIMEOUT = 900.0  # eight packages on a shared two-core machine
# What each variant must show, so the corpus is what variants.py says it is: its security
# schemes, the query parameters its paginators add, and whether requests have components
# of their own (COMPONENT_SPLIT_REQUEST).
PAGES = {"page", "page_size", "limit", "offset", "cursor"}
EXPECTED: dict[str, tuple[set[str], set[str], bool]] = {
    "defaults": ({"cookieAuth", "basicAuth"}, set(), False),
    "defaults-create-and-read": ({"cookieAuth", "basicAuth"}, set(), False),
    "anonymous-create-and-read": (set(), set(), False),
    "split-token-pages": ({"tokenAuth", "cookieAuth"}, {"page"}, True),
    "offset-basic-jwt-numbers": ({"basicAuth", "jwtAuth"}, {"limit", "offset"}, False),
    "cursor-session-split": ({"cookieAuth"}, {"cursor"}, True),
    "oas31-split": ({"tokenAuth"}, {"page"}, True),
    "per-view-classes": ({"cookieAuth", "basicAuth", "tokenAuth", "jwtAuth"}, PAGES, False),
    "drf-own-generator": (set(), set(), False),
    "form-parsers-basic": ({"basicAuth"}, set(), False),
    "json-only": ({"tokenAuth"}, set(), False),
}


def require_packages() -> None:
    require_drf(IMAGES, "the DRF schema corpus")


def _run(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT,
         timeout: float = SCHEMA_TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every variant's document, two processes at a time (one Django per variant)."""
    require_packages()
    folder = tmp_path_factory.mktemp("drf_schemas")

    def write(variant: str) -> Path:
        path = folder / f"{variant}.json"
        result = _run([sys.executable, "-m", "tests.drf_schemas", "--schema", str(path)],
                      env={**os.environ, VARIANT_ENV: variant})
        assert result.returncode == 0, f"{variant}:\n{result.stdout}\n{result.stderr}"
        return path

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(VARIANTS, pool.map(write, VARIANTS), strict=True))


def _packages(schemas: dict[str, Path], out: Path) -> Iterator[tuple[str, Path, str]]:
    for variant in schemas:
        yield variant, out / variant, "drf_" + variant.replace("-", "_")


def test_every_field_authentication_and_pagination_class_drf_ships_is_used() -> None:
    """Serializer fields in the catalog's serializers; authentication classes and
    paginators on the views of the variant that puts each on a view of its own."""
    require_packages()
    result = _run([sys.executable, "-m", "tests.drf_schemas", "--unused"],
                  env={**os.environ, VARIANT_ENV: "per-view-classes"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []
    at_defaults = _run([sys.executable, "-m", "tests.drf_schemas", "--unused"],
                       env={**os.environ, VARIANT_ENV: "defaults"})
    # The check itself sees what a variant leaves out.
    assert at_defaults.stdout.split() == [
        "CursorPagination", "LimitOffsetPagination", "PageNumberPagination",
        "RemoteUserAuthentication", "TokenAuthentication"]


def test_each_variant_is_what_it_says(schemas: dict[str, Path]) -> None:
    assert set(EXPECTED) == set(VARIANTS)
    for variant, path in schemas.items():
        document = json.loads(path.read_text("utf-8"))
        components = document["components"]
        parameters = {parameter["name"] for item in document["paths"].values()
                      for operation in item.values()
                      for parameter in operation.get("parameters", [])}
        split = any(name.endswith("Request") for name in components["schemas"])
        found = (set(components.get("securitySchemes", {})), parameters & PAGES, split)
        assert found == EXPECTED[variant], variant
    defaults = json.loads(schemas["defaults"].read_text("utf-8"))
    operation_ids = {operation["operationId"] for item in defaults["paths"].values()
                     for operation in item.values()}
    assert {"specimens_archive_create", "specimens_recent_retrieve"} <= operation_ids  # @action
    assert json.loads(schemas["oas31-split"].read_text("utf-8"))["openapi"] == "3.1.0"
    numbers = json.loads(schemas["offset-basic-jwt-numbers"].read_text("utf-8"))
    assert numbers["components"]["schemas"]["Specimen"]["properties"]["price"]["type"] == (
        "number")  # COERCE_DECIMAL_TO_STRING=False


def test_every_document_generates_a_typed_client_recognised_as_drf(
        schemas: dict[str, Path], tmp_path: Path) -> None:
    packages = list(_packages(schemas, tmp_path))
    recognised = []
    scores = {}
    for variant, out, package in packages:
        result = _run([sys.executable, "-m", "generator", "generate", str(schemas[variant]),
                       "-o", str(out), "--package-name", package, "--emit-ir"])
        assert result.returncode == 0, f"{variant}:\n{result.stderr}"
        assert compileall.compile_dir(str(out / package), quiet=1), variant
        document = json.loads(schemas[variant].read_text("utf-8"))
        scores[variant] = drf_score(document)
        # The verdict the client is built with, as the IR dump shows it.
        dump = (out / f"{package}.ir.txt").read_text("utf-8")
        if is_drf(document) and "drf=yes  forms=drf" in dump:
            recognised.append(variant)
    probe = "; ".join(f"import {package}, {package}.models as m{index}; "
                      f"[getattr(m{index}, n) for n in m{index}.__all__]"
                      for index, (_, _, package) in enumerate(packages))
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join(str(out) for _, out, _ in packages)}
    imported = _run([sys.executable, "-c", probe], env=env, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr[-2000:]
    # One mypy process over every package: it is slow to start.
    mypy = _run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                 "--cache-dir", str(tmp_path / ".mypy"),
                 *(str(out / package) for _, out, package in packages)], cwd=tmp_path,
                timeout=MYPY_TIMEOUT)
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    report(f"drf-schemas: {len(packages)} documents, recognised as DRF "
           f"{len(recognised)}/{len(packages)}")
    for variant, score in scores.items():
        report(f"  {variant:28} {'DRF' if variant in recognised else '-':3} score {score}")
    assert recognised == list(schemas)
