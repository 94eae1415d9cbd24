"""The OpenAPI 3.0 / 3.1 rules (openapi-spec-validator), and how much each problem matters.

Real specs are often slightly invalid. A problem that cannot change the generated
code (a bad example, a duplicate `required` entry, a misplaced `externalDocs`) is a
warning; anything else stops generation. `strict` makes every problem fatal.
"""

from __future__ import annotations

import re
from typing import Any

from generator.diagnostics import Diagnostic, GenerationError, Severity, pointer
from generator.load import Workspace
from generator.validate.engine import spec_validator

# Parts of a document that only describe: errors inside them cannot change the code.
_DESCRIPTIVE_KEYS = frozenset(
    {"info", "externalDocs", "description", "summary", "example", "examples",
     "contact", "license", "title", "termsOfService", "xml", "deprecated"}
)
# Keywords whose violations do not change what is generated (duplicates, value formats).
_HARMLESS_VALIDATORS = frozenset({"uniqueItems", "format"})
# Schema keywords that only constrain values (the client does not enforce them) or only
# document; a malformed one cannot change the generated types. Security requirements
# only name schemes (their scope lists do not matter to the client).
_VALUE_ONLY_KEYS = frozenset(
    {"default", "exclusiveMinimum", "exclusiveMaximum", "minimum", "maximum", "multipleOf",
     "minLength", "maxLength", "pattern", "minItems", "maxItems", "minProperties",
     "maxProperties", "$recursiveAnchor", "$recursiveRef", "$dynamicAnchor", "$comment",
     "$schema", "$id", "readOnly", "writeOnly", "scopes"}
)
# Maps whose keys are names chosen by the author (a property called `title` is no title).
_NAME_MAPS = frozenset(
    {"properties", "patternProperties", "paths", "schemas", "responses", "parameters",
     "requestBodies", "headers", "securitySchemes", "content", "encoding", "links",
     "callbacks", "variables", "mapping", "$defs", "definitions", "webhooks",
     "pathItems", "examples"}
)
# What a check of a default or example value against its schema says.
_VALUE_CHECK = re.compile(
    r"is not of type|is not one of|is not valid under|does not match|is too (long|short)"
    r"|is (less|greater) than|is not a '|is not a multiple|non-unique"
)
_MAX_REPORTED = 50
_FAILED_KEYWORD = re.compile(r'Failed validating "([^"]+)"')
# Real specs often have many examples that do not match (numbers sent as strings): a few
# are shown, the rest summed up in one line.
_MAX_EXAMPLES_REPORTED = 5
_EXAMPLE_HINT = "fix the example, or pass the spec without --strict"
# Where a schema holds other schemas: keyword -> whether it holds a map, a list or one.
_SUBSCHEMAS = {"properties": "map", "patternProperties": "map", "$defs": "map",
               "items": "one", "additionalProperties": "one", "not": "one",
               "contains": "one", "if": "one", "then": "one", "else": "one",
               "allOf": "list", "anyOf": "list", "oneOf": "list", "prefixItems": "list"}
# One problem the validator found: pointer, message, hint, severity.
_Found = tuple[str, str, str, Severity]


def validate(workspace: Workspace, *, strict: bool = False) -> list[Diagnostic]:
    """Warnings to show; raises GenerationError when a problem can affect the code."""
    spec = workspace.spec
    first = workspace.inputs[0]
    version = spec.get("openapi")
    if version is None or version == "":
        if "swagger" in spec:
            raise GenerationError([Diagnostic(
                first.display, "/swagger", "Swagger 2.0 is not supported",
                "convert it to OpenAPI 3 first", line=first.line_of("/swagger"))])
        raise GenerationError([Diagnostic(
            first.display, "", "no `openapi` version field",
            "add `openapi: 3.0.3` or `openapi: 3.1.0` at the top", line=first.line_of(""))])
    version = str(version)
    if not version.startswith(("3.0", "3.1")):
        raise GenerationError([Diagnostic(first.display, "/openapi",
                                          f"OpenAPI {version} is not supported",
                                          "use an OpenAPI 3.0 or 3.1 document",
                                          line=first.line_of("/openapi"))])
    found, stopped = _check(spec, workspace.root_uri, version)
    found += _limit_examples(_check_examples(spec, workspace.root_uri, version))
    diagnostics = []
    for where, message, hint, severity in found:
        source = workspace.input_at(where)
        diagnostics.append(Diagnostic(source.display, where, message, hint,
                                      source.line_of(where) if where else None,
                                      Severity.ERROR if strict else severity))
    if stopped is not None:
        # Never an error by itself: the resolve stage reports the cause (usually a
        # dangling `$ref`) precisely, with its location.
        diagnostics.append(Diagnostic(first.display, "", stopped,
                                      "the generator's own checks still run",
                                      severity=Severity.WARNING))
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise GenerationError(errors[:_MAX_REPORTED] + _overflow(first.display, errors))
    return diagnostics[:_MAX_REPORTED] + _overflow(first.display, diagnostics)


def _overflow(display: str, found: list[Diagnostic]) -> list[Diagnostic]:
    if len(found) <= _MAX_REPORTED:
        return []
    extra = len(found) - _MAX_REPORTED
    return [Diagnostic(display, "", f"{extra} more problems of the same kinds not shown",
                       "fix the ones above and run again", severity=found[0].severity)]


def _check(spec: dict[str, Any], base_uri: str, version: str) -> tuple[list[_Found], str | None]:
    """The validator's problems, and a note when it crashed before finishing."""
    found: list[_Found] = []
    seen: set[tuple[str, str]] = set()
    try:
        validator = spec_validator(spec, base_uri, version)
        for error in validator.iter_errors():
            path = list(error.absolute_path)
            where = pointer(*path)
            # The Rust backend (jsonschema-rs) adds the schema and instance after a blank
            # line, and names the keyword only there.
            raw = str(error.message)
            message = " ".join(raw.split("\n\n", 1)[0].split())
            keyword = str(error.validator)
            if keyword == "<unset>":
                found_keyword = _FAILED_KEYWORD.search(raw)
                keyword = found_keyword.group(1) if found_keyword else ""
            located = bool(path) and _exists(spec, path)
            if not located:
                # Checks inside a schema report a path relative to that schema, or none
                # when a default value itself is wrong: shown in the message, since it is
                # no pointer into the document.
                message = f"{message} (at {where} inside a schema)" if where else \
                    f"{message} (a default or example value)" if _VALUE_CHECK.search(message) \
                    else message
                where = ""
            if len(message) > 200:
                message = message[:197] + "..."
            if (where, message) in seen:
                continue
            seen.add((where, message))
            severity = _severity(spec, path, located, keyword, message)
            hint = "fix the document or pass it without --strict" \
                if severity is Severity.WARNING else "fix the document"
            found.append((where, f"invalid OpenAPI: {message}", hint, severity))
    except Exception as error:  # noqa: BLE001 - the validator crashes on some broken refs
        detail = " ".join(str(error).split())[:160]
        return found, f"the spec validator stopped early: {type(error).__name__}: {detail}"
    return found, None


def _exists(spec: Any, path: list[Any]) -> bool:
    node = spec
    for part in path:
        if isinstance(node, dict) and isinstance(part, int):
            part = str(part)  # the Rust backend gives `200:` as a number
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if not (in_dict or in_list):
            return False
        node = node[part]
    return True


def _node(spec: Any, path: list[Any]) -> Any:
    node = spec
    for part in path:
        node = node[str(part) if isinstance(node, dict) and isinstance(part, int) else part]
    return node


def _keywords(path: list[Any]) -> set[str]:
    """The keywords along a path, without the names the author chose for things."""
    found = set()
    previous = ""
    for part in path:
        text = str(part)
        if previous not in _NAME_MAPS:
            found.add(text)
        previous = "" if previous in _NAME_MAPS else text
    return found


def _severity(spec: Any, path: list[Any], located: bool, validator: str,
              message: str) -> Severity:
    if not path:
        # No place at all: usually a default or example value that does not fit its
        # schema (the client never sends defaults); other checks without a place, such
        # as an unresolved path parameter, do change the code.
        return Severity.WARNING if _VALUE_CHECK.search(message) else Severity.ERROR
    keys = _keywords(path)
    if path[0] == "tags":
        return Severity.WARNING  # the document's tag list only describes the groups
    if "security" in keys and len(path) > path.index("security") + 2:
        return Severity.WARNING  # inside a requirement's scope list: only names matter
    if keys & _DESCRIPTIVE_KEYS or any(key.startswith("x-") for key in keys):
        return Severity.WARNING
    if keys & _VALUE_ONLY_KEYS or validator in _HARMLESS_VALIDATORS:
        return Severity.WARNING
    if "'$ref'" in message or "'externalDocs'" in message:
        # A `$ref` where the rules do not allow one: the resolver follows it anyway.
        return Severity.WARNING
    node = _node(spec, path) if located else None
    if isinstance(node, dict) and "$ref" in node:
        # An object replaced by a reference (an operation, say): the rules are checked
        # on the `$ref` node itself, while the generator follows it to the real object.
        return Severity.WARNING
    return Severity.ERROR


def _check_examples(spec: dict[str, Any], base_uri: str, version: str) -> list[_Found]:
    """Examples (of media types, parameters, headers and schemas) that their schema rejects.

    The validator of the OpenAPI rules does not look at them; they cannot change the
    generated code, so these are warnings. A schema that cannot be followed (a reference
    to another file) is skipped.
    """
    from openapi_schema_validator import OAS30Validator, OAS31Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT4, DRAFT202012

    base = base_uri or "urn:campfire-codegen:spec"
    dialect = DRAFT202012 if version.startswith("3.1") else DRAFT4
    registry: Registry[Any] = Registry().with_resource(base, dialect.create_resource(spec))
    cls = OAS31Validator if version.startswith("3.1") else OAS30Validator
    found: list[_Found] = []
    for schema_pointer, example, example_pointer in _examples(spec):
        try:
            validator = cls({"$ref": f"{base}#{schema_pointer}"}, registry=registry)
            error = next(iter(validator.iter_errors(example)), None)
        except Exception:  # noqa: BLE001, S112 - an unresolvable or odd schema: nothing to say
            continue
        if error is None:
            continue
        message = " ".join(str(error.message).split())
        if len(message) > 160:
            message = message[:157] + "..."
        where = example_pointer + pointer(*error.absolute_path)
        found.append((where, f"example does not match its schema: {message}", _EXAMPLE_HINT,
                      Severity.WARNING))
    return found


def _limit_examples(found: list[_Found]) -> list[_Found]:
    if len(found) <= _MAX_EXAMPLES_REPORTED:
        return found
    extra = len(found) - _MAX_EXAMPLES_REPORTED
    return [*found[:_MAX_EXAMPLES_REPORTED],
            ("", f"{extra} more examples do not match their schemas", _EXAMPLE_HINT,
             Severity.WARNING)]


def _examples(spec: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(pointer of the schema, example value, pointer of the example) for every example."""
    found: list[tuple[str, Any, str]] = []
    _walk_document(spec, "", found)
    return found


def _walk_document(node: Any, where: str, found: list[tuple[str, Any, str]]) -> None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            _walk_document(item, f"{where}/{index}", found)
        return
    if not isinstance(node, dict):
        return
    if where == "/components/schemas":
        for name, schema in node.items():
            _walk_schema(schema, where + pointer(str(name)), found)
        return
    schema = node.get("schema")
    if isinstance(schema, dict):
        # A media type, a parameter or a header: its examples follow its schema.
        schema_at = where + "/schema"
        _walk_schema(schema, schema_at, found)
        if "example" in node:
            found.append((schema_at, node["example"], where + "/example"))
        examples = node.get("examples")
        if isinstance(examples, dict):
            for name, example in examples.items():
                if isinstance(example, dict) and "value" in example and "$ref" not in example:
                    found.append((schema_at, example["value"],
                                  where + pointer("examples", str(name), "value")))
    for key, value in node.items():
        if key in ("schema", "example", "examples") or str(key).startswith("x-"):
            continue
        _walk_document(value, where + pointer(str(key)), found)


def _walk_schema(node: Any, where: str, found: list[tuple[str, Any, str]]) -> None:
    if not isinstance(node, dict) or "$ref" in node:
        return
    if "example" in node:
        found.append((where, node["example"], where + "/example"))
    if isinstance(node.get("examples"), list):  # 3.1: a list of examples in the schema
        for index, example in enumerate(node["examples"]):
            found.append((where, example, f"{where}/examples/{index}"))
    for keyword, shape in _SUBSCHEMAS.items():
        value = node.get(keyword)
        if shape == "map" and isinstance(value, dict):
            for name, schema in value.items():
                _walk_schema(schema, where + pointer(keyword, str(name)), found)
        elif shape == "list" and isinstance(value, list):
            for index, schema in enumerate(value):
                _walk_schema(schema, f"{where}/{keyword}/{index}", found)
        elif shape == "one":
            _walk_schema(value, f"{where}/{keyword}", found)
