"""Unites several input documents into one OpenAPI document."""

from __future__ import annotations

import copy
from typing import Any

from generator.diagnostics import Diagnostic, GenerationError, pointer
from generator.load.document import Document

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def merge_documents(documents: list[Document]) -> tuple[dict[str, Any], dict[str, str]]:
    """The united document, and for each path item pointer the uri of the input it came from.

    Paths are united operation by operation; a component may appear in several inputs
    only when it is the same everywhere. Everything else comes from the first input.
    """
    first = documents[0]
    merged: dict[str, Any] = copy.copy(first.data)
    merged["paths"] = {}
    merged["components"] = {}
    origins: dict[str, str] = {}
    owners: dict[str, Document] = {}
    problems: list[Diagnostic] = []
    for document in documents:
        for path, item in (document.data.get("paths") or {}).items():
            target = merged["paths"].setdefault(path, {})
            for key, value in (item or {}).items():
                where = pointer("paths", path, key)
                owner = owners.get(where)
                if owner is not None and target.get(key) != value:
                    problems.append(_conflict(document, owner, where))
                    continue
                target[key] = value
                owners[where] = document
            origins[pointer("paths", path)] = document.uri
        for section, entries in (document.data.get("components") or {}).items():
            target_section = merged["components"].setdefault(section, {})
            for name, value in (entries or {}).items():
                where = pointer("components", section, name)
                owner = owners.get(where)
                if owner is not None and target_section.get(name) != value:
                    problems.append(_conflict(document, owner, where))
                    continue
                target_section[name] = value
                owners[where] = document
        for tag in document.data.get("tags") or []:
            known = {t.get("name") for t in merged.get("tags") or []}
            if isinstance(tag, dict) and tag.get("name") not in known:
                merged.setdefault("tags", []).append(tag)
    if problems:
        raise GenerationError(problems)
    return merged, origins


def _conflict(document: Document, owner: Document, where: str) -> Diagnostic:
    return Diagnostic(
        document.display,
        where,
        f"defined differently in {owner.display}",
        "make the two definitions identical or remove one",
        line=document.line_of(where),
    )
