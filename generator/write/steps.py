"""The writer's file-system steps, one function each, and what makes them safe to stop.

Every change the writer makes to the disk goes through this module, so that:
- each step can be counted: a test sets `CAMPFIRE_CODEGEN_STOP_AFTER_STEP=k` and the
  process kills itself (SIGKILL, no cleanup) right after its k-th step, which is how the
  interruption test proves that every stop point is recoverable;
- two runs never write the same folder at once (an advisory lock on the folder itself).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from generator.diagnostics import Diagnostic, GenerationError

STOP_AFTER_STEP = "CAMPFIRE_CODEGEN_STOP_AFTER_STEP"
LOCK_WAIT_SECONDS = 60.0


class _StepCounter:
    """Counts steps; stops the process after the k-th when a test asks for it."""

    def __init__(self) -> None:
        self.count = 0
        self.stop_after = 0

    def arm_from_environment(self) -> None:
        text = os.environ.get(STOP_AFTER_STEP, "")
        self.stop_after = int(text) if text.isdigit() else 0

    def done(self) -> None:
        self.count += 1
        if self.stop_after and self.count >= self.stop_after:
            os.kill(os.getpid(), signal.SIGKILL)


counter = _StepCounter()
counter.arm_from_environment()


def write_file(path: Path, text: str, *, sync: bool = False) -> None:
    """Writes a new file (its folders made as needed); `sync` flushes it to the disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    counter.done()


def move(source: Path, target: Path) -> None:
    """Renames `source` onto `target` (atomic on one file system), making its folders."""
    try:
        os.replace(source, target)
    except FileNotFoundError:
        if not source.exists():
            raise
        target.parent.mkdir(parents=True, exist_ok=True)
        counter.done()
        os.replace(source, target)
    counter.done()


def make_folder(path: Path, mode: int | None = None) -> None:
    """Makes a folder (and those above it); `mode`: its permission bits, as given."""
    path.mkdir(parents=True, exist_ok=True)
    if mode is not None:
        os.chmod(path, mode)
    counter.done()


def link(source: Path, target: Path, *, symbolic: bool = False) -> None:
    """Hard-links the file `source` as `target` (one file, two names: same content, same
    modification time); `symbolic`: `source` is a symbolic link, made again at `target`
    with the same text (never followed)."""
    if symbolic:
        os.symlink(os.readlink(source), target)
    else:
        os.link(source, target)  # a regular file: there is no link to follow
    counter.done()


def exchange(first: Path, second: Path) -> None:
    """Swaps two entries of one file system in a single atomic step: whatever looks sees
    either both old names or both new ones (Linux: renameat2 with RENAME_EXCHANGE).
    Raises OSError (ENOSYS where there is no such call, EINVAL or ENOTSUP where the file
    system has none)."""
    call = _renameat2()
    if call is None:
        raise OSError(errno.ENOSYS, "no atomic exchange on this system", str(first))
    if call(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
            _RENAME_EXCHANGE) != 0:
        import ctypes

        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), str(first), None, str(second))
    counter.done()


_AT_FDCWD = -100  # from <fcntl.h>
_RENAME_EXCHANGE = 2  # from <linux/fs.h>


@cache
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """libc's renameat2 (glibc 2.28+, musl 1.2.2+), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint)
    function.restype = ctypes.c_int
    call: Callable[[int, bytes, int, bytes, int], int] = function
    return call


def remove_file(path: Path) -> None:
    path.unlink(missing_ok=True)
    counter.done()


def remove_tree(path: Path) -> None:
    """Removes a folder of the writer's own (staging); links inside are not followed."""
    if not path.is_dir() or path.is_symlink():
        return
    shutil.rmtree(path)
    counter.done()


def prune_empty_folders(path: Path, root: Path) -> None:
    """Removes the now-empty folders above `path`, up to (not including) `root`."""
    parent = path.parent
    try:
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            counter.done()
            parent = parent.parent
    except OSError:
        return  # an empty folder left behind is harmless


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Only one writer per output folder: an advisory lock on the folder itself."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): one writer is assumed
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise GenerationError([Diagnostic(
                        str(folder), "", "another campfire-codegen run is writing this folder",
                        "wait for it to finish, then run again")]) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
