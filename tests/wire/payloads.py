"""Schema-valid JSON values built from the raw spec, independently of the generator.

`ValueBuilder` fills a schema the way a careful server (responses) or caller (request
bodies, parameters) would: every constraint the Campfire spec uses is honoured (formats,
`maxLength`, `pattern`, bounds, `minItems`), readOnly properties are left out of requests
and writeOnly ones out of responses. Each value it builds can be checked against the
schema with `schema_errors`, so that a fault of the builder is never blamed on the client.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, Literal

from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30WriteValidator,
    oas30_format_checker,
)

Direction = Literal["read", "write"]
Fill = Literal["required", "all"]

SAMPLE_STRINGS: Mapping[str, str] = {
    "date": "2024-03-15",
    "date-time": "2024-03-15T10:30:00+00:00",
    "uuid": "9a4bc225-ebe6-41fa-9a2f-de7947899c6c",
    "uri": "https://api.example.test/items/?offset=100&limit=100",
    "email": "ap@example.test",
}
KNOWN_PATTERNS: Mapping[str, str] = {r"^\d{9}$": "021000021", r"^\d+$": "42"}
# The first candidate that fits a schema's bounds is used: digits a float would lose
# (19 significant, and an integer above 2**53) wherever the bounds allow them.
NUMBER_CANDIDATES = (Decimal("1234567890.123456789"), Decimal("12345.67"), Decimal("42.5"),
                     Decimal("0.5"), Decimal(0))
INTEGER_CANDIDATES = (9007199254740993, 42, 7, 1, 0)
JS_SAFE_INTEGER = 2**53 - 1
"""Prism (JavaScript) caps integers here, whatever the schema's maximum says."""
MAX_DEPTH = 8
"""Optional properties deeper than this are left out (the spec has recursive schemas)."""


class BuildError(Exception):
    """The builder met a schema it does not know how to fill (extend it, do not guess)."""


def deref(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local `$ref`s until a schema object is reached."""
    for _ in range(50):
        if not (isinstance(node, dict) and "$ref" in node):
            return node
        target: Any = spec
        for token in node["$ref"].removeprefix("#/").split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    raise BuildError("reference loop")


def is_placeholder_enum(spec: Mapping[str, Any], node: Any) -> bool:
    """drf-spectacular's BlankEnum ([""]) and NullEnum ([null]) union members."""
    return deref(spec, node).get("enum") in ([""], [None])


_ANNOTATIONS = frozenset({"description", "title", "default", "example", "examples",
                          "deprecated", "readOnly", "writeOnly", "nullable", "externalDocs"})


def _annotation_only(spec: Mapping[str, Any], schema: Any) -> bool:
    node = deref(spec, schema)
    return isinstance(node, dict) and all(
        key in _ANNOTATIONS or key.startswith("x-") for key in node)


class ValueBuilder:
    def __init__(self, spec: Mapping[str, Any], *, direction: Direction, fill: Fill,
                 js_safe: bool = False) -> None:
        self.spec = spec
        self.direction = direction
        self.fill = fill
        self.integers = tuple(i for i in INTEGER_CANDIDATES if not js_safe or i <= JS_SAFE_INTEGER)

    def value(self, schema: Any, depth: int = 0) -> Any:
        node = deref(self.spec, schema)
        if not isinstance(node, dict):
            raise BuildError(f"not a schema: {node!r}")
        if depth > 40:
            raise BuildError("a required property chain does not end")
        if "allOf" in node:
            # A part that only annotates (`{description: ...}` beside a `$ref`) allows any
            # value: it must not add a placeholder of its own.
            constraining = [part for part in node["allOf"]
                            if not _annotation_only(self.spec, part)] or node["allOf"][:1]
            parts = [self.value(part, depth + 1) for part in constraining]
            if len(parts) == 1:
                return parts[0]
            if not all(isinstance(part, dict) for part in parts):
                if all(part == parts[0] for part in parts):
                    return parts[0]
                raise BuildError("allOf of non-objects")
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part)
            return merged
        for keyword in ("oneOf", "anyOf"):
            if keyword in node:
                options = [o for o in node[keyword] if not is_placeholder_enum(self.spec, o)]
                if not options:
                    raise BuildError(f"{keyword} with only blank/null options")
                return self.value(options[0], depth + 1)
        if "enum" in node:
            values = [v for v in node["enum"] if v is not None]
            return values[0] if values else None
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            return self._object(node, depth)
        if kind == "array":
            return self._array(node, depth)
        if kind == "string":
            return self._string(node)
        if kind == "number":
            return _in_bounds(node, NUMBER_CANDIDATES)
        if kind == "integer":
            return _in_bounds(node, self.integers)
        if kind == "boolean":
            return True
        if kind is None:
            return {"note": "free-form value", "items": [1, "two"]}  # {} allows any JSON
        raise BuildError(f"unknown schema type {kind!r}")

    def _object(self, node: Mapping[str, Any], depth: int) -> dict[str, Any]:
        required = set(node.get("required", []))
        result: dict[str, Any] = {}
        for name, prop in (node.get("properties") or {}).items():
            if skipped(prop, self.direction):
                continue
            wanted = name in required or (self.fill == "all" and depth < MAX_DEPTH)
            if wanted:
                result[name] = self.value(prop, depth + 1)
        return result

    def _array(self, node: Mapping[str, Any], depth: int) -> list[Any]:
        """One item; two for arrays of primitives (so that repeated keys and comma-joined
        values differ on the wire), within minItems/maxItems."""
        first = self.value(node.get("items", {}), depth + 1)
        wanted = 1 if isinstance(first, (dict, list)) else 2
        count = min(max(wanted, node.get("minItems", 0)), node.get("maxItems", wanted))
        return [first] + [self.value(node.get("items", {}), depth + 1) for _ in range(count - 1)]

    def _string(self, node: Mapping[str, Any]) -> str:
        if "pattern" in node:
            if node["pattern"] not in KNOWN_PATTERNS:
                raise BuildError(f"no sample for pattern {node['pattern']!r}")
            text = KNOWN_PATTERNS[node["pattern"]]
        elif node.get("format") == "binary":
            text = "file content"
        else:
            text = SAMPLE_STRINGS.get(node.get("format", ""), "sample text")
        limit = node.get("maxLength")
        if limit is not None and len(text) > limit:
            if node.get("format") in SAMPLE_STRINGS:
                raise BuildError(f"a {node['format']} cannot fit in {limit} characters")
            text = "ABCDEFGHIJ"[:limit]
        return text


def skipped(prop: Any, direction: Direction) -> bool:
    """readOnly properties are not sent; writeOnly ones are not received."""
    flags = prop if isinstance(prop, dict) else {}
    if direction == "write":
        return bool(flags.get("readOnly"))
    return bool(flags.get("writeOnly"))


def _in_bounds(node: Mapping[str, Any], candidates: tuple[Any, ...]) -> Any:
    for candidate in candidates:
        if "minimum" in node:
            low = Decimal(str(node["minimum"]))
            if candidate < low or (node.get("exclusiveMinimum") and candidate == low):
                continue
        if "maximum" in node:
            high = Decimal(str(node["maximum"]))
            if candidate > high or (node.get("exclusiveMaximum") and candidate == high):
                continue
        return candidate
    raise BuildError(f"no candidate fits the bounds of {dict(node)}")


# --- JSON text and schema checks ----------------------------------------------------------


def dumps(value: Any) -> str:
    """JSON text with every Decimal written digit for digit (as the real API does)."""
    return "".join(_chunks(value))


def _chunks(value: Any) -> Iterator[str]:
    if isinstance(value, Decimal):
        yield str(value)
    elif isinstance(value, dict):
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            yield ("," if index else "") + json.dumps(key) + ":"
            yield from _chunks(item)
        yield "}"
    elif isinstance(value, list):
        yield "["
        for index, item in enumerate(value):
            yield "," if index else ""
            yield from _chunks(item)
        yield "]"
    else:
        yield json.dumps(value)


def loads(text: str | bytes) -> Any:
    """JSON with exact numbers (as the client reads it)."""
    return json.loads(text, parse_float=Decimal)


def schema_errors(
    spec: Mapping[str, Any], schema: Any, value: Any, direction: Direction
) -> list[str]:
    """Every way `value` breaks `schema` (openapi-schema-validator, formats included)."""
    validator_cls = OAS30WriteValidator if direction == "write" else OAS30ReadValidator
    wrapper = {"allOf": [schema], "components": spec.get("components", {})}
    validator = validator_cls(wrapper, format_checker=oas30_format_checker)
    # The `double` format checker wants floats; JSON numbers are exact Decimals here.
    plain = json.loads(dumps(value))
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(plain)
    ]


def tail_kept(message: str) -> str:
    """A validator message cut to a readable length, its last words kept: they say why
    (`reference ... could not be resolved`, which the judges look for)."""
    return message if len(message) <= 300 else message[:200] + " ... " + message[-90:]
