"""Deep types, named in parts: no spelled type nests more than `MAX_SPELLED` levels.

A schema may nest items, unions and maps hundreds of levels deep (openapi-spec-validator
accepts them, Python can represent the values). Spelled in one piece, such a type would
not even compile: CPython's tokenizer refuses more than 200 nested brackets, and mypy's
time grows with each level of a union of arrays. So the part of a type below
`MAX_SPELLED` levels becomes a type alias of its own (`InvoiceTagsNested1 = list[...]`),
in a module of `models/`, named after the field, parameter, body or response it belongs
to; the alias's own value is cut the same way. No real spec nests that deep (the
deepest of the corpus nests 6), so their clients have no alias.
"""

from __future__ import annotations

from dataclasses import replace

from generator.model import ir
from generator.model import types as t
from generator.model.names import import_key, member_key, module_name, pascal

MAX_SPELLED = 8
"""Levels of list, dict and union spelled in one annotation: the deepest real spec's 6,
and some room."""

_CONTAINERS = (t.ListOf, t.MapOf, t.UnionOf)


def with_aliases(package: ir.PackageIR) -> ir.PackageIR:
    """`package` with the deep parts of its types named by aliases (itself when none is
    that deep)."""
    aliases = _Aliases(package)
    modules = tuple(replace(module, models=tuple(aliases.model(m) for m in module.models))
                    for module in package.modules)
    groups = tuple(replace(group, operations=tuple(aliases.operation(op)
                                                   for op in group.operations))
                   for group in package.groups)
    if not aliases.found:
        return package
    modules += tuple(ir.ModuleIR(module, (), (), (ir.AliasIR(name, found),))
                     for name, module, found in aliases.found)
    exports = tuple(sorted(((name, module.name) for module in modules
                            for name in module.class_names),
                           key=lambda item: (import_key(item[1]), member_key(item[0]))))
    return replace(package, modules=modules, groups=groups, exports=exports)


class _Aliases:
    """Cuts types and names the parts, once per distinct part."""

    def __init__(self, package: ir.PackageIR) -> None:
        self.found: list[tuple[str, str, t.Type]] = []
        """(alias name, its module, its value), inner aliases first."""
        self._names: dict[t.Type, t.Named] = {}
        self._taken = {name for module in package.modules for name in module.class_names}
        self._modules = {module.name for module in package.modules}
        self._counts: dict[str, int] = {}

    def model(self, model: ir.ModelIR) -> ir.ModelIR:
        fields = tuple(replace(f, type=self.cut(f.type, f"{model.name}{pascal(f.name)}"))
                       for f in model.fields)
        return replace(model, fields=fields, extra=self.cut(model.extra, f"{model.name}Extra"))

    def operation(self, op: ir.OperationIR) -> ir.OperationIR:
        stem = pascal(op.name)
        params = tuple(replace(p, type=self.cut(p.type, f"{stem}{pascal(p.name)}"))
                       for p in op.params)
        body = None if op.body is None else \
            replace(op.body, type=self.cut(op.body.type, f"{stem}Body"))
        responses, errors = (tuple(
            replace(r, type=None if r.type is None else self.cut(r.type, f"{stem}Response"),
                    events=None if r.events is None else self.cut(r.events, f"{stem}Event"))
            for r in found) for found in (op.responses, op.errors))
        pagination = None if op.pagination is None else \
            replace(op.pagination, item=self.cut(op.pagination.item, f"{stem}Item"))
        return replace(op, params=params, body=body, responses=responses, errors=errors,
                       pagination=pagination)

    def cut(self, found: t.Type, base: str) -> t.Type:
        """`found`, its deep parts named; `base` names them."""
        return self._cut(found, base, 0)

    def _cut(self, found: t.Type, base: str, depth: int) -> t.Type:
        """`found` at `depth` levels: an alias at `MAX_SPELLED`."""
        match found:
            case t.ListOf(item):
                return self._alias(found, base) if depth == MAX_SPELLED else \
                    t.ListOf(self._cut(item, base, depth + 1))
            case t.MapOf(value):
                return self._alias(found, base) if depth == MAX_SPELLED else \
                    t.MapOf(self._cut(value, base, depth + 1))
            case t.UnionOf(variants, discriminator, mapping):
                if depth == MAX_SPELLED:
                    return self._alias(found, base)
                return t.UnionOf(tuple(self._cut(v, base, depth + 1)
                                       for v in variants), discriminator, mapping)
            case t.Nullable(inner):
                return t.Nullable(self._cut(inner, base, depth))
            case t.Choice(inner, values):
                return t.Choice(self._cut(inner, base, depth), values)
        return found

    def _alias(self, found: t.Type, base: str) -> t.Named:
        known = self._names.get(found)
        if known is not None:
            return known
        name = self._fresh_name(base)
        module = module_name(name)
        while module in self._modules:
            module += "_"
        self._modules.add(module)
        named = t.Named(name, module, t.ClassKind.ALIAS)
        self._names[found] = named
        value = self._cut(found, base, 0)
        self.found.append((name, module, value))
        return named

    def _fresh_name(self, base: str) -> str:
        while True:
            count = self._counts[base] = self._counts.get(base, 0) + 1
            name = f"{base}Nested{count}"
            if name not in self._taken:
                self._taken.add(name)
                return name

