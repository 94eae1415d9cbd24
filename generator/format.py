"""Stage 6: every generated file formatted exactly as black formats it.

The templates already lay code out the way black does (render/layout.py), so black is
run only on the files that may still differ: those with a code line longer than black's
limit. Black runs in-process, in parallel when there are many such files, and its
output is cached by content (see format_cache.py). tests/test_formatting.py checks the
claim behind the shortcut: black leaves every generated file as it is.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator import lifeline
from generator.format_cache import FormatCache, default_cache_dir
from generator.style import INDENT, LINE_LENGTH

_PARALLEL_THRESHOLD = 24  # below this many files a process pool costs more than it saves


# Long lines black cannot split, so leaves as they are: a comment, a lone string
# literal or a `"key": "value",` entry, the head of an import, a lone name.
_STRING = r"""f?(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
_UNSPLITTABLE = re.compile(
    rf"""\s*(?:#.*|{_STRING},?|{_STRING}: {_STRING},"""
    r"""|from \S+ import \(|class \w+\(|\w+ = \(|[\w.]+(?: as \w+)?,?|\) -> [\w.]+:)\Z"""
)


# `name = call(` with `name = (` too long as well: black splits only the call's brackets.
_LONG_CALL_HEAD = re.compile(r"(\s*\w+ = )[\w.]+\(\Z")
# A field annotated with one plain name and no default, or a name given one string: black
# wraps the right side in parentheses when that makes it fit (the layout then did so),
# else leaves the line long.
_NAMED_FIELD = re.compile(r"(\s*)\w+: (\w+)\Z")
_NAMED_STRING = re.compile(rf"(\s*)\w+ = ({_STRING})\Z")


def needs_black(source: str) -> bool:
    """True when a code line (docstrings aside) is longer than black allows and could
    be split. Every other line already has black's layout: the templates emit it so."""
    inside_docstring = False
    lines = source.split("\n")
    for index, line in enumerate(lines):
        if inside_docstring:
            inside_docstring = '"""' not in line
            continue
        if line.lstrip().startswith('"""'):  # the templates open docstrings on a line
            inside_docstring = line.count('"""') == 1
            continue
        if len(line) > LINE_LENGTH and not _unsplittable(line) and not _kept_call_head(
                line, lines[index + 1:index + 3]):
            return True
    return False


def _kept_call_head(line: str, after: list[str]) -> bool:
    """`name = call(` too long, its one argument on the next line and `)` after it: black
    keeps that when the argument would not fit inside parentheses around the call either
    (two steps further in), which is the only case the layout writes it."""
    head = _LONG_CALL_HEAD.match(line)
    if head is None or len(after) < 2:
        return False
    indent = line[:len(line) - len(line.lstrip())]
    argument, closing = after
    return (closing == f"{indent})" and argument.startswith(indent + "    ")
            and not argument.rstrip().endswith(",")
            and len(argument) + len(INDENT) > LINE_LENGTH)


def _unsplittable(line: str) -> bool:
    if _UNSPLITTABLE.match(line):
        return True
    call_head = _LONG_CALL_HEAD.match(line)
    if call_head is not None:
        return len(call_head[1]) + 1 > LINE_LENGTH
    named = _NAMED_FIELD.match(line) or _NAMED_STRING.match(line)
    return named is not None and len(named[1]) + 4 + len(named[2]) > LINE_LENGTH


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


def format_files(files: dict[str, str], *, cache_dir: Path | None = None,
                 workers: int | None = None) -> dict[str, str]:
    formatted = dict(files)
    pending = sorted((path, source) for path, source in files.items()
                     if path.endswith(".py") and needs_black(source))
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
