# mypy: disable-error-code="import-untyped"
"""Maps JSON pointers to line numbers, worked out only when a diagnostic needs one.

A JSON text is searched along the pointer alone, skipping what lies beside it with the
C JSON scanner: a few lookups cost less than one full index. YAML texts (and any text
the search cannot follow) get the full index of every node, composed once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]

import yaml

from generator.diagnostics import escape_pointer_token

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_INDEX = re.compile(r"0|[1-9][0-9]*")  # an array index in a JSON pointer (RFC 6901)
_SEARCHES_BEFORE_INDEX = 8
"""Past this many lookups in one JSON text, the full index is cheaper."""


class LineIndex:
    """Lines of the nodes of a YAML or JSON text, by JSON pointer; a pointer that leads
    nowhere gets the line of its nearest existing parent."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[str, int] | None = None
        self._searches = 0 if text.lstrip().startswith(("{", "[")) else None

    def line_of(self, pointer: str) -> int | None:
        if self._lines is None and self._searches is not None and \
                self._searches < _SEARCHES_BEFORE_INDEX:
            self._searches += 1
            offset = _json_offset(self._text, pointer)
            if offset is not None:
                return line_number(self._text, offset)
            self._searches = None  # not plain JSON after all
        if self._lines is None:
            self._lines = _index(self._text)
        while pointer not in self._lines and "/" in pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self._lines.get(pointer)


def _json_offset(text: str, pointer: str) -> int | None:
    """Where the node at `pointer` starts in a JSON text (a member: where its key does);
    None when the text is no JSON the search can follow."""
    found = _json_path(text, pointer)
    return None if found is None else found[0]


def _json_path(text: str, pointer: str) -> tuple[int, int] | None:
    """(where the node at `pointer`, or its nearest existing parent, starts; where its
    value starts); None when the text is no JSON the search can follow."""
    tokens = [token.replace("~1", "/").replace("~0", "~")
              for token in pointer.split("/")[1:]]
    try:
        at = _skip_space(text, 0)
        found = at
        for token in tokens:
            found_next = _child_offset(text, at, token)
            if found_next is None:
                return found, at  # no such child: its parent's line
            found, at = found_next
        return found, at
    except (ValueError, IndexError):
        return None


def line_number(text: str, offset: int) -> int:
    """The 1-based line of `offset`, counting line breaks as YAML's reader does (the
    full index's count): CR LF, CR, LF, NEL, LS and PS each end a line."""
    before = text[:offset]
    breaks = before.count("\n") + before.count("\r") - before.count("\r\n")
    for other in ("\x85", "\u2028", "\u2029"):
        breaks += before.count(other)
    return breaks + 1


def _skip_space(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


def _child_offset(text: str, at: int, token: str) -> tuple[int, int] | None:
    """(where the member or item starts, where its value starts) for `token` inside the
    object or array at `at`; None when there is none. Of duplicate keys the last counts,
    as for the parser."""
    opening = text[at]
    if opening not in "{[":
        return None
    wanted = int(token) if opening == "[" and _INDEX.fullmatch(token) else None
    if opening == "[" and wanted is None:
        return None
    at = _skip_space(text, at + 1)
    position = 0
    found = None
    while text[at] not in "}]":
        start = at
        if opening == "{":
            key, at = scanstring(text, at + 1)
            at = _skip_space(text, at)
            if text[at] != ":":
                raise ValueError("not JSON")
            at = _skip_space(text, at + 1)
            if key == token:
                found = start, at
        elif position == wanted:
            return start, at
        _, at = _DECODER.raw_decode(text, at)  # skipped whole, at C speed
        at = _skip_space(text, at)
        if text[at] == ",":
            at = _skip_space(text, at + 1)
        position += 1
    return found


def key_lines(text: str, members: set[str]) -> dict[str, list[int]]:
    """The 1-based line of every occurrence of the keys of `members` (member pointers),
    in order: a duplicate key has several."""
    found: dict[str, list[int]] = {member: [] for member in members}
    if text.lstrip().startswith(("{", "[")):
        for member in members:
            parent, _, token = member.rpartition("/")
            path = _json_path(text, parent)
            if path is None:
                break  # not JSON the search can follow: the full walk below
            key = token.replace("~1", "/").replace("~0", "~")
            found[member] = [line_number(text, offset)
                             for offset in _key_offsets(text, path[1], key)]
        else:
            return found
    try:
        for where, line, is_key in _yaml_nodes(text):
            if is_key and where in found:
                found[where].append(line)
    except yaml.YAMLError:
        pass
    return found


def _key_offsets(text: str, at: int, key: str) -> list[int]:
    """Where each member named `key` of the JSON object at `at` starts."""
    if text[at] != "{":
        return []
    offsets = []
    at = _skip_space(text, at + 1)
    while text[at] != "}":
        start = at
        name, at = scanstring(text, at + 1)
        at = _skip_space(text, _skip_space(text, at) + 1)  # past the colon
        if name == key:
            offsets.append(start)
        _, at = _DECODER.raw_decode(text, at)
        at = _skip_space(text, at)
        if text[at] == ",":
            at = _skip_space(text, at + 1)
    return offsets


def _index(text: str) -> dict[str, int]:
    """The line of every node; a member's is its key's. Of duplicate keys the last counts,
    as for the parser."""
    nodes: dict[str, int] = {}
    keys: dict[str, int] = {}
    try:
        # JSON is YAML for this purpose: its events carry each node's position.
        for where, line, is_key in _yaml_nodes(text):
            (keys if is_key else nodes)[where] = line
    except yaml.YAMLError:
        return {}
    nodes.update(keys)
    return nodes


def _yaml_nodes(text: str) -> Iterator[tuple[str, int, bool]]:
    """(pointer, line, is it a member's key) of every node and key of the first document
    of a YAML text, in order. Aliases are not followed: the load stage has refused the
    documents where that would matter, and what lies under an alias has its line."""
    parser = _Loader(text)
    stack: list[_Open] = []
    while (event := parser.get_event()) is not None:
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        if isinstance(event, yaml.DocumentEndEvent):
            return
        if not isinstance(event, yaml.NodeEvent):
            continue
        line = event.start_mark.line + 1
        parent = stack[-1] if stack else None
        if parent is not None and parent.is_map and parent.token is None:
            # A key (a collection as a key is no loaded document's: it gets a dummy).
            parent.token = escape_pointer_token(str(getattr(event, "value", "?")))
            yield f"{parent.where}/{parent.token}", line, True
            where = f"{parent.where}/{parent.token}/?"
        else:
            where = "" if parent is None else f"{parent.where}/{parent.token}"
            yield where, line, False
            if parent is not None:
                parent.token = None if parent.is_map else int(parent.token or 0) + 1
        if isinstance(event, yaml.CollectionStartEvent):
            is_map = isinstance(event, yaml.MappingStartEvent)
            stack.append(_Open(where, is_map, None if is_map else 0))


@dataclass(slots=True)
class _Open:
    """A mapping or list open in a walk over YAML events: its pointer, and the token of
    its next member (a mapping's is None while its key is awaited)."""

    where: str
    is_map: bool
    token: str | int | None
