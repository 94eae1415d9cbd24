"""Paths and operations to endpoint definitions: parameters, bodies, responses, pagination."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl
from urllib.parse import quote as percent_encode

from generator.model import reserved
from generator.model import types as t
from generator.model.ir import PathParameter
from generator.model.names import pascal, snake, spec_order, unique_names
from generator.model.schemas import NONE, SchemaTranslator
from generator.model.security import Requirements, requirements_of
from generator.model.streams import alternative_events, framing_of, stream_type
from generator.model.text import text_of
from generator.openapi import METHODS
from generator.resolve import PARAMETER, PATH_ITEM, REQUEST_BODY, RESPONSE, Location, Resolver

_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_PATH_TEMPLATE = re.compile(r"\{([^{}]+)\}")


@dataclass(slots=True)
class RawParam:
    json_name: str
    location: str
    type: t.Type
    required: bool
    explode: bool
    description: str | None
    deprecated: bool = False
    deep_object: bool = False


@dataclass(slots=True)
class RawResponse:
    status: str
    type: t.Type | None
    """None: no body; `t.FILE`: a body that is not JSON."""
    description: str | None
    events: t.Type | None = None
    """The type of an event's data where this success, read whole, may be answered as
    a documented event stream instead (`streams.alternative_events`)."""
    bytes_too: bool = False
    """A JSON success that may also be answered in a media type read as bytes."""


@dataclass(slots=True)
class RawBody:
    type: t.Type
    required: bool
    encodings: tuple[str, ...]
    description: str | None
    deep_object: tuple[str, ...] = ()
    """As BodyIR.deep_object."""
    json_parts: tuple[str, ...] = ()
    """As BodyIR.json_parts."""


@dataclass(slots=True)
class RawOperation:
    operation_id: str
    method: str
    path: str
    tag: str
    summary: str | None
    description: str | None
    deprecated: bool
    params: list[RawParam]
    body: RawBody | None
    responses: list[RawResponse]
    requirements: Requirements | None
    """Its security requirement objects (the API's when it has none): the scheme names
    of each; an empty one allows anonymous access. None: neither says anything."""
    location: Location


def collect_operations(resolver: Resolver, translator: SchemaTranslator) -> list[RawOperation]:
    spec = resolver.workspace.spec
    root = resolver.root()
    global_security = spec.get("security")
    found: list[RawOperation] = []
    for path, item in (spec.get("paths") or {}).items():
        item_location = root.child("paths", path)
        item, item_location = resolver.deref(item, item_location, PATH_ITEM)
        if not isinstance(item, dict):
            continue
        shared = item.get("parameters") or []
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            location = item_location.child(method)
            operation, location = resolver.deref(operation, location)
            if not isinstance(operation, dict):
                continue
            found.append(_operation(resolver, translator, str(path), method, operation, location,
                                    shared, item_location, global_security))
    return found


def _operation(resolver: Resolver, translator: SchemaTranslator, path: str, method: str,
               operation: dict[str, Any], location: Location, shared: list[Any],
               item_location: Location, global_security: Any) -> RawOperation:
    operation_id = str(operation.get("operationId") or f"{method}_{path}")
    hint = pascal(operation_id, "Operation")
    tags = operation.get("tags")
    if not isinstance(tags, list) or not tags:
        tags = ["default"]
    params = _parameters(resolver, translator, shared, item_location, operation, location, hint)
    declared = {p.json_name for p in params if p.location == "path"}
    template = list(dict.fromkeys(_PATH_TEMPLATE.findall(path)))
    for name in template:
        if name not in declared:  # a template name with no parameter: still a string
            params.insert(0, RawParam(name, "path", t.STR, True, False, None))
    # Path parameters in the order of the template, whatever the order of `parameters`:
    # reordering that list must never reorder a signature.
    order = {name: index for index, name in enumerate(template)}
    params.sort(key=lambda p: order.get(p.json_name, len(order)) if p.location == "path"
                else len(order) + 1)
    body = _body(resolver, translator, operation.get("requestBody"),
                 location.child("requestBody"), hint)
    responses = _responses(resolver, translator, operation.get("responses") or {},
                           location.child("responses"), hint)
    requirements = requirements_of(operation.get("security", global_security))
    return RawOperation(operation_id, method, path, str(tags[0]), text_of(operation.get("summary")),
                        text_of(operation.get("description")),
                        operation.get("deprecated") is True,
                        params, body, responses, requirements, location)


def _parameters(resolver: Resolver, translator: SchemaTranslator, shared: list[Any],
                item_location: Location, operation: dict[str, Any], location: Location,
                hint: str) -> list[RawParam]:
    by_key: dict[tuple[str, str], RawParam] = {}
    sources = [(p, item_location.child("parameters", i)) for i, p in enumerate(shared)]
    sources += [(p, location.child("parameters", i))
                for i, p in enumerate(operation.get("parameters") or [])]
    for raw, raw_location in sources:
        param, param_location = resolver.deref(raw, raw_location, PARAMETER)
        if not isinstance(param, dict) or not isinstance(param.get("name"), str):
            continue
        where = str(param.get("in", "query"))
        name = param["name"]
        if where == "header" and name.lower() in _IGNORED_HEADERS:
            continue
        schema = param.get("schema")
        schema_location = param_location.child("schema")
        if schema is None and isinstance(param.get("content"), dict) and param["content"]:
            media, content = next(iter(param["content"].items()))
            schema = content.get("schema") if isinstance(content, dict) else None
            schema_location = param_location.child("content", media, "schema")
        param_hint = hint + pascal(name, "Param")
        param_type = translator.parameter_type(schema, schema_location, param_hint) \
            if schema is not None else t.STR
        style = param.get("style", "form" if where in ("query", "cookie") else "simple")
        explode = param.get("explode", style == "form")
        by_key[(where, name)] = RawParam(name, where, param_type.with_direction("write"),
                                         where == "path" or param.get("required") is True,
                                         explode is True, text_of(param.get("description")),
                                         param.get("deprecated") is True,
                                         where == "query" and style == "deepObject")
    return list(by_key.values())


def _base(media_type: str) -> str:
    """A media type without its parameters, in lower case (`application/json`)."""
    return media_type.split(";", 1)[0].strip().lower()


def _is_json(base: str) -> bool:
    return base == "application/json" or base.endswith("+json")


def _preferred(content: dict[str, Any], *, files: bool = False) -> list[str]:
    """Media types in order of preference: JSON first, then forms, then anything else;
    `files`: the body holds a file, which only multipart carries (with its file name),
    so multipart comes first where it is offered."""
    def rank(media: str) -> int:
        base = _base(media)
        if base == _MULTIPART and files:
            return -1
        if _is_json(base):
            return 0
        if base == _FORM:
            return 1
        if base == _MULTIPART:
            return 2
        return 3
    return sorted(content, key=rank)


def _body(resolver: Resolver, translator: SchemaTranslator, raw: Any, location: Location,
          hint: str) -> RawBody | None:
    if raw is None:
        return None
    body, location = resolver.deref(raw, location, REQUEST_BODY)
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    media_types = _preferred(content, files=_multipart_holds_file(resolver, content, location))
    primary = media_types[0]
    media = content[primary] if isinstance(content[primary], dict) else {}
    schema = media.get("schema")
    base = _base(primary)
    if _structured(base):
        body_type = translator.type_of(schema, location.child("content", primary, "schema"),
                                       hint + "Body", None) if schema is not None else t.ANY
        if base in (_FORM, _MULTIPART) and body_type == t.ANY:
            body_type = t.MapOf(t.ANY)  # a form is fields and values, whatever its schema
        encodings = tuple(m for m in media_types
                          if m == primary or _structured(_base(m)))
    elif base.startswith("text/"):  # text: a str (sent as UTF-8 or its charset), or bytes
        body_type, encodings = t.UnionOf((t.STR, t.FILE)), (primary,)
    else:
        body_type, encodings = t.FILE, (primary,)
    return RawBody(body_type.with_direction("write"), body.get("required") is True, encodings,
                   text_of(body.get("description")), _deep_object_fields(content, encodings),
                   _json_parts(content, encodings))


def _json_parts(content: dict[str, Any], encodings: tuple[str, ...]) -> tuple[str, ...]:
    """The properties of a multipart body that its Encoding Object sends as a part of JSON
    text (`contentType: application/json`, Square's `request` beside an image). Where the
    spec says nothing, an object stays refused in a form: OpenAPI's default (JSON) and what
    servers read (DRF: nothing; OpenAI: brackets) disagree."""
    names: list[str] = []
    for media in encodings:
        if _base(media) == _MULTIPART:
            for name, part in _encoding_of(content, media):
                declared = part.get("contentType")
                if isinstance(declared, str) and _is_json(_base(declared)):
                    names.append(name)
    return tuple(names)


def _deep_object_fields(content: dict[str, Any], encodings: tuple[str, ...]) -> tuple[str, ...]:
    """The properties that a form media type's Encoding Object says are `style:
    deepObject` (Stripe's `metadata[key]=v`), in the order the spec names them. OAS 3.0.4
    applies `style` to urlencoded and multipart bodies alike; an operation offering both
    with different encodings is not told apart (the names are merged)."""
    names: dict[str, None] = {}
    for media in encodings:
        if _base(media) in (_FORM, _MULTIPART):
            for name, part in _encoding_of(content, media):
                if part.get("style") == "deepObject":
                    names[name] = None
    return tuple(names)


def _encoding_of(content: dict[str, Any], media: str) -> list[tuple[str, dict[str, Any]]]:
    """A media type's Encoding Object: each property's name and entry."""
    entry = content[media]
    encoding = entry.get("encoding") if isinstance(entry, dict) else None
    if not isinstance(encoding, dict):
        return []
    return [(str(name), part) for name, part in encoding.items() if isinstance(part, dict)]


def _structured(base: str) -> bool:
    """JSON or a form: a body built from its schema's fields."""
    return base in (_FORM, _MULTIPART) or _is_json(base)


def _multipart_holds_file(resolver: Resolver, content: dict[str, Any],
                          location: Location) -> bool:
    """Whether the multipart schema offered (if any) holds a `format: binary` string
    anywhere: through `$ref`, `allOf`/`oneOf`/`anyOf`, properties, items and maps."""
    media = next((m for m in content if _base(m) == _MULTIPART), None)
    if media is None or not isinstance(content[media], dict):
        return False
    pending = [(content[media].get("schema"), location.child("content", media, "schema"))]
    seen: set[Location] = set()
    while pending:
        node, where = pending.pop()
        node, where = resolver.deref_schema(node, where)
        if not isinstance(node, dict) or where in seen:
            continue
        seen.add(where)
        if node.get("format") == "binary":
            return True
        for keyword in ("allOf", "oneOf", "anyOf"):
            parts = node.get(keyword)
            if isinstance(parts, list):
                pending += [(part, where.child(keyword, i)) for i, part in enumerate(parts)]
        properties = node.get("properties")
        if isinstance(properties, dict):
            pending += [(value, where.child("properties", name))
                        for name, value in properties.items()]
        for keyword in ("items", "additionalProperties"):
            if isinstance(node.get(keyword), dict):
                pending.append((node[keyword], where.child(keyword)))
    return False


def _responses(resolver: Resolver, translator: SchemaTranslator, responses: dict[str, Any],
               location: Location, hint: str) -> list[RawResponse]:
    found: list[RawResponse] = []
    for key, raw in responses.items():
        status = str(key).upper()
        response, response_location = resolver.deref(raw, location.child(str(key)), RESPONSE)
        if not isinstance(response, dict):
            continue
        content = response.get("content")
        response_type: t.Type | None = None
        events: t.Type | None = None
        bytes_too = False
        if isinstance(content, dict) and content:
            primary = _preferred(content)[0]
            base = _base(primary)
            media = content[primary] if isinstance(content[primary], dict) else {}
            status_hint = hint + ("Response" if status.startswith("2") else
                                  f"Error{_status_word(status)}")
            framing = framing_of(base) if status.startswith("2") else None
            if framing is not None:
                response_type = stream_type(translator, media, response_location
                                            .child("content", primary), framing, status_hint)
            elif _is_json(base):
                schema = media.get("schema")
                response_type = translator.type_of(
                    schema, response_location.child("content", primary, "schema"), status_hint,
                    None).with_direction("read") if schema is not None else t.ANY
            else:
                response_type = t.FILE
            if framing is None and status.startswith("2"):
                events = alternative_events(translator, content, response_location,
                                            status_hint)
                bytes_too = response_type != t.FILE and any(
                    _read_as_bytes(other) for other in content if other != primary)
        found.append(RawResponse(status, response_type, text_of(response.get("description")),
                                 events, bytes_too))
    return found


def _read_as_bytes(media_type: str) -> bool:
    """A media type whose body the client keeps as bytes: not JSON, not a stream."""
    base = _base(media_type)
    return not _is_json(base) and framing_of(base) is None


def _status_word(status: str) -> str:
    """A status as a word of a class name: `404`, `4XX`, `Default`."""
    return "Default" if status == "DEFAULT" else pascal(status, "Status")


def success(operation: RawOperation) -> list[RawResponse]:
    return [r for r in operation.responses if r.status.startswith("2")]


def failures(operation: RawOperation) -> list[RawResponse]:
    return [r for r in operation.responses if not r.status.startswith("2")]


def split_path_key(path: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A path key that holds a query string (OpenAI's `/responses/{id}?beta=true`, which
    OpenAPI does not allow): the path before the `?`, and its pairs, which every call sends
    in the query string. Percent-encoding the `?` as path text would name another path.
    A query that holds a template (`?id={id}`) is left in the path as text: its value
    would need a parameter the spec did not declare there."""
    before, mark, query = path.partition("?")
    if not mark or _PATH_TEMPLATE.search(query):
        return path, ()
    return before, tuple(parse_qsl(query.partition("#")[0], keep_blank_values=True))


def path_parts(path: str, names: dict[str, str]) -> tuple[str | PathParameter, ...]:
    """The path as it goes on the wire: its text percent-encoded once here, each
    parameter (by argument name) when the call is made."""
    matches = list(_PATH_TEMPLATE.finditer(path))
    if not matches:
        return (encoded_path_text(path, after_parameter=False, before_parameter=False),)
    parts: list[str | PathParameter] = []
    position = 0
    for match in matches:
        parts.append(encoded_path_text(path[position:match.start()],
                                       after_parameter=position > 0, before_parameter=True))
        parts.append(PathParameter(names[match.group(1)]))
        position = match.end()
    parts.append(encoded_path_text(path[position:], after_parameter=True,
                                   before_parameter=False))
    return tuple(part for part in parts if part != "")


# What RFC 3986 allows unencoded in a path segment besides letters, digits and `-._~`.
_SEGMENT_SAFE = "!$&'()*+,;=:@"


def encoded_path_text(text: str, *, after_parameter: bool, before_parameter: bool) -> str:
    """Literal path text as it goes on the wire: anything a path may not hold (spaces,
    `?`, `#`, `%`, quotes, non-ASCII, control characters) percent-encoded as UTF-8, and
    a whole `.` or `..` segment as `%2E`, which URL normalisation would otherwise resolve
    away. A segment that touches a parameter is no whole segment."""
    segments = text.split("/")
    out = []
    for index, segment in enumerate(segments):
        whole = (index > 0 or not after_parameter) and (
            index < len(segments) - 1 or not before_parameter)
        if whole and segment in (".", ".."):
            out.append("%2E" * len(segment))
        else:
            out.append(percent_encode(segment, safe=_SEGMENT_SAFE))
    return "/".join(out)


# Which of two parameters of the same name keeps it: the one in the query string.
_LOCATION_ORDER = {"path": "1", "query": "2", "header": "3", "cookie": "4"}


def parameter_names(operation: RawOperation) -> dict[tuple[str, str], str]:
    """Python names of the parameters, unique within the signature, whatever the order
    of the `parameters` list. Path parameters are served first; a parameter whose name
    is taken (by another, or by an argument every call has) adds its location
    (`id_query`); parameters that come out the same (`page-size`, `page_size`) are
    served the one spelled that way first, then by JSON name and location."""
    taken = set(reserved.OPERATION_ARGUMENTS)
    names: dict[tuple[str, str], str] = {}
    for in_path in (True, False):
        wanted = [((p.location, p.json_name), snake(p.json_name, "param"),
                   spec_order(snake(p.json_name, "param"), p.json_name,
                              _LOCATION_ORDER.get(p.location, p.location)))
                  for p in operation.params if (p.location == "path") == in_path]
        names.update(unique_names(wanted, taken,
                                  fallback=None if in_path else _with_location))
    return names


def _with_location(key: tuple[str, str], name: str) -> str:
    return f"{name}_{key[0]}"


def is_none(found: t.Type | None) -> bool:
    return found is None or found == NONE
