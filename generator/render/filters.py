"""Jinja filters: how IR pieces are spelled in Python (docstrings, signatures, calls).

They format only; every decision was made in the IR. Text from the spec reaches the
output through `py_str` or `docstring`, never raw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.model import ir
from generator.model.text import docstring, py_str

_INDENT = "    "
_METHOD_INDENT = "        "


def enum_docstring(enum: ir.EnumIR) -> str:
    return docstring([enum.description or f"Values of {enum.name}."], _INDENT).rstrip("\n")


def model_docstring(model: ir.ModelIR) -> str:
    summary = model.description or f"The {model.name} object."
    notes = {"write": "Request shape: read-only fields are left out.",
             "read": "Response shape: write-only fields are left out."}.get(model.direction)
    attributes = [f"{f.name}: {_one_line(f.description)}" for f in model.fields if f.description]
    section = "Attributes:\n" + "\n".join(_INDENT + a for a in attributes) if attributes else None
    return docstring([summary, notes, section], _INDENT).rstrip("\n")


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def group_docstring(group: ir.GroupIR) -> str:
    return docstring([f"{group.tag} operations.", group.description], "")


def group_class_docstring(group: ir.GroupIR, is_async: bool) -> str:
    kind = "asynchronous" if is_async else "synchronous"
    return docstring([f"{group.tag} operations ({kind}).", group.description],
                     _INDENT).rstrip("\n")


def group_property_docstring(group: ir.GroupIR) -> str:
    return docstring([f"{group.tag} operations.", group.description],
                     _METHOD_INDENT).rstrip("\n")


def client_docstring(package: ir.PackageIR) -> str:
    return docstring([f"Clients of {package.title}."], "")


def client_class_docstring(package: ir.PackageIR, is_async: bool) -> str:
    kind = "Asynchronous" if is_async else "Synchronous"
    auth = package.auth
    lines = [f"{kind} client of {package.title}."]
    if auth is not None:
        shown = f"{auth.prefix} <token>" if auth.prefix else "<token>"
        where = {"header": "header", "query": "query parameter", "cookie": "cookie"}
        lines.append(f"The token is sent as the {where[auth.location]} `{auth.name}: {shown}`; "
                     "it never appears in a repr, a log line or an error.")
    lines.append("Pass `http_client` to reuse your own httpx client (its timeout then applies).")
    return docstring(lines, _INDENT).rstrip("\n")


def package_docstring(package: ir.PackageIR) -> str:
    return docstring([f"Python client of {package.title} {package.version}".rstrip() + "."], "")


def operation_docstring(op: ir.OperationIR) -> str:
    summary = op.summary or op.operation_id
    parts: list[str | None] = [summary, f"`{op.method} {op.path}`"]
    if op.deprecated:
        parts.append("Deprecated by the API.")
    if op.description and op.description.strip() != (op.summary or "").strip():
        parts.append(op.description)
    args = [f"{p.name}: {_one_line(p.description)}" for p in op.signature_params if p.description]
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


def body_code(op: ir.OperationIR) -> str:
    assert op.body is not None
    encoding = "content_type" if len(op.body.encodings) > 1 else py_str(op.body.encodings[0])
    encoded = f"rt.encode_body({op.body.encode}, {encoding})"
    return encoded if op.body.required else f"None if body is UNSET else {encoded}"


def signature(op: ir.OperationIR) -> str:
    """The parameter lines of a request function: path parameters positional, the rest
    keyword-only; one per line with a trailing comma, the form black keeps as it is."""
    positional = [p for p in op.signature_params if p.location == "path"]
    keyword = [p for p in op.signature_params if p.location != "path"]
    lines = [f"{p.name}: {param_type(p)}" for p in positional]
    named = [f"{p.name}: {param_type(p)}" for p in keyword if p.required]
    named += [f"{p.name}: {param_type(p)} = UNSET" for p in keyword if not p.required]
    if op.body is not None:
        named.insert(0 if op.body.required else len(named),
                     f"body: {body_type(op.body)}" + ("" if op.body.required else " = UNSET"))
        if len(op.body.encodings) > 1:
            named.append(f"content_type: {op.body.encoding_annotation} = "
                         f"{py_str(op.body.encodings[0])}")
    if named:
        lines.append("*")
        lines.extend(named)
    return "".join(f"{_INDENT}{line},\n" for line in lines)


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
    "body_code": body_code,
    "signature": signature,
}
