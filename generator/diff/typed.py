"""A parameter or field of a surface, with what its type admits.

A type admits a set of members (`StatusEnum | Literal["", "x"] | None | Unset` admits
`StatusEnum`, `Literal[""]`, `Literal["x"]`, `None` and `Unset`), read from its saved
shape (`diff/shapes.py`), never from the annotation's text; one type admits all the
values of another when its members include the other's. That is all the type reasoning
the comparison needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.diff.shapes import Shape
from generator.diff.shapes import members as shape_members

NONE, UNSET = "None", "Unset"


@dataclass(frozen=True, slots=True)
class Typed:
    """`name: annotation` of a parameter or field, with its type's members."""

    name: str
    annotation: str
    """As the client spells it, for reports."""
    members: frozenset[str]

    @property
    def required(self) -> bool:
        return UNSET not in self.members

    @property
    def nullable(self) -> bool:
        return NONE in self.members


def typed(declaration: str, shape: Shape, renames: Mapping[str, str] | None = None) -> Typed:
    """`limit: int | Unset` with its shape -> Typed("limit", ..., {int, Unset}), classes
    renamed."""
    name, _, annotation = declaration.partition(": ")
    return Typed(name, annotation, members_of(shape, renames))


def members_of(shape: Shape, renames: Mapping[str, str] | None = None) -> frozenset[str]:
    """What a type admits, from its shape, classes renamed."""
    return shape_members(shape, renames or {})
