"""A changelog entry, in markdown: the client's new version, the date, the API's version,
and the API changes, breaking ones first with what a caller must change.

The date is the only thing in the generator's output that depends on when it runs: it is
written once, in the new entry (never in an old one), and `SOURCE_DATE_EPOCH` sets it for
reproducible runs.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from itertools import groupby

from generator.diff.bump import Release, is_addition
from generator.diff.changes import KINDS, Change, ordered
from generator.write.changelog import marker

# kind -> what code using the client must do about a breaking change of that kind.
ACTIONS: dict[str, str] = {
    "auth-changed": "give the client the credentials the API now asks for",
    "operation-removed": "remove these calls",
    "operation-renamed": "call these operations by their new names",
    "parameter-removed": "stop passing these arguments",
    "parameter-renamed": "pass these arguments under their new names",
    "parameter-added": "pass these new required arguments",
    "parameter-required": "pass these arguments on every call",
    "parameter-type-changed": "pass values of the new types",
    "parameter-position-changed": "check the arguments you pass by position (or name them)",
    "content-type-removed": "send these bodies in another content type",
    "response-type-changed": "handle the new return types",
    "pagination-removed": "page through these results yourself",
    "model-removed": "stop using these classes",
    "model-renamed": "use the classes' new names",
    "field-removed": "stop reading or setting these fields",
    "field-renamed": "use the fields' new names",
    "field-added": "set these new required fields",
    "field-required": "set these fields in every request",
    "field-optional": "handle `UNSET` where you read these fields",
    "field-nullable": "handle `None` where you read these fields",
    "field-not-nullable": "stop sending `None` in these fields",
    "field-type-changed": "handle (or send) values of the new types",
    "enum-value-removed": "stop using these values",
}
_REVIEW = "review these uses"


def entry_date() -> date:
    """Today (UTC), or the day `SOURCE_DATE_EPOCH` names (reproducible builds' convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


def title(package: str) -> str:
    """The head of a new changelog file."""
    return (f"# Changelog of {package}\n\n"
            "Newest first. campfire-codegen adds an entry each time a regeneration changes\n"
            "the API (or the client's version); it never rewrites one, and keeps what you\n"
            "write here.\n")


def entry(release: Release, api_version: str, day: date, *, missing: bool = False) -> str:
    """The entry of `release`, headed by its marker line (`write/changelog.py`).
    `missing`: this version's entry was lost; written again without the changes it had."""
    api = _one_line(api_version)
    lines = [marker(release.version), f"## {release.version} ({day.isoformat()})", "",
             f"API version {api}." if api else "The API document states no version."]
    changes = list(release.changes)
    if changes:
        since = f" since {release.previous}" if release.previous else ""
        lines.append(f"API changes{since}: {_counts(changes)}.")
        lines += _sections(changes)
    elif missing:
        lines.append("This entry was missing from the file and was written again; the API "
                     "changes of this version are no longer known to the generator.")
    elif release.previous is None:
        lines.append("First version.")
    else:
        lines.append(f"No API change since {release.previous}.")
    return "\n".join(lines) + "\n"


def _counts(changes: list[Change]) -> str:
    breaking = sum(change.breaking for change in changes)
    additions = sum(map(is_addition, changes))
    other = len(changes) - breaking - additions
    return f"{breaking} breaking, {additions} added, {other} other"


def _sections(changes: list[Change]) -> list[str]:
    lines: list[str] = []
    breaking = [change for change in changes if change.breaking]
    added = [change for change in changes if is_addition(change)]
    other = [change for change in changes if not change.breaking and not is_addition(change)]
    for heading, group, actions in (("Breaking changes: what a caller must change", breaking,
                                     True), ("Added", added, False), ("Other changes", other,
                                                                      False)):
        if not group:
            continue
        lines += ["", f"### {heading}"]
        for kind, of_kind in groupby(ordered(group), lambda c: c.kind):
            found = list(of_kind)
            todo = f": {ACTIONS.get(kind, _REVIEW)}" if actions else ""
            lines += ["", f"{KINDS[kind]} ({len(found)}){todo}.", ""]
            lines += [f"- `{_one_line(c.subject)}`: {_one_line(c.detail)}" for c in found]
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())
