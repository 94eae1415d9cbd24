"""JSON data to Python values: the codec of every type, and the JSON path of a problem.

A model's own decoder is compiled from its fields' codecs (`compiler.py`).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import re
import sys
import uuid
import warnings
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from types import FrameType
from typing import Any, Final, TypeVar

from .errors import EncodingError
from .json_text import NAIVE_DATETIME, datetime_text, plain_json, to_json_value
from .values import INVALID, MISSING, UNSET, Issue

Key = str | int | None
Issues = list[Issue]
Decoder = Callable[[object, "Path", Key, Issues], Any]
Path = str | tuple["Path", Key]
"""Where a value sits: "$" for the payload, or (parent path, key); text only on error."""

DECODER_SUFFIX: Final = " decoder>"
"""How the file name of a compiled model decoder ends (`<Name decoder>`): tracebacks
name the model, and warnings look past these frames for the caller's own."""


_RUNTIME_FOLDER: Final = os.path.dirname(__file__)
_PACKAGE_FOLDER: Final = os.path.dirname(_RUNTIME_FOLDER) + os.sep


def outside_level(package: bool = False) -> int:
    """The `stacklevel` of the first caller outside the runtime package (`package`: the
    whole generated package) and the compiled decoders: a warning points at the code
    that called `from_dict` or the API. Call it from the function that warns."""
    level = 1
    frame: FrameType | None = sys._getframe(2)  # `warnings.warn`'s caller's caller
    while frame is not None:
        level += 1
        name = frame.f_code.co_filename
        inside = (
            name.startswith(_PACKAGE_FOLDER)
            if package
            else os.path.dirname(name) == _RUNTIME_FOLDER
        )
        if not inside and not name.endswith(DECODER_SUFFIX):
            break
        frame = frame.f_back
    return level


_HELD: ContextVar[list[tuple[str, type[Warning]]] | None] = ContextVar(
    "_HELD", default=None
)
"""The warnings of the union branch being tried (`one_of`); None outside a trial."""


def warn(message: str, category: type[Warning]) -> None:
    """A warning about a decoded value, at the caller of `from_dict` or the API; held
    while a union tries a branch, and emitted only if that branch is the one chosen."""
    held = _HELD.get()
    if held is not None:
        held.append((message, category))
    else:
        warnings.warn(message, category, stacklevel=outside_level())


def join(path: Path, key: Key) -> str:
    """The JSON path text of `key` inside `path`."""
    parts: list[Key] = [key]
    while isinstance(path, tuple):
        path, parent_key = path
        parts.append(parent_key)
    text = path
    for part in reversed(parts):
        if part is None:
            continue
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if part.isidentifier() else f"[{json.dumps(part)}]"
    return text


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def mismatch(value: object, expected: str, path: Path, key: Key, issues: Issues) -> Any:
    """Slow path shared by every decoder: absent, null or a value of the wrong type.

    Returns INVALID, which marks the value as lost in the partial result (`drift.py`).
    """
    if value is UNSET:
        return UNSET
    if value is MISSING:
        issues.append(Issue(join(path, key), "missing required property"))
    elif value is None:
        issues.append(Issue(join(path, key), f"expected {expected}, got null"))
    else:
        issues.append(
            Issue(join(path, key), f"expected {expected}, got {_describe(value)}")
        )
    return INVALID


def decode_str(value: object, path: Path, key: Key, issues: Issues) -> Any:
    if type(value) is str:
        return value
    return mismatch(value, "a string", path, key, issues)


_INTEGER_TEXT: Final = re.compile(r"-?(0|[1-9][0-9]*)\Z")
_NUMBER_TEXT: Final = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")
# A decimal string as DRF's DecimalField reads it (`decimal.Decimal`, finite): leading
# zeros, a sign, a bare leading or trailing dot ("007", "+1", ".5", "1.") are numbers;
# "", "." and "-." are not (DRF refuses them too). Underscores and spaces stay refused.
_DECIMAL_TEXT: Final = re.compile(
    r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\Z"
)


def decode_int(value: object, path: Path, key: Key, issues: Issues) -> Any:
    if type(value) is int:
        return value
    # Lossless coercions only: 5.0 and "5" are 5; 5.5 is an error.
    if (
        type(value) is Decimal
        and value.is_finite()
        and value == value.to_integral_value()
    ):
        return int(value)
    if type(value) is str and _INTEGER_TEXT.match(value):
        return int(value)
    return mismatch(value, "an integer", path, key, issues)


DECIMALS: dict[str, Decimal] = {}
"""Numeric strings already parsed: money amounts repeat ("0.00"), and Decimal is immutable."""
_DECIMALS_KEPT: Final = 4096


def decimal_of_text(value: str) -> Decimal | None:
    """The Decimal a string not in `DECIMALS` spells, None when it is no decimal.

    On its own so that compiled decoders call it straight after a cache miss (every
    amount that differs: a line's total), without `decode_decimal`'s other cases."""
    # DRF sends decimals as strings ("750.00"); accept what its DecimalField accepts.
    if not _DECIMAL_TEXT.match(value):
        return None
    if len(DECIMALS) >= _DECIMALS_KEPT:
        DECIMALS.clear()
    parsed = DECIMALS[value] = Decimal(value)
    return parsed


def decode_decimal(value: object, path: Path, key: Key, issues: Issues) -> Any:
    if type(value) is str:
        parsed = DECIMALS.get(value)
        if parsed is None:
            parsed = decimal_of_text(value)
        if parsed is not None:
            return parsed
    if type(value) is Decimal:
        return value
    if type(value) is int:
        return Decimal(value)
    if type(value) is float:
        return Decimal(repr(value))
    return mismatch(value, "a number", path, key, issues)


def decode_float(value: object, path: Path, key: Key, issues: Issues) -> Any:
    if type(value) is float:
        return value
    if type(value) is int or type(value) is Decimal:
        return float(value)
    if type(value) is str and _NUMBER_TEXT.match(value):
        return float(value)
    return mismatch(value, "a number", path, key, issues)


def decode_bool(value: object, path: Path, key: Key, issues: Issues) -> Any:
    if type(value) is bool:
        return value
    return mismatch(value, "a boolean", path, key, issues)


def decode_any(value: object, path: Path, key: Key, issues: Issues) -> Any:
    """Untyped JSON (`{}`, a JSONField): plain JSON data, numbers int or float."""
    kind = type(value)
    if kind is dict or kind is list or kind is Decimal:
        return plain_json(value)
    if value is MISSING:
        return mismatch(value, "a value", path, key, issues)
    return value


def _decode_as_is(value: object, path: Path, key: Key, issues: Issues) -> Any:
    if value is MISSING:
        return mismatch(value, "a value", path, key, issues)
    return value


def _text_decoder(parse: Callable[[str], object], expected: str) -> Decoder:
    def decode(value: object, path: Path, key: Key, issues: Issues) -> Any:
        if type(value) is str:
            try:
                return parse(value)
            except ValueError:
                pass
        return mismatch(value, expected, path, key, issues)

    return decode


def _isoformat(value: Any) -> Any:
    return value.isoformat()


SERVER_ZONE: ContextVar[datetime.tzinfo | None] = ContextVar(
    "SERVER_ZONE", default=None
)
"""While a response is decoded: the zone the client's `server_timezone` names (None:
none), that a date-time without an offset is read in (`decode_payload`)."""


def decode_payload(
    codec: Codec, data: object, issues: Issues, zone: datetime.tzinfo | None
) -> Any:
    """A whole payload decoded, each date-time without an offset read in `zone` (when
    not None: the server's `server_timezone`)."""
    if zone is None:
        return codec.decode(data, "$", None, issues)
    reading = SERVER_ZONE.set(zone)
    try:
        return codec.decode(data, "$", None, issues)
    finally:
        SERVER_ZONE.reset(reading)


def decode_datetime(value: object, path: Path, key: Key, issues: Issues) -> Any:
    if type(value) is str:
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.utcoffset() is None:
                zone = SERVER_ZONE.get()
                if zone is not None and len(value) > 10:
                    # The server's wall-clock time (Django with USE_TZ = False); an
                    # hour that occurs twice is read as the first (fold=0).
                    return parsed.replace(tzinfo=zone)
                # Kept (a lenient caller gets it), but reported: a time without a zone
                # is a different instant on every machine that reads it.
                what = "a date" if len(value) <= 10 else "a date-time"
                issues.append(
                    Issue(join(path, key), f"no UTC offset: {what} {_describe(value)}")
                )
            return parsed
    return mismatch(value, "an ISO date-time", path, key, issues)


def _datetime_text(value: Any) -> Any:
    if not isinstance(value, datetime.datetime):
        raise EncodingError(NAIVE_DATETIME)
    return datetime_text(value)


def _decimal_text(value: Any) -> Any:
    """A decimal as the JSON string of its digits ("750.00"), never an exponent."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise EncodingError(f"{value} is not a number a server can store")
        return format(value, "f")
    if type(value) is int:
        return str(value)
    if type(value) is str and _DECIMAL_TEXT.match(value):
        return _decimal_text(Decimal(value))
    if type(value) is float:
        return _decimal_text(Decimal(repr(value)))
    raise EncodingError(f"expected a Decimal, got {_describe(value)}")


_ALL_KINDS: Final = frozenset(
    {"null", "boolean", "integer", "number", "string", "array", "object"}
)


def json_kind(value: object) -> str:
    """The JSON type of a decoded value (numbers from JSON are int or Decimal)."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is bool:
        return "boolean"
    if kind is int:
        return "integer"
    if kind is Decimal or kind is float:
        return "number"
    if kind is str:
        return "string"
    if kind is list:
        return "array"
    if kind is dict:
        return "object"
    return "unknown"


@dataclass(frozen=True, slots=True)
class Codec:
    """How one type travels between JSON data and Python values.

    `exact`: values of this type pass through unchanged (the fast path, no call);
    `decode(value, path, key, issues)`: everything else; `encode(value)`: back to JSON
    data (None when values are JSON data already); `kinds` and `literals` tell unions
    which branch a JSON value can belong to.
    """

    label: str
    exact: type | None
    kinds: frozenset[str]
    decode: Decoder
    encode: Callable[[Any], Any] | None = None
    nullable: bool = False
    literals: tuple[object, ...] = ()
    inner: Codec | None = None
    """For a nullable codec: the codec of the non-null values."""
    # What a model's compiled decoder may inline instead of calling `decode`:
    parse: Callable[[str], Any] | None = None
    """Text types: the parser of a string (ValueError when it does not fit)."""
    members: Mapping[object, Any] | None = dataclasses.field(
        default=None, compare=False
    )
    """Enums, and unions of string enums and literals: what each known value decodes to."""
    model: type[Any] | None = None
    """Models: the class (a `Model`), whose own compiled decoder is called directly."""
    item: Codec | None = None
    """Lists: the codec of the items."""
    values: Codec | None = None
    """Maps (`dict_of`): the codec of the values."""
    variants: tuple[Codec, ...] = dataclasses.field(default=(), compare=False)
    """Unions (`one_of`): the codec of each branch."""


STR: Final = Codec("str", str, frozenset({"string"}), decode_str)
INT: Final = Codec("int", int, frozenset({"integer"}), decode_int)
BOOL: Final = Codec("bool", bool, frozenset({"boolean"}), decode_bool)
_NUMERIC: Final = frozenset({"integer", "number", "string"})
DECIMAL: Final = Codec("Decimal", Decimal, _NUMERIC, decode_decimal)
"""`type: number`: a JSON number, read and written digit for digit."""
DECIMAL_TEXT: Final = Codec("Decimal", Decimal, _NUMERIC, decode_decimal, _decimal_text)
"""`type: string, format: decimal` (Django REST framework's money): read from a string
or a number, written as the JSON string of its digits."""
FLOAT: Final = Codec("float", float, _NUMERIC, decode_float)
DATE: Final = Codec(
    "date",
    None,
    frozenset({"string"}),
    _text_decoder(datetime.date.fromisoformat, "an ISO date"),
    _isoformat,
    parse=datetime.date.fromisoformat,
)
DATETIME: Final = Codec(
    "datetime",
    None,
    frozenset({"string"}),
    decode_datetime,
    _datetime_text,
    parse=datetime.datetime.fromisoformat,  # compiled decoders check the offset after
)
UUID: Final = Codec(
    "UUID",
    None,
    frozenset({"string"}),
    _text_decoder(uuid.UUID, "a UUID"),
    str,
    parse=uuid.UUID,
)
ANY: Final = Codec(
    "Any", None, _ALL_KINDS, decode_any, lambda value: to_json_value(value)
)
FILE: Final = Codec("bytes | Upload", None, frozenset({"string"}), _decode_as_is)
RAW_BYTES: Final = Codec("bytes", None, _ALL_KINDS, _decode_as_is)
"""A response body that is not JSON: returned as bytes."""


def nullable(inner: Codec) -> Codec:
    def decode(value: object, path: Path, key: Key, issues: Issues) -> Any:
        return None if value is None else inner.decode(value, path, key, issues)

    encode = inner.encode
    return Codec(
        f"{inner.label} | None",
        inner.exact,
        inner.kinds | {"null"},
        decode,
        (
            None
            if encode is None
            else lambda value: None if value is None else encode(value)
        ),
        True,
        inner.literals,
        inner,
    )


def list_of(item: Codec) -> Codec:
    item_decode, exact, encode = item.decode, item.exact, item.encode

    def decode(value: object, path: Path, key: Key, issues: Issues) -> Any:
        if type(value) is not list:
            return mismatch(value, "an array", path, key, issues)
        if item is ANY:  # untyped items: plain JSON data
            return plain_json(value)
        here = (path, key)
        return [
            (
                element
                if type(element) is exact
                else item_decode(element, here, index, issues)
            )
            for index, element in enumerate(value)
        ]

    def encode_list(value: Any) -> Any:
        assert encode is not None
        try:
            return [encode(element) for element in value]
        except EncodingError:
            for index, element in enumerate(value):  # which one, for the message
                try:
                    encode(element)
                except EncodingError as error:
                    raise error.within(index) from None
            raise

    return Codec(
        f"list[{item.label}]",
        None,
        frozenset({"array"}),
        decode,
        list if encode is None else encode_list,
        item=item,
    )


def dict_of(item: Codec) -> Codec:
    item_decode, exact, encode = item.decode, item.exact, item.encode

    def decode(value: object, path: Path, key: Key, issues: Issues) -> Any:
        if type(value) is not dict:
            return mismatch(value, "an object", path, key, issues)
        if item is ANY:
            return plain_json(value)
        here = (path, key)
        return {
            name: (
                element
                if type(element) is exact
                else item_decode(element, here, name, issues)
            )
            for name, element in value.items()
        }

    def encode_dict(value: Any) -> Any:
        assert encode is not None
        result = {}
        for name, element in value.items():
            try:
                result[name] = encode(element)
            except EncodingError as error:
                raise error.within(name) from None
        return result

    return Codec(
        f"dict[str, {item.label}]",
        None,
        frozenset({"object"}),
        decode,
        dict if encode is None else encode_dict,
        values=item,
    )


def literal(*allowed: object) -> Codec:
    expected = "one of " + ", ".join(json.dumps(item) for item in allowed)

    def decode(value: object, path: Path, key: Key, issues: Issues) -> Any:
        for candidate in allowed:
            # `type` too, so that True never passes for 1.
            if value == candidate and type(value) is type(candidate):
                return value
        return mismatch(value, expected, path, key, issues)

    kinds = frozenset(json_kind(item) for item in allowed)
    return Codec(f"Literal{list(allowed)!r}", None, kinds, decode, None, False, allowed)


def one_of(
    *variants: Codec, discriminator: tuple[str, Mapping[str | int, int]] | None = None
) -> Codec:
    """A oneOf/anyOf: the branch is picked by its tag (`discriminator`: the property,
    and the branch of each value, decided at generation), then by JSON type and literal
    values; trying branches one by one happens only between look-alike objects, and
    picks one that knows every key the object holds (see `_trial`).
    """
    label = " | ".join(variant.label for variant in variants)
    with_literals = [variant for variant in variants if variant.literals]
    by_kind: dict[str, list[Codec]] = {}
    for variant in variants:
        if not variant.literals:
            for kind in variant.kinds:
                by_kind.setdefault(kind, []).append(variant)

    # A tag no member declares names a kind of object the spec does not describe (yet):
    # no member is guessed for it, whatever keys it holds.
    unknown_tag = label
    if discriminator is not None:
        tags = ", ".join(repr(tag) for tag in discriminator[1])
        unknown_tag = f"{label} (its {discriminator[0]!r} one of {tags})"

    def decode(value: object, path: Path, key: Key, issues: Issues) -> Any:
        if discriminator is not None and type(value) is dict:
            tag = value.get(discriminator[0])
            # `type`: True is no tag 1.
            if type(tag) is str or type(tag) is int:
                index = discriminator[1].get(tag)
                if index is None:
                    return mismatch(value, unknown_tag, path, key, issues)
                return variants[index].decode(value, path, key, issues)
        kind = json_kind(value)
        candidates = [
            variant
            for variant in with_literals
            if kind in variant.kinds and value in variant.literals
        ] or by_kind.get(kind, [])
        if len(candidates) == 1:
            chosen = candidates[0]
            if type(value) is chosen.exact:
                return value
            return chosen.decode(value, path, key, issues)
        if kind == "string" or kind == "integer":
            # Between enums (open ones take any value), the one that knows the value.
            for variant in candidates:
                if variant.members is not None and value in variant.members:
                    return variant.decode(value, path, key, issues)
        return _trial(candidates, label, value, path, key, issues)

    kinds: frozenset[str] = frozenset()
    for variant in variants:
        kinds |= variant.kinds
    return Codec(
        label,
        None,
        kinds,
        decode,
        to_json_value,
        members=_choices(variants),
        variants=variants,
    )


def _trial(
    candidates: Sequence[Codec],
    label: str,
    value: object,
    path: Path,
    key: Key,
    issues: Issues,
) -> Any:
    """Branch by branch, among those that decode without an issue: one that knows every
    key of the object (none lands in `additional_properties`) and raises no warning
    (an unknown enum value marks a look-alike), else one that knows every key, else the
    only one that decodes. Several that each fit only by setting keys aside: which one
    was meant is unknown, and none is picked (an issue). Only the chosen branch's
    warnings are emitted."""
    fitting: list[tuple[Any, list[tuple[str, type[Warning]]]]] = []
    for variant in candidates:
        trial: Issues = []
        held: list[tuple[str, type[Warning]]] = []
        holding = _HELD.set(held)
        try:
            result = variant.decode(value, path, key, trial)
        finally:
            _HELD.reset(holding)
        if trial:
            continue
        if not held and not _set_aside(result):
            return result
        fitting.append((result, held))
    knowing = [each for each in fitting if not _set_aside(each[0])]
    if knowing or len(fitting) == 1:
        result, held = (knowing or fitting)[0]
        for message, category in held:
            warn(message, category)
        return result
    if fitting:
        return mismatch(
            value, f"exactly one of {label} (keys no branch knows)", path, key, issues
        )
    return mismatch(value, label, path, key, issues)


def _set_aside(result: object) -> bool:
    """Whether a decoded model kept keys its schema does not name."""
    return bool(getattr(result, "additional_properties", None))


def _choices(variants: Sequence[Codec]) -> dict[object, Any] | None:
    """For a union of string enums and string literals (drf's `Enum | Literal[""]`):
    every known value and what it decodes to, so that decoders can look it up inline.
    As in `one_of`: literals win over enum members, and the first enum that knows a
    value over later ones."""
    if not all(
        variant.kinds == {"string"} and (variant.members or variant.literals)
        for variant in variants
    ):
        return None
    table: dict[object, Any] = {}
    for variant in reversed(variants):
        table.update(variant.members or {})
    for variant in variants:
        table.update((value, value) for value in variant.literals)
    return table


_Entry = TypeVar("_Entry")


def by_status(table: Mapping[str, _Entry], status: int) -> tuple[bool, _Entry | None]:
    """The entry of a table keyed by status (`"200"`, then `"2XX"`, then `"default"`,
    as OpenAPI ranks them): whether there is one, and it (None: a status without a
    body)."""
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in table:
            return True, table[key]
    return False, None
