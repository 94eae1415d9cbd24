"""Request encoding: parameters as text, bodies as JSON, forms, multipart or raw bytes."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple
from urllib.parse import quote

from .errors import EncodingError
from .files import is_file, upload_of
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
    if is_file(value):  # an Upload, a path, an open file
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
    params: Sequence[tuple[str, object, bool] | tuple[str, object, bool, str]],
) -> tuple[tuple[str, str], ...]:
    """(name, value, explode[, style]) entries to query pairs; unset values are left
    out. The only style named is "deepObject"; the others are form style, where an
    object (a model, a map) goes as OpenAPI's form style says: exploded, each member
    its own pair (`gt=1&lte=2`); else one pair (`range=gt,1,lte,2`); empty, nothing."""
    pairs: list[tuple[str, str]] = []
    name = ""
    try:
        for name, value, explode, *style in params:
            if value is UNSET or value is None:
                continue
            if style == ["deepObject"]:
                pairs.extend(deep_object_pairs(name, to_json_value(value)))
            elif isinstance(data := to_json_value(value), dict):
                members = [
                    (str(k), text_value(v)) for k, v in data.items() if v is not None
                ]
                if explode:
                    pairs.extend(members)
                elif members:
                    pairs.append((name, ",".join(f"{k},{v}" for k, v in members)))
            elif isinstance(value, (list, tuple)):
                if explode:
                    pairs.extend((name, text_value(item)) for item in value)
                else:
                    pairs.append((name, ",".join(text_value(item) for item in value)))
            else:
                pairs.append((name, text_value(value)))
    except EncodingError as error:
        raise error.placed(f"query parameter {name}") from None
    return tuple(pairs)


def deep_object_pairs(
    name: str, value: object, nested: bool = False
) -> list[tuple[str, str]]:
    """A `style: deepObject` value as Stripe and Rails spell it: an object's members as
    `name[key]` (nested: `name[a][b]`), an array's items as `name[]` (objects in an array
    as `name[0][key]`), anything else as `name`. A null member, or an empty object or
    list inside the value, cannot be said: refused.
    """
    if isinstance(value, (dict, list, tuple)) and not value and nested:
        # At the top it is the parameter left out; inside, a member would go missing.
        raise EncodingError(f"{name} is empty, which a deepObject query cannot say")
    if isinstance(value, dict):
        pairs: list[tuple[str, str]] = []
        for key, member in value.items():
            pairs.extend(deep_object_pairs(f"{name}[{key}]", member, True))
        return pairs
    if isinstance(value, (list, tuple)):
        if any(isinstance(item, (dict, list, tuple)) for item in value):
            return [
                pair
                for index, item in enumerate(value)
                for pair in deep_object_pairs(f"{name}[{index}]", item, True)
            ]
        return [(f"{name}[]", text_value(item)) for item in value]
    if value is None:
        raise EncodingError(f"{name} is null, which a deepObject query cannot say")
    return [(name, text_value(value))]


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


def encode_body(
    data: object,
    encoding: str,
    deep_object: Collection[str] = (),
    json_parts: Collection[str] = (),
) -> Body:
    """Encode a JSON-ready body (from `to_dict`) in the chosen media type.

    Form encodings (OpenAPI's): a null is sent as an empty value, arrays repeat their
    key, and a file travels as a multipart part with a file name. What OpenAPI's form
    notation cannot say is refused with an EncodingError naming the field, never left
    out: an object (or a list of them) and an empty list, which would be no key at all.
    The fields named in `deep_object` (the spec's `style: deepObject`) say objects and
    lists in brackets instead (`_deep_items`); in multipart, those named in `json_parts`
    go as one part of JSON text each, whatever their value.
    """
    if encoding == "application/json" or encoding.endswith("+json"):
        return Body(encoding, dumps(data).encode("utf-8"))
    if is_file(data):
        upload = upload_of(data, "upload")
        return Body(encoding if encoding != "*/*" else upload.mime_type, upload.content)
    if isinstance(data, str) and encoding not in _FORMS:
        # text/plain and other raw text: in the charset the media type names, else UTF-8
        charset = _charset(encoding)
        try:
            return Body(encoding, data.encode(charset))
        except UnicodeEncodeError as error:
            raise EncodingError(
                f"the text cannot be sent in {charset}: {error}"
            ) from None
    if not isinstance(data, Mapping):
        raise TypeError(f"a {encoding} body must be an object")
    if encoding == "application/x-www-form-urlencoded":
        return Body(encoding, form=_form_pairs(data, deep_object))
    if encoding == "multipart/form-data":
        return _multipart(data, deep_object, json_parts)
    raise TypeError(f"cannot encode a request body as {encoding}")


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _charset(media_type: str) -> str:
    """The `charset` parameter of a media type (`text/plain; charset=latin-1`), else
    UTF-8; a charset Python does not know is an EncodingError before sending."""
    import codecs

    for parameter in media_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"')
            try:
                return codecs.lookup(charset).name
            except LookupError:
                raise EncodingError(f"unknown charset {charset!r}", ()) from None
    return "utf-8"


_OBJECT_IN_FORM = (
    "an object (or a list inside a list) cannot be said in an OpenAPI-style form (a server may read it as "
    "nothing, or store an empty object over the stored one); send this body as JSON: "
    'content_type="application/json"'
)
_EMPTY_LIST_IN_FORM = (
    "an empty list is no key at all in a form: the server would keep the field's "
    'stored (or default) value; send this body as JSON: content_type="application/json"'
)


_EMPTY_OBJECT_IN_FORM = (
    "an object with no member is no key at all in a form: the server would read the "
    "field as missing"
)
_BRACKET_IN_NAME = (
    "a name with '[' or ']' cannot be a key of a deepObject form, which reads brackets "
    "as nesting"
)

FormItem = tuple[str, object, tuple[str | int, ...]]


def _form_items(
    data: Mapping[str, object], deep_object: Collection[str]
) -> list[FormItem]:
    """(key, value, where) of each form value, a list's items under its name; what the
    notation cannot say refused."""
    items: list[FormItem] = []
    for name, value in data.items():
        if name in deep_object and isinstance(value, (dict, list)):
            items.extend(_deep_items(name, value, (name,)))
            continue
        if isinstance(value, list) and not value:
            raise EncodingError(_EMPTY_LIST_IN_FORM, (name,))
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            where = (name, index) if isinstance(value, list) else (name,)
            if isinstance(item, (dict, list)):
                raise EncodingError(_OBJECT_IN_FORM, where)
            items.append((name, item, where))
    return items


def _deep_items(
    key: str, value: object, where: tuple[str | int, ...]
) -> list[FormItem]:
    """A `style: deepObject` form value as Stripe reads it, at any depth: an object's
    members as `key[name]`, a list's items as `key[index]` (Stripe's spelling of every
    array, `expand[0]=a` too; docs/decisions.md), a plain value (a null: an empty value,
    as at the top) under its key."""
    if isinstance(value, dict):
        if not value:
            raise EncodingError(_EMPTY_OBJECT_IN_FORM, where)
        items: list[FormItem] = []
        for name, member in value.items():
            if "[" in name or "]" in name:
                raise EncodingError(_BRACKET_IN_NAME, (*where, name))
            items.extend(_deep_items(f"{key}[{name}]", member, (*where, name)))
        return items
    if isinstance(value, list):
        if not value:
            raise EncodingError(_EMPTY_LIST_IN_FORM, where)
        return [
            found
            for index, item in enumerate(value)
            for found in _deep_items(f"{key}[{index}]", item, (*where, index))
        ]
    return [(key, value, where)]


def _form_pairs(
    data: Mapping[str, object], deep_object: Collection[str]
) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, item, where in _form_items(data, deep_object):
        if is_file(item):
            item = binary_text(upload_of(item, key, where).content)
        pairs.append((key, text_value(item)))
    return pairs


def binary_text(content: bytes) -> str:
    """Binary data in a form: a form holds text, so the bytes must be UTF-8 text."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise TypeError(
            "binary data that is not UTF-8 text can only be sent as multipart/form-data"
        ) from None


def _multipart(
    data: Mapping[str, object],
    deep_object: Collection[str],
    json_parts: Collection[str],
) -> Body:
    parts: list[tuple[str, str | FilePart | JsonPart]] = []
    for name, value in data.items():
        if name in json_parts:
            parts.append((name, JsonPart(dumps(value))))
            continue
        parts.extend(
            (key, FilePart(item, key, where) if is_file(item) else text_value(item))
            for key, item, where in _form_items({name: value}, deep_object)
        )
    return multipart_body(parts)


class JsonPart(NamedTuple):
    """A multipart part of JSON text (Content-Type: application/json)."""

    text: str


@dataclass(frozen=True, slots=True)
class FilePart:
    """A file in a form: the caller's value (read when the body is built), the name it
    gets when it has none of its own, where it sits in the body, and the extensions its
    file name may end in (None: any)."""

    value: object
    name: str
    where: tuple[str | int, ...]
    extensions: tuple[str, ...] | None = None


def multipart_body(parts: Sequence[tuple[str, str | FilePart | JsonPart]]) -> Body:
    """A multipart body of text parts, JSON parts and file parts (each with a file name),
    in order."""
    import secrets  # here, not with the package: it imports hashlib and random

    boundary = secrets.token_hex(16)
    chunks: list[bytes] = []
    for name, item in parts:
        header = f'Content-Disposition: form-data; name="{_quote_header(name)}"'
        if isinstance(item, FilePart):
            upload = upload_of(item.value, item.name, item.where)
            if item.extensions is not None:
                _check_extension(upload, item.extensions, item.where)
            header += f'; filename="{_quote_header(upload.file_name or item.name)}"'
            header += f"\r\nContent-Type: {_quote_header(upload.mime_type)}"
            content = upload.content
        elif isinstance(item, JsonPart):
            header += "\r\nContent-Type: application/json"
            content = item.text.encode("utf-8")
        else:
            content = item.encode("utf-8")
        chunks.append(f"--{boundary}\r\n{header}\r\n\r\n".encode() + content + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return Body(f"multipart/form-data; boundary={boundary}", b"".join(chunks))


def _check_extension(
    upload: Upload, extensions: tuple[str, ...], where: tuple[str | int, ...]
) -> None:
    """Refuse a file name Django's FileExtensionValidator would refuse: it compares the
    name's last suffix, in lower case, with the extensions the field allows."""
    from pathlib import PurePosixPath  # here: only a field that limits names needs it

    name = upload.file_name or ""
    if PurePosixPath(name).suffix[1:].lower() not in extensions:
        allowed = ", ".join("." + extension for extension in extensions)
        raise EncodingError(
            f"the server takes only file names ending in {allowed} here (Django's "
            f"FileExtensionValidator), and this file is named {name!r}: pass "
            "Upload(content, file_name=...) with a name it takes",
            where,
        )


def _quote_header(text: str) -> str:
    """Text inside a multipart header: quotes and line breaks percent-encoded (as browsers do),
    so that no name or file name can end the header early."""
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
