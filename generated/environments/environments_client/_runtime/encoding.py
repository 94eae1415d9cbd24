"""Request encoding: parameters as text, bodies as JSON, forms, multipart or raw bytes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from .errors import EncodingError
from .json_text import dumps, to_json_value
from .values import UNSET, Upload


def text_value(value: object) -> str:
    """One parameter or form value as text: booleans as JSON, dates as ISO 8601."""
    value = to_json_value(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        # Binary text in a parameter: sent as the text it is.
        return value.decode("utf-8")
    if isinstance(value, Upload):
        raise TypeError("files can only be sent as a request body")
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return dumps(value)
    return str(value)


def path_param(value: object) -> str:
    """A path parameter, percent-encoded so that it can never change the path (a `.` or
    `..` segment too, which URL normalisation would otherwise resolve)."""
    try:
        if isinstance(value, (list, tuple)):
            text = ",".join(quote(text_value(item), safe="") for item in value)
        else:
            text = quote(text_value(value), safe="")
    except EncodingError as error:
        raise error.placed("a path parameter") from None
    return text.replace(".", "%2E") if text in (".", "..") else text


def query_params(
    params: Sequence[tuple[str, object, bool]],
) -> tuple[tuple[str, str], ...]:
    """(name, value, explode) triples to query pairs; unset values are left out."""
    pairs: list[tuple[str, str]] = []
    try:
        for name, value, explode in params:
            if value is UNSET or value is None:
                continue
            if isinstance(value, (list, tuple)):
                if explode:
                    pairs.extend((name, text_value(item)) for item in value)
                else:
                    pairs.append((name, ",".join(text_value(item) for item in value)))
            else:
                pairs.append((name, text_value(value)))
    except EncodingError as error:
        raise error.placed(f"query parameter {name}") from None
    return tuple(pairs)


# The request encodings an operation may offer beside JSON, by combination.
JsonOrForm = Literal["application/json", "application/x-www-form-urlencoded"]
JsonOrMultipart = Literal["application/json", "multipart/form-data"]
JsonFormOrMultipart = Literal[
    "application/json", "application/x-www-form-urlencoded", "multipart/form-data"
]


@dataclass(frozen=True, slots=True)
class Body:
    """An encoded request body."""

    content_type: str
    content: bytes | None = None
    form: list[tuple[str, str]] | None = None


def encode_body(data: object, encoding: str) -> Body:
    """Encode a JSON-ready body (from `to_dict`) in the chosen media type.

    Form encodings: a null is sent as an empty value (Django REST framework reads an
    empty value of a nullable field as null), arrays repeat their key, and nested
    objects are sent as JSON text, as OpenAPI's default encoding for objects says.
    """
    if encoding == "application/json" or encoding.endswith("+json"):
        return Body(encoding, dumps(data).encode("utf-8"))
    if isinstance(data, (bytes, Upload)):
        part = _file_part(data)
        return Body(encoding if encoding != "*/*" else part[2], part[1])
    if isinstance(data, str) and encoding not in _FORMS:
        return Body(encoding, data.encode("utf-8"))  # text/plain and other raw text
    if not isinstance(data, Mapping):
        raise TypeError(f"a {encoding} body must be an object")
    if encoding == "application/x-www-form-urlencoded":
        return Body(encoding, form=_form_pairs(data))
    if encoding == "multipart/form-data":
        return _multipart(data)
    raise TypeError(f"cannot encode a request body as {encoding}")


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _form_pairs(data: Mapping[str, object]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Upload):
                item = item.content
            if isinstance(item, bytes):
                item = binary_text(item)
            pairs.append((name, text_value(item)))
    return pairs


def binary_text(content: bytes) -> str:
    """Binary data in a form: a form holds text, so the bytes must be UTF-8 text."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise TypeError(
            "binary data that is not UTF-8 text can only be sent as multipart/form-data"
        ) from None


def _multipart(data: Mapping[str, object]) -> Body:
    import secrets  # here, not with the package: it imports hashlib and random

    boundary = secrets.token_hex(16)
    chunks: list[bytes] = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            header = f'Content-Disposition: form-data; name="{_quote_header(name)}"'
            if isinstance(item, (bytes, Upload)):
                file_name, content, mime_type = _file_part(item)
                if file_name is not None:
                    header += f'; filename="{_quote_header(file_name)}"'
                header += f"\r\nContent-Type: {_quote_header(mime_type)}"
            elif isinstance(item, dict):
                content = dumps(item).encode("utf-8")
                header += "\r\nContent-Type: application/json"
            else:
                content = text_value(item).encode("utf-8")
            chunks.append(
                f"--{boundary}\r\n{header}\r\n\r\n".encode() + content + b"\r\n"
            )
    chunks.append(f"--{boundary}--\r\n".encode())
    return Body(f"multipart/form-data; boundary={boundary}", b"".join(chunks))


@dataclass(frozen=True, slots=True)
class FilePart:
    """A file in a form (`forms.py`), and where it sits in the body."""

    upload: Upload
    where: tuple[str | int, ...]


def multipart_body(parts: Sequence[tuple[str, str | FilePart]]) -> Body:
    """A multipart body of text parts and file parts, in order."""
    import secrets

    boundary = secrets.token_hex(16)
    chunks: list[bytes] = []
    for name, item in parts:
        header = f'Content-Disposition: form-data; name="{_quote_header(name)}"'
        if isinstance(item, FilePart):
            file_name, content, mime_type = _file_part(item.upload)
            if file_name is not None:
                header += f'; filename="{_quote_header(file_name)}"'
            header += f"\r\nContent-Type: {_quote_header(mime_type)}"
        else:
            content = item.encode("utf-8")
        chunks.append(f"--{boundary}\r\n{header}\r\n\r\n".encode() + content + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return Body(f"multipart/form-data; boundary={boundary}", b"".join(chunks))


def _quote_header(text: str) -> str:
    """Text inside a multipart header: quotes and line breaks percent-encoded (as browsers do),
    so that no name or file name can end the header early."""
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _file_part(item: bytes | Upload) -> tuple[str | None, bytes, str]:
    if isinstance(item, Upload):
        return (item.file_name, item.content, item.mime_type)
    return (None, item, "application/octet-stream")
