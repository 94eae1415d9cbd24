"""The version a generated client carries (its project, its User-Agent)."""

from __future__ import annotations

import re

_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


def package_version(api_version: str) -> str:
    """The API's version when it is a valid package version (PEP 440), else 0.0.0."""
    candidate = api_version.strip().removeprefix("v")
    return candidate if _PEP440.match(candidate) else "0.0.0"
