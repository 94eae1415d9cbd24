"""Real payloads: every `examples` value of the spec, fed to the generated parser.

Request examples go to the body model's `from_dict`; response examples travel as HTTP
responses through the operation itself (httpx.MockTransport), as a server would send
them. The reference policy (policy.py, docs/parsing-policy.md) says what must happen:

- an example that fits (after lossless coercions, unknown fields kept, unknown enum
  values kept with a warning) parses and round-trips: `to_dict(from_dict(x))` equals `x`
  up to those coercions (`"750.00"` -> `Decimal("750.00")`, compared digit for digit);
- an example that does not fit raises one DecodeError (ResponseDecodeError for a
  response, with the raw response attached) whose issues name exactly the offending JSON
  paths, each saying what was expected.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.wire.conftest import SUMMARY
from tests.wire.driver import TOKEN, as_json_data
from tests.wire.operations import JSON, Operation, build_arguments
from tests.wire.payloads import Direction, dumps, schema_errors
from tests.wire.policy import PolicyChecker, Verdict

ISSUE_MESSAGE = re.compile(r"(expected .+|missing required property)")


@dataclass(frozen=True)
class Example:
    op: Operation
    where: str
    """"request" or the response status."""
    name: str
    value: Any
    schema: Any

    @property
    def direction(self) -> Direction:
        return "write" if self.where == "request" else "read"

    def __str__(self) -> str:
        return f"{self.op.method} {self.op.path} {self.where} example {self.name!r}"


@dataclass
class Fed:
    example: Example
    verdict: Verdict
    strict_errors: list[str]
    parsed: Any = None
    error: BaseException | None = None
    warned_paths: tuple[str, ...] = ()
    served: bytes = b""


def spec_examples(exact_spec: Mapping[str, Any], ops: list[Operation]) -> list[Example]:
    found = []
    for op in ops:
        raw = exact_spec["paths"][op.path][op.method.lower()]
        places = []
        if "requestBody" in raw:
            places.append(("request", raw["requestBody"]["content"].get(JSON, {})))
        places += [(status, response.get("content", {}).get(JSON, {}))
                   for status, response in raw["responses"].items()]
        for where, media in places:
            for name, example in media.get("examples", {}).items():
                found.append(Example(op, where, name, example["value"], media["schema"]))
    return found


@pytest.fixture(scope="module")
def exact_spec(campfire_spec: Path) -> dict[str, Any]:
    """The spec with every non-integer number as an exact Decimal (as the client reads)."""
    data: dict[str, Any] = json.loads(campfire_spec.read_text("utf-8"), parse_float=Decimal)
    return data


@pytest.fixture(scope="module")
def fed(exact_spec: dict[str, Any], wire_spec: dict[str, Any], wire_ops: list[Operation],
        campfire: Any, wire_models: Any) -> list[Fed]:
    results = []
    for example in spec_examples(exact_spec, wire_ops):
        checker = PolicyChecker(exact_spec, example.direction)
        result = Fed(example, checker.check(example.schema, example.value),
                     schema_errors(exact_spec, example.schema, example.value, example.direction))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", campfire.UnknownEnumValueWarning)
            try:
                if example.where == "request":
                    body_class = getattr(wire_models, str(example.op.body_class))
                    result.parsed = body_class.from_dict(example.value)
                else:
                    result.served = dumps(example.value).encode()
                    result.parsed = _through_the_operation(
                        campfire, wire_models, wire_spec, example, result.served)
            except Exception as error:  # noqa: BLE001 - the kind of error is what is judged
                result.error = error
        result.warned_paths = tuple(sorted(str(w.message).split(": ")[0] for w in caught
                                           if issubclass(w.category,
                                                         campfire.UnknownEnumValueWarning)))
        results.append(result)
    return results


def _through_the_operation(campfire: Any, models: Any, spec: Mapping[str, Any],
                           example: Example, served: bytes, *, whole: bool = False,
                           **options: Any) -> Any:
    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(int(example.where), content=served,
                              headers={"Content-Type": JSON})

    arguments = build_arguments(spec, models, example.op, "required")
    with httpx.Client(transport=httpx.MockTransport(reply)) as http:
        client = campfire.Client(TOKEN, base_url="https://api.example.test", http_client=http)
        group = getattr(client, example.op.group)
        method = getattr(group.with_response if whole else group, example.op.name)
        return method(**arguments.keywords, **options)


def judge(result: Fed, spec: Mapping[str, Any], campfire: Any) -> list[str]:
    example, verdict, error = result.example, result.verdict, result.error
    if verdict.fits:
        if error is not None:
            return [f"{example}: fits the policy but raised {type(error).__name__}: {error}"]
        back = PolicyChecker(spec, example.direction).check(
            example.schema, as_json_data(result.parsed))
        problems = []
        if back.canonical != verdict.canonical:
            problems.append(f"{example}: does not round-trip: to_dict gives "
                            f"{json.dumps(as_json_data(result.parsed), default=str)[:300]}")
        if sorted(result.warned_paths) != sorted(verdict.unknown_enum):
            problems.append(f"{example}: unknown enum values warned at {result.warned_paths}, "
                            f"expected {verdict.unknown_enum}")
        return problems
    expected_class = (campfire.DecodeError if example.where == "request"
                      else campfire.ResponseDecodeError)
    if not isinstance(error, expected_class):
        shown = "returned a value" if error is None else f"raised {type(error).__name__}: {error}"
        return [f"{example}: does not fit at {verdict.issue_paths} but {shown}"]
    named = sorted(issue.path for issue in error.issues)
    problems = []
    if named != verdict.issue_paths:
        problems.append(f"{example}: the error names {named}, the policy expects "
                        f"{verdict.issue_paths}")
    vague = [str(i) for i in error.issues if not ISSUE_MESSAGE.fullmatch(i.message)]
    if vague:
        problems.append(f"{example}: issues that do not say what was expected: {vague[:3]}")
    missing = [path for path in named if path not in str(error)]
    if missing:
        problems.append(f"{example}: the message does not list {missing[:3]}")
    if example.where != "request":
        raw = error.response
        if (raw.status_code, bytes(raw.content)) != (int(example.where), result.served):
            problems.append(f"{example}: the error does not carry the raw response")
    return problems


def test_every_example_parses_or_names_every_offending_path(
        fed: list[Fed], exact_spec: dict[str, Any], campfire: Any) -> None:
    problems = [problem for result in fed for problem in judge(result, exact_spec, campfire)]
    strictly_valid = sum(1 for r in fed if not r.strict_errors)
    parsed = [r for r in fed if r.verdict.fits]
    rejected = [r for r in fed if not r.verdict.fits]
    drifted = [r for r in parsed if r.strict_errors]
    SUMMARY.append(
        f"examples: {len(fed)} in the spec, {strictly_valid} valid against their schema, "
        f"{len(fed) - strictly_valid} not; {len(parsed)} parse and round-trip, "
        f"{len(rejected)} are rejected with every path named "
        f"({sum(len(r.verdict.issues) for r in rejected)} paths)")
    SUMMARY.append(
        f"  parsed despite drift: {len(drifted)} examples, with "
        f"{sum(len(r.verdict.coerced) for r in drifted)} lossless coercions, "
        f"{sum(len(r.verdict.unknown_fields) for r in drifted)} unknown fields kept, "
        f"{sum(len(r.verdict.unknown_enum) for r in drifted)} unknown enum values kept")
    for result in rejected:
        paths = result.verdict.issue_paths
        shown = ", ".join(paths[:4]) + (f", ... ({len(paths)} in all)" if len(paths) > 4 else "")
        SUMMARY.append(f"  rejected: {result.example}: {shown}")
    assert len(fed) == 61
    assert all(r.verdict.fits for r in fed if not r.strict_errors), "a valid example is rejected"
    assert not problems, "\n".join(problems[:30])


def test_response_examples_decode_leniently_with_every_issue_attached(
        fed: list[Fed], exact_spec: dict[str, Any], wire_spec: dict[str, Any],
        campfire: Any, wire_models: Any) -> None:
    """Drift never hides data: an example the strict client rejects is returned by the
    lenient one (`lenient=True` on the call) as far as it decodes, with one
    ResponseDriftWarning and, on the model, exactly the issues the strict error named."""
    responses = [r for r in fed if r.example.where != "request"]
    strict = [r for r in responses if r.error is None]
    lenient, issues, problems = 0, 0, []
    undecodable = []
    for result in responses:
        example = result.example
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                response = _through_the_operation(campfire, wire_models, wire_spec, example,
                                                  result.served, whole=True, lenient=True)
            except campfire.ResponseDecodeError as error:
                undecodable.append(f"{example} ({error.issues[0]})")
                continue
        lenient += 1
        drift = tuple(response.issues)
        issues += len(drift)
        drift_warnings = [w for w in caught
                          if issubclass(w.category, campfire.ResponseDriftWarning)]
        if result.error is None:
            if drift or drift_warnings:
                problems.append(f"{example}: decodes strictly, yet drift was reported")
        elif isinstance(result.error, campfire.ResponseDecodeError):
            if sorted(i.path for i in drift) != sorted(i.path for i in result.error.issues):
                problems.append(f"{example}: lenient issues differ from the strict error's")
            if len(drift_warnings) != 1:
                problems.append(f"{example}: {len(drift_warnings)} drift warnings, expected 1")
    SUMMARY.append(
        f"examples (responses): {len(responses)}, decoded strict {len(strict)}, "
        f"lenient {lenient} ({issues} issues attached)")
    SUMMARY.extend(f"  not decodable even leniently: {line}" for line in undecodable)
    assert lenient >= len(strict) and not problems, "\n".join(problems[:20])
