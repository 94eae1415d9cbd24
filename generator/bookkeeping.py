"""The generator's own files in an output folder, and whether a run left one unfinished.

Standard library only, and no `re` or `pathlib` work beyond what `Path` does itself: the
no-op `--check` (generator/quick_check.py) reads these before anything else is imported.
`generator/write/` writes and repairs them.
"""

from __future__ import annotations

import os
from pathlib import Path

# Every file the generator owns in the folder (and no other file is written or removed).
MANIFEST = ".campfire-codegen-manifest.json"
# The fast path's record (generator/fastpath.py): kept current, but never by itself a
# reason to call the output stale.
STATE = ".campfire-codegen-state.json"
# A switch in progress (generator/write/switch.py) and the folders it stages the new tree in.
JOURNAL = ".campfire-codegen-journal.json"
STAGING_PREFIX = ".campfire-codegen-staging-"
# Staging folders of versions before the journal (tempfile.mkdtemp names): `.codegen-`
# and 8 of [a-z0-9_].
_LEGACY_PREFIX = ".codegen-"
_LEGACY_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def is_staging(entry: Path) -> bool:
    """Whether `entry` is a staging folder a run left behind (a real folder, no link)."""
    name = entry.name
    legacy = (len(name) == len(_LEGACY_PREFIX) + 8 and name.startswith(_LEGACY_PREFIX)
              and set(name[len(_LEGACY_PREFIX):]) <= _LEGACY_LETTERS)
    named = name.startswith(STAGING_PREFIX) or legacy
    return named and entry.is_dir() and not entry.is_symlink()


def entries(out_dir: Path) -> list[Path]:
    try:
        return [out_dir / name for name in os.listdir(out_dir)]
    except OSError:
        return []


def unfinished(out_dir: Path) -> bool:
    """Whether an earlier run left a switch or a staging folder behind (cheap)."""
    return (out_dir / JOURNAL).exists() or any(is_staging(e) for e in entries(out_dir))
