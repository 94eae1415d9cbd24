"""Stage 6: every generated file formatted exactly as black formats it.

The printer already lays code out the way black does (render/layout.py), so black is
run only on the files it names: those with a line it could not lay out black's way.
Black runs in-process, in parallel when there are many such files, and its output is
cached by content (see format_cache.py). tests/test_formatting.py checks the claim
behind the shortcut: black leaves every generated file as it is.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Collection
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator import lifeline
from generator.format_cache import FormatCache, default_cache_dir
from generator.style import LINE_LENGTH

_PARALLEL_THRESHOLD = 24  # below this many files a process pool costs more than it saves


def black_format(item: tuple[str, str]) -> tuple[str, str]:
    from black import format_str
    from black.mode import Mode, TargetVersion
    from black.parsing import InvalidInput

    path, source = item
    mode = Mode(target_versions={TargetVersion.PY311}, line_length=LINE_LENGTH)
    try:
        return path, format_str(source, mode=mode)
    except InvalidInput as error:  # a generator bug, never the user's input
        raise RuntimeError(f"generated {path} is not valid Python: {error}") from None


def format_files(files: dict[str, str], for_black: Collection[str], *,
                 cache_dir: Path | None = None, workers: int | None = None) -> dict[str, str]:
    """`files` with black run on those named in `for_black`."""
    formatted = dict(files)
    pending = sorted((path, files[path]) for path in for_black)
    if not pending:
        return formatted
    cache = FormatCache(cache_dir if cache_dir is not None else default_cache_dir())
    missing = []
    for path, source in pending:
        cached = cache.get(source)
        if cached is None:
            missing.append((path, source))
        else:
            formatted[path] = cached
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(missing) < _PARALLEL_THRESHOLD:
        results = [black_format(item) for item in missing]
    else:
        results = _in_pool(missing, workers)
    sources = dict(missing)
    for path, output in results:
        formatted[path] = output
        cache.put(sources[path], output)
    return formatted


def _in_pool(missing: list[tuple[str, str]], workers: int) -> list[tuple[str, str]]:
    """black on every file, in a pool of forked workers that end with this process
    however it ends (generator/lifeline.py) and leave Ctrl-C to it."""
    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork") if forking else None
    line = lifeline.Lifeline()
    # A child not forked from here cannot inherit the pipe: it watches its parent's pid.
    child_args = line.child_args() if forking else (line.parent, None)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=lifeline.bind_to_parent, initargs=child_args)
    try:
        with lifeline.signals_blocked():  # the workers are forked while the work is handed out
            outputs = pool.map(black_format, missing,
                               chunksize=max(1, len(missing) // (workers * 4)))
        results = list(outputs)
    except BaseException:
        # Ctrl-C or a failure: the workers need not finish what is queued.
        pool.shutdown(wait=False, cancel_futures=True)
        line.close()
        raise
    pool.shutdown()
    line.close()
    return results
