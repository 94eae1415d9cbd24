"""The header that makes a POST or PATCH safe to retry, and where it comes from.

A create retried after a lost answer is a second create, unless the server recognises the
retry: an idempotency key, sent in a header the API names, the same on every attempt. The
client sends one per call when the API has such a header; without one it never retries a
POST or PATCH that may have reached the server.
"""

from __future__ import annotations

import re

from generator.model.operations import RawOperation

# What an API calls the header, when its spec says so only in words: Campfire's creates are
# documented as "Wraps CreateModelMixin.create ... with Idempotency-Key handling".
_MENTION = re.compile(r"\bIdempotency-Key\b", re.IGNORECASE)


def idempotency_header(operations: list[RawOperation], chosen: str | None) -> str | None:
    """The header name: the one configured (`idempotency-header`; "" for none), else a
    header parameter of the spec whose name says idempotency, else "Idempotency-Key"
    when an operation's description names it; None when nothing does."""
    if chosen is not None:
        return chosen or None
    for operation in operations:
        for param in operation.params:
            if param.location == "header" and "idempotency" in param.json_name.lower():
                return param.json_name
    for operation in operations:
        if _MENTION.search(f"{operation.summary or ''} {operation.description or ''}"):
            return "Idempotency-Key"
    return None


def without_header(operations: list[RawOperation], header: str | None) -> None:
    """The header leaves every signature: the client sends it (a fresh key per call, or
    the caller's `idempotency_key=`), so a parameter for it would only disagree."""
    if header is None:
        return
    for operation in operations:
        operation.params = [p for p in operation.params
                            if not (p.location == "header"
                                    and p.json_name.lower() == header.lower())]
