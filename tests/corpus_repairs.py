"""Corpus documents the generator rightly refuses as published, each made usable by the
smallest repair, so that the tests needing a client of every spec (wire, unions, pages)
have one. The refusal of the published document stays tested in tests/test_corpus.py.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tests.conftest import SHARED

CORPUS = SHARED / "corpus"


def _define_toggle_type(document: dict[str, Any]) -> None:
    # Five properties refer to this schema, which the document never defines; Square's API
    # reference documents it as a string enum (its values are not in the document).
    document["components"]["schemas"]["CatalogModifierToggleOverrideType"] = {"type": "string"}


SQUARE_REPAIR = ("CatalogModifierToggleOverrideType, which five $refs name and the document "
                 "does not define, added as a string")
REPAIRS: dict[str, tuple[str, Callable[[dict[str, Any]], None]]] = {
    "square": (SQUARE_REPAIR, _define_toggle_type),
}


def note(name: str) -> str | None:
    """What was repaired in the spec `name` (None: it is used as published)."""
    repair = REPAIRS.get(name)
    return None if repair is None else repair[0]


def source(entry: Mapping[str, Any]) -> Path:
    """The corpus spec's file, or for a repaired spec a repaired copy (one JSON file in the
    temporary folder, named by the hash of the published document and of the repair's
    code and note, so that a changed repair is never served from an old copy)."""
    published: Path = CORPUS / entry["file"]
    repair = REPAIRS.get(entry["name"])
    if repair is None:
        return published
    text = published.read_bytes()
    key = hashlib.sha256(text)
    key.update(f"{repair[0]}\n{inspect.getsource(repair[1])}".encode())
    folder = Path(tempfile.gettempdir()) / "campfire-corpus-repairs"
    target = folder / f"{entry['name']}-{key.hexdigest()[:16]}.json"
    if not target.exists():
        document = json.loads(text)
        repair[1](document)
        folder.mkdir(parents=True, exist_ok=True)
        # Written whole, then renamed: test processes may ask for it at the same time.
        partial = folder / f".{target.name}.{os.getpid()}"
        partial.write_text(json.dumps(document), "utf-8")
        partial.replace(target)
    return target
