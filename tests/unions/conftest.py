"""The per-spec summary lines of the union tests, printed at the end of every run (through
tests/reporting.py, so that they reach the closing summary under pytest-xdist too)."""

from __future__ import annotations

from tests.reporting import section

SUMMARY = section("unions summary")
