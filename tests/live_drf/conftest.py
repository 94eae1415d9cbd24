"""Fixtures for the live Django REST framework service (tests/live_drf/service).

- `drf_server`: the service in its own process on 127.0.0.1 and a free port, with its own
  SQLite file in a temporary folder; started once per session, always stopped.
- `drf_schema_path` / `drf_schema_unsplit_path`: its OpenAPI document (JSON), written by
  drf-spectacular at test time (split layout / Campfire's one-component-per-serializer).
- `drf_http`: an httpx client on the API (`.../coa/api/v1/`) with the token.
- `drf_orm`: the ledger's models, reading the server's database in this process.
- `expenses_servers`: the expense claims service (tests/live_drf/expenses) in each of its
  variants (`full`, `naive`, `defaults`), each its own process and SQLite file, started
  together once per session; `expenses_schemas`: their schemas (split layout);
  `expenses_orm`: the claims models, each variant's file read under the alias
  `expenses_<variant>` (tests/live_drf/db.py `attach`).

Without Django, DRF, drf-spectacular or django-filter they skip, saying so; under
CI=true they fail instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from tests.live_drf.expenses import API_PREFIX as EXPENSES_API
from tests.live_drf.expenses import NAIVE_TIME_ZONE, VARIANTS
from tests.live_drf.server import IMAGES, LiveProcess, LiveServer, require_drf, write_schemas


@pytest.fixture(scope="session")
def drf_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    require_drf()
    process = LiveProcess(tmp_path_factory.mktemp("live_drf"))
    try:
        process.start()
        process.wait_ready()
        yield process.server
    finally:
        process.stop()


@pytest.fixture(scope="session")
def drf_schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_drf()
    return write_schemas(tmp_path_factory.mktemp("live_drf_schema"))


@pytest.fixture(scope="session")
def drf_schema_path(drf_schemas: dict[str, Path]) -> Path:
    """drf-spectacular's recommended layout: `CreditMemoRequest`, `PatchedCreditMemoRequest`."""
    return drf_schemas["split"]


@pytest.fixture(scope="session")
def drf_schema_unsplit_path(drf_schemas: dict[str, Path]) -> Path:
    """Campfire's layout: `CreditMemo`, `PatchedCreditMemo`, readOnly and writeOnly together."""
    return drf_schemas["unsplit"]


@pytest.fixture(scope="session")
def drf_http(drf_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=drf_server.api_url, headers=drf_server.auth_header,
                      timeout=10.0) as client:
        yield client


@pytest.fixture(scope="session")
def drf_orm(drf_server: LiveServer) -> ModuleType:
    from tests.live_drf.db import connect

    return connect(drf_server.db_path)


@pytest.fixture(scope="session")
def expenses_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, LiveServer]]:
    require_drf(IMAGES)
    processes = {variant: LiveProcess(tmp_path_factory.mktemp(f"expenses_{variant}"),
                                      settings=module, api_prefix=EXPENSES_API, password=True)
                 for variant, module in VARIANTS.items()}
    try:
        for process in processes.values():  # they boot side by side
            process.start()
        for process in processes.values():
            process.wait_ready()
        yield {variant: process.server for variant, process in processes.items()}
    finally:
        for process in processes.values():
            process.stop()


@pytest.fixture(scope="session")
def expenses_schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_drf(IMAGES)
    from tests.live_drf.expenses_roundtrip import write_variant_schemas

    return write_variant_schemas(tmp_path_factory.mktemp("expenses_schema"))


@pytest.fixture(scope="session")
def expenses_orm(expenses_servers: dict[str, LiveServer], drf_orm: ModuleType) -> ModuleType:
    """The claims models; `drf_orm` first: it sets Django up in this process."""
    from tests.live_drf.db import attach

    models = None
    for variant, server in expenses_servers.items():
        models = attach(f"expenses_{variant}", server.db_path,
                        time_zone=NAIVE_TIME_ZONE if variant == "naive" else None)
    assert models is not None
    return models
