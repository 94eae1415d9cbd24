"""Problems found in the input, reported together, one line each, with their location."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where it is (file, JSON pointer, line), what is wrong, what to do."""

    file: str
    pointer: str
    message: str
    hint: str = ""
    line: int | None = None
    severity: Severity = Severity.ERROR

    def render(self) -> str:
        """`FILE[:LINE] [POINTER]: SEVERITY: MESSAGE (HINT)`, always on a single line."""
        where = _one_line(self.file)
        if self.line is not None:
            where += f":{self.line}"
        if self.pointer:
            where += f" {_one_line(self.pointer)}"
        text = f"{where}: {self.severity.value}: {_one_line(self.message)}"
        return f"{text} ({_one_line(self.hint)})" if self.hint else text


STRICT_HINT = "or pass the spec without --strict"
"""What an error that is only an error under --strict adds to its hint."""


def as_strict(warning: Diagnostic, hint: str | None = None) -> Diagnostic:
    """A tolerated problem as --strict reports it: an error, whose hint (`hint`, else the
    warning's own fix) says how to fix it or that it is accepted without --strict. A
    warning's hint is only the fix: without --strict, generation goes on anyway."""
    fix = warning.hint if hint is None else hint
    return replace(warning, severity=Severity.ERROR,
                   hint=f"{fix}, {STRICT_HINT}" if fix else STRICT_HINT)


def one_per_place(found: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The problems found, those of one severity at one place (file and JSON pointer) as
    one line: each message, then each fix, in the order found. Stages that look at the
    same node for different reasons meet there: `const: 4.10` in a 3.0 string schema is a
    3.1 keyword (validation) and an unquoted number read as text (loading)."""
    merged: dict[tuple[str, str, Severity] | int, Diagnostic] = {}
    for problem in found:
        key = (problem.file, problem.pointer, problem.severity) if problem.pointer \
            else len(merged)  # a problem of the whole file stays on its own line
        first = merged.get(key)
        merged[key] = problem if first is None else replace(
            first, message=f"{first.message}; {problem.message}",
            hint=_both_hints(first.hint, problem.hint), line=first.line or problem.line)
    return list(merged.values())


def _both_hints(first: str, second: str) -> str:
    """Two fixes in one hint, saying once that --strict alone refuses them."""
    suffix = f", {STRICT_HINT}"
    strict = first.endswith(suffix) or second.endswith(suffix)
    fixes = "; ".join(hint.removesuffix(suffix) for hint in (first, second) if hint)
    return f"{fixes}{suffix}" if strict else fixes


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


class GenerationError(Exception):
    """Input the generator cannot turn into a correct client; carries every problem found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))


def escape_pointer_token(token: str) -> str:
    """One JSON pointer segment (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    return "".join("/" + escape_pointer_token(str(token)) for token in tokens)
