"""The per-spec summary lines of the union tests, printed at the end of every run."""

from __future__ import annotations

from typing import Any

SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SUMMARY:
        terminalreporter.section("unions summary")
        for line in SUMMARY:
            terminalreporter.write_line(line)
