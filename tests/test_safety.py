"""Nothing a spec says can run: hostile names, keys and texts stay data in the client."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import ROOT

HOSTILE = ROOT / "generated" / "hostile_names"
HOSTILE_KEY = "quote\"); __import__('os').system('echo pwned') #\nline"


@pytest.fixture(scope="module")
def hostile() -> Iterator[Any]:
    sys.path.insert(0, str(HOSTILE))
    try:
        yield importlib.import_module("hostile_names_client.models")
    finally:
        sys.path.remove(str(HOSTILE))


def test_hostile_json_names_are_data_when_decoding_and_encoding(
        hostile: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[object] = []
    monkeypatch.setattr(os, "system", lambda *args: ran.append(args))
    model = hostile.Decimal2
    payload = {"class": "c", HOSTILE_KEY: "v", '";import os;"': 1, "with space": "s", "": "e"}
    decoded = model.from_dict(payload)
    assert decoded.to_dict() == payload and not ran
    assert decoded.additional_properties == {'";import os;"': 1}
    field = {json_name: name for name, json_name in model.json_names().items()}[HOSTILE_KEY]
    assert getattr(decoded, field) == "v"


def test_hostile_texts_stay_inside_strings_and_docstrings(hostile: Any) -> None:
    # Importing every generated module ran nothing, and the texts came through unchanged.
    enum = hostile.EvilEnum
    assert [member.value for member in enum] == [
        '";import os;"', "\\", "", "None", "class", "CLASS", "-class", "'''"]
    assert '"""' in (hostile.Decimal2.__doc__ or "")
    client = importlib.import_module("hostile_names_client.client")
    assert client.DEFAULT_BASE_URL == 'https://example.test/"); import os #'


def test_generated_sources_hold_spec_text_only_in_literals() -> None:
    import ast

    for path in (HOSTILE / "hostile_names_client").rglob("*.py"):
        if "_runtime" in path.parts:
            continue  # the shared runtime, copied as it is: no text of the spec in it
        tree = ast.parse(path.read_text("utf-8"))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        assert "os" not in names and "__import__" not in names, path
