"""The command's entry point: quiet on Ctrl-C from its first moment.

Importing the command line takes a few tens of milliseconds; a Ctrl-C in that time would
print a KeyboardInterrupt traceback. Until `cli.main` installs its own handlers, an
interruption ends the process with one line (nothing has been read or written yet).
"""

from __future__ import annotations

import os
import signal


def _quit(signum: int, frame: object) -> None:
    os.write(2, b"campfire-codegen: interrupted before starting; nothing was changed\n")
    os._exit(128 + signum)


def run() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _quit)
    from generator.cli import main

    raise SystemExit(main())
