"""The type of a value in the generated client: its annotation and its runtime codec.

Each kind of type knows its Python annotation and the expression that builds its codec
(`rt.STR`, `rt.list_of(rt.model_of(Line))`, ...): the runtime decodes and encodes from
that. Model and enum references carry their schema key; the class name is looked up per
direction (read or write) because a schema with readOnly fields has two classes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.model.text import py_literal, py_str

Names = Callable[["ClassRef"], str]

@dataclass(frozen=True, slots=True)
class ClassRef:
    """A model or enum class, by schema key; `direction` picks the variant of a model."""

    key: str
    direction: str


class Type:
    """Base of every type node."""

    def annotation(self, names: Names) -> str:
        raise NotImplementedError

    def codec(self, names: Names) -> str:
        """An expression building the runtime codec of this type."""
        raise NotImplementedError

    def refs(self) -> tuple[ClassRef, ...]:
        return ()

    def with_direction(self, direction: str) -> Type:
        return self


@dataclass(frozen=True, slots=True)
class Primitive(Type):
    python: str
    runtime_codec: str

    def annotation(self, names: Names) -> str:
        return self.python

    def codec(self, names: Names) -> str:
        return self.runtime_codec


STR = Primitive("str", "rt.STR")
INT = Primitive("int", "rt.INT")
BOOL = Primitive("bool", "rt.BOOL")
DECIMAL = Primitive("Decimal", "rt.DECIMAL")
FLOAT = Primitive("float", "rt.FLOAT")
DATE = Primitive("datetime.date", "rt.DATE")
DATETIME = Primitive("datetime.datetime", "rt.DATETIME")
UUID = Primitive("UUID", "rt.UUID")
ANY = Primitive("Any", "rt.ANY")
FILE = Primitive("bytes | rt.File", "rt.FILE")


@dataclass(frozen=True, slots=True)
class Literal(Type):
    values: tuple[object, ...]

    def annotation(self, names: Names) -> str:
        if self.values == (None,):
            return "None"
        return "Literal[" + ", ".join(py_literal(v) for v in self.values) + "]"

    def codec(self, names: Names) -> str:
        return "rt.literal(" + ", ".join(py_literal(v) for v in self.values) + ")"


@dataclass(frozen=True, slots=True)
class Choice(Type):
    """A value of `base` limited to `values` that Python cannot spell as a Literal (JSON
    numbers with a fraction): typed and decoded as `base`, the values documented."""

    base: Type
    values: tuple[object, ...]

    def annotation(self, names: Names) -> str:
        return self.base.annotation(names)

    def codec(self, names: Names) -> str:
        return self.base.codec(names)


def allowed_values(found: Type) -> tuple[object, ...]:
    """The values a type is limited to that its annotation cannot show."""
    if isinstance(found, Nullable):
        found = found.inner
    return found.values if isinstance(found, Choice) else ()


@dataclass(frozen=True, slots=True)
class EnumRef(Type):
    ref: ClassRef

    def annotation(self, names: Names) -> str:
        return names(self.ref)

    def codec(self, names: Names) -> str:
        return f"rt.enum_of({names(self.ref)})"

    def refs(self) -> tuple[ClassRef, ...]:
        return (self.ref,)


@dataclass(frozen=True, slots=True)
class ModelRef(Type):
    ref: ClassRef

    def annotation(self, names: Names) -> str:
        return names(self.ref)

    def codec(self, names: Names) -> str:
        return f"rt.model_of({names(self.ref)})"

    def refs(self) -> tuple[ClassRef, ...]:
        return (self.ref,)

    def with_direction(self, direction: str) -> Type:
        return ModelRef(ClassRef(self.ref.key, direction))


@dataclass(frozen=True, slots=True)
class ListOf(Type):
    item: Type

    def annotation(self, names: Names) -> str:
        return f"list[{self.item.annotation(names)}]"

    def codec(self, names: Names) -> str:
        return f"rt.list_of({self.item.codec(names)})"

    def refs(self) -> tuple[ClassRef, ...]:
        return self.item.refs()

    def with_direction(self, direction: str) -> Type:
        return ListOf(self.item.with_direction(direction))


@dataclass(frozen=True, slots=True)
class MapOf(Type):
    value: Type

    def annotation(self, names: Names) -> str:
        return f"dict[str, {self.value.annotation(names)}]"

    def codec(self, names: Names) -> str:
        return f"rt.dict_of({self.value.codec(names)})"

    def refs(self) -> tuple[ClassRef, ...]:
        return self.value.refs()

    def with_direction(self, direction: str) -> Type:
        return MapOf(self.value.with_direction(direction))


@dataclass(frozen=True, slots=True)
class Nullable(Type):
    inner: Type

    def annotation(self, names: Names) -> str:
        return f"{self.inner.annotation(names)} | None"

    def codec(self, names: Names) -> str:
        return f"rt.nullable({self.inner.codec(names)})"

    def refs(self) -> tuple[ClassRef, ...]:
        return self.inner.refs()

    def with_direction(self, direction: str) -> Type:
        return Nullable(self.inner.with_direction(direction))


@dataclass(frozen=True, slots=True)
class UnionOf(Type):
    """oneOf / anyOf: dispatched on JSON type and literal values, then on a discriminator."""

    variants: tuple[Type, ...]
    discriminator: str | None = None
    mapping: tuple[tuple[str, int], ...] = field(default=())

    def annotation(self, names: Names) -> str:
        parts: list[str] = []
        for variant in self.variants:
            text = variant.annotation(names)
            if text not in parts:
                parts.append(text)
        return " | ".join(parts)

    def codec(self, names: Names) -> str:
        variants = ", ".join(variant.codec(names) for variant in self.variants)
        if self.discriminator is None:
            return f"rt.one_of({variants})"
        entries = ", ".join(f"{py_str(tag)}: {index}" for tag, index in self.mapping)
        return (f"rt.one_of({variants}, discriminator=({py_str(self.discriminator)}, "
                f"{{{entries}}}))")

    def refs(self) -> tuple[ClassRef, ...]:
        return tuple(ref for variant in self.variants for ref in variant.refs())

    def with_direction(self, direction: str) -> Type:
        return UnionOf(tuple(v.with_direction(direction) for v in self.variants),
                       self.discriminator, self.mapping)
