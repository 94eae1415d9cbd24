"""Valid JSON instances of a spec's schemas, written from the raw documents (not from the
generator's IR), and the checks that a generated client decodes them to the members they
satisfy and encodes them back to the same JSON.

`InstanceMaker` walks a schema with a seeded random choice at every union, enum,
optional property and nullable value (so that repeated examples reach different union
members); what it cannot satisfy (patterns, lengths, `not`, numeric bounds it ignores) is
left to the validator, and an instance the validator refuses is not counted.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import openapi_schema_validator as osv
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4, DRAFT202012

from generator.load import Workspace
from generator.resolve import Location, Resolver

Json = Any
_DEPTH = 7
"""Deeper than this, optional properties are left out and arrays are empty."""
_STRINGS = {
    "date": "2024-03-15",
    "date-time": "2024-03-15T10:30:00+00:00",
    "uuid": "9a4bc225-ebe6-41fa-9a2f-de7947899c6c",
    "decimal": "750.00",
    "email": "ap@example.test",
    "uri": "https://example.test/a",
}


class Unbuildable(Exception):
    """A schema the maker cannot fill (a required property past the depth limit)."""


class InstanceMaker:
    def __init__(self, workspace: Workspace, seed: int) -> None:
        self.resolver = Resolver(workspace)
        self.random = random.Random(seed)

    def make(self, node: Any, location: Location, depth: int = 0) -> Json:
        if isinstance(node, dict) and "$ref" in node:
            node, location = self.resolver.deref_schema(node, location)
        if not isinstance(node, dict) or not node:
            return self.random.choice([1, "text", True, {"a": 1}])
        if depth > 3 * _DEPTH:
            raise Unbuildable(location.pointer)
        # (3.0's validator lets `nullable` admit null only beside a `type`.)
        nullable = (node.get("nullable") is True and "type" in node) or (
            isinstance(node.get("type"), list) and "null" in node["type"])
        # (3.0: an enum without null keeps null out, nullable or not.)
        closed = isinstance(node.get("enum"), list) and None not in node["enum"]
        if nullable and not closed and self.random.random() < 0.15:
            return None
        if "const" in node:
            return node["const"]
        if isinstance(node.get("enum"), list) and node["enum"]:
            return self.random.choice(node["enum"])
        for keyword in ("oneOf", "anyOf"):
            options = node.get(keyword)
            if isinstance(options, list) and options:
                index = self.random.randrange(len(options))
                value = self.make(options[index], location.child(keyword, index), depth + 1)
                own = {k: v for k, v in node.items() if k not in (keyword, "discriminator")}
                if isinstance(value, dict) and own.get("properties"):
                    value.update(self._object(own, location, depth))
                return value
        if isinstance(node.get("allOf"), list) and node["allOf"]:
            merged: dict[str, Json] = {}
            values = [self.make(part, location.child("allOf", index), depth + 1)
                      for index, part in enumerate(node["allOf"])]
            objects = [value for value in values if isinstance(value, dict)]
            if not objects:
                return values[0]
            for value in objects:  # a part of annotations only made some other value
                merged.update(value)
            if node.get("properties"):
                merged.update(self._object(node, location, depth))
            return merged
        kind = node.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            kind = self.random.choice(kinds) if kinds else "null"
        if kind is None:
            kind = "object" if "properties" in node or "additionalProperties" in node \
                else "array" if "items" in node else None
        return self._typed(node, kind, location, depth)

    def _typed(self, node: dict[str, Any], kind: Any, location: Location,
               depth: int) -> Json:
        if kind == "object":
            return self._object(node, location, depth)
        if kind == "array":
            items = node.get("items")
            low = node.get("minItems", 0) if isinstance(node.get("minItems"), int) else 0
            count = max(low, 0 if depth > _DEPTH else self.random.randint(0, 2))
            return [self.make(items, location.child("items"), depth + 1) for _ in range(count)]
        if kind == "string":
            return self._string(node)
        if kind == "integer":
            return self._number(node, whole=True)
        if kind == "number":
            return self._number(node, whole=False)
        if kind == "boolean":
            return self.random.choice([True, False])
        if kind == "null":
            return None
        return self.random.choice([1, "text", True])

    def _number(self, node: dict[str, Any], whole: bool) -> Json:
        def bound(key: str, default: float) -> float:
            value = node.get(key)
            return value if isinstance(value, (int, float)) and not isinstance(value, bool) \
                else default

        low = bound("minimum", 0)
        high = bound("maximum", low + 9)
        step = bound("multipleOf", 1 if whole else 0.5)
        steps = max(int((high - low) // step), 0)
        value = (-(-low // step)) * step + self.random.randint(0, steps) * step
        value = min(value, high)
        return int(value) if whole else float(value)

    def _string(self, node: dict[str, Any]) -> str:
        text = _STRINGS.get(str(node.get("format")), "text")
        low = node.get("minLength")
        if isinstance(low, int) and len(text) < low:
            text += "x" * (low - len(text))
        high = node.get("maxLength")
        if isinstance(high, int) and len(text) > high and node.get("format") not in _STRINGS:
            text = text[:high]
        return text

    def _object(self, node: dict[str, Any], location: Location, depth: int) -> Json:
        required = set(node.get("required") or [])
        result: dict[str, Json] = {}
        for name, prop in (node.get("properties") or {}).items():
            target = prop
            if isinstance(prop, dict) and "$ref" in prop:
                target, _ = self.resolver.deref_schema(prop, location.child("properties", name))
            if isinstance(target, dict) and target.get("writeOnly") is True \
                    and name not in required:
                continue
            if name not in required and (depth > _DEPTH or self.random.random() < 0.3):
                continue
            result[name] = self.make(prop, location.child("properties", name), depth + 1)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and extra and not node.get("properties") \
                and depth <= _DEPTH and self.random.random() < 0.7:
            result["key"] = self.make(extra, location.child("additionalProperties"), depth + 1)
        return result


class Checker:
    """Validates instances against schemas of the workspace's documents."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        version = str(workspace.spec.get("openapi", "3.0"))
        self.oas31 = version.startswith("3.1")
        self.validator_class = osv.OAS31Validator if self.oas31 else osv.OAS30ReadValidator
        specification = DRAFT202012 if self.oas31 else DRAFT4

        def retrieve(uri: str) -> Resource[Any]:
            document = workspace.spec if uri == workspace.root_uri \
                else workspace.documents[uri].data
            return Resource.from_contents(document, default_specification=specification)

        self.registry: Registry[Any] = Registry(retrieve=retrieve)  # type: ignore[call-arg]

    def valid(self, instance: Json, location: Location) -> bool | None:
        """Whether the instance satisfies the schema; None when the validator cannot
        follow its references (DigitalOcean's `$ref` under `properties` is crawled as a
        schema by `referencing`)."""
        schema = {"$ref": f"{location.uri}#{location.pointer}"}
        validator = self.validator_class(schema, registry=self.registry)
        try:
            return bool(validator.is_valid(instance))
        except (Unresolvable, AttributeError):
            return None

    def first_error(self, instance: Json, location: Location) -> str:
        """Why an instance does not satisfy a schema (for a failure's message)."""
        schema = {"$ref": f"{location.uri}#{location.pointer}"}
        validator = self.validator_class(schema, registry=self.registry)
        error = next(iter(validator.iter_errors(instance)), None)
        return "" if error is None else f"{error.json_path}: {error.message[:150]}"

    def undeclared_required(self, location: Location) -> list[str]:
        """The keys a schema requires without declaring them (the generated class
        cannot know them: it has no field for a key of no declared type)."""
        document = self.workspace.spec if location.uri == self.workspace.root_uri \
            else self.workspace.documents[location.uri].data
        node: Any = document
        for token in location.pointer.split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        declared = node.get("properties") or {}
        return [name for name in node.get("required") or [] if name not in declared]

    def location_of(self, shown: str) -> Location:
        """The location of a ModelIR's `schema` (a pointer, or `file#pointer`)."""
        if "#" not in shown:
            return Location(self.workspace.root_uri, shown)
        name, _, pointer = shown.partition("#")
        uri = next(uri for uri in self.workspace.documents if uri.rsplit("/", 1)[-1] == name)
        return Location(uri, pointer)


def plain(value: Json) -> Json:
    """JSON data with every number as a Decimal (ints and floats compare by value) and
    date-times as their text: what the client decodes and encodes back compares equal."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def union_members(codec: Any, value: Any, data: Json) -> Iterator[tuple[Any, Json]]:
    """Every (decoded model, its JSON) that a union of the client's codecs decided,
    walking a decoded value beside its JSON data."""
    if value is None or data is None:
        return
    if codec.nullable and codec.inner is not None:
        codec = codec.inner
    if codec.variants:
        if hasattr(value, "_plan") and isinstance(data, dict):
            yield value, data
            yield from model_members(value, data)
        elif isinstance(value, list) and isinstance(data, list):
            for variant in codec.variants:  # a union of lists: its items' unions
                if variant.item is not None:
                    for item, item_data in zip(value, data, strict=True):
                        yield from union_members(variant.item, item, item_data)
                    break
        return
    if codec.model is not None and isinstance(data, dict):
        yield from model_members(value, data)
    elif codec.item is not None and isinstance(value, list):
        for item, item_data in zip(value, data, strict=True):
            yield from union_members(codec.item, item, item_data)
    elif codec.values is not None and isinstance(value, dict):
        for key, item in value.items():
            yield from union_members(codec.values, item, data[key])


def model_members(model: Any, data: dict[str, Json]) -> Iterator[tuple[Any, Json]]:
    plan = model._plan()
    for name, json_name, codec in plan.fields:
        if json_name in data:
            yield from union_members(codec, getattr(model, name), data[json_name])
    extra = getattr(model, "additional_properties", None) or {}
    for key, item in extra.items():
        yield from union_members(plan.extra, item, data.get(key))
