"""Turns names from a spec into safe, stable Python identifiers.

Rules (documented in docs/naming.md): ASCII letters, digits and underscores only;
words split at case changes and punctuation; keywords and reserved names get a
trailing underscore; a leading digit gets a prefix; collisions get `_2`, `_3`, ...
in a stable order (`unique_names`): the order of the spec's own names, never the order
they come in.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from generator.model.reserved import PACKAGE_NAMESPACE, SHADOWED_BUILTINS

# A word: an acronym (HTTP in HTTPServer), a capitalised or lower-case word with the
# digits that follow it (v1, Source3), or a run of digits on its own.
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")
_SOFT_KEYWORDS = frozenset({"match", "case", "type", "_"})

K = TypeVar("K", bound=Hashable)


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
        candidate = numbered(name, counter)
        counter += 1
    taken.add(candidate)
    return candidate


def numbered(name: str, counter: int) -> str:
    """The `counter`th of a name: PascalCase names read best as Name2; snake_case and
    CONSTANTS as name_2."""
    pascal_case = name[:1].isupper() and not name.isupper() and "_" not in name
    separator = "" if (pascal_case and name[-1:].isalpha()) or name.endswith("_") else "_"
    return f"{name}{separator}{counter}"


def _itself(name: str) -> tuple[str, ...]:
    return (name,)


def unique_names(candidates: Iterable[tuple[K, str, Any]], taken: set[str], *,
                 claims: Callable[[str], Iterable[str]] = _itself,
                 numbering: Callable[[str, int], str] = numbered,
                 fallback: Callable[[K, str], str] | None = None) -> dict[K, str]:
    """Names, unique together, for candidates (key, wanted name, order), the same
    whatever order the candidates come in; the names given are marked taken.

    A wanted name that no other candidate wants and that is free is given as it is: a
    name collides only with names that come out the same. The others are served one by
    one in the order of their `order` (which callers make the spec's own name, then
    where it is, so that it is total): the wanted name when still free, else
    `fallback(key, name)` when given, numbered (`numbering`) until free. A name `claims`
    more than itself when it comes with others (an operation and its `_iter`)."""
    items = list(candidates)
    wanted = Counter(claimed for _, name, _ in items for claimed in set(claims(name)))
    found: dict[K, str] = {}
    rest: list[tuple[Any, K, str]] = []
    for key, name, order in items:
        claimed = set(claims(name))
        if all(wanted[c] == 1 for c in claimed) and not claimed & taken:
            found[key] = name
        else:
            rest.append((order, key, name))
    for name in found.values():
        taken.update(claims(name))
    for _, key, name in sorted(rest, key=lambda item: item[0]):
        base = name
        if set(claims(name)) & taken and fallback is not None:
            base = name = fallback(key, name)
        counter = 2
        while set(claims(name)) & taken:
            name = numbering(base, counter)
            counter += 1
        taken.update(claims(name))
        found[key] = name
    return found


def spec_order(name: str, spec_name: str, *place: str,
               as_spelled: bool | None = None) -> tuple[str, bool, str, tuple[str, ...]]:
    """The order in which `unique_names` serves a name that several of the spec's names
    come out as (`name`): the one the spec spells that way already (`as_spelled`, by
    default `name == spec_name`) first, then by the spec's name, then by its place
    (where the spec's names are the same); never by the order of the document."""
    spelled = name == spec_name if as_spelled is None else as_spelled
    return name, not spelled, spec_name, place


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
