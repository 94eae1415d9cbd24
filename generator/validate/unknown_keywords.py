"""Which problems of the whole-document check are only unknown keywords.

openapi-spec-validator checks the document against the OpenAPI schema with jsonschema-rs,
which names the failing keyword but not, under a `oneOf` (a schema or a reference), why
each branch failed. The node at fault is checked again here against the same part of the
same schema with the pure-Python `jsonschema`, whose errors keep their causes, to learn
whether every cause is a member that the object does not allow (`title` on an operation,
`const` in a 3.0 schema). Such a member is ignored by the generator or read as 3.1 reads
it, so it cannot change the generated code; anything else keeps the problem an error.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

# JSON Schema keywords that 3.1 has and a 3.0 Schema Object does not: an author writing
# them in 3.0 means what 3.1 means (the generator reads `const` so, and the others as
# any 3.1 document's).
KEYWORDS_31 = frozenset(
    {"const", "examples", "$id", "$anchor", "$defs", "$comment", "$dynamicRef",
     "$dynamicAnchor", "contentMediaType", "contentEncoding", "contentSchema",
     "prefixItems", "if", "then", "else", "dependentRequired", "dependentSchemas",
     "unevaluatedProperties", "unevaluatedItems", "propertyNames", "contains",
     "minContains", "maxContains"}
)
_EXTRA_KEYWORDS = frozenset({"additionalProperties", "unevaluatedProperties"})
# A branch of a `oneOf` failing one of these at the node itself is not what the node is.
_NOT_THIS_KIND = frozenset({"required", "type", "enum", "const"})
_NEAR_MISS = 0.8  # difflib's similarity from which a name reads as a typo of a keyword


@dataclass(frozen=True, slots=True)
class Unknown:
    """A member the OpenAPI schema does not allow where it is."""

    path: tuple[str | int, ...]
    """From the node that was checked to the object holding the member."""
    name: str
    near_miss: str | None
    """An allowed keyword that `name` looks like a typo of (`parameter`: `parameters`),
    which the author most likely meant: the document then says less than they wrote."""


def unknown_keywords(version: str, schema_path: list[Any], node: Any) -> list[Unknown] | None:
    """The unknown members that are the only causes of a failure of the whole-document
    check at `node`, the check's keyword being at `schema_path` in the OpenAPI schema;
    None when something else is wrong, or the causes cannot be told."""
    if not schema_path:
        return None
    try:
        validator = _validator(version, schema_path[:-1])
        if validator is None:
            return None
        found: list[Unknown] = []
        for error in validator.iter_errors(node):
            causes = _causes(error)
            if causes is None:
                return None
            found.extend(causes)
    except Exception:  # noqa: BLE001 - a check that cannot be repeated: the problem stands
        return None
    return found or None


def _validator(version: str, subschema_path: list[Any]) -> Any:
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    document_schema: Any = schema_v31 if version.startswith("3.1") else schema_v30
    subschema = document_schema
    for part in subschema_path:
        subschema = subschema[part]
    root = validator_for(document_schema)(document_schema)
    return root.evolve(schema=subschema)


def _causes(error: Any) -> list[Unknown] | None:
    """The unknown members behind `error`, when they are all of it."""
    if error.validator in _EXTRA_KEYWORDS and isinstance(error.instance, dict) and \
            isinstance(error.schema, dict):
        return _extras(error)
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[Any, list[Any]] = {}
        for inner in error.context:
            branches.setdefault(inner.relative_schema_path[0], []).append(inner)
        candidates = [errors for errors in branches.values()
                      if not any(inner.validator in _NOT_THIS_KIND and not inner.relative_path
                                 for inner in errors)]
        if len(candidates) != 1:
            return None
        found: list[Unknown] = []
        for inner in candidates[0]:
            causes = _causes(inner)
            if causes is None:
                return None
            found.extend(causes)
        return found
    return None


def _extras(error: Any) -> list[Unknown] | None:
    schema = error.schema
    allowed = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    patterns = list(schema.get("patternProperties") or ())
    names = [name for name in error.instance
             if isinstance(name, str) and name not in allowed and not name.startswith("x-")
             and not any(re.search(pattern, name) for pattern in patterns)]
    if not names:
        return None
    path = tuple(error.absolute_path)
    return [Unknown(path, name, _near_miss(name, list(allowed))) for name in names]


def _near_miss(name: str, allowed: list[str]) -> str | None:
    if name in KEYWORDS_31:
        return None
    same_but_case = [keyword for keyword in allowed if keyword.lower() == name.lower()]
    if same_but_case:
        return same_but_case[0]
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=_NEAR_MISS)
    return close[0] if close else None
