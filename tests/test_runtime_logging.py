"""Identity and observability: the User-Agent, the package's logger, redaction.

- `User-Agent: <package>/<version> campfire-codegen/<version> python/<x.y.z>
  httpx/<x.y.z>` (the generated client passes the first two parts as `user_agent`); the
  caller's own (in `headers=`, per call in `extra_headers`, or on their httpx client) wins.
- `logging.getLogger("<package>")`: DEBUG per attempt (method, path, status, elapsed,
  attempt), INFO per retry (reason and wait); the token never appears, nor any header.
- `<PACKAGE>_LOG=debug` sends the records to stderr; otherwise logging is left alone.
- Authorization, Cookie, Set-Cookie and Proxy-Authorization are redacted from reprs.

Through the generated drf_idioms client (tests/fault_server.py), package `logs_client`.
"""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

import generator
from tests.fault_server import PAGE, FaultServer, answer, idioms_package, make_client

TOKEN = "logs-secret-token-5555"
PYTHON = ".".join(map(str, sys.version_info[:3]))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("logs")


@pytest.fixture(scope="module")
def pkg(folder: Path) -> ModuleType:
    return idioms_package(folder, "logs_client")


@pytest.fixture(scope="module")
def rt(pkg: ModuleType) -> Any:
    return importlib.import_module(f"{pkg.__name__}._runtime")


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    faults = FaultServer().start()
    try:
        yield faults
    finally:
        faults.stop()


@pytest.fixture(autouse=True)
def fast(rt: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rt.retries, "WAIT_SCALE", 0.01)


def test_each_attempt_at_debug_and_each_retry_at_info(
        pkg: ModuleType, server: FaultServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="logs_client")
    url = server.plan("logged", answer(503, b"", Set_Cookie="s=1"), answer(200, PAGE))
    with make_client(pkg, "Client", TOKEN, url) as client:
        client.ledger.memos_list(limit=2)
    records = [r for r in caplog.records if r.name == "logs_client"]
    assert [r.levelname for r in records] == ["DEBUG", "INFO", "DEBUG"]
    first, retry, second = (r.getMessage() for r in records)
    assert first.startswith("memos_list: GET /logged/memos/ -> 503 in ")
    assert first.endswith(" ms (attempt 1)") and second.endswith(" ms (attempt 2)")
    assert " -> 200 in " in second
    assert retry.startswith("memos_list: retry 1 of 2 in ") and retry.endswith("(HTTP 503)")
    assert TOKEN not in caplog.text and "limit=2" not in caplog.text  # no query: keys


def test_no_logging_below_the_level_costs_no_record(
        pkg: ModuleType, server: FaultServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="logs_client")
    url = server.plan("quiet", answer(200, PAGE))
    with make_client(pkg, "Client", TOKEN, url) as client:
        client.ledger.memos_list()
    assert not [r for r in caplog.records if r.name == "logs_client"]


CHILD = """
import logging, sys
sys.path.insert(0, sys.argv[1])
import httpx, logs_client
http = httpx.Client(transport=httpx.MockTransport(
    lambda request: httpx.Response(200, json={"count": 0, "results": []})))
logs_client.Client("{token}", http_client=http).ledger.memos_list()
log = logging.getLogger("logs_client")
print(len(log.handlers), log.level, len(logging.getLogger().handlers))
"""


@pytest.mark.parametrize("level", [None, "debug", "DEBUG", "info"])
def test_the_environment_variable_turns_logging_on(pkg: ModuleType, folder: Path,
                                                   level: str | None) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "LOGS_CLIENT_LOG"}
    if level is not None:
        environment["LOGS_CLIENT_LOG"] = level
    done = subprocess.run([sys.executable, "-c", CHILD.replace("{token}", TOKEN),
                           str(folder)], capture_output=True, text=True, env=environment,
                          check=True, timeout=60)
    if level is None:  # logging left exactly as it was
        assert done.stderr == "" and done.stdout.split() == ["0", "0", "0"]
    elif level.lower() == "debug":
        assert "logs_client DEBUG memos_list: GET /api/memos/ -> 200 in " in done.stderr
        assert done.stdout.split() == ["1", "10", "0"]
    else:  # INFO: retries only, and there were none
        assert done.stderr == "" and done.stdout.split() == ["1", "20", "0"]
    assert TOKEN not in done.stderr


def sent_agent(pkg: ModuleType, *, call: dict[str, Any] | None = None,
               http: httpx.Client | None = None, **settings: Any) -> str:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=PAGE)

    transport = httpx.MockTransport(handler)
    if http is None:
        http = httpx.Client(transport=transport)
    else:
        http._transport = transport
    client = make_client(pkg, "Client", TOKEN, "https://api.test", http_client=http,
                         **settings)
    client.ledger.memos_list(**(call or {}))
    [request] = seen
    assert len(request.headers.get_list("user-agent")) == 1
    return request.headers["user-agent"]


def test_the_user_agent(pkg: ModuleType) -> None:
    tail = f" python/{PYTHON} httpx/{httpx.__version__}"
    named = "logs_client/1.2.0 campfire-codegen/0.9.0"
    assert sent_agent(pkg, user_agent=named) == named + tail
    # The client's own version (not the API's info.version, which is 1.0).
    version = pkg.__version__
    assert version != pkg.__api_version__ == "1.0"
    generated = f"drf_idioms_client/{version} campfire-codegen/{generator.__version__}"
    assert sent_agent(pkg) == generated + tail  # what the generated client passes
    assert sent_agent(pkg, user_agent=named, headers={"user-agent": "mine/1"}) == "mine/1"
    assert sent_agent(pkg, call={"extra_headers": {"User-Agent": "call/2"}}) == "call/2"
    own = httpx.Client(headers={"User-Agent": "pool/3"})
    assert sent_agent(pkg, http=own, user_agent=named) == "pool/3"


def test_reprs_redact_secrets(pkg: ModuleType, server: FaultServer) -> None:
    url = server.plan("reprs", answer(200, PAGE, Set_Cookie=f"session={TOKEN}"))
    with make_client(pkg, "Client", TOKEN, url) as client:
        response = client.ledger.with_response.memos_list()
        shown = [repr(client), str(client), repr(response), repr(vars(client))]
    assert response.headers["set-cookie"] == f"session={TOKEN}"  # kept for the caller
    assert "'set-cookie': '[redacted]'" in repr(response)
    assert all(TOKEN not in text for text in shown)
