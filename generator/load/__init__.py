"""Stage 1: read the inputs (files, URLs, reference pages) and unite them into one document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic, GenerationError
from generator.load.document import Document
from generator.load.merge import merge_documents
from generator.load.parse import parse_document
from generator.load.read import is_url, read_text

__all__ = ["Document", "Workspace", "load_document", "load_inputs"]


@dataclass(slots=True)
class Workspace:
    """The united input and every document read so far (referenced files are added lazily)."""

    spec: dict[str, Any]
    root_uri: str
    inputs: list[Document]
    documents: dict[str, Document] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)

    def document(self, uri: str) -> Document:
        """The document at `uri`, reading it on first use (for relative-file `$ref`s)."""
        found = self.documents.get(uri)
        if found is None:
            found = load_document(uri)
            self.documents[uri] = found
        return found


def load_document(source: str) -> Document:
    uri, text = read_text(source)
    display = source if is_url(source) else _display_path(source, uri)
    return parse_document(uri, display, text)


def _display_path(source: str, uri: str) -> str:
    if source.startswith("file://"):
        return uri.removeprefix("file://")
    return source


def load_inputs(sources: list[str]) -> Workspace:
    documents = [load_document(source) for source in sources]
    problems = [
        Diagnostic(d.display, "", "not an OpenAPI document (the top level is not a mapping)",
                   "pass an OpenAPI 3.0 or 3.1 document")
        for d in documents
        if not isinstance(d.data, dict)
    ]
    if problems:
        raise GenerationError(problems)
    if len(documents) == 1:
        spec, origins = documents[0].data, {}
    else:
        spec, origins = merge_documents(documents)
    workspace = Workspace(spec, documents[0].uri, documents, origins=origins)
    for document in documents:
        workspace.documents.setdefault(document.uri, document)
    return workspace
