"""Which operations answer in pages, and in which style.

Django REST framework's paginators, as drf-spectacular documents them: the success
response is a `Paginated<Name>List` with `next`, `previous` and `results` (and `count`,
except for CursorPagination), and the operation has the paginator's query parameters
(`get_schema_operation_parameters`: `limit` and `offset`, `page` and maybe
`page_size`, `cursor` and maybe `page_size`). The parameters' names can be changed in
the paginator's class; drf-spectacular then shows them in the example of `next`
(`?offset=400&limit=100`, `?page=4`, `?cursor=...`), which is read first.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.model import ir
from generator.model import types as t
from generator.model.operations import RawOperation, success
from generator.model.page_styles import FieldNames, other_pages
from generator.model.schemas import PropertyDef, SchemaTranslator

# DRF's own names (rest_framework/pagination.py), when the example of `next` says none.
_DEFAULT_NAMES = {
    ir.Paginator.LIMIT_OFFSET: ("offset", "limit"),
    ir.Paginator.PAGE_NUMBER: ("page",),
    ir.Paginator.CURSOR: ("cursor",),
}
_PAGE_SIZE = "page_size"
_PAGE_SIZE_TEXT = "Number of results to return per page."
"""DRF's description of `page_size_query_param`, whatever that parameter is named."""


def pagination_of(operation: RawOperation, translator: SchemaTranslator, lookup: t.Lookup,
                  params: tuple[ir.ParamIR, ...],
                  field_names: FieldNames) -> ir.PaginationIR | None:
    """The pages an operation answers in; None when it is no list in pages. DRF's
    first (the issue-16 rules, unchanged), then the other styles (`page_styles.py`)."""
    ok = success(operation)  # a second success shape would make the pages a union
    if len(ok) != 1 or ok[0].status != "200" or ok[0].type is None:
        return None
    page = translator.objects.get(ok[0].type.ref.key) if isinstance(
        ok[0].type, t.ModelRef) else None
    if page is not None and _is_drf_page({p.json_name: p for p in page.properties}):
        # DRF's shape is judged by DRF's rules alone: a page of that shape they refuse
        # (its paginator's parameters missing) is no other style's either.
        return _drf_pages(operation, translator, lookup, params)
    return other_pages(operation, translator, lookup, params, ok[0].status, ok[0].type,
                       field_names)


def _drf_pages(operation: RawOperation, translator: SchemaTranslator, lookup: t.Lookup,
               params: tuple[ir.ParamIR, ...]) -> ir.DrfPagesIR | None:
    ok = success(operation)
    assert isinstance(ok[0].type, t.ModelRef)
    page = translator.objects[ok[0].type.ref.key]
    props = {p.json_name: p for p in page.properties}
    query = {p.json_name: p for p in params if p.location is ir.ParamLocation.QUERY}
    link: Any = _get(_get(translator.resolver.node_at(page.location), "properties"), "next")
    counted = "count" in props
    if _get(link, "format") not in (("uri", None) if counted else ("uri",)):
        # Not a URL: without a count, `next` may be the cursor itself (a token to send
        # back), which requested as a URL would be a wrong address.
        return None
    found = _paginator(counted, _link_keys(_get(link, "example")), query)
    if found is None:
        return None
    paginator, start, size = found
    results = _results_type(props)
    assert isinstance(results, t.ListOf)  # _is_drf_page
    item = t.resolved(results.item.with_direction("read"), lookup)
    return ir.DrfPagesIR(paginator, item, ok[0].status, start, size)


def _is_drf_page(props: dict[str, PropertyDef]) -> bool:
    """A `next` link and a list of `results` (maybe a `previous` link and an integer
    `count`: drf-spectacular writes both, other tools may not)."""
    if "next" not in props or not _is_text(props["next"].type):
        return False
    previous = props.get("previous")
    if previous is not None and not _is_text(previous.type):
        return False
    count = props.get("count")
    if count is not None and t.without_null(count.type) != t.INT:
        return False
    return "results" in props and isinstance(_results_type(props), t.ListOf)


def _results_type(props: dict[str, PropertyDef]) -> t.Type:
    return t.without_null(props["results"].type)


def _is_text(found: t.Type) -> bool:
    return t.without_null(found) == t.STR


def _paginator(counted: bool, link_keys: tuple[str, ...],
               query: dict[str, ir.ParamIR]) -> tuple[ir.Paginator, str, str | None] | None:
    """The paginator, and the arguments of where to start and of the page size: each
    must be a query parameter of the operation."""
    if not counted:
        paginator = ir.Paginator.CURSOR
    elif len(link_keys) == 2 or (not link_keys and {"limit", "offset"} <= set(query)):
        paginator = ir.Paginator.LIMIT_OFFSET
    else:
        paginator = ir.Paginator.PAGE_NUMBER
    names = link_keys or _DEFAULT_NAMES[paginator]
    if len(names) != len(_DEFAULT_NAMES[paginator]) or not all(n in query for n in names):
        return None
    start = query[names[0]].name
    if paginator is ir.Paginator.LIMIT_OFFSET:
        return paginator, start, query[names[1]].name
    sizes = [p for p in query.values() if p.json_name != names[0] and (
        p.json_name == _PAGE_SIZE or p.description == _PAGE_SIZE_TEXT)]
    return paginator, start, sizes[0].name if len(sizes) == 1 else None


def _link_keys(example: Any) -> tuple[str, ...]:
    """The query parameters in the example of `next` (DRF's: the paginator's own)."""
    if not isinstance(example, str):
        return ()
    try:
        return tuple(dict.fromkeys(key for key, _ in
                                   parse_qsl(urlsplit(example).query, keep_blank_values=True)))
    except ValueError:
        return ()


def _get(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None
