"""openapi-spec-validator, set up to run fast without changing a single verdict.

Two things cost it most of its time on a large spec, and neither changes what it finds:
- its walk re-resolves every `$ref` from the root unless the document's path is built
  with a cache of resolved references (`SchemaPath.from_dict` leaves it off);
- it checks every schema object against its dialect's metaschema (JSON Schema draft 4
  for 3.0, the OpenAPI 3.1 base dialect for 3.1) with the pure-Python `jsonschema`, one
  schema at a time. With `jsonschema-rs` installed (the validator uses it by itself for
  the document), a schema that it finds valid, whose regular expressions Python's `re`
  compiles (the one format the validator checks there, and regex dialects differ) and
  that names no other dialect is passed; any other schema goes to the validator's own
  check, so every reported problem is the validator's own, word for word.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

RESOLVED_CACHE_SIZE = 128  # openapi-spec-validator's own default when it builds the path


def spec_validator(spec: dict[str, Any], base_uri: str, version: str) -> Any:
    """A validator of `spec` (OpenAPI `version`); its `iter_errors()` gives the problems."""
    # Imported here: the validator is the slowest import of the generator.
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    if version.startswith("3.1"):
        cls = _with_quick_schema_check(OpenAPIV31SpecValidator, _oas31_check(spec))
    else:
        cls = _with_quick_schema_check(OpenAPIV30SpecValidator, _oas30_check())
    try:
        path = SchemaPath.from_dict(spec, base_uri=base_uri,
                                    resolved_cache_maxsize=RESOLVED_CACHE_SIZE)
    except TypeError:  # a jsonschema-path from before the cache
        path = SchemaPath.from_dict(spec, base_uri=base_uri)
    return cls(path)


@dataclass(frozen=True, slots=True)
class _QuickCheck:
    """jsonschema-rs against the metaschema the validator checks schemas with, formats
    off, plus the one format its own check can apply there (`regex`), by its own rule."""

    metaschema: Any
    regex_ok: Callable[[str], bool] | None

    def passes(self, schema_value: Any) -> bool:
        try:
            valid = bool(self.metaschema.is_valid(schema_value))
        except Exception:  # noqa: BLE001 - a value it cannot take: the validator decides
            return False
        return valid and _plain(schema_value, self.regex_ok)


def _quick_check(metaschema: Any, format_checker: Any,
                 metaschemas: list[Any]) -> _QuickCheck | None:
    """A quick check, unless the validator's format checker checks a format other than
    `regex` that the metaschemas use (`uri`, say, when rfc3986-validator is installed)."""
    checked = set(getattr(format_checker, "checkers", None) or ())
    used = _formats(metaschemas)
    if (checked & used) - {"regex"}:
        return None
    if "regex" not in checked & used:
        return _QuickCheck(metaschema, None)
    return _QuickCheck(metaschema, lambda text: bool(format_checker.conforms(text, "regex")))


def _oas30_check() -> _QuickCheck | None:
    """For 3.0 schemas (JSON Schema draft 4); None when it cannot be built."""
    try:
        import jsonschema_rs
        from openapi_schema_validator import OAS30Validator

        metaschema = OAS30Validator.META_SCHEMA
        return _quick_check(
            jsonschema_rs.Draft4Validator(metaschema, validate_formats=False),
            OAS30Validator.FORMAT_CHECKER, [metaschema])
    except Exception:  # noqa: BLE001 - missing or older packages: the validator as it comes
        return None


def _oas31_check(spec: dict[str, Any]) -> _QuickCheck | None:
    """For 3.1 schemas (the OpenAPI 3.1 base dialect, with its vocabulary); None when it
    cannot be built or the document names another default dialect."""
    try:
        import jsonschema_rs
        from openapi_schema_validator import OAS31Validator
        from openapi_schema_validator._specifications import REGISTRY
        from openapi_spec_validator.validation import keywords

        dialect = OAS31Validator.META_SCHEMA
        if spec.get("jsonSchemaDialect", dialect["$id"]) != dialect["$id"]:
            return None
        oas = [(uri, REGISTRY.contents(uri)) for uri in REGISTRY
               if uri.startswith("https://spec.openapis.org/oas/3.1/")]
        draft = [REGISTRY.contents(uri) for uri in REGISTRY
                 if uri.startswith("https://json-schema.org/draft/2020-12/")]
        validator = jsonschema_rs.Draft202012Validator(
            dialect, registry=jsonschema_rs.Registry(oas), validate_formats=False)
        format_checker = keywords.OpenAPIV31SchemaValidator.schema_validator_format_checker
        return _quick_check(validator, format_checker, [*(c for _, c in oas), *draft])
    except Exception:  # noqa: BLE001 - missing or older packages: the validator as it comes
        return None


def _formats(metaschemas: list[Any]) -> set[str]:
    """Every `format` named in the metaschemas."""
    found: set[str] = set()
    stack = list(metaschemas)
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("format"), str):
                found.add(current["format"])
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


def _with_quick_schema_check(validator_cls: Any, quick: _QuickCheck | None) -> Any:
    """`validator_cls` with its per-schema check passing what `quick` passes;
    `validator_cls` itself when anything needed is missing."""
    from openapi_spec_validator.validation import keywords

    registered = getattr(validator_cls, "keyword_validators", None)
    if not isinstance(registered, dict):
        return validator_cls
    schema_check = registered.get("schema")
    if quick is None or not isinstance(schema_check, type) or \
            not issubclass(schema_check, getattr(keywords, "SchemaValidator", ())) or \
            not hasattr(schema_check, "_validate_schema_meta"):
        return validator_cls

    passes = quick.passes

    class QuickSchemaCheck(schema_check):  # type: ignore[misc, valid-type]
        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            if passes(schema_value):
                return None
            return super()._validate_schema_meta(schema, schema_value)

    return type(validator_cls.__name__, (validator_cls,),
                {"keyword_validators": {**registered, "schema": QuickSchemaCheck}})


def _plain(node: Any, regex_ok: Callable[[str], bool] | None) -> bool:
    """Whether the validator's own check could not see more than jsonschema-rs with
    formats off: every `pattern` and `patternProperties` key, at any depth, passes the
    validator's own `regex` format check (when it has one), and no `$schema` picks
    another dialect. A few values that are no schema get looked at too: that only sends
    their schema to the slower check."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if "$schema" in current:
                return False
            if regex_ok is not None:
                regexes = list(current.get("patternProperties") or ()) \
                    if isinstance(current.get("patternProperties"), dict) else []
                if isinstance(current.get("pattern"), str):
                    regexes.append(current["pattern"])
                for regex in regexes:
                    try:
                        if not regex_ok(regex):
                            return False
                    except Exception:  # noqa: BLE001 - the validator's own check decides
                        return False
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return True
