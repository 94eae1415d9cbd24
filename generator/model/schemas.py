"""Schemas to types: decides what becomes a class, an enum, a union or a plain type.

Works on the raw document through the resolver. Every object schema with properties
(and every merged `allOf`) becomes an `ObjectDef`; every string or integer enum an
`EnumDef`. Their final class names are decided later, once it is known in which
direction (request or response) each is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model import types as t
from generator.model.names import pascal
from generator.model.text import text_of
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


@dataclass(slots=True)
class ObjectDef:
    key: str
    base_name: str
    owner: str
    """Key of the top-level schema whose module holds this class."""
    pointer: str
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
    description: str | None
    values: tuple[str | int, ...]
    integer: bool


def key_of(location: Location) -> str:
    return f"{location.uri}#{location.pointer}"


def shown_location(location: Location, root_uri: str) -> str:
    """A schema's place for readers: its pointer, after the file name when not the root."""
    if location.uri == root_uri:
        return location.pointer
    return f"{location.uri.rsplit('/', 1)[-1]}#{location.pointer}"


class SchemaTranslator:
    """Turns schema nodes into `types.Type` trees, registering classes as it goes."""

    def __init__(self, resolver: Resolver, number_type: str) -> None:
        self.resolver = resolver
        self.number = t.FLOAT if number_type == "float" else t.DECIMAL
        self.objects: dict[str, ObjectDef] = {}
        self.enums: dict[str, EnumDef] = {}
        self._named: dict[str, t.Type] = {}
        self._expanding: set[str] = set()

    # --- entry points ------------------------------------------------------------------

    def type_of(self, node: Any, location: Location, hint: str, owner: str | None) -> t.Type:
        """The type of a schema node met at `location`; `hint` names inline classes."""
        if isinstance(node, dict) and "$ref" in node:
            target, target_location = self.resolver.deref(node, location)
            found = self.named_type(target, target_location)
            return _nullable(found) if _is_nullable(node) else found
        return self._inline(node, location, hint, owner)

    def named_type(self, node: Any, location: Location) -> t.Type:
        """The type of a schema reached by reference: a class of its own when it is one."""
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

    def name_for(self, location: Location) -> str:
        tokens = [tok.replace("~1", "/").replace("~0", "~") for tok in location.pointer.split("/")]
        if len(tokens) >= 2 and tokens[-2] in _SCHEMA_CONTAINERS:
            return pascal(tokens[-1])
        if location.pointer in ("", "/"):
            stem = location.uri.rsplit("/", 1)[-1].split(".", 1)[0]
            return pascal(stem)
        return pascal(tokens[-1] if tokens[-1] else "Model")

    # --- the translation ---------------------------------------------------------------

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
        if isinstance(node.get("enum"), list):
            return self._enum(node, location, hint, owner)
        if isinstance(node.get("allOf"), list) and node["allOf"]:
            return self._all_of(node, location, hint, owner)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(node.get(keyword), list) and node[keyword]:
                return self._union(node, keyword, location, hint, owner)
        kinds = _types(node)
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
            return t.ListOf(self.type_of(items, location.child("items"), item_hint, owner)
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
                return t.MapOf(self.type_of(extra_schema, location.child("additionalProperties"),
                                            hint + "Value", owner))
            return t.MapOf(t.ANY)
        return t.ModelRef(t.ClassRef(self._register_object(node, location, hint, owner), _UNSET_DIRECTION))

    def _register_object(self, node: dict[str, Any], location: Location, hint: str,
                         owner: str | None) -> str:
        key = key_of(location)
        if key in self.objects:
            return key
        definition = ObjectDef(key, hint, owner or key,
                               shown_location(location, self.resolver.workspace.root_uri),
                               text_of(node.get("description")) or text_of(node.get("title")))
        self.objects[key] = definition  # registered first: a property may refer back to it
        merged = self._collect(node, location)
        required = merged.required
        for name, (prop, prop_location) in merged.properties.items():
            if not isinstance(name, str):
                continue
            prop_type = self.type_of(prop, prop_location, hint + pascal(name, "Field"),
                                     owner or key)
            flags = _flags(prop, prop_location, self.resolver)
            definition.properties.append(PropertyDef(
                name, prop_type, name in required, flags[0], flags[1],
                _description(prop)))
        if merged.extra is not None:
            extra_node, extra_location = merged.extra
            definition.extra = self.type_of(extra_node, extra_location, hint + "Value",
                                            owner or key)
        if definition.description is None:
            definition.description = merged.description
        return key

    def _collect(self, node: dict[str, Any], location: Location) -> _Merged:
        """Properties, required names and extra-property schema of a node and its allOf."""
        merged = _Merged()
        self._collect_into(node, location, merged, set())
        return merged

    def _collect_into(self, node: Any, location: Location, merged: _Merged,
                      seen: set[str]) -> None:
        if isinstance(node, dict) and "$ref" in node:
            node, location = self.resolver.deref(node, location)
        if not isinstance(node, dict) or key_of(location) in seen:
            return
        seen.add(key_of(location))
        for index, part in enumerate(node.get("allOf") or []):
            self._collect_into(part, location.child("allOf", index), merged, seen)
        for name, prop in (node.get("properties") or {}).items():
            merged.properties[name] = (prop, location.child("properties", name))
        merged.required.update(r for r in node.get("required") or [] if isinstance(r, str))
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            merged.extra = (extra, location.child("additionalProperties"))
        if merged.description is None and isinstance(node.get("description"), str):
            merged.description = node["description"]

    def _all_of(self, node: dict[str, Any], location: Location, hint: str,
                owner: str | None) -> t.Type:
        parts = node["allOf"]
        own_structure = any(k in node for k in ("properties", "additionalProperties", "oneOf",
                                                "anyOf", "enum"))
        if len(parts) == 1 and not own_structure:
            # drf-spectacular's wrapper: the referenced type with the wrapper's own flags.
            return self.type_of(parts[0], location.child("allOf", 0), hint, owner)
        return t.ModelRef(t.ClassRef(self._register_object(node, location, hint, owner),
                                     _UNSET_DIRECTION))

    def _union(self, node: dict[str, Any], keyword: str, location: Location, hint: str,
               owner: str | None) -> t.Type:
        variants: list[t.Type] = []
        targets: list[str | None] = []
        nullable = False
        for index, option in enumerate(node[keyword]):
            option_location = location.child(keyword, index)
            found = self.type_of(option, option_location, f"{hint}Option{index + 1}", owner)
            if found == NONE:
                nullable = True
                continue
            if isinstance(found, t.Nullable):
                nullable = True
                found = found.inner
            # A union inside a union is one flat union (unless it has a discriminator).
            nested = found.variants if isinstance(found, t.UnionOf) and \
                found.discriminator is None else (found,)
            for part in nested:
                if part not in variants:
                    variants.append(part)
                    targets.append(self._ref_key(option, option_location)
                                   if part is found else None)
        if not variants:
            return NONE
        result: t.Type = variants[0] if len(variants) == 1 else t.UnionOf(
            tuple(variants), *self._discriminator(node, location, targets))
        return _nullable(result) if nullable else result

    def _ref_key(self, option: Any, location: Location) -> str | None:
        if isinstance(option, dict) and "$ref" in option:
            _, target = self.resolver.deref(option, location)
            return key_of(target)
        return None

    def _discriminator(self, node: dict[str, Any], location: Location,
                       targets: list[str | None]) -> tuple[str | None, tuple[tuple[str, int], ...]]:
        spec = node.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None, ()
        mapping: dict[str, int] = {}
        explicit = spec.get("mapping")
        for tag, ref in (explicit if isinstance(explicit, dict) else {}).items():
            ref_text = ref if "#" in str(ref) or "/" in str(ref) else \
                f"#/components/schemas/{ref}"
            key = key_of(self.resolver.target(str(ref_text), location))
            if key in targets:
                mapping[str(tag)] = targets.index(key)
        for index, target in enumerate(targets):
            if target is not None:
                mapping.setdefault(target.rsplit("/", 1)[-1], index)
        return spec["propertyName"], tuple(sorted(mapping.items()))

    def _enum(self, node: dict[str, Any], location: Location, hint: str,
              owner: str | None) -> t.Type:
        values = [v for v in node["enum"] if v is not None]
        has_null = len(values) != len(node["enum"])
        if not values:
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
                                          text_of(node.get("description")),
                                          unique_values, integer)
            found = t.EnumRef(t.ClassRef(key, _UNSET_DIRECTION))
        else:
            found = _literal_or_base(values, self.number)
        return _nullable(found) if has_null else found


@dataclass(slots=True)
class _Merged:
    properties: dict[str, tuple[Any, Location]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    extra: tuple[Any, Location] | None = None
    description: str | None = None


NONE = t.Literal((None,))


def _literal_or_base(values: list[Any], number: t.Type) -> t.Type:
    """Literal values when Python can spell and compare them exactly (strings, integers,
    booleans); otherwise the values' base type: a JSON number arrives as a Decimal, and
    objects, arrays and non-finite numbers have no literal."""
    if all(isinstance(v, (str, bool, int)) for v in values):
        return t.Literal(tuple(dict.fromkeys(values)))
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return number
    return t.ANY


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
        target, _ = resolver.deref(prop, location)
        if isinstance(target, dict):
            read_only = target.get("readOnly") is True
            write_only = target.get("writeOnly") is True
    return read_only, write_only


def _description(prop: Any) -> str | None:
    if not isinstance(prop, dict):
        return None
    return text_of(prop.get("description")) or text_of(prop.get("title"))
