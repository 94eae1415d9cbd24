"""Which rendered files the printer could not lay out the way black would.

The printer (`render/layout.py`) marks a line it cannot vouch for; the filters hand their
lines to `printed`, which reports such a line to the file being rendered. Only those
files go through black in the format stage: the shortcut rests on what the printer
decided, not on reading the output again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from generator.render.layout import settled

_UNSETTLED: ContextVar[list[bool] | None] = ContextVar("unsettled", default=None)


def printed(lines: list[str]) -> str:
    """`lines` as one piece of text; if one of them is not black's, the file being
    rendered is marked for black."""
    if not settled(lines):
        flag = _UNSETTLED.get()
        if flag is not None:
            flag[0] = True
    return "\n".join(lines)


@contextmanager
def rendering() -> Iterator[list[bool]]:
    """Around the rendering of one file: yields a flag, `[True]` afterwards when a line
    of the file is one black may lay out otherwise."""
    flag = [False]
    token = _UNSETTLED.set(flag)
    try:
        yield flag
    finally:
        _UNSETTLED.reset(token)
