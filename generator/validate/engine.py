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

Its keyword checks (of paths, operations, parameters, schemas...) report a problem
relative to the node they check, or with no place at all; each such problem gets a
`Location` here (attribute `LOCATION`), the path the validator took to that node, so
that every problem can be shown where it is in the document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

RESOLVED_CACHE_SIZE = 128  # openapi-spec-validator's own default when it builds the path
MAX_VALUE_SIZE = 100_000
"""Values (defaults, examples) holding more than this many values once YAML aliases are
expanded are not checked against their schema: the check walks the expanded tree."""
LOCATION = "campfire_location"
_MORE = "campfire_more"  # the other problems of a schema whose first one is reported


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem found by one of the validator's keyword checks is."""

    node: tuple[str | int, ...]
    """The validator's path to the node it checked: from the root of the document,
    through `$ref`s as it follows them (the last one too)."""
    value: tuple[str | int, ...] = ()
    """From that node to the value the problem is about (`default`); the problem's own
    `path` goes on from there."""
    detail: tuple[str | int, ...] = ()
    """A member of the node that shows the problem more exactly (`operationId`)."""


def spec_validator(spec: dict[str, Any], base_uri: str, version: str, *,
                   quick: bool = True, remote: Callable[[str], Any] | None = None) -> Any:
    """A validator of `spec` (OpenAPI `version`); its `iter_errors()` gives the problems.
    `quick`: with the quick schema check (off only to compare findings in tests).
    `remote`: the data of the document at an http(s) URL, read by the run's rules (the
    validator would otherwise download it itself)."""
    # Imported here: the validator is the slowest import of the generator.
    from jsonschema_path import SchemaPath, default_handlers
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    if version.startswith("3.1"):
        cls = _with_quick_schema_check(OpenAPIV31SpecValidator,
                                       _oas31_check(spec) if quick else None)
    else:
        cls = _with_quick_schema_check(OpenAPIV30SpecValidator,
                                       _oas30_check() if quick else None)
    cls = _with_locations(_with_quick_seen_checks(cls))
    handlers: dict[str, Any] = dict(default_handlers)
    if remote is not None:
        handlers["http"] = handlers["https"] = remote
    try:
        path = SchemaPath.from_dict(spec, base_uri=base_uri, handlers=handlers,
                                    resolved_cache_maxsize=RESOLVED_CACHE_SIZE)
    except TypeError:  # a jsonschema-path from before the cache
        path = SchemaPath.from_dict(spec, base_uri=base_uri, handlers=handlers)
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
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if isinstance(current, dict | list):
            if id(current) in seen:  # shared or self-referencing: looked at once
                continue
            seen.add(id(current))
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


class _SeenIds(list[int]):
    """The schema validator's record of the schemas it has seen: still the list it
    appends to, but answering `in` from a set. As a plain list, every check was a scan,
    which made validation quadratic in the number of schemas (9.8 s for 8,000 schemas,
    against 0.57 s for 1,000)."""

    def __init__(self, items: list[int]) -> None:
        super().__init__(items)
        self._members = set(items)

    def append(self, item: int) -> None:
        self._members.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _with_quick_seen_checks(validator_cls: Any) -> Any:
    """`validator_cls` whose schema validator records the schemas it has seen in a
    `_SeenIds`; `validator_cls` itself when its schema validator has no such records."""
    registered = getattr(validator_cls, "keyword_validators", None)
    if not isinstance(registered, dict):
        return validator_cls
    schema_check = registered.get("schema")
    if not isinstance(schema_check, type):
        return validator_cls

    class SeenOnce(schema_check):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name in ("visited_schema_ids", "meta_checked_schema_ids"):
                seen = getattr(self, name, None)
                if isinstance(seen, list) and not isinstance(seen, _SeenIds):
                    setattr(self, name, _SeenIds(seen))

    return type(validator_cls.__name__, (validator_cls,),
                {"keyword_validators": {**registered, "schema": SeenOnce}})


def _plain(node: Any, regex_ok: Callable[[str], bool] | None) -> bool:
    """Whether the validator's own check could not see more than jsonschema-rs with
    formats off: every `pattern` and `patternProperties` key, at any depth, passes the
    validator's own `regex` format check (when it has one), and no `$schema` picks
    another dialect. A few values that are no schema get looked at too: that only sends
    their schema to the slower check.

    Each dict and list is looked at once: YAML aliases can share a node many times over
    (a "billion laughs") or make it contain itself, and the answer depends only on which
    nodes there are, not on how often they are reached."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if isinstance(current, dict | list):
            if id(current) in seen:
                continue
            seen.add(id(current))
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


def value_size(value: Any, limit: int) -> int | None:
    """How many values `value` holds once YAML aliases are expanded (counted up to
    `limit` + 1); None when it contains itself. Each dict and list is visited once."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # on the path from `value` to the node at hand
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        current, children_done = stack.pop()
        if not isinstance(current, dict | list):
            continue
        children = list(current.values() if isinstance(current, dict) else current)
        if children_done:
            total = 1 + sum(sizes[id(child)] if isinstance(child, dict | list) else 1
                            for child in children)
            sizes[id(current)] = min(total, limit + 1)
            open_nodes.discard(id(current))
            continue
        if id(current) in sizes:
            continue
        if id(current) in open_nodes:
            return None
        open_nodes.add(id(current))
        stack.append((current, True))
        stack.extend((child, False) for child in children
                     if isinstance(child, dict | list) and id(child) not in sizes)
    return sizes.get(id(value), 1)


def _with_locations(validator_cls: Any) -> Any:
    """`validator_cls` whose keyword checks give each problem they report a `Location`;
    `validator_cls` itself when its checks are not laid out as expected."""
    registered = getattr(validator_cls, "keyword_validators", None)
    if not isinstance(registered, dict) or \
            not all(isinstance(check, type) for check in registered.values()):
        return validator_cls
    located = {keyword: _located(keyword, _every_problem(check) if keyword == "schema"
                                 else check)
               for keyword, check in registered.items()}
    return type(validator_cls.__name__, (validator_cls,), {"keyword_validators": located})


def _every_problem(check: type) -> type:
    """The schema check `check`, finding every problem of a schema against its
    metaschema, in the order they appear in it, where the validator keeps only the first
    one `jsonschema` yields: that one depends on the order of a set of property names,
    which changes from run to run (hash randomization), and so would the verdict, when
    one property has a harmless problem and another a real one. The first problem is
    what the check returns; the others ride on it (`_MORE`) and follow it out.
    As it comes when anything needed for this is missing."""
    if not hasattr(check, "_validate_schema_meta") or \
            not hasattr(check, "_get_schema_checker"):
        return check
    from openapi_spec_validator.validation import exceptions

    class EveryProblem(check):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            for error in super().__call__(*args, **kwargs):
                # Taken off first: the checks of enclosing schemas see this error pass.
                more = error.__dict__.pop(_MORE, ())
                yield error
                yield from more

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            first = super()._validate_schema_meta(schema, schema_value)
            if first is None:
                return None
            try:
                found = _metaschema_errors(self._get_schema_checker(schema, schema_value),
                                           schema_value)
            except Exception:  # noqa: BLE001 - the validator's own one problem, then
                return first
            if not any(list(error.path) == list(first.path) and
                       str(error.message) == str(first.message) for error in found):
                return first  # not done as the validator does it, after all
            found.sort(key=lambda error: _document_order(schema_value, list(error.path)))
            problems = [exceptions.OpenAPIValidationError.create_from(error)
                        for error in found]
            setattr(problems[0], _MORE, problems[1:])
            return problems[0]

    EveryProblem.__name__ = EveryProblem.__qualname__ = check.__name__
    return EveryProblem


def _metaschema_errors(checker: Any, schema_value: Any) -> list[Any]:
    """Every error that the validator's `checker` (a validator class's `check_schema`,
    maybe with its format checker bound) finds, where it raises only the first: done as
    it does it (openapi-schema-validator's own adds its registry of OpenAPI dialects).
    Empty when the checker is none of these."""
    from functools import partial

    from jsonschema.validators import validator_for  # type: ignore[import-untyped]

    keywords: dict[str, Any] = {}
    if isinstance(checker, partial):
        checker, keywords = checker.func, dict(checker.keywords)
    owner = getattr(checker, "__self__", None)
    name = getattr(checker, "__name__", "")
    if not isinstance(owner, type) or name not in ("check_schema", "check_openapi_schema"):
        return []
    cls: Any = owner
    if name == "check_openapi_schema":
        from openapi_schema_validator._specifications import REGISTRY

        keywords["registry"] = REGISTRY
    validator_cls = validator_for(cls.META_SCHEMA, default=cls)
    keywords.setdefault("format_checker", validator_cls.FORMAT_CHECKER)
    return list(validator_cls(cls.META_SCHEMA, **keywords).iter_errors(schema_value))


def _document_order(value: Any, path: list[Any]) -> tuple[int, ...]:
    """Where `path` leads in `value`, as positions: sorts problems as they appear."""
    order = []
    node = value
    for part in path:
        if isinstance(node, dict):
            keys = list(node)
            order.append(keys.index(part) if part in node else len(keys))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            order.append(part)
            node = node[part]
        else:
            order.append(0)
            node = None
    return tuple(order)


def _located(keyword: str, check: type) -> type:
    """The keyword check `check`, noting on each problem it reports (and that no check
    it called has placed already) the node it was checking: its first argument that is
    a path into the document."""
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.validation import exceptions

    class Located(check):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            node = next((arg for arg in args if isinstance(arg, SchemaPath)), None)
            if keyword == "default" and node is not None and len(args) > 1:
                problem = _unbounded_value(args[1])
                if problem is not None:
                    yield _placed(exceptions.OpenAPIValidationError(problem),
                                  Location(tuple(node.parts), ("default",)))
                    return
            duplicates: list[int] | None = None
            for error in super().__call__(*args, **kwargs):
                if node is None or getattr(error, LOCATION, None) is not None:
                    yield error
                    continue
                if not isinstance(error, exceptions.OpenAPIValidationError):
                    # What the validator does to it anyway, on its way out; done here
                    # so that the location stays on the object that comes out.
                    error = exceptions.OpenAPIValidationError.create_from(error)
                value: tuple[str | int, ...] = ("default",) if keyword == "default" else ()
                detail: tuple[str | int, ...] = ()
                if isinstance(error, exceptions.DuplicateOperationIDError):
                    detail = ("operationId",)
                elif isinstance(error, exceptions.ExtraParametersError):
                    detail = ("required",)
                elif isinstance(error, exceptions.ParameterDuplicateError) or \
                        str(error.message).startswith("Duplicate tag name"):
                    # The n-th duplicate reported is the n-th entry repeating another.
                    if duplicates is None:
                        duplicates = _duplicates(node, "in" if keyword == "parameters"
                                                 else None)
                    if duplicates:
                        detail = (duplicates.pop(0),)
                elif str(error.message).startswith("Unknown JSON Schema dialect") and \
                        _has(node, "$schema"):
                    detail = ("$schema",)
                yield _placed(error, Location(tuple(node.parts), value, detail))

    Located.__name__ = Located.__qualname__ = check.__name__
    return Located


def _placed(error: Any, location: Location) -> Any:
    setattr(error, LOCATION, location)
    return error


def _unbounded_value(value: Any) -> str | None:
    """Why `value` cannot be checked against its schema in bounded time, if it cannot."""
    size = value_size(value, MAX_VALUE_SIZE)
    if size is None:
        return "the value contains itself (a YAML alias inside its own anchor), so it " \
            "is no JSON value"
    if size > MAX_VALUE_SIZE:
        return f"the value holds more than {MAX_VALUE_SIZE:,} values once YAML aliases " \
            "are expanded, too many to check"
    return None


def _has(node: Any, key: str) -> bool:
    try:
        return key in node
    except Exception:  # noqa: BLE001 - a node that cannot be read: nothing to point at
        return False


def _duplicates(entries: Any, second_key: str | None) -> list[int]:
    """Indexes of the entries (parameters, by name and location; tags, by name) that
    repeat an earlier one, read as the validator reads them."""
    seen: set[tuple[Any, ...]] = set()
    found: list[int] = []
    try:
        for index, entry in enumerate(entries):
            key = (entry["name"], entry[second_key] if second_key else None)
            if key in seen:
                found.append(index)
            seen.add(key)
    except Exception:  # noqa: BLE001 - malformed entries: the problem stays on the list
        return found
    return found
