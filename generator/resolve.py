"""Stage 3: follow `$ref`s, local and to other files, cycles included.

Nothing is inlined: the model stage asks for the target of each reference as it walks,
so a schema that reaches itself simply refers to its own class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from generator.diagnostics import Diagnostic, GenerationError, pointer
from generator.load import Document, Workspace


@dataclass(frozen=True, slots=True)
class Location:
    """Where a node lives: the document's uri and the JSON pointer inside it."""

    uri: str
    pointer: str

    def child(self, *tokens: str | int) -> Location:
        return Location(self.uri, self.pointer + pointer(*tokens))


class Resolver:
    """Finds the targets of references and collects the ones that lead nowhere."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.problems: list[Diagnostic] = []
        self._inputs = {document.uri for document in workspace.inputs}

    def root(self) -> Location:
        return Location(self.workspace.root_uri, "")

    def _document_of(self, location: Location) -> Document | None:
        """The file a node was written in (for the united document: the input it came from)."""
        if location.uri == self.workspace.root_uri:
            return self.workspace.input_at(location.pointer)
        return self.workspace.documents.get(location.uri)

    def report(self, location: Location, message: str, hint: str) -> None:
        document = self._document_of(location)
        display = document.display if document is not None else location.uri
        line = document.line_of(location.pointer) if document is not None else None
        problem = Diagnostic(display, location.pointer, message, hint, line=line)
        if problem not in self.problems:  # the same reference can be followed twice
            self.problems.append(problem)

    def raise_problems(self) -> None:
        if self.problems:
            raise GenerationError(self.problems)

    def node_at(self, location: Location) -> Any:
        data = self._data(location.uri)
        for token in _tokens(location.pointer):
            if isinstance(data, dict) and token in data:
                data = data[token]
            elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
                data = data[int(token)]
            else:
                raise KeyError(location.pointer)
        return data

    def deref(self, node: Any, location: Location) -> tuple[Any, Location]:
        """The node a `$ref` chain ends at (the node itself when it is no reference).

        A reference that leads nowhere is reported and yields an empty schema, so that
        every other problem is still found in the same run.
        """
        seen: set[Location] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target = self.target(node["$ref"], location)
            if target in seen:
                self.report(location, f"$ref cycle without content: {node['$ref']}",
                            "make one of the references point to a real schema")
                return {}, location
            seen.add(target)
            try:
                node = self.node_at(target)
            except KeyError:
                self.report(location.child("$ref"), f"$ref {node['$ref']!r} points to nothing",
                            "fix the reference or add the missing definition")
                return {}, location
            except Exception as error:  # noqa: BLE001 - unreadable referenced file
                detail = getattr(error, "diagnostics", None)
                message = detail[0].message if detail else str(error)
                self.report(location.child("$ref"), f"$ref {node['$ref']!r}: {message}",
                            "fix the reference or the referenced file")
                return {}, location
            location = target
        return node, location

    def target(self, ref: str, base: Location) -> Location:
        document_part, fragment = urldefrag(ref)
        if not document_part:
            return Location(base.uri, unquote(fragment))
        base_uri = base.uri
        if base_uri == self.workspace.root_uri:
            base_uri = self.workspace.input_at(base.pointer).uri  # relative to its own file
        uri = urljoin(base_uri, document_part)
        if uri in self._inputs:
            uri = self.workspace.root_uri  # every input is part of the united document
        return Location(uri, unquote(fragment))

    def _data(self, uri: str) -> Any:
        if uri == self.workspace.root_uri:
            return self.workspace.spec
        return self.workspace.document(uri).data


def _tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.lstrip("/").split("/")]
