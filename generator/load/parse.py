"""Turns input text into data: JSON, YAML, or a Campfire API reference page (markdown)."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, GenerationError
from generator.load.document import Document

# libyaml's C loader is five times faster than the pure Python one on large specs.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# An API reference page embeds its OpenAPI document in a fenced yaml block.
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*ya?ml\b[^\n]*\n", re.MULTILINE)


def parse_document(uri: str, display: str, text: str) -> Document:
    if display.lower().endswith((".md", ".markdown")):
        body, offset = _openapi_fence(display, text)
        return Document(uri, display, _parse_yaml(display, body, offset), body, offset)
    if text.lstrip().startswith(("{", "[")):
        try:
            return Document(uri, display, json.loads(text), text)
        except json.JSONDecodeError as error:
            if display.lower().endswith(".json"):
                raise GenerationError(
                    [Diagnostic(display, "", f"invalid JSON: {error.msg}", "fix the syntax",
                                line=error.lineno)]
                ) from None
    return Document(uri, display, _parse_yaml(display, text, 0), text)


def _parse_yaml(display: str, text: str, offset: int) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 + offset if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise GenerationError(
            [Diagnostic(display, "", f"invalid YAML: {problem}", "fix the syntax", line=line)]
        ) from None


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
