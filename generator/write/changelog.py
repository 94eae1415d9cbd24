"""The changelog beside the client: a file the generator owns only by adding to it.

Each entry starts with a marker line naming its version; a new entry goes before the
newest one (or, in a file with none yet, before its first `## ` heading, else at its
end). Nothing else in the file is ever changed: the entries already there, and whatever
a person wrote above, between or inside them, stay byte for byte, and the writer
refuses any new text that does not keep the old one whole (`keeps`).
"""

from __future__ import annotations

CHANGELOG = "CHANGELOG.md"
"""In layout `project`, the project's changelog."""
_SUFFIX = ".CHANGELOG.md"
_MARKER = "<!-- campfire-codegen: entry {} -->"


def changelog_name(package: str, layout: str) -> str:
    """In layout `package` the output folder may be the user's own project, whose
    CHANGELOG.md is theirs: the client's is named after the package, like its API file."""
    return CHANGELOG if layout == "project" else package + _SUFFIX


def is_changelog(relative: str) -> bool:
    return "/" not in relative and (relative == CHANGELOG or relative.endswith(_SUFFIX))


def marker(version: str) -> str:
    """The line that starts the entry of `version` (a package version: no `-->` in it)."""
    return _MARKER.format(version)


def has_entry(text: str, version: str) -> bool:
    return marker(version) in text.splitlines()


def with_entry(existing: str | None, entry: str, title: str) -> str:
    """`existing` (or a new file headed by `title`) with `entry` inserted, newest first."""
    if existing is None or not existing.strip():
        return f"{title}\n{entry}"
    lines = existing.splitlines(keepends=True)
    prefix = _MARKER.split("{", 1)[0]
    at = next((number for number, line in enumerate(lines) if line.startswith(prefix)), None)
    if at is None:
        at = next((number for number, line in enumerate(lines) if line.startswith("## ")),
                  None)
    if at is None:
        ending = "" if existing.endswith("\n") else "\n"
        return f"{existing}{ending}\n{entry}"
    return "".join(lines[:at]) + entry + "\n" + "".join(lines[at:])


def keeps(old: bytes, new: bytes) -> bool:
    """Whether `new` is `old` with something inserted at one place (nothing lost)."""
    if len(new) < len(old):
        return False
    head = 0
    while head < len(old) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < len(old) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head + tail >= len(old)
