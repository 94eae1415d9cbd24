"""Jinja filters: how IR pieces are spelled in Python (docstrings, signatures, calls).

They format only; every decision was made in the IR. Text from the spec reaches the
output through `py_str` or `docstring`, never raw.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator import __version__ as GENERATOR_VERSION
from generator.model import ir
from generator.model import types as t
from generator.model.names import import_key
from generator.model.text import (
    Section,
    docstring,
    one_line,
    preferred_quote,
    py_literal,
    py_str,
    quoted,
    split_summary,
    text_lines,
)
from generator.render import layout
from generator.render.code import Atom, Call, Display, Expr, Prefixed, Subscript, call, union
from generator.render.imports import Import
from generator.render.pagination import page_codec, pages_lines
from generator.render.printed import printed
from generator.render.security import (
    alternatives_display,
    credentials_note,
    credentials_section,
)
from generator.render.servers import server_docstring_lines
from generator.render.spelling import Spelling
from generator.style import LINE_LENGTH

_INDENT = "    "
_METHOD_INDENT = "        "


def _room(indent: str) -> int:
    """Columns for a one-line docstring's text at `indent` (six go to its quotes)."""
    return LINE_LENGTH - len(indent) - 6


def enum_docstring(enum: ir.EnumIR) -> str:
    """The spec's description; first, when it has no summary line, the values."""
    summary, rest = split_summary(enum.description, _room(_INDENT))
    if summary is None:
        summary = _values_line(enum, _room(_INDENT))
    return docstring(summary, [rest], _INDENT).rstrip("\n")


def _values_line(enum: ir.EnumIR, room: int) -> str:
    """"One of `a`, `b`.": as many values as fit, and how many more."""
    values = [_code(member.value) for member in enum.members]
    if not values:
        return f"{_place(enum.schema)}: no values."
    line = f"One of {', '.join(values)}." if len(values) > 1 else f"Only {values[0]}."
    shown = len(values)
    while len(line) > room and shown > 1:
        shown -= 1
        line = f"One of {', '.join(values[:shown])} and {len(values) - shown} more."
    return line


def _code(value: str | int) -> str:
    """A value in backticks (in JSON when its text would not show it exactly)."""
    text = str(value)
    return f"`{text if text and text == one_line(text) else json.dumps(text)}`"


def model_docstring(model: ir.ModelIR) -> str:
    """The spec's description, else what the schema is; the direction of a request or
    response class; an indented `Attributes:` entry per field the spec documents."""
    summary, rest = split_summary(model.description, _room(_INDENT))
    shape = {"write": ("Request", "read-only"),
             "read": ("Response", "write-only")}.get(model.direction.value)
    note = f"{shape[0]} shape: {shape[1]} fields are left out." if shape else None
    if summary is None:
        place = _place(model.schema)
        if shape:
            summary, note = f"{shape[0]} shape of {place}: {shape[1]} fields are left out.", None
        else:
            summary = f"The {place} schema." if _named(model.schema) else f"{place}."
    entries = tuple((f.name, _about(f.description, f.allowed, f.deprecated))
                    for f in model.fields if f.description or f.allowed or f.deprecated)
    return docstring(summary, [rest, note, Section("Attributes", entries) if entries else None],
                     _INDENT).rstrip("\n")


def _place(pointer: str) -> str:
    """Where a schema is in the spec, for a reader: "`Memo`", "`Pet.sound`", "the 200
    response of `GET /health`", "`lines[]` in the request body of `POST /memos/`"."""
    uri, _, fragment = pointer.rpartition("#")
    tokens = [token.replace("~1", "/").replace("~0", "~") for token in fragment.split("/")[1:]]
    if not tokens:
        return f"`{uri.rsplit('/', 1)[-1] or pointer}`"
    base, tail = None, tokens
    if tokens[:2] == ["components", "schemas"] and len(tokens) > 2:
        base, tail = f"`{tokens[2]}", tokens[3:]
    elif tokens[0] == "paths" and len(tokens) > 3 and "schema" in tokens:
        endpoint = f"`{tokens[2].upper()} {tokens[1]}`"
        where = {"responses": f"the {tokens[4] if len(tokens) > 4 else ''} response of",
                 "requestBody": "the request body of",
                 "parameters": "a parameter of"}.get(tokens[3])
        if where is not None:
            base, tail = f"{where} {endpoint}", tokens[tokens.index("schema") + 1:]
    if base is None:
        return f"`{fragment}`"
    path, keys = "", iter(tail)
    for key in keys:
        if key == "properties":
            path += "." + next(keys, "")
        else:
            path += {"items": "[]", "additionalProperties": "{}"}.get(key, "")
    path = path.removeprefix(".")
    if base.startswith("`"):
        return f"{base}{'' if path.startswith(('[', '{')) or not path else '.'}{path}`"
    return f"`{path}` in {base}" if path else base


def _named(pointer: str) -> bool:
    """A schema of the components (or a part of one), or a whole file: one with a name."""
    tokens = pointer.rpartition("#")[2].split("/")[1:]
    return not tokens or tokens[:2] == ["components", "schemas"]


def _about(description: str | None, allowed: tuple[object, ...],
           deprecated: bool = False) -> tuple[str, ...]:
    """A field's or parameter's entry: "Deprecated." when it is, its description's lines
    (blank ones left out), and the values it is limited to."""
    lines = [line for line in text_lines(description) if line]
    if deprecated:
        lines[:1] = [f"Deprecated. {lines[0]}" if lines else "Deprecated."]
    if allowed:
        values = f"One of {', '.join(json.dumps(value) for value in allowed)}."
        lines[-1:] = [f"{lines[-1]} {values}" if lines else values]
    return tuple(lines)


def _group_line(group: ir.GroupIR, kind: str = "") -> str:
    """"The Ledger operations: 4 calls under `/memos/`.": the tag, how many operations,
    and the start of the path they share."""
    count = len(group.operations)
    folders = [op.path.split("/")[1:-1] for op in group.operations]
    shared: list[str] = []
    for segments in zip(*folders, strict=False):
        if len(set(segments)) > 1 or "{" in segments[0]:
            break
        shared.append(segments[0])
    where = f" under `/{''.join(part + '/' for part in shared)}`" if shared else ""
    return f"The {group.tag} operations{kind}: {count} call{'s' * (count != 1)}{where}."


def group_docstring(group: ir.GroupIR) -> str:
    return docstring(_group_line(group), [group.description], "").rstrip("\n")


def group_class_docstring(group: ir.GroupIR, is_async: bool) -> str:
    kind = " (asynchronous)" if is_async else " (synchronous)"
    return docstring(_group_line(group, kind), [group.description], _INDENT).rstrip("\n")


def group_property_docstring(group: ir.GroupIR) -> str:
    return docstring(_group_line(group), [group.description], _METHOD_INDENT).rstrip("\n")


def client_docstring(package: ir.PackageIR) -> str:
    return docstring(f"Clients of {package.title}.", [], "").rstrip("\n")


def client_class_docstring(package: ir.PackageIR, is_async: bool) -> str:
    kind = "Asynchronous" if is_async else "Synchronous"
    lines: list[str | Section | None] = [credentials_note(package.security)]
    lines.append("Pass `http_client` to reuse your own httpx client (its timeout then applies).")
    lines.append("With `lenient=True` (or `lenient=True` on one call), a response that does not "
                 "fit its schema is returned as far as it decodes, with a warning, instead of "
                 "raising `ResponseDecodeError`.")
    lines.append("A date-time the server sends without a UTC offset is an issue, unless "
                 "`server_timezone` names the zone the server means (\"Europe/Zurich\", "
                 "\"UTC\"; also on one call).")
    if package.form_style is ir.FormStyle.DRF:
        lines.append("Form and multipart bodies spell nested data as Django REST framework "
                     "reads it (`lines[0]amount=...`).")
    if package.drf_errors:
        lines.append("A 400 error's `field_errors` lists Django REST framework's messages by "
                     "field (`lines[1].amount`).")
    lines.extend(server_docstring_lines(package.servers))
    lines.append(credentials_section(package.security))
    return docstring(f"{kind} client of {package.title}.", lines, _INDENT).rstrip("\n")


def package_docstring(package: ir.PackageIR) -> str:
    return docstring(f"Python client of {package.title} {package.version}".rstrip() + ".", [],
                     "").rstrip("\n")


def operation_docstring(op: ir.OperationIR) -> str:
    """The summary (else the method and path) as the first line, the method and path,
    the description, an indented `Args:` entry per parameter the spec documents."""
    endpoint = f"`{op.method} {op.path}`"
    summary = one_line(op.summary)
    parts: list[str | Section | None] = [endpoint] if summary else []
    if op.deprecated:
        parts.append("Deprecated by the API.")
    if op.description and op.description.strip() != (op.summary or "").strip():
        parts.append(op.description)
    args = [(p.name, _about(p.description, p.allowed, p.deprecated))
            for p in op.signature_params if p.description or p.allowed or p.deprecated]
    if op.body is not None and op.body.description:
        args.append(("body", _about(op.body.description, ())))
    if args:
        parts.append(Section("Args", tuple(args)))
    return docstring(summary or endpoint, parts, _METHOD_INDENT).rstrip("\n")


def param_type(param: ir.ParamIR, spell: Spelling) -> Expr:
    return spell.annotation(param.type, optional=not param.required)


def body_type(body: ir.BodyIR, spell: Spelling) -> Expr:
    return spell.annotation(body.type, optional=not body.required)


def path_code(parts: tuple[str | ir.PathParameter, ...]) -> str:
    """The expression building the URL path: an f-string when parameters go in it (each
    percent-encoded when the call is made), else a plain string."""
    texts = [part for part in parts if isinstance(part, str)]
    if len(texts) == len(parts):
        return py_str("".join(texts))
    quote = preferred_quote("".join(texts))
    pieces = [quoted(part, quote)[1:-1].replace("{", "{{").replace("}", "}}")
              if isinstance(part, str) else "{rt.path_param(" + part.name + ")}"
              for part in parts]
    return f"f{quote}{''.join(pieces)}{quote}"


def params_in(op: ir.OperationIR, location: ir.ParamLocation) -> list[ir.ParamIR]:
    return [p for p in op.signature_params if p.location == location]


def _keyword(name: str, value: Expr | str) -> Prefixed:
    return Prefixed(f"{name}=", Atom(value) if isinstance(value, str) else value)


def call_statement(op: ir.OperationIR, is_async: bool, spell: Spelling) -> str:
    """`return self._send(rt.Call(...))`: the request, laid out as black lays it out."""
    arguments: list[Expr] = [Atom(py_str(op.operation_id)), Atom(py_str(op.method)),
                             Atom(path_code(op.path_parts))]
    for location, label in ((ir.ParamLocation.QUERY, "query"), (ir.ParamLocation.HEADER, "headers"),
                            (ir.ParamLocation.COOKIE, "cookies")):
        entries = tuple(_parameter_entry(p) for p in params_in(op, location))
        if location is ir.ParamLocation.QUERY:
            entries = _fixed_query_entries(op) + entries
        if entries:
            arguments.append(_keyword(label, Display("[", entries)))
    if op.body is not None:
        arguments.append(_keyword("body", "body"))
        if len(op.body.encodings) > 1:
            arguments.append(_keyword("content_type", "content_type"))
        elif op.body.encodings[0] != "application/json":
            arguments.append(_keyword("content_type", py_str(op.body.encodings[0])))
        if op.body.deep_object:
            arguments.append(_keyword("deep_object", Display("(", tuple(
                Atom(py_str(name)) for name in op.body.deep_object))))
        if op.body.json_parts:
            arguments.append(_keyword("json_parts", Display("(", tuple(
                Atom(py_str(name)) for name in op.body.json_parts))))
    arguments.append(_keyword("responses", _status_table(op.responses, spell, op)))
    events = tuple(Prefixed(f"{py_str(r.status)}: ", spell.codec(r.events))
                   for r in op.responses if r.events is not None)
    if events:
        arguments.append(_keyword("events", Display("{", events)))
    if op.errors:
        arguments.append(_keyword("errors", _status_table(op.errors, spell)))
    if op.security is not None:
        arguments.append(_keyword("security", alternatives_display(op.security)))
    deprecated = tuple(Atom(py_str(p.json_name)) for p in op.signature_params if p.deprecated)
    if deprecated:
        arguments.append(_keyword("deprecated", Display("(", deprecated)))
    arguments.append(_keyword("options", "options"))
    request = Call(f"rt.Call{'[None]' if op.returns_nothing else ''}", tuple(arguments))
    send = Prefixed(f"return {'await ' if is_async else ''}", call("self._send", request))
    return printed(layout.right_hand_split(_METHOD_INDENT, send))


def _fixed_query_entries(op: ir.OperationIR) -> tuple[Display, ...]:
    """The pairs the path key carries, as query entries of constant text."""
    return tuple(Display("(", (Atom(py_str(name)), Atom(py_str(value)), Atom("True")))
                 for name, value in op.fixed_query)


def _parameter_entry(param: ir.ParamIR) -> Display:
    """One `(name, value[, explode])` entry of a request's query, headers or cookies."""
    explode = [Atom(str(param.explode))] if param.location is ir.ParamLocation.QUERY else []
    style = [Atom(py_str("deepObject"))] if param.deep_object else []
    return Display("(", (Atom(py_str(param.json_name)), Atom(param.name), *explode, *style))


def _status_table(responses: tuple[ir.ResponseIR, ...], spell: Spelling,
                  op: ir.OperationIR | None = None) -> Display:
    """`{"200": codec, ...}`: how each status's body is read (`op`'s pages included; a
    JSON success that may come as bytes instead, `rt.or_bytes(codec)`)."""
    def codec(response: ir.ResponseIR) -> Expr:
        found = spell.response_codec(response.type)
        if op is not None:
            found = page_codec(op, response.status, found)
        return call("rt.or_bytes", found) if response.bytes_too else found
    return Display("{", tuple(Prefixed(f"{py_str(r.status)}: ", codec(r)) for r in responses))

def import_block(imports: tuple[Import | None, ...], indent: str = "") -> str:
    """Import statements (None: a blank line between sections), each wrapped as black
    wraps it."""
    out: list[str] = []
    for each in imports:
        if each is None:
            out.append("")
        elif each.names:
            out += layout.import_lines(indent, each.module, list(each.names))
        else:
            out.append(f"{indent}import {each.module}")
    return printed(out)


def enum_member(member: ir.EnumMemberIR) -> str:
    return printed(layout.constant(_INDENT, member.name, py_literal(member.value)))


def constant_line(name: str, value: str) -> str:
    """`NAME = value` at module level, for a value no line break can go into."""
    return printed(layout.constant("", name, value))


def enum_base(enum: ir.EnumIR) -> str:
    return "rt.OpenIntEnum" if enum.integer else "rt.OpenStrEnum"


def class_line(name: str, base: str) -> str:
    return printed(layout.class_header(name, base))


def return_line(value: str, argument: str, indent: int = 2) -> str:
    """`return value(argument)`, a constructor call."""
    return printed(layout.assignment(_INDENT * indent, "return", call(value, argument)))


def property_head(name: str, returns: str, indent: int = 1) -> str:
    """The `def` of a property or method that takes only `self`."""
    return printed(layout.signature(_INDENT * indent, "def", name, [], [], Atom(returns)))


def field_line(field: ir.FieldIR, spell: Spelling) -> str:
    """The one declaration of a field: its annotation (the runtime reads its codec from
    it), its default, and what an annotation cannot say, as the field's metadata."""
    default: Expr | None = None if field.required else Atom("UNSET")
    metadata = _metadata(field.type, field.json_name if field.name != field.json_name else None,
                         field.deprecated, field.form_null, field.file_extensions)
    if metadata is not None:
        default = Call("field", (*(() if field.required else (_keyword("default", "UNSET"),)),
                                 _keyword("metadata", metadata)))
    annotation = spell.annotation(field.type, optional=not field.required)
    return printed(layout.field(_INDENT, field.name, annotation, default))


def alias_line(alias: ir.AliasIR, spell: Spelling) -> str:
    """`Name: TypeAlias = <the type it names>`."""
    return printed(layout.right_hand_split("", Prefixed(f"{alias.name}: TypeAlias = ",
                                                        spell.annotation(alias.type))))


def extra_line(model: ir.ModelIR, spell: Spelling) -> str:
    """`additional_properties`: the properties the schema does not name."""
    metadata = _metadata(model.extra, None)
    arguments: list[Expr] = [_keyword("default_factory", "dict")]
    if metadata is not None:
        arguments.append(_keyword("metadata", metadata))
    annotation = Subscript("dict", (Atom("str"), spell.annotation(model.extra)))
    return printed(layout.field(_INDENT, "additional_properties", annotation,
                                Call("field", tuple(arguments))))


def _metadata(found: t.Type, json_name: str | None, deprecated: bool = False,
              form_null: bool = False,
              file_extensions: tuple[str, ...] | None = None) -> Display | None:
    """`{"json": ..., "discriminator": ...}`: the JSON name when the attribute's differs,
    and the tag property (and class of each tag) of each union a tag decides; that
    None travels as an empty value in a DRF-style form (`"form_null": True`); the file
    name extensions a file field takes (`"file_extensions": ("pdf",)`)."""
    entries: list[Expr] = [] if json_name is None else [
        Prefixed('"json": ', Atom(py_str(json_name)))]
    if deprecated:
        entries.append(Prefixed('"deprecated": ', Atom("True")))
    if form_null:
        entries.append(Prefixed('"form_null": ', Atom("True")))
    if file_extensions is not None:
        entries.append(Prefixed('"file_extensions": ', Display(
            "(", tuple(Atom(py_str(e)) for e in file_extensions))))
    if t.DECIMAL_TEXT in t.scalars_in(found):
        # Both decimals are `Decimal`: the annotation cannot say which travels as text.
        entries.append(Prefixed('"decimal": ', Atom('"text"')))
    tables = tuple(_tag_table(union) for union in _tagged_unions(found))
    if len(tables) == 1:
        entries.append(Prefixed('"discriminator": ', tables[0]))
    elif tables:  # the annotation holds several unions: each finds its own by its classes
        entries.append(Prefixed('"discriminators": ', Display("(", tables)))
    return Display("{", tuple(entries)) if entries else None


def _tag_table(union: t.UnionOf) -> Display:
    """`("kind", {"cat": "Cat"})`: the tag property, and the class each tag picks."""
    assert union.discriminator is not None
    tags = Display("{", tuple(Prefixed(f"{py_literal(tag)}: ", Atom(py_str(variant.name)))
                              for tag, index in union.mapping
                              if isinstance(variant := union.variants[index], t.Named)))
    return Display("(", (Atom(py_str(union.discriminator)), tags))


def _tagged_unions(found: t.Type) -> list[t.UnionOf]:
    """Every union in a type that a tag property decides, outermost first, each once:
    an annotation cannot carry them, so a field's metadata does (wherever the union
    sits: the field itself, its items, its map's values, a union inside a union)."""
    found_unions: list[t.UnionOf] = []
    pending = [found]
    while pending:
        current = pending.pop(0)
        match current:
            case t.UnionOf(variants, discriminator):
                if discriminator is not None and current not in found_unions:
                    found_unions.append(current)
                pending += variants
            case t.ListOf(inner) | t.MapOf(inner) | t.Nullable(inner) | t.Choice(inner, _):
                pending.append(inner)
    return found_unions


def module_index(package: ir.PackageIR) -> str:
    """`_MODULE_OF`: the module of every model and enum, for the lazy imports."""
    entries = tuple(Prefixed(f"{py_str(name)}: ", Atom(py_str(module)))
                    for name, module in package.exports)
    return printed(layout.right_hand_split("", Prefixed("_MODULE_OF: dict[str, str] = ",
                                                        Display("{", entries))))


def all_list(package: ir.PackageIR) -> str:
    names = tuple(Atom(py_str(name)) for name in package.export_names)
    return printed(layout.right_hand_split("", Prefixed("__all__: list[str] = ",
                                                        Display("[", names))))


def deprecation_line(op: ir.OperationIR) -> str:
    """`@deprecated(...)` (PEP 702): type checkers and editors mark each call, and a call
    warns (DeprecationWarning, once per call site)."""
    message = Atom(py_str(f"Deprecated by the API: {op.method} {op.path}"))
    return printed(layout.right_hand_split(_INDENT, Prefixed("@", call("deprecated", message))))


def idempotent_operations_line(package: ir.PackageIR) -> str:
    """`idempotent_operations=("a", "b"),`: the operations that honour the idempotency
    header, an argument of the client's `super().__init__(...)`."""
    names = Display("(", tuple(Atom(py_str(name))
                               for name in package.idempotent_operations or ()))
    return printed(layout.right_hand_split(
        _INDENT * 3, Prefixed("idempotent_operations=", names), ","))


def user_agent(package: ir.PackageIR) -> str:
    """The client's part of its User-Agent (the runtime adds Python's and httpx's)."""
    return py_str(f"{package.package}/{package.package_version} "
                  f"campfire-codegen/{GENERATOR_VERSION}")


def whole_response_line(op: ir.OperationIR, group_class: str, is_async: bool) -> str:
    """The operation in the group's `with_response` namespace."""
    kind = "AsyncWholeResponse" if is_async else "WholeResponse"
    return printed(layout.assignment(_INDENT, op.name,
                                     call(f"rt.{kind}", f"{group_class}.{op.name}")))


def streaming_response_line(op: ir.OperationIR, group_class: str, is_async: bool,
                            spell: Spelling) -> str:
    """The operation in the group's `with_streaming_response` namespace; where a success
    may be answered as a documented event stream, typed by its data
    (`rt.EventData["Model"]()`: quoted, so that no model loads with the group)."""
    prefix = "Async" if is_async else ""
    method = f"{group_class}.{op.name}"
    events = [spell.annotation(r.events) for r in op.responses if r.events is not None]
    if not events:
        operation = call(f"rt.{prefix}StreamingOperation", method)
    else:
        data = Call(f"rt.EventData[{py_str(union(events).flat)}]", ())
        operation = call(f"rt.{prefix}EventStreamingOperation", method, data)
    return printed(layout.assignment(_INDENT, op.name, operation))


def client_type_imports(package: ir.PackageIR) -> str:
    return printed([line for group in package.groups for line in layout.import_lines(
        _INDENT, f".api.{group.module}",
        sorted([group.name, "Async" + group.name], key=import_key))])


def import_line(module: str, name: str, indent: int = 2) -> str:
    """`from module import name`, inside a function."""
    return printed(layout.import_lines(_INDENT * indent, module, [name]))


def model_type_imports(package: ir.PackageIR) -> str:
    # `__all__` lists every name, which makes these imports re-exports for type checkers.
    by_module: dict[str, list[str]] = {}
    for name, module in package.exports:  # in import order already
        by_module.setdefault(module, []).append(name)
    return printed([line for module, names in by_module.items()
                    for line in layout.import_lines(_INDENT, f".{module}", names)])


def method_head(op: ir.OperationIR, is_async: bool, spell: Spelling) -> str:
    """The `def` of an operation's method: `self`, the positional parameter (if any),
    the rest keyword-only."""
    positional = [(p.name, param_type(p, spell), "") for p in op.signature_params
                  if p.positional]
    named = [(p.name, param_type(p, spell), "") for p in op.signature_params
             if not p.positional and p.required]
    named += [(p.name, param_type(p, spell), "UNSET") for p in op.signature_params
              if not p.positional and not p.required]
    if op.body is not None:
        named.insert(0 if op.body.required else len(named),
                     ("body", body_type(op.body, spell), "" if op.body.required else "UNSET"))
        if len(op.body.encodings) > 1:
            named.append(("content_type", spell.encodings(op.body.encodings),
                          py_str(op.body.encodings[0])))
    return printed(layout.signature(_INDENT, "async def" if is_async else "def", op.name,
                                    positional, named, spell.returns(op, is_async),
                                    options=_OPTIONS))


# Per-call settings (`lenient=`...), typed by the runtime's TypedDict: one parameter, so
# that every editor shows them and the signatures stay short.
_OPTIONS = ("options", Subscript("Unpack", (Atom("rt.RequestOptions"),)))


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
    "call_statement": call_statement,
    "import_block": import_block,
    "field_line": field_line,
    "enum_member": enum_member,
    "enum_base": enum_base,
    "extra_line": extra_line,
    "class_line": class_line,
    "constant_line": constant_line,
    "return_line": return_line,
    "property_head": property_head,
    "module_index": module_index,
    "alias_line": alias_line,
    "all_list": all_list,
    "pages_lines": pages_lines,
    "whole_response_line": whole_response_line,
    "streaming_response_line": streaming_response_line,
    "deprecation_line": deprecation_line,
    "user_agent": user_agent,
    "idempotent_operations_line": idempotent_operations_line,
    "client_type_imports": client_type_imports,
    "model_type_imports": model_type_imports,
    "import_line": import_line,
    "method_head": method_head,
}
