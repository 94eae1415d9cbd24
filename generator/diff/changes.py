"""One change of the API, and the kinds of change in the order reports list them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    """One of KINDS."""
    breaking: bool
    """Whether code that uses the client may stop working (or type-checking)."""
    subject: str
    """What changed, as code names it: `client.ledger.memos_list`, `Memo.amount`, `StatusEnum`."""
    detail: str


# kind -> heading, in report order: what removes or alters things before what adds them.
KINDS: dict[str, str] = {
    "version-changed": "API version changed",
    "auth-changed": "Authentication changed",
    "server-removed": "Servers removed",
    "server-added": "Servers added",
    "server-changed": "Servers changed",
    "server-variable-removed": "Server variables removed",
    "server-variable-added": "Server variables added",
    "server-variable-changed": "Server variables changed",
    "operation-removed": "Operations removed",
    "operation-renamed": "Operations renamed",
    "operation-added": "Operations added",
    "operation-deprecated": "Operations deprecated",
    "operation-path-changed": "Operation paths changed",
    "operation-security-changed": "Credentials accepted by operations changed",
    "parameter-removed": "Parameters removed",
    "parameter-renamed": "Parameters renamed",
    "parameter-added": "Parameters added",
    "parameter-required": "Parameters made required",
    "parameter-optional": "Parameters made optional",
    "parameter-type-changed": "Parameter types changed",
    "parameter-position-changed": "Parameters passed by position changed",
    "parameter-positional": "Parameters that may now be passed by position",
    "content-type-removed": "Request content types removed",
    "content-type-added": "Request content types added",
    "response-type-changed": "Response types changed",
    "pagination-removed": "Pagination removed",
    "pagination-added": "Pagination added",
    "model-removed": "Models and enums removed",
    "model-renamed": "Models and enums renamed",
    "model-added": "Models and enums added",
    "field-removed": "Fields removed",
    "field-renamed": "Fields renamed",
    "field-added": "Fields added",
    "field-required": "Fields made required",
    "field-optional": "Fields made optional",
    "field-nullable": "Fields made nullable",
    "field-not-nullable": "Fields made non-nullable",
    "field-type-changed": "Field types changed",
    "enum-value-removed": "Enum values removed",
    "enum-value-added": "Enum values added",
}


def ordered(changes: list[Change]) -> list[Change]:
    """By kind (KINDS order), then subject and detail: the same list on every run."""
    rank = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(changes, key=lambda c: (rank[c.kind], c.subject, c.detail))
