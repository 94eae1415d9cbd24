"""JSON text to data with the C scanner, within the load stage's limits.

The scanner stays at full speed: a duplicate key is noticed by comparing sizes in the
pairs hook, nesting by one walk over the mappings and lists. Only when something is
wrong is the text searched again, to say where.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.diagnostics import Diagnostic, GenerationError, pointer
from generator.load import limits
from generator.load.limits import Duplicate
from generator.load.lines import line_number

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")
_DIGITS = re.compile(r"-?([0-9]*)")


def read_json(text: str, display: str) -> tuple[Any, list[Duplicate]]:
    """The data of a JSON text, and its duplicate keys (the parser keeps the last).

    Raises json.JSONDecodeError for text that is no JSON; GenerationError for JSON
    nested deeper than `limits.MAX_DEPTH` or holding an integer Python cannot read.
    """
    repeated: list[tuple[dict[str, Any], list[tuple[str, Any]]]] = []

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        made = dict(pairs)
        if len(made) != len(pairs):
            repeated.append((made, pairs))
        return made

    try:
        data = json.loads(text, object_pairs_hook=mapping)
    except json.JSONDecodeError:
        raise
    except (RecursionError, ValueError) as error:
        raise _unreadable(text, display, error) from None
    if _deeper_than(data, limits.MAX_DEPTH):
        raise _unreadable(text, display, None)
    return data, _duplicates(data, repeated) if repeated else []


def _deeper_than(data: Any, budget: int) -> bool:
    """Whether mappings and lists nest in `data` more than `budget` deep; one level at a
    time, so that no tuple is made per node. Parsed JSON is a tree (the scanner shares
    no node), so no node is seen twice."""
    level = [data] if isinstance(data, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > budget:
            return True
        inner = []
        for node in level:
            for child in node.values() if type(node) is dict else node:
                if type(child) is dict or type(child) is list:
                    inner.append(child)
        level = inner
    return False


def _unreadable(text: str, display: str, error: Exception | None) -> GenerationError:
    """Where the text nests too deep or holds too long an integer, as an error."""
    found = _locate(text)
    if found is None:  # not expected: the scanner and the search disagree
        message, hint = limits.too_deep() if error is None else \
            (f"invalid JSON: {error}", "fix the syntax")
        return GenerationError([Diagnostic(display, "", message, hint)])
    where, offset, digits = found
    message, hint = limits.too_deep() if digits is None else limits.long_integer(digits)
    return GenerationError([Diagnostic(display, where, message, hint,
                                       line=line_number(text, offset))])


def _locate(text: str) -> tuple[str, int, int | None] | None:
    """(pointer, offset, None) of the first mapping or list nested too deep, or (pointer,
    offset, digits) of the first integer too long; None when there is neither.

    Goes down one member at a time: each member is read whole by the C scanner, and the
    first that fails (or nests too deep) is the one entered. No recursion here.
    """
    at = _skip(text, 0)
    tokens: list[str | int] = []
    while at < len(text):
        if text[at] not in "{[":
            return pointer(*tokens), at, len(_DIGITS.match(text, at)[1])  # type: ignore[index]
        if len(tokens) >= limits.MAX_DEPTH:
            return pointer(*tokens), at, None
        found = _failing_member(text, at, limits.MAX_DEPTH - len(tokens) - 1)
        if found is None:
            return None
        token, at = found
        tokens.append(token)
    return None


def _failing_member(text: str, at: int, budget: int) -> tuple[str | int, int] | None:
    """(token, offset) of the first member of the mapping or list at `at` that cannot be
    read, or that nests more than `budget` deep."""
    closing = "}" if text[at] == "{" else "]"
    at = _skip(text, at + 1)
    position = 0
    while at < len(text) and text[at] != closing:
        token: str | int = position
        if closing == "}":
            token, at = json.decoder.scanstring(text, at + 1)  # type: ignore[attr-defined]
            at = _skip(text, _skip(text, at) + 1)  # past the colon
        try:
            value, end = _DECODER.raw_decode(text, at)
        except json.JSONDecodeError:
            return None
        except (RecursionError, ValueError):
            return token, at
        if _deeper_than(value, budget):
            return token, at
        at = _skip(text, end)
        if at < len(text) and text[at] == ",":
            at = _skip(text, at + 1)
        position += 1
    return None


def _skip(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


def _duplicates(data: Any, repeated: list[tuple[dict[str, Any], list[tuple[str, Any]]]],
                ) -> list[Duplicate]:
    """The member pointer of each repeated key, found by walking to the mappings that
    hold them (a mapping lost to a later duplicate is not reported twice)."""
    wanted = {id(made): pairs for made, pairs in repeated}
    found: list[Duplicate] = []
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, where = stack.pop()
        if type(node) is dict:
            pairs = wanted.get(id(node))
            if pairs is not None:
                seen: set[str] = set()
                for key, _ in pairs:
                    if key in seen:
                        found.append((f"{where}{pointer(key)}", key, None))
                    seen.add(key)
            children = [(value, f"{where}{pointer(key)}") for key, value in node.items()]
        elif type(node) is list:
            children = [(value, f"{where}/{index}") for index, value in enumerate(node)]
        else:
            continue
        stack.extend(reversed(children))
    return found
