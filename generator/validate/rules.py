"""The OpenAPI 3.0 / 3.1 rules (openapi-spec-validator), and how much each problem matters.

Real specs are often slightly invalid. A problem that cannot change the generated
code (a bad example, a duplicate `required` entry, a misplaced `externalDocs`) is a
warning; anything else stops generation. `strict` makes every problem fatal.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from generator.diagnostics import Diagnostic, GenerationError, Severity, as_strict, pointer
from generator.load import Workspace
from generator.load.document import Document
from generator.openapi import METHODS
from generator.validate.engine import (
    LOCATION,
    MAX_VALUE_SIZE,
    Location,
    spec_validator,
    value_size,
)
from generator.validate.unknown_keywords import KEYWORDS_31, unknown_keywords

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
_MAX_REPORTED = 50
_MAX_REF_HOPS = 64  # a chain of `$ref`s longer than this is a loop: the locating stops
# What the validator's messages name: members not allowed, a missing member.
_UNEXPECTED = re.compile(r"""\(['"](.+?)['"](?:, ['"].+?['"])* (?:was|were) unexpected\)""")
_MISSING = re.compile(r"""^['"](.+)['"] is a required property$""")
# At least one of these is needed in a 3.1 document.
_31_PARTS = ("paths", "components", "webhooks")
_FAILED_KEYWORD = re.compile(r'Failed validating "([^"]+)"')
_DUPLICATE_ID = re.compile(r"^Operation ID '(.*)' for '\w+' in '.*' is not unique$")
# Real specs often have many examples that do not match (numbers sent as strings): a few
# are shown, the rest summed up in one line.
_MAX_EXAMPLES_REPORTED = 5
_EXAMPLE_HINT = "fix the example"
# Where a schema holds other schemas: keyword -> whether it holds a map, a list or one.
_SUBSCHEMAS = {"properties": "map", "patternProperties": "map", "$defs": "map",
               "items": "one", "additionalProperties": "one", "not": "one",
               "contains": "one", "if": "one", "then": "one", "else": "one",
               "allOf": "list", "anyOf": "list", "oneOf": "list", "prefixItems": "list"}
# One problem found: the input it is in (None: the one holding the pointer), pointer,
# message, hint, severity.
_Found = tuple[Document | None, str, str, str, Severity]


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
            first.display, "/openapi", "no `openapi` version field",
            "add `openapi: 3.0.3` or `openapi: 3.1.0` at the top",
            line=first.line_of("/openapi"))])
    version = str(version)
    if not version.startswith(("3.0", "3.1")):
        raise GenerationError([Diagnostic(first.display, "/openapi",
                                          f"OpenAPI {version} is not supported",
                                          "use an OpenAPI 3.0 or 3.1 document",
                                          line=first.line_of("/openapi"))])
    found, stopped = _check(workspace, version)
    found += _check_examples(spec, workspace.root_uri, version)
    diagnostics = []
    for document, where, message, hint, severity in found:
        source = document if document is not None else workspace.input_at(where)
        found_here = Diagnostic(source.display, where, message, hint, source.line_of(where),
                                severity)
        tolerated = strict and severity is Severity.WARNING
        diagnostics.append(as_strict(found_here) if tolerated else found_here)
    if stopped is not None:
        # Never an error by itself: the resolve stage reports the cause (usually a
        # dangling `$ref`) precisely, with its location.
        diagnostics.append(Diagnostic(first.display, "", stopped,
                                      "the generator's own checks still run",
                                      severity=Severity.WARNING))
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise GenerationError(errors[:_MAX_REPORTED] + _overflow(errors))
    return diagnostics[:_MAX_REPORTED] + _overflow(diagnostics)


def _overflow(found: list[Diagnostic]) -> list[Diagnostic]:
    """One line for the problems past the first few: placed at the first of them."""
    if len(found) <= _MAX_REPORTED:
        return []
    extra = len(found) - _MAX_REPORTED
    first = found[_MAX_REPORTED]
    return [Diagnostic(first.file, first.pointer,
                       f"{extra} more problems of the same kinds not shown, the first here",
                       "fix the ones above and run again", first.line,
                       severity=found[0].severity)]


def _check(workspace: Workspace, version: str) -> tuple[list[_Found], str | None]:
    """The validator's problems, each where it is, and a note when it crashed before
    finishing."""
    spec = workspace.spec
    found: list[_Found] = []
    seen: set[tuple[str, str, str]] = set()
    try:
        validator = spec_validator(
            spec, workspace.root_uri, version,
            remote=lambda uri: workspace.document(urldefrag(uri)[0]).data)
        for error in validator.iter_errors():
            # The Rust backend (jsonschema-rs) adds the schema and instance after a blank
            # line, and names the keyword only there.
            raw = str(error.message)
            message = " ".join(raw.split("\n\n", 1)[0].split())
            keyword = str(error.validator)
            if keyword == "<unset>":
                found_keyword = _FAILED_KEYWORD.search(raw)
                keyword = found_keyword.group(1) if found_keyword else ""
            location = getattr(error, LOCATION, None)
            if isinstance(location, Location):
                # A keyword check: its path is relative to the node it checked.
                document, node_tokens = _locate(workspace, location.node)
                inside = [*location.value, *error.path]
                tokens = [*node_tokens, *location.detail, *inside]
                severity = _severity(None, [*location.node, *inside], keyword, message)
            else:
                # The check of the whole document: its path is the document's own.
                document = None
                tokens = _existing(spec, list(error.absolute_path))
                unknown = _only_unknown_keywords(spec, version, error, tokens)
                if unknown is not None:
                    found += unknown
                    continue
                severity = _severity(spec, tokens, keyword, message)
                if not tokens:
                    message, tokens = _at_the_root(spec, version, message)
            where = pointer(*tokens)
            hint = "fix the document"
            twin = _DUPLICATE_ID.search(message)
            if twin is not None:
                message, hint = _duplicate_operation_id(spec, twin.group(1), where, message)
            if len(message) > 200:
                message = message[:197] + "..."
            display = document.display if document is not None else ""
            if (display, where, message) in seen:
                continue
            seen.add((display, where, message))
            found.append((document, where, f"invalid OpenAPI: {message}", hint, severity))
    except Exception as error:  # noqa: BLE001 - the validator crashes on some broken refs
        detail = " ".join(str(error).split())[:160]
        return found, f"the spec validator stopped early: {type(error).__name__}: {detail}"
    return found, None


def _duplicate_operation_id(spec: dict[str, Any], operation_id: str, where: str,
                            message: str) -> tuple[str, str]:
    """The validator's "not unique" for the operationId at `where`, naming the operation
    that has it first (the validator names only the later one), and the fix."""
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            operation = item.get(method)
            first = pointer("paths", path, method, "operationId")
            if isinstance(operation, dict) and operation.get("operationId") == operation_id \
                    and first != where:
                twin = (f"operationId {operation_id!r} is also that of {first}: operationIds "
                        "must be unique (each names a method)")
                return twin, "rename one of them"
    return message, "fix the document"


def _only_unknown_keywords(spec: dict[str, Any], version: str, error: Any,
                           tokens: list[str]) -> list[_Found] | None:
    """The problem as one line per member the OpenAPI schema does not allow, when such
    members are all of it (see unknown_keywords); None otherwise. A member of the
    document itself, or a name in a map of names (a path without its `/`), is no
    keyword: it stays as the validator reports it."""
    if not tokens or len(tokens) != len(error.absolute_path):
        return None
    unknown = unknown_keywords(version, list(error.schema_path), _node(spec, tokens))
    if unknown is None:
        return None
    found: list[_Found] = []
    for item in unknown:
        holder = [*tokens, *(str(part) for part in item.path)]
        if not holder or _is_name_map(holder):
            return None
        where = pointer(*holder, item.name)
        if item.near_miss is not None and not _only_describes(holder):
            found.append((None, where, (f"`{item.name}` is not allowed here by OpenAPI "
                                        f"{version[:3]}: did you mean `{item.near_miss}`?"),
                          "fix the name: as it is written, it is ignored", Severity.ERROR))
        elif item.name in KEYWORDS_31 and version.startswith("3.0"):
            found.append((None, where, (f"`{item.name}` is a keyword of OpenAPI 3.1 "
                                        "schemas, not 3.0: read as 3.1 reads it"),
                          "declare `openapi: 3.1.0`",
                          Severity.WARNING))
        else:
            found.append((None, where,
                          f"`{item.name}` is not allowed here by OpenAPI {version[:3]}: ignored",
                          f"remove it or rename it `x-{item.name}`",
                          Severity.WARNING))
    return found


def _only_describes(tokens: list[str]) -> bool:
    """Whether the node at `tokens` lies in a part that only describes (`info`, an
    extension, the tag list...): a typo there cannot change the code either."""
    keys = _keywords(tokens)
    return tokens[0] == "tags" or bool(keys & _DESCRIPTIVE_KEYS) or \
        any(key.startswith("x-") for key in keys)


def _is_name_map(tokens: list[str]) -> bool:
    """Whether the node at `tokens` is a map of names chosen by the author."""
    is_name = False  # whether the token at hand is such a name, not a keyword
    for token in tokens[:-1]:
        is_name = not is_name and token in _NAME_MAPS
    return not is_name and tokens[-1] in _NAME_MAPS


def _at_the_root(spec: dict[str, Any], version: str, message: str) -> tuple[str, list[str]]:
    """A problem of the document as a whole, placed at the member it is about: the
    first one not allowed, or missing."""
    unexpected = _UNEXPECTED.search(message)
    if unexpected and unexpected.group(1) in spec:
        return message, [unexpected.group(1)]
    missing = _MISSING.match(message)
    if missing:
        return message, [missing.group(1)]
    if version.startswith("3.1") and not any(part in spec for part in _31_PARTS):
        return "the document has none of `paths`, `components` and `webhooks`", ["paths"]
    return message, []


def _locate(workspace: Workspace, parts: tuple[str | int, ...]) -> tuple[Document | None, list[str]]:
    """The input and pointer of the node the validator reached along `parts` from the
    root: it follows every `$ref` on the way, and the last one. As far as it can be
    followed: a reference that leads nowhere stops it where it is."""
    document: Document | None = None  # None: the root (united) document
    uri = workspace.root_uri
    node: Any = workspace.spec
    tokens: list[str] = []
    for index in range(len(parts) + 1):
        for _ in range(_MAX_REF_HOPS):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                break
            target = _target(workspace, uri, node["$ref"])
            if target is None:
                return document, tokens
            document, uri, node, tokens = target
        if index == len(parts):
            break
        part = parts[index]
        if isinstance(node, dict):
            key = str(part) if str(part) in node else part  # YAML keys may be no text
            if key not in node:
                break
            node = node[key]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
        tokens.append(str(part))
    return document, tokens


def _target(workspace: Workspace, uri: str, ref: str,
            ) -> tuple[Document | None, str, Any, list[str]] | None:
    """Where `ref`, read in the document at `uri`, leads: (input or None for the root
    document, its uri, the node, its pointer); None when it leads nowhere."""
    address, fragment = urldefrag(urljoin(uri, ref))
    try:
        if address in ("", workspace.root_uri):
            document, data = None, workspace.spec
        else:
            document = workspace.document(address)
            data = document.data
    except Exception:  # noqa: BLE001 - unreadable: the resolve stage reports it
        return None
    tokens = [unquote(token).replace("~1", "/").replace("~0", "~")
              for token in fragment.split("/")[1:]] if fragment else []
    node = data
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return document, address or workspace.root_uri, node, tokens


def _existing(spec: Any, path: list[Any]) -> list[str]:
    """The tokens of `path`, as far as it leads to a node of `spec`."""
    node = spec
    tokens: list[str] = []
    for part in path:
        if isinstance(node, dict) and isinstance(part, int):
            part = str(part)  # the Rust backend gives `200:` as a number
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if not (in_dict or in_list):
            break
        node = node[part]
        tokens.append(str(part))
    return tokens


def _node(spec: Any, tokens: list[str]) -> Any:
    node = spec
    for token in tokens:
        node = node[int(token) if isinstance(node, list) else token]
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


def _severity(spec: Any, path: list[Any], validator: str, message: str) -> Severity:
    """How much a problem matters, by the keywords on the path to it. `spec`: the
    document that `path` leads into (None for the validator's path through `$ref`s)."""
    if not path:
        return Severity.ERROR  # the document as a whole
    keys = _keywords(path)
    if str(path[0]) == "tags":
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
    node = _node(spec, path) if spec is not None else None
    if isinstance(node, dict) and "$ref" in node:
        # An object replaced by a reference (an operation, say): the rules are checked
        # on the `$ref` node itself, while the generator follows it to the real object.
        return Severity.WARNING
    return Severity.ERROR


def _check_examples(spec: dict[str, Any], base_uri: str, version: str) -> list[_Found]:
    """Examples (of media types, parameters, headers and schemas) that their schema rejects.

    The validator of the OpenAPI rules does not look at them; they cannot change the
    generated code, so these are warnings. A schema that cannot be followed (a reference
    to another file) is skipped; so is an example that could not be checked in bounded
    time (one that contains itself, or is huge once YAML aliases are expanded), with a
    note saying so.
    """
    from openapi_schema_validator import OAS30Validator, OAS31Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT4, DRAFT202012

    base = base_uri or "urn:campfire-codegen:spec"
    dialect = DRAFT202012 if version.startswith("3.1") else DRAFT4
    registry: Registry[Any] = Registry().with_resource(base, dialect.create_resource(spec))
    cls = OAS31Validator if version.startswith("3.1") else OAS30Validator
    found: list[_Found] = []
    unchecked: list[_Found] = []
    for schema_pointer, example, example_pointer in _examples(spec):
        size = value_size(example, MAX_VALUE_SIZE)
        if size is None or size > MAX_VALUE_SIZE:
            why = "it contains itself (a YAML alias inside its own anchor)" if size is None \
                else f"it holds more than {MAX_VALUE_SIZE:,} values once YAML aliases are " \
                "expanded"
            unchecked.append((None, example_pointer, f"example not checked: {why}",
                              "make the example a plain JSON value", Severity.WARNING))
            continue
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
        found.append((None, where, f"example does not match its schema: {message}",
                      _EXAMPLE_HINT, Severity.WARNING))
    return _limit_examples(found) + unchecked[:_MAX_EXAMPLES_REPORTED]


def _limit_examples(found: list[_Found]) -> list[_Found]:
    if len(found) <= _MAX_EXAMPLES_REPORTED:
        return found
    extra = len(found) - _MAX_EXAMPLES_REPORTED
    first_not_shown = found[_MAX_EXAMPLES_REPORTED][1]
    return [*found[:_MAX_EXAMPLES_REPORTED],
            (None, first_not_shown,
             f"{extra} more examples do not match their schemas, the first here",
             _EXAMPLE_HINT, Severity.WARNING)]


# What the walk for examples has to do next: look at a node of the document (0) or of
# a schema (1), or note an example found (2, the node being its schema's pointer).
_DOCUMENT, _SCHEMA, _FOUND = 0, 1, 2
_Step = tuple[int, Any, str, str]


def _examples(spec: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(pointer of the schema, example value, pointer of the example) for every example,
    in document order.

    One walk with its own stack (no recursion limit to hit), looking at each dict and
    list once as a document node and once as a schema: a YAML alias can make a node
    appear many times over, or inside itself."""
    found: list[tuple[str, Any, str]] = []
    seen: set[tuple[int, int]] = set()
    stack: list[_Step] = [(_DOCUMENT, spec, "", "")]
    while stack:
        kind, node, where, example_at = stack.pop()
        if kind == _FOUND:
            found.append((where, node, example_at))
            continue
        if not isinstance(node, dict | list) or (kind, id(node)) in seen:
            continue
        seen.add((kind, id(node)))
        steps = _schema_steps(node, where) if kind == _SCHEMA else _document_steps(node, where)
        stack.extend(reversed(steps))
    return found


def _document_steps(node: dict[str, Any] | list[Any], where: str) -> list[_Step]:
    if isinstance(node, list):
        return [(_DOCUMENT, item, f"{where}/{index}", "") for index, item in enumerate(node)]
    if where == "/components/schemas":
        return [(_SCHEMA, schema, where + pointer(str(name)), "")
                for name, schema in node.items()]
    steps: list[_Step] = []
    schema = node.get("schema")
    if isinstance(schema, dict):
        # A media type, a parameter or a header: its examples follow its schema.
        schema_at = where + "/schema"
        steps.append((_SCHEMA, schema, schema_at, ""))
        if "example" in node:
            steps.append((_FOUND, node["example"], schema_at, where + "/example"))
        examples = node.get("examples")
        if isinstance(examples, dict):
            for name, example in examples.items():
                if isinstance(example, dict) and "value" in example and "$ref" not in example:
                    steps.append((_FOUND, example["value"], schema_at,
                                  where + pointer("examples", str(name), "value")))
    for key, value in node.items():
        if key in ("schema", "example", "examples") or str(key).startswith("x-"):
            continue
        steps.append((_DOCUMENT, value, where + pointer(str(key)), ""))
    return steps


def _schema_steps(node: dict[str, Any] | list[Any], where: str) -> list[_Step]:
    if not isinstance(node, dict) or "$ref" in node:
        return []
    steps: list[_Step] = []
    if "example" in node:
        steps.append((_FOUND, node["example"], where, where + "/example"))
    if isinstance(node.get("examples"), list):  # 3.1: a list of examples in the schema
        for index, example in enumerate(node["examples"]):
            steps.append((_FOUND, example, where, f"{where}/examples/{index}"))
    for keyword, shape in _SUBSCHEMAS.items():
        value = node.get(keyword)
        if shape == "map" and isinstance(value, dict):
            for name, schema in value.items():
                steps.append((_SCHEMA, schema, where + pointer(keyword, str(name)), ""))
        elif shape == "list" and isinstance(value, list):
            for index, schema in enumerate(value):
                steps.append((_SCHEMA, schema, f"{where}/{keyword}/{index}", ""))
        elif shape == "one":
            steps.append((_SCHEMA, value, f"{where}/{keyword}", ""))
    return steps
