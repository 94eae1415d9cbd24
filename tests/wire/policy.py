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
                result[name] = _plain(item)  # kept exactly as received
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
    """An unschematised JSON value in canonical form (numbers digit for digit)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if type(value) in (int, Decimal) and not isinstance(value, bool):
        return Number(str(value)) if type(value) is Decimal else value
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
