"""Stage 6: format the generated sources with black, in-process, across cores."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

LINE_LENGTH = 88  # black's and ruff's default, so that both agree on the output
_PARALLEL_THRESHOLD = 40  # below this many files a process pool costs more than it saves


def _format_one(item: tuple[str, str]) -> tuple[str, str]:
    from black import format_str
    from black.mode import Mode, TargetVersion
    from black.parsing import InvalidInput

    path, source = item
    if not path.endswith(".py"):
        return path, source
    mode = Mode(target_versions={TargetVersion.PY311}, line_length=LINE_LENGTH)
    try:
        return path, format_str(source, mode=mode)
    except InvalidInput as error:  # a generator bug, never the user's input
        raise RuntimeError(f"generated {path} is not valid Python: {error}") from None


def format_files(files: dict[str, str], workers: int | None = None) -> dict[str, str]:
    items = sorted(files.items())
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(items) < _PARALLEL_THRESHOLD:
        return dict(_format_one(item) for item in items)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(_format_one, items, chunksize=max(1, len(items) // (workers * 4))))
