"""Turns names from a spec into safe, stable Python identifiers.

Rules (documented in docs/naming.md): ASCII letters, digits and underscores only;
words split at case changes and punctuation; keywords and reserved names get a
trailing underscore; a leading digit gets a prefix; collisions get `_2`, `_3`, ...
in a stable order.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

from generator.model.reserved import PACKAGE_NAMESPACE, SHADOWED_BUILTINS

# A word: an acronym (HTTP in HTTPServer), a capitalised or lower-case word with the
# digits that follow it (v1, Source3), or a run of digits on its own.
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")
_SOFT_KEYWORDS = frozenset({"match", "case", "type", "_"})
def words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(ascii_text)


def snake(text: str, fallback: str = "value") -> str:
    name = "_".join(word.lower() for word in words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or name in _SOFT_KEYWORDS or name in SHADOWED_BUILTINS:
        name += "_"
    return name


def module_name(text: str) -> str:
    """The snake_case module name of a class, never shadowing a name its package uses."""
    name = snake(text, "model")
    return name + "_" if name in PACKAGE_NAMESPACE else name


def pascal(text: str, fallback: str = "Model") -> str:
    if text.isascii() and text.isidentifier() and text[:1].isupper() and "_" not in text:
        return text  # already a class name (Source24dEnum): keep it exactly
    name = "".join(word[:1].upper() + word[1:] for word in words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    return name


def constant(text: str, fallback: str = "VALUE") -> str:
    # A leading minus is meaningful (DRF's descending ordering): keep it in the name.
    sign = "MINUS_" if text.startswith("-") else ""
    name = sign + "_".join(word.upper() for word in words(text))
    if name in ("", "MINUS_"):
        return "BLANK" if text == "" else fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    return name


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name_2`, `name_3`... whichever is free; the result is marked taken."""
    candidate = name
    counter = 2
    while candidate in taken:
        # PascalCase names read best as Name2; snake_case and CONSTANTS as name_2.
        pascal_case = name[:1].isupper() and not name.isupper() and "_" not in name
        separator = "" if (pascal_case and name[-1:].isalpha()) or name.endswith("_") else "_"
        candidate = f"{name}{separator}{counter}"
        counter += 1
    taken.add(candidate)
    return candidate


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key placing `x3` before `x24`, as ruff orders `__all__` and imports."""
    return tuple(_natural_part(part) for part in re.split(r"([0-9]+)", text) if part)


def _natural_part(part: str) -> tuple[int, int | str]:
    if not part.isdigit():
        return 2, part
    # ruff's natural order reads digits after a leading zero as a fraction (007 < 7 < 10).
    return (0, part) if part.startswith("0") else (1, int(part))


def import_key(text: str) -> tuple[tuple[tuple[int, int | str], ...], str]:
    """Sort key of imported modules and names, as ruff's isort orders them: natural,
    and blind to case."""
    return natural_key(text.lower()), text


def dunder_all_key(name: str) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """Sort key of the names in `__all__`, as ruff orders them (RUF022): CONSTANTS, then
    Classes, then the rest, each natural and case-sensitive."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, natural_key(name)


def member_key(name: str) -> tuple[int, tuple[tuple[tuple[int, int | str], ...], str]]:
    """Sort key of the names in one import, as ruff's isort orders them: CONSTANTS, then
    Classes, then the rest."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, import_key(name)
