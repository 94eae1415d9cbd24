"""Stage 3: follow `$ref`s, local and to other files, cycles included.

Nothing is inlined: the model stage asks for the target of each reference as it walks,
so a schema that reaches itself simply refers to its own class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from generator.diagnostics import Diagnostic, GenerationError, Severity, as_strict, pointer
from generator.load import Document, Workspace
from generator.load.remote import RemoteUnavailable


@dataclass(frozen=True, slots=True)
class Location:
    """Where a node lives: the document's uri and the JSON pointer inside it."""

    uri: str
    pointer: str

    def child(self, *tokens: str | int) -> Location:
        return Location(self.uri, self.pointer + pointer(*tokens))


class Resolver:
    """Finds the targets of references and collects the ones that lead nowhere."""

    def __init__(self, workspace: Workspace, *, strict: bool = False) -> None:
        self.workspace = workspace
        self.strict = strict
        """Whether warnings are errors (`--strict`)."""
        self.problems: list[Diagnostic] = []
        self._inputs = {document.uri for document in workspace.inputs}

    def root(self) -> Location:
        return Location(self.workspace.root_uri, "")

    def _document_of(self, location: Location) -> Document | None:
        """The file a node was written in (for the united document: the input it came from)."""
        if location.uri == self.workspace.root_uri:
            return self.workspace.input_at(location.pointer)
        return self.workspace.documents.get(location.uri)

    def report(self, location: Location, message: str, hint: str,
               severity: Severity = Severity.ERROR) -> None:
        document = self._document_of(location)
        display = document.display if document is not None else location.uri
        line = document.line_of(location.pointer) if document is not None else None
        problem = Diagnostic(display, location.pointer, message, hint, line=line,
                             severity=severity)
        if self.strict and severity is Severity.WARNING:
            problem = as_strict(problem)
        if problem not in self.problems:  # the same reference can be followed twice
            self.problems.append(problem)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def raise_problems(self) -> None:
        """Stops generation when an error was found (with the warnings beside it)."""
        if any(p.severity is Severity.ERROR for p in self.problems):
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

    def exists(self, location: Location) -> bool:
        try:
            self.node_at(location)
        except Exception:  # noqa: BLE001 - missing, or in a file that cannot be read
            return False
        return True

    def deref(self, node: Any, location: Location,
              expected: Expected | None = None) -> tuple[Any, Location]:
        """The node a `$ref` chain ends at (the node itself when it is no reference).

        A reference that leads nowhere, or to something other than the `expected` kind
        of object (a schema where a parameter is expected, `#/info` where a schema is),
        is reported and yields an empty object, so that every other problem is still
        found in the same run.
        """
        seen: set[Location] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            target = self.target(ref, location)
            if target in seen:
                self.report(location, f"$ref cycle without content: {ref}",
                            "make one of the references point to a real schema")
                return {}, location
            seen.add(target)
            try:
                node = self.node_at(target)
            except KeyError:
                self.report(location.child("$ref"), f"$ref {ref!r} points to nothing",
                            "fix the reference or add the missing definition")
                return {}, location
            except Exception as error:  # noqa: BLE001 - unreadable referenced file
                detail = getattr(error, "diagnostics", None)
                message = detail[0].message if detail else str(error)
                # A remote document's own hint names the settings that would reach it.
                hint = error.diagnostics[0].hint if isinstance(error, RemoteUnavailable) \
                    else "fix the reference or the referenced file"
                self.report(location.child("$ref"), f"$ref {ref!r}: {message}", hint)
                return {}, location
            if expected is not None and not self._may_hold(target, expected):
                self.report(location.child("$ref"),
                            f"$ref {ref!r} points to {_what_is_at(target.pointer)}, not to "
                            f"{expected.name}",
                            f"point it to {expected.name}, such as one under {expected.home}")
                return {}, location
            location = target
        return node, location

    def deref_schema(self, node: Any, location: Location) -> tuple[Any, Location]:
        """`deref` where a schema is expected."""
        return self.deref(node, location, SCHEMA)

    def _may_hold(self, location: Location, expected: Expected) -> bool:
        """False only where an OpenAPI document certainly holds no such object; a file
        that is no OpenAPI document (a schema of its own, a folder of parameters) may
        hold anything anywhere, and so may an extension (`x-...`)."""
        if location.uri != self.workspace.root_uri:
            data = self._data(location.uri)
            if not (isinstance(data, dict) and "openapi" in data):
                return True
        tokens = _tokens(location.pointer)
        return any(token.startswith("x-") for token in tokens) or expected.fits(tokens)

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


# Where the schemas of an OpenAPI document are: under #/components/schemas, and as the
# `schema` of a parameter, header or media type; inside a schema, under these keywords.
_SCHEMA_KEYWORDS = frozenset({
    "items", "additionalProperties", "not", "additionalItems", "contains", "propertyNames",
    "if", "then", "else", "unevaluatedItems", "unevaluatedProperties", "contentSchema"})
_SCHEMA_MAP_KEYWORDS = frozenset({
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
    "dependencies"})
_SCHEMA_LIST_KEYWORDS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})


def is_schema_place(tokens: list[str]) -> bool:
    """Whether the node at these pointer tokens of an OpenAPI document is a schema."""
    if tokens[:2] == ["components", "schemas"] and len(tokens) > 2:
        inside = tokens[3:]
    elif "schema" in tokens:
        inside = tokens[tokens.index("schema") + 1:]
    else:
        return False
    return _within_schema(inside)


def _within_schema(tokens: list[str]) -> bool:
    """Whether these tokens, read from a schema, lead to a schema again."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and (token in _SCHEMA_MAP_KEYWORDS or (
                token in _SCHEMA_LIST_KEYWORDS and following.isdigit())):
            index += 2
        elif token in _SCHEMA_KEYWORDS:
            index += 1
        else:
            return False
    return True


_COMPONENT_KINDS = {
    "schemas": "a schema", "parameters": "a parameter", "responses": "a response",
    "requestBodies": "a request body",
    "headers": "a header", "examples": "an example", "securitySchemes": "a security scheme",
    "links": "a link", "callbacks": "a callback", "pathItems": "a path item",
}


def _what_is_at(pointer: str) -> str:
    """What an OpenAPI document holds at `pointer`, for messages."""
    tokens = _tokens(pointer)
    if not tokens:
        return "the whole document"
    if len(tokens) == 1:
        return f"the {tokens[0]} object"
    if len(tokens) == 3 and tokens[0] == "components" and tokens[1] in _COMPONENT_KINDS:
        return _COMPONENT_KINDS[tokens[1]]
    if tokens[0] in ("paths", "webhooks") and len(tokens) == 2:
        return "a path item"
    return pointer


@dataclass(frozen=True, slots=True)
class Expected:
    """A kind of OpenAPI object a `$ref` must point to, and where documents hold it."""

    name: str
    home: str
    """Where a document usually keeps them, for the hint."""
    fits: Callable[[list[str]], bool]
    """Whether the node at these pointer tokens is one."""


def _in(*containers: str) -> Callable[[list[str]], bool]:
    """Whether a node is an entry of a map or list of one of these names: a parameter of
    #/components/parameters or of an operation's `parameters`, and so on."""
    return lambda tokens: len(tokens) >= 2 and tokens[-2] in containers


SCHEMA = Expected("a schema", "#/components/schemas", is_schema_place)
PARAMETER = Expected("a parameter", "#/components/parameters", _in("parameters"))
RESPONSE = Expected("a response", "#/components/responses", _in("responses"))
REQUEST_BODY = Expected("a request body", "#/components/requestBodies",
                        lambda tokens: bool(tokens) and (
                            tokens[-1] == "requestBody" or tokens[-2:-1] == ["requestBodies"]))
PATH_ITEM = Expected("a path item", "#/paths", _in("paths", "webhooks", "pathItems"))
