"""The settings a caller may give one call (`client.group.op(..., lenient=True)`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict


class RequestOptions(TypedDict, total=False):
    """Per-call settings; each overrides the client's own for this call only."""

    lenient: bool
    """Return a response that does not fit its schema as far as it decodes (with a
    `ResponseDriftWarning`), instead of raising `ResponseDecodeError`."""
    # Issue 11 adds: timeout, max_retries, extra_headers, extra_query, idempotency_key.


_TYPES: dict[str, type] = {"lenient": bool}


def checked_options(
    operation: str, *found: Mapping[str, object] | None
) -> dict[str, Any]:
    """The options given (later ones override earlier), each checked: `**options`
    takes any keyword at run time, and a misspelt one must not be ignored."""
    merged: dict[str, Any] = {}
    for options in found:
        if options:
            merged.update(options)
    for name, value in merged.items():
        kind = _TYPES.get(name)
        if kind is None:
            raise TypeError(
                f"{operation}() got an unexpected keyword argument {name!r}"
            )
        if type(value) is not kind:
            raise TypeError(
                f"{operation}(): {name} must be a {kind.__name__}, "
                f"not {type(value).__name__}"
            )
    return merged
