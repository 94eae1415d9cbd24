"""The API surface of a client: what code that uses it can see, taken from the IR.

Every operation (by method and path) with the call that makes it and its parameters, every
model with its fields, every enum with its values, and the auth. Parameters and fields are
written as they appear in the generated signatures (`limit: int | Unset`), so a comparison
speaks in the client's terms. `generate` saves the surface as `<package>.api.json` beside the
package, and compares with it on the next run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.diff.servers import ServersSurface, from_data, servers_surface, to_data
from generator.diff.shapes import Shape, shape_of, union
from generator.model import ir
from generator.model.text import py_literal
from generator.render.spelling import Spelling
from generator.versions import is_package_version

FORMAT = "campfire-codegen api surface 3"
_OLDER = ("campfire-codegen api surface 1", "campfire-codegen api surface 2")
"""Saved by earlier versions, without type shapes: not read (the comparison never reads
types back from annotation text)."""
Item = TypeVar("Item")
BODY = "body"
"""Key of the request body among an operation's parameters (it is the `body=` argument)."""
RETURNS = "returns"
"""Key of what the call returns among an operation's type shapes."""


@dataclass(frozen=True, slots=True)
class OperationSurface:
    call: str
    """`<group attribute>.<function>`, as in `client.ledger.memos_list(...)`."""
    params: dict[str, str]
    """`<location> <JSON name>` (or `body`) -> `<argument>: <annotation>`."""
    positional: tuple[str, ...]
    """Keys of the parameters passed by position, in order; every other is keyword-only."""
    content_types: tuple[str, ...]
    returns: str
    pages: str | None
    """Item annotation of `<function>_iter`, when the operation is paginated."""
    deprecated: bool
    shapes: dict[str, Shape]
    """The type of each parameter (by key) and of what the call returns (`RETURNS`), by
    structure."""
    security: tuple[str, ...] | None = None
    """The credential keywords each alternative sends (`a+b`, `anonymous`); None: saved
    before they were (not compared)."""


@dataclass(frozen=True, slots=True)
class ModelSurface:
    schema: str
    use: str
    """"read" (responses), "write" (requests) or "both"."""
    fields: dict[str, str]
    """JSON name -> `<attribute>: <annotation>`."""
    shapes: dict[str, Shape]
    """JSON name -> the field's type, by structure."""


@dataclass(frozen=True, slots=True)
class EnumSurface:
    schema: str
    values: tuple[str, ...]
    """Python literals of the values."""


@dataclass(frozen=True, slots=True)
class Surface:
    title: str
    version: str
    numbers: str
    auth: str | None
    operations: dict[str, OperationSurface]
    """`<METHOD> <path>` -> the operation."""
    models: dict[str, ModelSurface]
    enums: dict[str, EnumSurface]
    servers: ServersSurface | None = None
    """None: read from a surface saved before servers were recorded."""
    package_version: str | None = None
    """The version of the client that has this surface (the generator's record of it,
    read back on the next run); None in a surface not saved by `generate`."""
    credentials: tuple[str, ...] | None = None
    """The client's credential keywords with their types (`basic_auth: tuple[str, str]`);
    None: saved before they were (not compared)."""


class SnapshotError(ValueError):
    """A saved surface that cannot be read (another format, or edited by hand)."""


def snapshot_name(package: str) -> str:
    """The surface file's path inside the output folder, beside the package."""
    return f"{package}.api.json"


def surface_of(package: ir.PackageIR) -> Surface:
    spell = Spelling(None)  # as the client's signatures and fields show them
    operations = {}
    for group in package.groups:
        for op in group.operations:
            operations[f"{op.method} {op.path}"] = _operation(group, op, spell,
                                                              package.security.default)
    models = {model.name: ModelSurface(model.schema, model.direction.value, {
        f.json_name: f"{f.name}: {spell.annotation(f.type, optional=not f.required)}"
        for f in model.fields}, {
        f.json_name: shape_of(f.type, optional=not f.required) for f in model.fields})
        for module in package.modules for model in module.models}
    enums = {enum.name: EnumSurface(enum.schema, tuple(py_literal(m.value)
                                                       for m in enum.members))
             for module in package.modules for enum in module.enums}
    return Surface(package.title, package.version, package.number_type, _auth(package.security),
                   _sorted(operations, key=_path_then_method), _sorted(models), _sorted(enums),
                   servers_surface(package.servers), credentials=_credentials(package.security))


def _operation(group: ir.GroupIR, op: ir.OperationIR, spell: Spelling,
               security: ir.Alternatives) -> OperationSurface:
    params = {f"{p.location.value} {p.json_name}":
              f"{p.name}: {spell.annotation(p.type, optional=not p.required)}"
              for p in op.signature_params}
    shapes = {f"{p.location.value} {p.json_name}": shape_of(p.type, optional=not p.required)
              for p in op.signature_params}
    content_types: tuple[str, ...] = ()
    if op.body is not None:
        params[BODY] = f"body: {spell.annotation(op.body.type, optional=not op.body.required)}"
        shapes[BODY] = shape_of(op.body.type, optional=not op.body.required)
        content_types = op.body.encodings
    shapes[RETURNS] = union([shape_of(found, response=True) for found in op.returns])
    pages = spell.annotation(op.pagination.item).flat if op.pagination is not None else None
    positional = tuple(f"{p.location.value} {p.json_name}" for p in op.signature_params
                       if p.positional)
    return OperationSurface(f"{group.attribute}.{op.name}", params, positional, content_types,
                            spell.returns(op).flat, pages, op.deprecated, shapes,
                            _alternatives(op.security or security))


def _alternatives(found: ir.Alternatives) -> tuple[str, ...]:
    return tuple("+".join(each) or "anonymous" for each in found)


def _credentials(security: ir.SecurityIR) -> tuple[str, ...]:
    return tuple(f"{scheme.keyword}: "
                 + ("tuple[str, str]" if scheme.kind is ir.SchemeKind.BASIC else "str")
                 for scheme in security.schemes)


def _auth(security: ir.SecurityIR) -> str | None:
    """How the positional token is sent, e.g. `header Authorization: Token <token>`."""
    auth = security.primary
    if auth is None:
        return None
    value = f"{auth.prefix} <token>" if auth.prefix else "<token>"
    return (f"header {auth.name}: {value}" if auth.location == "header"
            else f"{auth.location} {auth.name}={value}")


def _path_then_method(key: str) -> tuple[str, str]:
    method, _, path = key.partition(" ")
    return path, method


def _sorted(items: dict[str, Item], key: Callable[[str], Any] | None = None) -> dict[str, Item]:
    return {name: items[name] for name in sorted(items, key=key)}


def to_json(surface: Surface) -> str:
    """Stable text: sorted, one parameter, field or value per line, so it diffs well."""
    data = {
        "format": FORMAT,
        "title": surface.title,
        "version": surface.version,
        "numbers": surface.numbers,
        "auth": surface.auth,
        "package_version": surface.package_version,
        "credentials": None if surface.credentials is None else list(surface.credentials),
        "operations": {key: {"call": op.call, "params": op.params,
                             "positional": list(op.positional),
                             "content_types": list(op.content_types), "returns": op.returns,
                             "pages": op.pages, "deprecated": op.deprecated,
                             "types": op.shapes,
                             "security": None if op.security is None else list(op.security)}
                       for key, op in surface.operations.items()},
        "models": {name: {"schema": m.schema, "use": m.use, "fields": m.fields,
                          "types": m.shapes}
                   for name, m in surface.models.items()},
        "enums": {name: {"schema": e.schema, "values": list(e.values)}
                  for name, e in surface.enums.items()},
        "servers": None if surface.servers is None else to_data(surface.servers),
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def from_json(text: str) -> Surface:
    """Reads `to_json`'s text; raises SnapshotError on anything else."""
    try:
        data = json.loads(text)
        if isinstance(data, dict) and data.get("format") in _OLDER:
            raise SnapshotError(f"saved by an earlier campfire-codegen ({data['format']!r}), "
                                "without the type shapes a comparison needs")
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SnapshotError(f"not a {FORMAT!r} file")
        return Surface(
            _str(data["title"]), _str(data["version"]), _str(data["numbers"]),
            None if data["auth"] is None else _str(data["auth"]),
            {_str(key): OperationSurface(
                _str(op["call"]), _str_map(op["params"]),
                _strs(op["positional"]),
                _strs(op["content_types"]),
                _str(op["returns"]), None if op["pages"] is None else _str(op["pages"]),
                bool(op["deprecated"]), _shapes(op["types"]), _optional_strs(op.get("security")))
             for key, op in _items(data["operations"])},
            {_str(name): ModelSurface(_str(m["schema"]), _str(m["use"]), _str_map(m["fields"]),
                                      _shapes(m["types"]))
             for name, m in _items(data["models"])},
            {_str(name): EnumSurface(_str(e["schema"]), _strs(e["values"]))
             for name, e in _items(data["enums"])},
            from_data(data.get("servers")),
            _package_version(data.get("package_version")),
            _optional_strs(data.get("credentials")),
        )
    except (ValueError, KeyError, TypeError) as error:
        if isinstance(error, SnapshotError):
            raise
        raise SnapshotError(f"unreadable API surface: {error}") from None


def _package_version(value: object) -> str | None:
    """Absent from surfaces saved before versions were recorded."""
    if value is None:
        return None
    version = _str(value)
    if not is_package_version(version):
        raise ValueError(f"not a package version: {version!r}")
    return version


def _optional_strs(value: object) -> tuple[str, ...] | None:
    """Absent (saved before the field existed) or null: None."""
    return None if value is None else _strs(value)


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _strs(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return tuple(_str(item) for item in value)


def _items(value: object) -> list[tuple[object, Any]]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return list(value.items())


def _shapes(value: object) -> dict[str, Shape]:
    return {_str(key): item for key, item in _items(value)}


def _str_map(value: object) -> dict[str, str]:
    return {_str(key): _str(item) for key, item in _items(value)}
