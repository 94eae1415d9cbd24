"""Form and multipart bodies spelt the way Django REST framework reads them
(`form_style="drf"`), from the body model itself, whose fields' types are known.

DRF (3.18, `rest_framework.utils.html`) reads a nested object's field `b` of `a` from
the key `a.b`, and an item of a list of objects from `lines[0]account` (the index in
brackets, then the field's bare name); a list of plain values is its key repeated
(`tags=1&tags=2`). What that notation cannot say is refused before anything is sent,
with an EncodingError naming the field: a form that DRF reads as something else than
what the caller set would change the books without a word (docs/parsing-policy.md,
"Forms: DRF's notation").

A JSON body in that style is JSON as usual, but a file in it is refused: DRF's FileField
reads a file only from a multipart part with a file name, never from JSON text (where it
would travel as base64 text and be answered "not a file").
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal

from .decoding import ANY, Codec
from .encoding import Body, FilePart, encode_body, multipart_body
from .errors import EncodingError
from .files import is_file
from .json_text import NAIVE_DATETIME, datetime_text, dumps, to_json_value
from .models import Model, warn_deprecated
from .values import UNSET

FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")

_JSON = ' Send this body as JSON instead: content_type="application/json".'
_NULL_TEXT = (
    "None in a form is an empty value, and a field of this schema may store it as "
    '"" (a Django REST framework CharField or ChoiceField that allows blank), not as '
    "null." + _JSON
)
_NULL_NESTED = (
    "None cannot be said in a form for an object or a list (Django REST framework "
    "reads no null for nested data in forms)." + _JSON
)
_NULL_UNKNOWN = (
    "None cannot be sent in a form for a value of no declared type (an empty value "
    'may be stored as "").' + _JSON
)
_EMPTY_LIST = (
    "an empty list is no key at all in a form: Django REST framework would keep the "
    "field's stored (or default) value." + _JSON
)
_EMPTY_OBJECT = (
    "an object with no field set is no key at all in a form: Django REST framework "
    "would read the field as missing." + _JSON
)
_NULL_ITEM = "a None inside a list cannot be said in a form." + _JSON
_NULL_IN_MAP = (
    "a None inside a map or an additional property cannot be said in a form: Django "
    'REST framework reads an empty value there as "" or as no valid value, not as '
    "null." + _JSON
)
_LIST_OF_LISTS = "a list of lists cannot be said in a form." + _JSON
_MIXED = "a list of objects and plain values cannot be said in a form." + _JSON
_NESTED_IN_MAP = (
    "an object or a list inside a map or an additional property cannot be said in a "
    "form." + _JSON
)
_SEVERAL_IN_ITEM = (
    "a list of several values inside an item of a list: Django REST framework keeps "
    "only the last of repeated keys there, and reads related ids only as repeated "
    "keys." + _JSON
)
_UNTYPED_VALUE = (
    "an item of a list or map of no declared type can be sent in a form only as text "
    "(Django REST framework reads it as text)." + _JSON
)

_FILE_IN_JSON = (
    "a file cannot travel in a JSON body for Django REST framework: JSON holds it only "
    "as base64 text, which DRF's FileField refuses ('not a file'; it reads a file only "
    "from a multipart part) and its JSONField stores as text. Send this body as "
    'multipart: content_type="multipart/form-data".'
)
_FILE_IN_JSON_VALUE = (
    "a file inside a value of no declared type travels as JSON text (base64), which "
    "Django REST framework's JSONField stores as text, not as the file. Send files in "
    'a field typed as a file, as multipart: content_type="multipart/form-data".'
)
_FILE_IN_FORM = (
    "a file reaches Django REST framework only as a multipart part with a file name: "
    "its FileField answers 'not a file' to a urlencoded value, even UTF-8 text. Send "
    'this body as multipart: content_type="multipart/form-data".'
)

Pairs = list[tuple[str, str | FilePart]]
Where = tuple[str | int, ...]


def drf_body(body: object, content_type: str) -> Body:
    """Encode a request body in DRF's form notation (urlencoded or multipart)."""
    pairs: Pairs = []
    if isinstance(body, Model):
        _object(body, (), "", False, 0, pairs)
    elif isinstance(body, Mapping):  # a body of no model: its values' types decide
        for name, value in body.items():
            here = (str(name),)
            _value(value, None, here, _key("", str(name), here, False), 0, pairs)
    else:
        raise EncodingError(f"a {content_type} body must be an object")
    if content_type == "multipart/form-data":
        return multipart_body(pairs)
    form: list[tuple[str, str]] = []
    for key, value in pairs:
        if not isinstance(value, str):
            raise EncodingError(_FILE_IN_FORM, value.where)
        form.append((key, value))
    return Body(content_type, form=form)


def drf_json_body(body: object, content_type: str) -> Body:
    """Encode a JSON request body for a DRF service: as JSON always is, once no file
    (bytes or `Upload`, at any depth) is in it."""
    data = to_json_value(body)
    where = _file_in(data, ())
    if where is not None:
        raise EncodingError(_FILE_IN_JSON, where)
    return encode_body(data, content_type)


def _file_in(data: object, where: Where) -> Where | None:
    """Where the first file in JSON-ready data is (its path), or None."""
    if is_file(data):
        return where
    if isinstance(data, dict):
        for name, value in data.items():
            if isinstance(value, (dict, list)) or is_file(value):
                found = _file_in(value, (*where, name))
                if found is not None:
                    return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, (dict, list)) or is_file(value):
                found = _file_in(value, (*where, index))
                if found is not None:
                    return found
    return None


def _key(parent: str, name: str, where: Where, in_item: bool) -> str:
    if "." in name or "[" in name or "]" in name:
        raise EncodingError(
            f"the name {name!r} cannot be a form key in Django REST framework's "
            "notation, which reads '.' and '[' as nesting." + _JSON,
            where,
        )
    if not parent:
        return name
    return parent + name if in_item else f"{parent}.{name}"


def _object(
    model: Model, where: Where, key: str, in_item: bool, depth: int, pairs: Pairs
) -> None:
    """The fields of a model; `in_item`: it is an item of a list (`lines[0]account`),
    `depth`: how many list items it is inside."""
    before = len(pairs)
    plan = type(model)._plan()
    if plan.deprecated:
        warn_deprecated(model)
    nulls, extensions = _form_fields(type(model))
    for name, json_name, codec in plan.fields:
        value = getattr(model, name)
        if value is not UNSET:
            here = (*where, json_name)
            form_key = _key(key, json_name, here, in_item)
            if value is None and name in nulls:
                pairs.append((form_key, ""))  # DRF reads it as null (form_null)
            elif name in extensions and is_file(value):
                pairs.append(
                    (form_key, FilePart(value, json_name, here, extensions[name]))
                )
            else:
                _value(value, codec, here, form_key, depth, pairs)
    for name, value in model.additional_properties.items():
        here = (*where, name)
        if isinstance(value, (Mapping, list, tuple, Model)):
            raise EncodingError(_NESTED_IN_MAP, here)
        form_key = _key(key, name, here, in_item)
        if value is None:
            raise EncodingError(_NULL_IN_MAP, here)
        if plan.extra is not ANY:
            _value(value, plan.extra, here, form_key, depth, pairs)
        else:  # a property the schema does not name: no JSONField, as it is
            pairs.append((form_key, _scalar(value, here)))
    if len(pairs) == before and where:
        raise EncodingError(_EMPTY_OBJECT, where)


def _value(
    value: object,
    codec: Codec | None,
    where: Where,
    key: str,
    depth: int,
    pairs: Pairs,
) -> None:
    inner = codec.inner if codec is not None and codec.inner is not None else codec
    if inner is ANY:
        # DRF's JSONField (drf-spectacular's `{}`) reads its form value as JSON text.
        try:
            data = to_json_value(value)
        except EncodingError as error:  # a naive datetime inside: say where
            raise EncodingError(error.reason, (*where, *error.path)) from None
        found = _file_in(data, where)
        if found is not None:
            raise EncodingError(_FILE_IN_JSON_VALUE, found)
        pairs.append((key, dumps(data)))
    elif value is None:  # a field whose empty value is null is sent by `_object`
        if inner is None:
            raise EncodingError(_NULL_UNKNOWN, where)
        if _nested(inner):
            raise EncodingError(_NULL_NESTED, where)
        raise EncodingError(_NULL_TEXT, where)
    elif isinstance(value, Model):
        _object(value, where, key, False, depth, pairs)
    elif isinstance(value, Mapping):
        _map(
            value, inner.values if inner is not None else None, where, key, depth, pairs
        )
    elif isinstance(value, (list, tuple)):
        _list(
            value, inner.item if inner is not None else None, where, key, depth, pairs
        )
    else:
        pairs.append((key, _scalar(value, where)))


def _map(
    value: Mapping[object, object],
    codec: Codec | None,
    where: Where,
    key: str,
    depth: int,
    pairs: Pairs,
) -> None:
    """A map (`dict[str, X]`), as DRF's DictField reads it: `meta.name=value`."""
    if not value and where:
        raise EncodingError(_EMPTY_OBJECT, where)
    for name, item in value.items():
        here = (*where, str(name))
        form_key = _key(key, str(name), here, False)
        if isinstance(item, (Mapping, list, tuple, Model)):
            raise EncodingError(_NESTED_IN_MAP, here)
        if item is None:
            raise EncodingError(_NULL_IN_MAP, here)
        if codec is not ANY and codec is not None:
            _value(item, codec, here, form_key, depth, pairs)
        elif isinstance(item, str):
            pairs.append((form_key, item))
        else:
            raise EncodingError(_UNTYPED_VALUE, here)


def _item_map(
    item: Mapping[object, object],
    codec: Codec | None,
    where: Where,
    key: str,
    pairs: Pairs,
) -> None:
    """A map that is an item of a list (`list[dict[str, X]]`): `rows[0]name=value`."""
    if not item:
        raise EncodingError(_EMPTY_OBJECT, where)
    values = codec.values if codec is not None else None
    for name, value in item.items():
        here = (*where, str(name))
        form_key = _key(key, str(name), here, True)
        if isinstance(value, (Mapping, list, tuple, Model)):
            raise EncodingError(_NESTED_IN_MAP, here)
        if value is None:
            raise EncodingError(_NULL_IN_MAP, here)
        if values is not ANY and values is not None:
            _value(value, values, here, form_key, 1, pairs)
        elif isinstance(value, str):
            pairs.append((form_key, value))
        else:
            raise EncodingError(_UNTYPED_VALUE, here)


def _list(
    items: list[object] | tuple[object, ...],
    codec: Codec | None,
    where: Where,
    key: str,
    depth: int,
    pairs: Pairs,
) -> None:
    if not items:
        raise EncodingError(_EMPTY_LIST, where)
    objects = [isinstance(item, (Model, Mapping)) for item in items]
    if all(objects):
        for index, item in enumerate(items):
            here, indexed = (*where, index), f"{key}[{index}]"
            if isinstance(item, Model):
                _object(item, here, indexed, True, depth + 1, pairs)
            else:
                assert isinstance(item, Mapping)
                _item_map(item, codec, here, indexed, pairs)
        return
    for index, item in enumerate(items):
        here = (*where, index)
        if objects[index]:
            raise EncodingError(_MIXED, here)
        if isinstance(item, (list, tuple)):
            raise EncodingError(_LIST_OF_LISTS, here)
        if item is None:
            raise EncodingError(_NULL_ITEM, here)
        if (codec is ANY or codec is None) and not isinstance(item, str):
            raise EncodingError(_UNTYPED_VALUE, here)
    if depth and len(items) > 1:
        raise EncodingError(_SEVERAL_IN_ITEM, where)
    # Plain values repeat their key: the one spelling both DRF's ListField and its
    # related fields (`tag_ids`) read.
    for index, item in enumerate(items):
        pairs.append((key, _scalar(item, (*where, index))))


def _scalar(value: object, where: Where) -> str | FilePart:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if is_file(value):
        # Django reads a part as a file only when it has a file name: one without its
        # own is named after its field (`files.py`); it is read when the body is built.
        name = next((key for key in reversed(where) if isinstance(key, str)), "file")
        return FilePart(value, name, where)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise EncodingError(f"{value} is not a number a server can store", where)
        return format(value, "f")  # its digits, never an exponent
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EncodingError(f"{value} is not a number a server can store", where)
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.utcoffset() is None:
            raise EncodingError(NAIVE_DATETIME, where)
        return datetime_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise EncodingError(f"cannot encode {type(value).__name__} in a form", where)


def _nested(codec: Codec) -> bool:
    if codec.variants:
        return any(_nested(variant.inner or variant) for variant in codec.variants)
    return codec.model is not None or codec.item is not None or codec.values is not None


_FIELDS: dict[type[Model], tuple[frozenset[str], dict[str, tuple[str, ...]]]] = {}


def _form_fields(
    cls: type[Model],
) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """What the generator wrote in a model's field metadata for forms: the fields whose
    None travels as an empty value (`form_null`: every DRF field class of their schema
    reads "" as null), and the file name extensions of file fields that allow only some
    (`file_extensions`, a FileExtensionValidator's)."""
    found = _FIELDS.get(cls)
    if found is None:
        members = dataclasses.fields(cls)  # type: ignore[arg-type]
        found = (
            frozenset(m.name for m in members if m.metadata.get("form_null")),
            {
                m.name: tuple(m.metadata["file_extensions"])
                for m in members
                if m.metadata.get("file_extensions") is not None
            },
        )
        _FIELDS[cls] = found
    return found
