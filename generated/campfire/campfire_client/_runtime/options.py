"""The settings a caller may give one call (`client.group.op(..., timeout=5)`)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    import httpx


class RequestOptions(TypedDict, total=False):
    """Per-call settings; each overrides the client's own for this call only."""

    lenient: bool
    """Return a response that does not fit its schema as far as it decodes (with a
    `ResponseDriftWarning`), instead of raising `ResponseDecodeError`."""
    timeout: float | httpx.Timeout | None
    """Seconds (or an `httpx.Timeout`) for each attempt; None: no limit."""
    max_retries: int
    """How many times a failed attempt may be tried again (0: never)."""
    extra_headers: Mapping[str, str]
    """Headers to send too; they replace any of the same name, credentials included."""
    extra_query: Mapping[str, str]
    """Query parameters to send too; they replace any of the same name."""
    idempotency_key: str
    """The idempotency key to send (instead of a fresh random one)."""
    max_pages: int
    """Walking pages (`<operation>_iter`, `<operation>_pages`) only: the most pages to
    request (10 000 unless given); a longer walk stops with `PaginationError`."""
    server_timezone: str | datetime.tzinfo | None
    """The zone the server means by a date-time without a UTC offset ("Europe/Zurich",
    "UTC", or a `datetime.tzinfo`); None: such a date-time is an issue."""


def time_zone(value: str | datetime.tzinfo | None) -> datetime.tzinfo | None:
    """The zone `server_timezone` names: an IANA name read with zoneinfo ("UTC" needs
    no database), or a `datetime.tzinfo` as it is. ValueError for an unknown name."""
    if value is None or isinstance(value, datetime.tzinfo):
        return value
    if value == "UTC":
        return datetime.UTC
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"server_timezone: no time zone is named {value!r}; give an IANA name "
            "such as 'Europe/Zurich' or 'UTC' (where the system has no time zone "
            "database, as on Windows, install the tzdata package) or a datetime.tzinfo"
        ) from None


def _text_map(value: object) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    )


def _timeout(value: object) -> bool:
    if value is None or type(value) in (int, float):
        return True
    import httpx  # loaded already: a client is sending

    return isinstance(value, httpx.Timeout)


_CHECKS: dict[str, tuple[Any, str]] = {
    "lenient": (lambda value: type(value) is bool, "a bool"),
    "max_retries": (lambda value: type(value) is int and value >= 0, "an int >= 0"),
    "idempotency_key": (lambda value: type(value) is str and value, "a non-empty str"),
    "timeout": (_timeout, "a number of seconds, an httpx.Timeout or None"),
    "extra_headers": (_text_map, "a mapping of str to str"),
    "extra_query": (_text_map, "a mapping of str to str"),
    "server_timezone": (
        lambda value: value is None or isinstance(value, (str, datetime.tzinfo)),
        "a time zone name, a datetime.tzinfo or None",
    ),
}


def checked_options(
    operation: str, *found: Mapping[str, object] | None
) -> dict[str, Any]:
    """The options given (later ones override earlier), each checked: `**options`
    takes any keyword at run time, and a misspelt one must not be ignored. A
    `server_timezone` comes back as its `datetime.tzinfo` (or None)."""
    merged: dict[str, Any] = {}
    for options in found:
        if options:
            merged.update(options)
    for name, value in merged.items():
        check = _CHECKS.get(name)
        if check is None:
            raise TypeError(
                f"{operation}() got an unexpected keyword argument {name!r}"
            )
        if not check[0](value):  # never the value itself: it may hold a secret
            shown = value if type(value) is int else type(value).__name__
            raise TypeError(f"{operation}(): {name} must be {check[1]}, not {shown}")
    if merged.get("server_timezone") is not None:
        try:
            merged["server_timezone"] = time_zone(merged["server_timezone"])
        except ValueError as error:
            raise ValueError(f"{operation}(): {error}") from None
    return merged
