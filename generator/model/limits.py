"""How far the generator goes: names that fit a file system."""

from __future__ import annotations

import hashlib

from generator.resolve import Location, Resolver

MAX_MODULE_NAME = 200
"""Characters of a module's name: `NAME.py` and the files tools make beside it
(`NAME.cpython-313.opt-1.pyc`, mypy's `NAME.data.json`) stay within the 255 bytes a file
system allows in a name. Module names are ASCII, so characters are bytes."""

_HASH_LENGTH = 10


def fitted_module_name(name: str, made_from: Location, resolver: Resolver, *,
                       chosen_by_spec: bool) -> str:
    """`name`, when it fits a file name. One the spec chose (a schema's or a tag's) that
    does not fit is reported at `made_from`; one the generator composed (an inline
    schema's, from operation and property names) is cut, and ends with a hash of the
    whole name, so that it stays unique and the same on every run."""
    if len(name) <= MAX_MODULE_NAME:
        return name
    if chosen_by_spec:
        resolver.report(made_from,
                        f"name too long for a module file: {name[:40]}... has {len(name)} "
                        f"characters, at most {MAX_MODULE_NAME} fit",
                        "use a shorter name")
        return name
    digest = hashlib.sha256(name.encode("ascii")).hexdigest()[:_HASH_LENGTH]
    return f"{name[:MAX_MODULE_NAME - _HASH_LENGTH - 1].rstrip('_')}_{digest}"
