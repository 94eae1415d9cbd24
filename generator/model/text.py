"""Puts text from a spec into generated code so that it can only ever be text.

Everything a spec says (descriptions, enum values, paths) reaches the generated
source through these functions; none of it can close a string or a docstring.
"""

from __future__ import annotations

from collections.abc import Iterable


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


def clean_lines(text: str | None) -> list[str]:
    """Description text as lines, safe inside a triple-quoted docstring."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    lines: list[str] = []
    for raw in text.split("\n"):
        line = "".join(c if c.isprintable() and c not in "\u2028\u2029" else " " for c in raw)
        line = line.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').rstrip()
        lines.append(line)
    # Drop the common indentation of the lines after the first, and blank edges, as
    # inspect.cleandoc (and black, on docstrings) does.
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


def docstring(parts: Iterable[str | None], indent: str) -> str:
    """A complete docstring statement, or "" when there is nothing to say."""
    lines: list[str] = []
    for part in parts:
        cleaned = clean_lines(part)
        if cleaned:
            if lines:
                lines.append("")
            lines.extend(cleaned)
    if not lines:
        return ""
    if lines[0].startswith('"'):
        lines[0] = " " + lines[0]
    if len(lines) == 1:
        if lines[0].endswith('"'):
            lines[0] += " "  # a quote right before the closing ones would end the docstring
        return f'{indent}"""{lines[0]}"""\n'
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{body}\n{indent}"""\n'
