"""The decoder of each model, written out as Python source and compiled (`exec`)."""

from __future__ import annotations

import keyword
import operator
from typing import Any

from .decoding import (
    ANY,
    DATETIME,
    DECIMAL,
    DECIMAL_TEXT,
    DECIMALS,
    DECODER_SUFFIX,
    Codec,
    Decoder,
    Issues,
    Key,
    Path,
    decimal_of_text,
    dict_of,
    mismatch,
)
from .json_text import plain_json
from .values import MISSING, UNSET


def compile_decoder(
    cls: type,
    fields: list[tuple[str, str, Codec, bool]],
    extra: Codec,
) -> Decoder:
    """The decoding function of one model, written out field by field.

    Compiled once per model on first use, as dataclasses compiles `__init__`: a loop over
    a field table costs twice as much per field, and calls saved on the common values
    (a known enum member, a date string, a nested model, a list) are most of the rest.
    When every field is present (drf always sends them all), one C call takes all the
    values; otherwise each is looked up on its own. Only identifiers of the class's own
    fields and `repr()` literals of the JSON names enter the source; every decoder and
    constant is passed in by reference.
    """
    for name, _, _, _ in fields:
        if (
            not (name.isascii() and name.isidentifier())
            or name.startswith("_")
            or (keyword.iskeyword(name))
        ):
            raise ValueError(f"not a field name: {name!r}")
    scope: dict[str, Any] = {
        "cls": cls,
        "new": object.__new__,
        "mismatch": mismatch,
        "UNSET": UNSET,
        "MISSING": MISSING,
        "decimals_get": DECIMALS.get,
        "decimal_of_text": decimal_of_text,
        "known_names": frozenset(json_name for _, json_name, _, _ in fields),
        "extra_map": dict_of(extra).decode,
        "plain_json": plain_json,
    }
    if fields:
        scope["take_all"] = operator.itemgetter(*(json for _, json, _, _ in fields))
    extras = [
        "        extra = {k: v for k, v in data.items() if k not in known_names}",
        "        instance.additional_properties = extra_map(extra, path, key, issues)",
        "    return instance",
    ]
    # Any field may be missing: each is looked up with a default.
    lines = [
        "def decode_each(data, path, key, issues):",
        "    if type(data) is not dict:",
        "        return mismatch(data, 'an object', path, key, issues)",
        "    here = (path, key)",
        "    get = data.get",
        "    instance = new(cls)",
        "    absent = 0",
    ]
    for index, (name, json_name, codec, required) in enumerate(fields):
        lines.append(
            f"    value = get({json_name!r}, {'MISSING' if required else 'UNSET'})"
        )
        lines += _field_source(
            scope, "value", index, name, repr(json_name), codec, required
        )
    # Every known field present and nothing else: the count says so without a lookup
    # per key (which would cost as much as decoding a few fields).
    lines += [
        f"    if len(data) + absent == {len(fields)} or data.keys() <= known_names:",
        "        instance.additional_properties = {}",
        "    else:",
        *extras,
    ]
    if fields:
        # Every field present: taken at once; a missing one sends it all to the above.
        names = [f"v{index}" for index in range(len(fields))]
        lines += [
            "def decode(data, path, key, issues):",
            "    if type(data) is not dict:",
            "        return mismatch(data, 'an object', path, key, issues)",
            "    try:",
            f"        {', '.join(names)}{',' if len(names) == 1 else ''} = "
            + ("(take_all(data),)" if len(names) == 1 else "take_all(data)"),
            "    except KeyError:",
            "        return decode_each(data, path, key, issues)",
            "    here = (path, key)",
            "    instance = new(cls)",
        ]
        for index, (name, json_name, codec, _) in enumerate(fields):
            # Decoded straight from the unpacked local: no copy to `value` per field.
            lines += _field_source(
                scope, f"v{index}", index, name, repr(json_name), codec, None
            )
        lines += [
            f"    if len(data) == {len(fields)}:",
            "        instance.additional_properties = {}",
            "    else:",
            *extras,
        ]
    else:
        lines.append("decode = decode_each")
    source = "\n".join(lines)
    # Named after the model, so that tracebacks say which decoder they went through.
    code = compile(source, f"<{cls.__qualname__}{DECODER_SUFFIX}", "exec")
    exec(code, scope)  # noqa: S102 - identifiers and repr() literals only
    decoder: Decoder = scope["decode"]
    return decoder


def _field_source(
    scope: dict[str, Any],
    value: str,
    index: int,
    name: str,
    literal: str,
    codec: Codec,
    required: bool | None,
) -> list[str]:
    """The statements decoding one field, held in the local variable named `value`: the
    common cases inline, the rest (and every error) through the codec's own decoder,
    `decode_<index>`. `required` is None when the value is known to be there."""
    inner = codec.inner if codec.inner is not None else codec
    target = f"instance.{name}"
    call = f"decode_{index}({value}, here, {literal}, issues)"
    scope[f"decode_{index}"] = inner.decode
    branches: list[tuple[str, list[str]]] = []
    if inner is DECIMAL or inner is DECIMAL_TEXT:
        # First: drf sends money as text ("750.00"), and amounts repeat; one that does
        # not (a line's total) is parsed here too, without the decoder's other cases.
        branches.append(
            (
                f"type({value}) is str",
                [
                    f"if (parsed := decimals_get({value})) is None:",
                    f"    parsed = decimal_of_text({value})",
                    f"{target} = {call} if parsed is None else parsed",
                ],
            )
        )
    if inner.exact is not None:
        scope[f"type_{index}"] = inner.exact
        branches.append((f"type({value}) is type_{index}", [f"{target} = {value}"]))
    if codec.nullable:
        branches.append((f"{value} is None", [f"{target} = None"]))
    if inner.parse is not None:
        scope[f"parse_{index}"] = inner.parse
        parsed = [
            "try:",
            f"    {target} = parse_{index}({value})",
            "except ValueError:",
            f"    {target} = {call}",
        ]
        if inner is DATETIME:  # without an offset: the decoder keeps it, and reports it
            parsed[1] = f"    parsed = parse_{index}({value})"
            parsed += ["else:", f"    {target} = parsed"]
            parsed += ["    if parsed.tzinfo is None:", f"        {target} = {call}"]
        branches.append((f"type({value}) is str", parsed))
    elif inner.members is not None:
        scope[f"members_{index}"] = inner.members
        scope[f"kind_{index}"] = int if "integer" in inner.kinds else str
        known_member = f"(member := members_{index}.get({value})) is not None"
        branches.append(
            (
                f"type({value}) is kind_{index} and {known_member}",
                [f"{target} = member"],
            )
        )
    elif inner.model is not None:
        scope[f"model_{index}"] = _late(scope, f"model_{index}", inner.model)
        branches.append(
            (
                f"type({value}) is dict",
                [f"{target} = model_{index}({value}, here, {literal}, issues)"],
            )
        )
    elif inner is ANY:  # untyped JSON: plain JSON data (`plain_json`), the rest as is
        branches.append(
            (
                f"type({value}) is dict or type({value}) is list",
                [f"{target} = plain_json({value})"],
            )
        )
    elif inner.values is ANY:
        branches.append((f"type({value}) is dict", [f"{target} = plain_json({value})"]))
    elif inner.item is ANY:
        branches.append((f"type({value}) is list", [f"{target} = plain_json({value})"]))
    elif inner.item is not None:
        # A loop, not a comprehension: before Python 3.12 each comprehension is a
        # function call of its own, which costs more than decoding a short list.
        item = inner.item
        store = f"items[position] = item_{index}(element, where, position, issues)"
        loop = [f"    {store}"]
        if item.model is not None:
            scope[f"item_{index}"] = _late(scope, f"item_{index}", item.model)
        else:
            scope[f"item_{index}"] = item.decode
            if item.values is ANY:  # untyped objects (`list[dict[str, Any]]`)
                plain = "items[position] = plain_json(element)"
                loop = [
                    "    if type(element) is dict:",
                    f"        {plain}",
                    "    else:",
                    f"        {store}",
                ]
            elif item.exact is not None:
                scope[f"item_type_{index}"] = item.exact
                check = f"if type(element) is not item_type_{index}:"
                loop = [f"    {check}", f"        {store}"]
        branches.append(
            (
                f"type({value}) is list",
                [
                    f"where = (here, {literal})",
                    f"items = {value}.copy()",
                    "position = 0",
                    f"for element in {value}:",
                    *loop,
                    "    position += 1",
                    f"{target} = items",
                ],
            )
        )
    if required:
        branches.append((f"{value} is MISSING", [f"{target} = {call}", "absent += 1"]))
    elif required is not None:
        branches.append((f"{value} is UNSET", [f"{target} = UNSET", "absent += 1"]))
    if not branches:
        return [f"    {target} = {call}"]
    lines: list[str] = []
    for position, (condition, body) in enumerate(branches):
        lines.append(f"    {'if' if position == 0 else 'elif'} {condition}:")
        lines += [f"        {statement}" for statement in body]
    lines += ["    else:", f"        {target} = {call}"]
    return lines


def _late(scope: dict[str, Any], name: str, model: type[Any]) -> Decoder:
    """A nested model's decoder, compiled on its first call: the stand-in then puts the
    compiled function in its place, so later calls go straight to it."""

    def first_call(value: object, path: Path, key: Key, issues: Issues) -> Any:
        decoder = model._plan().decode
        scope[name] = decoder
        return decoder(value, path, key, issues)

    return first_call
