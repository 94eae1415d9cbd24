"""What an editor and a type checker see where a user calls an operation.

On the committed golden client of `specs/drf_idioms.yaml` (no generation needed):
- jedi (IPython, Jupyter, pylsp) shows each operation's parameters and docstring at
  `client.<group>.<op>(` on `Client` and `AsyncClient`, and go-to-definition lands on the
  method's own `def` line;
- a user script calling operations, with `reveal_type`, is checked by `mypy --strict` and by
  pyright: the revealed types and the rejected calls pin parameter and return types.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jedi
import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "generated" / "drf_idioms"
PACKAGE = "drf_idioms_client"

PROLOGUE = f"""\
from {PACKAGE} import AsyncClient, Client
from {PACKAGE}.models import MemoRequest, PatchedMemo

client = Client("token")
async_client = AsyncClient("token")
"""


def script(line: str) -> tuple[jedi.Script, int, int]:
    """A jedi Script over the prologue plus `line`, and the position at the line's end."""
    code = PROLOGUE + line
    project = jedi.Project(path=str(GOLDEN), added_sys_path=[str(GOLDEN)])
    return jedi.Script(code, path=str(GOLDEN / "user.py"), project=project), \
        code.count("\n") + 1, len(line)


@pytest.mark.parametrize("client", ["client", "async_client"])
def test_jedi_shows_the_signature_and_the_docstring(client: str) -> None:
    jedi_script, line, column = script(f"{client}.ledger.memos_partial_update(")
    signatures = jedi_script.get_signatures(line, column)
    assert len(signatures) == 1, signatures
    signature = signatures[0]
    assert [p.name for p in signature.params] == ["id", "body", "options"]
    assert "id: str" in signature.to_string()
    assert "PATCH /memos/{id}/" in signature.docstring()


@pytest.mark.parametrize(("client", "group_class"), [("client", "LedgerApi"),
                                                     ("async_client", "AsyncLedgerApi")])
def test_go_to_definition_lands_on_the_method(client: str, group_class: str) -> None:
    jedi_script, line, column = script(f"{client}.ledger.memos_partial_update")
    found = jedi_script.goto(line, column - 1)
    assert len(found) == 1, found
    definition = found[0]
    assert definition.module_path == GOLDEN / PACKAGE / "api" / "ledger.py"
    source = definition.module_path.read_text("utf-8").splitlines()
    assert source[definition.line - 1].strip().startswith(
        ("def memos_partial_update(", "async def memos_partial_update(")), \
        source[definition.line - 1]
    assert definition.parent().name == group_class


def test_each_operation_is_one_completion(tmp_path: Path) -> None:
    """The whole-response variant lives in a namespace, not beside every operation."""
    jedi_script, line, column = script("client.ledger.memos_")
    names = sorted(c.name for c in jedi_script.complete(line, column))
    assert names == ["memos_create", "memos_destroy", "memos_list", "memos_list_iter",
                     "memos_list_pages", "memos_partial_update", "memos_void"]


USER_SCRIPT = f"""\
from __future__ import annotations

import asyncio
from typing import reveal_type

from {PACKAGE} import AsyncClient, Client
from {PACKAGE}.models import MemoRequest, PatchedMemo


def sync_calls(client: Client, request: MemoRequest) -> None:
    created = client.ledger.memos_create(body=request)
    reveal_type(created)
    updated = client.ledger.memos_partial_update("7", body=PatchedMemo())
    reveal_type(updated)
    whole = client.ledger.with_response.memos_partial_update("7", body=PatchedMemo())
    reveal_type(whole)
    reveal_type(client.ledger.memos_destroy("7"))
    for memo in client.ledger.memos_list_iter(limit=10):
        reveal_type(memo)
    for page in client.ledger.memos_list_pages(limit=10, max_pages=5):
        reveal_type(page)
    reveal_type(client.ledger.memos_partial_update("7", lenient=True))
    client.ledger.memos_partial_update(7)  # REJECT: an int where the id is a str
    client.ledger.memos_create(request)  # REJECT: the body is keyword-only
    client.ledger.memos_partial_update("7", lenient="yes")  # REJECT: lenient is a bool
    client.ledger.memos_partial_update("7", retries=2)  # REJECT: no such option
    client.ledger.memos_void("7")  # REJECT: deprecated by the API (PEP 702)


async def async_calls(client: AsyncClient) -> None:
    updated = await client.ledger.memos_partial_update("7")
    reveal_type(updated)
    whole = await client.ledger.with_response.memos_partial_update("7")
    reveal_type(whole)
    async for memo in client.ledger.memos_list_iter(limit=10):
        reveal_type(memo)
    async for page in client.ledger.memos_list_pages(offset=20):
        reveal_type(page)
    client.ledger.memos_list_pages(limit="10")  # REJECT: the operation's arguments, typed


asyncio.run(async_calls(AsyncClient("token")))
"""

# The revealed types, in the order of the script, as each checker names them.
EXPECTED = ["Memo", "Memo", "Response[Memo]", "None", "Memo", "Page[Memo]", "Memo", "Memo",
            "Response[Memo]", "Memo", "Page[Memo]"]


def write_user_script(tmp_path: Path) -> Path:
    path = tmp_path / "user_script.py"
    path.write_text(USER_SCRIPT, "utf-8")
    return path


def rejected_lines() -> list[int]:
    return [number for number, line in enumerate(USER_SCRIPT.splitlines(), 1)
            if "# REJECT" in line]


def test_mypy_strict_pins_the_types_at_call_sites(tmp_path: Path) -> None:
    user = write_user_script(tmp_path)
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--enable-error-code", "deprecated",
                           "--cache-dir", str(tmp_path / "cache"), str(user)],
                          cwd=tmp_path, env={"MYPYPATH": str(GOLDEN), "PATH": "/usr/bin"},
                          capture_output=True, text=True, timeout=300, check=False)
    revealed = [re.sub(r"[\w.]+\.(\w+)", r"\1", found) for found in
                re.findall(r'note: Revealed type is "(.*)"', done.stdout)]
    assert revealed == EXPECTED, done.stdout
    # The user's lines only: the generated module's own `with_response` table names the
    # deprecated method too, which mypy reports there once `deprecated` is enabled.
    errors = [int(line.split(":")[1]) for line in done.stdout.splitlines()
              if ": error:" in line and line.startswith(user.name)]
    assert sorted(set(errors)) == rejected_lines(), done.stdout


def pyright_command() -> list[str]:
    found = shutil.which("pyright")
    if found is None:
        pytest.fail("pyright is not installed: pip install -e '.[test]'")
    return [found]


def test_pyright_pins_the_types_at_call_sites(tmp_path: Path) -> None:
    user = write_user_script(tmp_path)
    (tmp_path / "pyrightconfig.json").write_text(json.dumps({
        "extraPaths": [str(GOLDEN)], "typeCheckingMode": "strict",
        "reportDeprecated": "error", "pythonVersion": "3.11"}), "utf-8")
    done = subprocess.run([*pyright_command(), "--outputjson", str(user)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600, check=False)
    report = json.loads(done.stdout)
    diagnostics = report["generalDiagnostics"]
    revealed = [re.sub(r'^Type of ".*" is "(.*)"$', r"\1", d["message"])
                for d in diagnostics if d["severity"] == "information"]
    assert revealed == EXPECTED, diagnostics
    errors = sorted({d["range"]["start"]["line"] + 1 for d in diagnostics
                     if d["severity"] == "error"})
    assert errors == rejected_lines(), diagnostics
