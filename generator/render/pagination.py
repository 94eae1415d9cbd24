"""How pages are spelled: `<name>_iter` and `<name>_pages` beside each list operation,
and the codec of its page (which also reads DRF's bare list: `rt.drf_page`)."""

from __future__ import annotations

from generator.model import ir
from generator.model.text import py_str
from generator.render import layout
from generator.render.code import Atom, Display, Expr, Prefixed, call
from generator.render.printed import printed

_INDENT = "    "


def pages_lines(op: ir.OperationIR, is_async: bool) -> str:
    """`<name>_iter = rt.Items(<name>, <style>[, <items>])`: every item of every page;
    `<name>_pages = rt.Pages(<name>, <style>[, <items>])`: every page. `<items>` (a
    lambda that reads the items of a page) types the items of the other styles than
    DRF's, whose pages the runtime knows."""
    assert op.pagination is not None
    arguments = _style(op.pagination)
    prefix = "Async" if is_async else ""
    lines = [layout.assignment(_INDENT, f"{op.name}{suffix}",
                               call(f"rt.{prefix}{kind}", op.name, *arguments))
             for suffix, kind in (("_iter", "Items"), ("_pages", "Pages"))]
    return printed([line for each in lines for line in each])


def _style(pages: ir.PaginationIR) -> list[Expr | str]:
    """The runtime's strategy of a style of pagination (`_runtime/pagination.py`), and
    the items' lambda."""
    if isinstance(pages, ir.DrfPagesIR):
        return ["rt.DRF_PAGES"]
    items = Atom(f"lambda page: page.{pages.items}" if pages.items else "lambda page: page")
    if isinstance(pages, ir.LinkPagesIR):
        return [call("rt.LinkPages", *([_path(pages.next)] if pages.next else [])), items]
    options: list[Expr | str] = [Atom(py_str(pages.argument))]
    if pages.token:
        options.append(Prefixed("token=", _path(pages.token)))
    if pages.last_id:
        options.append(Prefixed("last_id=", Atom(py_str(pages.last_id))))
    if pages.more:
        options.append(Prefixed("more=", _path(pages.more)))
    return [call("rt.CursorPages", *options), items]


def _path(fields: tuple[str, ...]) -> Display:
    return Display("(", tuple(Atom(py_str(name)) for name in fields))


def page_codec(op: ir.OperationIR, status: str, codec: Expr) -> Expr:
    """The codec of a response: a DRF page's also reads the bare list of its items."""
    pages = op.pagination
    if not isinstance(pages, ir.DrfPagesIR) or pages.status != status:
        return codec
    return call("rt.drf_page", codec)
