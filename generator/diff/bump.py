"""The release a set of API changes calls for, and the client version that follows.

Semantic versioning, read from the change report: a breaking change calls for a major
release, an addition (a new operation, parameter, field, model, enum value...) a minor one,
anything else (a deprecation, a path moved, a type widened) a patch; no change, none.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diff.changes import Change
from generator.versions import FIRST_VERSION, bumped, is_lower

BUMPS = ("major", "minor", "patch")


def is_addition(change: Change) -> bool:
    """Something new that code using the client need not use."""
    return not change.breaking and change.kind.endswith("-added")


def bump_of(changes: list[Change]) -> str | None:
    """"major", "minor" or "patch"; None when nothing changed."""
    if not changes:
        return None
    if any(change.breaking for change in changes):
        return "major"
    return "minor" if any(map(is_addition, changes)) else "patch"


def counted(changes: list[Change]) -> str:
    """What decided the bump, counted: `12 breaking changes`, `3 additions`, `1 change`."""
    breaking = sum(change.breaking for change in changes)
    if breaking:
        return _plural(breaking, "breaking change")
    additions = sum(map(is_addition, changes))
    return _plural(additions, "addition") if additions else _plural(len(changes), "change")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class Release:
    """The client version a run writes, and how it came to be."""

    version: str
    previous: str | None
    """The version of the client in the output folder, as the generator recorded it;
    None on a first generation (or a client written before versions were recorded)."""
    bump: str | None
    """What the API changes call for (BUMPS), None when nothing changed."""
    configured: bool
    """Set by `package-version` (or `--package-version`), not proposed."""
    changes: tuple[Change, ...] = ()
    unrecorded: bool = False
    """A client is there, but written before versions were recorded: numbering starts
    again (`package-version` carries on from the user's own)."""

    @property
    def is_new(self) -> bool:
        """Whether this run makes a version the client did not have."""
        return self.version != self.previous

    @property
    def lowered(self) -> bool:
        """A configured version below the recorded one (allowed: the user decides)."""
        return self.previous is not None and is_lower(self.version, self.previous)

    def describe(self, package: str) -> str:
        """`campfire_client 0.3.0 -> 0.4.0: 12 breaking changes`."""
        moved = (f"{package} {self.version}" if self.previous is None
                 else f"{package} {self.previous} -> {self.version}")
        if self.configured:
            moved += " (package-version)"
        if self.changes:
            return f"{moved}: {counted(list(self.changes))}"
        return f"{moved}: first version" if self.previous is None else f"{moved}: no API change"


def next_release(previous: str | None, changes: list[Change] | None,
                 configured: str | None, *, unrecorded: bool = False) -> Release:
    """The version of this run's client: `configured` when given; else FIRST_VERSION for a
    first generation, else `previous` raised as the changes call for. `unrecorded`: a
    client is there without a recorded version."""
    found = list(changes or ())
    bump = bump_of(found)
    if configured is not None:
        return Release(configured, previous, bump, True, tuple(found), unrecorded)
    if previous is None:
        return Release(FIRST_VERSION, None, bump, False, tuple(found), unrecorded)
    return Release(bumped(previous, bump), previous, bump, False, tuple(found))
