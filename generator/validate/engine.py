"""openapi-spec-validator, set up to run fast without changing a single verdict.

Two things cost it most of its time on a large spec, and neither changes what it finds:
- its walk re-resolves every `$ref` from the root unless the document's path is built
  with a cache of resolved references (`SchemaPath.from_dict` leaves it off);
- for OpenAPI 3.0 it checks every schema object against the JSON Schema draft 4
  metaschema with the pure-Python `jsonschema`, one schema at a time. When
  `jsonschema-rs` is installed (the validator uses it by itself for the document), a
  schema that it finds valid, and whose `pattern`s Python's `re` compiles (the
  validator's own format check of a `pattern`, and regular expression dialects
  differ), is passed; any other schema goes to the validator's own check, so every
  reported problem is the validator's own, word for word.
"""

from __future__ import annotations

import re
from typing import Any

RESOLVED_CACHE_SIZE = 128  # openapi-spec-validator's own default when it builds the path


def spec_validator(spec: dict[str, Any], base_uri: str, version: str) -> Any:
    """A validator of `spec` (OpenAPI `version`); its `iter_errors()` gives the problems."""
    # Imported here: the validator is the slowest import of the generator.
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    if version.startswith("3.1"):
        cls: Any = OpenAPIV31SpecValidator
    else:
        cls = _with_quick_schema_check(OpenAPIV30SpecValidator)
    try:
        path = SchemaPath.from_dict(spec, base_uri=base_uri,
                                    resolved_cache_maxsize=RESOLVED_CACHE_SIZE)
    except TypeError:  # a jsonschema-path from before the cache
        path = SchemaPath.from_dict(spec, base_uri=base_uri)
    return cls(path)


def _with_quick_schema_check(validator_cls: Any) -> Any:
    """`validator_cls` with its 3.0 schema check passing what jsonschema-rs finds valid;
    `validator_cls` itself when anything needed is missing."""
    try:
        import jsonschema_rs
        from openapi_schema_validator import OAS30Validator
        from openapi_spec_validator.validation import keywords
    except ImportError:
        return validator_cls
    schema_check = getattr(keywords, "OpenAPIV30SchemaValidator", None)
    registered = getattr(validator_cls, "keyword_validators", None)
    if schema_check is None or not hasattr(schema_check, "_validate_schema_meta") or \
            not isinstance(registered, dict) or registered.get("schema") is not schema_check:
        return validator_cls
    try:
        metaschema = jsonschema_rs.Draft4Validator(OAS30Validator.META_SCHEMA,
                                                   validate_formats=False)
    except Exception:  # noqa: BLE001 - an older jsonschema-rs: the validator as it comes
        return validator_cls

    def passes(schema_value: Any) -> bool:
        try:
            valid = bool(metaschema.is_valid(schema_value))
        except Exception:  # noqa: BLE001 - a value it cannot take: the validator decides
            return False
        return valid and _patterns_compile(schema_value)

    class QuickSchemaCheck(schema_check):  # type: ignore[misc, valid-type]
        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            if passes(schema_value):
                return None
            return super()._validate_schema_meta(schema, schema_value)

    return type(validator_cls.__name__, (validator_cls,),
                {"keyword_validators": {**registered, "schema": QuickSchemaCheck}})


def _patterns_compile(node: Any) -> bool:
    """Whether every string under a `pattern` key, at any depth, is a Python regular
    expression (a few values that are no schema get checked too: that only sends their
    schema to the slower check)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            pattern = current.get("pattern")
            if isinstance(pattern, str):
                try:
                    re.compile(pattern)
                except (re.error, RecursionError, OverflowError):
                    return False
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return True
