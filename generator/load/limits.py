"""How much input the load stage accepts (every later stage may rely on these bounds),
and what it says about what it refuses or doubts.

The limits are module constants, so that a test can lower them instead of writing huge
files.
"""

from __future__ import annotations

import sys

from generator.diagnostics import Diagnostic, Severity, as_strict

MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
"""One input file or download. Real specs are a few MB; generated ones reach 50 MB."""

MAX_DEPTH = 400
"""Mappings and lists nested in each other (the top level counts as 1). Real specs nest
at most 23 deep (stripe.json, the deepest of the corpus); a schema of 247 levels of
`items` nests about 255. Later stages recurse over the data, several frames a level
(copy.deepcopy two: within Python's default limit of 1,000 frames; the model stage five
or six: in `deep_stack.py`'s thread)."""

MAX_ALIASED_NODES = 1_000_000
"""Nodes (keys and values) that YAML aliases add to a document, each use of an alias
counting every node it repeats. Aliases stay shared in memory, but later stages walk the
document as a tree: a "billion laughs" of a few lines would make them walk billions of
nodes. Real specs rarely use aliases (none in the corpus); a million repeated nodes is
seven times the whole of the largest spec there (stripe.json, 142,000 nodes)."""


# What each limit says when it is hit: (message, hint).


def too_deep() -> tuple[str, str]:
    return (f"mappings and lists nested more than {MAX_DEPTH} deep",
            "nest less: move inner parts into components and $ref them")


def long_integer(digits: int) -> tuple[str, str]:
    most = sys.get_int_max_str_digits()
    return (f"an integer of {digits:,} digits, more than the {most:,} Python reads",
            "write it as a string, or with fewer digits")


def too_large(size: int | None) -> tuple[str, str]:
    """`size`: the document's size in bytes, None when it is not known (a download)."""
    limit = _bytes(MAX_DOCUMENT_BYTES)
    message = f"the document is larger than the limit of {limit}" if size is None else \
        f"the document is {_bytes(size)}, over the limit of {limit}"
    return message, "split it into files joined by $ref"


def _bytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):,.1f} MiB".replace(".0 MiB", " MiB")


AsText = tuple[str, str, str, int]
"""A YAML plain scalar read as the text written, since its schema's type is string:
its pointer, the text, the kind YAML reads it as (`number`), and its line."""


def as_text(display: str, where: str, text: str, kind: str, line: int) -> Diagnostic:
    """An unquoted value that a string schema makes text: a warning (an error under
    --strict), since YAML alone would read it as another kind."""
    return Diagnostic(display, where, f"unquoted {text} is read as the text {text!r}, as "
                      f"its schema's type string says (YAML alone reads {_A[kind]} {kind})",
                      f'quote it ("{text}") to say so', line=line, severity=Severity.WARNING)


_A = {"integer": "an", "number": "a", "boolean": "a"}

Duplicate = tuple[str, str, int | None]
"""A key given again in the same mapping: its member's pointer, the key, and the line of
the repetition (None: not known yet)."""


def duplicate_key(display: str, where: str, key: str, line: int | None,
                  first_line: int | None) -> Diagnostic:
    """A key given twice in one mapping: a warning (`as_error` under --strict)."""
    first = f", first on line {first_line}" if first_line is not None else ""
    return Diagnostic(display, where, f"duplicate key {key!r}{first}",
                      "the later value wins; remove one", line=line, severity=Severity.WARNING)


def as_error(warning: Diagnostic) -> Diagnostic:
    """A warning of the load stage, as --strict reports it."""
    if not warning.message.startswith("duplicate key"):
        return as_strict(warning)
    return as_strict(warning, "remove one")
