"""Import lines of generated modules, derived from the code they contain."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from generator.model import ir
from generator.model.names import import_key, member_key

_STDLIB = {
    "datetime": "import datetime",
    "Decimal": "from decimal import Decimal",
    "UUID": "from uuid import UUID",
    "Any": "from typing import Any",
    "dataclass": "from dataclasses import dataclass, field",
    "Literal": "from typing import Literal",
    "TYPE_CHECKING": "from typing import TYPE_CHECKING",
}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING_LITERAL = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")


def identifiers(code: Iterable[str]) -> set[str]:
    """Identifiers used by generated code, string literals left out."""
    found: set[str] = set()
    for text in code:
        found.update(_IDENTIFIER.findall(_STRING_LITERAL.sub('""', text)))
    return found


def import_lines(used: set[str], local_classes: dict[str, str],
                 local_prefix: str) -> tuple[str, ...]:
    """stdlib imports first, then the runtime, then sibling modules (isort's order)."""
    stdlib = _combine(sorted({line for name, line in _STDLIB.items() if name in used},
                             key=lambda line: (line.startswith("from"), line)))
    siblings: dict[str, list[str]] = {}
    for name in sorted(used):
        module = local_classes.get(name)
        if module is not None:
            siblings.setdefault(module, []).append(name)
    runtime = ["from .. import _runtime as rt"] if "rt" in used else []
    unset = [name for name in ("UNSET", "Unset") if name in used]
    if unset:
        runtime.append(f"from .._runtime import {', '.join(unset)}")
    local = [f"from {local_prefix}{module} import {', '.join(names)}"
             for module, names in sorted(siblings.items(), key=lambda i: import_key(i[0]))]
    local_lines = runtime + local
    return tuple(stdlib + ([""] if stdlib and local_lines else []) + local_lines)


def _combine(lines: list[str]) -> list[str]:
    """`from m import a` and `from m import b` as one `from m import a, b`."""
    combined: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("from "):
            module, names = line[5:].split(" import ", 1)
            combined.setdefault(f"from {module} import ", []).extend(names.split(", "))
        else:
            combined[line] = []
    return [head + ", ".join(sorted(set(names), key=member_key)) if names else head
            for head, names in combined.items()]


def model_module_imports(module: str, enums: list[ir.EnumIR], models: list[ir.ModelIR],
                         module_of_class: dict[str, str]
                         ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(imports, imports for type checkers only) of a model module.

    Classes of other modules appear there only in annotations: the codec tables import
    them when first read (`with_table_imports`), so that importing a model loads none
    of the models it refers to, and a chain of any length loads one link at a time.
    """
    code: list[str] = []
    for model in models:
        code += [f.annotation for f in model.fields] + [f.codec for f in model.fields]
        code += [model.extra_annotation, model.extra_codec or ""]
    used = identifiers(code) | {"dataclass", "field", "rt"} if models else {"rt"}
    if any(not f.required for m in models for f in m.fields):
        used |= {"UNSET", "Unset"}
    others = _other_modules(used, module, module_of_class)
    if others:
        used.add("TYPE_CHECKING")
    return import_lines(used - set(others), {}, "."), _class_imports(others)


def with_table_imports(model: ir.ModelIR, module: str,
                       module_of_class: dict[str, str]) -> ir.ModelIR:
    """The model, with the imports its codec tables run when first read."""
    table = identifiers(f.codec for f in model.fields)
    extra = identifiers([model.extra_codec or ""])
    return replace(
        model,
        table_imports=_class_imports(_other_modules(table, module, module_of_class)),
        extra_imports=_class_imports(_other_modules(extra, module, module_of_class)))


def _other_modules(used: set[str], module: str,
                   module_of_class: dict[str, str]) -> dict[str, str]:
    """The module of each class used that another module defines (linear in `used`, not
    in the number of classes: a package can hold thousands)."""
    return {name: other for name in used
            if (other := module_of_class.get(name)) is not None and other != module}


def _class_imports(classes: dict[str, str]) -> tuple[str, ...]:
    return tuple(line for line in import_lines(set(classes), classes, ".") if line)


def group_module_imports(operations: Iterable[ir.OperationIR],
                         module_of_class: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(imports, imports for type checkers only) of an operations module.

    Model classes appear there only in annotations: each request function imports the
    ones it decodes when it runs (operation_imports), so that importing the module
    loads no model.
    """
    annotations: list[str] = []
    code: list[str] = []
    used = {"rt"}
    for op in operations:
        annotations += [p.annotation for p in op.params] + [op.return_annotation]
        code += [r.codec for r in op.responses + op.errors]
        if op.body is not None:
            annotations.append(op.body.annotation)
            if len(op.body.encodings) > 1:
                annotations.append(op.body.encoding_annotation)
        if any(not p.required for p in op.params) or (
                op.body is not None and not op.body.required):
            used |= {"UNSET", "Unset"}
    in_annotations = identifiers(annotations)
    classes = {name: module for name, module in module_of_class.items()
               if name in in_annotations}
    used |= (in_annotations | identifiers(code)) - set(module_of_class)
    if classes:
        used.add("TYPE_CHECKING")
    runtime = import_lines(used, {}, "..models.")
    typing_only = tuple(line for line in import_lines(set(classes), classes, "..models.")
                        if line)
    return runtime, typing_only


def operation_imports(op: ir.OperationIR, module_of_class: dict[str, str]) -> tuple[str, ...]:
    """The model classes a request function needs when it runs (in its codecs)."""
    used = identifiers(r.codec for r in op.responses + op.errors)
    classes = {name: module for name, module in module_of_class.items() if name in used}
    return tuple(line for line in import_lines(set(classes), classes, "..models.") if line)
