# mypy: disable-error-code="import-untyped"
"""Maps JSON pointers to line numbers, worked out only when a diagnostic needs one.

A JSON text is searched along the pointer alone, skipping what lies beside it with the
C JSON scanner: a few lookups cost less than one full index. YAML texts (and any text
the search cannot follow) get the full index of every node, composed once.
"""

from __future__ import annotations

import json
import re
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
                return _line_number(self._text, offset)
            self._searches = None  # not plain JSON after all
        if self._lines is None:
            self._lines = _index(self._text)
        while pointer not in self._lines and "/" in pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self._lines.get(pointer)


def _json_offset(text: str, pointer: str) -> int | None:
    """Where the node at `pointer` starts in a JSON text (a member: where its key does);
    None when the text is no JSON the search can follow."""
    tokens = [token.replace("~1", "/").replace("~0", "~")
              for token in pointer.split("/")[1:]]
    try:
        at = _skip_space(text, 0)
        found = at
        for token in tokens:
            found_next = _child_offset(text, at, token)
            if found_next is None:
                return found  # no such child: its parent's line
            found, at = found_next
        return found
    except (ValueError, IndexError):
        return None


def _line_number(text: str, offset: int) -> int:
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


def _index(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    try:
        # JSON is YAML for this purpose; composing keeps each node's position.
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        root = None
    if root is not None:
        _walk(root, "", lines)
    return lines


def _walk(node: yaml.Node, pointer: str, lines: dict[str, int]) -> None:
    lines[pointer] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            token = escape_pointer_token(str(key_node.value))
            _walk(value_node, f"{pointer}/{token}", lines)
            lines[f"{pointer}/{token}"] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{pointer}/{index}", lines)
