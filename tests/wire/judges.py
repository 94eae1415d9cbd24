"""Verdicts on what the client did on the wire, per peer.

A request is judged by the peer that received it (openapi-core's records, or Prism's
answer); a response by the reference policy (`policy.py`): a body that fits must be
parsed into the declared type without loss, a body that does not fit must be rejected
with a `ResponseDecodeError` naming exactly the offending paths. What a peer does wrong by
itself, or what the spec gets wrong, is counted apart with its cause and named.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.wire.driver import Outcome, as_json_data, type_problem
from tests.wire.operations import JSON, Operation
from tests.wire.payloads import loads, schema_errors
from tests.wire.policy import PolicyChecker, read_only_paths
from tests.wire.recording_server import Exchange, RecordingServer

SPEC_EXAMPLE = "Prism answered 500: the spec's own example breaks its schema (spec defect)"
SPEC_EXAMPLE_SERVED = ("Prism served the spec's own example, which breaks its schema (spec "
                       "defect); the client raised ResponseDecodeError naming every path")
PRISM_BOUNDS = ("Prism answered 500: it generated numbers equal to exclusive bounds "
                "(exclusiveMinimum/Maximum: true) and rejected its own answer (peer limitation)")
PRISM_INTEGERS = ("Prism holds numbers as JavaScript doubles and caps int64 at 2**53 - 1, so "
                  "its calls use smaller integers; openapi-core gets 9007199254740993")
PRISM_FORMS = ("Prism reads form arrays and objects only in qs bracket notation (key[]=...), "
               "not as OpenAPI's repeated keys and JSON text, and reports them as wrong types")


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
    calls: Counter[str] = field(default_factory=Counter)

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
        lines = [(f"wire[{self.peer}]: requests valid {self.valid_operations()}/"
                  f"{len(self.requested)}, responses parsed {self.parsed_operations()}/"
                  f"{len(self.answered)}")]
        calls = ", ".join(f"{count} {label}" for label, count in sorted(self.calls.items()))
        lines.append(f"  calls: {calls}")
        for cause, where in sorted(self.apart.items()):
            names = ", ".join(sorted(where))
            lines.append(f"  counted apart, {len(where)} operations: {cause}: {names}")
        for note, count in self.notes.most_common():
            lines.append(f"  peer limitation, {count} calls: {note}")
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

    # -- requests -------------------------------------------------------------------------

    def recorded_request(self, outcome: Outcome, recorder: RecordingServer,
                         report: PeerReport) -> Exchange | None:
        """Judge a request by the recorder's record of it; returns the record."""
        op = outcome.call.op
        report.requested.add(op.name)
        report.calls[outcome.call.label] += 1
        if "x-wire-exchange" not in outcome.headers:
            report.request_problem(outcome, [f"no answer from the recorder: {outcome.describe()}"])
            return None
        exchange = recorder.exchange(outcome.headers)
        problems = list(exchange.violations)
        problems += [f"recorder self-check (a test fault): {m}" for m in exchange.self_check]
        if exchange.operation_id != op.operation_id:
            problems.append(f"reached {exchange.operation_id}, not {op.operation_id}")
        if exchange.method != op.method:
            problems.append(f"sent {exchange.method}, not {op.method}")
        for kind in {_note_kind(note) for note in exchange.peer_notes}:
            report.notes[kind] += 1
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
        status = outcome.status
        violations = _prism_violations(outcome)
        on_request = [v for v in violations if v.get("location", ["?"])[0] != "response"]
        if status is None:
            report.request_problem(outcome, [f"no HTTP answer: {outcome.describe()}"])
        elif on_request and self._form_misreading(outcome, on_request):
            report.notes[PRISM_FORMS] += 1
        elif on_request or (status >= 400 and status != 500):
            shown = on_request or outcome.content[:300].decode("utf-8", "replace")
            report.request_problem(outcome, [f"Prism {status}: {shown}"])

    def _form_misreading(self, outcome: Outcome, violations: list[dict[str, Any]]) -> bool:
        """Every complaint is Prism's reading of an array or object form field."""
        if outcome.call.label not in ("form", "multipart"):
            return False
        properties = self.write.properties(outcome.call.op.body_schema)
        for violation in violations:
            location = list(violation.get("location", []))
            if location[:1] == ["request"]:  # `sl-violations` says request.body.x, bodies body.x
                location = location[1:]
            if violation.get("code") != "type" or len(location) != 2 or location[0] != "body":
                return False
            kind = self.write.kind(properties.get(location[1], {}))
            if kind not in ("array", "object"):
                return False
        return True

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

