"""Enums that keep the values the server added after the client was generated."""

from __future__ import annotations

import enum
from typing import Any

from .decoding import Codec, Issues, Key, Path, join, mismatch, warn
from .errors import UnknownEnumValueWarning


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


def _enum_value(value: Any) -> Any:
    return value.value


def _warn_unknown(enum_name: str, value: object, where: str) -> None:
    warn(
        f"{where}: {value!r} is not a known {enum_name} value; it was kept as is",
        UnknownEnumValueWarning,
    )
