"""Python expressions as a small tree, kept until they are printed.

`render/` builds these instead of strings, so the printer (`render/layout.py`) decides
where a line breaks from what an expression is (a call, a collection, a union, a
subscript) and from measured widths, never by reading text back. Each node knows its
one-line spelling (`flat`); `str()` gives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


class Expr:
    """A Python expression."""

    @cached_property
    def flat(self) -> str:
        """The expression on one line."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.flat


@dataclass(frozen=True, eq=False)
class Atom(Expr):
    """What no line break can go into: a name, a number, a string literal."""

    text: str

    @cached_property
    def flat(self) -> str:
        return self.text


@dataclass(frozen=True, eq=False)
class Call(Expr):
    """`head(items)`: a call, split at its brackets."""

    head: str
    items: tuple[Expr, ...]

    @cached_property
    def flat(self) -> str:
        return f"{self.head}({', '.join(item.flat for item in self.items)})"


@dataclass(frozen=True, eq=False)
class Display(Expr):
    """A tuple, list or dict written out (`opening` is "(", "[" or "{"). Split, it goes
    one item per line, as black splits a collection."""

    opening: str
    items: tuple[Expr, ...]

    @property
    def closing(self) -> str:
        return {"(": ")", "[": "]", "{": "}"}[self.opening]

    @property
    def magic_comma(self) -> bool:
        """A one-item tuple, whose trailing comma keeps it split once split."""
        return self.opening == "(" and len(self.items) == 1

    @cached_property
    def flat(self) -> str:
        inside = ", ".join(item.flat for item in self.items)
        return f"{self.opening}{inside}{',' if self.magic_comma else ''}{self.closing}"


@dataclass(frozen=True, eq=False)
class Subscript(Expr):
    """`head[items]`: a generic type (`list[X]`, `Literal["a", "b"]`)."""

    head: str
    items: tuple[Expr, ...]

    @cached_property
    def flat(self) -> str:
        return f"{self.head}[{', '.join(item.flat for item in self.items)}]"


@dataclass(frozen=True, eq=False)
class Union(Expr):
    """`A | B | C`: split, one member per line, each after the first led by `| `."""

    members: tuple[Expr, ...]

    @cached_property
    def flat(self) -> str:
        return " | ".join(member.flat for member in self.members)


@dataclass(frozen=True, eq=False)
class Prefixed(Expr):
    """`prefix value`: a keyword argument (`body=`), a dict entry (`"200": `), an
    assignment's target (`x: T = `), a keyword (`return `). Only the value splits."""

    prefix: str
    value: Expr

    @property
    def assigns(self) -> bool:
        """The value is assigned (`name=value`, `x = value`): a collection there splits at
        its own brackets."""
        return self.prefix.rstrip().endswith("=")

    @cached_property
    def flat(self) -> str:
        return f"{self.prefix}{self.value.flat}"


def union(members: list[Expr]) -> Expr:
    """The union of `members`, nested unions flattened and each spelling kept once."""
    flat: list[Expr] = []
    seen: set[str] = set()
    for member in members:
        for each in member.members if isinstance(member, Union) else (member,):
            if each.flat not in seen:
                seen.add(each.flat)
                flat.append(each)
    return flat[0] if len(flat) == 1 else Union(tuple(flat))


def call(head: str, *items: Expr | str) -> Call:
    """A call; a string item is an atom."""
    return Call(head, tuple(Atom(item) if isinstance(item, str) else item for item in items))
