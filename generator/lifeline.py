"""Child processes that end when the process that started them ends, however it ends.

The validation worker and black's pool workers are forked children. Killed with SIGKILL
(a build script's timeout, say), a parent cannot stop them, and nothing else would: an
orphaned worker validating a pathological spec spun for minutes. So each child, first
thing, binds itself to its parent twice over:

- on Linux, `prctl(PR_SET_PDEATHSIG, SIGKILL)`: the kernel kills the child when the
  thread that forked it ends (the CLI forks from its main thread, so: the process);
- everywhere, a `Lifeline`: a pipe whose write end only the parent holds. A thread of
  the child blocks reading it and ends the child at end-of-file, which comes when the
  parent closes it or is gone. Where children are not forked (no fd to inherit), the
  thread watches the parent's pid instead.

Children also ignore Ctrl-C: the parent handles it and ends them, so no child prints a
`KeyboardInterrupt` traceback; and a SIGTERM or SIGHUP ends a child the default way,
not through the Python handler it inherited from the parent (which would raise in the
child). These signals are blocked while forking, until the child has set them so.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_PARENT_POLL_SECONDS = 0.5
# How a child takes the signals a parent may have handlers for.
_CHILD_SIGNALS = {signal.SIGINT: signal.SIG_IGN, signal.SIGTERM: signal.SIG_DFL}
if hasattr(signal, "SIGHUP"):
    _CHILD_SIGNALS[signal.SIGHUP] = signal.SIG_DFL

# Write ends of the lifelines this process holds: a forked child closes its copies of
# all of them, so that each stays held by its own parent alone.
_held: set[int] = set()


class Lifeline:
    """The parent's side: create it before forking the children it is for; `close()`
    it (or end) and they end."""

    def __init__(self) -> None:
        self.parent = os.getpid()
        self.read_fd, self.write_fd = os.pipe()
        _held.add(self.write_fd)

    def close(self) -> None:
        if self.write_fd in _held:
            _held.discard(self.write_fd)
            os.close(self.write_fd)
            os.close(self.read_fd)

    def child_args(self) -> tuple[int, int | None]:
        """What a forked child passes to `bind_to_parent`."""
        return self.parent, self.read_fd


def bind_to_parent(parent: int, read_fd: int | None) -> None:
    """In a child, first thing: end when `parent` ends, ignore Ctrl-C, and end quietly
    on SIGTERM and SIGHUP.

    `read_fd`: the read end of the parent's `Lifeline` (inherited by forking), or None
    where the child was not forked from `parent` directly."""
    for signum, disposition in _CHILD_SIGNALS.items():
        signal.signal(signum, disposition)
    if hasattr(signal, "pthread_sigmask"):  # not on Windows
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(_CHILD_SIGNALS))
    _kill_me_with_my_parent()
    for held in list(_held):  # the parent's, inherited: only the parent may hold them
        _held.discard(held)
        with contextlib.suppress(OSError):
            os.close(held)
    if read_fd is not None:
        if os.getppid() != parent:  # the parent ended before the lines above ran
            os._exit(0)
        watch = threading.Thread(target=_watch_pipe, args=(read_fd,), daemon=True)
    else:
        watch = threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True)
    watch.start()


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP held back for the block; the process gets them right
    after. Around a fork, a child starts with them blocked until it has set them its
    way (`bind_to_parent`); around the writer's switch, they wait until the tree is
    whole again."""
    if threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "pthread_sigmask"):
        yield  # Python handles signals in the main thread only; Windows cannot block
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, set(_CHILD_SIGNALS))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _kill_me_with_my_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # no prctl here: the lifeline alone will do
        pass


def _watch_pipe(read_fd: int) -> None:
    while True:
        try:
            if not os.read(read_fd, 1):
                break
        except InterruptedError:
            continue
        except OSError:
            break
    os._exit(0)  # the parent is gone or has let go: nothing here is worth finishing


def _watch_parent(parent: int) -> None:
    stopped = threading.Event()
    while not stopped.wait(_PARENT_POLL_SECONDS):
        if os.getppid() != parent:
            os._exit(0)
