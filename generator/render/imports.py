"""The import lines of generated modules, from what spelling their types recorded.

Model classes appear in other modules' annotations only (imported for type checkers): the
code that decodes them imports them when it first runs (a model binds the classes its
annotations name when first decoded; an operation's method imports the models it
decodes), so importing a module loads no other model, and a chain of any length loads
one link at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import ir
from generator.model.names import import_key, member_key
from generator.render.spelling import Spelling


@dataclass(frozen=True, slots=True)
class Import:
    """`from module import names`, or `import module` when `names` is empty."""

    module: str
    names: tuple[str, ...] = ()


# The standard-library module of each name a spelling may use (None: `import` the name).
_STDLIB: dict[str, tuple[str, tuple[str, ...]]] = {
    "datetime": ("datetime", ()),
    "Decimal": ("decimal", ("Decimal",)),
    "UUID": ("uuid", ("UUID",)),
    "Any": ("typing", ("Any",)),
    "dataclass": ("dataclasses", ("dataclass", "field")),
    "Literal": ("typing", ("Literal",)),
    "Unpack": ("typing", ("Unpack",)),
    "TYPE_CHECKING": ("typing", ("TYPE_CHECKING",)),
    "TypeAlias": ("typing", ("TypeAlias",)),
}

# The one name from outside the standard library: PEP 702's marker (in `warnings` only
# from Python 3.13), from typing_extensions, which httpx's own dependencies install.
_THIRD_PARTY: dict[str, tuple[str, tuple[str, ...]]] = {
    "deprecated": ("typing_extensions", ("deprecated",)),
}

Imports = tuple[Import | None, ...]
"""Import statements in order; None: a blank line between sections."""


@dataclass(slots=True)
class ModuleImports:
    """The imports of one generated module, and the spelling that recorded them."""

    spelling: Spelling
    lines: Imports = ()
    type_only: Imports = ()
    """For type checkers only (under `if TYPE_CHECKING:`)."""


def model_module_imports(module: ir.ModuleIR) -> ModuleImports:
    if module.aliases:
        return _alias_module_imports(module)
    spelling = Spelling(module.name)
    found = ModuleImports(spelling)
    optional = False
    for model in module.models:
        for member in model.fields:
            spelling.annotation(member.type, optional=not member.required)
            optional = optional or not member.required
        spelling.annotation(model.extra)
    names = spelling.names | ({"dataclass", "field", "rt"} if module.models else {"rt"})
    names = _with_unset(names, optional)
    if spelling.classes:
        names.add("TYPE_CHECKING")
    found.lines = import_lines(names, {}, ".")
    found.type_only = class_imports(spelling.classes, ".")
    return found


def _alias_module_imports(module: ir.ModuleIR) -> ModuleImports:
    """An alias is a value, evaluated when its module is imported: the classes it names
    are imported for real (no model module imports an alias's at run time, so this
    makes no cycle)."""
    spelling = Spelling(module.name)
    for alias in module.aliases:
        spelling.annotation(alias.type)
    found = ModuleImports(spelling)
    names = spelling.names | {"TypeAlias"} | set(spelling.classes)
    found.lines = import_lines(names, spelling.classes, ".")
    return found


def group_module_imports(group: ir.GroupIR) -> ModuleImports:
    spelling = Spelling(None)
    found = ModuleImports(spelling)
    optional = False
    for op in group.operations:
        for param in op.params:
            spelling.annotation(param.type, optional=not param.required)
            optional = optional or not param.required
        spelling.returns(op)
        if op.body is not None:
            spelling.annotation(op.body.type, optional=not op.body.required)
            optional = optional or not op.body.required
            if len(op.body.encodings) > 1:
                spelling.encodings(op.body.encodings)
        for response in op.responses + op.errors:
            spelling.response_codec(response.type)
            if response.events is not None:  # typed in the streaming namespace
                spelling.annotation(response.events)
    names = _with_unset(spelling.names | {"rt"} | ({"Unpack"} if group.operations else set())
                        | ({"deprecated"} if any(op.deprecated for op in group.operations)
                           else set()), optional)
    if spelling.classes:
        names.add("TYPE_CHECKING")
    found.lines = import_lines(names, {}, "..models.")
    found.type_only = class_imports(spelling.classes, "..models.")
    return found


def _with_unset(names: set[str], optional: bool) -> set[str]:
    names = names - {"Unset"}
    return names | {"UNSET", "Unset"} if optional else names


def import_lines(used: set[str], local_classes: dict[str, str], local_prefix: str) -> Imports:
    """stdlib imports first, then the runtime, then sibling modules (isort's order)."""
    plain = sorted(module for name, (module, names) in _STDLIB.items()
                   if name in used and not names)
    from_stdlib: dict[str, set[str]] = {}
    for name, (module, names) in _STDLIB.items():
        if name in used and names:
            from_stdlib.setdefault(module, set()).update(names)
    stdlib: list[Import] = [Import(module) for module in plain] + [
        Import(module, tuple(sorted(names, key=member_key)))
        for module, names in sorted(from_stdlib.items())]
    siblings: dict[str, list[str]] = {}
    for name in sorted(used):
        sibling = local_classes.get(name)
        if sibling is not None:
            siblings.setdefault(sibling, []).append(name)
    third_party = [Import(module, names) for name, (module, names) in _THIRD_PARTY.items()
                   if name in used]
    runtime = [Import("..", ("_runtime as rt",))] if "rt" in used else []
    if "models" in used:
        runtime.append(Import("..", ("models",)))
    unset = tuple(name for name in ("UNSET", "Unset") if name in used)
    if unset:
        runtime.append(Import(".._runtime", unset))
    local = [Import(f"{local_prefix}{module}", tuple(names))
             for module, names in sorted(siblings.items(), key=lambda i: import_key(i[0]))]
    sections = [section for section in (stdlib, third_party, runtime + local) if section]
    found: list[Import | None] = []
    for section in sections:
        found += [None] if found else []
        found += section
    return tuple(found)


def class_imports(classes: dict[str, str], prefix: str) -> Imports:
    """`from <prefix><module> import <classes>` statements."""
    return tuple(each for each in import_lines(set(classes), classes, prefix) if each)
