"""JSON text: parsed with every non-integer number as an exact Decimal, written without
a float in between."""

from __future__ import annotations

import base64
import datetime
import enum
import json
import uuid
from collections.abc import Mapping
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from .errors import EncodingError
from .files import is_file, upload_of

NAIVE_DATETIME = (
    "a datetime without a UTC offset (naive) names no instant; give it a time zone: "
    "value.replace(tzinfo=datetime.timezone.utc) if it is UTC, or value.astimezone() "
    "if it is local time"
)

SENDING_ZONE: ContextVar[datetime.tzinfo | None] = ContextVar(
    "SENDING_ZONE", default=None
)
"""While a request is built: the zone the client's `server_timezone` names (None: none)."""


def datetime_text(value: datetime.datetime) -> str:
    """A date-time as sent: ISO 8601 with its offset; to a server without time zones
    (`server_timezone` set) the wall-clock time in its zone, without an offset, as it
    sends its own. (Django with USE_TZ = False turns an offset into UTC and drops it,
    then reads the stored value as its own zone: an aware value would move.)"""
    if value.utcoffset() is None:
        raise EncodingError(NAIVE_DATETIME)
    zone = SENDING_ZONE.get()
    if zone is None:
        return value.isoformat()
    return value.astimezone(zone).replace(tzinfo=None).isoformat()


def to_json_value(value: object) -> Any:
    """Turn a model, enum, date or container into plain JSON data (Decimal kept exact).

    Bytes and files stay as they are: a raw or multipart body sends them as they are, and
    JSON text holds them as base64."""
    if value is None or isinstance(value, (str, int, float, Decimal)):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return value.value
    if is_file(value):  # bytes, Upload, a path, an open file: read when sent
        return value
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        return to_dict()
    if isinstance(value, datetime.datetime):
        # A naive time is refused, not guessed: read as UTC by one server and as local
        # time by another, it books the entry on a different day.
        return datetime_text(value)
    if isinstance(value, datetime.date):
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
    elif is_file(value):
        # JSON has no bytes: binary data goes as base64 text, as `format: byte` does.
        content = upload_of(value, "file").content
        parts.append(json.dumps(base64.b64encode(content).decode("ascii")))
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")


_DECODER = json.JSONDecoder(parse_float=Decimal)
"""Made once: `json.loads(..., parse_float=...)` builds a decoder on every call."""


def loads(content: bytes | str) -> Any:
    """Parse JSON with every non-integer number as an exact Decimal (bytes read as
    `json.loads` reads them: UTF-8, -16 or -32, by their first bytes)."""
    if not isinstance(content, str):
        content = content.decode(json.detect_encoding(content), "surrogatepass")
    return _DECODER.decode(content)


_plain_as_is = frozenset({dict, list, Decimal}).isdisjoint
"""`_plain_as_is(map(type, items))`: True when no item needs `plain_json` (no dict, list
or Decimal among them): a flat container is copied in C, without a step per item."""


def plain_json(value: Any) -> Any:
    """A copy of JSON data with every Decimal that `loads` made a float again: the data
    `json.loads` gives. For values under a schema with no type (`{}`, a JSONField): a
    Decimal there would equal no float (`Decimal("1.1") != 1.1`) nor pass `json.dumps`;
    exactness is kept where the schema says `type: number`, not on arbitrary data."""
    kind = type(value)
    if kind is dict:
        result = value.copy()
        if value and not _plain_as_is(map(type, value.values())):
            for name, item in value.items():
                kind = type(item)
                if kind is dict or kind is list or kind is Decimal:
                    result[name] = plain_json(item)
        return result
    if kind is list:
        result = value.copy()
        if value and not _plain_as_is(map(type, value)):
            for index, item in enumerate(value):
                kind = type(item)
                if kind is dict or kind is list or kind is Decimal:
                    result[index] = plain_json(item)
        return result
    if kind is Decimal:
        return float(value)
    return value
