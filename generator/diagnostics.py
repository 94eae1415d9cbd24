"""Problems found in the input, reported together, one line each, with their location."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
