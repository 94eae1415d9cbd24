"""Docstrings a reader wants: Google-style sections whose entries are indented under their
header, and a first line that says something where the spec says nothing.

A small spec is generated and imported; its docstrings are read back the way `help()`
shows them (`inspect.getdoc`) and their sections parsed here by hand.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.model.text import Section, docstring, sentence, split_summary, text_lines

PACKAGE = "docstrings_client"

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Docs", "version": "1"},
    "tags": [{"name": "ledger", "description": "Invoices and credit memos."}],
    "paths": {
        "/memos/": {
            "get": {
                "operationId": "memos_list", "summary": "list memos", "tags": ["ledger"],
                "parameters": [
                    {"in": "query", "name": "limit", "description": "Page size.",
                     "schema": {"type": "integer"}},
                    {"in": "query", "name": "ratio", "description": "Share of the total.",
                     "schema": {"type": "number", "enum": [0.5, 1.5]}},
                    {"in": "query", "name": "filter",
                     "description": "Filter by\nthe memo's status.\n\nSecond paragraph.",
                     "schema": {"type": "string"}},
                    {"in": "query", "name": "offset", "schema": {"type": "integer"}},
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Memo"}},
                }}}},
            },
            "post": {
                "operationId": "memos_create", "summary": "Create a memo.", "tags": ["ledger"],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Memo"}}}},
                "responses": {"201": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Memo"}}}}},
            },
        },
        "/memos/{id}/": {
            "patch": {
                "operationId": "memos_partial_update", "tags": ["ledger"],
                "parameters": [{"in": "path", "name": "id", "required": True,
                                "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Note"}}}}},
            },
        },
        "/reports/daily": {"get": {"operationId": "reports_daily", "tags": ["reports"],
                                   "summary": "Daily report",
                                   "responses": {"204": {"description": "done"}}}},
        "/reports/monthly": {"get": {"operationId": "reports_monthly", "tags": ["reports"],
                                     "summary": "Monthly report",
                                     "responses": {"204": {"description": "done"}}}},
        "/health": {"get": {"operationId": "health", "tags": ["reports"], "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"ok": {"type": "boolean"}}}}}}}}},
    },
    "components": {"schemas": {
        "Memo": {
            "type": "object", "required": ["id", "amount"],
            "properties": {
                "id": {"type": "integer", "readOnly": True, "description": "Unique id."},
                "amount": {"type": "string", "description": "Total,\nexact to the cent."},
                "status": {"$ref": "#/components/schemas/StatusEnum"},
                "kind": {"$ref": "#/components/schemas/KindEnum"},
                "rate": {"type": "number", "enum": [0.25, 0.5]},
            },
        },
        "StatusEnum": {"type": "string", "enum": ["open", "void"]},
        "KindEnum": {"type": "string", "enum": ["credit", "debit"],
                     "description": "* `credit` - Credit\n* `debit` - Debit"},
        "Note": {"type": "object", "description": "A note on a memo.\n\nKept for a year.",
                 "properties": {"text": {"type": "string"}}},
    }},
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from generator.model.build import Options
    from generator.pipeline import generate

    folder = tmp_path_factory.mktemp("docstrings")
    spec = folder / "docs.json"
    spec.write_text(json.dumps(SPEC), "utf-8")
    generate([str(spec)], folder, Options(package=PACKAGE))
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def models(client: Any) -> Any:
    return importlib.import_module(f"{PACKAGE}.models")


def api(client: Any, module: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.api.{module}")


def sections(doc: str) -> dict[str, dict[str, list[str]]]:
    """Google-style sections of a cleaned docstring: a header flush left and ending in a
    colon, one entry per line indented 4 (`name: text`), continuation lines indented 8.
    Any other indentation under a header fails the test."""
    found: dict[str, dict[str, list[str]]] = {}
    entries: dict[str, list[str]] | None = None
    name = ""
    for line in doc.splitlines():
        indent = len(line) - len(line.lstrip())
        if not line.strip():
            entries = None
        elif indent == 0 and line.endswith(":") and " " not in line:
            entries = found.setdefault(line[:-1], {})
        elif entries is not None:
            assert indent in (4, 8), f"{line!r} is indented {indent} under its section"
            if indent == 4:
                name, _, text = line.strip().partition(": ")
                entries[name] = [text]
            else:
                entries[name].append(line.strip())
    return found


def first_line(obj: Any) -> str:
    return (inspect.getdoc(obj) or "").splitlines()[0]


def test_args_entries_are_indented_under_their_header(client: Any) -> None:
    doc = inspect.getdoc(api(client, "ledger").LedgerApi.memos_list) or ""
    assert sections(doc) == {"Args": {
        "filter": ["Filter by", "the memo's status.", "Second paragraph."],
        "limit": ["Page size."],
        "ratio": ["Share of the total. One of 0.5, 1.5."],
    }}
    assert doc.splitlines()[:3] == ["List memos.", "", "`GET /memos/`"]


def test_attributes_entries_are_indented_under_their_header(client: Any) -> None:
    memo = models(client).Memo
    assert sections(inspect.getdoc(memo) or "") == {"Attributes": {
        "id": ["Unique id."],
        "amount": ["Total,", "exact to the cent."],
        "rate": ["One of 0.25, 0.5."],
    }}
    # The request class has no `id` (read-only), so no entry for it either.
    assert set(sections(inspect.getdoc(models(client).MemoRequest) or "")["Attributes"]) == {
        "amount", "rate"}


def test_the_raw_source_indents_entries_too(client: Any) -> None:
    source = Path(inspect.getfile(models(client).Memo)).read_text("utf-8")
    assert "\n    Attributes:\n        id: Unique id.\n        amount: Total,\n" \
           "            exact to the cent.\n" in source


def test_first_lines_say_what_the_spec_knows_instead_of_filler(client: Any) -> None:
    found = models(client)
    assert first_line(found.Memo) == "Response shape of `Memo`: write-only fields are left out."
    assert first_line(found.MemoRequest) == \
        "Request shape of `Memo`: read-only fields are left out."
    assert first_line(found.StatusEnum) == "One of `open`, `void`."
    # A description that is a list gets the values first, then the list.
    assert inspect.getdoc(found.KindEnum) == \
        "One of `credit`, `debit`.\n\n* `credit` - Credit\n* `debit` - Debit"
    assert inspect.getdoc(found.Note) == "A note on a memo.\n\nKept for a year."
    assert first_line(found.HealthResponse) == "The 200 response of `GET /health`."
    ledger, reports = api(client, "ledger").LedgerApi, api(client, "reports").ReportsApi
    assert inspect.getdoc(ledger.memos_partial_update) == "`PATCH /memos/{id}/`."
    assert first_line(ledger.memos_create) == "Create a memo."
    assert inspect.getdoc(reports) == "The reports operations (synchronous): 3 calls."
    assert inspect.getdoc(ledger) == (
        "The ledger operations (synchronous): 3 calls under `/memos/`.\n\n"
        "Invoices and credit memos.")
    client_module = importlib.import_module(f"{PACKAGE}.client")
    assert first_line(client_module.Client.ledger) == \
        "The ledger operations: 3 calls under `/memos/`."


def test_no_filler_anywhere(client: Any) -> None:
    folder = Path(inspect.getfile(client)).parent
    source = "\n".join(path.read_text("utf-8") for path in folder.rglob("*.py")
                       if "_runtime" not in path.parts)
    for filler in ("object.", "Values of", '"""reports operations', '"""memos_partial_update'):
        assert filler not in source, filler


def _value(source: str) -> str:
    """The string a docstring statement made by `docstring(..., indent="")` holds."""
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    assert isinstance(node.value.value, str)
    return inspect.cleandoc(node.value.value)


@pytest.mark.parametrize("text", [
    '"quoted" at the start', 'ends in a quote"', 'triple """ inside', "back\\slash\\",
    "\\", '"""', '""""', "line\u2028separator", "tab\there", "two\nlines\\",
])
def test_spec_text_stays_inside_the_docstring(text: str) -> None:
    lines = text_lines(text)
    assert _value(docstring(text, [], "")) == sentence(text)
    source = docstring(text, [text, Section("Args", (("name", tuple(lines)),))], "")
    assert _value(source).splitlines() == [
        sentence(text), "", *lines, "", "Args:", f"    name: {lines[0]}",
        *(f"        {line}" for line in lines[1:])]


@pytest.mark.parametrize(("text", "summary", "rest"), [
    ("One line", "One line", []),
    ("Ends a sentence. Then\nmore of it.", "Ends a sentence. Then more of it.", []),
    ("First sentence.\nSecond line.\n\nNext.", "First sentence.",
     ["Second line.", "", "Next."]),
    ("* `a` - A\n* `b` - B", None, ["* `a` - A", "* `b` - B"]),
    ("Values:\n\n- a", None, ["Values:", "", "- a"]),
    ("word " * 30, ("word " * 30).strip(), []),
    ("word\n" * 30, None, ["word"] * 30),
])
def test_split_summary(text: str, summary: str | None, rest: list[str]) -> None:
    assert split_summary(text, 78) == (summary, rest)
