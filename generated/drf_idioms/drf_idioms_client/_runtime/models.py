"""The base class of every generated model, and the table of its JSON fields."""

from __future__ import annotations

import dataclasses
import importlib
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Final, Self

from .compiler import compile_decoder
from .decoding import ANY, Codec, Decoder, Issues, Key, Path
from .errors import DecodeError
from .json_text import dumps
from .values import UNSET


@dataclass(frozen=True, slots=True)
class _Plan:
    """A model's fields, ready for decoding and encoding."""

    decode: Decoder
    encoding: tuple[tuple[str, str, Callable[[Any], Any] | None], ...]
    extra: Codec


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
                compile_decoder(cls, fields, extra), tuple(encoding), extra
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


def model_of(cls: type[Model]) -> Codec:
    return Codec(
        cls.__name__, None, frozenset({"object"}), cls._decode, _model_dict, model=cls
    )


def _model_dict(value: Any) -> Any:
    return value.to_dict()


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
