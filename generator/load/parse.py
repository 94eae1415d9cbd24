"""Turns input text into data: JSON, YAML, or a Campfire API reference page (markdown)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from generator.diagnostics import Diagnostic, GenerationError
from generator.load.document import Document
from generator.load.json_reader import read_json
from generator.load.limits import AsText, Duplicate, as_text, duplicate_key
from generator.load.lines import key_lines
from generator.load.yaml_reader import read_yaml

# An API reference page embeds its OpenAPI document in a fenced yaml block.
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*ya?ml\b[^\n]*\n", re.MULTILINE)


def parse_document(uri: str, display: str, text: str) -> Document:
    suffix = _suffix(display)
    if suffix in (".md", ".markdown"):
        body, offset = _openapi_fence(display, text)
        data, duplicates, texts = read_yaml(body, display, offset)
        return _document(uri, display, data, body, offset, duplicates, texts)
    if text.lstrip().startswith(("{", "[")):
        try:
            data, duplicates = read_json(text, display)
            return _document(uri, display, data, text, 0, duplicates)
        except json.JSONDecodeError as error:
            if suffix == ".json":
                raise GenerationError(
                    [Diagnostic(display, "", f"invalid JSON: {error.msg}", "fix the syntax",
                                line=error.lineno)]
                ) from None
    data, duplicates, texts = read_yaml(text, display)
    return _document(uri, display, data, text, 0, duplicates, texts)


def _document(uri: str, display: str, data: Any, text: str, offset: int,
              duplicates: list[Duplicate], texts: list[AsText] | None = None) -> Document:
    document = Document(uri, display, data, text, offset)
    if duplicates:
        document.warnings.extend(_duplicate_keys(document, duplicates))
    document.warnings.extend(as_text(display, where, written, kind, line)
                             for where, written, kind, line in texts or ())
    return document


def _duplicate_keys(document: Document, duplicates: list[Duplicate]) -> list[Diagnostic]:
    """One warning for each repetition of a key, with its line and the first one's."""
    found = key_lines(document.text, {where for where, _, _ in duplicates})
    warnings = []
    seen: dict[str, int] = {}
    for where, key, line in duplicates:
        lines = [number + document.line_offset for number in found.get(where, ())]
        repeat = seen[where] = seen.get(where, 0) + 1
        first = lines[0] if lines else None
        at = lines[repeat] if repeat < len(lines) else line
        warnings.append(duplicate_key(document.display, where, key, at, first))
    return warnings


def _suffix(display: str) -> str:
    """The lower-case file suffix of a path or URL (a URL's query is not part of it)."""
    path = urlsplit(display).path if display.startswith(("http://", "https://")) else display
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _openapi_fence(display: str, text: str) -> tuple[str, int]:
    """The body of the first yaml fence holding an OpenAPI document, and its line offset."""
    for match in _FENCE.finditer(text):
        fence = match.group("fence")
        start = match.end()
        end = text.find("\n" + fence, start)
        body = text[start:] if end < 0 else text[start : end + 1]
        if re.search(r"^openapi:", body, re.MULTILINE):
            return body, text.count("\n", 0, start)
    raise GenerationError(
        [Diagnostic(display, "", "no OpenAPI document found in this page",
                    "a reference page must embed the spec in a ```yaml fence")]
    )
