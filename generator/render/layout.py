"""Lines laid out the way black lays them out, for the constructs the templates emit.

Emitting black's own layout lets the format stage skip black on most files (black is
most of a cold run). Only the common cases are handled: a line that still does not fit
afterwards is left long, and the format stage then sends that file through black.
"""

from __future__ import annotations

import re

from generator.style import INDENT, LINE_LENGTH

_STEP = INDENT
_NAME = re.compile(r"[A-Za-z_][\w.]*")


def fits(line: str) -> bool:
    return len(line) <= LINE_LENGTH


def split_top_level(text: str, separator: str) -> list[str]:
    """`text` split at `separator` where no bracket or string is open."""
    parts: list[str] = []
    depth = 0
    quote = ""
    start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and text.startswith(separator, index):
            parts.append(text[start:index].strip())
            index += len(separator)
            start = index
            continue
        index += 1
    parts.append(text[start:].strip())
    return parts


def _trailing_call(expression: str) -> tuple[str, str, str] | None:
    """(head up to and including the opening bracket, what is inside, the closing
    bracket) when `expression` ends with the ")" of a call or tuple, or with a list or
    dict literal that is the whole expression or an assigned value; None otherwise."""
    closer = expression[-1:]
    if closer not in (")", "]", "}"):
        return None
    depth = 0
    quote = ""
    opening = -1
    index = 0
    while index < len(expression):
        char = expression[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            if depth == 0:
                opening = index
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0 and index != len(expression) - 1:
                opening = -1
        index += 1
    # A list or dict splits at its own brackets when it is the whole expression or the
    # value of a keyword argument or an assignment (`query=[...]`, `x: T = {...}`).
    if opening < 0 or (closer != ")" and opening != 0
                       and not expression[:opening].rstrip().endswith("=")):
        return None
    return expression[: opening + 1], expression[opening + 1 : -1], closer


def right_hand_split(indent: str, expression: str, tail: str = "") -> list[str]:
    """`indent + expression + tail`, split at its last bracket as black does."""
    line = f"{indent}{expression}{tail}"
    if fits(line):
        return [line]
    call = _trailing_call(expression)
    if call is None:
        return [line]
    head, body, closer = call
    if not body.strip():
        return [line]  # nothing inside the brackets to split
    inner = indent + _STEP
    arguments = split_top_level(body, ",")
    if arguments and not arguments[-1]:
        arguments.pop()  # a trailing comma already there
    # A split tuple, list or dict literal always goes one element per line; the
    # arguments of a call stay on one line when they fit.
    literal = head in ("(", "[", "{") or not (head[-2:-1].isalnum() or head[-2:-1] in "_)]")
    one_line = fits(f"{inner}{', '.join(arguments)}") and not body.rstrip().endswith(",")
    end = f"{indent}{closer}{tail}"
    if one_line and not (literal and len(arguments) > 1):
        return [f"{indent}{head}", f"{inner}{', '.join(arguments)}", end]
    if len(arguments) == 1 and not body.rstrip().endswith(","):
        return [f"{indent}{head}", *right_hand_split(inner, arguments[0]), end]
    lines = [f"{indent}{head}"]
    for argument in arguments:
        lines += right_hand_split(inner, argument, ",")
    return [*lines, end]


def exploded(indent: str, head: str, items: list[str], tail: str) -> list[str]:
    """`head(` one item per line, each with a trailing comma, then `)tail`."""
    return [f"{indent}{head}", *(f"{indent}{_STEP}{item}," for item in items), f"{indent}){tail}"]


def import_lines(indent: str, module: str, names: list[str]) -> list[str]:
    """`from module import names`; exploded one name per line when too long (black's rule
    for imports)."""
    line = f"{indent}from {module} import {', '.join(names)}"
    if fits(line):
        return [line]
    return exploded(indent, f"from {module} import (", names, "")


def parameter(indent: str, name: str, annotation: str, default: str) -> list[str]:
    """A function parameter line `name: annotation = default,` as black lays it out in
    an exploded signature; a form not handled here is left long for black."""
    suffix = f" = {default}," if default else ","
    line = f"{indent}{name}: {annotation}{suffix}"
    if fits(line):
        return [line]
    inner = indent + _STEP
    subscript = _subscript(annotation)
    if subscript is not None:
        # A lone subscript (`Literal[...]`) is split inside its own brackets.
        head, items = subscript
        if not fits(f"{indent}{name}: {head}["):
            return [line]
        if fits(f"{inner}{', '.join(items)}"):
            return [f"{indent}{name}: {head}[", f"{inner}{', '.join(items)}",
                    f"{indent}]{suffix}"]
        return [f"{indent}{name}: {head}[", *(f"{inner}{item}," for item in items),
                f"{indent}]{suffix}"]
    if fits(f"{inner}{annotation}"):
        return [f"{indent}{name}: (", f"{inner}{annotation}", f"{indent}){suffix}"]
    body: list[str] = []
    for index, part in enumerate(split_top_level(annotation, "|")):
        prefix = "| " if index else ""
        subscript = _subscript(part)
        if fits(f"{inner}{prefix}{part}"):
            body.append(f"{inner}{prefix}{part}")
        elif subscript is not None:
            head, items = subscript
            body += exploded(inner, f"{prefix}{head}[", items, "")
            body[-1] = f"{inner}]"
        else:
            return [line]
    return [f"{indent}{name}: (", *body, f"{indent}){suffix}"]


def field(indent: str, name: str, annotation: str, default: str) -> list[str]:
    """A class-body field `name: annotation = default` as black lays it out; a form not
    handled here is left long for black."""
    line = f"{indent}{name}: {annotation}" + (f" = {default}" if default else "")
    if fits(line):
        return [line]
    inner = indent + _STEP
    union = len(split_top_level(annotation, "|")) > 1
    if default.startswith("field("):  # black splits the call's brackets, not `= (...)`
        lines = right_hand_split(indent, f"{name}: {annotation} = {default}")
        return lines if all(fits(each) for each in lines) else [line]
    if default:
        head = f"{indent}{name}: {annotation} = ("
        if fits(head):  # black splits the value side first
            return [head, f"{inner}{default}", f"{indent})"]
        if fits(f"{inner}{annotation}"):
            return [f"{indent}{name}: (", f"{inner}{annotation}", f"{indent}) = {default}"]
        body = _type_lines(inner, annotation) if union else None
        if body is None:
            return [line]
        return [f"{indent}{name}: (", *body, f"{indent}) = {default}"]
    if union:
        body = _type_lines(inner, annotation)
        return [line] if body is None else [f"{indent}{name}: (", *body, f"{indent})"]
    subscript = _subscript(annotation)
    if subscript is not None and len(subscript[1]) == 1:
        head = f"{indent}{name}: {subscript[0]}["
        body = _type_lines(inner, subscript[1][0]) if fits(head) else None
        return [line] if body is None else [head, *body, f"{indent}]"]
    if _NAME.fullmatch(annotation) and fits(f"{inner}{annotation}"):
        return [f"{indent}{name}: (", f"{inner}{annotation}", f"{indent})"]
    return [line]


def _type_lines(indent: str, expression: str) -> list[str] | None:
    """A type expression alone inside brackets or parentheses, split as black splits it:
    a union one member per line (`| B`), a subscript of one item inside its brackets;
    None for a form not handled here (black then lays it out)."""
    if fits(f"{indent}{expression}") or _NAME.fullmatch(expression):
        return [f"{indent}{expression}"]  # a name too long for any line: black leaves it
    parts = split_top_level(expression, "|")
    if len(parts) == 1:
        return _subscript_lines(indent, "", expression)
    lines: list[str] = []
    for index, part in enumerate(parts):
        prefix = "| " if index else ""
        if fits(f"{indent}{prefix}{part}") or _NAME.fullmatch(part):
            # In a union, a name too long for any line stays whole on a line of its own,
            # as black leaves it (alone, black keeps it on the field's line instead).
            lines.append(f"{indent}{prefix}{part}")
            continue
        nested = _subscript_lines(indent, prefix, part)
        if nested is None:
            return None
        lines += nested
    return lines


def _subscript_lines(indent: str, prefix: str, expression: str) -> list[str] | None:
    subscript = _subscript(expression)
    if subscript is None or len(subscript[1]) != 1:
        return None
    body = _type_lines(indent + _STEP, subscript[1][0])
    if body is None:
        return None
    return [f"{indent}{prefix}{subscript[0]}[", *body, f"{indent}]"]


def constant(indent: str, name: str, value: str) -> list[str]:
    """`NAME = value` (an enum member); a long one has its value in parentheses."""
    line = f"{indent}{name} = {value}"
    inner = f"{indent}{_STEP}{value}"
    if fits(line) or not fits(f"{indent}{name} = (") or not fits(inner):
        return [line]  # parentheses that do not make it fit: black leaves them out
    return [f"{indent}{name} = (", inner, f"{indent})"]


def class_header(name: str, base: str) -> list[str]:
    line = f"class {name}({base}):"
    if fits(line):
        return [line]
    return [f"class {name}(", f"{_STEP}{base}", "):"]


def _subscript(expression: str) -> tuple[str, list[str]] | None:
    """(name, items) of `name[item, item]`; None for anything else."""
    if not expression.endswith("]") or "[" not in expression:
        return None
    head, _, rest = expression.partition("[")
    if not head.replace(".", "").isidentifier():
        return None
    items = split_top_level(rest[:-1], ",")
    if split_top_level(expression, "|") != [expression]:
        return None
    return head, items


def keyword_ternary(indent: str, keyword: str, condition: str, when_true: str,
                    when_false: str) -> list[str]:
    """`keyword=when_true if condition else when_false,` as an argument line."""
    line = f"{indent}{keyword}={when_true} if {condition} else {when_false},"
    if fits(line):
        return [line]
    inner = indent + _STEP
    whole = f"{inner}{when_true} if {condition} else {when_false}"
    if fits(whole):
        return [f"{indent}{keyword}=(", whole, f"{indent}),"]
    return [f"{indent}{keyword}=(", f"{inner}{when_true}", f"{inner}if {condition}",
            *right_hand_split(inner, f"else {when_false}"), f"{indent}),"]


def assignment(indent: str, target: str, value: str) -> list[str]:
    """`target = value`; when even the split value's first line is too long, the value
    goes in parentheses (black's optional parentheses), unless `target = (` is too long
    as well, or the value does not fit inside them either: then black does without."""
    lines = right_hand_split(indent, f"{target} = {value}")
    if fits(lines[0]) or not fits(f"{indent}{target} = ("):
        return lines
    inside = right_hand_split(indent + _STEP, value)
    if not all(fits(line) for line in inside):
        return lines  # parentheses that do not make it fit: black leaves them out
    return [f"{indent}{target} = (", *inside, f"{indent})"]


def closing_return(annotation: str, indent: str = "") -> list[str]:
    """`) -> annotation:`, the last line of a signature whose parameters are one per line;
    too long, the annotation is split inside its last brackets, as black does. Any other
    form is left long for black."""
    line = f"{indent}) -> {annotation}:"
    if fits(line) or _NAME.fullmatch(annotation):
        return [line]  # a name too long for any line: black leaves it
    subscript = _subscript(annotation)
    if subscript is None:  # a union: black puts it in parentheses, one member per line
        members = _type_lines(indent + _STEP, annotation)
        return [line] if members is None else [f"{indent}) -> (", *members, f"{indent}):"]
    if len(subscript[1]) != 1:
        return [line]
    body = _type_lines(indent + _STEP, subscript[1][0])
    return [line] if body is None else [f"{indent}) -> {subscript[0]}[", *body, f"{indent}]:"]
