"""The changes as text (a terminal), markdown (a changelog, a pull request) or JSON (tools)."""

from __future__ import annotations

import json
from itertools import groupby

from generator.diff.bump import bump_of
from generator.diff.changes import KINDS, Change, ordered
from generator.versions import bumped

FORMATS = ("text", "markdown", "json")


def render(changes: list[Change], fmt: str, *, title: str = "API changes",
           version: str | None = None) -> str:
    """`version`: the client version the old side records, if any (for the JSON's
    proposed version)."""
    if fmt == "json":
        return as_json(changes, version)
    return as_markdown(changes, title) if fmt == "markdown" else as_text(changes, title)


def summary(changes: list[Change]) -> str:
    """`2 breaking, 5 other changes` (or `no changes`)."""
    if not changes:
        return "no changes"
    breaking = sum(change.breaking for change in changes)
    other = len(changes) - breaking
    return f"{breaking} breaking, {other} other change{'' if other == 1 else 's'}"


def as_text(changes: list[Change], title: str) -> str:
    """One line per change, grouped under a heading per kind; breaking ones marked."""
    lines = [f"{title}: {summary(changes)}"]
    for kind, group in _by_kind(changes):
        lines.append(f"{KINDS[kind]} ({len(group)}):")
        for change in group:
            marker = "BREAKING" if change.breaking else "        "
            lines.append(f"  {marker}  {change.subject}: {change.detail}")
    return "\n".join(lines) + "\n"


def as_markdown(changes: list[Change], title: str) -> str:
    lines = [f"## {title}", "", f"**{summary(changes)}**"]
    for kind, group in _by_kind(changes):
        lines += ["", f"### {KINDS[kind]} ({len(group)})", "",
                  "| Breaking | Subject | Detail |", "| --- | --- | --- |"]
        for change in group:
            lines.append(f"| {'**yes**' if change.breaking else 'no'} | "
                         f"{_code(change.subject)} | {_cell(change.detail)} |")
    return "\n".join(lines) + "\n"


def as_json(changes: list[Change], version: str | None = None) -> str:
    """{bump, version, proposed_version, changes}: the release the changes call for
    (diff/bump.py), the client version before and after when the old side records one,
    and a list of {kind, breaking, subject, detail} in report order."""
    bump = bump_of(changes)
    return json.dumps({
        "bump": bump, "version": version,
        "proposed_version": None if version is None else bumped(version, bump),
        "changes": [{"kind": c.kind, "breaking": c.breaking, "subject": c.subject,
                     "detail": c.detail} for c in ordered(changes)]}, indent=1) + "\n"


def _by_kind(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    return [(kind, list(group)) for kind, group in groupby(ordered(changes), lambda c: c.kind)]


def _cell(text: str) -> str:
    """Table cells: pipes escaped, one line."""
    return " ".join(text.split()).replace("|", "\\|")


def _code(text: str) -> str:
    return f"`{_cell(text)}`"
