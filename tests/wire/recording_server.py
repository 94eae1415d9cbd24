"""A recording peer: validates every request with openapi-core and answers from the schema.

For each request it records what arrived (method, raw path, query, headers, body) and
every violation openapi-core finds (operation, parameters, security, content type, body),
plus the one check openapi-core cannot make: the `Authorization` value must be
`Token <key>` (the spec states the prefix only in prose). It answers with the first
documented 2xx response, its body built from the response schema (`X-Wire-Fill:
required` leaves optional properties out), and checks that answer with openapi-core too.
Each response names its record in the `X-Wire-Exchange` header. A `style: deepObject` query
parameter that openapi-core cannot read (an array, an object more than one level deep) is
decoded from its brackets and validated against its schema here (`_deep_query`).

Form bodies (urlencoded and multipart) are judged twice. openapi-core validates them as
sent, and its verdict is recorded; but it reads forms by its own rules, which differ from
both the OpenAPI ones and Django REST framework's (peer limitations, see
docs/parsing-policy.md): it does not read DRF's notation (`a.b`, `lines[0]account`), so
fields sent that way look missing to it; it reads urlencoded object properties with `style:
form` instead of their default `contentType` application/json (OAS 3.0.4 Encoding Object);
it leaves multipart text parts uncast (`"42"` for an integer); and it fills schema defaults
into the body before validating (so a readOnly `is_deleted: false` appears "written"). So
the recorder also decodes the form itself (`decode_form`) in the notation the client
speaks (`form_style`): "drf" for the Campfire spec, which drf-spectacular wrote and whose
client spells forms DRF's way (`a.b`, `lines[0]account`, a list of plain values as its key
repeated, a JSONField's value as JSON text); "openapi" by the Encoding Object defaults
(objects as JSON text, arrays as repeated keys); "auto" (the default) reads keys holding
`.` or `[` DRF's way and the others by those defaults. Primitives are cast to their schema
type either way. openapi-core then validates that object as the JSON body (every Campfire
operation has one schema for all three media types). Violations found that way are the
request's; openapi-core's own body errors that the decoded check does not confirm are kept
in `peer_notes`, and the tests print how many there were.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.validation.request.exceptions import (
    ParameterValidationError,
    RequestBodyValidationError,
    SecurityValidationError,
)
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from tests.wire.payloads import ValueBuilder, deref, dumps, is_placeholder_enum, tail_kept
from tests.wire.policy import PolicyChecker

_JSON = re.compile(r"application/(.+\+)?json(;.*)?\Z")
_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)\Z")
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\Z")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
STOP_TIMEOUT = 10.0


@dataclass
class Exchange:
    number: int
    method: str
    raw_path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    content_type: str
    body: bytes
    operation_id: str | None = None
    violations: list[str] = field(default_factory=list)
    peer_notes: list[str] = field(default_factory=list)
    self_check: list[str] = field(default_factory=list)
    """Problems with the recorder's own answer (a fault of the test harness)."""
    status: int = 0
    response_body: bytes = b""
    form_decoded: dict[str, Any] | None = None


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # the exchanges are recorded; an access log would only bury the test output


class _Route:
    def __init__(self, path: str, method: str, operation: Mapping[str, Any]) -> None:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
        self.regex = re.compile(pattern + r"\Z")
        self.path = path
        self.method = method
        self.operation = operation
        # Literal segments win over templated ones (`/bill/pay` before `/bill/{id}`).
        self.rank = (-len(re.sub(r"\{[^}]+\}", "", path)), path)


class RecordingServer:
    name = "openapi-core"

    def __init__(self, spec: Mapping[str, Any], token: str | None,
                 form_style: str = "auto",
                 answers: Callable[[str], ValueBuilder] | None = None) -> None:
        """`token`: the Campfire key, checked as `Token <key>` (None: openapi-core's
        security check alone); `answers`: the builder of response bodies for a fill
        ("required" or "all"), by default the Campfire one."""
        self.spec = spec
        self.token = token
        self.form_style = form_style  # how decode_form reads forms: auto, openapi or drf
        self._answers = answers or (lambda fill: ValueBuilder(
            spec, direction="read", fill="required" if fill == "required" else "all"))
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, self._app, threaded=True,
                                                     request_handler=_QuietHandler)
        self.port = self._server.server_port
        self.base_url = f"http://127.0.0.1:{self.port}"
        served = _served_here(spec, self.base_url)
        self._openapi = OpenAPI.from_dict(served, config=Config(spec_validator_cls=None))
        self._routes = sorted(
            (_Route(path, method.upper(), op)
             for path, item in spec["paths"].items() for method, op in item.items()
             if isinstance(op, dict) and "responses" in op),
            key=lambda route: route.rank)
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self.exchanges: dict[int, Exchange] = {}
        self._thread = threading.Thread(target=self._server.serve_forever, name="recorder",
                                        kwargs={"poll_interval": 0.1}, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(STOP_TIMEOUT)

    def exchange(self, headers: Mapping[str, str]) -> Exchange:
        """The record of the exchange a response came from (by its X-Wire-Exchange header)."""
        with self._lock:
            return self.exchanges[int(headers["x-wire-exchange"])]

    # -- the WSGI application -----------------------------------------------------------

    def _app(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        body = request.get_data(cache=True)
        with self._lock:
            number = next(self._numbers)
        exchange = Exchange(
            number=number,
            method=request.method,
            raw_path=environ.get("RAW_URI") or environ.get("REQUEST_URI") or request.path,
            query=list(request.args.items(multi=True)),
            headers={k.lower(): v for k, v in request.headers.items()},
            content_type=request.content_type or "",
            body=body,
        )
        try:
            response = self._answer(request, exchange)
        except Exception as error:  # noqa: BLE001 - a recorder fault must show, not hang a call
            exchange.self_check.append(f"recorder crashed: {type(error).__name__}: {error}")
            response = Response(b"recorder crashed", 599)
        exchange.status = response.status_code
        exchange.response_body = response.get_data()
        response.headers["X-Wire-Exchange"] = str(number)
        with self._lock:
            self.exchanges[number] = exchange
        result: Iterable[bytes] = response(environ, start_response)
        return result

    def _answer(self, request: Request, exchange: Exchange) -> Response:
        route = self._route(request.method, request.path)
        if route is None:
            exchange.violations.append(f"no operation for {request.method} {request.path}")
            return Response(b'{"detail":"Not found."}', 404, mimetype="application/json")
        exchange.operation_id = route.operation.get("operationId")
        openapi_request = WerkzeugOpenAPIRequest(request)
        is_form = exchange.content_type.startswith(FORM_TYPES)
        for error in self._openapi.iter_request_errors(openapi_request):
            if is_form and isinstance(error, RequestBodyValidationError):
                exchange.peer_notes += [f"openapi-core on the form as sent: {m}"
                                        for m in _messages(error)]
            elif isinstance(error, ParameterValidationError) and self._deep_query(
                    request, route, str(getattr(error, "name", "")), exchange):
                exchange.peer_notes += [f"openapi-core on a deepObject parameter: {m}"
                                        for m in _messages(error)]
            else:
                exchange.violations += _messages(error)
        if is_form:
            self._check_form(request, route, exchange)
        expected = f"Token {self.token}"
        if self.token is not None and exchange.headers.get("authorization") != expected:
            shown = "absent" if "authorization" not in exchange.headers else "not `Token <key>`"
            exchange.violations.append(f"security: the Authorization header is {shown}")
        response = self._response(route, request.headers.get("X-Wire-Fill", "all"))
        for error in self._openapi.iter_response_errors(
                openapi_request, WerkzeugOpenAPIResponse(response)):
            for message in _messages(error):
                if message.endswith(_BYTES_AS_STRING) and not response.is_json:
                    # openapi-core validates a file's bytes against its `type: string`
                    # schema (format binary) without reading them as text: its limit.
                    exchange.peer_notes.append(f"openapi-core on a file answer: {message}")
                else:
                    exchange.self_check.append(f"response: {message}")
        return response

    def _check_form(self, request: Request, route: _Route, exchange: Exchange) -> None:
        """Decode the form in the client's notation (`form_style`); validate it as the JSON
        body."""
        media = deref(self.spec, route.operation["requestBody"])["content"]
        schema = media[exchange.content_type.split(";")[0].strip()]["schema"]
        fields: list[tuple[str, str | bytes]] = list(request.form.items(multi=True))
        fields += [(name, part.read()) for name, part in request.files.items(multi=True)]
        encoding = media[exchange.content_type.split(";")[0].strip()].get("encoding") or {}
        deep = {name for name, entry in encoding.items()
                if isinstance(entry, dict) and entry.get("style") == "deepObject"}
        decoded, problems = decode_form(self.spec, schema, fields, self.form_style, deep)
        exchange.form_decoded = decoded
        found = list(problems)
        # The JSON twin judges the form where it is the same schema (drf-spectacular's);
        # else the form's own (OpenAI's multipart bodies take a file where JSON takes an
        # object, `input_reference`).
        twin = media.get("application/json", {}).get("schema")
        if twin != schema:
            from tests.wire.corpus_payloads import schema_errors

            oas31 = str(self.spec.get("openapi", "")).startswith("3.1")
            found += [f"form decoded: body at {m}" for m in schema_errors(
                self.spec, schema, decoded, "write", oas31=oas31)]
        as_json = _JsonView(request, dumps(decoded).encode())
        for error in self._openapi.iter_request_errors(as_json) if twin == schema else ():
            if isinstance(error, RequestBodyValidationError):
                found += [f"form decoded: {m}" for m in _messages(error)]
        if found:
            # The form is wrong: what openapi-core said of it as sent counts too.
            exchange.violations += found + exchange.peer_notes
            exchange.peer_notes = []

    def _deep_query(self, request: Request, route: _Route, name: str,
                    exchange: Exchange) -> bool:
        """Judge a `style: deepObject` query parameter openapi-core could not read (it
        reads flat objects only): decode its brackets (`_deep_value`, arrays as `a[]` or
        `a[0]`) and validate the value against its schema. False: not such a parameter,
        or a required one not sent (openapi-core's verdict stands)."""
        declared = [deref(self.spec, p) for p in route.operation.get("parameters", [])]
        param = next((p for p in declared if p.get("in") == "query"
                      and p.get("name") == name and p.get("style") == "deepObject"), None)
        entries: list[tuple[list[str], str | bytes]] = []
        for key, value in request.args.items(multi=True):
            bracketed = _DEEP_KEY.match(key)
            if bracketed and bracketed.group(1) == name:
                entries.append((_DEEP_TOKEN.findall(bracketed.group(2)), value))
            elif key == name:
                entries.append(([], value))
        if param is None:
            return False
        if not entries:  # it complains of an optional one left out too: its limit
            return param.get("required") is not True
        from tests.wire.corpus_payloads import schema_errors

        problems: list[str] = []
        schema = param.get("schema", {})
        value = _deep_value(PolicyChecker(self.spec, "write"), schema, entries, name, problems)
        oas31 = str(self.spec.get("openapi", "")).startswith("3.1")
        problems += schema_errors(self.spec, schema, value, "write", oas31=oas31)
        exchange.violations += [f"parameter {name} decoded: {m}" for m in problems]
        return True

    def _route(self, method: str, path: str) -> _Route | None:
        for route in self._routes:
            if route.method == method and route.regex.match(path):
                return route
        return None

    def _response(self, route: _Route, fill: str) -> Response:
        responses = route.operation["responses"]
        status = min((key for key in responses if key.startswith("2") and key.isdigit()),
                     default="200")
        documented = [key for key in responses if key.isdigit()]
        if status not in responses and "2XX" not in responses and "default" not in responses \
                and documented:  # no success documented: answer the first status it names
            status = min(documented)
        if status not in responses:  # only `default` (or 2XX) documents the answer
            responses = {status: responses.get("2XX", responses.get("default", {}))}
        content = deref(self.spec, responses[status]).get("content", {})
        media = next((m for m in content if _JSON.match(m)), None)
        if media is None and content:  # a file or text: its media type, a few bytes
            return Response(b"file content", int(status), content_type=next(iter(content)))
        if media is None:
            return Response(b"", int(status))
        payload = self._answers(fill).value(content[media].get("schema", {}))
        return Response(dumps(payload).encode(), int(status), content_type=media)


def _served_here(spec: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """The document with every `servers` (the API's, a path's, an operation's: the client
    is pointed at the recorder for all of them) replaced by the recorder's address."""
    here = [{"url": base_url}]
    paths: dict[str, Any] = {}
    for path, item in (spec.get("paths") or {}).items():
        if isinstance(item, dict):
            item = {key: ({**value, "servers": here} if isinstance(value, dict)
                          and "servers" in value else value) for key, value in item.items()}
            if "servers" in item:
                item["servers"] = here
        paths[path] = item
    return dict(spec) | {"servers": here, "paths": paths}


_BYTES_AS_STRING = "b'file content' is not of type 'string'"


def _messages(error: BaseException) -> list[str]:
    """One short line per problem inside an openapi-core error (no duplicates)."""
    found: list[str] = []
    seen: BaseException | None = error
    while seen is not None:
        for schema_error in getattr(seen, "schema_errors", ()) or ():
            where = "/".join(str(p) for p in schema_error.path) or "(root)"
            found.append(f"{_kind(error)} at {where}: {tail_kept(schema_error.message)}")
        seen = seen.__cause__
    if not found:
        texts = []
        seen = error
        while seen is not None:
            texts.append(f"{seen}"[:200])
            seen = seen.__cause__
        found.append(f"{_kind(error)}: " + " <- ".join(t for t in texts if t))
    return list(dict.fromkeys(found))


def _kind(error: BaseException) -> str:
    if isinstance(error, RequestBodyValidationError):
        return "body"
    if isinstance(error, ParameterValidationError):
        return f"parameter {getattr(error, 'name', '')}".strip()
    if isinstance(error, SecurityValidationError):
        return "security"
    return type(error).__name__


class _JsonView(WerkzeugOpenAPIRequest):
    """The same request, its body replaced by the decoded form as JSON."""

    def __init__(self, request: Request, body: bytes) -> None:
        super().__init__(request)
        self._json_body = body

    @property
    def body(self) -> bytes | None:
        return self._json_body

    @property
    def content_type(self) -> str:
        return "application/json"


def decode_form(spec: Mapping[str, Any], schema: Any,
                fields: Sequence[tuple[str, str | bytes]],
                style: str = "auto",
                deep_object: Collection[str] = ()) -> tuple[dict[str, Any], list[str]]:
    """A form body as the object it encodes, by the OpenAPI Encoding Object defaults, or
    in Django REST framework's notation.

    Encoding Object defaults: objects are JSON text (contentType application/json), arrays
    repeat their key, primitives are text cast to their schema type (OAS Appendix B); an
    empty value of a nullable non-string property is null (the Django REST framework
    reading).

    DRF's notation (`rest_framework.utils.html`, docs/parsing-policy.md "Forms: DRF's
    notation"): `a.b` is field `b` of the object `a`, `lines[0]account` field `account` of
    item 0 of the list `lines`, a list of plain values repeats its key, and a value of a
    schema that allows anything is JSON text (DRF's JSONField). A key with `.` or `[` is
    read that way unless `style` is "openapi"; with "drf" an untyped value must be JSON
    text, with "auto" it is JSON when it parses as JSON, else text.

    A property of `deep_object` (its Encoding Object says `style: deepObject`) is read in
    brackets, as Stripe reads it: `a[b][c]=v` is member `c` of member `b` of `a`,
    `a[0][b]=v` member `b` of item 0, `a[]=x` the next item (`_deep_value`).
    """
    checker = PolicyChecker(spec, "write")
    properties = checker.properties(schema)
    grouped: dict[str, list[str | bytes]] = {}
    nested: dict[str, list[tuple[list[str | int], str | bytes]]] = {}
    problems: list[str] = []
    deep: dict[str, list[tuple[list[str], str | bytes]]] = {}
    for name, value in fields:
        bracketed = _DEEP_KEY.match(name)
        if bracketed and bracketed.group(1) in deep_object:
            tokens = _DEEP_TOKEN.findall(bracketed.group(2))
            deep.setdefault(bracketed.group(1), []).append((tokens, value))
        elif name in deep_object:
            deep.setdefault(name, []).append(([], value))
        elif style != "openapi" and ("." in name or "[" in name):
            tokens = _drf_tokens(name)
            if tokens is None:
                problems.append(f"form: `{name}` is not a key of DRF's notation")
            else:
                nested.setdefault(str(tokens[0]), []).append((tokens[1:], value))
        else:
            grouped.setdefault(name, []).append(value)
    decoded: dict[str, Any] = {}
    for name, values in grouped.items():
        prop = properties.get(name)
        if prop is None:
            decoded[name] = values[0] if len(values) == 1 else values
            continue
        node = _effective(spec, prop)
        if node.get("type") == "array":
            decoded[name] = [_scalar(checker, node.get("items", {}), v, name, problems, style)
                             for v in values]
        elif len(values) > 1:
            problems.append(f"form: `{name}` is repeated but is not an array")
        else:
            if style == "drf" and (node.get("type") == "object" or "properties" in node):
                problems.append(f"form: `{name}` is an object sent as one value: DRF reads "
                                f"`{name}.field=...`, not JSON text")
            decoded[name] = _scalar(checker, prop, values[0], name, problems, style)
    for name, found in deep.items():
        decoded[name] = _deep_value(checker, properties.get(name, {}), found, name, problems)
    for name, entries in nested.items():
        if name in decoded:
            problems.append(f"form: `{name}` is sent in two notations at once")
        elif name not in properties:
            problems.append(f"form: `{name}` (in DRF's notation) is no property of the body")
        else:
            decoded[name] = _drf_value(checker, properties[name], entries, name, problems,
                                       style)
    return decoded, problems


# String formats DRF reads with a field that has no blank value (DateField...): there an
# empty form value of a nullable property is null, as for numbers.
_NOT_TEXT = ("date", "date-time", "uuid", "decimal")
_DRF_KEY = re.compile(r"[^.\[\]]+(?:\.[^.\[\]]+|\[[0-9]+\][^.\[\]]*)*\Z")
_DRF_TOKEN = re.compile(r"\[([0-9]+)\]|([^.\[\]]+)")


def _drf_tokens(key: str) -> list[str | int] | None:
    """`lines[0]sub.x` -> ["lines", 0, "sub", "x"]; None for a key DRF cannot read."""
    if not _DRF_KEY.match(key):
        return None
    return [int(index) if index else name for index, name in _DRF_TOKEN.findall(key)]


def _drf_value(checker: PolicyChecker, schema: Any,
               entries: list[tuple[list[str | int], str | bytes]], where: str,
               problems: list[str], style: str) -> Any:
    """The value at `where` from the keys below it (their remaining tokens), as DRF
    reads them: objects by field name, lists of objects by index, lists of plain values
    by repetition."""
    node = _effective(checker.spec, schema)
    if node.get("type") == "object" or "properties" in node:
        properties = checker.properties(node)
        extra = node.get("additionalProperties")
        by_name: dict[str, list[tuple[list[str | int], str | bytes]]] = {}
        for tokens, value in entries:
            if not tokens or not isinstance(tokens[0], str):
                problems.append(f"form: `{where}` is an object but is sent as a value")
                return None
            by_name.setdefault(tokens[0], []).append((tokens[1:], value))
        result: dict[str, Any] = {}
        for name, below in by_name.items():
            prop = properties.get(name, extra if isinstance(extra, dict) else {})
            result[name] = _drf_value(checker, prop, below, f"{where}.{name}", problems, style)
        return result
    if node.get("type") == "array":
        items = node.get("items", {})
        if all(tokens and isinstance(tokens[0], int) for tokens, _ in entries):
            by_index: dict[int, list[tuple[list[str | int], str | bytes]]] = {}
            for tokens, value in entries:
                by_index.setdefault(int(tokens[0]), []).append((tokens[1:], value))
            if sorted(by_index) != list(range(len(by_index))):
                problems.append(f"form: `{where}` has indices {sorted(by_index)}, not 0..n-1")
            return [_drf_value(checker, items, by_index[index], f"{where}[{index}]", problems,
                               style) for index in sorted(by_index)]
        if all(not tokens for tokens, _ in entries):  # a list of plain values: repeated
            return [_scalar(checker, items, value, where, problems, style)
                    for _, value in entries]
        problems.append(f"form: `{where}` mixes indexed and plain keys")
        return None
    if len(entries) != 1 or entries[0][0]:
        problems.append(f"form: `{where}` is sent {len(entries)} times or as an object, but "
                        "is a single value")
        return None
    return _scalar(checker, schema, entries[0][1], where, problems, style)


_DEEP_KEY = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])+)\Z")
_DEEP_TOKEN = re.compile(r"\[([^\[\]]*)\]")


def _deep_value(checker: PolicyChecker, schema: Any,
                entries: list[tuple[list[str], str | bytes]], where: str,
                problems: list[str]) -> Any:
    """The value at `where` from its deepObject keys (their remaining bracket tokens):
    an array where every token is an index 0..n-1 and the schema offers an array, else an
    object where it offers one, else the one plain value."""
    if all(not tokens for tokens, _ in entries):
        if len(entries) != 1:
            problems.append(f"form: `{where}` is sent {len(entries)} times")
        plain = next((node for node in _shapes(checker.spec, schema)
                      if node.get("type") not in ("object", "array")
                      and "properties" not in node), schema)  # `metadata=""` of a union
        return _scalar(checker, plain, entries[-1][1], where, problems)
    if any(not tokens for tokens, _ in entries):
        problems.append(f"form: `{where}` is sent both as a value and in brackets")
        return None
    shapes = _shapes(checker.spec, schema)
    firsts = [tokens[0] for tokens, _ in entries]
    below: dict[str, list[tuple[list[str], str | bytes]]] = {}
    for tokens, value in entries:
        below.setdefault(tokens[0], []).append((tokens[1:], value))
    array = next((node for node in shapes if node.get("type") == "array"), None)
    if array is not None and all(first == "" for first in firsts):  # `a[]=x`: in order
        return [_deep_value(checker, array.get("items", {}), [(tokens[1:], value)],
                            f"{where}[]", problems) for tokens, value in entries]
    if array is not None and all(first.isdigit() for first in firsts):
        indices = sorted(int(first) for first in below)
        if indices != list(range(len(indices))) or any(f != str(int(f)) for f in below):
            problems.append(f"form: `{where}` has indices {sorted(below)}, not 0..n-1")
        return [_deep_value(checker, array.get("items", {}), below[str(index)],
                            f"{where}[{index}]", problems) for index in indices]
    shape = next((node for node in shapes if node.get("type") == "object"
                  or "properties" in node or "additionalProperties" in node), None)
    if shape is None:
        problems.append(f"form: `{where}` is sent in brackets but is no object or array")
        return None
    properties = checker.properties(shape)
    extra = shape.get("additionalProperties")
    return {name: _deep_value(checker, properties.get(name, extra if isinstance(extra, dict)
                                                      else {}), found, f"{where}[{name}]",
                              problems) for name, found in below.items()}


def _shapes(spec: Mapping[str, Any], schema: Any) -> list[dict[str, Any]]:
    """The schemas a value of `schema` may take (through allOf wrappers, anyOf, oneOf)."""
    node: dict[str, Any] = deref(spec, schema)
    if len(node.get("allOf", [])) == 1:
        return _shapes(spec, node["allOf"][0])
    options = node.get("anyOf", []) + node.get("oneOf", [])
    return [shape for option in options for shape in _shapes(spec, option)] or [node]


def _effective(spec: Mapping[str, Any], schema: Any) -> dict[str, Any]:
    """The schema that says a property's type (through allOf wrappers and enum unions)."""
    node: dict[str, Any] = deref(spec, schema)
    if len(node.get("allOf", [])) == 1:
        return _effective(spec, node["allOf"][0])
    for keyword in ("oneOf", "anyOf"):
        options = [o for o in node.get(keyword, []) if not is_placeholder_enum(spec, o)]
        if options:
            return _effective(spec, options[0])
    return node


def _scalar(checker: PolicyChecker, schema: Any, value: str | bytes, name: str,
            problems: list[str], style: str = "openapi") -> Any:
    node = _effective(checker.spec, schema)
    kind = node.get("type")
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    textual = kind == "string" and node.get("format") not in _NOT_TEXT
    if value == "" and not textual and checker.nullable(schema):
        return None
    try:
        if kind == "object" or "properties" in node:
            return json.loads(value, parse_float=Decimal)
        if kind == "integer":
            return int(value) if _INTEGER.match(value) else value
        if kind == "number":
            return Decimal(value) if _NUMBER.match(value) else value
        if kind == "boolean":
            return {"true": True, "false": False}.get(value, value)
    except ValueError:
        problems.append(f"form: `{name}` is not valid JSON text: {value[:80]!r}")
        return value
    if kind is None and (style != "openapi" or value[:1] in ("{", "[")):
        try:  # a schema that allows anything: an object or array travels as JSON text
            return json.loads(value, parse_float=Decimal)  # (DRF's JSONField: every value)
        except ValueError:
            if style == "drf":
                problems.append(f"form: `{name}` allows any value, but is not JSON text "
                                f"(DRF's JSONField reads JSON): {value[:80]!r}")
            return value
    return value  # strings, and values of schemas that allow anything
