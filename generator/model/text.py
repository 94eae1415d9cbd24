"""Puts text from a spec into generated code so that it can only ever be text.

Everything a spec says (descriptions, enum values, paths) reaches the generated
source through these functions; none of it can close a string or a docstring.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def text_of(value: object) -> str | None:
    """A descriptive field of the spec as text, or None when it is no string (the spec
    validator reports that; the generated code simply goes without)."""
    return value if isinstance(value, str) and value else None


def py_str(text: str) -> str:
    """A Python string literal equal to `text`: double-quoted, unless single quotes need
    fewer escapes (black's rule, so that black leaves it as it is)."""
    return quoted(text, preferred_quote(text))


def preferred_quote(text: str) -> str:
    return "'" if text.count('"') > text.count("'") else '"'


def quoted(text: str, quote: str) -> str:
    """`text` as a string literal in the given quotes."""
    out = [quote]
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == quote:
            out.append("\\" + quote)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif not char.isprintable() or char in "\u2028\u2029":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    out.append(quote)
    return "".join(out)


def py_literal(value: object) -> str:
    """A Python literal for a JSON scalar value."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return py_str(str(value))


def text_lines(text: str | None) -> list[str]:
    """A spec's text as lines, the way `inspect.cleandoc` shows a docstring: the common
    indentation of the lines after the first dropped, no blank lines at the edges, runs of
    blank lines made one, characters that are not printable made spaces. Not yet escaped:
    `docstring` escapes every line it writes."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    lines = ["".join(c if c.isprintable() and c not in "\u2028\u2029" else " " for c in raw)
             .rstrip() for raw in text.split("\n")]
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    cut = min(indents) if indents else 0
    lines = [lines[0].lstrip()] + [line[cut:] if line.strip() else "" for line in lines[1:]]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    collapsed: list[str] = []
    for line in lines:
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    return collapsed


def one_line(text: str | None) -> str:
    """A spec's text on one line: every run of white space (line breaks too) one space."""
    return " ".join(" ".join(text_lines(text)).split())


_NOT_PROSE = ("* ", "- ", "+ ", "|", "#", ">", "```", "    ")


def _is_prose(line: str) -> bool:
    """A line of running text: no item of a list, row of a table, heading, quote or code."""
    head = line.split(" ", 1)[0]
    return not (line.startswith(_NOT_PROSE) or line in ("*", "-", "+")
                or (head[:-1].isdigit() and head.endswith((".", ")"))))


def split_summary(text: str | None, room: int) -> tuple[str | None, list[str]]:
    """A spec's text as a docstring's summary line and the lines that follow it.

    The summary is the first paragraph when it is one line of prose, or its first line
    when that ends a sentence, or the paragraph joined into one line when that fits in
    `room` columns. Otherwise (a list, a table, a long paragraph, a line that introduces
    what follows) there is no summary (None) and all the lines follow: the caller says
    what the thing is, and the text comes after.
    """
    lines = text_lines(text)
    if not lines:
        return None, []
    end = lines.index("") if "" in lines else len(lines)
    first, after = lines[:end], lines[end + 1:]
    if not all(_is_prose(line) for line in first) or first[0].endswith(":"):
        return None, lines
    if len(first) == 1:
        return first[0], _dedented(after)
    if first[0].endswith((".", "!", "?")):
        return first[0], _dedented([*first[1:], *([""] if after else []), *after])
    joined = " ".join(line.strip() for line in first)
    if len(sentence(joined)) <= room:
        return joined, _dedented(after)
    return None, lines


def _dedented(lines: list[str]) -> list[str]:
    """Lines without the indentation they all share (black would take it away)."""
    cut = min((len(line) - len(line.lstrip()) for line in lines if line), default=0)
    return [line[cut:] for line in lines]


def sentence(text: str) -> str:
    """A summary line as a sentence (pydocstyle's D403 and D415): its first word, when
    all lower case letters, capitalised; a full stop at the end unless it ends one."""
    text = one_line(text)
    word = text.split(" ", 1)[0]
    if word.isascii() and word.isalpha() and word.islower():
        text = text[0].upper() + text[1:]
    if not text.endswith((".", "!", "?")):
        text = text.rstrip(":;,") + "."
    return text


@dataclass(frozen=True, slots=True)
class Section:
    """A Google-style section: `Args:` or `Attributes:` and one entry per name."""

    header: str
    entries: tuple[tuple[str, tuple[str, ...]], ...]
    """(name, lines of its description): the first line goes after the name, the rest
    under it, indented once more."""

    def lines(self) -> list[str]:
        out = [f"{self.header}:"]
        for name, about in self.entries:
            first, *more = about or ("",)
            out.append(f"    {name}: {first}".rstrip())
            out += [f"        {line}" if line else "" for line in more]
        return out


def _escaped(line: str) -> str:
    """A line that cannot end the docstring: backslashes doubled, triple quotes broken."""
    return line.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def docstring(summary: str, body: Iterable[str | Section | list[str] | None],
              indent: str) -> str:
    """A complete docstring statement: `summary` as its first line (made a sentence),
    then each part of the body as a paragraph. A part is a spec's text (`str`, cleaned
    by `text_lines`), lines already cut (`list`, kept as they are) or a `Section`."""
    paragraphs: list[list[str]] = []
    for part in body:
        lines = (part.lines() if isinstance(part, Section) else
                 text_lines(part) if isinstance(part, str) else part or [])
        if lines:
            paragraphs.append(lines)
    first = _escaped(sentence(summary))
    if first.startswith('"'):
        first = "\\" + first  # `""""` would end the opening quotes early for black
    if not paragraphs:
        return f'{indent}"""{first}"""\n'
    lines = [line for paragraph in paragraphs for line in ["", *paragraph]]
    body_text = "\n".join(f"{indent}{_escaped(line)}" if line else "" for line in lines)
    return f'{indent}"""{first}\n{body_text}\n{indent}"""\n'
