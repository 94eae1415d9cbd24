"""Verdicts on what the client did on the wire, per peer.

A request is judged by the peer that received it (openapi-core's records, or Prism's
answer); a response by the reference policy (`policy.py`): a body that fits must be
parsed into the declared type without loss, a body that does not fit must be rejected
with a `ResponseDecodeError` naming exactly the offending paths. What a peer does wrong by
itself, or what the spec gets wrong, is counted apart with its cause and named.

Form and multipart calls are first judged by the reference reading of DRF's notation
(`policy.drf_form_refusals`, from the spec and the payload alone): when it finds a value the
notation cannot carry, the call must raise the client's `EncodingError` naming one of the
predicted paths, and nothing may reach the transport (counted as "refused before
sending"); otherwise the request must be sent and is judged by the peer as any other.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.wire.driver import Outcome, as_json_data, type_problem
from tests.wire.operations import FORM, JSON, MULTIPART, Operation
from tests.wire.payloads import loads, schema_errors
from tests.wire.policy import DrfForm, PolicyChecker, read_only_paths
from tests.wire.recording_server import Exchange, RecordingServer

SPEC_EXAMPLE = "Prism answered 500: the spec's own example breaks its schema (spec defect)"
SPEC_EXAMPLE_SERVED = ("Prism served the spec's own example, which breaks its schema (spec "
                       "defect); the client raised ResponseDecodeError naming every path")
PRISM_BOUNDS = ("Prism answered 500: it generated numbers equal to exclusive bounds "
                "(exclusiveMinimum/Maximum: true) and rejected its own answer (peer limitation)")
PRISM_INTEGERS = ("Prism holds numbers as JavaScript doubles and caps int64 at 2**53 - 1, so "
                  "its calls use smaller integers; openapi-core gets 9007199254740993")
PRISM_FORMS = ("Prism does not read forms in DRF's notation (a list repeating its key, a.b, "
               "lines[0]account; it reads only qs brackets key[]=...), and reports the fields "
               "sent that way as missing (required) or of the wrong type")
CORE_FORMS = ("openapi-core does not read forms in DRF's notation (a.b, lines[0]account), so "
              "the fields sent that way look missing or empty to it")
_REQUIRED = re.compile(r"required property '([^']+)'")
_CORE_MISSING = re.compile(r"at \(root\): '([^']+)' is a required property|at ([^/:]+): \[\] "
                           r"should be non-empty")


@dataclass
class PeerReport:
    peer: str
    operations: int
    request_problems: dict[str, list[str]] = field(default_factory=dict)
    response_problems: dict[str, list[str]] = field(default_factory=dict)
    requested: set[str] = field(default_factory=set)
    answered: set[str] = field(default_factory=set)
    """Operations answered with a documented 2xx whose body the client was expected to parse."""
    parsed: set[str] = field(default_factory=set)
    apart: dict[str, dict[str, str]] = field(default_factory=dict)
    """Cause -> {operation: detail} for what is counted apart (never dropped)."""
    notes: Counter[str] = field(default_factory=Counter)
    note_fields: dict[str, set[str]] = field(default_factory=dict)
    """Note -> the body fields it was excused at (where the peer's own reading is at fault)."""
    calls: Counter[str] = field(default_factory=Counter)
    refusals_predicted: int = 0
    """Form calls whose payload DRF's notation cannot carry, by the reference reading."""
    refused: dict[str, tuple[str, str]] = field(default_factory=dict)
    """`op [label]` -> (path, reason) for calls refused before sending, as predicted."""

    def note(self, kind: str, fields: Iterable[str] = ()) -> None:
        self.notes[kind] += 1
        self.note_fields.setdefault(kind, set()).update(fields)

    def request_problem(self, outcome: Outcome, problems: Iterable[str]) -> None:
        found = list(problems)
        if found:
            key = f"{outcome.call.op.name} [{outcome.call.label}]"
            self.request_problems.setdefault(key, []).extend(found)

    def response_problem(self, outcome: Outcome, problems: Iterable[str]) -> None:
        found = list(problems)
        if found:
            key = f"{outcome.call.op.name} [{outcome.call.label}]"
            self.response_problems.setdefault(key, []).extend(found)

    def valid_operations(self) -> int:
        broken = {key.split(" [")[0] for key in self.request_problems}
        return len(self.requested - broken)

    def parsed_operations(self) -> int:
        broken = {key.split(" [")[0] for key in self.response_problems}
        return len(self.parsed - broken)

    def lines(self) -> list[str]:
        head = (f"wire[{self.peer}]: requests valid {self.valid_operations()}/"
                f"{len(self.requested)}, responses parsed {self.parsed_operations()}/"
                f"{len(self.answered)}")
        if self.calls["form"] or self.calls["multipart"]:
            head += (f", form calls refused before sending {len(self.refused)}/"
                     f"{self.refusals_predicted} predicted")
        lines = [head]
        calls = ", ".join(f"{count} {label}" for label, count in sorted(self.calls.items()))
        lines.append(f"  calls: {calls}")
        by_reason: dict[str, dict[str, list[str]]] = {}
        for key, (path, reason) in sorted(self.refused.items()):
            name, label = key.split(" [")
            by_reason.setdefault(reason, {}).setdefault(f"{name} {path}", []).append(
                label.rstrip("]"))
        for reason, refused in sorted(by_reason.items()):
            count = sum(map(len, refused.values()))
            shown = ", ".join(f"{where} [{', '.join(labels)}]"
                              for where, labels in refused.items())
            lines.append(f"  refused before sending (EncodingError, nothing sent), {count} "
                         f"calls: {reason}: {shown}")
        for cause, where in sorted(self.apart.items()):
            names = ", ".join(sorted(where))
            lines.append(f"  counted apart, {len(where)} operations: {cause}: {names}")
        for note, count in self.notes.most_common():
            fields = sorted(self.note_fields.get(note, ()))
            at = f" (at {', '.join(fields)})" if fields else ""
            lines.append(f"  peer limitation, {count} calls: {note}{at}")
        return lines

    def failure_text(self, problems: Mapping[str, list[str]], limit: int = 25) -> str:
        shown = [f"{key}: " + "; ".join(p[:400] for p in found[:4])
                 for key, found in sorted(problems.items())[:limit]]
        more = len(problems) - len(shown)
        return "\n".join(self.lines() + shown + ([f"... and {more} more"] if more else []))


class Judge:
    def __init__(self, spec: Mapping[str, Any], campfire: Any, models: Any) -> None:
        self.spec = spec
        self.campfire = campfire
        self.models = models
        self.read = PolicyChecker(spec, "read")
        self.write = PolicyChecker(spec, "write")
        self.forms = DrfForm(spec)

    # -- form bodies DRF's notation cannot carry ---------------------------------------------

    def refusal(self, outcome: Outcome, report: PeerReport) -> bool:
        """Judge a form or multipart call by the reference reading of DRF's notation; True
        when that settles the call (it had to be refused, or was refused without cause)."""
        encoding = outcome.call.arguments.keywords.get("content_type")
        if encoding not in (FORM, MULTIPART):
            return False
        op, body = outcome.call.op, outcome.call.arguments.body_json
        predicted = dict(self.forms.refusals(op.form_schema(encoding), body))
        error = outcome.error
        refused = isinstance(error, self.campfire.EncodingError)
        named: str = getattr(error, "field", "") if refused else ""
        if not predicted:
            if refused:
                report.request_problem(outcome, [
                    f"refused a body DRF's notation can carry: {named!r}: {error}"])
            return refused
        report.refusals_predicted += 1
        problems = []
        if not refused:
            problems.append(f"DRF's notation cannot carry {sorted(predicted.items())}, but the "
                            f"client {outcome.describe()}")
        elif named not in predicted:
            problems.append(f"EncodingError named {named!r}, the reference expects one of "
                            f"{sorted(predicted.items())}: {error}")
        elif not isinstance(error, ValueError) or named not in str(error) or (
                'content_type="application/json"' not in str(error)):
            problems.append(f"the EncodingError does not name the field and suggest JSON: "
                            f"{error}")
        if outcome.sent:
            problems.append("a request was sent for a body that had to be refused")
        report.request_problem(outcome, problems)
        if not problems:
            report.refused[f"{op.name} [{outcome.call.label}]"] = (named, predicted[named])
        return True

    # -- requests -------------------------------------------------------------------------

    def recorded_request(self, outcome: Outcome, recorder: RecordingServer,
                         report: PeerReport) -> Exchange | None:
        """Judge a request by the recorder's record of it; returns the record."""
        op = outcome.call.op
        report.requested.add(op.name)
        report.calls[outcome.call.label] += 1
        if self.refusal(outcome, report):
            return None
        if "x-wire-exchange" not in outcome.headers:
            report.request_problem(outcome, [f"no answer from the recorder: {outcome.describe()}"])
            return None
        exchange = recorder.exchange(outcome.headers)
        problems = list(exchange.violations)
        problems += [f"recorder self-check (a test fault): {m}" for m in exchange.self_check]
        if not outcome.sent:
            problems.append("the recorder answered a call the driver saw no request of "
                            "(a test fault)")
        if exchange.operation_id != op.operation_id:
            problems.append(f"reached {exchange.operation_id}, not {op.operation_id}")
        if exchange.method != op.method:
            problems.append(f"sent {exchange.method}, not {op.method}")
        kinds: dict[str, set[str]] = {}
        for note in exchange.peer_notes:
            kind, where = self._note_kind(outcome, note)
            kinds.setdefault(kind, set()).update(where)
        for kind, where in kinds.items():
            report.note(kind, where)
        problems += self._body_on_the_wire(outcome, exchange)
        arguments = outcome.call.arguments
        if sorted(exchange.query) != arguments.expected_query(op):
            problems.append(f"query on the wire {sorted(exchange.query)}, expected "
                            f"{arguments.expected_query(op)}")
        if exchange.raw_path.split("?")[0] != arguments.expected_path(op):
            problems.append(f"path on the wire {exchange.raw_path}, expected "
                            f"{arguments.expected_path(op)}")
        report.request_problem(outcome, problems)
        return exchange

    def _body_on_the_wire(self, outcome: Outcome, exchange: Exchange) -> list[str]:
        op, intended = outcome.call.op, outcome.call.arguments.body_json
        if op.body_class is None:
            return [] if not exchange.body else [f"a body was sent: {exchange.body[:80]!r}"]
        encoding = outcome.call.arguments.keywords.get("content_type", JSON)
        if not exchange.content_type.startswith(encoding):
            return [f"Content-Type {exchange.content_type!r}, expected {encoding}"]
        if encoding == JSON:
            try:
                sent = loads(exchange.body)
            except ValueError:
                return [f"the JSON body does not parse: {exchange.body[:80]!r}"]
        elif exchange.form_decoded is None:
            return ["the form body was not decoded"]
        else:
            sent = exchange.form_decoded
        problems = []
        sent_verdict = self.write.check(op.body_schema, sent)
        intended_verdict = self.write.check(op.body_schema, intended)
        if sent_verdict.canonical != intended_verdict.canonical:
            problems.append(f"body on the wire {_short(sent)} differs from the body set "
                            f"{_short(intended)}")
        leaked = read_only_paths(self.spec, op.body_schema, sent)
        if leaked:
            problems.append(f"readOnly fields on the wire: {leaked}")
        return problems

    def prism_request(self, outcome: Outcome, report: PeerReport) -> None:
        """Prism answers 4xx for an invalid request (with --errors); a 500 lists violations."""
        op = outcome.call.op
        report.requested.add(op.name)
        report.calls[outcome.call.label] += 1
        if self.refusal(outcome, report):
            return
        status = outcome.status
        violations = _prism_violations(outcome)
        on_request = [v for v in violations if v.get("location", ["?"])[0] != "response"]
        misread = self._form_misreading(outcome, on_request) if on_request else None
        if status is None:
            report.request_problem(outcome, [f"no HTTP answer: {outcome.describe()}"])
        elif not outcome.sent:
            report.request_problem(outcome, [
                "Prism answered a call the driver saw no request of (a test fault)"])
        elif misread:
            report.note(PRISM_FORMS, misread)
        elif on_request or (status >= 400 and status != 500):
            shown = on_request or outcome.content[:300].decode("utf-8", "replace")
            report.request_problem(outcome, [f"Prism {status}: {shown}"])

    def _form_misreading(self, outcome: Outcome,
                         violations: list[dict[str, Any]]) -> set[str] | None:
        """The fields Prism complained about, when every complaint is its misreading of a
        field the form sends in DRF's notation (`required` at the body naming the field, or
        `type` at the field); None when any complaint is something else."""
        encoding = outcome.call.arguments.keywords.get("content_type")
        if encoding not in (FORM, MULTIPART):
            return None
        op, body = outcome.call.op, outcome.call.arguments.body_json
        in_notation = self.forms.notation_fields(op.form_schema(encoding), body)
        fields: set[str] = set()
        for violation in violations:
            location = list(violation.get("location", []))
            if location[:1] == ["request"]:  # `sl-violations` says request.body.x, bodies body.x
                location = location[1:]
            code = violation.get("code")
            named = _REQUIRED.search(str(violation.get("message", "")))
            if code == "type" and len(location) == 2 and location[0] == "body":
                name = location[1]
            elif code == "required" and location == ["body"] and named:
                name = named.group(1)
            else:
                return None
            if name not in in_notation:
                return None
            fields.add(name)
        return fields

    def _note_kind(self, outcome: Outcome, note: str) -> tuple[str, set[str]]:
        """What openapi-core's verdict on a form as sent shows (and at which fields)."""
        missing = _CORE_MISSING.search(note)
        if missing:
            encoding = outcome.call.arguments.keywords.get("content_type")
            op, body = outcome.call.op, outcome.call.arguments.body_json
            name = missing.group(1) or missing.group(2)
            if encoding in (FORM, MULTIPART) and name in self.forms.notation_fields(
                    op.form_schema(encoding), body):
                return CORE_FORMS, {name}
        return _note_kind(note), set()

    # -- responses ------------------------------------------------------------------------

    def response(self, outcome: Outcome, report: PeerReport, *, served: bytes | None = None) -> None:
        """Judge what the client made of a 2xx answer (or of Prism's 500 for its own answer)."""
        op, status = outcome.call.op, outcome.status
        if status == 500 and report.peer.startswith("prism"):
            cause, detail = self._prism_500(op, outcome)
            report.apart.setdefault(cause, {})[op.name] = detail
            if not isinstance(outcome.error, self.campfire.ApiError):
                report.response_problem(
                    outcome, [f"Prism's 500 did not raise ApiError: {outcome.describe()}"])
            return
        if status is None or not 200 <= status < 300:
            return  # a request problem, reported as such
        content = outcome.content
        if served is not None and content != served:
            report.response_problem(outcome, ["the raw body offered differs from the one served"])
        documented = op.response(status)
        annotation = op.responses.get(documented[0]) if documented else None
        if documented is None or annotation is None:
            report.response_problem(outcome, [f"HTTP {status} is not documented"])
            return
        schema = documented[1]
        verdict = None if schema is None else self.read.check(schema, loads(content))
        if verdict is not None and not verdict.fits:
            self._invalid_body(outcome, verdict.issue_paths, report)
            return
        report.answered.add(op.name)
        if outcome.error is not None:
            report.response_problem(outcome, [f"a body that fits was refused: {outcome.describe()}"])
            return
        report.parsed.add(op.name)
        parsed = outcome.result.parsed
        problems = [p for p in [type_problem(self.models, annotation, parsed)] if p]
        if verdict is not None:
            back = self.read.check(schema, as_json_data(parsed))
            if back.canonical != verdict.canonical:
                problems.append(f"parsed {_short(as_json_data(parsed))} is not the body served "
                                f"{_short(loads(content))}")
        report.response_problem(outcome, problems)

    def _invalid_body(self, outcome: Outcome, expected: list[str], report: PeerReport) -> None:
        """The peer served a body that breaks the schema: the client must say where."""
        op, error = outcome.call.op, outcome.error
        issues = getattr(error, "issues", None)
        if not isinstance(error, self.campfire.ResponseDecodeError) or issues is None:
            report.response_problem(
                outcome, [f"accepted a body that does not fit at {expected}: {outcome.describe()}"])
            return
        named = sorted(issue.path for issue in issues)
        if named != expected:
            report.response_problem(
                outcome, [f"ResponseDecodeError named {named}, the policy expects {expected}"])
        elif bytes(error.response.content) != outcome.content:
            report.response_problem(outcome, ["the error does not carry the raw response"])
        else:
            report.apart.setdefault(SPEC_EXAMPLE_SERVED, {})[op.name] = ", ".join(named)

    def _prism_500(self, op: Operation, outcome: Outcome) -> tuple[str, str]:
        violations = _prism_violations(outcome)
        status = op.success_status()
        documented = op.response(status)
        content = op.raw["responses"][documented[0]].get("content", {}) if documented else {}
        examples = content.get(JSON, {}).get("examples", {})
        codes = sorted({str(v.get("code")) for v in violations})
        if examples:
            first = next(iter(examples.values()))["value"]
            errors = schema_errors(self.spec, content[JSON]["schema"], first, "read")
            if errors:
                return SPEC_EXAMPLE, f"{len(errors)} errors"
        if codes and set(codes) <= {"exclusiveMinimum", "exclusiveMaximum"}:
            return PRISM_BOUNDS, f"{len(violations)} values"
        return "Prism 500 not explained (investigate)", f"codes {codes}"


def _prism_violations(outcome: Outcome) -> list[dict[str, Any]]:
    """Prism lists violations in `sl-violations` (also when it answers with the spec's own
    400 response) and in its problem+json body."""
    try:
        header = outcome.headers.get("sl-violations")
        found = json.loads(header) if header else json.loads(outcome.content).get("validation", [])
    except (ValueError, AttributeError):
        return []
    return [v for v in found if isinstance(v, dict)] if isinstance(found, list) else []


def _note_kind(note: str) -> str:
    if "read-only" in note or "readOnly" in note:
        return "openapi-core fills schema defaults of readOnly fields into form bodies"
    if "cast value to object" in note or "cast value to array" in note:
        return ("openapi-core reads urlencoded object fields with style=form, not as JSON "
                "(their default contentType)")
    if any(text in note for text in ("is not of type", "is not valid under any", "is not one of")):
        return ("openapi-core does not cast multipart text parts to their schema types "
                "(numbers, booleans, enums stay text or bytes)")
    return f"openapi-core on forms: {note[:120]}"


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 300 else text[:297] + "..."

