"""Pages that are not Django REST framework's: which style an operation's list answers
in, read from what the spec documents, never guessed from a name alone.

The page is the one success response (200) of the operation. Its items are the one
array property of the page object, not counting `errors` and `warnings` (with the
`Link` header, the response may be the array itself). Then, in this order, the first style that fits:

1. a token: a string property of the page (at most two objects deep, the shallowest
   one if it is alone at its depth) that pairs by name with a string query parameter
   (`_TOKENS`: `next_cursor`/`cursor` -> `cursor`, `next_page_token` -> `page_token`,
   `last_id` -> `after`...), sent back as that argument; a boolean `has_more` on the
   page, if there is one, says whether another page follows;
2. Stripe's cursor: a query parameter `starting_after`, a boolean `has_more` on the
   page, and items that are objects with an `id` of the parameter's type: the next
   page starts after the last item's id;
3. a next URL: a string property named `next_url`, `next_link`, `next_page_url`, or
   `next` with `format: uri` (or `next` inside a `links`/`pagination` object), at most
   three objects deep (`links.pages.next`), requested as it is;
4. the `Link` header: the 200 response documents a `Link` header; its `rel="next"`
   target is requested as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from generator.model import ir
from generator.model import types as t
from generator.model.operations import RawOperation
from generator.model.schemas import ObjectDef, PropertyDef, SchemaTranslator

FieldNames = Callable[[ObjectDef], dict[str, str]]
"""The field name of each property of the response class of an object, by JSON name."""

# A token's name in the page (normalized: lower case, letters and digits) -> the names
# of the query parameters it is sent back as.
_TOKENS: dict[str, frozenset[str]] = {
    "nextcursor": frozenset({"cursor"}),
    "cursor": frozenset({"cursor"}),
    "nextpagetoken": frozenset({"pagetoken"}),
    "nexttoken": frozenset({"nexttoken", "token"}),
    "nextpage": frozenset({"page"}),
    "lastid": frozenset({"after", "startingafter"}),
    "next": frozenset({"after"}),  # OpenAI's `next` cursor; never a URL-formatted one
}
_NOT_ITEMS = frozenset({"errors", "warnings"})
"""Arrays beside the items that are never them (Square puts `errors` in every page)."""
_MORE = "hasmore"
_AFTER_LAST = ("startingafter", "after")
_URL_NAMES = frozenset({"nexturl", "nextlink", "nextpageurl"})
_URL_FORMATS = frozenset({"uri", "uri-reference", "url", "iri", "iri-reference"})
_LINK_HOLDERS = frozenset({"links", "link", "pagination", "paging", "pages"})
_TOKEN_DEPTH, _URL_DEPTH = 2, 3


def other_pages(operation: RawOperation, translator: SchemaTranslator, lookup: t.Lookup,
                params: tuple[ir.ParamIR, ...], status: str, found: t.Type,
                field_names: FieldNames) -> ir.PaginationIR | None:
    """The pages of an operation whose one success response `found` is not DRF's."""
    query = {_normal(p.json_name): p for p in params if p.location is ir.ParamLocation.QUERY}
    if isinstance(found, t.ListOf):  # the list itself: only a header can link pages
        if not _documents_link_header(operation, translator, status):
            return None
        return ir.LinkPagesIR(_item(found, lookup), status, None, ())
    if not isinstance(found, t.ModelRef) or found.ref.key not in translator.objects:
        return None
    page = translator.objects[found.ref.key]
    names = field_names(page)
    arrays = [p for p in page.properties if p.json_name in names
              and isinstance(t.without_null(p.type), t.ListOf)
              and _normal(p.json_name) not in _NOT_ITEMS]
    if len(arrays) != 1:
        return None
    items_type = t.without_null(arrays[0].type)
    assert isinstance(items_type, t.ListOf)
    item, items = _item(items_type, lookup), names[arrays[0].json_name]
    more = tuple(p.json_name for p in page.properties
                 if p.json_name in names and _normal(p.json_name) == _MORE and t.without_null(p.type) == t.BOOL)[:1]
    token = _token(page, translator, query, field_names)
    if token is not None:
        path, argument = token
        return ir.CursorPagesIR(item, status, items, argument, path, "", more)
    after = next((query[name] for name in _AFTER_LAST if name in query), None)
    last_id = _last_id(items_type.item, translator, after, field_names)
    if after is not None and last_id is not None and more:
        return ir.CursorPagesIR(item, status, items, after.name, (), last_id, more)
    link = _next_url(page, translator, field_names)
    if link is not None:
        return ir.LinkPagesIR(item, status, items, link)
    if _documents_link_header(operation, translator, status):
        return ir.LinkPagesIR(item, status, items, ())
    return None


def _item(found: t.ListOf, lookup: t.Lookup) -> t.Type:
    return t.resolved(found.item.with_direction("read"), lookup)


def _token(page: ObjectDef, translator: SchemaTranslator, query: dict[str, ir.ParamIR],
           field_names: FieldNames) -> tuple[tuple[str, ...], str] | None:
    """The path of the page's token and the argument it is sent back as."""
    found = [(path, query[wanted].name)
             for path, prop, (holder, _) in _properties(page, translator, field_names,
                                                        _TOKEN_DEPTH)
             for wanted in sorted(_TOKENS.get(_normal(prop.json_name), ()))
             if wanted in query and t.without_null(query[wanted].type) == t.STR
             and t.without_null(prop.type) == t.STR
             and _format(holder, prop, translator) not in _URL_FORMATS]
    return _shallowest(found)


def _last_id(item: t.Type, translator: SchemaTranslator, param: ir.ParamIR | None,
             field_names: FieldNames) -> str | None:
    """The field name of the items' `id`, when it can be sent as `starting_after`: the
    item is an object (or a union of objects, each) with an `id` of the parameter's
    type."""
    item = t.without_null(item)
    if param is None:
        return None
    members = item.variants if isinstance(item, t.UnionOf) else (item,)
    found: set[str] = set()
    for member in members:
        member = t.without_null(member)
        item_def = (translator.objects.get(member.ref.key)
                    if isinstance(member, t.ModelRef) else None)
        if item_def is None or not any(
                p.json_name == "id" and not p.write_only
                and t.without_null(p.type) in (t.STR, t.INT)
                and t.without_null(p.type) == t.without_null(param.type)
                for p in item_def.properties):
            return None
        found.add(field_names(item_def)["id"])
    return found.pop() if len(found) == 1 else None


def _next_url(page: ObjectDef, translator: SchemaTranslator,
              field_names: FieldNames) -> tuple[str, ...] | None:
    found = [(path, "") for path, prop, holder in
             _properties(page, translator, field_names, _URL_DEPTH)
             if t.without_null(prop.type) == t.STR and _is_next_url(prop, *holder, translator)]
    chosen = _shallowest(found)
    return chosen[0] if chosen else None


def _is_next_url(prop: PropertyDef, holder: ObjectDef, held_as: str,
                 translator: SchemaTranslator) -> bool:
    name = _normal(prop.json_name)
    if name in _URL_NAMES:
        return True
    if name != "next":
        return False
    if _normal(held_as) in _LINK_HOLDERS:
        return True  # `links: {next: ...}`: the object's own property name says links
    return _format(holder, prop, translator) in _URL_FORMATS


def _format(holder: ObjectDef, prop: PropertyDef, translator: SchemaTranslator) -> Any:
    resolver = translator.resolver
    node = _get(_get(resolver.node_at(holder.location), "properties"), prop.json_name)
    location = holder.location.child("properties", prop.json_name)
    node, _ = resolver.deref_schema(node, location)
    return _get(node, "format")


def _properties(page: ObjectDef, translator: SchemaTranslator, field_names: FieldNames,
                depth: int, path: tuple[str, ...] = (), held_as: str = ""
                ) -> Iterator[tuple[tuple[str, ...], PropertyDef, tuple[ObjectDef, str]]]:
    """Each property of the page and of its objects (not of its items), `depth`
    objects deep at most: its path of JSON names, itself, and the object holding it
    with the JSON name of the property that holds that object ("" for the page). An
    object that is a union is looked into member by member (DigitalOcean's
    `links.pages` is `anyOf: [forward links, backward links]`)."""
    names = field_names(page)
    for prop in page.properties:
        if prop.json_name not in names:
            continue  # write-only: not in the response class
        here = (*path, prop.json_name)
        yield here, prop, (page, held_as)
        inner = t.without_null(prop.type)
        members = inner.variants if isinstance(inner, t.UnionOf) else (inner,)
        for member in members:
            member = t.without_null(member)
            if depth > 1 and isinstance(member, t.ModelRef) \
                    and member.ref.key in translator.objects:
                yield from _properties(translator.objects[member.ref.key], translator,
                                       field_names, depth - 1, here, prop.json_name)


def _shallowest(found: list[tuple[tuple[str, ...], str]]
                ) -> tuple[tuple[str, ...], str] | None:
    """The one candidate of the least depth (None when there is none, or several)."""
    if not found:
        return None
    depth = min(len(path) for path, _ in found)
    least = list(dict.fromkeys(each for each in found if len(each[0]) == depth))
    return least[0] if len(least) == 1 else None


def _documents_link_header(operation: RawOperation, translator: SchemaTranslator,
                           status: str) -> bool:
    resolver = translator.resolver
    responses = _get(resolver.node_at(operation.location), "responses")
    node = _get(responses, status)
    if node is None and isinstance(responses, dict):
        node = responses.get(int(status)) if status.isdigit() else None
    response, _ = resolver.deref(node, operation.location.child("responses", status))
    headers = _get(response, "headers")
    return isinstance(headers, dict) and any(
        str(name).lower() == "link" for name in headers)


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _get(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None
