"""The `Link` response header (RFC 8288): the target of a link relation, such as the
next page of a list (GitHub's `Link: <https://...?page=2>; rel="next", <...>; rel="last"`).

A header value is a comma-separated list of `<URI-Reference>` followed by `;`-separated
parameters, whose values may be quoted strings (a comma or semicolon inside quotes, or
inside `<...>`, separates nothing). `rel` is a space-separated list of relation types,
compared case-insensitively; a link's first `rel` parameter counts (RFC 8288 §3.3). A
relative target is resolved against the URL of the request that was answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

_SPACE = " \t"


def link_target(values: Iterable[str], relation: str, base_url: str) -> str | None:
    """The absolute URL of the first link of type `relation` in the values of every
    `Link` header of a response (None when there is none)."""
    wanted = relation.lower()
    for value in values:
        for target, params in _links(value):
            relations = next((v for k, v in params if k == "rel"), "")
            if wanted in relations.lower().split():
                return joined(base_url, target) if base_url else target
    return None


def joined(base: str, link: str) -> str:
    """A link as an absolute URL, a relative one read against `base`."""
    import httpx

    try:
        return str(httpx.URL(base).join(link))
    except httpx.InvalidURL:
        return link  # refused as "not a URL" where it is followed


def _links(value: str) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Each link of one header value: its target and its parameters (names lower-cased,
    values unquoted). A malformed link is skipped up to the next comma."""
    at, size = 0, len(value)
    while at < size:
        at = _skip(value, at, _SPACE + ",")
        if at >= size:
            return
        if value[at] != "<":
            at = _next_link(value, at)
            continue
        end = value.find(">", at + 1)
        if end < 0:
            return
        target, at = value[at + 1 : end].strip(), end + 1
        params: list[tuple[str, str]] = []
        while True:
            at = _skip(value, at, _SPACE)
            if at >= size or value[at] == ",":
                break
            if value[at] != ";":
                at = _next_link(value, at)
                break
            name, param_value, at = _param(value, at + 1)
            if name:
                params.append((name, param_value))
        yield target, params


def _param(value: str, at: int) -> tuple[str, str, int]:
    """One `name[=value]` parameter from `at` (after its `;`): name, value, where next."""
    at = _skip(value, at, _SPACE)
    start = at
    while at < len(value) and value[at] not in "=;," + _SPACE:
        at += 1
    name = value[start:at].lower().rstrip("*")
    at = _skip(value, at, _SPACE)
    if at >= len(value) or value[at] != "=":
        return name, "", at
    at = _skip(value, at + 1, _SPACE)
    if at < len(value) and value[at] == '"':
        text: list[str] = []
        at += 1
        while at < len(value) and value[at] != '"':
            if value[at] == "\\" and at + 1 < len(value):
                at += 1
            text.append(value[at])
            at += 1
        return name, "".join(text), at + 1
    start = at
    while at < len(value) and value[at] not in ";," + _SPACE:
        at += 1
    return name, value[start:at], at


def _next_link(value: str, at: int) -> int:
    """Where the link after the malformed one at `at` starts (past quotes and `<...>`)."""
    quoted = bracketed = False
    while at < len(value):
        char = value[at]
        if quoted:
            if char == "\\":
                at += 1
            elif char == '"':
                quoted = False
        elif bracketed:
            bracketed = char != ">"
        elif char == '"':
            quoted = True
        elif char == "<":
            bracketed = True
        elif char == ",":
            return at + 1
        at += 1
    return at


def _skip(value: str, at: int, chars: str) -> int:
    while at < len(value) and value[at] in chars:
        at += 1
    return at
