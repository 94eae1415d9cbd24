"""How the members of a union are told apart, decided once at generation.

The order of evidence: the spec's `discriminator` (its mapping, or the member's schema
name); else a property every object member declares with one value of its own (a
one-value `enum` or a `const`): the union's tag table; else the keys each member
requires, and the JSON types of the members. The runtime dispatches on a tag with one
dict lookup, and tries members one by one only where no tag decides; a union whose
object members nothing tells apart is reported at generation (`indistinguishable`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.model import types as t
from generator.resolve import Location

Tag = str | int
Collect = Callable[[Any, Location], "ObjectShape | None"]
"""The shape of the object schema at a location (None: not an object with properties)."""


@dataclass(frozen=True, slots=True)
class ObjectShape:
    """What tells one object member apart: its declared and required keys, and each
    property that allows one value only (its tag)."""

    declared: frozenset[str]
    required: frozenset[str]
    tags: tuple[tuple[str, Tag], ...]
    """(property, value) of each one-value property, in declaration order."""


def one_value(prop: Any) -> Tag | None:
    """The one value a property schema allows (`const`, or an `enum` of one value), when
    it can be a tag: a string or an integer (never a boolean, equal to 1 or 0)."""
    if not isinstance(prop, dict):
        return None
    if "const" in prop:
        value = prop["const"]
    elif isinstance(prop.get("enum"), list) and len(prop["enum"]) == 1:
        value = prop["enum"][0]
    else:
        return None
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return None


def tag_table(shapes: Sequence[ObjectShape | None],
              variants: Sequence[t.Type]) -> tuple[str, tuple[tuple[Tag, int], ...]] | None:
    """A property that every object member (`ModelRef`) declares with a one-value tag of
    its own, distinct across members, and each tag's member index; None when there is
    none (the first such property in the first member's order wins)."""
    members = [index for index, variant in enumerate(variants)
               if isinstance(variant, t.ModelRef)]
    if len(members) < 2 or any(shapes[index] is None for index in members):
        return None
    first = shapes[members[0]]
    assert first is not None
    for name, _ in first.tags:
        table: dict[Tag, int] = {}
        for index in members:
            shape = shapes[index]
            assert shape is not None
            value = dict(shape.tags).get(name)
            if value is None or _known(table, value):
                break
            table[value] = index
        else:
            return name, sorted_table(table)
    return None


def sorted_table(table: dict[Tag, int]) -> tuple[tuple[Tag, int], ...]:
    """The tags in a stable order (strings and integers apart)."""
    return tuple(sorted(table.items(), key=lambda item: (isinstance(item[0], int),
                                                        str(item[0]))))


def _known(table: dict[Tag, int], value: Tag) -> bool:
    return any(type(tag) is type(value) and tag == value for tag in table)


def indistinguishable(shapes: Sequence[ObjectShape | None],
                      variants: Sequence[t.Type]) -> list[int]:
    """The object members (`ModelRef`) that neither a tag nor their keys tell apart: two
    members A and B are told apart when one requires a key the other does not declare
    (an object of A then lacks a key B requires, or holds one B does not know). Empty
    when every pair is told apart (or the shapes are unknown)."""
    members = [index for index, variant in enumerate(variants)
               if isinstance(variant, t.ModelRef) and shapes[index] is not None]
    alike: list[int] = []
    for position, first in enumerate(members):
        for second in members[position + 1:]:
            one, other = shapes[first], shapes[second]
            assert one is not None and other is not None
            if not (one.required - other.declared or other.required - one.declared
                    or _tags_differ(one, other)):
                alike += [index for index in (first, second) if index not in alike]
    return sorted(alike)


def _tags_differ(one: ObjectShape, other: ObjectShape) -> bool:
    """Both declare a one-value property, with different values."""
    theirs = dict(other.tags)
    return any(name in theirs and not (type(value) is type(theirs[name])
                                       and value == theirs[name])
               for name, value in one.tags)
