"""Schemas to types: decides what becomes a class, an enum, a union or a plain type.

Works on the raw document through the resolver. Every object schema with properties
(and every merged `allOf`) becomes an `ObjectDef`; every string or integer enum an
`EnumDef`. Their final class names are decided later, once it is known in which
direction (request or response) each is used.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Severity
from generator.model import types as t
from generator.model.form_nulls import empty_reads_as_null
from generator.model.names import pascal
from generator.model.text import text_of
from generator.model.union_tags import (
    ObjectShape,
    Tag,
    indistinguishable,
    sorted_table,
    tag_table,
    tag_values,
)
from generator.model.uploads import file_extensions
from generator.resolve import Location, Resolver

_SCHEMA_CONTAINERS = ("schemas", "definitions", "$defs")
_UNSET_DIRECTION = "?"


@dataclass(slots=True)
class PropertyDef:
    json_name: str
    type: t.Type
    required: bool
    read_only: bool
    write_only: bool
    description: str | None
    deprecated: bool = False
    form_null: bool = False
    """None may travel as an empty form value (`form_nulls.py`)."""
    file_extensions: tuple[str, ...] | None = None
    """The extensions a file field's name may end in (`uploads.py`)."""


@dataclass(slots=True)
class ObjectDef:
    key: str
    base_name: str
    owner: str
    """Key of the top-level schema whose module holds this class."""
    pointer: str
    location: Location
    description: str | None
    properties: list[PropertyDef] = field(default_factory=list)
    extra: t.Type = t.ANY

    def differs_by_direction(self) -> bool:
        return any(p.read_only or p.write_only for p in self.properties)


@dataclass(slots=True)
class EnumDef:
    key: str
    base_name: str
    owner: str
    pointer: str
    location: Location
    description: str | None
    values: tuple[str | int, ...]
    integer: bool


def key_of(location: Location) -> str:
    return f"{location.uri}#{location.pointer}"


def named_by_spec(location: Location) -> bool:
    """Whether the schema at `location` has a name of the spec's choosing (a component,
    or a whole file), rather than one composed from where it is used."""
    tokens = location.pointer.split("/")
    return location.pointer in ("", "/") or (
        len(tokens) >= 2 and tokens[-2] in _SCHEMA_CONTAINERS)


def location_of(key: str) -> Location:
    """The location a key was made from (a uri holds no `#`: its fragment is the pointer)."""
    uri, _, pointer = key.partition("#")
    return Location(uri, pointer)


def shown_location(location: Location, root_uri: str) -> str:
    """A schema's place for readers: its pointer, after the file name when not the root."""
    if location.uri == root_uri:
        return location.pointer
    return f"{location.uri.rsplit('/', 1)[-1]}#{location.pointer}"


class SchemaTranslator:
    """Turns schema nodes into `types.Type` trees, registering classes as it goes.

    The properties of an object are read after the type that contains it is done (a
    queue, not recursion), so that chains of objects and references of any length need
    no deeper stack; what nests in one type (items, unions, allOf wrappers, aliases)
    is recursion, a few frames a level (`deep_stack.py` gives it the room).
    """

    def __init__(self, resolver: Resolver, number_type: str) -> None:
        self.resolver = resolver
        self.number = t.FLOAT if number_type == "float" else t.DECIMAL
        self.objects: dict[str, ObjectDef] = {}
        self.enums: dict[str, EnumDef] = {}
        self._named: dict[str, t.Type] = {}
        self._expanding: set[str] = set()
        self._unread: deque[tuple[ObjectDef, dict[str, Any]]] = deque()

    # --- entry points ------------------------------------------------------------------

    def type_of(self, node: Any, location: Location, hint: str, owner: str | None) -> t.Type:
        """The type of a schema node met at `location`; `hint` names inline classes."""
        found = self._type_of(node, location, hint, owner)
        self._read_objects()
        return found

    def named_type(self, node: Any, location: Location) -> t.Type:
        """The type of a schema reached by reference: a class of its own when it is one."""
        found = self._named_type(node, location)
        self._read_objects()
        return found

    def parameter_type(self, node: Any, location: Location, hint: str) -> t.Type:
        """A parameter's type: an inline enum is its values, with no class to import."""
        if isinstance(node, dict) and isinstance(node.get("enum"), list) and "$ref" not in node:
            values = self._fitting_values(node, location)
            if values:
                return _literal_or_base(values, self.number)
            if not any(v is not None for v in node["enum"]):
                return t.STR
            node = {k: v for k, v in node.items() if k != "enum"}  # none fits its type
        return self.type_of(node, location, hint, None)

    def name_for(self, location: Location) -> str:
        tokens = [tok.replace("~1", "/").replace("~0", "~") for tok in location.pointer.split("/")]
        if len(tokens) >= 2 and tokens[-2] in _SCHEMA_CONTAINERS:
            return pascal(tokens[-1])
        if location.pointer in ("", "/"):
            stem = location.uri.rsplit("/", 1)[-1].split(".", 1)[0]
            return pascal(stem)
        return pascal(tokens[-1] if tokens[-1] else "Model")

    # --- the translation ---------------------------------------------------------------

    def _type_of(self, node: Any, location: Location, hint: str, owner: str | None) -> t.Type:
        return self._ref_or_inline(node, location, hint, owner)

    def _ref_or_inline(self, node: Any, location: Location, hint: str,
                       owner: str | None) -> t.Type:
        if isinstance(node, dict) and "$ref" in node:
            target, target_location = self.resolver.deref_schema(node, location)
            found = self._named_type(target, target_location)
            return _nullable(found) if _is_nullable(node) else found
        return self._inline(node, location, hint, owner)

    def _named_type(self, node: Any, location: Location) -> t.Type:
        key = key_of(location)
        known = self._named.get(key)
        if known is not None:
            return known
        if key in self.objects:  # reached again while its properties are being read
            return t.ModelRef(t.ClassRef(key, _UNSET_DIRECTION))
        if key in self._expanding:
            return t.ANY  # an alias that contains itself (array of itself): no class to name
        self._expanding.add(key)
        try:
            found = self._inline(node, location, self.name_for(location), key)
        finally:
            self._expanding.discard(key)
        self._named[key] = found
        return found

    def _inline(self, node: Any, location: Location, hint: str, owner: str | None) -> t.Type:
        if not isinstance(node, dict):
            return t.ANY  # `true`, `{}` and other open schemas
        nullable = _is_nullable(node)
        found = self._shape(node, location, hint, owner)
        return _nullable(found) if nullable else found

    def _shape(self, node: dict[str, Any], location: Location, hint: str,
               owner: str | None) -> t.Type:
        if "const" in node:
            return _literal_or_base([node["const"]], self.number) if node["const"] is not None \
                else NONE
        if isinstance(node.get("discriminator"), dict):
            self._check_mapping(node["discriminator"], location.child("discriminator"))
        if isinstance(node.get("enum"), list):
            return self._enum(node, location, hint, owner)
        if isinstance(node.get("allOf"), list) and node["allOf"]:
            return self._all_of(node, location, hint, owner)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(node.get(keyword), list) and node[keyword]:
                return self._union(node, keyword, location, hint, owner)
        kinds = _types(node)
        if not kinds and _only_null(node):
            return NONE  # 3.1 `type: ["null"]`, as `type: "null"`
        if len(kinds) > 1:
            variants = tuple(self._typed(dict(node, type=kind), kind, location, hint, owner)
                             for kind in kinds)
            return t.UnionOf(variants)
        return self._typed(node, kinds[0] if kinds else None, location, hint, owner)

    def _typed(self, node: dict[str, Any], kind: str | None, location: Location, hint: str,
               owner: str | None) -> t.Type:
        if kind == "object" or (kind is None and ("properties" in node or
                                                  "additionalProperties" in node)):
            return self._object(node, location, hint, owner)
        if kind == "array" or (kind is None and "items" in node):
            items = node.get("items")
            if isinstance(items, list):  # old tuple form: the items' union
                return t.ListOf(t.ANY)
            item_hint = hint if hint.endswith("Item") else hint + "Item"
            return t.ListOf(self._type_of(items, location.child("items"), item_hint, owner)
                            if items is not None else t.ANY)
        if kind == "string":
            return _string(node)
        if kind == "number":
            return self.number
        if kind == "integer":
            return t.INT
        if kind == "boolean":
            return t.BOOL
        if kind == "null":
            return NONE
        return t.ANY

    def _object(self, node: dict[str, Any], location: Location, hint: str,
                owner: str | None) -> t.Type:
        properties = node.get("properties")
        extra_schema = node.get("additionalProperties")
        if not properties:
            if isinstance(extra_schema, dict) and extra_schema:
                return t.MapOf(self._type_of(extra_schema, location.child("additionalProperties"),
                                             hint + "Value", owner))
            return t.MapOf(t.ANY)
        key = self._register_object(node, location, hint, owner)
        return t.ModelRef(t.ClassRef(key, _UNSET_DIRECTION))

    def _register_object(self, node: dict[str, Any], location: Location, hint: str,
                         owner: str | None) -> str:
        key = key_of(location)
        if key in self.objects:
            return key
        definition = ObjectDef(key, hint, owner or key,
                               shown_location(location, self.resolver.workspace.root_uri),
                               location,
                               text_of(node.get("description")) or text_of(node.get("title")))
        self.objects[key] = definition  # registered first: a property may refer back to it
        self._unread.append((definition, node))
        return key

    def _read_objects(self) -> None:
        while self._unread:
            self._read_object(*self._unread.popleft())

    def _read_object(self, definition: ObjectDef, node: dict[str, Any]) -> None:
        """The properties and extra-property type of a registered object."""
        merged = self._collect(node, definition.location)
        hint, owner = definition.base_name, definition.owner
        for name, (prop, prop_location) in merged.properties.items():
            if not isinstance(name, str):
                continue
            prop_type = self._type_of(prop, prop_location, hint + pascal(name, "Field"), owner)
            flags = _flags(prop, prop_location, self.resolver)
            definition.properties.append(PropertyDef(
                name, prop_type, name in merged.required, flags[0], flags[1],
                _description(prop), isinstance(prop, dict) and prop.get("deprecated") is True,
                t.is_nullable(prop_type) and prop_type != t.ANY
                and empty_reads_as_null(prop, prop_location, self.resolver),
                file_extensions(prop, prop_location, self.resolver)
                if t.FILE in t.scalars_in(prop_type) else None))
        if merged.extra is not None:
            extra_node, extra_location = merged.extra
            definition.extra = self._type_of(extra_node, extra_location, hint + "Value", owner)
        if definition.description is None:
            definition.description = merged.description

    def _collect(self, node: dict[str, Any], location: Location) -> _Merged:
        """Properties, required names and extra-property schema of a node and its allOf,
        each part merged before the node itself, in order (a stack, not recursion: a
        chain of allOf references may be long)."""
        merged = _Merged()
        seen: set[str] = set()
        pending: list[tuple[Any, Location, bool]] = [(node, location, False)]
        while pending:
            current, where, parts_merged = pending.pop()
            if parts_merged:
                _merge_own(current, where, merged)
                continue
            if isinstance(current, dict) and "$ref" in current:
                current, where = self.resolver.deref_schema(current, where)
            if not isinstance(current, dict) or key_of(where) in seen:
                continue
            seen.add(key_of(where))
            pending.append((current, where, True))
            parts = current.get("allOf")
            parts = parts if isinstance(parts, list) else []
            pending += [(parts[index], where.child("allOf", index), False)
                        for index in reversed(range(len(parts)))]
        return merged

    def _all_of(self, node: dict[str, Any], location: Location, hint: str,
                owner: str | None) -> t.Type:
        parts = node["allOf"]
        own_structure = any(k in node for k in ("properties", "additionalProperties", "oneOf",
                                                "anyOf", "enum"))
        # A part that only annotates or bounds (`allOf: [$ref, {description: ...}]`)
        # adds no structure: the other part's type, not an object, stays what it is (an array,
        # a string), and its null too; an object is still a class of its own.
        typed = [index for index, part in enumerate(parts) if not _shapeless(part)]
        if len(parts) > 1 and len(typed) == 1 and not own_structure:
            part, part_location = parts[typed[0]], location.child("allOf", typed[0])
            target = part
            if isinstance(part, dict) and "$ref" in part:
                target, _ = self.resolver.deref_schema(part, part_location)
            # `nullable: true` in an annotating part (OpenAI's `Upload.file`) admits null.
            null_part = any(_is_nullable(other) for other in parts if other is not part)
            if not _object_like(target):  # no class: its type is translated here
                found = self._type_of(part, part_location, hint, owner)
                return _nullable(found) if null_part else found
            if _is_nullable(target) or null_part:
                return _nullable(t.ModelRef(t.ClassRef(
                    self._register_object(node, location, hint, owner), _UNSET_DIRECTION)))
        if len(parts) == 1 and not own_structure:
            # drf-spectacular's wrapper: the referenced type with the wrapper's own flags.
            found = self._type_of(parts[0], location.child("allOf", 0), hint, owner)
            if found == t.ANY and "type" in node:  # `allOf: [{}], type: object`: the type
                return self._shape({k: v for k, v in node.items() if k != "allOf"},
                                   location, hint, owner)
            return found
        return t.ModelRef(t.ClassRef(self._register_object(node, location, hint, owner),
                                     _UNSET_DIRECTION))

    def _union(self, node: dict[str, Any], keyword: str, location: Location, hint: str,
               owner: str | None) -> t.Type:
        variants: list[t.Type] = []
        targets: list[str | None] = []
        shapes: list[ObjectShape | None] = []
        nullable = False
        for index, option in enumerate(node[keyword]):
            option_location = location.child(keyword, index)
            found = self._type_of(option, option_location, f"{hint}Option{index + 1}", owner)
            if found == NONE:
                nullable = True
                continue
            if isinstance(found, t.Nullable):
                nullable = True
                found = found.inner
            # A union inside a union is one flat union (unless a tag picks its members).
            nested = found.variants if isinstance(found, t.UnionOf) and \
                found.discriminator is None else (found,)
            for part in nested:
                if part not in variants:
                    variants.append(part)
                    direct = part is found
                    targets.append(self._ref_key(option, option_location) if direct else None)
                    shapes.append(self._object_shape(option, option_location)
                                  if direct else None)
        if not variants:
            return NONE
        result: t.Type = variants[0] if len(variants) == 1 else t.UnionOf(
            tuple(variants), *self._told_apart(node, location, targets, shapes, variants))
        return _nullable(result) if nullable else result

    def _told_apart(self, node: dict[str, Any], location: Location,
                    targets: list[str | None], shapes: list[ObjectShape | None],
                    variants: list[t.Type]) -> tuple[str | None, tuple[tuple[Tag, int], ...]]:
        """The property and tag table that pick a member (`union_tags.py`): the
        discriminator's, else a tag property's; a warning when neither they nor
        the required keys tell the object members apart."""
        found = self._discriminator(node, location, targets)
        if found[0] is not None:
            return found
        table = tag_table(shapes, variants)
        if table is not None:
            return table
        alike = indistinguishable(shapes, variants)
        if alike:
            names = _shown_members([_member_name(targets[index], index) for index in alike])
            self.resolver.report(
                location, f"union members {names} have no tag, required key or JSON type "
                "that tells them apart (an object is decoded as the first that knows all its "
                "keys; none knows them all: refused)",
                "add a discriminator, or a one-value enum property to each member",
                Severity.WARNING)
        return None, ()

    def _object_shape(self, option: Any, location: Location) -> ObjectShape | None:
        """Declared and required keys and tag properties of an object member."""
        merged = self._collect(option, location) if isinstance(option, dict) else None
        if merged is None or not merged.properties:
            return None
        tags: list[tuple[str, tuple[Tag, ...]]] = []
        for name, (prop, prop_location) in merged.properties.items():
            if isinstance(prop, dict) and "$ref" in prop:
                prop, _ = self.resolver.deref_schema(prop, prop_location)
            values = tag_values(prop)
            if values is not None and isinstance(name, str):
                tags.append((name, values))
        return ObjectShape(frozenset(n for n in merged.properties if isinstance(n, str)),
                           frozenset(merged.required), tuple(tags))

    def _ref_key(self, option: Any, location: Location) -> str | None:
        if isinstance(option, dict) and "$ref" in option:
            _, target = self.resolver.deref_schema(option, location)
            return key_of(target)
        return None

    def _discriminator(self, node: dict[str, Any], location: Location,
                       targets: list[str | None]) -> tuple[str | None, tuple[tuple[Tag, int], ...]]:
        spec = node.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None, ()
        mapping: dict[Tag, int] = {}
        explicit = spec.get("mapping")
        for tag, ref in (explicit if isinstance(explicit, dict) else {}).items():
            key = key_of(self._mapping_target(ref, location))
            if key in targets:
                mapping[str(tag)] = targets.index(key)
        for index, target in enumerate(targets):
            if target is not None:
                mapping.setdefault(target.rsplit("/", 1)[-1], index)
        return spec["propertyName"], sorted_table(mapping)

    def _mapping_target(self, ref: object, location: Location) -> Location:
        """Where a discriminator mapping value points: a schema name or a reference."""
        text = str(ref)
        return self.resolver.target(
            text if "#" in text or "/" in text else f"#/components/schemas/{text}", location)

    def _check_mapping(self, discriminator: dict[str, Any], location: Location) -> None:
        mapping = discriminator.get("mapping")
        for tag, ref in (mapping if isinstance(mapping, dict) else {}).items():
            if not self.resolver.exists(self._mapping_target(ref, location)):
                self.resolver.report(
                    location.child("mapping", tag),
                    f"discriminator mapping {tag!r} names {ref!r}, which does not exist",
                    "fix the mapping or add the schema it names")

    def _enum(self, node: dict[str, Any], location: Location, hint: str,
              owner: str | None) -> t.Type:
        values = self._fitting_values(node, location)
        has_null = any(v is None for v in node["enum"])
        if not values:
            if not has_null and node["enum"]:  # no value fits the type: the type stays
                return self._shape({k: v for k, v in node.items() if k != "enum"},
                                   location, hint, owner)
            return NONE
        if all(isinstance(v, str) for v in values) and values == [""]:
            found: t.Type = t.Literal(("",))
        elif all(isinstance(v, str) for v in values) or (
                all(isinstance(v, int) and not isinstance(v, bool) for v in values)):
            key = key_of(location)
            unique_values = tuple(dict.fromkeys(values))
            integer = isinstance(values[0], int)
            if key not in self.enums:
                # A named enum keeps its name; an inline one is named after its property.
                inline = owner != key and not hint.endswith("Enum")
                self.enums[key] = EnumDef(key, hint + "Enum" if inline else hint, owner or key,
                                          shown_location(location,
                                                         self.resolver.workspace.root_uri),
                                          location, text_of(node.get("description")),
                                          unique_values, integer)
            found = t.EnumRef(t.ClassRef(key, _UNSET_DIRECTION))
        else:
            found = _literal_or_base(values, self.number)
        return _nullable(found) if has_null else found

    def _fitting_values(self, node: dict[str, Any], location: Location) -> list[Any]:
        """The enum's values other than null that its `type` allows. The others can never
        be valid (JSON Schema requires both): they are left out, with a warning."""
        kinds = _types(node)
        values = [v for v in node["enum"] if v is not None]
        if not kinds:
            return values
        fitting = [_as_kind(v, kinds) for v in values if any(_fits(v, k) for k in kinds)]
        if len(fitting) < len(values):
            misfits = [v for v in values if not any(_fits(v, k) for k in kinds)]
            self.resolver.report(location.child("enum"), _misfit_message(misfits, kinds),
                                 "make the values and the type agree", Severity.WARNING)
        return fitting


_ANNOTATIONS = frozenset({"description", "title", "example", "examples", "readOnly",
                          "writeOnly", "nullable", "deprecated", "default", "externalDocs",
                          "xml", "$comment"})


_BOUNDS = frozenset({"maxLength", "minLength", "pattern", "minimum", "maximum",
                     "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "maxItems",
                     "minItems", "uniqueItems"})


def _shapeless(part: Any) -> bool:
    """An allOf part that says nothing about the shape of a value: its keys all
    annotations, extensions or bounds (`{maxLength: 16}` beside a string, as
    DigitalOcean's filesystem_label), so the value keeps the other part's type. A
    `format` is not a bound: it may change the type."""
    return isinstance(part, dict) and all(
        key in _ANNOTATIONS or key in _BOUNDS or (isinstance(key, str) and key.startswith("x-"))
        for key in part)


def _object_like(node: Any) -> bool:
    """A schema that becomes a class (read later, from the queue) rather than a type."""
    return isinstance(node, dict) and (
        node.get("type") == "object" or any(
            key in node for key in ("properties", "additionalProperties", "allOf")))


def _member_name(target: str | None, index: int) -> str:
    """A union member as a warning names it: its schema name (a whole file: the file's
    name), else its position."""
    if target is None:
        return f"option {index + 1}"
    uri, _, pointer = target.partition("#")
    return pointer.rsplit("/", 1)[-1] if pointer.strip("/") else uri.rsplit("/", 1)[-1]


def _shown_members(names: list[str]) -> str:
    """Members named on one line: the first few, and how many more."""
    shown = ", ".join(names[:_MEMBERS_SHOWN])
    more = len(names) - _MEMBERS_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


_MEMBERS_SHOWN = 6


@dataclass(slots=True)
class _Merged:
    properties: dict[str, tuple[Any, Location]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    extra: tuple[Any, Location] | None = None
    description: str | None = None


NONE = t.Literal((None,))


def _merge_own(node: dict[str, Any], location: Location, merged: _Merged) -> None:
    """What a schema says itself (its allOf parts aside) into `merged`; later wins."""
    for name, prop in (node.get("properties") or {}).items():
        merged.properties[name] = (prop, location.child("properties", name))
    merged.required.update(r for r in node.get("required") or [] if isinstance(r, str))
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and extra:
        merged.extra = (extra, location.child("additionalProperties"))
    if merged.description is None and isinstance(node.get("description"), str):
        merged.description = node["description"]


def _literal_or_base(values: list[Any], number: t.Type) -> t.Type:
    """Literal values when Python can spell and compare them exactly (strings, integers,
    booleans); otherwise the values' base type: numbers with a fraction are the number
    type with the values documented (a Decimal or float cannot be a Literal), and
    objects and arrays have no literal."""
    distinct = _distinct(values)
    if all(_spellable(v) for v in distinct):
        return t.Literal(distinct)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in distinct):
        return t.Choice(t.INT, distinct)  # integers past 64 bits
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in distinct):
        return t.Choice(number, distinct)
    return t.ANY


# mypy spells no integer literal past 64 bits ("Literal[...] cannot contain arbitrary
# expressions"): such values are the integer type, documented.
_LITERAL_INT_LIMIT = 2**63 - 1


def _spellable(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) <= _LITERAL_INT_LIMIT
    return isinstance(value, (str, bool))


def _distinct(values: list[Any]) -> tuple[Any, ...]:
    """The values without repeats; `True` and `1` (equal in Python) are both kept."""
    return tuple({_identity(v): v for v in values}.values())


def _identity(value: Any) -> tuple[type, object]:
    if isinstance(value, (dict, list)):
        return type(value), id(value)  # no literal is made of these: no need to compare
    return type(value), value


def _misfit_message(misfits: list[Any], kinds: list[str]) -> str:
    shown = ", ".join(_shown(v) for v in misfits[:3])
    if len(misfits) > 3:
        shown += f" and {len(misfits) - 3} more"
    kind = " or ".join(kinds)
    if len(misfits) == 1:
        return f"enum value {shown} does not fit type {kind} and is left out"
    return f"enum values {shown} do not fit type {kind} and are left out"


def _shown(value: Any) -> str:
    """A value in a message: scalars as JSON, arrays and objects only named."""
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return json.dumps(value)


def _fits(value: Any, kind: str) -> bool:
    """Whether a JSON value is of a JSON Schema type (an integral number is an integer)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    checks = {
        "string": isinstance(value, str),
        "integer": number and (isinstance(value, int) or value.is_integer()),
        "number": number,
        "boolean": isinstance(value, bool),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
        "null": value is None,
    }
    return checks.get(kind, True)  # an unknown type name is the validator's to report


def _as_kind(value: Any, kinds: list[str]) -> Any:
    """`2.0` of an integer-only schema as the integer 2."""
    if kinds == ["integer"] and isinstance(value, float):
        return int(value)
    return value


def _nullable(found: t.Type) -> t.Type:
    if found == t.ANY or found == NONE or isinstance(found, t.Nullable):
        return found
    return t.Nullable(found)


def _is_nullable(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    if node.get("nullable") is True:
        return True
    kind = node.get("type")
    return isinstance(kind, list) and "null" in kind


def _only_null(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    return isinstance(kind, list) and bool(kind) and all(k == "null" for k in kind)


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str) and k != "null"]
    return []


def _string(node: dict[str, Any]) -> t.Type:
    fmt = node.get("format")
    if fmt == "date":
        return t.DATE
    if fmt == "date-time":
        return t.DATETIME
    if fmt == "uuid":
        return t.UUID
    if fmt == "decimal":
        return t.DECIMAL_TEXT
    if fmt == "binary":
        return t.FILE
    return t.STR


def _flags(prop: Any, location: Location, resolver: Resolver) -> tuple[bool, bool]:
    """(readOnly, writeOnly) of a property, looking through a `$ref` when it has none."""
    if not isinstance(prop, dict):
        return False, False
    read_only = prop.get("readOnly") is True
    write_only = prop.get("writeOnly") is True
    if not (read_only or write_only) and "$ref" in prop:
        target, _ = resolver.deref_schema(prop, location)
        if isinstance(target, dict):
            read_only = target.get("readOnly") is True
            write_only = target.get("writeOnly") is True
    return read_only, write_only


def _description(prop: Any) -> str | None:
    if not isinstance(prop, dict):
        return None
    return text_of(prop.get("description")) or text_of(prop.get("title"))
