"""How pages are spelled: `<name>_iter` and `<name>_pages` beside each list operation,
and the codec of its page (which also reads DRF's bare list: `rt.drf_page`)."""

from __future__ import annotations

from generator.model import ir
from generator.render import layout
from generator.render.code import Expr, call
from generator.render.printed import printed

_INDENT = "    "

# The runtime's strategy of each style of pagination (`_runtime/pagination.py`).
_STYLE = {ir.DrfPagesIR: "rt.DRF_PAGES"}


def pages_lines(op: ir.OperationIR, is_async: bool) -> str:
    """`<name>_iter = rt.Items(<name>, <style>)`: every item of every page;
    `<name>_pages = rt.Pages(<name>, <style>)`: every page."""
    assert op.pagination is not None
    style = _STYLE[type(op.pagination)]
    prefix = "Async" if is_async else ""
    lines = [layout.assignment(_INDENT, f"{op.name}{suffix}",
                               call(f"rt.{prefix}{kind}", op.name, style))
             for suffix, kind in (("_iter", "Items"), ("_pages", "Pages"))]
    return printed([line for each in lines for line in each])


def page_codec(op: ir.OperationIR, status: str, codec: Expr) -> Expr:
    """The codec of a response: a DRF page's also reads the bare list of its items."""
    if op.pagination is None or op.pagination.status != status:
        return codec
    return call("rt.drf_page", codec)
