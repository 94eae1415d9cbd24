"""Whether a name can be the generated package's: importable, and shadowing nothing the
client (or the program using it) imports."""

from __future__ import annotations

import keyword
import re
import sys

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# The generated client imports httpx, which imports these: a package named like one of
# them would be imported in its place.
_CLIENT_DEPENDENCIES = frozenset({"httpx", "httpcore", "h11", "anyio", "sniffio", "idna",
                                  "certifi"})


def package_name_problem(name: str) -> tuple[str, str] | None:
    """(what is wrong, a better name) for a package name that cannot work; None if it can."""
    if not name:
        return "the package name is empty", "campfire_client"
    if not _IDENTIFIER.match(name):
        wrong = (f"{name!r} is not a Python package name (letters, digits and underscores, "
                 "not starting with a digit)")
        return wrong, _suggest(name)
    if keyword.iskeyword(name):
        return f"{name!r} is a Python keyword: `import {name}` cannot work", f"{name}_client"
    if name in sys.stdlib_module_names or name in sys.builtin_module_names:
        shadowed = "a standard-library module"
    elif name.lower() in _CLIENT_DEPENDENCIES:
        shadowed = "a module the generated client imports"
    else:
        return None
    return f"{name!r} is {shadowed}: the generated package would shadow it", f"{name}_client"


def _suggest(name: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", name)
    suggestion = "_".join(word.lower() for word in words) or "campfire"
    if suggestion[0].isdigit():
        suggestion = f"api_{suggestion}"
    if not suggestion.endswith("client"):
        suggestion += "_client"
    return suggestion
