"""Types as the API surface saves them: plain JSON data, compared by structure.

A shape is what a value may be, taken from the IR's type tree (never read back from an
annotation's text): `"int"`, `"None"`, `"Unset"`, `{"class": "Owner"}`,
`{"literal": [1, "a"]}`, `{"list": ...}`, `{"dict": ...}`, `{"union": [...]}`. Its members
are what the comparison's one rule works on: a union admits each of its variants, a
literal each of its values, anything else is one member, spelled as the client spells it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.model import types as t
from generator.model.text import py_literal
from generator.render.spelling import scalar_annotation

Shape = Any
"""JSON data: a string, or an object of one key."""



def shape_of(found: t.Type | None, *, optional: bool = False, response: bool = False) -> Shape:
    """The shape of an IR type; None is no body; `optional`: may be left out (UNSET);
    `response`: a body that is not JSON comes back as bytes."""
    shape = "None" if found is None else _shape(found, response)
    return {"union": [shape, "Unset"]} if optional else shape


def _shape(found: t.Type, response: bool) -> Shape:
    match found:
        case t.Primitive(t.Scalar.FILE):
            # `rt.FileInput`, member by member: a client that takes more breaks no caller.
            return "bytes" if response else {"union": ["bytes", "rt.Upload",
                                                       "os.PathLike[str]", "BinaryIO"]}
        case t.Primitive(kind):
            return scalar_annotation(kind)
        case t.Named(name):
            return {"class": name}
        case t.Literal(values):
            return "None" if values == (None,) else {"literal": list(values)}
        case t.Choice(base):
            return _shape(base, response)
        case t.ListOf(item):
            return {"list": _shape(item, response)}
        case t.MapOf(value):
            return {"dict": _shape(value, response)}
        case t.Nullable(inner):
            return {"union": [_shape(inner, response), "None"]}
        case t.UnionOf(variants):
            return {"union": [_shape(variant, response) for variant in variants]}
        case t.Stream(item, framing):
            # One member: a stream whose items change is another stream.
            return f"rt.Stream[{framing.value}: {spelled(_shape(item, response), {})}]"
    raise TypeError(f"no shape for {found!r}")


def union(shapes: list[Shape]) -> Shape:
    return shapes[0] if len(shapes) == 1 else {"union": shapes}


def members(shape: Shape, renames: Mapping[str, str]) -> frozenset[str]:
    """What the shape admits, one member per union variant and literal value; classes
    renamed (`renames`: old name -> new name)."""
    if isinstance(shape, dict) and "union" in shape:
        return frozenset().union(*(members(variant, renames) for variant in shape["union"]))
    if isinstance(shape, dict) and "literal" in shape:
        return frozenset(f"Literal[{py_literal(value)}]" for value in shape["literal"])
    return frozenset({spelled(shape, renames)})


def spelled(shape: Shape, renames: Mapping[str, str]) -> str:
    """The annotation the client shows for the shape (classes renamed)."""
    if isinstance(shape, str):
        return shape
    if not isinstance(shape, dict) or len(shape) != 1:
        raise ValueError(f"not a type shape: {shape!r}")
    [(kind, inner)] = shape.items()
    if kind == "class":
        return str(renames.get(inner, inner))
    if kind == "literal":
        return "Literal[" + ", ".join(py_literal(value) for value in inner) + "]"
    if kind == "list":
        return f"list[{spelled(inner, renames)}]"
    if kind == "dict":
        return f"dict[str, {spelled(inner, renames)}]"
    if kind == "union":
        parts: list[str] = []
        for variant in inner:
            text = spelled(variant, renames)
            if text not in parts:
                parts.append(text)
        return " | ".join(parts)
    raise ValueError(f"not a type shape: {shape!r}")
