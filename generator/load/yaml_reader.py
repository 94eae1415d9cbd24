# mypy: disable-error-code="import-untyped"
"""YAML text to JSON-compatible data, built straight from libyaml's parse events.

Building from events, with an explicit stack, is what makes every input bounded: no
recursion (libyaml's own composer recurses in C and crashes the interpreter on deep
nesting), alias cycles found where they close, alias expansion and nesting counted
before any later stage walks the data, and duplicate keys seen with their line. It is
also faster than composing a node graph first and constructing from it.

Values read as OpenAPI means them: YAML 1.2's JSON-compatible core schema (`2024-01-01`
and `yes` are strings), every mapping key a string (`200:` is the status code "200"),
`<<` merge keys honoured; tags other than the core ones are refused.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, GenerationError, pointer
from generator.load import limits
from generator.load.limits import AsText, Duplicate

# libyaml's C parser; the pure Python one where libyaml is missing.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_FLOAT = re.compile(r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_NULL = re.compile(r"~|null|Null|NULL")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_TEXT_KEYS = frozenset({"default", "const", "example"})
_MERGE = object()
"""The pending key of a mapping whose next value is merged in (`<<: *base`)."""


def _to_int(text: str) -> int:
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text.lstrip("+"))
    base = 16 if digits.startswith("0x") else 8 if digits.startswith("0o") else 10
    return sign * int(digits.removeprefix("0x").removeprefix("0o"), base)


def _to_float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".nan"):
        return math.nan
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    return float(lowered)


def _to_bool(text: str) -> bool:
    value = _TAGGED_BOOLS.get(text.lower())
    if value is None:
        raise ValueError(f"{text!r} is not a boolean")
    return value


# An explicit `!!bool` also takes YAML 1.1's words, as PyYAML does.
_TAGGED_BOOLS = {"true": True, "false": False, "yes": True, "no": False, "on": True,
                 "off": False}


# Plain scalars by their first character: (pattern, conversion), tried in order.
_Rule = tuple[re.Pattern[str], Callable[[str], Any]]
_PLAIN: dict[str, tuple[_Rule, ...]] = {}
for _chars, _rule in ((("~nN"), (_NULL, lambda _: None)), ("tTfF", (_BOOL, lambda text: text.lower() == "true")),
                      ("-+0123456789", (_INT, _to_int)), ("-+.0123456789", (_FLOAT, _to_float))):
    for _char in _chars:
        _PLAIN[_char] = (*_PLAIN.get(_char, ()), _rule)

# Explicitly tagged scalars.
_TAGGED: dict[str, Callable[[str], Any]] = {
    _CORE + "str": str, _CORE + "int": _to_int, _CORE + "float": _to_float,
    _CORE + "bool": _to_bool, _CORE + "null": lambda _: None,
}


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return "integer" if isinstance(value, int) else "number"


def _plain(text: str) -> Any:
    """A plain (unquoted, untagged) scalar's value."""
    if not text:
        return None
    for pattern, convert in _PLAIN.get(text[0], ()):
        if pattern.fullmatch(text):
            return convert(text)
    return text


class _Anchor:
    """A node that aliases may repeat, and what repeating it costs."""

    __slots__ = ("height", "line", "nodes", "open", "text", "value")

    def __init__(self, value: Any, text: str | None, line: int) -> None:
        self.value = value
        self.text = text  # a scalar's own text: what it is as a key
        self.line = line
        self.nodes = 1  # nodes in it (keys too), its aliases expanded
        self.height = 0  # mappings and lists nested in it, itself included
        self.open = False  # still being read: an alias to it would be a cycle


class _Frame:
    """A mapping or list being read."""

    __slots__ = ("anchor", "deepest", "depth", "event", "is_enum", "is_map", "items", "key",
                 "merges", "start", "texts")

    def __init__(self, items: Any, depth: int, start: int, anchor: _Anchor | None,
                 event: Any) -> None:
        self.items = items
        self.event = event  # where it starts
        self.is_map = isinstance(items, dict)
        self.key: Any = None  # a mapping's key whose value comes next
        self.depth = depth
        self.deepest = depth  # the deepest level reached inside, aliases expanded
        self.start = start  # nodes read before this one
        self.anchor = anchor
        self.merges: list[dict[str, Any]] = []
        self.is_enum = False  # a list under `enum`: its plain scalars' texts are kept
        # Plain scalars read as no text where a `type: string` would make them text:
        # (mapping key, or `enum` and index) -> (source text, line).
        self.texts: dict[Any, tuple[str, int]] | None = None


def read_yaml(text: str, display: str,
              line_offset: int = 0) -> tuple[Any, list[Duplicate], list[AsText]]:
    """The data of a single-document YAML text, its duplicate keys, and the plain
    scalars read as the text written because a `type: string` makes them text.

    Raises GenerationError for what cannot be read: bad syntax, alias cycles, nesting
    deeper than `limits.MAX_DEPTH`, more than `limits.MAX_ALIASED_NODES` nodes repeated
    by aliases, numbers Python cannot hold, tags that are not JSON's.
    """
    return _Reader(text, display, line_offset).read()


class _Reader:
    def __init__(self, text: str, display: str, line_offset: int) -> None:
        self.parser = _Parser(text)
        self.parser_text = text
        self.display = display
        self.line_offset = line_offset
        self.root = _Frame([], 0, 0, None, None)
        self.stack = [self.root]
        self.anchors: dict[str, _Anchor] = {}
        self.nodes = 0
        self.aliased = 0
        self.too_many: tuple[int, str] | None = None  # (line, pointer) of the alias
        self.duplicates: list[Duplicate] = []
        self.as_text: list[AsText] = []

    def read(self) -> tuple[Any, list[Duplicate], list[AsText]]:
        try:
            self._read_events()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            line = mark.line + 1 + self.line_offset if mark is not None else None
            if mark is not None and "maximum nesting depth" in str(error.problem):
                raise self._deeper_than_libyaml(mark.index, line) from None
            raise self._fail(line, "", f"invalid YAML: {error.problem}", "fix the syntax") \
                from None
        except yaml.YAMLError as error:
            raise self._fail(None, "", f"invalid YAML: {error}", "fix the syntax") from None
        if self.too_many is not None:
            raise self._fail(*self.too_many, *self._too_many_aliases())
        items = self.root.items
        return (items[0] if items else None), self.duplicates, self.as_text

    def _read_events(self) -> None:
        get_event = self.parser.get_event
        scalar, start_map, start_seq, alias = (yaml.ScalarEvent, yaml.MappingStartEvent,
                                               yaml.SequenceStartEvent, yaml.AliasEvent)
        end_map, end_seq, start_doc = yaml.MappingEndEvent, yaml.SequenceEndEvent, \
            yaml.DocumentStartEvent
        documents = 0
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is scalar:
                self._scalar(event)
            elif kind is start_map or kind is start_seq:
                self._open(event, kind is start_map)
            elif kind is end_map or kind is end_seq:
                self._close()
            elif kind is alias:
                self._alias(event)
            elif kind is start_doc:
                documents += 1
                if documents > 1:
                    raise self._fail(self._line(event), "", "invalid YAML: a second document "
                                     "in the stream", "keep one document per file")

    def _line(self, event: Any) -> int:
        return int(event.start_mark.line) + 1 + self.line_offset

    # --- values -----------------------------------------------------------------------

    def _scalar(self, event: Any) -> None:
        self.nodes += 1
        frame = self.stack[-1]
        if frame.is_map and frame.key is None:
            self._key(frame, event.value, event, plain=bool(event.implicit[0]))
            if event.anchor is not None:
                self._anchor(event, event.value, event.value)
            return
        tag = event.tag
        try:
            if tag is None or tag == "!":
                value = _plain(event.value) if event.implicit[0] else event.value
            else:
                convert = _TAGGED.get(tag)
                if convert is None:
                    raise self._unsupported(event)
                value = convert(event.value)
        except ValueError as error:
            raise self._bad_scalar(event, error) from None
        if event.anchor is not None:
            self._anchor(event, value, event.value)
        if event.implicit[0] and value is not None and not isinstance(value, str):
            self._keep_text(frame, event)
        self._add(frame, value, event)

    def _keep_text(self, frame: _Frame, event: Any) -> None:
        """Note a plain scalar read as a number or boolean where a string schema may
        want its text: a value of `default`, `const`, `example`, or an `enum` item."""
        if frame.is_enum:
            place: Any = ("enum", len(frame.items))
        elif frame.is_map and frame.key in _TEXT_KEYS:
            place = frame.key
        else:
            return
        if frame.texts is None:
            frame.texts = {}
        frame.texts[place] = (event.value, self._line(event))

    def _key(self, frame: _Frame, key: str, event: Any, *, plain: bool) -> None:
        if plain and key == "<<":
            frame.key = _MERGE
            return
        again = key in frame.items
        frame.key = key
        if again:
            self.duplicates.append((self._pointer(), key, self._line(event)))

    def _add(self, frame: _Frame, value: Any, event: Any) -> None:
        if not frame.is_map:
            frame.items.append(value)
        elif frame.key is _MERGE:
            self._merge(frame, value, event)
        else:
            frame.items[frame.key] = value
            frame.key = None

    def _merge(self, frame: _Frame, value: Any, event: Any) -> None:
        # As PyYAML: of merged mappings the first listed wins, the mapping's own keys
        # win over all of them, and a later `<<` over an earlier one.
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(source, dict) for source in sources):
            raise self._fail(self._line(event), self._pointer(), "invalid YAML: `<<` must "
                             "merge a mapping or a list of mappings", "fix the syntax")
        frame.merges.extend(reversed(sources))
        frame.key = None

    def _open(self, event: Any, is_map: bool) -> None:
        parent = self.stack[-1]
        if parent.is_map and parent.key is None:
            raise self._fail(self._line(event), self._pointer(), "invalid YAML: a key that "
                             "is a mapping or a list", "OpenAPI keys are strings: fix the syntax")
        if event.tag not in (None, "!", _CORE + ("map" if is_map else "seq")):
            raise self._unsupported(event)
        depth = len(self.stack)
        if depth > limits.MAX_DEPTH:
            raise self._too_deep(event)
        anchor = None
        if event.anchor is not None:
            anchor = self._anchor(event, None, None)
            anchor.open = True
        frame = _Frame({} if is_map else [], depth, self.nodes, anchor, event)
        frame.is_enum = not is_map and parent.is_map and parent.key == "enum"
        self.stack.append(frame)
        self.nodes += 1

    def _close(self) -> None:
        frame = self.stack.pop()
        parent = self.stack[-1]
        parent.deepest = max(parent.deepest, frame.deepest)
        value = frame.items
        if frame.is_enum and frame.texts:
            parent.texts = {**(parent.texts or {}), **frame.texts}
        if frame.is_map and frame.texts:
            self._as_text(value, frame.texts)
        if frame.merges:
            merged: dict[str, Any] = {}
            for source in frame.merges:
                merged.update(source)
            merged.update(value)
            value = merged
        anchor = frame.anchor
        if anchor is not None:
            anchor.value = value
            anchor.nodes = self.nodes - frame.start
            anchor.height = frame.deepest - frame.depth + 1
            anchor.open = False
        self._add(parent, value, frame.event)

    def _as_text(self, schema: dict[str, Any], texts: dict[Any, tuple[str, int]]) -> None:
        """In a schema whose `type` is or includes `string`, the noted scalars of a kind
        the type does not also allow become the text the author wrote (`4.10` stays
        "4.10", not 4.1); `null` stays null."""
        types = schema.get("type")
        types = [types] if isinstance(types, str) else types
        if not isinstance(types, list) or "string" not in types:
            return
        enum = schema.get("enum")
        where = self._pointer()
        for place, (text, line) in texts.items():
            if isinstance(place, tuple):
                index = place[1]
                if not isinstance(enum, list) or index >= len(enum):
                    continue
                holder, key, at = enum, index, pointer("enum", index)
            else:
                holder, key, at = schema, place, pointer(place)  # type: ignore[assignment]
            value = holder[key]
            if _json_kind(value) in types or \
                    (isinstance(value, int) and not isinstance(value, bool) and
                     "number" in types):
                continue
            holder[key] = text
            self.as_text.append((where + at, text, _json_kind(value), line))

    def _anchor(self, event: Any, value: Any, text: str | None) -> _Anchor:
        # A later anchor of the same name replaces the earlier one (YAML 1.2).
        anchor = _Anchor(value, text, self._line(event))
        self.anchors[event.anchor] = anchor
        return anchor

    def _alias(self, event: Any) -> None:
        anchor = self.anchors.get(event.anchor)
        frame = self.stack[-1]
        if anchor is None:
            raise self._fail(self._line(event), self._pointer(), f"invalid YAML: alias "
                             f"*{event.anchor} has no anchor &{event.anchor} before it",
                             "fix the syntax")
        if frame.is_map and frame.key is None:
            if anchor.text is None:
                raise self._fail(self._line(event), self._pointer(), "invalid YAML: a key "
                                 "that is a mapping or a list", "OpenAPI keys are strings: "
                                 "fix the syntax")
            self._key(frame, anchor.text, event, plain=False)
            return
        if anchor.open:
            raise self._cycle(event, anchor)
        deepest = len(self.stack) - 1 + anchor.height
        if deepest > limits.MAX_DEPTH:
            raise self._too_deep(event)
        frame.deepest = max(frame.deepest, deepest)
        self.nodes += anchor.nodes
        self.aliased += anchor.nodes
        if self.too_many is None and self.aliased > limits.MAX_ALIASED_NODES:
            self.too_many = self._line(event), self._pointer()
        self._add(frame, anchor.value, event)

    # --- problems ---------------------------------------------------------------------

    def _pointer(self) -> str:
        """The pointer of the value read next."""
        tokens: list[str | int] = []
        for frame in self.stack[1:]:
            if not frame.is_map:
                tokens.append(len(frame.items))
            elif frame.key is not None:
                tokens.append("<<" if frame.key is _MERGE else frame.key)
        return pointer(*tokens)

    def _fail(self, line: int | None, where: str, message: str, hint: str) -> GenerationError:
        return GenerationError([Diagnostic(self.display, where, message, hint, line=line)])

    def _cycle(self, event: Any, anchor: _Anchor) -> GenerationError:
        return self._fail(
            self._line(event), self._pointer(),
            f"YAML alias *{event.anchor} repeats the node anchored &{event.anchor} on line "
            f"{anchor.line}, which contains the alias: the document would be infinite",
            "remove the alias, or anchor a part that does not contain it")

    def _deeper_than_libyaml(self, index: int, line: int | None) -> GenerationError:
        """libyaml from 0.2.6 refuses nesting past 1,000 levels while scanning ahead, before
        this reader sees the 129th: the text up to there, read again, shows where."""
        try:
            _Reader(self.parser_text[:index], self.display, self.line_offset).read()
        except GenerationError as error:
            if [d.message for d in error.diagnostics] == [limits.too_deep()[0]]:
                return error
        return self._fail(line, "", *limits.too_deep())

    def _too_deep(self, event: Any) -> GenerationError:
        return self._fail(self._line(event), self._pointer(), *limits.too_deep())

    def _too_many_aliases(self) -> tuple[str, str]:
        message = (f"YAML aliases would expand the document to {self.nodes:,} nodes, "
                   f"{self.aliased:,} of them repeats: over the limit of "
                   f"{limits.MAX_ALIASED_NODES:,} repeated nodes")
        return message, "use fewer or smaller aliases, or $ref"

    def _unsupported(self, event: Any) -> GenerationError:
        tag = str(event.tag).replace(_CORE, "!!")
        return self._fail(self._line(event), self._pointer(),
                          f"invalid YAML: the tag {tag} is not supported",
                          "OpenAPI documents hold JSON data: remove the tag")

    def _bad_scalar(self, event: Any, error: ValueError) -> GenerationError:
        digits = len(event.value.lstrip("+-"))
        if digits > sys.get_int_max_str_digits() > 0 and "digits" in str(error):
            return self._fail(self._line(event), self._pointer(), *limits.long_integer(digits))
        return self._fail(self._line(event), self._pointer(), f"invalid YAML: {error}",
                          "fix the value")
