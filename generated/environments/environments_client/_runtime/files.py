"""Files to upload, from what a caller has: `Upload`, a path, an open binary file or bytes.

Each becomes an `Upload` only when the request is built: a path is read then (its file
name and media type come from the path), an open file is read then (its name from its
`.name`). Django reads a multipart part as a file only when it has a file name, so a
file without one (bytes, an `Upload` without `file_name`, a file object with no name)
gets one: the field's name, with an extension where the content says for certain what
it is (a short table of signatures: PNG, JPEG, GIF, WebP, TIFF, PDF, ZIP, gzip), and
its media type with it. Django's ImageField refuses a name without an image extension
("File extension “” is not allowed"); an image in one of those formats gets one.

An async client takes no open file object: reading it would block the event loop (a
pipe or a socket may block for good), and an async file's `read()` is a coroutine. It
takes bytes, `Upload` or a path (a local file, read at once) instead; a file object there
is an EncodingError before anything is sent.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from typing import Final

from .errors import EncodingError
from .values import Upload

BLOCKING_READS: Final = ContextVar("BLOCKING_READS", default=True)
"""False while an async client encodes a body: open file objects are refused."""

_OCTET_STREAM = "application/octet-stream"

# Signatures that name a format for certain: (prefix, extension, media type).
_SIGNATURES: Final = (
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"GIF87a", "gif", "image/gif"),
    (b"GIF89a", "gif", "image/gif"),
    (b"II*\x00", "tif", "image/tiff"),
    (b"MM\x00*", "tif", "image/tiff"),
    (b"%PDF-", "pdf", "application/pdf"),
    (b"PK\x03\x04", "zip", "application/zip"),
    (b"\x1f\x8b\x08", "gz", "application/gzip"),
)


def is_file(value: object) -> bool:
    """Whether a value is a file to upload (bytes, `Upload`, a path, an open file)."""
    return isinstance(value, (bytes, Upload, os.PathLike)) or _is_file_object(value)


def _is_file_object(value: object) -> bool:
    read = getattr(value, "read", None)
    return callable(read) and not isinstance(value, (str, bytes))


def upload_of(value: object, name: str, where: tuple[str | int, ...] = ()) -> Upload:
    """The `Upload` of a file value, with a file name (`name`, the field's, when it has
    none of its own); `where`: the field's path, for errors."""
    if isinstance(value, Upload):
        if value.file_name:
            return value
        return _named(value.content, name, value.mime_type)
    if isinstance(value, bytes):
        return _named(value, name, _OCTET_STREAM)
    if isinstance(value, os.PathLike):
        return _from_path(value, where)
    if _is_file_object(value):
        return _from_file_object(value, name, where)
    raise EncodingError(f"cannot send {type(value).__name__} as a file", where)


def _named(content: bytes, name: str, mime_type: str) -> Upload:
    """A file name for content that has none: `name`, and the extension (and media
    type, when none was given) of the format its first bytes name for certain."""
    base = os.path.basename(name.replace("\\", "/")) or "upload"
    for signature, extension, media_type in _SIGNATURES:
        if content.startswith(signature):
            return Upload(
                content,
                f"{base}.{extension}",
                media_type if mime_type == _OCTET_STREAM else mime_type,
            )
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        media_type = "image/webp" if mime_type == _OCTET_STREAM else mime_type
        return Upload(content, f"{base}.webp", media_type)
    return Upload(content, base, mime_type)


def _from_path(path: os.PathLike[str], where: tuple[str | int, ...]) -> Upload:
    import mimetypes  # here: only a path needs it

    location = os.fspath(path)
    try:
        with open(location, "rb") as file:
            content = file.read()
    except OSError as error:
        raise EncodingError(
            f"cannot read the file {location!r}: {error.strerror or error}", where
        ) from None
    file_name = os.path.basename(location)
    media_type, _ = mimetypes.guess_type(file_name)
    return Upload(content, file_name, media_type or _OCTET_STREAM)


def _from_file_object(file: object, name: str, where: tuple[str | int, ...]) -> Upload:
    if not BLOCKING_READS.get():
        raise EncodingError(
            "an async client does not read an open file (reading it would block the "
            "event loop): pass its bytes, Upload(content, file_name=...) or its path "
            "(pathlib.Path) instead",
            where,
        )
    content = file.read()  # type: ignore[attr-defined]
    if not isinstance(content, bytes):
        raise EncodingError(
            "a file to upload must be opened in binary mode (open(path, 'rb')): its "
            f"read() gave {type(content).__name__}, not bytes",
            where,
        )
    own = getattr(file, "name", None)
    if isinstance(own, str) and os.path.basename(own):
        import mimetypes

        media_type, _ = mimetypes.guess_type(own)
        return Upload(content, os.path.basename(own), media_type or _OCTET_STREAM)
    return _named(content, name, _OCTET_STREAM)
