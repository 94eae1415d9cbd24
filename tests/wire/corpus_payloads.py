"""Schema-valid values for any corpus spec: the Campfire builder, widened to what public
specs use (OpenAPI 3.1 type lists and `const`, any `pattern`, `minLength`, numeric
`exclusiveMinimum`, `uniqueItems`, more string formats), with a union member chosen only
when the value fits the whole union. Every value is checked with the spec's own validator
(`fits`), so that a fault of the builder is counted as the harness's, never the client's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30Validator,
    OAS30WriteValidator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)

from tests.wire.payloads import (
    NUMBER_CANDIDATES,
    SAMPLE_STRINGS,
    BuildError,
    Direction,
    Fill,
    ValueBuilder,
    deref,
    dumps,
    is_placeholder_enum,
    skipped,
    tail_kept,
)

MORE_STRINGS: Mapping[str, str] = {
    "byte": "ZmlsZSBjb250ZW50",
    "ipv4": "192.0.2.10",
    "ipv6": "2001:db8::10",
    "hostname": "api.example.test",
    "uri-reference": "/items/42",
    "time": "10:30:00Z",
    "duration": "P1D",
    "password": "sample text",
    "decimal": "12.50",
}
PATTERN_CANDIDATES = ("42", "12.50", "sample", "ABC", "2024-03-15")
DEPTH = 3
"""Optional properties deeper than this are left out (public specs nest deeply: a Stripe
charge filled to depth 8 runs to megabytes)."""


class CorpusValueBuilder(ValueBuilder):
    def __init__(self, spec: Mapping[str, Any], *, direction: Direction | None, fill: Fill,
                 oas31: bool, js_safe: bool = True, non_empty: bool = False) -> None:
        super().__init__(spec, direction=direction, fill=fill, js_safe=js_safe)
        self.oas31 = oas31
        self.non_empty = non_empty
        """Build no empty object (a map gets one entry, an object its first property past
        DEPTH too): a deepObject form says an empty one as no key at all, which the
        client refuses to send."""

    def value(self, schema: Any, depth: int = 0) -> Any:
        node = deref(self.spec, schema)
        if not isinstance(node, dict):
            if node is True:
                return "sample text"
            raise BuildError(f"not a schema: {node!r}")
        if depth > 40:
            raise BuildError("a required property chain does not end")
        if "const" in node:
            return node["const"]
        if "example" in node and _primitive(node["example"]) and self.fits(node, node["example"]):
            return node["example"]
        for keyword in ("oneOf", "anyOf"):
            if keyword in node:
                return self._member(node, keyword, depth)
        kind = node.get("type")
        if kind is None and "items" in node:  # an untyped schema with `items`: an array
            node = dict(node) | {"type": "array"}
            kind = "array"
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            node = dict(node) | {"type": kinds[0] if kinds else "null"}
            kind = node["type"]
        if kind == "null":
            return None
        if "allOf" in node and "oneOf" not in node and "anyOf" not in node:
            merged = self._merged(node) or self._keywords_merged(node)
            if merged is not None:
                return self.value(merged, depth)
        if "allOf" in node or "enum" in node or kind == "array":
            return super().value(node, depth)
        if kind == "object" or "properties" in node:
            return self._object(node, depth)
        if kind == "string":
            return self._text(node)
        if kind in ("number", "integer"):
            return self._number(node, kind)
        return super().value(node, depth)

    def _merged(self, node: Mapping[str, Any]) -> dict[str, Any] | None:
        """An allOf of object schemas as one object schema (a part may hold `required`
        for properties another part declares); None when a part is not an object."""
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in [dict(node) | {"allOf": []}, *node["allOf"]]:
            part = deref(self.spec, part)
            if part.get("allOf"):
                part = self._merged(part)
            if part is None or "oneOf" in part or "anyOf" in part or "enum" in part or (
                    part.get("type") not in (None, "object")):
                return None
            merged["properties"].update(part.get("properties") or {})
            merged["required"] += [r for r in part.get("required", [])
                                   if r not in merged["required"]]
        return merged

    def _keywords_merged(self, node: Mapping[str, Any]) -> dict[str, Any] | None:
        """An allOf of flat schemas (no object, no union: a string and `{maxLength: 16}`, as
        DigitalOcean writes) as one schema with the keywords of every part; None otherwise
        (the value is validated against the allOf itself anyway)."""
        merged: dict[str, Any] = {key: value for key, value in node.items() if key != "allOf"}
        for part in node["allOf"]:
            part = deref(self.spec, part)
            if not isinstance(part, dict) or any(key in part for key in (
                    "allOf", "oneOf", "anyOf", "properties", "items")) or (
                    part.get("type") == "object"):
                return None
            for key, value in part.items():
                if key in merged and merged[key] != value and key not in ("description",
                                                                          "example"):
                    return None
                merged[key] = value
        return merged

    def _member(self, node: Mapping[str, Any], keyword: str, depth: int) -> Any:
        options = [o for o in node[keyword] if not is_placeholder_enum(self.spec, o)]
        if not options:
            raise BuildError(f"{keyword} with only blank/null options")
        rest = {k: v for k, v in node.items() if k not in (keyword, "discriminator")}
        built = []
        for option in options:
            try:
                candidate = self.value({"allOf": [option, rest]} if rest.get("properties")
                                       else option, depth + 1)
            except BuildError:
                continue
            if self.fits(node, candidate):
                return candidate
            retagged = self._retagged(node, candidate)
            if retagged is not None:
                return retagged
            built.append(candidate)
        if built:
            return built[0]
        raise BuildError(f"no member of the {keyword} could be built")

    def _retagged(self, node: Mapping[str, Any], candidate: Any) -> Any:
        """The candidate with its discriminator set to a tag of the mapping, when the tag it
        has is not mapped (DigitalOcean maps some of an enum's values only: the others
        name no schema)."""
        discriminator = node.get("discriminator") or {}
        name, mapping = discriminator.get("propertyName"), discriminator.get("mapping")
        if not (isinstance(candidate, dict) and name in candidate and isinstance(mapping, dict)):
            return None
        for tag in mapping:
            trial = candidate | {name: tag}
            if self.fits(node, trial):
                return trial
        return None

    def _object(self, node: Mapping[str, Any], depth: int) -> dict[str, Any]:
        required = set(node.get("required", []))
        result: dict[str, Any] = {}
        declared = node.get("properties") or {}
        for name, prop in declared.items():
            if self._skipped(prop):
                continue  # a required readOnly property is required of responses only
            if name in required or (self.fill == "all" and depth < DEPTH):
                value = self.value(prop, depth + 1)
                if self.non_empty and value == {} and name not in required:
                    continue  # unsayable in the form, and optional: left out
                result[name] = value
        if node.get("additionalProperties", True) is not False:
            # A required property the schema does not declare (a spec defect) takes any
            # value: text, as the schema says nothing of its type.
            result |= {name: "sample text" for name in sorted(required - set(declared))}
        if self.non_empty and not result:
            for name, prop in declared.items():
                if not self._skipped(prop):
                    value = self.value(prop, depth + 1)
                    if value != {}:
                        return {name: value}
            extra = node.get("additionalProperties")
            if isinstance(extra, dict) or (extra is True and not declared):
                result["key"] = self.value(extra if isinstance(extra, dict) else {}, depth + 1)
        return result

    def _skipped(self, prop: Any) -> bool:
        """readOnly (or writeOnly) said on the property, or on a part of its `allOf`
        (DigitalOcean wraps read-only connection objects so), or beside its `$ref`
        (Square's: OpenAPI 3.0 ignores it there, openapi-core honours it; not sent either,
        so that the peer judges the rest of the body)."""
        node = deref(self.spec, prop)
        parts = node.get("allOf") or [] if isinstance(node, dict) else []
        return skipped(prop, self.direction) or skipped(node, self.direction) or any(
            skipped(deref(self.spec, part), self.direction) for part in parts)

    def _array(self, node: Mapping[str, Any], depth: int) -> list[Any]:
        items = super()._array(node, depth)
        if node.get("uniqueItems") and len(items) > 1 and node.get("minItems", 0) <= 1:
            return items[:1]
        return items

    def _text(self, node: Mapping[str, Any]) -> str:
        low, high = node.get("minLength", 0), node.get("maxLength")
        if "pattern" in node:
            return _matching(node["pattern"], low, high)
        fmt = node.get("format", "")
        if fmt == "binary":
            text = "file content"
        else:
            text = SAMPLE_STRINGS.get(fmt) or MORE_STRINGS.get(fmt) or "sample text"
        if len(text) < low:
            text += "x" * (low - len(text))
        if high is not None and len(text) > high:
            text = ("ABCDEFGHIJ" * (high // 10 + 1))[:high]
        return text

    def _number(self, node: Mapping[str, Any], kind: str) -> Any:
        candidates: tuple[Any, ...] = (self.integers if kind == "integer"
                                       else NUMBER_CANDIDATES)
        low, high = node.get("minimum"), node.get("maximum")
        below, above = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
        if not isinstance(below, bool) and below is not None:
            low, below = below, True
        if not isinstance(above, bool) and above is not None:
            high, above = above, True
        step = node.get("multipleOf")
        if low is not None:  # the bounds themselves, and just inside them
            start = Decimal(str(low)) + (1 if below else 0)
            candidates += (int(start) if kind == "integer" else start,)
        for candidate in candidates:
            value = Decimal(candidate)
            if low is not None and (value < Decimal(str(low))
                                    or (below and value == Decimal(str(low)))):
                continue
            if high is not None and (value > Decimal(str(high))
                                     or (above and value == Decimal(str(high)))):
                continue
            if step and value % Decimal(str(step)):
                continue
            return candidate
        raise BuildError(f"no candidate fits the bounds of {dict(node)}")

    def fits(self, schema: Any, value: Any) -> bool:
        return not schema_errors(self.spec, schema, value, self.direction, oas31=self.oas31)


def _primitive(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


@lru_cache(maxsize=512)
def _matching(pattern: str, low: int, high: int | None) -> str:
    """The simplest text `pattern` finds (jsonschema searches, it does not anchor) within
    the length bounds (hypothesis's regex strategy, shrunk: the same text every run)."""
    import re

    def fits(text: str) -> bool:  # never empty: a typed text (a decimal) may not be
        return max(low, 1) <= len(text) <= (high if high is not None else 10**6)

    for candidate in PATTERN_CANDIDATES:  # plain values first: a decimal's pattern also
        if fits(candidate) and re.search(pattern, candidate):  # admits "-"
            return candidate
    strategy = st.from_regex(re.compile(pattern), fullmatch=True)
    try:
        found: str = find(strategy, fits, settings=settings(
            database=None, max_examples=2000, phases=(Phase.generate, Phase.shrink),
            suppress_health_check=list(HealthCheck), derandomize=True))
    except Exception as error:  # noqa: BLE001 - hypothesis cannot serve every regex dialect
        raise BuildError(f"no sample for pattern {pattern!r}: {type(error).__name__}") from None
    return found


def schema_errors(spec: Mapping[str, Any], schema: Any, value: Any,
                  direction: Direction | None, *, oas31: bool) -> list[str]:
    """Every way `value` breaks `schema`, by the validator of the document's version
    (`direction` None: a parameter's value, which is neither read nor written: readOnly
    and writeOnly concern properties only)."""
    wrapper = {"allOf": [schema], "components": spec.get("components", {})}
    if oas31:
        validator: Any = OAS31Validator(wrapper, format_checker=oas31_format_checker)
    elif direction is None:
        validator = OAS30Validator(wrapper, format_checker=oas30_format_checker)
    else:
        cls = OAS30WriteValidator if direction == "write" else OAS30ReadValidator
        validator = cls(wrapper, format_checker=oas30_format_checker)
    plain = json.loads(dumps(value))
    try:
        return [f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: "
                f"{tail_kept(error.message)}" for error in validator.iter_errors(plain)]
    except Exception as error:  # noqa: BLE001 - a schema the validator cannot read
        return [f"(validator) {type(error).__name__}: {str(error)[:200]}"]
