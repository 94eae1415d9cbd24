"""Fixtures for the live Django REST framework service (tests/live_drf/service).

- `drf_server`: the service in its own process on 127.0.0.1 and a free port, with its own
  SQLite file in a temporary folder; started once per session, always stopped.
- `drf_schema_path` / `drf_schema_unsplit_path`: its OpenAPI document (JSON), written by
  drf-spectacular at test time (split layout / Campfire's one-component-per-serializer).
- `drf_http`: an httpx client on the API (`.../coa/api/v1/`) with the token.
- `drf_orm`: the ledger's models, reading the server's database in this process.

Without Django, DRF, drf-spectacular or django-filter they skip, saying so; under
CI=true they fail instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from tests.live_drf.server import LiveProcess, LiveServer, require_drf, write_schemas


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
