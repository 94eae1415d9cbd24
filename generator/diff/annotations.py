"""Reading the annotations of a surface: the values a type admits, as a set of members.

`StatusEnum | Literal["", "x"] | None | Unset` admits the members `StatusEnum`,
`Literal[""]`, `Literal["x"]`, `None` and `Unset`; one type admits all the values of another
when its members include the other's. That is all the type reasoning the comparison needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.diff.shapes import Shape
from generator.diff.shapes import members as shape_members

NONE, UNSET = "None", "Unset"
_TOKEN = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_.]*")


@dataclass(frozen=True, slots=True)
class Typed:
    """`name: annotation` of a parameter or field, read into what the comparison asks."""

    name: str
    annotation: str
    """As written in the surface (before any renaming), for reports."""
    members: frozenset[str]

    @property
    def required(self) -> bool:
        return UNSET not in self.members

    @property
    def nullable(self) -> bool:
        return NONE in self.members


def typed(declaration: str, shape: Shape | None = None,
          renames: Mapping[str, str] | None = None) -> Typed:
    """`limit: int | Unset` with its shape -> Typed("limit", ..., {int, Unset}), classes
    renamed. Without a shape (a surface saved before shapes were), the members are read
    from the annotation."""
    name, _, annotation = declaration.partition(": ")
    return Typed(name, annotation, members_of(annotation, shape, renames))


def members_of(annotation: str, shape: Shape | None,
               renames: Mapping[str, str] | None = None) -> frozenset[str]:
    """What a type admits: from its shape, or (a surface saved before shapes were) from
    its annotation."""
    if shape is not None:
        return shape_members(shape, renames or {})
    return members(annotation, renames)


def members(annotation: str, renames: Mapping[str, str] | None = None) -> frozenset[str]:
    """The members of an annotation's text: only for surfaces saved before shapes were
    (format 1 and 2); a surface of this version is compared by its shapes."""
    if renames:
        annotation = _rename(annotation, renames)
    found: set[str] = set()
    for part in _split(annotation, "|"):
        if part.startswith("Literal[") and part.endswith("]"):
            found.update(f"Literal[{value}]" for value in _split(part[8:-1], ","))
        else:
            found.add(part)
    return frozenset(found)


def _rename(annotation: str, renames: Mapping[str, str]) -> str:
    """Class names replaced by their new names (never inside string literals)."""
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        return token if token[0] in "\"'" else renames.get(token, token)
    return _TOKEN.sub(replace, annotation)


def _split(text: str, separator: str) -> Iterator[str]:
    """Parts of `text` between top-level separators (not inside brackets or quotes)."""
    depth, quote, start = 0, "", 0
    escaped = False
    for index, char in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == separator and depth == 0:
            yield text[start:index].strip()
            start = index + 1
    last = text[start:].strip()
    if last:
        yield last
