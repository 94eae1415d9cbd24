"""Types spelled as Python: the annotation, the runtime codec, and what each one imports.

One walk over a type tree (`model/types.py`) gives its annotation (`list[Line] | None`) or
the expression that builds its codec (`rt.nullable(rt.list_of(rt.model_of(Line)))`), and
records, as it goes, every name the spelling uses: standard-library and typing names, the
runtime, and the generated classes of other modules (betterproto's way: an import is
recorded where a type is spelled, never found again by reading the code).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import ir
from generator.model import types as t
from generator.model.text import py_literal, py_str
from generator.render.code import Atom, Call, Display, Expr, Prefixed, Subscript, call, union

# The annotation of each scalar (the members of a union), its codec, and the name the
# annotation needs imported.
_SCALARS: dict[t.Scalar, tuple[tuple[str, ...], str, str | None]] = {
    t.Scalar.STR: (("str",), "rt.STR", None),
    t.Scalar.INT: (("int",), "rt.INT", None),
    t.Scalar.BOOL: (("bool",), "rt.BOOL", None),
    t.Scalar.DECIMAL: (("Decimal",), "rt.DECIMAL", "Decimal"),
    t.Scalar.DECIMAL_TEXT: (("Decimal",), "rt.DECIMAL_TEXT", "Decimal"),
    t.Scalar.FLOAT: (("float",), "rt.FLOAT", None),
    t.Scalar.DATE: (("datetime.date",), "rt.DATE", "datetime"),
    t.Scalar.DATETIME: (("datetime.datetime",), "rt.DATETIME", "datetime"),
    t.Scalar.UUID: (("UUID",), "rt.UUID", "UUID"),
    t.Scalar.ANY: (("Any",), "rt.ANY", "Any"),
    t.Scalar.FILE: (("rt.FileInput",), "rt.FILE", "rt"),
}


# The runtime's function that gives the codec of each kind of generated name (an alias's
# codec is read from the type it names).
_CLASS_CODECS = {t.ClassKind.MODEL: "rt.model_of", t.ClassKind.ENUM: "rt.enum_of",
                 t.ClassKind.ALIAS: "rt.codec_of"}


def scalar_annotation(kind: t.Scalar) -> str:
    """How the client spells a scalar type (`Decimal`, `datetime.date`...)."""
    return " | ".join(_SCALARS[kind][0])


def _scalar(kind: t.Scalar) -> Expr:
    return union([Atom(part) for part in _SCALARS[kind][0]])


# The runtime's names for the usual choices of request encodings, whichever comes first
# (the default: multipart for a body holding a file).
_ENCODING_ALIASES = {
    frozenset({"application/json", "application/x-www-form-urlencoded"}): "rt.JsonOrForm",
    frozenset({"application/json", "multipart/form-data"}): "rt.JsonOrMultipart",
    frozenset({"application/json", "application/x-www-form-urlencoded",
               "multipart/form-data"}): "rt.JsonFormOrMultipart",
}


# The runtime's reader of each framing of a stream (`streams.py`).
_STREAM_READERS = {t.Framing.SSE: "rt.events", t.Framing.JSON_LINES: "rt.json_lines",
                   t.Framing.JSON_SEQ: "rt.json_seq"}


@dataclass(slots=True)
class Spelling:
    """Spells the types of one generated module and records what its code needs.

    `module`: the module of `models/` the code is in (its own classes need no import);
    None for a module of `api/`, which imports no model at load time.
    """

    module: str | None
    names: set[str] = field(default_factory=set)
    """Standard-library, typing and runtime names used (`Decimal`, `Literal`, `rt`...)."""
    classes: dict[str, str] = field(default_factory=dict)
    """Generated classes of other modules named in annotations: class -> module."""

    def annotation(self, found: t.Type, *, optional: bool = False) -> Expr:
        """The annotation; `optional`: the value may be left out (`| Unset`)."""
        spelled = self._annotation(found)
        if optional:
            self.names.add("Unset")
            return union([spelled, Atom("Unset")])
        return spelled

    def codec(self, found: t.Type) -> Expr:
        """The expression building the codec (in a module of `api/`: its classes are
        read from the lazy `models` package, so a model loads when first decoded)."""
        self.names.add("rt")
        return self._codec(found)

    def response_annotation(self, found: t.Type | None, is_async: bool = False) -> Expr:
        """What a response gives back: its type, `bytes` for a body that is not JSON,
        a stream of its items (`rt.Stream[...]`, `rt.AsyncStream[...]` on an async
        client), None for no body."""
        if found is None:
            return Atom("None")
        if isinstance(found, t.Stream):
            self.names.add("rt")
            item = self.annotation(found.item)
            if found.framing is t.Framing.SSE:
                item = Subscript("rt.Event", (item,))
            return Subscript("rt.AsyncStream" if is_async else "rt.Stream", (item,))
        return Atom("bytes") if found == t.FILE else self.annotation(found)

    def response_codec(self, found: t.Type | None) -> Expr:
        if found is None:
            return Atom("None")
        self.names.add("rt")
        if isinstance(found, t.Stream):
            reader = _STREAM_READERS[found.framing]
            item = self._codec(found.item)
            text = found.framing is t.Framing.SSE and found.item == t.STR
            return call(reader) if text else call(reader, item)
        return Atom("rt.RAW_BYTES") if found == t.FILE else self._codec(found)

    def returns(self, op: ir.OperationIR, is_async: bool = False) -> Expr:
        """The return annotation of an operation: its success types, each spelled once."""
        return union([self.response_annotation(found, is_async) for found in op.returns])

    def encodings(self, encodings: tuple[str, ...]) -> Expr:
        """The type of `content_type=`: the runtime's alias for the usual choices."""
        alias = _ENCODING_ALIASES.get(frozenset(encodings))
        if alias is not None:
            self.names.add("rt")
            return Atom(alias)
        self.names.add("Literal")
        return Subscript("Literal", tuple(Atom(py_str(e)) for e in encodings))

    def class_name(self, named: t.Named) -> str:
        if named.module != self.module:
            self.classes[named.name] = named.module
        return named.name

    def _annotation(self, found: t.Type) -> Expr:
        match found:
            case t.Primitive(kind):
                needs = _SCALARS[kind][2]
                if needs is not None:
                    self.names.add(needs)
                return _scalar(kind)
            case t.Named():
                return Atom(self.class_name(found))
            case t.Literal(values):
                if values == (None,):
                    return Atom("None")
                self.names.add("Literal")
                return Subscript("Literal", tuple(Atom(py_literal(v)) for v in values))
            case t.Choice(base):
                return self._annotation(base)
            case t.ListOf(item):
                return Subscript("list", (self._annotation(item),))
            case t.MapOf(value):
                return Subscript("dict", (Atom("str"), self._annotation(value)))
            case t.Nullable(inner):
                return union([self._annotation(inner), Atom("None")])
            case t.UnionOf(variants):
                return union([self._annotation(variant) for variant in variants])
        raise TypeError(f"no annotation for {found!r}")  # a node kind added without one

    def _codec(self, found: t.Type) -> Expr:
        match found:
            case t.Primitive(kind):
                return Atom(_SCALARS[kind][1])
            case t.Named(name, _, kind):
                self.names.add("models")
                return call(_CLASS_CODECS[kind], f"models.{name}")
            case t.Literal(values):
                return call("rt.literal", *(py_literal(v) for v in values))
            case t.Choice(base):
                return self._codec(base)
            case t.ListOf(item):
                return call("rt.list_of", self._codec(item))
            case t.MapOf(value):
                return call("rt.dict_of", self._codec(value))
            case t.Nullable(inner):
                return call("rt.nullable", self._codec(inner))
            case t.UnionOf(variants, discriminator, mapping):
                spelled = [self._codec(variant) for variant in variants]
                if discriminator is None:
                    return call("rt.one_of", *spelled)
                tags = Display("{", tuple(Prefixed(f"{py_literal(tag)}: ", Atom(str(index)))
                                          for tag, index in mapping))
                return Call("rt.one_of", (*spelled, Prefixed(
                    "discriminator=", Display("(", (Atom(py_str(discriminator)), tags)))))
        raise TypeError(f"no codec for {found!r}")
