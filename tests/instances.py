"""Builds realistic JSON payloads from the raw spec, independently of the generator.

Walks the schema as a server would fill it: every property (or only the required ones),
numbers as DRF sends them (strings with two decimals), enums from their first value.
"""

from __future__ import annotations

from typing import Any

SAMPLE_STRINGS = {
    "date": "2024-03-15",
    "date-time": "2024-03-15T10:30:00+00:00",
    "uuid": "9a4bc225-ebe6-41fa-9a2f-de7947899c6c",
    "uri": "https://api.example.test/items/?offset=100&limit=100",
    "email": "ap@example.test",
}


class PayloadMaker:
    def __init__(self, spec: dict[str, Any], *, direction: str, everything: bool = True,
                 numbers_as_strings: bool = True) -> None:
        self.spec = spec
        self.direction = direction  # "read": include readOnly; "write": include writeOnly
        self.everything = everything
        self.numbers_as_strings = numbers_as_strings

    def deref(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.spec
            for token in node["$ref"].lstrip("#/").split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            node = target
            seen += 1
            assert seen < 50, "reference loop"
        return node

    def make(self, node: Any, depth: int = 0) -> Any:
        node = self.deref(node)
        if not isinstance(node, dict) or depth > 16:  # deep enough for every Campfire schema
            return None
        if "allOf" in node:
            merged: dict[str, Any] = {}
            for part in node["allOf"]:
                value = self.make(part, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
                elif value is not None and len(node["allOf"]) == 1:
                    return value
            return merged
        for keyword in ("oneOf", "anyOf"):
            if keyword in node:
                for option in node[keyword]:
                    target = self.deref(option)
                    if target.get("enum") not in ([""], [None]):
                        return self.make(option, depth + 1)
                return None
        if "enum" in node:
            values = [v for v in node["enum"] if v is not None]
            return values[0] if values else None
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            return self._object(node, depth)
        if kind == "array":
            item = self.make(node.get("items", {}), depth + 1)
            return [] if item is None else [item]
        if kind == "string":
            text = SAMPLE_STRINGS.get(node.get("format", ""), "text")
            limit = node.get("maxLength")
            return text[:limit] if isinstance(limit, int) else text
        if kind == "number":
            return "750.00" if self.numbers_as_strings else 750
        if kind == "integer":
            return 42
        if kind == "boolean":
            return True
        if not any(k in node for k in ("type", "items", "properties", "enum", "const")):
            return {"free": ["form", 1]}  # an open schema ({}): any JSON value fits
        return None

    def _object(self, node: dict[str, Any], depth: int) -> dict[str, Any]:
        required = set(node.get("required", []))
        result: dict[str, Any] = {}
        for name, prop in (node.get("properties") or {}).items():
            flags = prop if isinstance(prop, dict) else {}
            if self.direction == "read" and flags.get("writeOnly"):
                continue
            if self.direction == "write" and flags.get("readOnly"):
                continue
            if not self.everything and name not in required:
                continue
            value = self.make(prop, depth + 1)
            if value is None and not _nullable(self.deref(prop)) and "$ref" not in flags:
                continue
            result[name] = value
        return result


def _nullable(node: Any) -> bool:
    return isinstance(node, dict) and node.get("nullable") is True
