"""The base class of every generated model: its fields' codecs (read from the fields
themselves, `hints.py`), compiled once into a decoder, and its encoder."""

from __future__ import annotations

import dataclasses
import importlib
import re
import sys
import typing
import warnings
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ClassVar, Final, Self

from .compiler import compile_decoder
from .decoding import ANY, Codec, Decoder, Issues, Key, Path, outside_level
from .errors import DecodeError, EncodingError
from .hints import codec_of, decimal_of, tables_of
from .json_text import dumps
from .values import UNSET, Issue


@dataclass(frozen=True, slots=True)
class _Plan:
    """A model's fields, ready for decoding and encoding."""

    decode: Decoder
    encoding: tuple[tuple[str, str, Callable[[Any], Any] | None], ...]
    extra: Codec
    fields: tuple[tuple[str, str, Codec], ...]
    """Each field's name, JSON name and codec (forms need the types, `forms.py`)."""
    deprecated: tuple[str, ...]


SENDING: Final = ContextVar("SENDING", default=False)
"""True while a request body is encoded: its deprecated fields warn then."""


def warn_deprecated(model: Model) -> None:
    """A DeprecationWarning for each deprecated field set, at the caller of the API."""
    for name in model._plan().deprecated:
        if getattr(model, name) is not UNSET:
            warnings.warn(
                f"{type(model).__name__}.{name} is deprecated",
                DeprecationWarning,
                stacklevel=outside_level(package=True),
            )


def _plan_of(cls: type[Model]) -> _Plan:
    """The plan of a model, from its dataclass fields: each field's annotation gives its
    codec, its metadata its JSON name (when the attribute's differs) and the
    tag tables of the unions in it; `additional_properties` gives the codec of the
    properties the schema does not name."""
    bind_references(cls)
    hints = typing.get_type_hints(cls)
    fields = []
    encoding = []
    deprecated = []
    extra: Codec = ANY
    for member in dataclasses.fields(cls):  # type: ignore[arg-type]
        tables = tables_of(member.metadata)
        decimal = decimal_of(member.metadata)
        if member.name == "additional_properties":
            values = typing.get_args(hints[member.name])
            extra = codec_of(values[1], tables, decimal) if len(values) == 2 else ANY
            continue
        json_name = member.metadata.get("json", member.name)
        if member.metadata.get("deprecated"):
            deprecated.append(member.name)
        codec = codec_of(hints[member.name], tables, decimal)
        fields.append((member.name, json_name, codec, member.default is not UNSET))
        encoding.append((member.name, json_name, codec.encode))
    return _Plan(
        compile_decoder(cls, fields, extra),
        tuple(encoding),
        extra,
        tuple((name, json_name, codec) for name, json_name, codec, _ in fields),
        tuple(deprecated),
    )


class Model:
    """Base of every generated model: decoding from and encoding to JSON data."""

    # The issues of a model decoded leniently (`drift.drift_of`): a slot, not a
    # field, so that it takes no part in equality, repr or `to_dict`; pickled.
    __slots__ = ("_drift",)
    _json_plan: ClassVar[_Plan | None] = None
    _drift: tuple[Issue, ...]
    additional_properties: Any

    @classmethod
    def _plan(cls) -> _Plan:
        plan = cls.__dict__.get("_json_plan")
        if plan is None:
            plan = _plan_of(cls)
            cls._json_plan = plan  # on this class: a subclass has its own fields
        return plan

    @classmethod
    def _decode(cls, data: object, path: Path, key: Key, issues: Issues) -> Any:
        return cls._plan().decode(data, path, key, issues)

    @classmethod
    def json_names(cls) -> dict[str, str]:
        """The JSON property name of each field, by field name."""
        return {name: json_name for name, json_name, _ in cls._plan().encoding}

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """Decode JSON data; raises DecodeError listing every path that does not fit
        (its `partial` holds every field that did, the others UNSET)."""
        issues: Issues = []
        result: Self = cls._decode(data, "$", None, issues)
        if issues:
            from .drift import settle  # only on this path: it imports this module

            raise DecodeError(cls.__name__, issues, settle(result, issues))
        return result

    def to_dict(self) -> dict[str, Any]:
        """JSON data: unset fields left out, None as null, Decimal kept exact."""
        plan = self._plan()
        if plan.deprecated and SENDING.get():
            warn_deprecated(self)
        extra = plan.extra.encode
        if extra is None or plan.extra is ANY:
            data: dict[str, Any] = dict(self.additional_properties)
        else:
            data = {}
            for json_name, value in self.additional_properties.items():
                try:
                    data[json_name] = extra(value)
                except EncodingError as error:
                    raise error.within(json_name) from None
        json_name = ""
        try:
            for name, json_name, encode in plan.encoding:
                value = getattr(self, name)
                if value is UNSET:
                    continue
                data[json_name] = (
                    value if encode is None or value is None else encode(value)
                )
        except EncodingError as error:  # the field's name, for the message
            raise error.within(json_name) from None
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
