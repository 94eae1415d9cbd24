"""Lines laid out the way black lays them out, decided on the expression tree.

The printer takes what `render/` built (`render/code.py`: calls, collections, unions,
subscripts, prefixed values) and splits it where black would, measuring widths; it
never reads text back. Emitting black's own layout lets the format stage skip black on
most files (black is most of a cold run).

A line still longer than the limit afterwards is one of two kinds. `Kept`: a line black
cannot split either (a long name, a string, the head of an import), which the printer
vouches for. Any other: a form the printer does not handle; the file it ends up in goes
through black (`render/printed.py` records that).
"""

from __future__ import annotations

from generator.render.code import Atom, Call, Display, Expr, Prefixed, Subscript, Union
from generator.style import INDENT, LINE_LENGTH

_STEP = INDENT


class Kept(str):
    """A line longer than the limit that black leaves as it is."""

    __slots__ = ()


def fits(line: str) -> bool:
    return len(line) <= LINE_LENGTH


def _kept(line: str) -> str:
    return Kept(line) if not fits(line) else line


def settled(lines: list[str]) -> bool:
    """Every line fits, or is one black keeps as it is."""
    return all(fits(line) or isinstance(line, Kept) for line in lines)


def _trailing(expr: Expr, prefix: str = "") -> tuple[str, Call | Display] | None:
    """(everything up to and including the last opening bracket, the call or collection
    that bracket opens) when `expr` ends with a call, or is a collection that is the
    whole expression or an assigned value; None otherwise (black's right-hand split, for
    the shapes the generator builds)."""
    match expr:
        case Call(head):
            return f"{prefix}{head}(", expr
        case Display(opening):
            if prefix and not prefix.rstrip().endswith(("=", ":")):
                return None  # `return [...]` and the like: left to black
            return f"{prefix}{opening}", expr
        case Prefixed(inner, value):
            return _trailing(value, prefix + inner)
    return None


def right_hand_split(indent: str, expr: Expr, tail: str = "") -> list[str]:
    """`indent + expr + tail`, split at its last bracket as black does."""
    line = f"{indent}{expr.flat}{tail}"
    if fits(line):
        return [line]
    found = _trailing(expr)
    if found is None:
        if isinstance(expr, Atom) or (tail == "," and isinstance(expr, Prefixed)
                                      and isinstance(expr.value, Atom)):
            return [Kept(line)]  # a name, string, argument or entry black cannot split
        return [line]
    head, bracketed = found
    items = bracketed.items
    closer = bracketed.closing if isinstance(bracketed, Display) else ")"
    literal = isinstance(bracketed, Display)
    if not items:
        return [line]  # nothing inside the brackets to split
    # A one-item tuple keeps its comma (without it, it is no tuple), which keeps it split.
    magic_comma = isinstance(bracketed, Display) and bracketed.magic_comma
    inner = indent + _STEP
    one_line = f"{inner}{', '.join(item.flat for item in items)}"
    end = f"{indent}{closer}{tail}"
    # A split collection always goes one item per line; the arguments of a call stay on
    # one line when they fit.
    if fits(one_line) and not magic_comma and not (literal and len(items) > 1):
        return [f"{indent}{head}", one_line, end]
    if len(items) == 1 and not magic_comma:
        return [f"{indent}{head}", *right_hand_split(inner, items[0]), end]
    lines = [f"{indent}{head}"]
    for item in items:
        lines += right_hand_split(inner, item, ",")
    return [*lines, end]


def exploded(indent: str, head: str, items: list[str], tail: str) -> list[str]:
    """`head(` one item per line, each with a trailing comma, then `)tail`."""
    return [f"{indent}{head}", *(f"{indent}{_STEP}{item}," for item in items), f"{indent}){tail}"]


def import_lines(indent: str, module: str, names: list[str]) -> list[str]:
    """`from module import names`; exploded one name per line when too long (black's rule
    for imports, whose lines black cannot split further)."""
    line = f"{indent}from {module} import {', '.join(names)}"
    if fits(line):
        return [line]
    return [_kept(each) for each in exploded(indent, f"from {module} import (", names, "")]


def parameter(indent: str, name: str, annotation: Expr, default: str) -> list[str]:
    """A function parameter line `name: annotation = default,` as black lays it out in
    an exploded signature; a form not handled here is left long for black."""
    suffix = f" = {default}," if default else ","
    line = f"{indent}{name}: {annotation.flat}{suffix}"
    if fits(line):
        return [line]
    inner = indent + _STEP
    if isinstance(annotation, Subscript):
        # A lone subscript (`Literal[...]`) is split inside its own brackets.
        items = [item.flat for item in annotation.items]
        if not fits(f"{indent}{name}: {annotation.head}["):
            return [line]
        if fits(f"{inner}{', '.join(items)}"):
            return [f"{indent}{name}: {annotation.head}[", f"{inner}{', '.join(items)}",
                    f"{indent}]{suffix}"]
        return [f"{indent}{name}: {annotation.head}[", *(f"{inner}{item}," for item in items),
                f"{indent}]{suffix}"]
    if fits(f"{inner}{annotation.flat}"):
        return [f"{indent}{name}: (", f"{inner}{annotation.flat}", f"{indent}){suffix}"]
    if not isinstance(annotation, Union):
        return [line]
    body: list[str] = []
    for index, part in enumerate(annotation.members):
        prefix = "| " if index else ""
        if fits(f"{inner}{prefix}{part.flat}"):
            body.append(f"{inner}{prefix}{part.flat}")
        elif isinstance(part, Subscript):
            body += exploded(inner, f"{prefix}{part.head}[", [i.flat for i in part.items], "")
            body[-1] = f"{inner}]"
        else:
            return [line]
    return [f"{indent}{name}: (", *body, f"{indent}){suffix}"]


def field(indent: str, name: str, annotation: Expr, default: Expr | None) -> list[str]:
    """A class-body field `name: annotation = default` as black lays it out; a form not
    handled here is left long for black."""
    line = f"{indent}{name}: {annotation.flat}" + (f" = {default.flat}" if default else "")
    if fits(line):
        return [line]
    inner = indent + _STEP
    union = isinstance(annotation, Union)
    if isinstance(default, Call):  # `field(...)`: black splits the call's brackets
        lines = right_hand_split(indent, Prefixed(f"{name}: {annotation.flat} = ", default))
        if all(fits(each) for each in lines):
            return lines
        if fits(lines[0]):
            return [line]  # left to black
        # The call's head too long: the value in parentheses, else the annotation.
        if fits(f"{indent}{name}: {annotation.flat} = ("):
            inside = right_hand_split(inner, default)
            if all(fits(each) for each in inside):
                return [f"{indent}{name}: {annotation.flat} = (", *inside, f"{indent})"]
            return [line]
        if not union:
            return [line]  # a subscript splits inside its brackets: left to black
        body = ([f"{inner}{annotation.flat}"] if fits(f"{inner}{annotation.flat}")
                else _type_lines(inner, annotation))
        if body is None:
            return [line]
        return [f"{indent}{name}: (", *body,
                *right_hand_split(indent, Prefixed(") = ", default))]
    if default is not None:
        head = f"{indent}{name}: {annotation.flat} = ("
        if fits(head):  # black splits the value side first
            return [head, f"{inner}{default.flat}", f"{indent})"]
        if fits(f"{inner}{annotation.flat}"):
            return [f"{indent}{name}: (", f"{inner}{annotation.flat}",
                    f"{indent}) = {default.flat}"]
        body = _type_lines(inner, annotation) if union else None
        if body is None:
            return [line]
        return [f"{indent}{name}: (", *body, f"{indent}) = {default.flat}"]
    if union:
        body = _type_lines(inner, annotation)
        return [line] if body is None else [f"{indent}{name}: (", *body, f"{indent})"]
    if isinstance(annotation, Subscript) and len(annotation.items) == 1:
        head = f"{indent}{name}: {annotation.head}["
        body = _type_lines(inner, annotation.items[0]) if fits(head) else None
        return [line] if body is None else [head, *body, f"{indent}]"]
    if isinstance(annotation, Atom):
        if fits(f"{inner}{annotation.flat}"):
            return [f"{indent}{name}: (", f"{inner}{annotation.flat}", f"{indent})"]
        if annotation.flat.isidentifier():
            return [Kept(line)]  # a name that fits no line: black leaves it
    return [line]  # a dotted name black would put in parentheses: left to black


def _type_lines(indent: str, expr: Expr) -> list[str] | None:
    """A type expression alone inside brackets or parentheses, split as black splits it:
    a union one member per line (`| B`), a subscript of one item inside its brackets;
    None for a form not handled here (black then lays it out)."""
    if fits(f"{indent}{expr.flat}") or isinstance(expr, Atom):
        return [_kept(f"{indent}{expr.flat}")]  # a name too long for any line: black leaves it
    if not isinstance(expr, Union):
        return _subscript_lines(indent, "", expr)
    lines: list[str] = []
    for index, part in enumerate(expr.members):
        prefix = "| " if index else ""
        if fits(f"{indent}{prefix}{part.flat}") or isinstance(part, Atom):
            # In a union, a name too long for any line stays whole on a line of its own,
            # as black leaves it (alone, black keeps it on the field's line instead).
            lines.append(_kept(f"{indent}{prefix}{part.flat}"))
            continue
        nested = _subscript_lines(indent, prefix, part)
        if nested is None:
            return None
        lines += nested
    return lines


def _subscript_lines(indent: str, prefix: str, expr: Expr) -> list[str] | None:
    if not isinstance(expr, Subscript) or len(expr.items) != 1:
        return None
    body = _type_lines(indent + _STEP, expr.items[0])
    if body is None:
        return None
    return [f"{indent}{prefix}{expr.head}[", *body, f"{indent}]"]


def constant(indent: str, name: str, value: str) -> list[str]:
    """`NAME = value` with an unsplittable value (an enum member, a URL); a long one has
    its value in parentheses."""
    line = f"{indent}{name} = {value}"
    inner = f"{indent}{_STEP}{value}"
    if fits(line) or not fits(f"{indent}{name} = (") or not fits(inner):
        return [_kept(line)]  # parentheses that do not make it fit: black leaves them out
    return [f"{indent}{name} = (", inner, f"{indent})"]


def class_header(name: str, base: str) -> list[str]:
    line = f"class {name}({base}):"
    if fits(line):
        return [line]
    return [_kept(f"class {name}("), f"{_STEP}{base}", "):"]


def assignment(indent: str, target: str, value: Expr) -> list[str]:
    """`target = value` (or `return value` when `target` is "return"); when even the
    split value's first line is too long, the value goes in parentheses (black's
    optional parentheses), unless the opening line is too long as well, or the value
    does not fit inside them either: then black does without."""
    opening = f"{target} " if target == "return" else f"{target} = "
    lines = right_hand_split(indent, Prefixed(opening, value))
    if fits(lines[0]):
        return lines
    if not fits(f"{indent}{opening}("):
        if len(lines) == 1 and not isinstance(value, Atom):
            return lines  # a form not handled here: left to black
        return [Kept(lines[0]), *lines[1:]]  # parentheses cannot help: black keeps it
    inside = right_hand_split(indent + _STEP, value)
    if not all(fits(line) for line in inside):
        # Parentheses that do not make it fit: black leaves them out, and keeps a call's
        # head when its one argument would not fit in them either.
        if (len(lines) == 3 and lines[2] == f"{indent})" and not lines[1].endswith(",")
                and not fits(lines[1] + _STEP)):
            return [Kept(lines[0]), *lines[1:]]
        return lines
    return [f"{indent}{opening}(", *inside, f"{indent})"]


def closing_return(annotation: Expr, indent: str = "") -> list[str]:
    """`) -> annotation:`, the last line of a signature whose parameters are one per line;
    too long, the annotation is split inside its last brackets, as black does. Any other
    form is left long for black."""
    line = f"{indent}) -> {annotation.flat}:"
    if fits(line) or isinstance(annotation, Atom):
        return [_kept(line)]  # a name too long for any line: black leaves it
    if isinstance(annotation, Union):  # black puts it in parentheses, one member per line
        members = _type_lines(indent + _STEP, annotation)
        return [line] if members is None else [f"{indent}) -> (", *members, f"{indent}):"]
    if not isinstance(annotation, Subscript) or len(annotation.items) != 1:
        return [line]
    body = _type_lines(indent + _STEP, annotation.items[0])
    return [line] if body is None else [f"{indent}) -> {annotation.head}[", *body,
                                         f"{indent}]:"]


Parameter = tuple[str, Expr, str]
"""A parameter: its name, its annotation and its default ("" for none)."""


def signature(indent: str, keyword: str, name: str, positional: list[Parameter],
              named: list[Parameter], returns: Expr,
              options: tuple[str, Expr] | None = None) -> list[str]:
    """The `def` line(s) of a method: `self`, the positional parameters, then `*` and
    the keyword-only ones, then `**options`; exploded one per line with a trailing comma
    when too long (the form black keeps)."""
    def spelled(parameter: Parameter) -> str:
        pname, annotation, default = parameter
        return f"{pname}: {annotation.flat}" + (f" = {default}" if default else "")

    parameters = ["self", *map(spelled, positional)]
    if named:
        parameters += ["*", *map(spelled, named)]
    if options is not None:
        parameters.append(f"**{options[0]}: {options[1].flat}")
    head = f"{indent}{keyword} {name}("
    closing = f") -> {returns.flat}:"
    line = f"{head}{', '.join(parameters)}{closing}"
    if fits(line):
        return [line]
    inner = indent + _STEP
    # Black puts the parameters on one line of their own when they fit there (a lone
    # `self` gets a trailing comma instead, which keeps it on a line of its own).
    hugged = f"{inner}{', '.join(parameters)}"
    if len(parameters) > 1 and fits(hugged) and fits(indent + closing):
        return [head, hugged, indent + closing]
    out = [head, f"{inner}self,"]
    for pname, annotation, default in positional:
        out += parameter(inner, pname, annotation, default)
    if named:
        out.append(f"{inner}*,")
        for pname, annotation, default in named:
            out += parameter(inner, pname, annotation, default)
    if options is not None:
        out.append(f"{inner}**{options[0]}: {options[1].flat},")
    return out + closing_return(returns, indent=indent)
