"""Versions: the installable client's own (a release number the generator proposes or the
user sets) and the API's (`info.version`, shown as it is)."""

from __future__ import annotations

import re

_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")
FIRST_VERSION = "0.1.0"
"""The version of a client's first generation."""


def is_package_version(text: str) -> bool:
    """Whether `text` is a package version (PEP 440, public and normalised)."""
    return _PEP440.fullmatch(text) is not None


def release(version: str) -> tuple[int, int, int]:
    """(major, minor, micro) of a package version; pre-release and post parts dropped."""
    major, minor, micro = _numbers(version)
    return major, minor, micro


def _numbers(version: str) -> list[int]:
    found = re.match(r"^\d+(\.\d+)*", version)
    numbers = [int(part) for part in found[0].split(".")] if found else [0]
    return (numbers + [0, 0, 0])[:3]


def bumped(version: str, bump: str | None) -> str:
    """`version` raised by `bump` ("major", "minor", "patch"; None: as it is). Below 1.0 a
    major bump raises the minor number (0.3.0 -> 0.4.0), as semantic versioning reads 0.x."""
    if bump is None:
        return version
    major, minor, micro = release(version)
    if bump == "major" and major == 0:
        bump = "minor"
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{micro + 1}"


def is_lower(version: str, than: str) -> bool:
    """Whether `version` is a lower release than `than` (release numbers only)."""
    return _numbers(version) < _numbers(than)
