"""Unites several input documents into one OpenAPI document."""

from __future__ import annotations

import copy
from typing import Any

from generator.diagnostics import Diagnostic, GenerationError, pointer
from generator.load.document import Document


def merge_documents(documents: list[Document]) -> tuple[dict[str, Any], dict[str, str]]:
    """The united document, and for each path item and component pointer the uri of the
    input it came from.

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
        paths = _mapping(document, document.data.get("paths"), pointer("paths"), problems)
        for path, item in paths.items():
            target = merged["paths"].setdefault(path, {})
            item = _mapping(document, item, pointer("paths", path), problems)
            for key, value in item.items():
                where = pointer("paths", path, key)
                owner = owners.get(where)
                if owner is not None and target.get(key) != value:
                    problems.append(_conflict(document, owner, where))
                    continue
                target[key] = value
                owners.setdefault(where, document)
                origins.setdefault(where, document.uri)
            origins.setdefault(pointer("paths", path), document.uri)
        components = _mapping(document, document.data.get("components"),
                              pointer("components"), problems)
        for section, entries in components.items():
            target_section = merged["components"].setdefault(section, {})
            entries = _mapping(document, entries, pointer("components", section), problems)
            for name, value in entries.items():
                where = pointer("components", section, name)
                owner = owners.get(where)
                if owner is not None and target_section.get(name) != value:
                    problems.append(_conflict(document, owner, where))
                    continue
                target_section[name] = value
                owners.setdefault(where, document)
                origins.setdefault(where, document.uri)
        tags = document.data.get("tags")
        for tag in tags if isinstance(tags, list) else []:
            known = {t.get("name") for t in merged.get("tags") or [] if isinstance(t, dict)}
            if isinstance(tag, dict) and tag.get("name") not in known:
                merged["tags"] = [*(merged.get("tags") or []), tag]
    if problems:
        raise GenerationError(problems)
    return merged, origins


def _mapping(document: Document, value: Any, where: str,
             problems: list[Diagnostic]) -> dict[str, Any]:
    """`value` when it is a mapping (or absent); otherwise a problem and nothing."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    problems.append(Diagnostic(document.display, where, "must be a mapping",
                               "fix the document", line=document.line_of(where)))
    return {}


def _conflict(document: Document, owner: Document, where: str) -> Diagnostic:
    return Diagnostic(
        document.display,
        where,
        f"defined differently in {owner.display}",
        "make the two definitions identical or remove one",
        line=document.line_of(where),
    )
