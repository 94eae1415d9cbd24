"""`--layout project`: an installable project around the client.

The project files are checked on small specs against the raw spec; then the full Campfire
client is built into a wheel with the real `build`, installed into a fresh virtual
environment, imported there, and made to call a local HTTP server.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import threading
import tomllib
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from generator.cli import main
from generator.model.build import Options
from generator.model.names import snake
from generator.pipeline import generate_files
from generator.render.dependencies import BUILD_BACKEND, HTTPX, TYPING_EXTENSIONS
from tests.conftest import ROOT
from tests.instances import PayloadMaker

DRF_IDIOMS = ROOT / "specs" / "drf_idioms.yaml"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def project_files(source: Path, package: str = "ledger_client") -> dict[str, str]:
    return generate_files([str(source)], Options(package=package), layout="project").files


def readme_rows(spec: dict[str, Any]) -> set[str]:
    """The operations table's rows, computed from the raw spec: tag (the first, or
    `default`), method, path, and the function `client.<snake tag>.<snake operationId>`."""
    rows = set()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                tag = (operation.get("tags") or ["default"])[0]
                function = f"client.{snake(tag)}.{snake(operation['operationId'])}"
                rows.add(f"| {tag} | {method.upper()} | `{path}` | `{function}` |")
    return rows


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, re.DOTALL)


def test_the_package_layout_writes_no_project_files() -> None:
    files = generate_files([str(DRF_IDIOMS)], Options(package="ledger_client")).files
    assert "pyproject.toml" not in files and "README.md" not in files
    assert "ledger_client/client.py" in files


def test_pyproject_declares_the_tested_dependency_ranges() -> None:
    files = project_files(DRF_IDIOMS)
    project = tomllib.loads(files["pyproject.toml"])
    assert project["project"]["name"] == "ledger-client"
    assert project["project"]["version"] == "0.1.0"  # a first generation (1.0 is the API's)
    assert project["project"]["requires-python"] == ">=3.11"
    # typing_extensions for PEP 702's @deprecated: drf_idioms deprecates memos_void.
    assert project["project"]["dependencies"] == [HTTPX.requirement, TYPING_EXTENSIONS.requirement]
    assert project["project"]["readme"] == "README.md"
    assert project["build-system"] == {"requires": [BUILD_BACKEND.requirement],
                                       "build-backend": "flit_core.buildapi"}
    assert project["tool"]["flit"]["module"] == {"name": "ledger_client"}


def test_readme_lists_every_operation_and_shows_auth_pagination_and_errors() -> None:
    readme = project_files(DRF_IDIOMS)["README.md"]
    spec = yaml.safe_load(DRF_IDIOMS.read_text("utf-8"))
    rows = readme_rows(spec)
    assert len(rows) == 6
    assert rows <= set(readme.splitlines())
    assert "| Tag | Method | Path | Function |" in readme
    assert 'with Client("my-token") as client:' in readme
    assert "the header `Authorization: Token <token>`" in readme
    assert "for item in client.ledger.memos_list_iter(limit=100):" in readme
    assert "except ApiError as error:" in readme and "except TransportError:" in readme
    assert "`client.ledger.memos_create` documents `ValidationProblem` on 400" in readme
    assert f"`{HTTPX.requirement}`" in readme
    for block in python_blocks(readme):
        ast.parse(block)  # the examples are Python


def test_readme_of_an_api_without_auth_pages_or_server(tmp_path: Path) -> None:
    spec = {"openapi": "3.0.3", "info": {"title": "Bare | API", "version": "July 2026"},
            "paths": {"/items/{item_id}": {"get": {
                "operationId": "getItem", "tags": ["Items & more"],
                "parameters": [{"name": "item_id", "in": "path", "required": True,
                                "schema": {"type": "integer"}}],
                "responses": {"204": {"description": "none"}}}}}}
    source = tmp_path / "bare.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    files = project_files(source, "bare_client")
    readme = files["README.md"]
    assert "The API declares no authentication" in readme
    assert 'with Client(base_url="https://api.example.test") as client:' in readme
    assert "result = client.items_more.get_item(item_id)" in readme
    assert "No operation of this API returns pages." in readme
    assert readme_rows(spec) <= set(readme.splitlines())
    for block in python_blocks(readme):
        ast.parse(block)
    project = tomllib.loads(files["pyproject.toml"])["project"]
    assert project["version"] == "0.1.0"  # the client's own, whatever the API's says
    assert "version July 2026 of the API (`bare_client.__api_version__`)" in " ".join(
        readme.split())
    assert "__api_version__ = \"July 2026\"" in files["bare_client/__init__.py"]
    assert project["description"] == "Typed Python client of Bare | API"


# --- the Campfire client as a wheel, installed and called -----------------------------


class Recorder(BaseHTTPRequestHandler):
    """Records each request and answers with the server's canned JSON body."""

    server: RecordingServer

    def do_PATCH(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append({"method": self.command, "path": self.path,
                                     "headers": dict(self.headers.items()),
                                     "body": self.rfile.read(length)})
        body = json.dumps(self.server.reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return None


class RecordingServer(ThreadingHTTPServer):
    requests: list[dict[str, Any]]
    reply: object


@pytest.fixture()
def server() -> Iterator[RecordingServer]:
    """A local HTTP server on a free port of 127.0.0.1, stopped afterwards."""
    httpd = RecordingServer(("127.0.0.1", 0), Recorder)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def run(argv: list[str], cwd: Path, timeout: int = 300) -> str:
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False,
                            timeout=timeout)
    assert result.returncode == 0, f"{argv}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


CALL = """
import json, sys
from decimal import Decimal
import campfire_client
from campfire_client import Client
from campfire_client.models import AccountingCreditMemo, PatchedAccountingCreditMemo

with Client("test-token", base_url=sys.argv[1]) as client:
    memo = client.accounts_receivable.coa_api_v1_credit_memo_partial_update(
        42, body=PatchedAccountingCreditMemo(total_amount=Decimal("750.00"), applied_date=None))
assert isinstance(memo, AccountingCreditMemo)
print(json.dumps({"module": campfire_client.__file__, "id": memo.id,
                  "total_amount": repr(memo.total_amount), "number": memo.credit_memo_number}))
"""


def test_the_campfire_client_builds_installs_and_calls_a_server(
        campfire_spec: Path, tmp_path: Path, server: RecordingServer) -> None:
    project = tmp_path / "campfire-client"
    assert main(["generate", str(campfire_spec), "-o", str(project), "--layout",
                 "project"]) == 0
    raw = json.loads(campfire_spec.read_text("utf-8"))
    readme = (project / "README.md").read_text("utf-8")
    rows = readme_rows(raw)
    assert len(rows) == 362 and rows <= set(readme.splitlines())

    dist = tmp_path / "dist"
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(project)],
        cwd=tmp_path)
    [wheel] = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [metadata_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(metadata_name).decode()
    runtime = sorted(p.name for p in (ROOT / "templates" / "static" / "_runtime").glob("*.py"))
    assert "campfire_client/py.typed" in names
    assert sorted(n.rpartition("/")[2] for n in names
                  if n.startswith("campfire_client/_runtime/")) == runtime
    assert not [n for n in names if n.endswith((".api.json", ".ir.txt"))]
    declared = [Requirement(line.removeprefix("Requires-Dist: "))
                for line in metadata.splitlines() if line.startswith("Requires-Dist: ")]
    assert Requirement(HTTPX.requirement) in declared  # setuptools reorders the specifiers
    assert "Requires-Python: >=3.11\n" in metadata

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = str(venv / "bin" / "python")
    run([python, "-m", "pip", "install", "--quiet", str(wheel)], cwd=tmp_path)

    memo = PayloadMaker(raw, direction="read").make(raw["components"]["schemas"][
        "AccountingCreditMemo"])
    server.reply = memo | {"id": 42, "total_amount": "750.00", "credit_memo_number": "CM-42"}
    host, port = server.server_address[:2]
    out = run([python, "-c", CALL, f"http://{host!s}:{port}"], cwd=tmp_path, timeout=60)
    result = json.loads(out)
    assert result["module"].startswith(str(venv))  # the installed copy, not the project
    assert result == {"module": result["module"], "id": 42, "total_amount": "Decimal('750.00')",
                      "number": "CM-42"}
    [request] = server.requests
    assert (request["method"], request["path"]) == ("PATCH", "/coa/api/v1/credit-memo/42")
    assert request["headers"]["Authorization"] == "Token test-token"
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(request["body"]) == {"total_amount": 750.0, "applied_date": None}
    assert b'"total_amount":750.00' in request["body"]  # digit for digit, no float
