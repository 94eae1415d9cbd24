"""Each field's codec, read from its annotation: a model declares each field once.

A model's fields are its dataclass fields: the annotation says what a value may be
(`list[Line] | None | Unset`), the field's metadata what an annotation cannot (its JSON
name when the attribute's differs, `{"json": "my-tag"}`; the property that tells the
variants of a union apart, `{"discriminator": ("kind", {"cat": "Cat"})}` (several, one
per union, under "discriminators": each union takes those whose classes are its
own, wherever it sits in the annotation); that the
field's decimals travel as JSON strings, `{"decimal": "text"}`, for `type: string,
format: decimal`). The codecs are built from those when the model is first decoded or
encoded, and compiled as before.
"""

from __future__ import annotations

import datetime
import os
import types
import typing
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, BinaryIO, Literal, Union

from .decoding import (
    ANY,
    BOOL,
    DATE,
    DATETIME,
    DECIMAL,
    DECIMAL_TEXT,
    FILE,
    FLOAT,
    INT,
    STR,
    UUID,
    Codec,
    dict_of,
    list_of,
    literal,
    nullable,
    one_of,
)
from .enums import OpenIntEnum, OpenStrEnum, enum_of
from .values import Unset, Upload

Discriminator = tuple[str, Mapping[str | int, str]]
"""The property naming the variant, and each tag's class name."""
Tables = tuple[Discriminator, ...]

_SCALARS: dict[object, Codec] = {
    str: STR,
    int: INT,
    bool: BOOL,
    float: FLOAT,
    Decimal: DECIMAL,
    datetime.datetime: DATETIME,
    datetime.date: DATE,
    uuid.UUID: UUID,
    Any: ANY,
}
_NONE = type(None)


def tables_of(metadata: Mapping[str, Any]) -> Tables:
    """The tag tables of a field's unions, by its metadata."""
    one = metadata.get("discriminator")
    return (one,) if one is not None else tuple(metadata.get("discriminators", ()))


def codec_of(hint: Any, tables: Tables = (), decimal: Codec = DECIMAL) -> Codec:
    """The codec of an annotation (`Unset` left out: it is no value of the field);
    `decimal` is the codec of `Decimal` in it (DECIMAL_TEXT for string decimals)."""
    scalar = _SCALARS.get(hint)
    if scalar is not None:
        return decimal if scalar is DECIMAL else scalar
    if hint is _NONE or hint is None:  # `dict[str, None]` keeps None itself
        return literal(None)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Literal:
        return literal(*args)
    if origin is list:
        return list_of(codec_of(args[0], tables, decimal))
    if origin is dict:
        return dict_of(codec_of(args[1], tables, decimal))
    if origin is Union or origin is types.UnionType:
        return _union(list(args), tables, decimal)
    if isinstance(hint, type) and issubclass(hint, (OpenStrEnum, OpenIntEnum)):
        return enum_of(hint)
    if isinstance(hint, type) and hasattr(hint, "_decode"):
        return model_of(hint)
    raise TypeError(f"no codec for the annotation {hint!r}")


def model_of(cls: type[Any]) -> Codec:
    """The codec of a model class (its `_decode`, and `to_dict` to encode)."""
    return Codec(
        cls.__name__, None, frozenset({"object"}), cls._decode, _model_dict, model=cls
    )


def _model_dict(value: Any) -> Any:
    return value.to_dict()


def decimal_of(metadata: Mapping[str, Any]) -> Codec:
    """The codec of `Decimal` in a field, by its metadata."""
    return DECIMAL_TEXT if metadata.get("decimal") == "text" else DECIMAL


def _union(members: list[Any], tables: Tables, decimal: Codec) -> Codec:
    members = [member for member in members if member is not Unset]
    if _NONE in members and len(members) > 1:
        rest = [member for member in members if member is not _NONE]
        return nullable(_union(rest, tables, decimal))
    if bytes in members and Upload in members:  # a file (`FileInput`): one codec
        members = [
            FILE if member is bytes else member
            for member in members
            if member is not Upload
            and member is not BinaryIO
            and typing.get_origin(member) is not os.PathLike
        ]
    if len(members) == 1:
        member = members[0]
        # `list[A | B] | Unset`: the tables are the items' union's.
        return (
            member if isinstance(member, Codec) else codec_of(member, tables, decimal)
        )
    variants = [
        member if isinstance(member, Codec) else codec_of(member, tables, decimal)
        for member in members
    ]
    return one_of(*variants, discriminator=_indexed(tables, members))


def _indexed(
    tables: Tables, members: list[Any]
) -> tuple[str, dict[str | int, int]] | None:
    """The tag table of this union, as tag -> variant index: the tables whose classes
    are all this union's, on the first one's property (a union written inside another
    is one flat union in an annotation: the inner one's tags pick among them too);
    None when no table is this union's."""
    names = [getattr(member, "__name__", None) for member in members]
    found: tuple[str, dict[str | int, int]] | None = None
    for prop, tags in tables:
        if not all(name in names for name in tags.values()):
            continue
        if found is None:
            found = prop, {}
        if prop == found[0]:
            for tag, name in tags.items():
                found[1].setdefault(tag, names.index(name))
    return found
