"""A parsed input document: where it came from, its data, and how to find a line in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic
from generator.load.lines import LineIndex


@dataclass(slots=True)
class Document:
    """One OpenAPI (or referenced) file, parsed.

    `uri` is what relative `$ref`s are resolved against; `display` is what errors show.
    """

    uri: str
    display: str
    data: Any
    text: str
    line_offset: int = 0
    warnings: list[Diagnostic] = field(default_factory=list)
    """What reading noticed but did not refuse (duplicate keys)."""
    _lines: LineIndex | None = field(default=None, repr=False)

    def line_of(self, pointer: str) -> int | None:
        """The 1-based line of the node at `pointer`, or None when it cannot be told."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        line = self._lines.line_of(pointer)
        return None if line is None else line + self.line_offset
