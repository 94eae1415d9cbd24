"""Black's output, cached by the content it was given.

The key is a hash of the unformatted text, black's version and the options, so a new
black or new options never reuse old entries. Entries are written to a temporary file
and renamed into place (safe when two runs write the same entry at once) and carry a
hash of their own content, so a truncated or corrupt entry is ignored, never used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from generator.style import LINE_LENGTH

_FORMAT = "v1"


def default_cache_dir() -> Path:
    configured = os.environ.get("CAMPFIRE_CODEGEN_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "campfire-codegen"


def _black_version() -> str:
    from importlib.metadata import version

    return version("black")


class FormatCache:
    def __init__(self, root: Path) -> None:
        self._dir = root / "black"
        self._salt = f"{_FORMAT}|black {_black_version()}|py311|{LINE_LENGTH}|"

    def _path(self, source: str) -> Path:
        digest = hashlib.sha256((self._salt + source).encode("utf-8")).hexdigest()
        return self._dir / digest[:2] / digest

    def get(self, source: str) -> str | None:
        try:
            data = self._path(source).read_bytes()
        except OSError:
            return None
        check, _, body = data.partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode("ascii") != check:
            return None  # truncated or corrupt: formatted again, and rewritten
        return body.decode("utf-8")

    def put(self, source: str, formatted: str) -> None:
        path = self._path(source)
        body = formatted.encode("utf-8")
        data = hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
