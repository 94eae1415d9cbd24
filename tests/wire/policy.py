"""A reference reading of docs/parsing-policy.md, written from the raw spec alone.

`PolicyChecker.check(schema, value)` says what a client following the policy must do with
a payload, without asking the generated code:

- `issues`: the JSON paths it must reject (wrong type, missing required property, a
  date/date-time/UUID that does not parse), each with what was expected;
- `coerced`: the paths where it must accept a lossless coercion (`"750.00"` for a number,
  `"42"` or `42.0` for an integer);
- `unknown_enum`: the paths of enum values it must keep (with a warning);
- `canonical`: the payload with every accepted value in one exact form (numbers as
  digit-for-digit text, dates and UUIDs as objects), to compare what goes in with what
  comes out.

Paths are written as the client writes them: `$`, `.name` (or `["odd name"]`), `[index]`.

`drf_form_refusals(spec, schema, payload)` reads the section "Forms: DRF's notation" the same
way: the (path, reason) of every value of a form or multipart body that Django REST
framework's notation cannot carry (`None` of text, an empty list, an item of a list with no
field, two ids inside `lines[0]`...), in the client's `EncodingError.field` spelling
(`lines[0].tag_ids`); `drf_notation_fields` names the body's properties that travel as
`a.b`, `lines[0]account` or a repeated key.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tests.wire.payloads import Direction, deref, is_placeholder_enum, skipped

_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")
_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)\Z")
_PARSED_FORMATS: Mapping[str, Callable[[str], object]] = {
    "date": datetime.date.fromisoformat,
    "date-time": datetime.datetime.fromisoformat,
    "uuid": uuid.UUID,
}


@dataclass(frozen=True, slots=True)
class Number:
    """A JSON number, compared digit for digit."""

    text: str


@dataclass
class Verdict:
    issues: list[tuple[str, str]] = field(default_factory=list)
    coerced: list[str] = field(default_factory=list)
    unknown_enum: list[str] = field(default_factory=list)
    unknown_fields: list[str] = field(default_factory=list)
    canonical: Any = None

    @property
    def fits(self) -> bool:
        return not self.issues

    @property
    def issue_paths(self) -> list[str]:
        return sorted(path for path, _ in self.issues)


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if key.isidentifier() else f'{path}["{key}"]'


class PolicyChecker:
    def __init__(self, spec: Mapping[str, Any], direction: Direction) -> None:
        self.spec = spec
        self.direction = direction

    def check(self, schema: Any, value: Any) -> Verdict:
        verdict = Verdict()
        verdict.canonical = self._walk(schema, value, "$", verdict)
        return verdict

    # -- the walk ---------------------------------------------------------------------

    def _walk(self, schema: Any, value: Any, path: str, verdict: Verdict) -> Any:
        node = deref(self.spec, schema)
        if value is None:
            if self.nullable(schema) or _untyped(node):
                return None
            return self._reject(verdict, path, self._label(node), value)
        if "allOf" in node:
            if len(node["allOf"]) == 1:
                return self._walk(node["allOf"][0], value, path, verdict)
            return self._object(self._merged(node), value, path, verdict)
        for keyword in ("oneOf", "anyOf"):
            if keyword in node:
                return self._union(node, node[keyword], value, path, verdict)
        if "enum" in node:
            return self._enum(node, value, path, verdict)
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            return self._object(node, value, path, verdict)
        if kind == "array":
            if type(value) is not list:
                return self._reject(verdict, path, "an array", value)
            items = node.get("items", {})
            return [self._walk(items, item, join(path, i), verdict) for i, item in enumerate(value)]
        if kind == "string":
            return self._string(node, value, path, verdict)
        if kind == "number":
            return self._number(value, path, verdict)
        if kind == "integer":
            return self._integer(value, path, verdict)
        if kind == "boolean":
            return value if type(value) is bool else self._reject(verdict, path, "a boolean", value)
        return _plain(value)  # {}: any JSON value

    def _union(
        self, node: Mapping[str, Any], options: list[Any], value: Any, path: str, verdict: Verdict
    ) -> Any:
        for option in options:
            if is_placeholder_enum(self.spec, option) and deref(self.spec, option)["enum"] != [""]:
                continue  # NullEnum: only null, handled above
            trial = Verdict()
            result = self._walk(option, value, path, trial)
            if trial.fits:
                verdict.coerced += trial.coerced
                verdict.unknown_enum += trial.unknown_enum
                verdict.unknown_fields += trial.unknown_fields
                return result
        return self._reject(verdict, path, self._label(node), value)

    def _enum(self, node: Mapping[str, Any], value: Any, path: str, verdict: Verdict) -> Any:
        allowed = [v for v in node["enum"] if v is not None]
        kinds = {type(v) for v in allowed}
        if allowed == [""]:  # BlankEnum: exactly ""
            return value if value == "" else self._reject(verdict, path, '""', value)
        if kinds in ({str}, {int}) and type(value) in kinds:
            if value not in allowed:
                verdict.unknown_enum.append(path)  # kept as is, with a warning
            return value
        if value in allowed and type(value) in kinds:
            return value
        return self._reject(verdict, path, "one of " + ", ".join(map(repr, allowed)), value)

    def _object(self, node: Mapping[str, Any], value: Any, path: str, verdict: Verdict) -> Any:
        if type(value) is not dict:
            return self._reject(verdict, path, "an object", value)
        properties = {
            name: prop
            for name, prop in (node.get("properties") or {}).items()
            if not skipped(prop, self.direction)
        }
        result: dict[str, Any] = {}
        for name in node.get("required", []):
            if name in properties and name not in value:
                verdict.issues.append((join(path, name), "missing required property"))
        extra_schema = node.get("additionalProperties")
        for name, item in value.items():
            if name in properties:
                result[name] = self._walk(properties[name], item, join(path, name), verdict)
            elif isinstance(extra_schema, dict) and extra_schema:
                result[name] = self._walk(extra_schema, item, join(path, name), verdict)
            else:
                verdict.unknown_fields.append(join(path, name))
                result[name] = _plain(item)  # kept as plain JSON data
        return result

    def _string(self, node: Mapping[str, Any], value: Any, path: str, verdict: Verdict) -> Any:
        if type(value) is not str:
            return self._reject(verdict, path, "a string", value)
        parse = _PARSED_FORMATS.get(node.get("format", ""))
        if parse is None:
            return value
        try:
            return parse(value)
        except ValueError:
            return self._reject(verdict, path, f"an ISO {node['format']}", value)

    def _number(self, value: Any, path: str, verdict: Verdict) -> Any:
        if type(value) in (int, Decimal):
            return Number(str(value))
        if type(value) is float:
            return Number(repr(value))
        if type(value) is str and _NUMBER.match(value):
            verdict.coerced.append(path)
            return Number(str(Decimal(value)))
        return self._reject(verdict, path, "a number", value)

    def _integer(self, value: Any, path: str, verdict: Verdict) -> Any:
        if type(value) is int:
            return value
        if type(value) is Decimal and value.is_finite() and value == value.to_integral_value():
            verdict.coerced.append(path)
            return int(value)
        if type(value) is str and _INTEGER.match(value):
            verdict.coerced.append(path)
            return int(value)
        return self._reject(verdict, path, "an integer", value)

    # -- schema questions ---------------------------------------------------------------

    def properties(self, schema: Any) -> dict[str, Any]:
        """The properties of an object schema (through allOf)."""
        node = deref(self.spec, schema)
        found: dict[str, Any] = dict(node.get("properties") or {})
        for part in node.get("allOf", []):
            found.update(self.properties(part))
        return found

    def kind(self, schema: Any) -> str | None:
        """The JSON type a schema says (through allOf wrappers and drf enum unions)."""
        node = deref(self.spec, schema)
        if len(node.get("allOf", [])) == 1:
            return self.kind(node["allOf"][0])
        for keyword in ("oneOf", "anyOf"):
            options = [o for o in node.get(keyword, []) if not is_placeholder_enum(self.spec, o)]
            if options:
                return self.kind(options[0])
        if "properties" in node:
            return "object"
        kind = node.get("type")
        return kind if isinstance(kind, str) else None

    # -- helpers ----------------------------------------------------------------------

    def _reject(self, verdict: Verdict, path: str, expected: str, value: Any) -> None:
        verdict.issues.append((path, f"expected {expected}, got {value!r:.40}"))

    def nullable(self, schema: Any) -> bool:
        seen = schema
        for _ in range(50):
            if not isinstance(seen, dict):
                return False
            if seen.get("nullable") is True:
                return True
            for keyword in ("oneOf", "anyOf"):
                for option in seen.get(keyword, []):
                    if deref(self.spec, option).get("enum") == [None]:
                        return True
            if "$ref" in seen:
                seen = deref(self.spec, {"$ref": seen["$ref"]})
            elif len(seen.get("allOf", [])) == 1:
                seen = seen["allOf"][0]
            else:
                return False
        return False

    def _merged(self, node: Mapping[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in node["allOf"]:
            target = deref(self.spec, part)
            merged["properties"].update(target.get("properties", {}))
            merged["required"] += target.get("required", [])
        return merged

    def _label(self, node: Mapping[str, Any]) -> str:
        return str(node.get("type", "a value of the schema"))


def _untyped(node: Any) -> bool:
    keys = ("type", "properties", "items", "enum", "oneOf", "anyOf", "allOf")
    return isinstance(node, dict) and not any(k in node for k in keys)


def _plain(value: Any) -> Any:
    """An unschematised JSON value as the policy keeps it: the data `json.loads` gives, a
    fraction as a float and an integer as an int ("Untyped JSON")."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if type(value) is Decimal:
        return float(value)
    return value


def read_only_paths(spec: Mapping[str, Any], schema: Any, value: Any, path: str = "$") -> list[str]:
    """Paths of readOnly properties present in a request body (there must be none)."""
    node = deref(spec, schema)
    found: list[str] = []
    if not isinstance(node, dict):
        return found
    for keyword in ("allOf", "oneOf", "anyOf"):
        for part in node.get(keyword, []):
            found += read_only_paths(spec, part, value, path)
    if isinstance(value, dict):
        for name, prop in (node.get("properties") or {}).items():
            if name in value:
                if deref(spec, prop).get("readOnly") or (isinstance(prop, dict) and prop.get("readOnly")):
                    found.append(join(path, name))
                found += read_only_paths(spec, prop, value[name], join(path, name))
    elif isinstance(value, list) and "items" in node:
        for index, item in enumerate(value):
            found += read_only_paths(spec, node["items"], item, join(path, index))
    return sorted(set(found))


# --- forms in Django REST framework's notation ---------------------------------------------

# String formats whose values are no text for DRF (a date, a UUID, a decimal, a file): an
# empty form value of such a field is null, where a text field would store "".
_NOT_TEXT_FORMATS = ("date", "date-time", "uuid", "decimal", "binary")

NULL_TEXT = "None of a text field (DRF stores an empty value as \"\", not null)"
NULL_NESTED = "None of an object or a list (DRF reads no null for nested data in forms)"
NULL_UNTYPED = "None of a value of no declared type outside a JSONField"
EMPTY_LIST = "an empty list (no key at all: DRF would keep the stored or default value)"
EMPTY_OBJECT = "an object with no field set (no key at all: DRF reads the field as missing)"
NULL_ITEM = "None inside a list"
LIST_OF_LISTS = "a list inside a list"
MIXED_LIST = "a list of objects and plain values"
NESTED_IN_MAP = "an object or a list inside a map or an additional property"
UNTYPED_ITEM = "a value of no declared type inside a list or map that is not text"
SEVERAL_IN_ITEM = ("two or more plain values inside an item of a list (DRF keeps the last "
                   "repeated key there; related ids ignore indexed keys)")
ODD_NAME = "a property name holding '.', '[' or ']' (DRF reads them as nesting)"
NAIVE = "a date-time without a UTC offset"


def form_path(path: str, key: str | int) -> str:
    """Paths as the client's `EncodingError.field` writes them: `lines[1].description`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def drf_form_refusals(spec: Mapping[str, Any], schema: Any, payload: Any) -> list[tuple[str, str]]:
    """(path, reason) of every value of a form body that Django REST framework's notation
    cannot carry (docs/parsing-policy.md, "Forms: DRF's notation"); [] when the whole
    payload can travel as `a.b`, `lines[0]account` and repeated keys. A client following
    the policy refuses such a body before sending it, naming one of these paths."""
    return DrfForm(spec).refusals(schema, payload)


def drf_notation_fields(spec: Mapping[str, Any], schema: Any, payload: Any) -> set[str]:
    """The body's properties that travel in DRF's notation rather than as one `name=value`
    pair: objects (`a.b`), lists of objects (`lines[0]account`) and lists of plain values
    (the key repeated). Peers that read forms by OpenAPI's rules misread exactly these."""
    return DrfForm(spec).notation_fields(schema, payload)


class DrfForm:
    """A reading of "Forms: DRF's notation" from the raw spec and a JSON payload alone."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        self.checker = PolicyChecker(spec, "write")

    def refusals(self, schema: Any, payload: Any) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if isinstance(payload, dict):
            self._object(schema, payload, "", 0, found)
        return sorted(set(found))

    def notation_fields(self, schema: Any, payload: Any) -> set[str]:
        properties = self.checker.properties(schema)
        return {name for name, value in (payload or {}).items()
                if isinstance(value, (dict, list)) and value
                and self._shape(properties.get(name, {}), value) != "any"}

    # -- schema questions -------------------------------------------------------------

    def _node(self, schema: Any) -> dict[str, Any]:
        node: dict[str, Any] = deref(self.spec, schema)
        while isinstance(node, dict) and len(node.get("allOf", [])) == 1:
            node = deref(self.spec, node["allOf"][0])
        return node

    def _options(self, node: Mapping[str, Any]) -> list[Any]:
        """The union's members, without drf-spectacular's BlankEnum/NullEnum placeholders."""
        for keyword in ("oneOf", "anyOf"):
            if keyword in node:
                return [o for o in node[keyword] if not is_placeholder_enum(self.spec, o)]
        return []

    def _shape(self, schema: Any, value: Any = None) -> str:
        """any, object (properties: a model), map (no properties), array, or scalar; a
        union takes the shape of the member the value fits (of its first member for None)."""
        node = self._node(schema)
        if len(node.get("allOf", [])) > 1:
            return "object"
        options = self._options(node)
        if options:
            return self._shape(self._member(options, value), value)
        if "enum" in node:
            return "scalar"
        kind = node.get("type")
        if node.get("properties"):
            return "object"
        if kind == "object":
            return "map"
        if kind == "array":
            return "array"
        if kind is None and not any(k in node for k in ("items", "properties", "oneOf", "anyOf")):
            return "any"
        return "scalar"

    def _member(self, options: list[Any], value: Any) -> Any:
        for option in options:
            if value is not None and self.checker.check(option, value).fits:
                return option
        return options[0]

    def _members(self, schema: Any) -> list[Any]:
        node = self._node(schema)
        options = self._options(node)
        if not options:
            return [schema]
        return [m for option in options for m in self._members(option)]

    def _nested(self, schema: Any) -> bool:
        return any(self._shape(m) in ("object", "map", "array") for m in self._members(schema))

    def _textual(self, schema: Any) -> bool:
        """Would DRF store an empty value as "" (text, a string enum, a BlankEnum union)?"""
        node = self._node(schema)
        if any(deref(self.spec, o).get("enum") == [""] for k in ("oneOf", "anyOf")
               for o in node.get(k, [])):
            return True
        for member in self._members(schema):
            target = self._node(member)
            if "enum" in target and any(isinstance(v, str) for v in target["enum"]):
                return True
            if target.get("type") == "string" and target.get("format") not in _NOT_TEXT_FORMATS:
                return True
        return False

    def _properties(self, schema: Any) -> dict[str, Any]:
        node = self._node(schema)
        if len(node.get("allOf", [])) > 1:
            return self.checker.properties(node)
        return dict(node.get("properties") or {})

    def _extra(self, schema: Any) -> Any:
        """The schema of additional properties; None when it declares no type."""
        extra = self._node(schema).get("additionalProperties")
        if not isinstance(extra, dict) or self._shape(extra) == "any":
            return None
        return extra

    # -- the walk ---------------------------------------------------------------------

    def _name(self, path: str, name: str, found: list[tuple[str, str]]) -> str:
        here = form_path(path, name)
        if any(c in name for c in ".[]"):
            found.append((here, ODD_NAME))
        return here

    def _object(self, schema: Any, value: dict[str, Any], path: str, items: int,
                found: list[tuple[str, str]]) -> None:
        """A model's fields (`items`: how many list items it is inside)."""
        properties = self._properties(schema)
        extra = self._extra(schema)
        for name, item in value.items():
            here = self._name(path, name, found)
            if name in properties:
                self._value(properties[name], item, here, items, found)
            elif isinstance(item, (dict, list)):
                found.append((here, NESTED_IN_MAP))
            elif extra is not None:
                self._value(extra, item, here, items, found)
            elif item is None:
                found.append((here, NULL_UNTYPED))
        if not value and path:
            found.append((path, EMPTY_OBJECT))

    def _map(self, schema: Any, value: dict[str, Any], path: str, items: int,
             found: list[tuple[str, str]]) -> None:
        """A map (`meta.key=value`): plain values only, text when of no declared type."""
        if not value and path:
            found.append((path, EMPTY_OBJECT))
        extra = self._extra(schema)
        for name, item in value.items():
            here = self._name(path, name, found)
            if isinstance(item, (dict, list)):
                found.append((here, NESTED_IN_MAP))
            elif extra is not None:
                self._value(extra, item, here, items, found)
            elif not isinstance(item, str):
                found.append((here, UNTYPED_ITEM))

    def _value(self, schema: Any, value: Any, path: str, items: int,
               found: list[tuple[str, str]]) -> None:
        shape = self._shape(schema, value)
        if shape == "any":
            return  # a JSONField: JSON text, whatever the value (None is `null`)
        if value is None:
            if self._nested(schema):
                found.append((path, NULL_NESTED))
            elif self._textual(schema):
                found.append((path, NULL_TEXT))
            return  # an empty value: null for DRF
        node = self._node(schema)
        options = self._options(node)
        member = self._member(options, value) if options else schema
        if shape == "object" and isinstance(value, dict):
            self._object(member, value, path, items, found)
        elif shape == "map" and isinstance(value, dict):
            self._map(member, value, path, items, found)
        elif shape == "array" and isinstance(value, list):
            self._list(member, value, path, items, found)
        elif shape == "scalar":
            self._scalar(member, value, path, found)

    def _list(self, schema: Any, value: list[Any], path: str, items: int,
              found: list[tuple[str, str]]) -> None:
        if not value:
            found.append((path, EMPTY_LIST))
            return
        item_schema = self._node(schema).get("items", {})
        if all(isinstance(item, dict) for item in value):  # `lines[0]account=...`
            options = self._options(self._node(item_schema))
            for index, item in enumerate(value):
                here = form_path(path, index)
                member = self._member(options, item) if options else item_schema
                if self._shape(member, item) == "object":
                    self._object(member, item, here, items + 1, found)
                else:  # a map, or a value of no declared type: `rows[0]key=text`
                    self._map(member, item, here, items + 1, found)
            return
        untyped = self._shape(item_schema) == "any"
        for index, item in enumerate(value):
            here = form_path(path, index)
            if isinstance(item, dict):
                found.append((here, MIXED_LIST))
            elif isinstance(item, list):
                found.append((here, LIST_OF_LISTS))
            elif item is None:
                found.append((here, NULL_ITEM))
            elif untyped and not isinstance(item, str):
                found.append((here, UNTYPED_ITEM))
            else:
                self._scalar(item_schema, item, here, found)
        if items and len(value) > 1:
            found.append((path, SEVERAL_IN_ITEM))

    def _scalar(self, schema: Any, value: Any, path: str, found: list[tuple[str, str]]) -> None:
        node = self._node(schema)
        options = self._options(node)
        if options:
            node = self._node(self._member(options, value))
        if node.get("format") == "date-time" and isinstance(value, str):
            try:
                naive = datetime.datetime.fromisoformat(value).utcoffset() is None
            except ValueError:
                return  # not a date-time at all: the payload's fault, not the form's
            if naive:
                found.append((path, NAIVE))
