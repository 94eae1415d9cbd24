"""The values a caller hands in or gets back beside the models: UNSET, Upload,
FileInput, Response."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Final, Generic, Literal, TypeAlias, TypeVar

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")


class Unset(enum.Enum):
    """Marks a field or argument the caller did not set: it is left out of the request."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = Unset.UNSET


class _Missing(enum.Enum):
    MISSING = "MISSING"


MISSING: Final = _Missing.MISSING
"""Default for a required property absent from a payload; decoding reports it."""


class _Invalid(enum.Enum):
    INVALID = "INVALID"


INVALID: Final = _Invalid.INVALID
"""What a decoder returns for a value that does not fit (with an issue reported): the
partial result then leaves that field UNSET (`drift.py`). Never seen by a caller."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found while decoding: where (a JSON path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


SECRET_HEADERS: Final = frozenset(
    {"authorization", "cookie", "set-cookie", "proxy-authorization"}
)
"""Headers whose values no repr, log line or error shows (with the API's key header)."""


def redacted(
    headers: httpx.Headers, names: frozenset[str] = SECRET_HEADERS
) -> httpx.Headers:
    """The headers with the values of `names` replaced (themselves when none is there)."""
    copy = headers
    for name in names:
        if name in headers:
            copy = headers.copy() if copy is headers else copy
            copy[name] = "[redacted]"
    return copy


@dataclass(frozen=True, slots=True)
class Response(Generic[T]):
    """A whole HTTP response: status, headers, raw body and the parsed body; `issues`
    lists where a body returned leniently does not fit its schema, `retries` how many
    times the call was tried again before this answer."""

    status_code: int
    headers: httpx.Headers
    content: bytes
    parsed: T
    issues: tuple[Issue, ...] = ()
    retries: int = 0
    url: str = ""
    """The URL that answered, without its query or user info (where a relative link in
    the response points from); empty where unknown."""

    def __repr__(self) -> str:
        return (
            f"Response(status_code={self.status_code}, "
            f"headers={redacted(self.headers)!r}, "
            f"parsed={self.parsed!r}, issues={self.issues!r}, retries={self.retries})"
        )


@dataclass(frozen=True, slots=True)
class Upload:
    """A file to upload: its bytes, and optionally a file name and media type."""

    content: bytes
    file_name: str | None = None
    mime_type: str = "application/octet-stream"


FileInput: TypeAlias = bytes | Upload | os.PathLike[str] | BinaryIO
"""What a file field takes: bytes, an `Upload` (bytes with a file name and media type),
a path (`pathlib.Path`, read when the request is built; its name and media type come
from the path) or a file opened in binary mode (sync clients only: `files.py`)."""
