"""The wire peers, started once per session on 127.0.0.1 and always stopped.

- `recorder`: the openapi-core recording server (in this process, on a thread), reading
  forms in DRF's notation: the Campfire spec is drf-spectacular's, so the client spells its
  forms DRF's way (`form_style="drf"`, chosen automatically);
- `prism_static`, `prism_dynamic`: `prism mock ../shared/specs/campfire-2026-07.json
  --errors` (the second with `--dynamic --seed`), both started together to overlap their
  start-up; they need `npm ci` (see README, Wire tests).

The summary lines the tests register are printed at the end of every run.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reporting import section
from tests.wire.driver import TOKEN
from tests.wire.operations import Operation, load_operations
from tests.wire.peers import ROOT, PrismServer, require_prism
from tests.wire.recording_server import RecordingServer

# Printed at the end of the run, from whichever xdist worker ran the test (tests/reporting.py).
SUMMARY = section("wire summary")


@pytest.fixture(scope="session")
def wire_spec(campfire_spec: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(campfire_spec.read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def wire_ops(campfire_spec: Path, wire_spec: dict[str, Any]) -> list[Operation]:
    return load_operations(campfire_spec, wire_spec)


@pytest.fixture(scope="session")
def wire_models(campfire: Any) -> Any:
    return importlib.import_module("campfire_client.models")


@pytest.fixture(scope="session")
def recorder(wire_spec: dict[str, Any]) -> Iterator[RecordingServer]:
    server = RecordingServer(wire_spec, TOKEN, form_style="drf")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def prism_peers(campfire_spec: Path,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, PrismServer]]:
    require_prism()
    logs = tmp_path_factory.mktemp("prism")
    spec = Path(os.path.relpath(campfire_spec, ROOT))  # ../shared/specs/campfire-2026-07.json
    servers = {server.name: server for server in (
        PrismServer(spec, logs / "static.log", dynamic=False),
        PrismServer(spec, logs / "dynamic.log", dynamic=True))}
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait_ready()
        yield servers
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(scope="session")
def prism_static(prism_peers: dict[str, PrismServer]) -> PrismServer:
    return prism_peers["prism-static"]


@pytest.fixture(scope="session")
def prism_dynamic(prism_peers: dict[str, PrismServer]) -> PrismServer:
    return prism_peers["prism-dynamic"]
