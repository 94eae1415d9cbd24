"""Every corpus spec's client on the wire, against Prism (static and dynamic) and the
openapi-core recorder.

For each spec of ../shared/corpus (but those the generator refuses and those with webhooks
only, each printed with its reason): generate the client, serve the document (bundled into
one file; for a sample, trimmed to the sampled operations and what they reach), call every
operation (corpus_judges.py says which calls) and judge requests and answers. One line per
spec and peer is printed at the end of the run: `wire[SPEC/PEER]: requests valid N/N,
responses parsed M/M`, with what is counted apart and why.

The default run calls every operation of the small specs and a fixed, seeded sample of
SAMPLE_SIZE operations of each large one; `CAMPFIRE_FULL_CORPUS=1` calls every operation of
every spec (README, Wire tests).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests import corpus_repairs
from tests.conftest import require_shared
from tests.wire import corpus
from tests.wire.conftest import SUMMARY
from tests.wire.corpus_judges import (
    HARNESS,
    MODEL_STRICTER,
    PRISM_CRASH,
    CorpusJudge,
    CorpusReport,
    Planner,
)
from tests.wire.corpus_payloads import CorpusValueBuilder
from tests.wire.driver import HTTP_TIMEOUT, Outcome, as_json_data, run_calls
from tests.wire.peers import NotReady, PrismServer, require_prism
from tests.wire.recording_server import RecordingServer

WORKERS = 6
PRISM_START_TIMEOUT = 900.0
"""Prism reads Stripe's document for minutes (see README, Wire tests)."""
PRISM_HTTP_TIMEOUT = 240.0
"""Prism answers one request at a time, and its dynamic mode spends 10-20 s building a body
of megabytes for a schema that reaches itself (DigitalOcean's genai workspaces, 4.7 MB): calls
queued behind a few of those wait minutes on the shared machine, where 30 s timed out."""
PRISM_DEFAULT_BELOW_BYTES = 700_000
"""In the default run, Prism serves only documents (or samples) smaller than this: above it,
its start-up alone costs a minute or more of CPU; CAMPFIRE_FULL_CORPUS=1 serves them all."""


def _ids(entry: dict[str, Any]) -> str:
    return str(entry["name"])


def generate(spec: corpus.CorpusSpec, out: Path) -> Any:
    """The client of the whole spec, written from the IR already built, and imported."""
    from generator.render import render_package

    for name, text in render_package(spec.ir).files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(spec.package)
    finally:
        sys.path.remove(str(out))


def served_document(spec: corpus.CorpusSpec, folder: Path) -> Path:
    """The file Prism serves: the spec itself, or for a sample the bundled document trimmed
    to the sampled operations; where the example data holds URL `$ref`s (Square), the
    bundled document with those renamed (`corpus.example_refs_renamed`)."""
    in_data = corpus.remote_refs_in_data(spec.document)
    if not spec.sampled and not in_data:
        return spec.file  # Prism follows a split document's references itself
    document = corpus.trimmed(spec.document, spec.ops) if spec.sampled else spec.document
    if in_data:
        document = corpus.example_refs_renamed(document)
    path = folder / f"{spec.name}.json"
    path.write_text(json.dumps(document), "utf-8")
    return path


@pytest.mark.parametrize("entry", corpus.entries(), ids=_ids)
def test_corpus_spec_on_the_wire(entry: dict[str, Any],
                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    require_shared(corpus.CORPUS / "manifest.json")
    name = entry["name"]
    reason = corpus.exclusion(entry)
    if reason is not None:
        SUMMARY.append(f"wire[{name}]: not run: {reason}")
        assert name in corpus.REFUSED or entry["webhook_operations"] > 0
        return
    require_prism()
    repaired = corpus_repairs.note(name)
    if repaired:
        SUMMARY.append(f"wire[{name}]: the published document is refused; run with {repaired}")
    started = time.monotonic()
    spec = corpus.load(entry)
    folder = tmp_path_factory.mktemp(f"wire-{name}")
    client = generate(spec, folder)
    models = importlib.import_module(f"{spec.package}.models")
    served = served_document(spec, folder)
    # One Prism answers both ways: from the spec's examples, and generated (seeded) for
    # calls that carry `Prefer: dynamic=true` (half the start-ups of two processes).
    size = served.stat().st_size
    prism: PrismServer | None = None
    in_data = corpus.remote_refs_in_data(spec.document)
    # Those served renamed; any left (outside example data) would keep Prism off.
    left = corpus.remote_refs_in_data(corpus.example_refs_renamed(spec.document)) \
        if in_data else []
    if in_data:
        SUMMARY.append(f"wire[{name}/prism]: served with the URL $refs of its example data "
                       f"({len(in_data)} distinct URLs) renamed `x-example-ref`: Prism "
                       "dereferences $ref in example data too and cannot download them "
                       "offline (peer limitation)")
    if left:
        SUMMARY.append(f"wire[{name}/prism]: not run: the served document still refers to "
                       f"{left[0]}, which Prism cannot download offline")
    elif corpus.FULL or size < PRISM_DEFAULT_BELOW_BYTES:
        prism = PrismServer(Path(served), folder / "prism.log", dynamic=False,
                            start_timeout=PRISM_START_TIMEOUT)
        prism.command += ["--seed", "campfire-wire"]
        prism.start()
    recorder_document = (corpus.trimmed(spec.document, spec.ops) if spec.sampled
                         else spec.document)
    recorder = RecordingServer(recorder_document, None, form_style=spec.ir.form_style.value,
                               answers=lambda fill: CorpusValueBuilder(
                                   recorder_document, direction="read", oas31=spec.oas31,
                                   fill="required" if fill == "required" else "all"))
    recorder.start()
    reports: list[CorpusReport] = []
    timings = []
    try:
        prepared = time.monotonic()
        reports.append(sweep(spec, client, models, "openapi-core", recorder.base_url,
                             recorder=recorder))
        if prism is not None:
            try:
                prism.wait_ready()
            except NotReady:
                # Stripe's 4 MB document: measured, named, and the recorder's line kept.
                SUMMARY.append(f"wire[{name}/prism]: not run: Prism did not become ready "
                               f"within {PRISM_START_TIMEOUT:.0f} s on {size / 1e6:.1f} MB "
                               f"({prism_cpu(prism):.1f} s of CPU; peer limitation)")
                prism.stop()
                prism = None
        if prism is not None:
            timings.append(f"served {size / 1e6:.2f} MB; Prism ready "
                           f"{time.monotonic() - prepared:.1f} s after the recorder's sweep "
                           f"began ({prism_cpu(prism):.1f} s of CPU)")
            for mode in ("static", "dynamic"):
                reports.append(sweep(spec, client, models, f"prism-{mode}", prism.base_url,
                                     prism=mode))
        elif not left and not (corpus.FULL or size < PRISM_DEFAULT_BELOW_BYTES):
            SUMMARY.append(f"wire[{name}/prism]: not run by default: Prism would read "
                           f"{size / 1e6:.1f} MB (over {PRISM_DEFAULT_BELOW_BYTES / 1e6:.1f} MB "
                           "costs minutes of CPU); CAMPFIRE_FULL_CORPUS=1 runs it")
    finally:
        recorder.stop()
        if prism is not None:
            prism.stop()
    for report in reports:
        SUMMARY.extend(report.lines())
    SUMMARY.append(f"  {name}: loaded and generated in {prepared - started:.1f} s, "
                   + "".join(f"{t}, " for t in timings)
                   + f"{time.monotonic() - started:.1f} s in all")
    problems = [report.failure_text() for report in reports
                if report.request_problems or report.response_problems]
    assert not problems, "\n\n".join(problems)
    for report in reports:
        assert report.requested, f"{name}/{report.peer}: no operation was called"


def prism_cpu(prism: PrismServer) -> float:
    """CPU seconds the Prism process has used (Linux /proc; 0 elsewhere)."""
    process = prism._process
    try:
        fields = Path(f"/proc/{process.pid if process else 0}/stat").read_text().split()
    except OSError:
        return 0.0
    ticks = int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def sweep(spec: corpus.CorpusSpec, client: Any, models: Any, peer: str, base_url: str, *,
          recorder: RecordingServer | None = None, prism: str | None = None) -> CorpusReport:
    planner = Planner(spec, models, js_safe=True,
                      headers={"Prefer": "dynamic=true"} if prism == "dynamic" else None,
                      array_headers=prism is not None)
    calls = planner.calls()
    outcomes = run_calls(client, base_url, calls, workers=WORKERS, keepalive=prism is None,
                         timeout=HTTP_TIMEOUT if prism is None else PRISM_HTTP_TIMEOUT)
    report = CorpusReport(spec.name, peer)
    if prism is not None:
        report.notes.append(PRISM_CRASH)
    if spec.sampled:
        report.sampled = (f"a seeded sample of {len(spec.ops)} operations; "
                          "CAMPFIRE_FULL_CORPUS=1 calls all")
    judge = CorpusJudge(spec, client, models)
    for cause, found in ((HARNESS, planner.unbuilt), (MODEL_STRICTER, planner.stricter)):
        for op_name, why in found.items():
            report.set_apart(cause, next(op for op in spec.ops if op.name == op_name), why)
    for outcome in outcomes:
        judge.request(outcome, report, recorder)
        judge.response(outcome, report, prism=prism)
    _async_twins(outcomes, report)
    for scheme in spec.ir.security.schemes:
        sent = any(o.call.label == f"auth:{scheme.keyword}" for o in outcomes)
        report.schemes[scheme.keyword] = "called alone" if sent else (
            "not offered by any operation called")
    return report


def _async_twins(outcomes: list[Outcome], report: CorpusReport) -> None:
    """An async call must end as its sync twin did, and read the same body the same way
    (Prism's dynamic mode may answer the same request with another body even when seeded:
    different bodies are each judged on their own)."""
    sync = {o.call.op.name: o for o in outcomes if o.call.label == "all"}
    for outcome in outcomes:
        if outcome.call.label != "async":
            continue
        twin = sync[outcome.call.op.name]
        if (outcome.status, type(outcome.error)) != (twin.status, type(twin.error)):
            report.problem("response", outcome, f"async {outcome.describe()}, sync "
                                                f"{twin.describe()}")
        elif outcome.result is not None and twin.result is not None and (
                outcome.content == twin.content) and (
                json.dumps(as_json_data(outcome.result.parsed), default=str)
                != json.dumps(as_json_data(twin.result.parsed), default=str)):
            report.problem("response", outcome, "async parsed differs from sync parsed")

