"""Stage 1: read the inputs (files, URLs, reference pages) and unite them into one document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

from generator.diagnostics import Diagnostic, GenerationError
from generator.load.document import Document
from generator.load.limits import as_error
from generator.load.merge import merge_documents
from generator.load.parse import parse_document
from generator.load.read import is_url, read_text
from generator.load.remote import RemoteDocuments

__all__ = ["Document", "RemoteDocuments", "Workspace", "load_document", "load_inputs"]


@dataclass(slots=True)
class Workspace:
    """The united input and every document read so far (referenced files are added lazily)."""

    spec: dict[str, Any]
    root_uri: str
    inputs: list[Document]
    documents: dict[str, Document] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    remote: RemoteDocuments = field(default_factory=RemoteDocuments)
    """How documents reached by remote `$ref`s are read (offline by default)."""

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
        """The document at `uri`, reading it on first use (for `$ref`s to other files)."""
        found = self.documents.get(uri)
        if found is None:
            if is_url(uri):
                display, text = self.remote.read(uri)
                found = parse_document(uri, display, text)
            else:
                found = load_document(uri)
            self.documents[uri] = found
        return found

    def read_all_referenced(self) -> None:
        """Reads every document that a `$ref` reaches, directly or through others. One
        that cannot be read is left for the resolve stage, which reports it in place."""
        pending = list(self.inputs)
        seen = {document.uri for document in pending}
        while pending:
            document = pending.pop()
            for ref in _refs(document.data):
                address = urldefrag(urljoin(document.uri, ref))[0]
                if not address or address in seen:
                    continue
                seen.add(address)
                try:
                    pending.append(self.document(address))
                except GenerationError:
                    continue

    def files_read(self) -> list[str]:
        """The uris of the local files read: the inputs, the files they reference, and the
        files that the ref map gave remote documents. A URL input stays a URL; a document
        downloaded or read from its kept copy is not a file of the user's."""
        inputs = {document.uri for document in self.inputs}
        found = set()
        for uri in self.documents:
            if uri in self.remote.mapped:
                found.add(Path(self.remote.mapped[uri]).resolve().as_uri())
            elif not is_url(uri) or uri in inputs:
                found.add(uri)
        return sorted(found)


def load_document(source: str) -> Document:
    uri, text = read_text(source)
    display = source if is_url(source) else _display_path(source, uri)
    return parse_document(uri, display, text)


def _display_path(source: str, uri: str) -> str:
    if source.startswith("file:"):
        return url2pathname(urlsplit(uri).path)
    return source


def load_inputs(sources: list[str], remote: RemoteDocuments | None = None) -> Workspace:
    """Every input read and united; raises GenerationError naming every unreadable one.
    `remote`: how to read remote `$ref`s (by default: only from the network when an input
    is itself a URL)."""
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
    if remote is None:
        remote = RemoteDocuments(allow_network=any(map(is_url, sources)))
    workspace = Workspace(spec, documents[0].uri, documents, origins=origins, remote=remote)
    for document in documents:
        workspace.documents.setdefault(document.uri, document)
    return workspace


def _refs(data: Any) -> list[str]:
    """Every `$ref` string in a document, in no particular order (walked without
    recursion: documents may nest deep)."""
    found = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.append(ref)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
