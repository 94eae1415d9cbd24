"""What did decode when a payload does not fit its schema: the partial result, and the
issues attached to every model in it (`drift_of`).

A decoder that meets a value it cannot read reports an issue at its path and returns
INVALID in its place; nothing else is done on the fast path. Only when issues were
reported does `settle` walk the result, and only down the paths that have issues:

- a model field holding INVALID becomes UNSET (so a partial model never holds a value
  that was not in the payload); an additional property that did not decode is left out;
- a list or map with an item that is INVALID (not even of its JSON kind) becomes
  INVALID itself, so that a list never looks whole with items missing, and the indices
  of the issues stay those of the payload; an item that is an object with problems
  inside stays, partially decoded;
- the issues inside each model are attached to it (a slot: `drift_of(model)`).

A model is known by its class's `_plan` (models.py), not by importing `Model`:
`Model.from_dict` calls `settle`, and the two modules must not import each other.
"""

from __future__ import annotations

from typing import Any

from .decoding import Issues, Key, join
from .values import INVALID, UNSET, Issue


def settle(value: Any, issues: Issues) -> Any:
    """The partial result of a decoding that reported `issues` (None if nothing of it
    could be kept: the payload was not even of the right JSON kind)."""
    result = _settle(value, "$", issues)
    return None if result is INVALID else result


def drift_of(value: object) -> tuple[Issue, ...]:
    """The issues of a model returned leniently (or of `DecodeError.partial`): where
    the payload did not fit, by JSON path from the root of the response. Empty for a
    model that decoded cleanly."""
    found: object = getattr(value, "_drift", ()) if _is_model(value) else ()
    return found if isinstance(found, tuple) else ()


def _is_model(value: object) -> bool:
    return callable(getattr(type(value), "_plan", None))


def _under(issues: Issues, path: str) -> Issues:
    size = len(path)
    return [
        issue
        for issue in issues
        if issue.path.startswith(path)
        and (len(issue.path) == size or issue.path[size] in ".[")
    ]


def _settle(value: Any, path: str, issues: Issues) -> Any:
    if value is INVALID or not issues:
        return value
    if _is_model(value):
        value._drift = tuple(issues)
        for name, json_name, _ in type(value)._plan().fields:
            here = join(path, json_name)
            inside = _under(issues, here)
            if inside and _settle(getattr(value, name), here, inside) is INVALID:
                setattr(value, name, UNSET)
        extra = value.additional_properties
        if type(extra) is dict:
            for key in list(extra):
                here = join(path, key)
                inside = _under(issues, here)
                if inside and _settle(extra[key], here, inside) is INVALID:
                    del extra[key]
        return value
    if type(value) is list or type(value) is dict:
        items: list[tuple[Key, Any]] = (
            list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        )
        for key, item in items:
            here = join(path, key)
            inside = _under(issues, here)
            if inside and _settle(item, here, inside) is INVALID:
                return INVALID
    return value
