"""The header that makes a POST or PATCH safe to retry, and where it comes from.

A create retried after a lost answer is a second create, unless the server recognises the
retry: an idempotency key, sent in a header the API names, the same on every attempt. The
client sends one per call when the API has such a header; without one it never retries a
POST or PATCH that may have reached the server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.operations import RawOperation

# What an API calls the header, when its spec says so only in words: Campfire's creates are
# documented as "Wraps CreateModelMixin.create ... with Idempotency-Key handling".
_MENTION = re.compile(r"\bIdempotency-Key\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Idempotency:
    header: str | None
    """The header name; None: the API has none."""
    operations: tuple[str, ...] | None
    """The operationIds known to honour it; None: every POST and PATCH (configured)."""


def idempotency_of(operations: list[RawOperation], chosen: str | None) -> Idempotency:
    """The header and who honours it.

    Configured (`idempotency-header`; "" for none): every POST and PATCH, the user's
    word. Else the spec's: a header parameter whose name says idempotency, honoured by the
    operations that declare it; else "Idempotency-Key" when an operation's summary or
    description names it, honoured by those operations only. A POST the spec says
    nothing of gets no key and is never repeated: one description is no promise for the
    whole API."""
    if chosen is not None:
        return Idempotency(chosen or None, None)
    for operation in operations:
        for param in operation.params:
            if param.location == "header" and "idempotency" in param.json_name.lower():
                name = param.json_name.lower()
                return Idempotency(param.json_name, tuple(
                    o.operation_id for o in operations
                    if any(p.location == "header" and p.json_name.lower() == name
                           for p in o.params)))
    mentioned = tuple(o.operation_id for o in operations
                      if _MENTION.search(f"{o.summary or ''} {o.description or ''}"))
    return Idempotency("Idempotency-Key", mentioned) if mentioned else Idempotency(None, ())


def without_header(operations: list[RawOperation], header: str | None) -> None:
    """The header leaves every signature: the client sends it (a fresh key per call, or
    the caller's `idempotency_key=`), so a parameter for it would only disagree."""
    if header is None:
        return
    for operation in operations:
        operation.params = [p for p in operation.params
                            if not (p.location == "header"
                                    and p.json_name.lower() == header.lower())]
