"""The command's entry point: quiet on Ctrl-C from its first moment.

Importing the command line takes a few tens of milliseconds; a Ctrl-C in that time would
print a KeyboardInterrupt traceback. Until `cli.main` installs its own handlers, an
interruption ends the process with one line (nothing has been read or written yet).
"""

from __future__ import annotations

# The C module, not `signal`: importing `signal` builds its enums (about 1.5 ms), a window
# in which a Ctrl-C would still print a traceback. (typeshed has no stub for it.)
import _signal  # type: ignore[import-not-found]
import os


def _quit(signum: int, frame: object) -> None:
    os.write(2, b"campfire-codegen: interrupted before starting; nothing was changed\n")
    os._exit(128 + signum)


def run() -> None:
    for signum in (_signal.SIGINT, _signal.SIGTERM):
        _signal.signal(signum, _quit)
    import sys

    from generator.quick_check import answer

    # The no-op `generate --check`, answered without importing the command line.
    if answer(sys.argv[1:]) == 0:
        raise SystemExit(0)
    from generator.cli import main

    raise SystemExit(main())
