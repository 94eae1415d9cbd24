"""The round trip through a generated client and the expense claims service, in each of
its variants (issue 16 item 10; tests/live_drf/expenses_roundtrip.py). Run with `-s` to
see each variant's line, `drf-live[expenses]: ...`, and every refusal, loss and failure.

Asserted as for the ledger (tests/live_drf/test_roundtrip.py): every operation called, no
field lost, every refusal expected and every expected refusal met, no failure (a failure
line names the operation, the encoding and the reason, the client feature too), and every
write verified or refused.

It drives the client of issue 16's items 2 to 9: auth keywords per scheme, `_iter` and
`_pages` on every DRF paginator, uploads from paths, files and bytes, None as an empty
form value, `server_timezone=` (read and sent: the `naive` variant has USE_TZ = False),
`field_errors`.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.live_drf.expenses import VARIANTS
from tests.live_drf.expenses_roundtrip import run
from tests.live_drf.server import LiveServer


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_operation_called_and_every_field_arrives(
        variant: str, expenses_servers: dict[str, LiveServer],
        expenses_schemas: dict[str, Path], expenses_orm: ModuleType, tmp_path: Path) -> None:
    summary = run(variant, server=expenses_servers[variant], schema=expenses_schemas[variant],
                  workdir=tmp_path, orm=expenses_orm)
    report = "\n".join(summary.report())
    print(f"\n# {variant} ({summary.seconds:.1f} s)\n{report}")
    # Plain values, not the Summary: its repr would drown the report.
    shortfalls = summary.shortfalls
    assert shortfalls == {}, report
