"""Small inline OpenAPI documents for the model-stage tests, and ways to look into the IR
they build (`generator.model.build.build_package`, no rendering, no `../shared`)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from generator.load import load_inputs
from generator.model import ir
from generator.model import types as t
from generator.model.build import Options, build_package

Spec = dict[str, Any]

_COUNTER = itertools.count()


def spec(paths: Spec | None = None, schemas: Spec | None = None, *,
         version: str = "3.0.3", **top: Any) -> Spec:
    """A whole document: `paths`, `components.schemas`, and any other top-level keys."""
    return {"openapi": version, "info": {"title": "T", "version": "1"},
            "paths": paths or {}, "components": {"schemas": schemas or {}}, **top}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: tuple[str, ...] = (), **properties: Any) -> Spec:
    """An object schema with the given properties (`required` names some of them)."""
    node: Spec = {"type": "object", "properties": properties}
    if required:
        node["required"] = list(required)
    return node


STRING: Spec = {"type": "string"}
INTEGER: Spec = {"type": "integer"}


def json_body(schema: Any, **extra: Any) -> Spec:
    return {"content": {"application/json": {"schema": schema}}, **extra}


def returns(schema: Any, status: str = "200") -> Spec:
    return {status: {"description": "", **json_body(schema)}}


NO_CONTENT: Spec = {"204": {"description": ""}}


def operation(operation_id: str, *, tag: str | None = None, responses: Spec | None = None,
              **extra: Any) -> Spec:
    found: Spec = {"operationId": operation_id, "responses": responses or NO_CONTENT, **extra}
    if tag is not None:
        found["tags"] = [tag]
    return found


def param(name: str, where: str = "query", schema: Any = None, **extra: Any) -> Spec:
    found: Spec = {"name": name, "in": where, "schema": schema or STRING, **extra}
    if where == "path":
        found["required"] = True
    return found


def build(tmp_path: Path, document: Spec, **options: Any) -> ir.PackageIR:
    """The IR of `document`, written to a file of its own in `tmp_path` and loaded as the
    command line loads it."""
    source = tmp_path / f"spec{next(_COUNTER)}.json"
    source.write_text(json.dumps(document), "utf-8")
    strict = options.pop("strict", False)
    return build_package(load_inputs([str(source)]), Options(**options), strict=strict)


# --- looking into the IR ------------------------------------------------------------------

def models(package: ir.PackageIR) -> dict[str, ir.ModelIR]:
    return {m.name: m for module in package.modules for m in module.models}


def enums(package: ir.PackageIR) -> dict[str, ir.EnumIR]:
    return {e.name: e for module in package.modules for e in module.enums}


def model(package: ir.PackageIR, name: str) -> ir.ModelIR:
    found = models(package)
    assert name in found, f"no model {name}; models: {sorted(found)}"
    return found[name]


def fields(found: ir.ModelIR) -> dict[str, ir.FieldIR]:
    """The fields of a model by JSON name."""
    return {f.json_name: f for f in found.fields}


def field_type(package: ir.PackageIR, model_name: str, json_name: str) -> t.Type:
    return fields(model(package, model_name))[json_name].type


def module_of(package: ir.PackageIR, class_name: str) -> str:
    owners = [m.name for m in package.modules if class_name in m.class_names]
    assert len(owners) == 1, f"{class_name} is defined in {owners}"
    return owners[0]


def operations(package: ir.PackageIR) -> dict[str, ir.OperationIR]:
    """Every operation by its operationId."""
    return {o.operation_id: o for g in package.groups for o in g.operations}


def op(package: ir.PackageIR, operation_id: str) -> ir.OperationIR:
    found = operations(package)
    assert operation_id in found, f"no operation {operation_id}; found {sorted(found)}"
    return found[operation_id]


def params(found: ir.OperationIR) -> dict[str, ir.ParamIR]:
    """The parameters of an operation by JSON name."""
    return {p.json_name: p for p in found.params}


def named(name: str, module: str, kind: t.ClassKind = t.ClassKind.MODEL) -> t.Named:
    return t.Named(name, module, kind)


def every_type(package: ir.PackageIR) -> list[t.Type]:
    """Every type the IR holds: fields, extras, parameters, bodies, responses, pages."""
    found: list[t.Type] = []
    for m in models(package).values():
        found += [f.type for f in m.fields] + [m.extra]
    for o in operations(package).values():
        found += [p.type for p in o.params]
        found += [r.type for r in o.responses + o.errors if r.type is not None]
        if o.body is not None:
            found.append(o.body.type)
        if o.pagination is not None:
            found.append(o.pagination.item)
    return found


def assert_references_resolve(package: ir.PackageIR) -> None:
    """Every class a type names exists, of its kind, in the module it names, once."""
    defined: dict[str, tuple[str, t.ClassKind]] = {}
    for module in package.modules:
        for e in module.enums:
            assert e.name not in defined, f"{e.name} defined twice"
            defined[e.name] = (module.name, t.ClassKind.ENUM)
        for m in module.models:
            assert m.name not in defined, f"{m.name} defined twice"
            defined[m.name] = (module.name, t.ClassKind.MODEL)
    for found in every_type(package):
        for cls in t.classes_in(found):
            assert defined.get(cls.name) == (cls.module, cls.kind), \
                f"{cls} does not match its definition {defined.get(cls.name)}"
