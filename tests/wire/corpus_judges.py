"""The calls a corpus spec's peers receive, and the verdicts on them.

Calls: for every operation, one sync call with every parameter and body field the spec
offers (`all`), one with the required ones only (`required`), one per further media type
the client can send the body as, an async twin of every fourth operation's `all` call, and
one call per security scheme with that scheme's credentials alone.

A request is judged by the peer that received it (openapi-core's record, or Prism's answer);
a 2xx answer by the spec's own validator: a body that fits must be returned as the declared
type, a body that does not must raise `ResponseDecodeError`. Whatever cannot be judged that
way is counted apart under one of the named causes below, each checked before it is used
(the example is validated, the value the harness built is validated, the peer's answer is
validated); anything else is a problem and fails the test.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import quote

from tests.wire.corpus import FORM, JSON_TYPES, MULTIPART, CorpusSpec, Op, deref
from tests.wire.corpus_payloads import CorpusValueBuilder, schema_errors
from tests.wire.driver import TOKEN, Call, Outcome
from tests.wire.operations import Arguments, python_value
from tests.wire.payloads import BuildError, Fill, dumps, loads
from tests.wire.policy import DrfForm

ASYNC_EVERY = 4

# Causes of what is counted apart (each is checked where it is used).
HARNESS = ("the harness cannot build a value that fits the spec's schema (test limitation; "
           "the value was validated and does not fit)")
SPEC_EXAMPLE = ("Prism served the spec's own example, which breaks its schema (spec defect); "
                "the client raised ResponseDecodeError")
SPEC_EXAMPLE_500 = ("Prism answered 500: the spec's own example breaks its schema (spec "
                    "defect)")
PRISM_GENERATED = ("Prism generated a body that breaks the schema (peer limitation); the "
                   "client raised ResponseDecodeError")
PRISM_500 = ("Prism answered 500: it rejected the answer it generated itself (peer "
             "limitation)")
CONTENT_TYPE_PARAM = ("the spec declares `Content-Type` a required header parameter, which "
                      "OpenAPI says to ignore; the client sends it with a body only, and the "
                      "peer demands it of a call without a body (peer limitation)")
ACCEPT_PARAM = ("the spec declares an `Accept` header parameter with an enum, which OpenAPI "
                "says to ignore: the client sends httpx's `Accept: */*`, which the peer checks "
                "against that enum (peer limitation)")
READ_ONLY_PARAM = ("the spec marks a parameter's schema readOnly (a keyword for properties); "
                   "openapi-core applies it to the request and refuses every value, where "
                   "the value fits the schema (peer limitation)")
ONEOF_OVERLAP_BODY = ("the body fits more than one member of a oneOf whose discriminator picks "
                      "one (spec defect: its members overlap); Prism ignores the "
                      "discriminator and refuses it (peer limitation)")
UNDECLARED_REQUIRED = ("the schema requires a property it does not declare (spec defect): a "
                       "client cannot know its type, and a peer's answer may leave it out")
PRISM_CRASH = ("Prism's process dies on a request without an optional array header "
               "parameter (TypeError in its simple-style deserializer), so every call to "
               "Prism sends the array header parameters")
PRISM_STATIC = ("Prism served a body that breaks the schema, built from the spec's own "
                "examples (spec defect); the client raised ResponseDecodeError")
PRISM_DECIMALS = ("Prism generated decimal strings that the spec's pattern admits but DRF's "
                  "DecimalField itself refuses ('', '-.': not a Decimal); the client refuses "
                  "them with ResponseDecodeError (a decimal must be a number)")
PRISM_DRF_FORMS = ("Prism does not read forms in DRF's notation (lines[0]field, a.b) and "
                   "reports the fields sent that way as missing (peer limitation)")
ONEOF_OVERLAP = ("the body fits more than one member of a oneOf (spec defect: its members "
                 "overlap, e.g. '' is both a blank and a URI); the client reads it as a value of "
                 "the union, as it should")
FORM_NESTED = ("a form body with nested objects in a field its Encoding Object does not declare "
               "`style: deepObject` is refused before sending with EncodingError, nothing sent "
               "(the client's rule: never send what a form cannot say)")
MODEL_STRICTER = ("the client's model refuses a value the spec allows (the value was validated: "
                  "the model holds a narrower type than the schema says)")
NULLABLE_31 = ("an OpenAPI 3.1 document writes 3.0's `nullable: true`, which 3.1 ignores: the "
               "client honours it and accepts null, the 3.1 validator does not (spec defect)")
NULLABLE_BESIDE_REF = ("the spec writes `nullable: true` beside a `$ref` (Square), which "
                       "OpenAPI 3.0 says to ignore and the validator does: the client honours it, "
                       "as the author meant, and reads the null the peer generated there (spec "
                       "defect)")
PATH_QUERY = ("the spec writes a query string into a path key (`?` in `paths`; spec defect): the "
              "client sends the path before `?` and the pairs after it in the query string "
              "(tests/test_edge_cases.py), but a peer routes by path alone and judges the call "
              "against the operation of the same path without `?`")
PRISM_FORM_ARRAYS = ("Prism does not read an array or object sent as form fields (repeated "
                     "keys, or DRF's notation) as the array or object its schema says "
                     "(peer limitation); openapi-core decodes and checks the same form")
NO_SUCCESS = ("the operation documents no success answer (django-allauth's flows answer "
              "400/401 by design); the peer answered a status it documents and the client "
              "raised ApiError")
WRITE_ONLY_ANSWERED = ("the answer holds a `writeOnly` property, which OpenAPI says a server "
                       "SHOULD NOT send (the peer built it from the schema or an example); the "
                       "client reads the body, losing nothing")
SPEC_UNRESOLVED = ("the body names a discriminator value whose schema the document does not "
                   "define (spec defect): the validator cannot judge it")
PRISM_TRANSFER_ENCODING = ("the spec documents a `Transfer-Encoding` response header (OpenAI's "
                           "speech), which Prism sends with a value it makes up, so its answer "
                           "is not HTTP a client can read (h11: only `chunked` is; peer "
                           "limitation); the client raised ApiConnectionError")


_REQUIRED = re.compile(r"(?:response: InvalidData at )?(\S+): '([^']+)' is a "
                       r"required property\Z")


def same_json(sent: Any, intended: Any) -> bool:
    """Equal JSON, where a date-time string may be spelled another way for the same
    instant (the client writes `Z` as `+00:00`: checked by parsing both)."""
    if isinstance(sent, dict) and isinstance(intended, dict):
        return sent.keys() == intended.keys() and all(
            same_json(sent[key], intended[key]) for key in sent)
    if isinstance(sent, list) and isinstance(intended, list):
        return len(sent) == len(intended) and all(
            same_json(a, b) for a, b in zip(sent, intended, strict=True))
    if isinstance(sent, str) and isinstance(intended, str) and sent != intended:
        try:
            left, right = datetime.fromisoformat(sent), datetime.fromisoformat(intended)
        except ValueError:
            return False
        both_aware = left.tzinfo is not None and right.tzinfo is not None
        return "T" in sent and both_aware and left == right
    return type(sent) is type(intended) and sent == intended


def undeclared_required(spec: CorpusSpec, op: Op, errors: Sequence[str]) -> bool:
    """Every error is a required property missing from an object of the success body
    (at its top or nested) that the object's schema requires but does not declare
    (checked against the `properties` and `required` of the schemas at that place)."""
    documented = op.response(op.success_status())
    if documented is None:
        return False
    content = deref(spec.document, documented[1]).get("content", {})
    tops = [entry.get("schema", {}) for entry in content.values()]
    for error in errors:
        found = _REQUIRED.search(error)
        if found is None:
            return False
        where, name = found.groups()
        schemas = _schemas_at(spec.document, tops, [] if where == "(root)"
                              else where.split("/"))
        declared = {key for schema in schemas for key in schema.get("properties") or {}}
        required = {key for schema in schemas for key in schema.get("required") or []}
        if name in declared or name not in required:
            return False
    return True


def _schemas_at(document: Mapping[str, Any], schemas: Sequence[Any],
                path: Sequence[str]) -> list[dict[str, Any]]:
    """The object schemas (`allOf` parts spread) that describe the value at `path` (JSON
    keys and array indexes) of a value of `schemas`."""
    spread: list[dict[str, Any]] = []
    pending = list(schemas)
    while pending:
        node = deref(document, pending.pop())
        if isinstance(node, dict):
            spread.append(node)
            pending += node.get("allOf") or []
    if not path:
        return spread
    token, rest = path[0], path[1:]
    inner = [node["items"] for node in spread if token.isdigit() and "items" in node]
    inner += [node["properties"][token] for node in spread
              if token in (node.get("properties") or {})]
    inner += [node["additionalProperties"] for node in spread
              if token not in (node.get("properties") or {})
              and isinstance(node.get("additionalProperties"), dict)]
    return _schemas_at(document, inner, rest)


_NULL_AT = re.compile(r"^(.+)/([^/]+): None (?:for not nullable|is not of type '\w+'|is not one "
                      r"of \[.*\])$")


def nullable_beside_ref(spec: CorpusSpec, op: Op, errors: Sequence[str]) -> bool:
    """Every error is a null at a property of the success body whose schema, as written,
    is a `$ref` with `nullable: true` beside it (checked at that place of the schema)."""
    documented = op.response(op.success_status())
    if documented is None or spec.oas31:
        return False
    content = deref(spec.document, documented[1]).get("content", {})
    tops = [entry.get("schema", {}) for entry in content.values()]
    for error in errors:
        found = _NULL_AT.match(error) or _NULL_AT.match(f"(root)/{error}")
        if found is None:
            return False
        where, name = found.groups()
        parents = _schemas_at(spec.document, tops, [] if where == "(root)"
                              else where.split("/"))
        written = [(parent.get("properties") or {}).get(name) for parent in parents]
        if not any(isinstance(node, dict) and "$ref" in node and node.get("nullable") is True
                   for node in written):
            return False
    return True


_NULL = re.compile(r"(?:^|/)([^/:]+): None is not ")


def _nullable_31(spec: CorpusSpec, error: str) -> bool:
    """The error is a null at a property that some schema of the document declares with
    3.0's `nullable: true` (checked by name over every component schema)."""
    found = _NULL.search(error)
    if found is None:
        return False
    schemas = spec.document.get("components", {}).get("schemas", {})
    return any(isinstance(schema, dict) and isinstance(
        (schema.get("properties") or {}).get(found.group(1)), dict)
        and schema["properties"][found.group(1)].get("nullable") is True
        for schema in schemas.values())


REQUEST_CAUSES = (HARNESS, MODEL_STRICTER, CONTENT_TYPE_PARAM, PRISM_DRF_FORMS,
                  FORM_NESTED, PATH_QUERY, PRISM_FORM_ARRAYS, ACCEPT_PARAM, READ_ONLY_PARAM,
                  ONEOF_OVERLAP_BODY)

_ACCEPT_COMPLAINT = re.compile(r"parameter accept(?![\w-])|'header', 'accept'\]", re.IGNORECASE)


_PARAM_COMPLAINT = re.compile(r"parameter (\S+) at ")


def read_only_param(spec: CorpusSpec, op: Op, outcome: Outcome,
                    problems: Sequence[Any]) -> bool:
    """Every problem is openapi-core's refusal of a path parameter whose schema says
    readOnly (itself or a member of its union), the value given fitting the schema when
    no direction applies (checked). Path parameters only: the path on the wire is
    compared with the one expected from that value, so what was sent is checked too."""
    for problem in problems:
        found = _PARAM_COMPLAINT.match(str(problem))
        param = next((p for p in op.params if found and p.json_name == found.group(1)), None)
        if param is None or param.location != "path" or (param.location, param.json_name) \
                not in outcome.call.arguments.params_json:
            return False
        schema = deref(spec.document, param.schema)
        members = [deref(spec.document, m) for key in ("anyOf", "oneOf")
                   for m in schema.get(key, [])]
        value = outcome.call.arguments.params_json[(param.location, param.json_name)]
        if not any(isinstance(m, dict) and m.get("readOnly") for m in [schema, *members]) or \
                schema_errors(spec.document, param.schema, value, None, oas31=spec.oas31):
            return False
    return True


def oneof_overlap_body(spec: CorpusSpec, outcome: Outcome, violations: Sequence[Any]) -> bool:
    """Every complaint is Prism's `oneOf` check of the whole body, and the body fits the
    schema by its discriminator but more than one member without it (checked)."""
    op, arguments = outcome.call.op, outcome.call.arguments
    media = arguments.keywords.get("content_type", op.encodings[0] if op.encodings else "")
    schema = deref(spec.document, op.body_schema(media))
    if "body" not in arguments.keywords or not isinstance(schema, dict) or \
            "discriminator" not in schema:
        return False
    if not all(v.get("code") == "oneOf" and v.get("location") == ["request", "body"]
               for v in violations):
        return False
    undiscriminated = {key: value for key, value in schema.items() if key != "discriminator"}
    errors = schema_errors(spec.document, undiscriminated, arguments.body_json, "write",
                           oas31=spec.oas31)
    return not schema_errors(spec.document, schema, arguments.body_json, "write",
                             oas31=spec.oas31) and bool(errors) and all(
        "is valid under each of" in error for error in errors)


def accept_only(spec: CorpusSpec, op: Op, problems: Sequence[Any],
                sent: str | None = "*/*") -> bool:
    """Every problem is the peer's check of the `Accept` header against the enum of an
    `Accept` header parameter the operation declares (checked), and the client sent
    httpx's own `*/*` (`sent`: as the recorder saw it; Prism reports no header it got)."""
    if sent != "*/*":
        return False
    declared = [deref(spec.document, p) for p in op.raw.get("parameters", [])]
    enum = any(isinstance(p, dict) and str(p.get("name")).lower() == "accept"
               and p.get("in") == "header" and "enum" in deref(spec.document,
                                                               p.get("schema", {}))
               for p in declared)
    return enum and all(_ACCEPT_COMPLAINT.search(str(problem)) for problem in problems)


def _content_type_only(outcome: Outcome, problems: Sequence[Any]) -> bool:
    """Every problem is the missing `Content-Type` header parameter of a call without a
    body, and the spec does declare that parameter (checked)."""
    op = outcome.call.op
    declared = any(deref_param(op, p).get("name", "").lower() == "content-type"
                   and deref_param(op, p).get("in") == "header"
                   for p in op.raw.get("parameters", []))
    text = [str(p).lower() for p in problems]
    return (declared and "body" not in outcome.call.arguments.keywords
            and all("content-type" in t for t in text))


def deref_param(op: Op, param: Any) -> dict[str, Any]:
    return param if isinstance(param, dict) and "$ref" not in param else {}


@dataclass
class CorpusReport:
    spec: str
    peer: str
    requested: set[str] = field(default_factory=set)
    request_problems: dict[str, list[str]] = field(default_factory=dict)
    answered: set[str] = field(default_factory=set)
    parsed: set[str] = field(default_factory=set)
    response_problems: dict[str, list[str]] = field(default_factory=dict)
    apart: dict[str, dict[str, str]] = field(default_factory=dict)
    calls: Counter[str] = field(default_factory=Counter)
    schemes: dict[str, str] = field(default_factory=dict)
    """Security keyword -> "sent" or why not."""
    sampled: str = ""
    notes: list[str] = field(default_factory=list)
    """Peer limitations worked around (nothing counted apart for them)."""

    def problem(self, kind: str, outcome: Outcome, text: str) -> None:
        target = self.request_problems if kind == "request" else self.response_problems
        target.setdefault(f"{outcome.call.op.name} [{outcome.call.label}]", []).append(text)

    def set_apart(self, cause: str, op: Op, detail: str) -> None:
        self.apart.setdefault(cause, {})[op.name] = detail[:160]

    def _ops(self, keys: Mapping[str, Any]) -> set[str]:
        return {key.split(" [")[0] for key in keys}

    def lines(self) -> list[str]:
        # An operation a request-side cause explains is counted apart, not as valid.
        apart = {name for cause in REQUEST_CAUSES for name in self.apart.get(cause, {})}
        judged = self.requested - apart
        valid = len(judged - self._ops(self.request_problems))
        parsed = len(self.parsed - self._ops(self.response_problems))
        head = (f"wire[{self.spec}/{self.peer}]: requests valid {valid}/{len(judged)}, "
                f"responses parsed {parsed}/{len(self.answered)}")
        # What the two figures leave out, so that peers of one spec can be compared.
        answers_apart = {name for cause, where in self.apart.items()
                         if cause not in REQUEST_CAUSES for name in where} - self.answered
        if apart or answers_apart:
            head += (f"; counted apart (below): requests of {len(apart)} operations, "
                     f"answers of {len(answers_apart)}")
        lines = [head + (f" ({self.sampled})" if self.sampled else "")]
        calls = ", ".join(f"{count} {label}" for label, count in sorted(self.calls.items()))
        lines.append(f"  calls: {calls}")
        if self.schemes:
            lines.append("  security schemes: " + ", ".join(
                f"{name} {state}" for name, state in sorted(self.schemes.items())))
        lines += [f"  peer limitation worked around: {note}" for note in self.notes]
        for cause, where in sorted(self.apart.items()):
            shown = ", ".join(f"{name} ({detail})" if detail else name
                              for name, detail in sorted(where.items())[:12])
            more = f" ... and {len(where) - 12} more" if len(where) > 12 else ""
            lines.append(f"  counted apart, {len(where)} operations: {cause}: {shown}{more}")
        return lines

    def failure_text(self) -> str:
        shown = [f"{kind} {key}: " + "; ".join(p[:400] for p in found[:3])
                 for kind, problems in (("request", self.request_problems),
                                        ("response", self.response_problems))
                 for key, found in sorted(problems.items())[:20]]
        return "\n".join(self.lines() + shown)


# --- the calls ---------------------------------------------------------------------------


def credentials(spec: CorpusSpec, keywords: Sequence[str] | None = None) -> dict[str, Any]:
    """A credential for each security scheme (or for those of `keywords`)."""
    found: dict[str, Any] = {}
    for scheme in spec.ir.security.schemes:
        if keywords is not None and scheme.keyword not in keywords:
            continue
        kind = scheme.kind.value
        found[scheme.keyword] = (("wire-user", "wire-password") if kind == "basic"
                                 else TOKEN if kind == "bearer" else f"wire-key-{scheme.keyword}")
    return found


class StricterModel(Exception):
    """The client's model refused a body value that fits the spec."""


class Planner:
    def __init__(self, spec: CorpusSpec, models: Any, *, js_safe: bool,
                 headers: Mapping[str, str] | None = None,
                 array_headers: bool = False) -> None:
        self.array_headers = array_headers
        """Send every array header parameter (Prism crashes on one left out)."""
        self.headers = dict(headers or {})
        """Sent with every call (Prism's `Prefer: dynamic=true`)."""
        self.spec = spec
        self.models = models
        self.js_safe = js_safe
        self.unbuilt: dict[str, str] = {}
        """Operation -> why the harness could not build its arguments."""
        self.stricter: dict[str, str] = {}
        """Operation -> what the client's model refused of a body that fits the spec."""

    def calls(self) -> list[Call]:
        calls: list[Call] = []
        held = credentials(self.spec)
        for index, op in enumerate(self.spec.ops):
            try:
                full = self.arguments(op, "all")
                required = self.arguments(op, "required")
                others = [(media, self.arguments(op, "all", media)) for media in op.encodings[1:]]
            except StricterModel as error:
                self.stricter[op.name] = str(error)
                continue
            except BuildError as error:
                self.unbuilt[op.name] = str(error)
                continue
            calls.append(Call(op, "all", full, headers={"X-Wire-Fill": "all"}, token=None,
                              credentials=held))
            calls.append(Call(op, "required", required, headers={"X-Wire-Fill": "required"},
                              token=None, credentials=held))
            calls += [Call(op, _label(media), arguments, token=None, credentials=held)
                      for media, arguments in others]
            if index % ASYNC_EVERY == 0:
                calls.append(Call(op, "async", full, headers={"X-Wire-Fill": "all"},
                                  token=None, credentials=held, use_async=True))
        calls += self.scheme_calls(calls)
        return [replace(call, headers=dict(call.headers) | self.headers) for call in calls]

    def scheme_calls(self, calls: Sequence[Call]) -> list[Call]:
        """For each scheme, the first operation that accepts it alone (or with the schemes
        its alternative sends together), called with those credentials only."""
        found = []
        built = {call.op.name: call for call in calls if call.label == "required"}
        for scheme in self.spec.ir.security.schemes:
            for op in self.spec.ops:
                alternative = next((alt for alt in op.security if scheme.keyword in alt), None)
                if alternative is not None and op.name in built:
                    found.append(Call(op, f"auth:{scheme.keyword}", built[op.name].arguments,
                                      token=None, credentials=credentials(self.spec, alternative)))
                    break
        return found

    def arguments(self, op: Op, fill: Fill, media: str | None = None) -> Arguments:
        builder = CorpusValueBuilder(self.spec.document, direction="write", fill=fill,
                                     oas31=self.spec.oas31, js_safe=self.js_safe)
        brackets = CorpusValueBuilder(self.spec.document, direction="write", fill=fill,
                                      oas31=self.spec.oas31, js_safe=self.js_safe,
                                      non_empty=True)
        keywords: dict[str, Any] = {}
        params_json: dict[tuple[str, str], Any] = {}
        param_builder = CorpusValueBuilder(self.spec.document, direction=None, fill=fill,
                                           oas31=self.spec.oas31, js_safe=self.js_safe)
        param_brackets = CorpusValueBuilder(self.spec.document, direction=None, fill=fill,
                                            oas31=self.spec.oas31, js_safe=self.js_safe,
                                            non_empty=True)
        for param in op.params:
            if param.location == "path" or param.required or fill == "all" or (
                    self.array_headers and param.location == "header"
                    and deref(self.spec.document, param.schema).get("type") == "array"):
                deep = param.location == "query" and any(
                    deref(self.spec.document, raw).get("name") == param.json_name
                    and deref(self.spec.document, raw).get("style") == "deepObject"
                    for raw in op.raw.get("parameters", []))
                value = (param_brackets if deep else param_builder).value(param.schema)
                if not param_builder.fits(param.schema, value):
                    raise BuildError(f"parameter {param.json_name}: {value!r:.60}")
                params_json[(param.location, param.json_name)] = value
                keywords[param.name] = python_value(param.schema, value)
        body_json = None
        if op.body_annotation is not None and (op.body_required or fill == "all"
                                               or media is not None):
            chosen = media or op.encodings[0]
            schema = op.body_schema(chosen)
            deep = bool(_deep_object_fields(self.spec, op, chosen))  # see non_empty
            body_json = (brackets if deep else builder).value(schema)
            if not builder.fits(schema, body_json):
                errors = schema_errors(self.spec.document, schema, body_json, "write",
                                       oas31=self.spec.oas31)
                raise BuildError(f"body: {errors[:2]}")
            try:
                keywords["body"] = self.body_value(op.body_annotation, body_json)
            except (TypeError, ValueError) as error:  # the client's DecodeError is a ValueError
                raise StricterModel(str(error)) from None
            if media is not None:
                keywords["content_type"] = media
        return Arguments(keywords, body_json, params_json)

    def body_value(self, annotation: str, value: Any) -> Any:
        """The body as the caller holds it, from its JSON data."""
        listed = re.fullmatch(r"list\[(\w+)\]", annotation)
        if re.fullmatch(r"\w+", annotation) and hasattr(self.models, annotation):
            cls = getattr(self.models, annotation)
            return cls.from_dict(value) if hasattr(cls, "from_dict") else cls(value)
        if listed and hasattr(self.models, listed.group(1)):
            cls = getattr(self.models, listed.group(1))
            return [cls.from_dict(item) for item in value]
        if annotation.startswith(("dict[", "list[")) or annotation in ("Any", "str", "int"):
            return value
        if annotation.startswith("bytes") or annotation == "rt.FileInput":
            return b"file content"
        members = annotation.split(" | ")
        if len(members) > 1 and all(re.fullmatch(r"\w+", m) for m in members):
            return self._union_member(annotation, members, value)
        raise BuildError(f"no way written to hold a body of type {annotation!r}")

    def _union_member(self, annotation: str, members: Sequence[str], value: Any) -> Any:
        """A body of a union of models: the first member that reads `value` and gives it
        back unchanged, preferring one that keeps nothing as additional properties."""
        if value is None and "None" in members:
            return None
        fitting = []
        for name in members:
            cls = getattr(self.models, name, None)
            if not hasattr(cls, "from_dict"):
                continue
            try:
                held = cls.from_dict(value)
            except (TypeError, ValueError):
                continue
            if same_json(loads(dumps(held.to_dict())), loads(dumps(value))):
                fitting.append(held)
        for held in fitting:
            if not getattr(held, "additional_properties", None):
                return held
        if fitting:
            return fitting[0]
        raise StricterModel(f"no member of {annotation} reads the body unchanged")


def _deep_object_fields(spec: CorpusSpec, op: Op, media: str) -> set[str]:
    """The body properties the media type's Encoding Object says are `style: deepObject`."""
    request = deref(spec.document, op.raw.get("requestBody", {}))
    encoding = request.get("content", {}).get(media, {}).get("encoding") or {}
    return {name for name, entry in encoding.items()
            if isinstance(entry, dict) and entry.get("style") == "deepObject"}


def _label(media: str) -> str:
    return {"application/x-www-form-urlencoded": "form",
            "multipart/form-data": "multipart"}.get(media, media.split("/")[-1])


def expected_path(op: Op, arguments: Arguments) -> str:
    # What a URL path cannot hold raw (DigitalOcean's `/<upload_url>`) is percent-encoded.
    path = "".join(piece if index % 2 else quote(piece, safe=_PCHAR)
                   for index, piece in enumerate(re.split(r"(\{[^{}]*\})", op.path)))
    for (location, name), value in arguments.params_json.items():
        if location == "path" and not isinstance(value, (dict, list)):
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            path = path.replace("{" + name + "}", quote(text, safe=""))
    return path


_PCHAR = "/:@!$&'()*+,;=-._~%"
"""What RFC 3986 lets a path hold raw (and `%`, for what the spec writes encoded)."""


# --- the verdicts ------------------------------------------------------------------------


class CorpusJudge:
    def __init__(self, spec: CorpusSpec, client: Any, models: Any) -> None:
        self.spec = spec
        self.client = client
        self.models = models

    def request(self, outcome: Outcome, report: CorpusReport, recorder: Any = None) -> Any:
        op = outcome.call.op
        report.calls[outcome.call.label.split(":")[0]] += 1
        if "?" in op.path:  # not judged: counted apart (checked: the path key holds `?`)
            report.set_apart(PATH_QUERY, op, op.path)
            return None
        report.requested.add(op.name)
        if self._refused_nested_form(outcome):
            report.set_apart(FORM_NESTED, op, str(getattr(outcome.error, "field", "")))
            return None
        if recorder is None:
            return self._prism_request(outcome, report)
        if "x-wire-exchange" not in outcome.headers:
            report.problem("request", outcome, f"no answer from the recorder: "
                                               f"{outcome.describe()}")
            return None
        exchange = recorder.exchange(outcome.headers)
        problems = list(exchange.violations)
        self_check = exchange.self_check
        unresolved = [m for m in self_check if "could not be resolved" in m]
        if unresolved:  # the validator cannot judge the recorder's answer either
            report.set_apart(SPEC_UNRESOLVED, op, unresolved[0][-80:])
            self_check = [m for m in self_check if m not in unresolved]
        if self_check and undeclared_required(self.spec, op, self_check):
            report.set_apart(UNDECLARED_REQUIRED, op, self_check[0][-60:])
        else:
            problems += [f"recorder self-check (a test fault): {m}" for m in self_check]
        if exchange.operation_id != op.raw.get("operationId", exchange.operation_id):
            problems.append(f"reached {exchange.operation_id}, not {op.operation_id}")
        if exchange.raw_path.split("?")[0] != expected_path(op, outcome.call.arguments):
            problems.append(f"path on the wire {exchange.raw_path}, expected "
                            f"{expected_path(op, outcome.call.arguments)}")
        problems += self._body(outcome, exchange)
        if problems and _content_type_only(outcome, problems):
            report.set_apart(CONTENT_TYPE_PARAM, op, "")
            problems = []
        if problems and accept_only(self.spec, op, problems, exchange.headers.get("accept")):
            report.set_apart(ACCEPT_PARAM, op, "")
            problems = []
        if problems and read_only_param(self.spec, op, outcome, problems):
            report.set_apart(READ_ONLY_PARAM, op, str(problems[0])[:60])
            problems = []
        for problem in problems:
            report.problem("request", outcome, problem)
        return exchange

    def _refused_nested_form(self, outcome: Outcome) -> bool:
        """The client refused a form body before sending, naming a field whose value is
        nested data (checked: EncodingError, nothing sent, the value is an object or a list
        holding one, and the field is not one the spec encodes as `style: deepObject`)."""
        error = outcome.error
        if not isinstance(error, self.client.EncodingError) or outcome.sent:
            return False
        body = outcome.call.arguments.body_json
        field = str(getattr(error, "field", "")).split(".")[0].split("[")[0]
        value = body.get(field) if isinstance(body, dict) else None
        media = outcome.call.arguments.keywords.get("content_type", outcome.call.op.encodings[0])
        if field in _deep_object_fields(self.spec, outcome.call.op, media):
            return False  # the client sends it in brackets: a refusal is its fault
        return isinstance(value, dict) or (isinstance(value, list) and any(
            isinstance(item, (dict, list)) for item in value))

    def _body(self, outcome: Outcome, exchange: Any) -> list[str]:
        arguments = outcome.call.arguments
        if "body" not in arguments.keywords:
            return [] if not exchange.body else [f"a body was sent: {exchange.body[:80]!r}"]
        media = arguments.keywords.get("content_type", outcome.call.op.encodings[0])
        if not exchange.content_type.startswith(media.split(";")[0]):
            return [f"Content-Type {exchange.content_type!r}, expected {media}"]
        if JSON_TYPES.match(media):
            try:
                sent = loads(exchange.body)
            except ValueError:
                return [f"the JSON body does not parse: {exchange.body[:80]!r}"]
            intended = loads(dumps(arguments.body_json))
            if not same_json(sent, intended):
                return [(f"body on the wire {_short(sent)} differs from the body set "
                        f"{_short(intended)}")]
        return []

    def _prism_request(self, outcome: Outcome, report: CorpusReport) -> None:
        status = outcome.status
        if status is None and self._made_up_transfer_encoding(outcome):
            report.set_apart(PRISM_TRANSFER_ENCODING, outcome.call.op, outcome.call.label)
            return
        if status is None:
            report.problem("request", outcome, f"no HTTP answer: {outcome.describe()}")
            return
        violations = _prism_violations(outcome)
        on_request = [v for v in violations if v.get("location", ["?"])[0] != "response"
                      and v.get("severity", "Error") == "Error"]
        op = outcome.call.op
        if on_request and _content_type_only(outcome, on_request):
            report.set_apart(CONTENT_TYPE_PARAM, op, "")
        elif on_request and accept_only(self.spec, op, on_request):
            report.set_apart(ACCEPT_PARAM, op, "")
        elif on_request and oneof_overlap_body(self.spec, outcome, on_request):
            report.set_apart(ONEOF_OVERLAP_BODY, op, json.dumps(outcome.call.arguments.body_json))
        elif on_request and self._drf_misreading(outcome, on_request):
            report.set_apart(PRISM_DRF_FORMS, op, outcome.call.label)
        elif on_request and _form_structure_misread(outcome, on_request):
            report.set_apart(PRISM_FORM_ARRAYS, op, outcome.call.label)
        elif not on_request and _no_success(op) and op.response(status) is not None \
                and isinstance(outcome.error, self.client.ApiError):
            report.set_apart(NO_SUCCESS, op, str(status))
        elif on_request or (400 <= status < 500):
            shown = on_request or outcome.content[:300].decode("utf-8", "replace")
            report.problem("request", outcome, f"Prism {status}: {shown}")

    def _made_up_transfer_encoding(self, outcome: Outcome) -> bool:
        """The client could not read the answer for its Transfer-Encoding, which the
        operation's success documents as a header (checked on both)."""
        documented = outcome.call.op.response(outcome.call.op.success_status())
        headers = deref(self.spec.document, documented[1]).get("headers", {}) if documented \
            else {}
        return (isinstance(outcome.error, self.client.ApiConnectionError)
                and "Transfer-Encoding" in str(outcome.error)
                and any(name.lower() == "transfer-encoding" for name in headers))

    def _drf_misreading(self, outcome: Outcome, violations: list[dict[str, Any]]) -> bool:
        """Every complaint is a required body field that the form sends in DRF's notation
        (checked: the client spells forms DRF's way, and the field is nested data)."""
        media = outcome.call.arguments.keywords.get("content_type")
        if self.spec.ir.form_style.value != "drf" or media not in (FORM, MULTIPART):
            return False
        schema = outcome.call.op.body_schema(media)
        nested = DrfForm(self.spec.document).notation_fields(schema,
                                                             outcome.call.arguments.body_json)
        for violation in violations:
            named = re.search(r"required property '([^']+)'", str(violation.get("message")))
            if violation.get("code") != "required" or not named or named.group(1) not in nested:
                return False
        return True

    def response(self, outcome: Outcome, report: CorpusReport, *, prism: str | None) -> None:
        """Judge what the client made of the answer; `prism`: "static" or "dynamic"."""
        op, status = outcome.call.op, outcome.status
        if status is None or outcome.call.label.startswith("auth:") or "?" in op.path:
            return
        if status == 500 and prism is not None:
            cause = self._prism_500(op)
            report.set_apart(cause, op, "")
            if not isinstance(outcome.error, self.client.ApiError):
                report.problem("response", outcome,
                               f"Prism's 500 did not raise ApiError: {outcome.describe()}")
            return
        if not 200 <= status < 300:
            return  # a request problem, reported as such
        documented = op.response(status)
        if documented is None:
            report.problem("response", outcome, f"HTTP {status} is not documented")
            return
        content = deref(self.spec.document, documented[1]).get("content", {})
        received = outcome.headers.get("content-type", "").split(";")[0].strip()
        body = outcome.content
        if JSON_TYPES.match(received) and body and received in content:
            schema = content[received].get("schema", {})
            errors = schema_errors(self.spec.document, schema, loads(body), "read",
                                   oas31=self.spec.oas31)
            if errors and all(any(phrase in e for phrase in _TOLERATED.values())
                              for e in errors):
                for cause, phrase in _TOLERATED.items():
                    hits = [e for e in errors if phrase in e]
                    if hits:
                        report.set_apart(cause, op, hits[0][:80])
                if prism == "dynamic" and _odd_decimals(outcome):
                    report.set_apart(PRISM_DECIMALS, op, str(outcome.error)[-80:])
                elif outcome.error is not None:
                    report.problem("response", outcome, f"refused: {outcome.describe()}")
                return
            if errors and all("could not be resolved" in e for e in errors):
                # Nothing can judge it, and the client has no class for that tag: it
                # may refuse the body (tags decide unions, never the order of members).
                report.set_apart(SPEC_UNRESOLVED, op, errors[0][-80:])
                return
            if errors and self.spec.oas31 and all(_nullable_31(self.spec, e) for e in errors):
                report.set_apart(NULLABLE_31, op, errors[0][:60])
                if outcome.error is not None:
                    report.problem("response", outcome, f"refused: {outcome.describe()}")
                return
            if errors and nullable_beside_ref(self.spec, op, errors):
                report.set_apart(NULLABLE_BESIDE_REF, op, errors[0][:60])
                if outcome.error is not None:
                    report.problem("response", outcome, f"refused: {outcome.describe()}")
                return
            elif errors and undeclared_required(self.spec, op, errors):
                report.set_apart(UNDECLARED_REQUIRED, op, errors[0][-60:])
            elif errors:
                self._invalid(outcome, report, prism, received, errors)
                return
        if prism == "dynamic" and _odd_decimals(outcome):
            report.set_apart(PRISM_DECIMALS, op, str(outcome.error)[-80:])
            return
        report.answered.add(op.name)
        if outcome.error is not None:
            report.problem("response", outcome, f"a body that fits was refused: "
                                                f"{outcome.describe()}")
            return
        report.parsed.add(op.name)
        annotation = op.responses.get(documented[0], "")
        parsed = outcome.result.parsed
        declared = getattr(self.models, annotation, None) if re.fullmatch(
            r"\w+", annotation) else None
        if isinstance(declared, type) and not isinstance(parsed, declared):
            report.problem("response", outcome,
                               f"expected {annotation}, got {parsed!r:.80}")

    def _invalid(self, outcome: Outcome, report: CorpusReport, prism: str | None,
                 media: str, errors: list[str]) -> None:
        op = outcome.call.op
        if not isinstance(outcome.error, self.client.ResponseDecodeError):
            report.problem("response", outcome, f"accepted a body that breaks its schema at "
                                                f"{errors[:3]}: {outcome.describe()}")
            return
        if prism == "static" and self._example_breaks(op, media):
            report.set_apart(SPEC_EXAMPLE, op, errors[0])
        elif prism == "static":
            report.set_apart(PRISM_STATIC, op, errors[0])
        elif prism == "dynamic":
            report.set_apart(PRISM_GENERATED, op, errors[0])
        else:
            report.problem("response", outcome, f"the peer served a body that breaks its "
                                                f"schema, unexplained: {errors[:3]}")

    def _example_breaks(self, op: Op, media: str) -> bool:
        documented = op.response(op.success_status())
        if documented is None:
            return False
        entry = deref(self.spec.document, documented[1]).get("content", {}).get(media, {})
        examples = [entry["example"]] if "example" in entry else [
            deref(self.spec.document, e).get("value") for e in entry.get("examples", {}).values()]
        schema = entry.get("schema", {})
        return any(schema_errors(self.spec.document, schema, example, "read",
                                 oas31=self.spec.oas31) for example in examples[:1])

    def _prism_500(self, op: Op) -> str:
        documented = op.response(op.success_status())
        content = deref(self.spec.document, documented[1]).get("content", {}) if documented \
            else {}
        if any(self._example_breaks(op, media) for media in content):
            return SPEC_EXAMPLE_500
        return PRISM_500


# Schema errors of an answer that change nothing the client reads, by their cause.
_TOLERATED = {ONEOF_OVERLAP: "is valid under each of",
              WRITE_ONLY_ANSWERED: "Tried to read write-only property"}


def _no_success(op: Op) -> bool:
    """The operation documents no 2xx answer, nor a `2XX` or `default` one."""
    return not any(str(key).upper().startswith("2") or key == "default"
                   for key in op.raw["responses"])


def _form_structure_misread(outcome: Outcome, violations: list[dict[str, Any]]) -> bool:
    """Every complaint is Prism's `type` check of a form field that the call really sent
    as an array or object (checked against the body set, and the media type is a form)."""
    encodings = outcome.call.op.encodings
    media = outcome.call.arguments.keywords.get("content_type",
                                                encodings[0] if encodings else None)
    body = outcome.call.arguments.body_json
    if media not in (FORM, MULTIPART) or not isinstance(body, dict):
        return False
    for violation in violations:
        location = violation.get("location", [])
        message = str(violation.get("message", ""))
        if (violation.get("code") != "type" or len(location) != 2 or location[0] != "body"
                or not re.search(r" must be (array|object)", message)):
            return False
        value = body.get(location[1])
        wanted = list if message.rstrip().endswith("array") else dict
        if not isinstance(value, wanted):
            return False
    return True


_ODD_DECIMAL = re.compile(r"expected a number, got '([+-]?\.?)'")


def _odd_decimals(outcome: Outcome) -> bool:
    """The client refused the body only for decimal strings with no digit ('', '-.'),
    which DRF refuses too (checked on each issue of its ResponseDecodeError)."""
    issues = getattr(outcome.error, "issues", None)
    if not issues:
        return False
    return all(_ODD_DECIMAL.search(str(issue)) for issue in issues)


def _prism_violations(outcome: Outcome) -> list[dict[str, Any]]:
    try:
        header = outcome.headers.get("sl-violations")
        found = json.loads(header) if header else json.loads(outcome.content).get("validation", [])
    except (ValueError, AttributeError):
        return []
    return [v for v in found if isinstance(v, dict)] if isinstance(found, list) else []


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 300 else text[:297] + "..."
