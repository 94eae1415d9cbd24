"""Stage 1: read the inputs (files, URLs, reference pages) and unite them into one document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from generator.diagnostics import Diagnostic, GenerationError
from generator.load.document import Document
from generator.load.limits import as_error
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

    def input_at(self, pointer: str) -> Document:
        """The input that the node at `pointer` of the united document comes from.

        With several inputs, `origins` maps the pointers of united path items and
        components to their input; anything else comes from the first input.
        """
        probe = pointer
        while True:
            uri = self.origins.get(probe)
            if uri is not None:
                for document in self.inputs:
                    if document.uri == uri:
                        return document
            if not probe:
                return self.inputs[0]
            probe = probe.rsplit("/", 1)[0]

    def findings(self, *, strict: bool) -> list[Diagnostic]:
        """What reading the documents (so far) noticed: warnings, errors under strict."""
        found = [warning for document in self.documents.values()
                 for warning in document.warnings]
        return [as_error(warning) for warning in found] if strict else found

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
    if source.startswith("file:"):
        return url2pathname(urlsplit(uri).path)
    return source


def load_inputs(sources: list[str]) -> Workspace:
    """Every input read and united; raises GenerationError naming every unreadable one."""
    if not sources:
        raise GenerationError([Diagnostic("<no input>", "", "no input document given",
                                          "pass at least one OpenAPI file or URL")])
    documents: list[Document] = []
    problems: list[Diagnostic] = []
    for source in sources:
        try:
            document = load_document(source)
        except GenerationError as error:
            problems.extend(error.diagnostics)
            continue
        if not isinstance(document.data, dict):
            problems.append(Diagnostic(
                document.display, "", "not an OpenAPI document (the top level is not a mapping)",
                "pass an OpenAPI 3.0 or 3.1 document", line=document.line_of("")))
        documents.append(document)
    if problems:
        raise GenerationError(problems)
    origins: dict[str, str] = {}
    if len(documents) == 1:
        spec = documents[0].data
    else:
        spec, origins = merge_documents(documents)
    workspace = Workspace(spec, documents[0].uri, documents, origins=origins)
    for document in documents:
        workspace.documents.setdefault(document.uri, document)
    return workspace
