"""Puts text from a spec into generated code so that it can only ever be text.

Everything a spec says (descriptions, enum values, paths) reaches the generated
source through these functions; none of it can close a string or a docstring.
"""

from __future__ import annotations

from collections.abc import Iterable


def py_str(text: str) -> str:
    """A double-quoted Python string literal equal to `text`."""
    out = ['"']
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
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
    out.append('"')
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
    # Drop the common indentation and blank edges, as inspect.cleandoc does.
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    lines = [line[cut:] if line.strip() else "" for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    collapsed: list[str] = []
    for line in lines:
        if line or (collapsed and collapsed[-1]):
            collapsed.append(line)
    if collapsed and collapsed[-1].endswith('"'):
        collapsed[-1] += " "  # a quote right before the closing one would end the docstring
    if collapsed and collapsed[0].startswith('"'):
        collapsed[0] = " " + collapsed[0]
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
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""\n'
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{body}\n{indent}"""\n'
