"""The type of a value in the generated client, and the code that decodes and encodes it.

Each kind of type knows its Python annotation, the runtime decoder to call, and the
expression that turns a value back into JSON data. Model and enum references carry
their schema key; the class name is looked up per direction (read or write) because a
schema with readOnly fields has two classes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.model.text import py_literal, py_str

# Which JSON types a value of each Python type can arrive as (for oneOf dispatch).
_STRING = frozenset({"string"})
_NUMBER = frozenset({"integer", "number", "string"})

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

    def decoder(self, names: Names) -> str:
        """An expression for a callable `(value, path, key, issues) -> value`."""
        raise NotImplementedError

    def decode_call(self, names: Names, value: str, key: str) -> str:
        return f"{self.decoder(names)}({value}, here, {key}, issues)"

    def encode(self, names: Names, value: str) -> str:
        """An expression turning `value` (a simple name or attribute) into JSON data."""
        return value

    def json_kinds(self) -> frozenset[str]:
        return frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})

    def literals(self) -> tuple[object, ...]:
        return ()

    def refs(self) -> tuple[ClassRef, ...]:
        return ()



    def with_direction(self, direction: str) -> Type:
        return self


@dataclass(frozen=True, slots=True)
class Primitive(Type):
    python: str
    runtime_decoder: str
    kinds: frozenset[str]
    encoder: str = "{}"

    def annotation(self, names: Names) -> str:
        return self.python

    def decoder(self, names: Names) -> str:
        return self.runtime_decoder

    def encode(self, names: Names, value: str) -> str:
        return self.encoder.format(value)

    def json_kinds(self) -> frozenset[str]:
        return self.kinds




STR = Primitive("str", "rt.decode_str", _STRING)
INT = Primitive("int", "rt.decode_int", frozenset({"integer"}))
BOOL = Primitive("bool", "rt.decode_bool", frozenset({"boolean"}))
DECIMAL = Primitive("Decimal", "rt.decode_decimal", _NUMBER)
FLOAT = Primitive("float", "rt.decode_float", _NUMBER)
DATE = Primitive("datetime.date", "rt.decode_date", _STRING, "{}.isoformat()")
DATETIME = Primitive("datetime.datetime", "rt.decode_datetime", _STRING,
                     "{}.isoformat()")
UUID = Primitive("UUID", "rt.decode_uuid", _STRING, "str({})")
ANY = Primitive("Any", "rt.decode_any",
                frozenset({"null", "boolean", "integer", "number", "string", "array", "object"}))
FILE = Primitive("bytes | rt.File", "rt.decode_any", _STRING)


@dataclass(frozen=True, slots=True)
class Literal(Type):
    values: tuple[object, ...]

    def annotation(self, names: Names) -> str:
        return "Literal[" + ", ".join(py_literal(v) for v in self.values) + "]"

    def decoder(self, names: Names) -> str:
        return f"partial(rt.decode_literal, {self._tuple()})"

    def decode_call(self, names: Names, value: str, key: str) -> str:
        return f"rt.decode_literal({self._tuple()}, {value}, here, {key}, issues)"

    def _tuple(self) -> str:
        items = ", ".join(py_literal(v) for v in self.values)
        return f"({items},)" if len(self.values) == 1 else f"({items})"

    def json_kinds(self) -> frozenset[str]:
        return frozenset(_json_kind(v) for v in self.values)

    def literals(self) -> tuple[object, ...]:
        return self.values




def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


@dataclass(frozen=True, slots=True)
class EnumRef(Type):
    ref: ClassRef
    kinds: frozenset[str] = _STRING

    def annotation(self, names: Names) -> str:
        return names(self.ref)

    def decoder(self, names: Names) -> str:
        return f"{names(self.ref)}._decode"

    def encode(self, names: Names, value: str) -> str:
        return f"{value}.value"

    def json_kinds(self) -> frozenset[str]:
        return self.kinds

    def refs(self) -> tuple[ClassRef, ...]:
        return (self.ref,)


@dataclass(frozen=True, slots=True)
class ModelRef(Type):
    ref: ClassRef

    def annotation(self, names: Names) -> str:
        return names(self.ref)

    def decoder(self, names: Names) -> str:
        return f"{names(self.ref)}._decode"

    def encode(self, names: Names, value: str) -> str:
        return f"{value}.to_dict()"

    def json_kinds(self) -> frozenset[str]:
        return frozenset({"object"})

    def refs(self) -> tuple[ClassRef, ...]:
        return (self.ref,)

    def with_direction(self, direction: str) -> Type:
        return ModelRef(ClassRef(self.ref.key, direction))


@dataclass(frozen=True, slots=True)
class ListOf(Type):
    item: Type

    def annotation(self, names: Names) -> str:
        return f"list[{self.item.annotation(names)}]"

    def decoder(self, names: Names) -> str:
        return f"partial(rt.decode_list, {self.item.decoder(names)})"

    def decode_call(self, names: Names, value: str, key: str) -> str:
        return f"rt.decode_list({self.item.decoder(names)}, {value}, here, {key}, issues)"

    def encode(self, names: Names, value: str) -> str:
        inner = self.item.encode(names, "item")
        return f"list({value})" if inner == "item" else f"[{inner} for item in {value}]"

    def json_kinds(self) -> frozenset[str]:
        return frozenset({"array"})

    def refs(self) -> tuple[ClassRef, ...]:
        return self.item.refs()



    def with_direction(self, direction: str) -> Type:
        return ListOf(self.item.with_direction(direction))


@dataclass(frozen=True, slots=True)
class MapOf(Type):
    value: Type

    def annotation(self, names: Names) -> str:
        return f"dict[str, {self.value.annotation(names)}]"

    def decoder(self, names: Names) -> str:
        return f"partial(rt.decode_dict, {self.value.decoder(names)})"

    def decode_call(self, names: Names, value: str, key: str) -> str:
        return f"rt.decode_dict({self.value.decoder(names)}, {value}, here, {key}, issues)"

    def encode(self, names: Names, value: str) -> str:
        inner = self.value.encode(names, "item")
        return f"dict({value})" if inner == "item" else \
            f"{{name: {inner} for name, item in {value}.items()}}"

    def json_kinds(self) -> frozenset[str]:
        return frozenset({"object"})

    def refs(self) -> tuple[ClassRef, ...]:
        return self.value.refs()



    def with_direction(self, direction: str) -> Type:
        return MapOf(self.value.with_direction(direction))


@dataclass(frozen=True, slots=True)
class Nullable(Type):
    inner: Type

    def annotation(self, names: Names) -> str:
        return f"{self.inner.annotation(names)} | None"

    def decoder(self, names: Names) -> str:
        return f"partial(rt.decode_nullable, {self.inner.decoder(names)})"

    def decode_call(self, names: Names, value: str, key: str) -> str:
        return f"rt.decode_nullable({self.inner.decoder(names)}, {value}, here, {key}, issues)"

    def encode(self, names: Names, value: str) -> str:
        inner = self.inner.encode(names, value)
        return value if inner == value else f"None if {value} is None else {inner}"

    def json_kinds(self) -> frozenset[str]:
        return self.inner.json_kinds() | {"null"}

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

    def decoder(self, names: Names) -> str:
        return f"partial(rt.decode_union, {self._variants(names)}, {self._discriminator()})"

    def decode_call(self, names: Names, value: str, key: str) -> str:
        return (f"rt.decode_union({self._variants(names)}, {self._discriminator()}, "
                f"{value}, here, {key}, issues)")

    def _variants(self, names: Names) -> str:
        items = []
        for variant in self.variants:
            kinds = ", ".join(py_str(k) for k in sorted(variant.json_kinds()))
            literals = variant.literals()
            literal_part = ""
            if literals:
                inner = ", ".join(py_literal(v) for v in literals)
                literal_part = f", ({inner},)" if len(literals) == 1 else f", ({inner})"
            items.append(f"rt.Variant({py_str(variant.annotation(names))}, "
                         f"frozenset({{{kinds}}}), {variant.decoder(names)}{literal_part})")
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"

    def _discriminator(self) -> str:
        if self.discriminator is None:
            return "None"
        entries = ", ".join(f"{py_str(tag)}: {index}" for tag, index in self.mapping)
        return f"({py_str(self.discriminator)}, {{{entries}}})"

    def encode(self, names: Names, value: str) -> str:
        return f"rt.to_json_value({value})"

    def json_kinds(self) -> frozenset[str]:
        kinds: frozenset[str] = frozenset()
        for variant in self.variants:
            kinds |= variant.json_kinds()
        return kinds

    def refs(self) -> tuple[ClassRef, ...]:
        return tuple(ref for variant in self.variants for ref in variant.refs())



    def with_direction(self, direction: str) -> Type:
        return UnionOf(tuple(v.with_direction(direction) for v in self.variants),
                       self.discriminator, self.mapping)
