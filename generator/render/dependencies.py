"""The runtime dependencies an installable client (`--layout project`) declares: each a range
whose two ends are tested (tests/test_dependency_ends.py installs each end into a fresh
environment and runs the generated client's tests there; README.md, "Build step").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Dependency:
    distribution: str
    lowest: str
    """The oldest release the client is tested with."""
    below: str
    """The first release not admitted: the next major, or the first known to break it."""

    @property
    def requirement(self) -> str:
        return f"{self.distribution}>={self.lowest},<{self.below}"


# The runtime imports httpx and the standard library alone. 0.23.1 is the oldest release
# that imports on every Python the client supports (0.23.0 and older import `cgi`, which
# Python 3.13 removed); the runtime's tests pass from there to the newest 0.x release.
HTTPX = Dependency("httpx", "0.23.1", "1")
# PEP 702's `@deprecated`, on the operations the spec deprecates: typing_extensions 4.5.0
# introduced it (with `category` and `stacklevel`, as the client uses it).
TYPING_EXTENSIONS = Dependency("typing_extensions", "4.5.0", "5")

DEPENDENCIES = (HTTPX, TYPING_EXTENSIONS)
"""Every dependency a client may declare, in the order pyproject.toml lists them."""

# The build backend `python -m build` fetches: flit_core builds the wheel straight from the
# package folder (setuptools copies it into build/ first and keeps what a regeneration
# removed), in sorted order, with SOURCE_DATE_EPOCH's timestamps and normalized permissions,
# so two builds of one project are byte-identical (docs/decisions.md).
BUILD_BACKEND = Dependency("flit_core", "3.12", "5")
