"""How the members of a union are told apart, decided once at generation.

The order of evidence: the spec's `discriminator` (its mapping, or the member's schema
name); else a property every object member declares with values of its own (a `const`,
or an `enum`: one value mostly, several where a member stands for several kinds; no
value shared between members): the union's tag table; else the keys each member
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
    property that allows a few values only (its possible tags)."""

    declared: frozenset[str]
    required: frozenset[str]
    tags: tuple[tuple[str, tuple[Tag, ...]], ...]
    """(property, values) of each property limited to some values, in declaration order."""


def tag_values(prop: Any) -> tuple[Tag, ...] | None:
    """The values a property schema allows (`const`, or an `enum`), when they can be
    tags: strings or integers (never booleans, equal to 1 and 0). They tell members
    apart only where no value is shared (`tag_table`)."""
    if not isinstance(prop, dict):
        return None
    if "const" in prop:
        values = [prop["const"]]
    elif isinstance(prop.get("enum"), list) and prop["enum"]:
        values = prop["enum"]
    else:
        return None
    if all(isinstance(v, str) or (isinstance(v, int) and not isinstance(v, bool))
           for v in values):
        return tuple(values)
    return None


def tag_table(shapes: Sequence[ObjectShape | None],
              variants: Sequence[t.Type]) -> tuple[str, tuple[tuple[Tag, int], ...]] | None:
    """A property that every object member (`ModelRef`) declares with a one-value tag of
    its own, distinct across members, and each tag's member index; None when there is
    none (the first such property in the first member's order wins). A member that is
    itself a union decided by the same property lends its tags, pointing at it."""
    members = [index for index, variant in enumerate(variants)
               if isinstance(variant, t.ModelRef)]
    if not members or any(shapes[index] is None for index in members):
        return None
    first = shapes[members[0]]
    assert first is not None
    for name, _ in first.tags:
        table: dict[Tag, int] = {}
        for index in members:
            shape = shapes[index]
            assert shape is not None
            values = dict(shape.tags).get(name)
            if values is None or any(_known(table, value) for value in values):
                break
            table.update((value, index) for value in values)
        else:
            for index, variant in enumerate(variants):
                if isinstance(variant, t.UnionOf) and variant.discriminator == name:
                    for value, _ in variant.mapping:
                        if _known(table, value):
                            return None
                        table[value] = index
            if len(table) >= 2:
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
    """Both limit a property to values, none of them shared."""
    theirs = dict(other.tags)
    return any(name in theirs and not any(_known(dict.fromkeys(theirs[name], 0), value)
                                          for value in values)
               for name, values in one.tags)
