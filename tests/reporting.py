"""Figures the tests print at the end of a run, also when pytest-xdist runs them.

The README's test command runs the suite on two worker processes (pytest-xdist). What a
worker writes to its own terminal reaches no one, and its terminal summary is never shown:
only the controller (the `pytest` process itself) prints. So a line meant for the reader
(`wire[...]: requests valid N/N`, `faults: ...`) is registered here instead:

    from tests.reporting import report, section
    SUMMARY = section("wire summary")   # a titled section of the closing summary
    SUMMARY.append("wire[...]: ...")
    report("faults: ...")               # a line of the section "figures"

A worker hands its lines to the controller when it finishes (`config.workeroutput`,
read in `pytest_testnodedown`); the controller prints every non-empty section at the end
(`pytest_terminal_summary`, hooks in tests/conftest.py). Without xdist the same lines
are printed the same way.
"""

from __future__ import annotations

from typing import Any

FIGURES = "figures"
_OUTPUT_KEY = "campfire_sections"
_SECTIONS: dict[str, list[str]] = {}


def section(title: str) -> list[str]:
    """The lines of the closing summary's section `title` (the same list each time)."""
    return _SECTIONS.setdefault(title, [])


def report(line: str, under: str = FIGURES) -> None:
    """`line` in the closing summary, in the section `under`."""
    section(under).append(line)


def hand_over(config: Any) -> None:
    """On an xdist worker: give this process's lines to the controller."""
    output = getattr(config, "workeroutput", None)
    if output is not None:
        output[_OUTPUT_KEY] = {title: list(lines) for title, lines in _SECTIONS.items()
                               if lines}


def take_over(workeroutput: dict[str, Any]) -> None:
    """On the controller: add the lines a finished worker handed over."""
    for title, lines in workeroutput.get(_OUTPUT_KEY, {}).items():
        section(title).extend(lines)


def print_sections(terminalreporter: Any) -> None:
    for title in sorted(_SECTIONS, key=lambda title: (title == FIGURES, title)):
        lines = _SECTIONS[title]
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)
