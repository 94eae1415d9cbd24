"""Whether Django REST framework reads an empty form value of a property as null.

A form cannot say null: the client can only send an empty value. DRF (3.18,
`rest_framework/fields.py` `Field.get_value`) reads an empty value of a field that allows
null as None, except where the field allows blank text (`CharField` and its subclasses,
`ChoiceField`), which store "" instead; relational fields force "" to None too
(`relations.py` `RelatedField.run_validation`), and so does `DecimalField`
(`validate_empty_values`). drf-spectacular (0.30, `openapi.py`) writes every field that
allows blank with a schema "" is a value of: a plain string, `''` among the choices
(`BlankEnum`), or, where a format, pattern or minimum length would rule "" out, a
`oneOf` with `{"type": "string", "maxLength": 0}`; a CharField that does not allow blank
gets `minLength: 1` (with `COMPONENT_SPLIT_REQUEST` or `ENFORCE_NON_BLANK_FIELDS`).

So an empty value means null for every field class that can produce a schema exactly
when that schema is of plain values (text, numbers, booleans) and "" is not one of its
values. Objects and lists are never null in a form (a nested serializer reads keys
`a.b`, a list repeated keys), and a value of no declared type is DRF's JSONField, which
reads its form value as JSON text. docs/parsing-policy.md ("Forms: DRF's notation")
has the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.resolve import Location, Resolver

_PLAIN = frozenset({"string", "integer", "number", "boolean"})
# String formats drf-spectacular writes; "" is none of them (a field that allows blank
# gets the `maxLength: 0` branch beside them).
_FORMATS = frozenset({"date", "date-time", "time", "email", "uri", "uuid", "ipv4", "ipv6",
                      "decimal", "binary"})
_DEPTH = 32


@dataclass(frozen=True, slots=True)
class _Shape:
    kinds: frozenset[str] | None
    """The JSON kinds of its values other than null (`any`: of no declared type); None:
    the schema says nothing of them (only `nullable`, a description...)."""
    admits_empty_text: bool
    """"" is one of its values."""


def empty_reads_as_null(schema: Any, location: Location, resolver: Resolver) -> bool:
    """True where every DRF field drf-spectacular writes this schema for reads an empty
    form value as null (when it allows null at all)."""
    shape = _shape(schema, location, resolver, 0)
    kinds = shape.kinds
    return bool(kinds) and kinds is not None and kinds <= _PLAIN and not shape.admits_empty_text


def _shape(node: Any, location: Location, resolver: Resolver, depth: int) -> _Shape:
    node, location = resolver.deref_schema(node, location)
    if not isinstance(node, dict) or depth > _DEPTH:
        return _Shape(frozenset({"any"}), True)
    kinds, admits = _own(node)
    said = kinds is not None
    for keyword in ("allOf", "oneOf", "anyOf"):
        parts = node.get(keyword)
        if not isinstance(parts, list) or not parts:
            continue
        said = True
        shapes = [_shape(part, location.child(keyword, index), resolver, depth + 1)
                  for index, part in enumerate(parts)]
        if keyword == "allOf":  # a value of every part
            part_kinds = [s.kinds for s in shapes if s.kinds is not None]
            if part_kinds:
                kinds = frozenset().union(*part_kinds, kinds or ())
            admits = admits and all(s.admits_empty_text for s in shapes)
        else:  # a value of one branch (a branch of null alone adds nothing)
            found = frozenset().union(
                *(s.kinds if s.kinds is not None else {"any"} for s in shapes))
            kinds = found | (kinds or frozenset())
            admits = admits and any(s.admits_empty_text for s in shapes)
    if not said:
        return _Shape(frozenset({"any"}), True)
    return _Shape(kinds, admits)


def _own(node: dict[str, Any]) -> tuple[frozenset[str] | None, bool]:
    """The kinds and whether "" fits, by the node's own keywords (not its parts)."""
    kinds: frozenset[str] | None = None
    admits = True
    declared = node.get("type")
    types = [declared] if isinstance(declared, str) else declared
    if isinstance(types, list):
        kinds = frozenset(str(kind) for kind in types) - {"null"}
        admits = "string" in kinds
    if "enum" in node and isinstance(node["enum"], list):
        values = node["enum"]
        if kinds is None:
            kinds = frozenset(_kind(value) for value in values if value is not None)
        admits = admits and "" in values
    if "const" in node:
        if kinds is None:
            kinds = frozenset() if node["const"] is None else frozenset({_kind(node["const"])})
        admits = admits and node["const"] == ""
    if kinds is None and any(key in node for key in ("properties", "additionalProperties")):
        kinds = frozenset({"object"})
    if kinds is None and "items" in node:
        kinds = frozenset({"array"})
    if node.get("format") in _FORMATS:
        admits = False
    min_length = node.get("minLength")
    if isinstance(min_length, int) and not isinstance(min_length, bool) and min_length >= 1:
        admits = False
    pattern = node.get("pattern")
    if isinstance(pattern, str) and not _matches_empty(pattern):
        admits = False
    return kinds, admits


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, (float, Decimal)):
        return "number"
    return "string" if isinstance(value, str) else "any"


def _matches_empty(pattern: str) -> bool:
    """Whether "" fits a pattern; True where Python cannot read it (ECMA syntax)."""
    try:
        return re.search(pattern, "") is not None
    except re.error:
        return True
