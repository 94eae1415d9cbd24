"""Jinja filters: how IR pieces are spelled in Python (docstrings, signatures, calls).

They format only; every decision was made in the IR. Text from the spec reaches the
output through `py_str` or `docstring`, never raw.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.model import ir
from generator.model.names import import_key
from generator.model.text import docstring, py_str
from generator.render import layout

_INDENT = "    "
_METHOD_INDENT = "        "


def enum_docstring(enum: ir.EnumIR) -> str:
    return docstring([enum.description or f"Values of {enum.name}."], _INDENT).rstrip("\n")


def model_docstring(model: ir.ModelIR) -> str:
    summary = model.description or f"The {model.name} object."
    notes = {"write": "Request shape: read-only fields are left out.",
             "read": "Response shape: write-only fields are left out."}.get(model.direction)
    attributes = [f"{f.name}: {_about(f.description, f.allowed)}" for f in model.fields
                  if f.description or f.allowed]
    section = "Attributes:\n" + "\n".join(_INDENT + a for a in attributes) if attributes else None
    return docstring([summary, notes, section], _INDENT).rstrip("\n")


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _about(description: str | None, allowed: tuple[object, ...]) -> str:
    """A field's or parameter's line of documentation, with the values it is limited to."""
    if not allowed:
        return _one_line(description)
    values = f"One of {', '.join(json.dumps(value) for value in allowed)}."
    return f"{_one_line(description)} {values}" if description else values


def group_docstring(group: ir.GroupIR) -> str:
    return docstring([f"{group.tag} operations.", group.description], "").rstrip("\n")


def group_class_docstring(group: ir.GroupIR, is_async: bool) -> str:
    kind = "asynchronous" if is_async else "synchronous"
    return docstring([f"{group.tag} operations ({kind}).", group.description],
                     _INDENT).rstrip("\n")


def group_property_docstring(group: ir.GroupIR) -> str:
    return docstring([f"{group.tag} operations.", group.description],
                     _METHOD_INDENT).rstrip("\n")


def client_docstring(package: ir.PackageIR) -> str:
    return docstring([f"Clients of {package.title}."], "").rstrip("\n")


def client_class_docstring(package: ir.PackageIR, is_async: bool) -> str:
    kind = "Asynchronous" if is_async else "Synchronous"
    auth = package.auth
    lines = [f"{kind} client of {package.title}."]
    if auth is not None:
        shown = f"{auth.prefix} <token>" if auth.prefix else "<token>"
        where = {"header": "header", "query": "query parameter", "cookie": "cookie"}
        secrecy = ("it never appears in a repr, a log line or an error." if auth.location != "query"
                   else "it is never in a repr or an error, but it is part of the request URL, "
                   "which httpx logs at INFO level.")
        lines.append(f"The token is sent as the {where[auth.location]} `{auth.name}: {shown}`; "
                     + secrecy)
    lines.append("Pass `http_client` to reuse your own httpx client (its timeout then applies).")
    return docstring(lines, _INDENT).rstrip("\n")


def package_docstring(package: ir.PackageIR) -> str:
    return docstring([f"Python client of {package.title} {package.version}".rstrip() + "."],
                     "").rstrip("\n")


def operation_docstring(op: ir.OperationIR) -> str:
    summary = op.summary or op.operation_id
    parts: list[str | None] = [summary, f"`{op.method} {op.path}`"]
    if op.deprecated:
        parts.append("Deprecated by the API.")
    if op.description and op.description.strip() != (op.summary or "").strip():
        parts.append(op.description)
    args = [f"{p.name}: {_about(p.description, p.allowed)}" for p in op.signature_params
            if p.description or p.allowed]
    if op.body is not None and op.body.description:
        args.append(f"body: {_one_line(op.body.description)}")
    if args:
        parts.append("Args:\n" + "\n".join(_INDENT + a for a in args))
    return docstring(parts, _INDENT).rstrip("\n")


def param_type(param: ir.ParamIR) -> str:
    return param.annotation if param.required else f"{param.annotation} | Unset"


def body_type(body: ir.BodyIR) -> str:
    return body.annotation if body.required else f"{body.annotation} | Unset"


def params_in(op: ir.OperationIR, location: str) -> list[ir.ParamIR]:
    return [p for p in op.signature_params if p.location == location]


def body_line(op: ir.OperationIR) -> str:
    """The `body=` argument of a request function's `rt.Call(...)`."""
    assert op.body is not None
    encoding = "content_type" if len(op.body.encodings) > 1 else py_str(op.body.encodings[0])
    encoded = f"rt.encode_body({op.body.encode}, {encoding})"
    indent = _METHOD_INDENT
    if op.body.required:
        return "\n".join(layout.right_hand_split(indent, f"body={encoded}", ","))
    return "\n".join(layout.keyword_ternary(indent, "body", "body is UNSET", "None", encoded))


def parameter_entry(param: ir.ParamIR) -> str:
    """One `(name, value[, explode])` entry of a request's query, headers or cookies."""
    explode = f", {param.explode}" if param.location == "query" else ""
    entry = f"({py_str(param.json_name)}, {param.name}{explode})"
    return "\n".join(layout.right_hand_split(" " * 12, entry, ","))


def status_entry(response: ir.ResponseIR) -> str:
    """One `"status": codec,` entry of a request function's response table."""
    return "\n".join(layout.right_hand_split(
        " " * 12, f"{py_str(response.status)}: {response.codec}", ","))


def import_block(lines: tuple[str, ...], indent: str = "") -> str:
    """Import statements, each wrapped as black wraps it."""
    out: list[str] = []
    for line in lines:
        if line.startswith("from ") and " import " in line and not line.endswith("("):
            module, names = line[5:].split(" import ", 1)
            out += layout.import_lines(indent, module, names.split(", "))
        else:
            out.append(f"{indent}{line}" if line else "")
    return "\n".join(out)


def enum_member(member: ir.EnumMemberIR) -> str:
    return "\n".join(layout.constant(_INDENT, member.name, member.value))


def class_line(name: str, base: str) -> str:
    return "\n".join(layout.class_header(name, base))


def field_line(field: ir.FieldIR) -> str:
    default = "" if field.required else "UNSET"
    return "\n".join(layout.field(_INDENT, field.name, field.annotation, default))


def table_entry(field: ir.FieldIR) -> str:
    """One `(json name, codec)` entry of a model's `rt.Fields` table."""
    entry = f"({py_str(field.json_name)}, {field.codec})"
    return "\n".join(layout.right_hand_split(" " * 12, entry, ","))


def descriptor_lines(op: ir.OperationIR, is_async: bool) -> str:
    """The class attributes that turn a request function into methods."""
    prefix = "Async" if is_async else ""
    build = f"_{op.name}"
    lines = layout.assignment(_INDENT, op.name, f"rt.{prefix}Operation({build})")
    lines += layout.assignment(_INDENT, f"{op.name}_with_response",
                               f"rt.{prefix}OperationWithResponse({build})")
    if op.pagination is not None:
        offset = py_str(op.pagination.offset_param)
        lines += layout.assignment(_INDENT, f"{op.name}_iter",
                                   f"rt.{prefix}Pages({build}, {offset})")
    return "\n".join(lines)


def client_type_imports(package: ir.PackageIR) -> list[str]:
    return [line for group in package.groups for line in layout.import_lines(
        _INDENT, f".api.{group.module}",
        sorted([group.name, "Async" + group.name], key=import_key))]


def model_type_imports(package: ir.PackageIR) -> list[str]:
    # `__all__` lists every name, which makes these imports re-exports for type checkers.
    by_module: dict[str, list[str]] = {}
    for name, module in package.exports:  # in import order already
        by_module.setdefault(module, []).append(name)
    return [line for module, names in by_module.items()
            for line in layout.import_lines(_INDENT, f".{module}", names)]


def signature(op: ir.OperationIR) -> str:
    """The parameter lines of a request function: the positional parameter (if any), the
    rest keyword-only; one per line with a trailing comma, the form black keeps as it is."""
    positional = [p for p in op.signature_params if p.positional]
    keyword = [p for p in op.signature_params if not p.positional]
    lines = [(p.name, param_type(p), "") for p in positional]
    named = [(p.name, param_type(p), "") for p in keyword if p.required]
    named += [(p.name, param_type(p), "UNSET") for p in keyword if not p.required]
    if op.body is not None:
        named.insert(0 if op.body.required else len(named),
                     ("body", body_type(op.body), "" if op.body.required else "UNSET"))
        if len(op.body.encodings) > 1:
            named.append(("content_type", op.body.encoding_annotation,
                          py_str(op.body.encodings[0])))
    out: list[str] = []
    for name, annotation, default in lines:
        out += layout.parameter(_INDENT, name, annotation, default)
    if named:
        out.append(f"{_INDENT}*,")
        for name, annotation, default in named:
            out += layout.parameter(_INDENT, name, annotation, default)
    return "".join(f"{line}\n" for line in out)


def bare_def(op: ir.OperationIR) -> str:
    """The `def` line (or lines) of a request function that takes no parameters."""
    return "\n".join(layout.bare_def(f"_{op.name}", f"rt.Call[{op.return_annotation}]"))


def closing_return(op: ir.OperationIR) -> str:
    """The `) -> rt.Call[...]:` line (or lines) ending a request function's signature."""
    return "\n".join(layout.closing_return(f"rt.Call[{op.return_annotation}]"))


FILTERS: dict[str, Callable[..., Any]] = {
    "py_str": py_str,
    "enum_docstring": enum_docstring,
    "model_docstring": model_docstring,
    "group_docstring": group_docstring,
    "group_class_docstring": group_class_docstring,
    "group_property_docstring": group_property_docstring,
    "client_docstring": client_docstring,
    "client_class_docstring": client_class_docstring,
    "package_docstring": package_docstring,
    "operation_docstring": operation_docstring,
    "param_type": param_type,
    "body_type": body_type,
    "params_in": params_in,
    "body_line": body_line,
    "status_entry": status_entry,
    "parameter_entry": parameter_entry,
    "import_block": import_block,
    "field_line": field_line,
    "enum_member": enum_member,
    "class_line": class_line,
    "table_entry": table_entry,
    "descriptor_lines": descriptor_lines,
    "client_type_imports": client_type_imports,
    "model_type_imports": model_type_imports,
    "signature": signature,
    "closing_return": closing_return,
    "bare_def": bare_def,
}
