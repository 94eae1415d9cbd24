"""The file name extensions a file field takes, where the schema says so.

drf-spectacular writes a serializer field's `FileExtensionValidator` as the `pattern` of
its `format: binary` string (`openapi.py` `_insert_field_validators`: `(?:pdf|png)$`,
each extension `re.escape`d). Django's validator (`django.core.validators`) compares the
name's last suffix, in lower case, with those extensions: a name without one is refused
("File extension “” is not allowed"). The client checks the file name it sends the same
way, so that refusal is an EncodingError before sending instead of a 400.
"""

from __future__ import annotations

import re
from typing import Any

from generator.resolve import Location, Resolver

_DEPTH = 8
_EXTENSIONS = re.compile(r"\(\?:(.*)\)\$")
_ALTERNATIVE = re.compile(r"(?<!\\)\|")


def file_extensions(schema: Any, location: Location,
                    resolver: Resolver) -> tuple[str, ...] | None:
    """The extensions a file field's name may end in, from its `format: binary`
    string's pattern (through `$ref`, `allOf` and a nullable `oneOf`/`anyOf`); None
    where it has no pattern of drf-spectacular's shape."""
    pending = [(schema, location, 0)]
    while pending:
        node, where, depth = pending.pop()
        node, where = resolver.deref_schema(node, where)
        if not isinstance(node, dict) or depth > _DEPTH:
            continue
        pattern = node.get("pattern")
        if node.get("format") == "binary" and isinstance(pattern, str):
            return _extensions(pattern)
        for keyword in ("allOf", "oneOf", "anyOf"):
            parts = node.get(keyword)
            if isinstance(parts, list):
                pending += [(part, where.child(keyword, index), depth + 1)
                            for index, part in enumerate(parts)]
    return None


def _extensions(pattern: str) -> tuple[str, ...] | None:
    """`(?:pdf|tar\\.gz)$` -> ("pdf", "tar.gz"); None for any other pattern."""
    match = _EXTENSIONS.fullmatch(pattern)
    if match is None:
        return None
    found = []
    for part in _ALTERNATIVE.split(match.group(1)):
        extension = re.sub(r"\\(.)", r"\1", part)
        if re.escape(extension) != part:
            return None  # not what re.escape wrote: some other pattern
        found.append(extension.lower())
    return tuple(found)
