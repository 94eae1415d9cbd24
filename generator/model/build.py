"""Stage 4: the whole document to a PackageIR, every name and type decided."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from generator.diagnostics import Diagnostic, GenerationError, Severity
from generator.load import Workspace
from generator.model import ir, reserved
from generator.model import types as t
from generator.model.deep_types import with_aliases
from generator.model.dialect import form_style, is_drf
from generator.model.directions import Directions
from generator.model.idempotency import idempotency_of, without_header
from generator.model.limits import fitted_module_name
from generator.model.names import (
    constant,
    import_key,
    member_key,
    module_name,
    pascal,
    snake,
    spec_order,
    unique,
    unique_names,
)
from generator.model.operations import (
    RawOperation,
    collect_operations,
    failures,
    is_none,
    parameter_names,
    path_parts,
    split_path_key,
    success,
)
from generator.model.pagination import pagination_of
from generator.model.schemas import (
    EnumDef,
    ObjectDef,
    PropertyDef,
    SchemaTranslator,
    key_of,
    location_of,
    named_by_spec,
)
from generator.model.security import operation_security, security_of
from generator.model.servers import base_url, servers_of
from generator.model.text import text_of
from generator.resolve import Resolver


@dataclass(frozen=True, slots=True)
class Options:
    package: str = "campfire_client"
    number_type: str = "decimal"
    form_style: str = "auto"
    """How form and multipart bodies spell nested data: "drf", "openapi", or "auto"
    (drf for a document drf-spectacular wrote: model/dialect.py)."""
    idempotency_header: str | None = None
    """The idempotency header configured ("" for none); None: as the spec says
    (model/idempotency.py)."""


def build_package(workspace: Workspace, options: Options, *,
                  strict: bool = False) -> ir.PackageIR:
    """The IR of the whole document; raises GenerationError on input it cannot turn into
    a correct client. Its warnings are errors when `strict`."""
    if not options.package.isidentifier() or options.package.startswith("_"):
        raise GenerationError([Diagnostic("--package-name", "", f"{options.package!r} is not a "
                                          "valid package name", "use letters, digits and _")])
    resolver = Resolver(workspace, strict=strict)
    translator = SchemaTranslator(resolver, options.number_type)
    root = resolver.root()
    schemas = (workspace.spec.get("components") or {}).get("schemas") or {}
    for name, node in schemas.items():
        translator.named_type(node, root.child("components", "schemas", name))
    operations = collect_operations(resolver, translator)
    idempotency = idempotency_of(operations, options.idempotency_header)
    without_header(operations, idempotency.header)
    resolver.raise_problems()
    directions = Directions(translator, operations)
    names = _ClassNames(translator, directions)
    modules, lookup = _modules(translator, directions, names)
    security = security_of(workspace.spec, (op.requirements for op in operations))
    groups = _groups(operations, names, lookup, workspace.spec.get("tags") or [], security)
    spec = workspace.spec
    info = spec.get("info") or {}
    exports = tuple(sorted(((name, module.name) for module in modules
                            for name in module.class_names),
                           key=lambda item: (import_key(item[1]), member_key(item[0]))))
    resolver.raise_problems()  # names too long for a file
    drf = is_drf(spec)  # scored once: it walks every operation
    servers = servers_of(spec, frozenset(scheme.keyword for scheme in security.schemes))
    package = ir.PackageIR(options.package, text_of(info.get("title")) or "API client",
                           str(info.get("version") or ""), text_of(info.get("description")),
                           base_url(servers), security, options.number_type,
                           tuple(modules), tuple(groups), exports, tuple(resolver.warnings),
                           form_style(drf, options.form_style), idempotency.header,
                           idempotency.operations, servers, drf=drf)
    return with_aliases(package)


class _ClassNames:
    """Final class names of every enum and model variant, unique across the package."""

    def __init__(self, translator: SchemaTranslator, directions: Directions) -> None:
        self.translator = translator
        self.directions = directions
        wanted: list[tuple[tuple[str, str], str, tuple[bool, str, str, str]]] = []
        for key, enum_def in translator.enums.items():
            wanted.append(((key, "both"), enum_def.base_name,
                           self._order(enum_def.base_name, key, enum_def.owner, "both")))
        for key, object_def in translator.objects.items():
            variants = directions.variants(key)
            for variant in variants:
                name = object_def.base_name
                if variant == "write" and "read" in variants:
                    name += "Request"
                wanted.append(((key, variant), name,
                               self._order(name, key, object_def.owner, variant)))
        self.by_variant: dict[tuple[str, str], str] = unique_names(
            wanted, set(reserved.CLASS_NAMES))

    def _order(self, name: str, key: str, owner: str,
               variant: str) -> tuple[bool, str, str, str]:
        """Who gets a name many classes want: a schema's own name (a component's, or a
        file's) before names the generator composes (inline schemas named after their
        place, request variants); then by name and place, never by document order."""
        made_from = location_of(owner)
        own = named_by_spec(made_from) and name == self.translator.name_for(made_from)
        return not own, name, key, variant

    def __call__(self, ref: t.ClassRef) -> str:
        return self.by_variant[(ref.key, self.directions.variant_for(ref.key, ref.direction))]


def _modules(translator: SchemaTranslator, directions: Directions,
             names: _ClassNames) -> tuple[list[ir.ModuleIR], t.Lookup]:
    """The modules of `models/` and where each class ended up (name and module)."""
    owner_of: dict[str, str] = {}
    for key, enum_def in translator.enums.items():
        owner_of[key] = enum_def.owner
    for key, object_def in translator.objects.items():
        owner_of[key] = object_def.owner
    module_names: dict[str, str] = {}
    taken: set[str] = {"__init__"}
    # By class name, then (owners with no class of their own all have "Model") by key:
    # never in the order of a set, which changes from run to run.
    owners = sorted(set(owner_of.values()), key=lambda owner: (_primary_name(owner, names), owner))
    for owner in owners:
        made_from = location_of(owner)
        fitted = fitted_module_name(module_name(_primary_name(owner, names)), made_from,
                                    translator.resolver, chosen_by_spec=named_by_spec(made_from))
        module_names[owner] = unique(fitted, taken)
    members: dict[str, list[tuple[str, str]]] = {}
    for key in sorted(owner_of, key=lambda k: owner_of[k]):
        module = module_names[owner_of[key]]
        variants = directions.variants(key) if key in translator.objects else ["both"]
        members.setdefault(module, []).extend((key, v) for v in variants)
    module_of_class = {names.by_variant[member]: module
                       for module, entries in members.items() for member in entries}
    merged = _merge_cycles(members, translator, names, module_of_class)
    for module, entries in members.items():
        for member in entries:
            module_of_class[names.by_variant[member]] = merged.get(module, module)

    def lookup(ref: t.ClassRef) -> tuple[str, str]:
        name = names(ref)
        return name, module_of_class[name]

    enums_by_module: dict[str, list[ir.EnumIR]] = {}
    models_by_module: dict[str, list[ir.ModelIR]] = {}
    for module, entries in members.items():
        target = merged.get(module, module)
        for key, variant in entries:
            if key in translator.enums:
                enums_by_module.setdefault(target, []).append(
                    _enum_ir(translator.enums[key], names.by_variant[(key, variant)]))
            else:
                models_by_module.setdefault(target, []).append(
                    _model_ir(translator.objects[key], variant, names, lookup))
    modules = [ir.ModuleIR(module, tuple(sorted(enums_by_module.get(module, []),
                                                key=lambda e: e.name)),
                           tuple(sorted(models_by_module.get(module, []), key=lambda m: m.name)))
               for module in sorted(set(enums_by_module) | set(models_by_module))]
    return modules, lookup


def _primary_name(owner: str, names: _ClassNames) -> str:
    for variant in ("both", "read", "write"):
        found = names.by_variant.get((owner, variant))
        if found is not None:
            return found
    return "Model"


def _merge_cycles(members: dict[str, list[tuple[str, str]]], translator: SchemaTranslator,
                  names: _ClassNames, module_of_class: dict[str, str]) -> dict[str, str]:
    """Modules that import each other (recursive schemas) are merged into one: module ->
    the module it is merged into."""
    edges: dict[str, set[str]] = {}
    for module, entries in members.items():
        targets = edges.setdefault(module, set())
        for key, variant in entries:
            object_def = translator.objects.get(key)
            if object_def is None:
                continue
            direction = "write" if variant == "write" else "read"
            types = [p.type for p in object_def.properties if _in_variant(p, variant)]
            types.append(object_def.extra)
            for found in types:
                for ref in found.with_direction(direction).refs():
                    other = module_of_class[names(ref)]
                    if other != module:
                        targets.add(other)
    merged: dict[str, str] = {}
    for component in _strongly_connected(edges):
        if len(component) > 1:
            head = min(component)
            for module in component:
                merged[module] = head
    return merged


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def _enum_ir(enum_def: EnumDef, name: str) -> ir.EnumIR:
    wanted = [(str(value), constant(str(value))) for value in enum_def.values]
    member_names = unique_names(
        ((index, member, spec_order(member, text, as_spelled=member == text.upper()))
         for index, (text, member) in enumerate(wanted)), set())
    members = tuple(ir.EnumMemberIR(member_names[index], value)
                    for index, value in enumerate(enum_def.values))
    return ir.EnumIR(name, enum_def.pointer, enum_def.integer, enum_def.description, members)


def _model_ir(object_def: ObjectDef, variant: str, names: _ClassNames,
              lookup: t.Lookup) -> ir.ModelIR:
    direction = "write" if variant == "write" else "read"
    props = [prop for prop in object_def.properties if _in_variant(prop, variant)]
    field_names = _field_names(object_def, variant)
    fields = [ir.FieldIR(field_names[prop.json_name], prop.json_name,
                         t.resolved(prop.type.with_direction(direction), lookup), prop.required,
                         prop.description, prop.read_only, prop.write_only, prop.deprecated,
                         prop.form_null and variant != "read",  # forms are requests
                         prop.file_extensions if variant != "read" else None)
              for prop in props]
    return ir.ModelIR(names.by_variant[(object_def.key, variant)], object_def.pointer,
                      ir.Direction(variant),
                      object_def.description, tuple(fields),
                      t.resolved(object_def.extra.with_direction(direction), lookup))


def _field_names(object_def: ObjectDef, variant: str) -> dict[str, str]:
    """The field name of each property of the class of a variant, by JSON name."""
    wanted = {prop.json_name: snake(prop.json_name, "field")
              for prop in object_def.properties if _in_variant(prop, variant)}
    return unique_names(((json_name, name, spec_order(name, json_name))
                         for json_name, name in wanted.items()),
                        set(reserved.MODEL_ATTRIBUTES))


def _read_variant(object_def: ObjectDef, names: _ClassNames) -> str:
    """The variant whose class a response decodes into."""
    return "read" if "read" in names.directions.variants(object_def.key) else "both"


def _in_variant(prop: PropertyDef, variant: str) -> bool:
    """Whether a property is a field of the class of a variant: a request class leaves
    read-only ones out, a response class write-only ones."""
    return not ((variant == "write" and prop.read_only) or (variant == "read" and prop.write_only))


def _groups(operations: list[RawOperation], names: _ClassNames, lookup: t.Lookup,
            spec_tags: list[Any], security: ir.SecurityIR) -> list[ir.GroupIR]:
    tags = {str(tag.get("name")): text_of(tag.get("description")) for tag in spec_tags
            if isinstance(tag, dict)}
    by_tag: dict[str, list[RawOperation]] = {}
    for operation in operations:
        by_tag.setdefault(operation.tag, []).append(operation)
    # Tags that come out the same (`Items`, `items`) are served in the order of the tags,
    # module and class alike.
    ordered = sorted(by_tag, key=lambda tag: (import_key(snake(tag, "group")), tag))
    # Group attributes live on the client next to its own methods.
    modules = unique_names(
        ((tag, fitted_module_name(snake(tag, "group"), by_tag[tag][0].location.child("tags", 0),
                                  names.translator.resolver, chosen_by_spec=True), tag)
         for tag in ordered), set(reserved.CLIENT_ATTRIBUTES))
    # Group classes share their modules with the model classes they import.
    class_names = unique_names(
        ((tag, pascal(tag, "Group") + "Api", tag) for tag in ordered),
        {"Client", "AsyncClient", *names.by_variant.values()},
        claims=_group_classes, numbering=lambda base, counter: f"{base}{counter}")
    groups = []
    for tag in ordered:
        wanted = [(op, snake(op.operation_id, "operation")) for op in by_tag[tag]]
        function_names = unique_names(
            ((index, name, spec_order(name, op.operation_id, op.path, op.method))
             for index, (op, name) in enumerate(wanted)),
            set(reserved.GROUP_ATTRIBUTES), claims=_operation_functions,
            numbering=lambda base, counter: f"{base}_{counter}")
        _report_renamed(wanted, function_names, names.translator.resolver)
        built = [_operation_ir(op, function_names[index], names, lookup, security)
                 for index, op in enumerate(by_tag[tag])]
        groups.append(ir.GroupIR(class_names[tag], modules[tag], modules[tag], tag,
                                 tags.get(tag), tuple(built)))
    return groups


def _report_renamed(wanted: list[tuple[RawOperation, str]], given: dict[int, str],
                    resolver: Resolver) -> None:
    """A warning for each operation whose method was numbered because another one's
    operationId makes the same name (`getThing` and `get_thing`), naming both: the numbers
    follow the spec's names (`unique_names`), so which one is `_2` is stable, but the
    author should know."""
    for index, (operation, name) in enumerate(wanted):
        if given[index] == name:
            continue
        others = [other for other_index, (other, other_name) in enumerate(wanted)
                  if other_index != index
                  and _operation_functions(other_name) & _operation_functions(name)]
        if not others:
            continue  # numbered for a name the client keeps for itself (reserved.py)
        resolver.report(
            operation.location,
            f"operationId {operation.operation_id!r} makes the method `{name}`, as "
            + ", ".join(f"{other.operation_id!r} of {other.location.pointer}"
                        for other in others)
            + f" does: this one is `{given[index]}`",
            "give the operations operationIds that differ in more than case and separators",
            Severity.WARNING)


def _group_classes(name: str) -> set[str]:
    """The classes of a group: sync and async, each with its whole-response and streaming
    namespaces (a model class named `AsyncDefaultApi` would clash with the async group
    class)."""
    return {prefix + name + suffix for prefix in ("", "Async")
            for suffix in ("", "WithResponse", "StreamingResponse")}


def _operation_functions(name: str) -> set[str]:
    """The methods of an operation: the call, and its walks over all pages (items, pages)."""
    return {name, f"{name}_iter", f"{name}_pages"}


def _operation_ir(operation: RawOperation, name: str, names: _ClassNames,
                  lookup: t.Lookup, security: ir.SecurityIR) -> ir.OperationIR:
    param_names = parameter_names(operation)
    path_params = [p for p in operation.params if p.location == "path"]
    positional = path_params[-1] if path_params else None  # template order (operations.py)
    params = tuple(
        ir.ParamIR(param_names[(p.location, p.json_name)], p.json_name,
                   ir.ParamLocation(p.location),
                   t.resolved(p.type, lookup), p.required, p.explode, p.description,
                   positional=p is positional, deprecated=p.deprecated,
                   deep_object=p.deep_object)
        for p in operation.params
    )
    body = None
    if operation.body is not None:
        body = ir.BodyIR(t.resolved(operation.body.type, lookup), operation.body.required,
                         operation.body.encodings, operation.body.description,
                         operation.body.deep_object, operation.body.json_parts)
    responses = tuple(replace(_response_ir(r.status, r.type, r.description, lookup, r.events),
                              bytes_too=r.bytes_too) for r in success(operation))
    errors = tuple(_response_ir(r.status, r.type, r.description, lookup)
                   for r in failures(operation))
    path_names = {p.json_name: param_names[(p.location, p.json_name)]
                  for p in operation.params if p.location == "path"}
    path, fixed_query = split_path_key(operation.path)
    return ir.OperationIR(
        name, operation.operation_id, operation.method.upper(), operation.path,
        path_parts(path, path_names), operation.summary, operation.description,
        operation.deprecated, params, body, responses, errors,
        operation_security(security, operation.requirements),
        pagination_of(operation, names.translator, lookup, params,
                      lambda object_def: _field_names(object_def, _read_variant(object_def,
                                                                                names))),
        fixed_query)


def _response_ir(status: str, found: t.Type | None, description: str | None,
                 lookup: t.Lookup, events: t.Type | None = None) -> ir.ResponseIR:
    resolved_events = None if events is None else t.resolved(events, lookup)
    if is_none(found):
        return ir.ResponseIR(status, None, description, resolved_events)
    assert found is not None
    return ir.ResponseIR(status, t.resolved(found, lookup), description, resolved_events)




__all__ = ["Options", "build_package", "key_of"]
