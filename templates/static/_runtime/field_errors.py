"""The messages of a Django REST framework 400 body, by JSON path of the field.

DRF answers every validation error in one shape, documented in the spec or not
(rest_framework/exceptions.py, serializers.py, fields.py): an object of field name ->
list of messages; a nested serializer's errors nested under its field; a `many=True`
list as a list of per-item objects (`{}` for the valid ones), or, with
`LIST_SERIALIZER_ERRORS_AS_DICT`, an object keyed by the item's index; a `ListField`'s or
`DictField`'s children keyed by index or key; `non_field_errors` for the serializer as a
whole; `{"detail": "..."}` for an error that is no validation error (a body that is not
JSON); and a bare list of messages for a `ValidationError` raised in a view, which DRF's
own `as_serializer_error` files under `non_field_errors`.
"""

from __future__ import annotations

import json
from typing import Any, Final

NON_FIELD: Final = "non_field_errors"


def drf_field_errors(content: bytes) -> dict[str, list[str]]:
    """Each message of a DRF 400 body under its field's path (`price`,
    `lines[1].amount`, `non_field_errors`, `detail`); {} for a body of another shape."""
    try:
        data = json.loads(content)
    except ValueError:  # not JSON, or not UTF-8
        return {}
    found: dict[str, list[str]] = {}
    if isinstance(data, (dict, list)):
        _collect(data, "", found)
    return found


def _collect(value: Any, path: str, found: dict[str, list[str]]) -> None:
    if isinstance(value, str):
        found.setdefault(path or NON_FIELD, []).append(value)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            message = _full_message(item)
            if message is not None:
                found.setdefault(path or NON_FIELD, []).append(message)
            else:  # a `many=True` item's errors ({} when it is valid)
                _collect(item, f"{path}[{index}]", found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect(item, _child(path, key), found)


def _full_message(item: object) -> str | None:
    """A message: a string, or what `ValidationError.get_full_details()` makes of one
    ({"message": ..., "code": ...}), which some exception handlers send."""
    if isinstance(item, str):
        return item
    if (
        isinstance(item, dict)
        and item.keys() == {"message", "code"}
        and isinstance(item["message"], str)
    ):
        return item["message"]
    return None


def _child(path: str, key: str) -> str:
    """The path of `key` under `path`: an index (DRF keys list items by the index's
    text) in brackets, a name after a dot, any other key quoted in brackets."""
    if key.isascii() and key.isdigit():
        return f"{path}[{int(key)}]"
    if key.isidentifier():
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key)}]"
