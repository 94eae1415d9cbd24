"""Shared runtime of the generated client: sentinels, decoding, encoding, transport.

Generated models and endpoints stay short because everything they have in common
lives here once. This file is copied verbatim into every generated package.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import enum
import functools
import importlib
import json
import keyword
import operator
import re
import secrets
import sys
import uuid
import warnings
from collections.abc import (
    AsyncIterator,
    Callable,
    Coroutine,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from decimal import Decimal
from types import FrameType
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Final,
    Generic,
    Literal,
    ParamSpec,
    Protocol,
    Self,
    TypeVar,
    overload,
)
from urllib.parse import quote

if TYPE_CHECKING:
    # At run time imported only when a client is made: it is slow to import.
    import httpx

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
P = ParamSpec("P")
Key = str | int | None
Issues = list["Issue"]
Decoder = Callable[[object, "Path", Key, Issues], Any]


# --- sentinels -----------------------------------------------------------------------


class Unset(enum.Enum):
    """Marks a field or argument the caller did not set: it is left out of the request."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = Unset.UNSET


class _Missing(enum.Enum):
    MISSING = "MISSING"


MISSING: Final = _Missing.MISSING
"""Default for a required property absent from a payload; decoding reports it."""


# --- errors --------------------------------------------------------------------------


class ClientError(Exception):
    """Base class of every error this client raises."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found while decoding: where (a JSON path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DecodeError(ClientError, ValueError):
    """A payload does not fit its schema; lists every offending JSON path."""

    def __init__(self, target: str, issues: Sequence[Issue]) -> None:
        self.target = target
        self.issues = tuple(issues)
        count = len(self.issues)
        listing = "; ".join(str(issue) for issue in self.issues)
        plural = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {plural} decoding {target}: {listing}")


class UnknownEnumValueWarning(UserWarning):
    """The server sent an enum value this client does not know; it was kept as is."""


@dataclass(frozen=True, slots=True)
class Response(Generic[T]):
    """A whole HTTP response: status, headers, raw body and the parsed body."""

    status_code: int
    headers: httpx.Headers
    content: bytes
    parsed: T


class ApiError(ClientError):
    """The server answered with an error status or one the API does not document."""

    def __init__(
        self,
        operation: str,
        status_code: int,
        headers: httpx.Headers,
        content: bytes,
        parsed: object = None,
    ) -> None:
        self.operation = operation
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.parsed = parsed
        super().__init__(f"{operation}: HTTP {status_code} {_excerpt(content)}")


class ResponseDecodeError(DecodeError):
    """A documented response did not fit its schema; the raw response is kept."""

    def __init__(
        self, operation: str, response: Response[None], issues: Sequence[Issue]
    ) -> None:
        self.response = response
        super().__init__(f"the {response.status_code} response of {operation}", issues)


class TransportError(ClientError):
    """The request did not get an HTTP answer (connection, timeout, protocol)."""


def _excerpt(content: bytes, limit: int = 200) -> str:
    text = content.decode("utf-8", "replace").strip()
    return text if len(text) <= limit else text[:limit] + "..."


# --- decoding ------------------------------------------------------------------------

Path = str | tuple["Path", Key]
"""Where a value sits: "$" for the payload, or (parent path, key); text only on error."""


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
    """Slow path shared by every decoder: absent, null or a value of the wrong type."""
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
    return None


def decode_str(value: object, path: Path, key: Key, issues: Issues) -> Any:
    if type(value) is str:
        return value
    return mismatch(value, "a string", path, key, issues)


_INTEGER_TEXT: Final = re.compile(r"-?(0|[1-9][0-9]*)\Z")
_NUMBER_TEXT: Final = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")


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


_DECIMALS: dict[str, Decimal] = {}
"""Numeric strings already parsed: money amounts repeat ("0.00"), and Decimal is immutable."""
_DECIMALS_KEPT: Final = 4096


def decode_decimal(value: object, path: Path, key: Key, issues: Issues) -> Any:
    if type(value) is Decimal:
        return value
    if type(value) is int:
        return Decimal(value)
    # DRF sends decimals as strings ("750.00"); accept exactly what a JSON number allows.
    if type(value) is str:
        known = _DECIMALS.get(value)
        if known is not None:
            return known
        if _NUMBER_TEXT.match(value):
            if len(_DECIMALS) >= _DECIMALS_KEPT:
                _DECIMALS.clear()
            parsed = _DECIMALS[value] = Decimal(value)
            return parsed
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


def _enum_value(value: Any) -> Any:
    return value.value


def _model_dict(value: Any) -> Any:
    return value.to_dict()


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
    model: type[Model] | None = None
    """Models: the class, whose own compiled decoder is called directly."""
    item: Codec | None = None
    """Lists: the codec of the items."""


STR: Final = Codec("str", str, frozenset({"string"}), decode_str)
INT: Final = Codec("int", int, frozenset({"integer"}), decode_int)
BOOL: Final = Codec("bool", bool, frozenset({"boolean"}), decode_bool)
_NUMERIC: Final = frozenset({"integer", "number", "string"})
DECIMAL: Final = Codec("Decimal", Decimal, _NUMERIC, decode_decimal)
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
    _text_decoder(datetime.datetime.fromisoformat, "an ISO date-time"),
    _isoformat,
    parse=datetime.datetime.fromisoformat,
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
FILE: Final = Codec("bytes | File", None, frozenset({"string"}), decode_any)
RAW_BYTES: Final = Codec("bytes", None, _ALL_KINDS, decode_any)
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
        if item is ANY:
            return value.copy()  # JSON data as it came
        here = (path, key)
        return [
            (
                element
                if type(element) is exact
                else item_decode(element, here, index, issues)
            )
            for index, element in enumerate(value)
        ]

    return Codec(
        f"list[{item.label}]",
        None,
        frozenset({"array"}),
        decode,
        (
            list
            if encode is None
            else lambda value: [encode(element) for element in value]
        ),
        item=item,
    )


def dict_of(item: Codec) -> Codec:
    item_decode, exact, encode = item.decode, item.exact, item.encode

    def decode(value: object, path: Path, key: Key, issues: Issues) -> Any:
        if type(value) is not dict:
            return mismatch(value, "an object", path, key, issues)
        if item is ANY:
            return value.copy()  # JSON data as it came
        here = (path, key)
        return {
            name: (
                element
                if type(element) is exact
                else item_decode(element, here, name, issues)
            )
            for name, element in value.items()
        }

    return Codec(
        f"dict[str, {item.label}]",
        None,
        frozenset({"object"}),
        decode,
        (
            dict
            if encode is None
            else lambda value: {k: encode(v) for k, v in value.items()}
        ),
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


def enum_of(cls: type[OpenStrEnum | OpenIntEnum]) -> Codec:
    kinds = frozenset({"integer"}) if issubclass(cls, int) else frozenset({"string"})
    return Codec(
        cls.__name__,
        None,
        kinds,
        cls._decode,
        _enum_value,
        members=cls._value2member_map_,
    )


def model_of(cls: type[Model]) -> Codec:
    return Codec(
        cls.__name__, None, frozenset({"object"}), cls._decode, _model_dict, model=cls
    )


def one_of(
    *variants: Codec, discriminator: tuple[str, Mapping[str, int]] | None = None
) -> Codec:
    """A oneOf/anyOf: the branch is picked by JSON type and literal values, then by the
    discriminator; trying branches one by one happens only between look-alike objects.
    """
    label = " | ".join(variant.label for variant in variants)
    with_literals = [variant for variant in variants if variant.literals]
    by_kind: dict[str, list[Codec]] = {}
    for variant in variants:
        if not variant.literals:
            for kind in variant.kinds:
                by_kind.setdefault(kind, []).append(variant)

    def decode(value: object, path: Path, key: Key, issues: Issues) -> Any:
        kind = json_kind(value)
        if discriminator is not None and type(value) is dict:
            tag = value.get(discriminator[0])
            index = discriminator[1].get(tag) if isinstance(tag, str) else None
            if index is not None:
                return variants[index].decode(value, path, key, issues)
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
        for variant in candidates:
            trial: Issues = []
            result = variant.decode(value, path, key, trial)
            if not trial:
                return result
        return mismatch(value, label, path, key, issues)

    kinds: frozenset[str] = frozenset()
    for variant in variants:
        kinds |= variant.kinds
    return Codec(label, None, kinds, decode, to_json_value, members=_choices(variants))


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


@dataclass(frozen=True, slots=True)
class _Plan:
    """A model's fields, ready for decoding and encoding."""

    decode: Decoder
    encoding: tuple[tuple[str, str, Callable[[Any], Any] | None], ...]
    extra: Codec


def _compile_decoder(
    cls: type,
    fields: list[tuple[str, str, Codec, bool]],
    extra: Codec,
) -> Decoder:
    """The decoding function of one model, written out field by field.

    Compiled once per model on first use, as dataclasses compiles `__init__`: a loop over
    a field table costs twice as much per field, and calls saved on the common values
    (a known enum member, a date string, a nested model, a list) are most of the rest.
    When every field is present (drf always sends them all), one C call takes all the
    values; otherwise each is looked up on its own. Only identifiers of the class's own
    fields and `repr()` literals of the JSON names enter the source; every decoder and
    constant is passed in by reference.
    """
    for name, _, _, _ in fields:
        if (
            not (name.isascii() and name.isidentifier())
            or name.startswith("_")
            or (keyword.iskeyword(name))
        ):
            raise ValueError(f"not a field name: {name!r}")
    scope: dict[str, Any] = {
        "cls": cls,
        "new": object.__new__,
        "mismatch": mismatch,
        "UNSET": UNSET,
        "MISSING": MISSING,
        "decimals_get": _DECIMALS.get,
        "known_names": frozenset(json_name for _, json_name, _, _ in fields),
        "extra_map": None if extra is ANY else dict_of(extra).decode,
    }
    if fields:
        scope["take_all"] = operator.itemgetter(*(json for _, json, _, _ in fields))
    extras = [
        "        extra = {k: v for k, v in data.items() if k not in known_names}",
        "        if extra_map is not None:",
        "            extra = extra_map(extra, path, key, issues)",
        "        instance.additional_properties = extra",
        "    return instance",
    ]
    # Any field may be missing: each is looked up with a default.
    lines = [
        "def decode_each(data, path, key, issues):",
        "    if type(data) is not dict:",
        "        return mismatch(data, 'an object', path, key, issues)",
        "    here = (path, key)",
        "    get = data.get",
        "    instance = new(cls)",
        "    absent = 0",
    ]
    for index, (name, json_name, codec, required) in enumerate(fields):
        lines.append(
            f"    value = get({json_name!r}, {'MISSING' if required else 'UNSET'})"
        )
        lines += _field_source(scope, index, name, repr(json_name), codec, required)
    # Every known field present and nothing else: the count says so without a lookup
    # per key (which would cost as much as decoding a few fields).
    lines += [
        f"    if len(data) + absent == {len(fields)} or data.keys() <= known_names:",
        "        instance.additional_properties = {}",
        "    else:",
        *extras,
    ]
    if fields:
        # Every field present: taken at once; a missing one sends it all to the above.
        names = [f"v{index}" for index in range(len(fields))]
        lines += [
            "def decode(data, path, key, issues):",
            "    if type(data) is not dict:",
            "        return mismatch(data, 'an object', path, key, issues)",
            "    try:",
            f"        {', '.join(names)}{',' if len(names) == 1 else ''} = "
            + ("(take_all(data),)" if len(names) == 1 else "take_all(data)"),
            "    except KeyError:",
            "        return decode_each(data, path, key, issues)",
            "    here = (path, key)",
            "    instance = new(cls)",
        ]
        for index, (name, json_name, codec, _) in enumerate(fields):
            lines.append(f"    value = v{index}")
            lines += _field_source(scope, index, name, repr(json_name), codec, None)
        lines += [
            f"    if len(data) == {len(fields)}:",
            "        instance.additional_properties = {}",
            "    else:",
            *extras,
        ]
    else:
        lines.append("decode = decode_each")
    source = "\n".join(lines)
    # Named after the model, so that tracebacks say which decoder they went through.
    code = compile(source, f"<{cls.__qualname__}{_DECODER_SUFFIX}", "exec")
    exec(code, scope)  # noqa: S102 - identifiers and repr() literals only
    decoder: Decoder = scope["decode"]
    return decoder


def _field_source(
    scope: dict[str, Any],
    index: int,
    name: str,
    literal: str,
    codec: Codec,
    required: bool | None,
) -> list[str]:
    """The statements decoding one field's `value`: the common cases inline, the rest
    (and every error) through the codec's own decoder, `decode_<index>`. `required` is
    None when the value is known to be there."""
    inner = codec.inner if codec.inner is not None else codec
    target = f"instance.{name}"
    call = f"decode_{index}(value, here, {literal}, issues)"
    scope[f"decode_{index}"] = inner.decode
    branches: list[tuple[str, list[str]]] = []
    if inner is DECIMAL:  # first: drf sends money as text ("750.00"), amounts repeat
        branches.append(
            (
                "type(value) is str and (parsed := decimals_get(value)) is not None",
                [f"{target} = parsed"],
            )
        )
    if inner.exact is not None:
        scope[f"type_{index}"] = inner.exact
        branches.append((f"type(value) is type_{index}", [f"{target} = value"]))
    if codec.nullable:
        branches.append(("value is None", [f"{target} = None"]))
    if inner.parse is not None:
        scope[f"parse_{index}"] = inner.parse
        branches.append(
            (
                "type(value) is str",
                [
                    "try:",
                    f"    {target} = parse_{index}(value)",
                    "except ValueError:",
                    f"    {target} = {call}",
                ],
            )
        )
    elif inner.members is not None:
        scope[f"members_{index}"] = inner.members
        scope[f"kind_{index}"] = int if "integer" in inner.kinds else str
        known_member = f"(member := members_{index}.get(value)) is not None"
        branches.append(
            (f"type(value) is kind_{index} and {known_member}", [f"{target} = member"])
        )
    elif inner.model is not None:
        scope[f"model_{index}"] = _late(scope, f"model_{index}", inner.model)
        branches.append(
            (
                "type(value) is dict",
                [f"{target} = model_{index}(value, here, {literal}, issues)"],
            )
        )
    elif inner.item is ANY:
        branches.append(("type(value) is list", [f"{target} = value.copy()"]))
    elif inner.item is not None:
        # A loop, not a comprehension: before Python 3.12 each comprehension is a
        # function call of its own, which costs more than decoding a short list.
        item = inner.item
        store = f"items[position] = item_{index}(element, where, position, issues)"
        loop = [f"    {store}"]
        if item.model is not None:
            scope[f"item_{index}"] = _late(scope, f"item_{index}", item.model)
        else:
            scope[f"item_{index}"] = item.decode
            if item.exact is not None:
                scope[f"item_type_{index}"] = item.exact
                check = f"if type(element) is not item_type_{index}:"
                loop = [f"    {check}", f"        {store}"]
        branches.append(
            (
                "type(value) is list",
                [
                    f"where = (here, {literal})",
                    "items = value.copy()",
                    "position = 0",
                    "for element in value:",
                    *loop,
                    "    position += 1",
                    f"{target} = items",
                ],
            )
        )
    if required:
        branches.append(("value is MISSING", [f"{target} = {call}", "absent += 1"]))
    elif required is not None:
        branches.append(("value is UNSET", [f"{target} = UNSET", "absent += 1"]))
    if not branches:
        return [f"    {target} = {call}"]
    lines: list[str] = []
    for position, (condition, body) in enumerate(branches):
        lines.append(f"    {'if' if position == 0 else 'elif'} {condition}:")
        lines += [f"        {statement}" for statement in body]
    lines += ["    else:", f"        {target} = {call}"]
    return lines


def _late(scope: dict[str, Any], name: str, model: type[Model]) -> Decoder:
    """A nested model's decoder, compiled on its first call: the stand-in then puts the
    compiled function in its place, so later calls go straight to it."""

    def first_call(value: object, path: Path, key: Key, issues: Issues) -> Any:
        decoder = model._json_fields.plan(model).decode
        scope[name] = decoder
        return decoder(value, path, key, issues)

    return first_call


class Fields:
    """The JSON side of a model: each field's JSON name and codec, in declaration order.

    The table is a function so that it can name classes defined later in the module
    (recursive schemas) and import those of other modules when first read, not at load
    time (a chain of models would import itself whole); it is read once.
    """

    __slots__ = ("_extra", "_plan", "_renamed", "_table")

    def __init__(
        self,
        table: Callable[[], Sequence[tuple[str, Codec]]] = tuple,
        *,
        extra: Callable[[], Codec] | None = None,
        renamed: Mapping[str, str] | None = None,
    ) -> None:
        self._table = table
        self._extra = extra
        self._renamed = dict(renamed or {})
        self._plan: _Plan | None = None

    def plan(self, cls: type) -> _Plan:
        if self._plan is None:
            defaults = {f.name: f.default for f in dataclasses.fields(cls)}
            fields = []
            encoding = []
            for json_name, codec in self._table():
                name = self._renamed.get(json_name, json_name)
                fields.append((name, json_name, codec, defaults[name] is not UNSET))
                encoding.append((name, json_name, codec.encode))
            extra = ANY if self._extra is None else self._extra()
            self._plan = _Plan(
                _compile_decoder(cls, fields, extra), tuple(encoding), extra
            )
        return self._plan


class Model:
    """Base of every generated model: decoding from and encoding to JSON data."""

    __slots__ = ()
    _json_fields: ClassVar[Fields]
    additional_properties: Any

    @classmethod
    def _decode(cls, data: object, path: Path, key: Key, issues: Issues) -> Any:
        return cls._json_fields.plan(cls).decode(data, path, key, issues)

    @classmethod
    def json_names(cls) -> dict[str, str]:
        """The JSON property name of each field, by field name."""
        return {
            name: json_name
            for name, json_name, _ in cls._json_fields.plan(cls).encoding
        }

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """Decode JSON data; raises DecodeError listing every path that does not fit."""
        issues: Issues = []
        result: Self = cls._decode(data, "$", None, issues)
        if issues:
            raise DecodeError(cls.__name__, issues)
        return result

    def to_dict(self) -> dict[str, Any]:
        """JSON data: unset fields left out, None as null, Decimal kept exact."""
        plan = self._json_fields.plan(type(self))
        data: dict[str, Any] = (
            dict(self.additional_properties)
            if plan.extra.encode is None or plan.extra is ANY
            else {
                k: plan.extra.encode(v) for k, v in self.additional_properties.items()
            }
        )
        for name, json_name, encode in plan.encoding:
            value = getattr(self, name)
            if value is UNSET:
                continue
            data[json_name] = (
                value if encode is None or value is None else encode(value)
            )
        return data

    def to_json(self) -> str:
        return dumps(self.to_dict())


_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def bind_references(cls: object) -> None:
    """Bind, in the module of a model class, the classes of other modules that its
    annotations name, so that `typing.get_type_hints` resolves them.

    A model module imports those for type checkers only (its codec table imports them
    when first read), so that importing a model loads none of the models it refers to;
    this loads them one level deep, not the models they refer to in turn.
    """
    if not (isinstance(cls, type) and issubclass(cls, Model)):
        return
    module = sys.modules[cls.__module__]
    package = module.__package__ or ""
    index: Mapping[str, str] = getattr(sys.modules.get(package), "_MODULE_OF", {})
    namespace = vars(module)
    for annotation in cls.__annotations__.values():
        for name in _IDENTIFIER.findall(str(annotation)):
            if name in index and name not in namespace:
                other = importlib.import_module(f"{package}.{index[name]}")
                namespace[name] = getattr(other, name)


class OpenStrEnum(enum.StrEnum):
    """A string enum that keeps values the server added after this client was generated."""

    @classmethod
    def _decode(cls, value: object, path: Path, key: Key, issues: Issues) -> Any:
        if type(value) is str:
            member = cls._value2member_map_.get(value)
            if member is not None:
                return member
            _warn_unknown(cls.__name__, value, join(path, key))
            unknown = str.__new__(cls, value)
            unknown._name_ = "UNKNOWN"
            unknown._value_ = value
            return unknown
        return mismatch(value, f"a {cls.__name__} value", path, key, issues)

    @property
    def is_known(self) -> bool:
        """False for a value the server sent that this client does not know."""
        return self._value_ in type(self)._value2member_map_


class OpenIntEnum(enum.IntEnum):
    """An integer enum that keeps values the server added after this client was generated."""

    @classmethod
    def _decode(cls, value: object, path: Path, key: Key, issues: Issues) -> Any:
        if type(value) is int:
            member = cls._value2member_map_.get(value)
            if member is not None:
                return member
            _warn_unknown(cls.__name__, value, join(path, key))
            unknown = int.__new__(cls, value)
            unknown._name_ = "UNKNOWN"
            unknown._value_ = value
            return unknown
        return mismatch(value, f"a {cls.__name__} value", path, key, issues)

    @property
    def is_known(self) -> bool:
        """False for a value the server sent that this client does not know."""
        return self._value_ in type(self)._value2member_map_


def _warn_unknown(enum_name: str, value: object, where: str) -> None:
    warnings.warn(
        f"{where}: {value!r} is not a known {enum_name} value; it was kept as is",
        UnknownEnumValueWarning,
        stacklevel=_outside_level(),
    )


_DECODER_SUFFIX: Final = " decoder>"


def _outside_level() -> int:
    """The `stacklevel` of the first caller outside this module and the compiled
    decoders: a warning points at the code that called `from_dict` or the API."""
    level = 1
    frame: FrameType | None = sys._getframe(2)  # `warnings.warn`'s caller's caller: 2
    while frame is not None:
        level += 1
        name = frame.f_code.co_filename
        if name != __file__ and not name.endswith(_DECODER_SUFFIX):
            break
        frame = frame.f_back
    return level


# --- encoding ------------------------------------------------------------------------


def to_json_value(value: object) -> Any:
    """Turn a model, enum, date or container into plain JSON data (Decimal kept exact).

    Bytes and files stay as they are: a raw or multipart body sends them as they are, and
    JSON text holds them as base64."""
    if value is None or isinstance(value, (str, int, float, Decimal)):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (bytes, File)):
        return value
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        return to_dict()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(item) for item in value]
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def dumps(value: object) -> str:
    """JSON text in which every Decimal is written digit for digit, never through float."""
    parts: list[str] = []
    _dump(to_json_value(value), parts)
    return "".join(parts)


def _dump(value: object, parts: list[str]) -> None:
    if value is None or isinstance(value, (str, bool, int)):
        parts.append(json.dumps(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} cannot be sent as a JSON number")
        parts.append(str(value))
    elif isinstance(value, float):
        parts.append(json.dumps(value, allow_nan=False))
    elif isinstance(value, dict):
        parts.append("{")
        for index, (name, item) in enumerate(value.items()):
            if index:
                parts.append(",")
            parts.append(json.dumps(str(name)))
            parts.append(":")
            _dump(item, parts)
        parts.append("}")
    elif isinstance(value, list):
        parts.append("[")
        for index, item in enumerate(value):
            if index:
                parts.append(",")
            _dump(item, parts)
        parts.append("]")
    elif isinstance(value, (bytes, File)):
        # JSON has no bytes: binary data goes as base64 text, as `format: byte` does.
        content = value if isinstance(value, bytes) else value.content
        parts.append(json.dumps(base64.b64encode(content).decode("ascii")))
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def loads(content: bytes) -> Any:
    """Parse JSON with every non-integer number as an exact Decimal."""
    return json.loads(content, parse_float=Decimal)


def text_value(value: object) -> str:
    """One parameter or form value as text: booleans as JSON, dates as ISO 8601."""
    value = to_json_value(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        # Binary text in a parameter: sent as the text it is.
        return value.decode("utf-8")
    if isinstance(value, File):
        raise TypeError("files can only be sent as a request body")
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return dumps(value)
    return str(value)


def path_param(value: object) -> str:
    """A path parameter, percent-encoded so that it can never change the path (a `.` or
    `..` segment too, which URL normalisation would otherwise resolve)."""
    if isinstance(value, (list, tuple)):
        text = ",".join(quote(text_value(item), safe="") for item in value)
    else:
        text = quote(text_value(value), safe="")
    return text.replace(".", "%2E") if text in (".", "..") else text


def query_params(
    params: Sequence[tuple[str, object, bool]],
) -> tuple[tuple[str, str], ...]:
    """(name, value, explode) triples to query pairs; unset values are left out."""
    pairs: list[tuple[str, str]] = []
    for name, value, explode in params:
        if value is UNSET or value is None:
            continue
        if isinstance(value, (list, tuple)):
            if explode:
                pairs.extend((name, text_value(item)) for item in value)
            else:
                pairs.append((name, ",".join(text_value(item) for item in value)))
        else:
            pairs.append((name, text_value(value)))
    return tuple(pairs)


# The request encodings an operation may offer beside JSON, by combination.
JsonOrForm = Literal["application/json", "application/x-www-form-urlencoded"]
JsonOrMultipart = Literal["application/json", "multipart/form-data"]
JsonFormOrMultipart = Literal[
    "application/json", "application/x-www-form-urlencoded", "multipart/form-data"
]


@dataclass(frozen=True, slots=True)
class Body:
    """An encoded request body."""

    content_type: str
    content: bytes | None = None
    form: list[tuple[str, str]] | None = None


def encode_body(data: object, encoding: str) -> Body:
    """Encode a JSON-ready body (from `to_dict`) in the chosen media type.

    Form encodings: a null is sent as an empty value (Django REST framework reads an
    empty value of a nullable field as null), arrays repeat their key, and nested
    objects are sent as JSON text, as OpenAPI's default encoding for objects says.
    """
    if encoding == "application/json" or encoding.endswith("+json"):
        return Body(encoding, dumps(data).encode("utf-8"))
    if isinstance(data, (bytes, File)):
        part = _file_part(data)
        return Body(encoding if encoding != "*/*" else part[2], part[1])
    if isinstance(data, str) and encoding not in _FORMS:
        return Body(encoding, data.encode("utf-8"))  # text/plain and other raw text
    if not isinstance(data, Mapping):
        raise TypeError(f"a {encoding} body must be an object")
    if encoding == "application/x-www-form-urlencoded":
        return Body(encoding, form=_form_pairs(data))
    if encoding == "multipart/form-data":
        return _multipart(data)
    raise TypeError(f"cannot encode a request body as {encoding}")


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _form_pairs(data: Mapping[str, object]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, File):
                item = item.content
            if isinstance(item, bytes):
                item = _binary_text(item)
            pairs.append((name, text_value(item)))
    return pairs


def _binary_text(content: bytes) -> str:
    """Binary data in a form: a form holds text, so the bytes must be UTF-8 text."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise TypeError(
            "binary data that is not UTF-8 text can only be sent as multipart/form-data"
        ) from None


def _multipart(data: Mapping[str, object]) -> Body:
    boundary = secrets.token_hex(16)
    chunks: list[bytes] = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            header = f'Content-Disposition: form-data; name="{_quote_header(name)}"'
            if isinstance(item, (bytes, File)):
                file_name, content, mime_type = _file_part(item)
                if file_name is not None:
                    header += f'; filename="{_quote_header(file_name)}"'
                header += f"\r\nContent-Type: {_quote_header(mime_type)}"
            elif isinstance(item, dict):
                content = dumps(item).encode("utf-8")
                header += "\r\nContent-Type: application/json"
            else:
                content = text_value(item).encode("utf-8")
            chunks.append(
                f"--{boundary}\r\n{header}\r\n\r\n".encode() + content + b"\r\n"
            )
    chunks.append(f"--{boundary}--\r\n".encode())
    return Body(f"multipart/form-data; boundary={boundary}", b"".join(chunks))


def _quote_header(text: str) -> str:
    """Text inside a multipart header: quotes and line breaks percent-encoded (as browsers do),
    so that no name or file name can end the header early."""
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


@dataclass(frozen=True, slots=True)
class File:
    """A file to upload: its bytes, and optionally a file name and media type."""

    content: bytes
    file_name: str | None = None
    mime_type: str = "application/octet-stream"


def _file_part(item: bytes | File) -> tuple[str | None, bytes, str]:
    if isinstance(item, File):
        return (item.file_name, item.content, item.mime_type)
    return (None, item, "application/octet-stream")


# --- transport -----------------------------------------------------------------------


class _Secret:
    """Holds a credential; never shows it in a repr, str or traceback variable dump."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class ApiKeyAuth:
    """How the API wants its key: where (header, query or cookie), under which name."""

    location: Literal["header", "query", "cookie"]
    name: str
    prefix: str = ""

    def apply(self, secret: _Secret, request: httpx.Request) -> None:
        value = f"{self.prefix} {secret.reveal()}" if self.prefix else secret.reveal()
        if self.location == "header":
            request.headers[self.name] = value
        elif self.location == "query":
            request.url = request.url.copy_add_param(self.name, value)
        else:
            cookie = f"{self.name}={quote(value, safe='')}"
            others = request.headers.get("Cookie")
            request.headers["Cookie"] = f"{others}; {cookie}" if others else cookie


@dataclass(frozen=True, slots=True)
class Call(Generic[T_co]):
    """One request, ready to send, and how to read its responses.

    `T_co` is the type of the parsed success body: request functions return `Call[X]`,
    which is how the operation descriptors below know what a call returns.
    """

    operation: str
    method: str
    path: str
    query: Sequence[tuple[str, object, bool]] = ()
    headers: Sequence[tuple[str, object]] = ()
    cookies: Sequence[tuple[str, object]] = ()
    body: Body | None = None
    responses: Mapping[str, Codec | None] | None = None
    errors: Mapping[str, Codec | None] | None = None
    secured: bool = True


def _lookup(table: Mapping[str, T], status: int) -> tuple[bool, T | None]:
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in table:
            return True, table[key]
    return False, None


def _decode_body(call: Call[Any], codec: Codec | None, raw: Response[None]) -> Any:
    if codec is None:
        return None
    if codec is RAW_BYTES:
        return raw.content
    try:
        data = loads(raw.content) if raw.content else None
    except ValueError as error:
        issue = Issue("$", f"not valid JSON ({error})")
        raise ResponseDecodeError(call.operation, raw, [issue]) from None
    issues: Issues = []
    result = codec.decode(data, "$", None, issues)
    if issues:
        raise ResponseDecodeError(call.operation, raw, issues)
    return result


def interpret(call: Call[Any], http_response: httpx.Response) -> Response[Any]:
    """Turn an HTTP response into a parsed Response, or raise ApiError."""
    raw: Response[None] = Response(
        http_response.status_code, http_response.headers, http_response.content, None
    )
    status = http_response.status_code
    if 200 <= status < 300:
        found, codec = _lookup(call.responses or {}, status)
        if found:
            parsed = _decode_body(call, codec, raw)
            return Response(status, raw.headers, raw.content, parsed)
    parsed_error: object = None
    found, codec = _lookup(call.errors or {}, status)
    if found and codec is not None:
        try:
            parsed_error = _decode_body(call, codec, raw)
        except DecodeError:
            parsed_error = None  # the raw body is still on the error
    raise ApiError(call.operation, status, raw.headers, raw.content, parsed_error)


class _ClientBase:
    """What the sync and async clients share: configuration and request building."""

    _http: httpx.Client | httpx.AsyncClient

    def __init__(
        self,
        token: str | None,
        base_url: str,
        auth: ApiKeyAuth | None,
        headers: Mapping[str, str] | None,
    ) -> None:
        self._secret = _Secret(token) if token is not None else None
        self._base_url = base_url.rstrip("/")
        self._auth = auth
        self._headers = dict(headers or {})

    @property
    def base_url(self) -> str:
        return self._base_url

    def __repr__(self) -> str:
        token = "set" if self._secret is not None else "none"
        return f"{type(self).__name__}(base_url={self._base_url!r}, token={token})"

    def _build(self, call: Call[Any]) -> httpx.Request:
        import httpx

        headers = dict(self._headers)
        for name, value in call.headers:
            if value is not UNSET and value is not None:
                headers[name] = text_value(value)
        cookies = [
            f"{name}={quote(text_value(value), safe='')}"
            for name, value in call.cookies
            if value is not UNSET and value is not None
        ]
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        body = call.body
        if body is not None:
            headers["Content-Type"] = body.content_type
        request = self._http.build_request(
            call.method,
            self._base_url + call.path,
            params=query_params(call.query),
            # UTF-8, not httpx's ASCII: an enum value the spec allows may be "é".
            headers=httpx.Headers(headers, encoding="utf-8"),
            content=body.content if body is not None else None,
            data=(
                dict_or_pairs(body.form)
                if body is not None and body.form is not None
                else None
            ),
        )
        if call.secured and self._auth is not None and self._secret is not None:
            self._auth.apply(self._secret, request)
        return request


def _transport_failure(call: Call[Any], error: Exception) -> str:
    return f"{call.operation}: {type(error).__name__}: {error}"


def dict_or_pairs(pairs: list[tuple[str, str]]) -> dict[str, str | list[str]]:
    """httpx takes repeated form keys as a list value."""
    grouped: dict[str, str | list[str]] = {}
    for name, value in pairs:
        previous = grouped.get(name)
        if previous is None:
            grouped[name] = value
        elif isinstance(previous, list):
            previous.append(value)
        else:
            grouped[name] = [previous, value]
    return grouped


class SyncClientBase(_ClientBase):
    """Sends calls with an `httpx.Client` (the caller's own, or one made here)."""

    def __init__(
        self,
        token: str | None,
        base_url: str,
        auth: ApiKeyAuth | None,
        *,
        timeout: float | httpx.Timeout | None,
        headers: Mapping[str, str] | None,
        http_client: httpx.Client | None,
    ) -> None:
        super().__init__(token, base_url, auth, headers)
        import httpx

        self._owns_http = http_client is None
        self._http = (
            http_client if http_client is not None else httpx.Client(timeout=timeout)
        )

    def send(self, call: Call[Any]) -> Response[Any]:
        import httpx

        assert isinstance(self._http, httpx.Client)
        request = self._build(call)
        try:
            http_response = self._http.send(request)
        except httpx.HTTPError as error:
            failure = _transport_failure(call, error)
        else:
            return interpret(call, http_response)
        # Raised outside the handler: the httpx error, whose request holds the
        # credentials, must not ride along as the context.
        raise TransportError(failure)

    def close(self) -> None:
        import httpx

        if self._owns_http:
            assert isinstance(self._http, httpx.Client)
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClientBase(_ClientBase):
    """Sends calls with an `httpx.AsyncClient` (the caller's own, or one made here)."""

    def __init__(
        self,
        token: str | None,
        base_url: str,
        auth: ApiKeyAuth | None,
        *,
        timeout: float | httpx.Timeout | None,
        headers: Mapping[str, str] | None,
        http_client: httpx.AsyncClient | None,
    ) -> None:
        super().__init__(token, base_url, auth, headers)
        import httpx

        self._owns_http = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.AsyncClient(timeout=timeout)
        )

    async def send(self, call: Call[Any]) -> Response[Any]:
        import httpx

        assert isinstance(self._http, httpx.AsyncClient)
        request = self._build(call)
        try:
            http_response = await self._http.send(request)
        except httpx.HTTPError as error:
            failure = _transport_failure(call, error)
        else:
            return interpret(call, http_response)
        raise TransportError(failure)

    async def aclose(self) -> None:
        import httpx

        if self._owns_http:
            assert isinstance(self._http, httpx.AsyncClient)
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


# --- operations --------------------------------------------------------------------
#
# An operation is written once, as a function that builds its request (`Call[T]`); these
# descriptors turn it into the methods of a group class: send and return the parsed body,
# send and return the whole response, or walk every page. Type checkers see the request
# function's own parameters on each method.


class Page(Protocol[T_co]):
    """A Django REST framework limit/offset page."""

    @property
    def next(self) -> str | None | Unset: ...

    @property
    def results(self) -> Sequence[T_co]: ...


class SyncGroup:
    """The operations of one tag, sent through a sync client."""

    __slots__ = ("_client",)

    def __init__(self, client: SyncClientBase) -> None:
        self._client = client


class AsyncGroup:
    """The operations of one tag, sent through an async client."""

    __slots__ = ("_client",)

    def __init__(self, client: AsyncClientBase) -> None:
        self._client = client


class _Descriptor(Generic[P, T]):
    def __init__(self, build: Callable[P, Call[T]]) -> None:
        self._build = build
        self._name = build.__name__.lstrip("_")

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    def _named(self, function: Callable[..., Any], owner: type[Any]) -> None:
        """Give the bound method the request function's documentation and signature."""
        functools.update_wrapper(function, self._build)
        function.__name__ = self._name
        function.__qualname__ = f"{owner.__name__}.{self._name}"


class Operation(_Descriptor[P, T]):
    """Sends the request; returns the parsed body."""

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, group: SyncGroup, owner: type[Any]) -> Callable[P, T]: ...
    def __get__(
        self, group: SyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, T]:
        if group is None:
            return self
        build, send = self._build, group._client.send

        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            parsed: T = send(build(*args, **kwargs)).parsed
            return parsed

        self._named(call, owner)
        return call


class OperationWithResponse(_Descriptor[P, T]):
    """Sends the request; returns the whole response (status, headers, raw and parsed body)."""

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: SyncGroup, owner: type[Any]
    ) -> Callable[P, Response[T]]: ...
    def __get__(
        self, group: SyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, Response[T]]:
        if group is None:
            return self
        build, send = self._build, group._client.send

        def call(*args: P.args, **kwargs: P.kwargs) -> Response[T]:
            return send(build(*args, **kwargs))

        self._named(call, owner)
        return call


class Pages(Generic[P, T]):
    """Walks every page of a limit/offset list; yields every item, one page at a time."""

    def __init__(
        self, build: Callable[P, Call[Page[T]]], offset: str = "offset"
    ) -> None:
        self._build = build
        self._offset = offset
        self._name = build.__name__.lstrip("_")

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: SyncGroup, owner: type[Any]
    ) -> Callable[P, Iterator[T]]: ...
    def __get__(
        self, group: SyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, Iterator[T]]:
        if group is None:
            return self
        build, send, offset_name = self._build, group._client.send, self._offset

        def iterate(*args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
            offset = _start(kwargs.get(offset_name))
            while True:
                kwargs[offset_name] = offset
                page: Page[T] = send(build(*args, **kwargs)).parsed
                yield from page.results
                if not page.results or not page.next:
                    return
                offset += len(page.results)

        functools.update_wrapper(iterate, self._build)
        iterate.__name__ = self._name
        return iterate


class AsyncOperation(_Descriptor[P, T]):
    """Sends the request; returns the parsed body."""

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: AsyncGroup, owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    def __get__(
        self, group: AsyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, Coroutine[Any, Any, T]]:
        if group is None:
            return self
        build, send = self._build, group._client.send

        async def call(*args: P.args, **kwargs: P.kwargs) -> T:
            parsed: T = (await send(build(*args, **kwargs))).parsed
            return parsed

        self._named(call, owner)
        return call


class AsyncOperationWithResponse(_Descriptor[P, T]):
    """Sends the request; returns the whole response (status, headers, raw and parsed body)."""

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: AsyncGroup, owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, Response[T]]]: ...
    def __get__(
        self, group: AsyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, Coroutine[Any, Any, Response[T]]]:
        if group is None:
            return self
        build, send = self._build, group._client.send

        async def call(*args: P.args, **kwargs: P.kwargs) -> Response[T]:
            return await send(build(*args, **kwargs))

        self._named(call, owner)
        return call


class AsyncPages(Generic[P, T]):
    """Walks every page of a limit/offset list; yields every item, one page at a time."""

    def __init__(
        self, build: Callable[P, Call[Page[T]]], offset: str = "offset"
    ) -> None:
        self._build = build
        self._offset = offset
        self._name = build.__name__.lstrip("_")

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: AsyncGroup, owner: type[Any]
    ) -> Callable[P, AsyncIterator[T]]: ...
    def __get__(
        self, group: AsyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, AsyncIterator[T]]:
        if group is None:
            return self
        build, send, offset_name = self._build, group._client.send, self._offset

        async def iterate(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
            offset = _start(kwargs.get(offset_name))
            while True:
                kwargs[offset_name] = offset
                page: Page[T] = (await send(build(*args, **kwargs))).parsed
                for item in page.results:
                    yield item
                if not page.results or not page.next:
                    return
                offset += len(page.results)

        functools.update_wrapper(iterate, self._build)
        iterate.__name__ = self._name
        return iterate


def _start(offset: object) -> int:
    return offset if isinstance(offset, int) else 0
