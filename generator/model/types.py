"""The type of a value in the generated client, as a small tree of plain data.

What a value is (a string, a list of lines, a model, one of several things), never how it
is spelled: `render/spelling.py` spells the annotation, the runtime codec and the imports
of each node. Model and enum references carry their schema key while the document is
modelled (a schema with readOnly fields has two classes, one per direction); the IR holds
them resolved (`Named`: the final class name and its module).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ClassRef:
    """A model or enum class, by schema key; `direction` picks the variant of a model."""

    key: str
    direction: str


class Type:
    """Base of every type node."""

    def refs(self) -> tuple[ClassRef, ...]:
        return ()

    def with_direction(self, direction: str) -> Type:
        return self


class Scalar(enum.Enum):
    STR = "str"
    INT = "int"
    BOOL = "bool"
    DECIMAL = "decimal"
    """A JSON number, read and sent digit for digit."""
    DECIMAL_TEXT = "decimal-text"
    """A decimal written as a JSON string (`type: string, format: decimal`: Django REST
    framework's money), read and sent as its digits."""
    FLOAT = "float"
    DATE = "date"
    DATETIME = "date-time"
    UUID = "uuid"
    ANY = "any"
    """Any JSON value."""
    FILE = "file"
    """Bytes or a file: a raw body, a binary field."""


@dataclass(frozen=True, slots=True)
class Primitive(Type):
    kind: Scalar


STR = Primitive(Scalar.STR)
INT = Primitive(Scalar.INT)
BOOL = Primitive(Scalar.BOOL)
DECIMAL = Primitive(Scalar.DECIMAL)
DECIMAL_TEXT = Primitive(Scalar.DECIMAL_TEXT)
FLOAT = Primitive(Scalar.FLOAT)
DATE = Primitive(Scalar.DATE)
DATETIME = Primitive(Scalar.DATETIME)
UUID = Primitive(Scalar.UUID)
ANY = Primitive(Scalar.ANY)
FILE = Primitive(Scalar.FILE)


@dataclass(frozen=True, slots=True)
class Literal(Type):
    values: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Choice(Type):
    """A value of `base` limited to `values` that Python cannot spell as a Literal (JSON
    numbers with a fraction): typed and decoded as `base`, the values documented."""

    base: Type
    values: tuple[object, ...]


def allowed_values(found: Type) -> tuple[object, ...]:
    """The values a type is limited to that its annotation cannot show."""
    if isinstance(found, Nullable):
        found = found.inner
    return found.values if isinstance(found, Choice) else ()


@dataclass(frozen=True, slots=True)
class EnumRef(Type):
    ref: ClassRef

    def refs(self) -> tuple[ClassRef, ...]:
        return (self.ref,)


@dataclass(frozen=True, slots=True)
class ModelRef(Type):
    ref: ClassRef

    def refs(self) -> tuple[ClassRef, ...]:
        return (self.ref,)

    def with_direction(self, direction: str) -> Type:
        return ModelRef(ClassRef(self.ref.key, direction))


@dataclass(frozen=True, slots=True)
class ListOf(Type):
    item: Type

    def refs(self) -> tuple[ClassRef, ...]:
        return self.item.refs()

    def with_direction(self, direction: str) -> Type:
        return ListOf(self.item.with_direction(direction))


@dataclass(frozen=True, slots=True)
class MapOf(Type):
    value: Type

    def refs(self) -> tuple[ClassRef, ...]:
        return self.value.refs()

    def with_direction(self, direction: str) -> Type:
        return MapOf(self.value.with_direction(direction))


@dataclass(frozen=True, slots=True)
class Nullable(Type):
    inner: Type

    def refs(self) -> tuple[ClassRef, ...]:
        return self.inner.refs()

    def with_direction(self, direction: str) -> Type:
        return Nullable(self.inner.with_direction(direction))


@dataclass(frozen=True, slots=True)
class UnionOf(Type):
    """oneOf / anyOf: dispatched on the tag property (`discriminator`) through
    `mapping` (tag value, variant index) where there is one (`union_tags.py`), then on
    JSON type and literal values, then member by member."""

    variants: tuple[Type, ...]
    discriminator: str | None = None
    """The property whose value picks the member: the spec's discriminator, or a
    property each object member allows one value of."""
    mapping: tuple[tuple[str | int, int], ...] = field(default=())

    def refs(self) -> tuple[ClassRef, ...]:
        return tuple(ref for variant in self.variants for ref in variant.refs())

    def with_direction(self, direction: str) -> Type:
        return UnionOf(tuple(v.with_direction(direction) for v in self.variants),
                       self.discriminator, self.mapping)


class Framing(enum.Enum):
    """How the items of a streamed success body are told apart."""

    SSE = "sse"
    """`text/event-stream`: server-sent events, each item an event's `data`."""
    JSON_LINES = "json-lines"
    """`application/x-ndjson`, `application/jsonl`: a JSON value per line."""
    JSON_SEQ = "json-seq"
    """`application/json-seq` (RFC 7464): JSON values after record separators."""


@dataclass(frozen=True, slots=True)
class Stream(Type):
    """A success body read as it arrives, item by item (never whole): `item` is the
    type of one item (of one event's data, for server-sent events)."""

    item: Type
    framing: Framing

    def refs(self) -> tuple[ClassRef, ...]:
        return self.item.refs()

    def with_direction(self, direction: str) -> Type:
        return Stream(self.item.with_direction(direction), self.framing)


class ClassKind(enum.Enum):
    MODEL = "model"
    ENUM = "enum"
    ALIAS = "alias"
    """A type alias that names a deep part of a type (`model/deep_types.py`)."""


@dataclass(frozen=True, slots=True)
class Named(Type):
    """A generated class, resolved: its final name and the module of `models/` that
    defines it. The IR's types hold these, never schema keys."""

    name: str
    module: str
    kind: ClassKind


Lookup = Callable[[ClassRef], tuple[str, str]]
"""The final (class name, module) of a reference."""


def resolved(found: Type, lookup: Lookup) -> Type:
    """`found` with every model and enum reference replaced by its class."""
    match found:
        case ModelRef(ref) | EnumRef(ref):
            name, module = lookup(ref)
            kind = ClassKind.MODEL if isinstance(found, ModelRef) else ClassKind.ENUM
            return Named(name, module, kind)
        case ListOf(item):
            return ListOf(resolved(item, lookup))
        case MapOf(value):
            return MapOf(resolved(value, lookup))
        case Nullable(inner):
            return Nullable(resolved(inner, lookup))
        case Choice(base, values):
            return Choice(resolved(base, lookup), values)
        case UnionOf(variants, discriminator, mapping):
            return UnionOf(tuple(resolved(v, lookup) for v in variants), discriminator, mapping)
        case Stream(item, framing):
            return Stream(resolved(item, lookup), framing)
    return found


def classes_in(found: Type) -> Iterator[Named]:
    """Every resolved class a type names, in order."""
    match found:
        case Named():
            yield found
        case ListOf(inner) | MapOf(inner) | Nullable(inner) | Choice(inner, _) | Stream(
                inner, _):
            yield from classes_in(inner)
        case UnionOf(variants):
            for variant in variants:
                yield from classes_in(variant)


def scalars_in(found: Type) -> Iterator[Primitive]:
    """Every scalar a type holds (not those of the classes it names), in order."""
    match found:
        case Primitive():
            yield found
        case ListOf(inner) | MapOf(inner) | Nullable(inner) | Choice(inner, _) | Stream(
                inner, _):
            yield from scalars_in(inner)
        case UnionOf(variants):
            for variant in variants:
                yield from scalars_in(variant)


def without_null(found: Type) -> Type:
    return found.inner if isinstance(found, Nullable) else found


def is_nullable(found: Type) -> bool:
    """Whether None is a value of the type (`Any` and `Literal[None]` included)."""
    return isinstance(found, Nullable) or found == ANY or (
        isinstance(found, Literal) and None in found.values)
