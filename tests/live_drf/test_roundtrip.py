"""The round trip through a generated client and the live DRF service (issue 10 item 3).

A client generated at test time from the service's own schema (both layouts: drf-spectacular's
split one and Campfire's unsplit one) calls every operation, and every write in every
encoding the schema offers is read back from the database field by field
(tests/live_drf/roundtrip.py). Run with `-s` to see the summary:

    drf-live: operations 34/34, writes verified 54/60 (json 19, form 17, multipart 18), refused before sending 6 (all expected), fields lost 0

Asserted: every operation called; no field lost; every refusal expected (EXPECTED_REFUSALS:
a value DRF cannot read in that encoding, refused before sending) and every expected
refusal met; the drift views behave as documented in strict and lenient mode; the only
schema limitation is the unsplit layout's upload described as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.live_drf.roundtrip import run
from tests.live_drf.server import LiveServer


@pytest.mark.parametrize("layout", ["split", "unsplit"])
def test_every_operation_called_and_every_field_arrives(
        layout: str, drf_server: LiveServer, drf_schemas: dict[str, Path],
        tmp_path: Path) -> None:
    summary = run(layout, server=drf_server, schema=drf_schemas[layout], workdir=tmp_path)
    report = "\n".join(summary.report())
    print(f"\n# {layout} layout ({summary.seconds:.1f} s)\n{report}")
    # Plain values, not the Summary: its repr would drown the report.
    shortfalls = summary.shortfalls
    assert shortfalls == {}, report
    limited = sorted(summary.limited)
    assert limited == ([] if layout == "split" else ["coa_api_v1_attachment_create"]), report
