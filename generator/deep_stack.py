"""Room for the stages that recurse once per level of a schema.

The model stage follows a type's items, unions and `allOf` wrappers by recursion, five
to six frames a level: a valid document nesting a few hundred levels (the load stage
allows `load.limits.MAX_DEPTH`) needs more frames than Python's default limit of 1,000,
and more C stack than a thread has by default. Such work runs here, in a thread of its
own with a large stack and a limit of frames to match.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from generator.load.limits import MAX_DEPTH

R = TypeVar("R")

FRAMES_PER_LEVEL = 20
"""Frames allowed per level the load stage allows: the model's five or six, and the
comparisons and hashes of its type trees, with room to spare."""

STACK_BYTES = 512 * 1024 * 1024
"""The thread's stack: address space reserved, used only as deep as the recursion goes."""


def deep_call(work: Callable[[], R]) -> R:
    """`work()`, run where it may recurse `FRAMES_PER_LEVEL` frames per allowed level;
    what it raises is raised here."""
    outcome: list[R] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # noqa: BLE001 - raised in the caller's thread
            failure.append(error)

    frames = max(sys.getrecursionlimit(), FRAMES_PER_LEVEL * MAX_DEPTH + 1_000)
    previous_size = threading.stack_size(STACK_BYTES)
    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(frames)
    try:
        worker = threading.Thread(target=run, name="campfire-codegen-model", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous_size)
    try:
        worker.join()
    finally:
        sys.setrecursionlimit(previous_limit)
    if failure:
        raise failure[0]
    return outcome[0]
