"""Pagination (issue 16 item 2): every Django REST framework paginator is detected from what
drf-spectacular writes for it (tests/drf_pages.py asks DRF itself), and walked by following
the server's `next` links: `<op>_iter` (the items) and `<op>_pages` (the pages), sync and
async; a bare list where the page is documented is the one page; a link that loops, leaves
the base URL's host, or walks past `max_pages` stops with PaginationError."""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.cli import main
from generator.model import ir
from generator.model import types as t
from tests.drf_pages import PAGINATORS, drf_pages_spec
from tests.model_specs import build, op

PACKAGE = "drf_pages_client"
BASE = "https://api.test/v1"
LO, PN, CU = ir.Paginator.LIMIT_OFFSET, ir.Paginator.PAGE_NUMBER, ir.Paginator.CURSOR


# --- detection ----------------------------------------------------------------------------

EXPECTED = {
    "limit_offset": (LO, "offset", "limit"),
    "limit_offset_renamed": (LO, "start", "n"),
    "page_number": (PN, "page", None),
    "page_number_sized": (PN, "page", "page_size"),
    "page_number_renamed": (PN, "p", "size"),
    "cursor": (CU, "cursor", None),
    "cursor_renamed": (CU, "c", "size"),
}


def test_every_drf_paginator_is_detected_with_its_parameters(tmp_path: Path) -> None:
    assert set(EXPECTED) == set(PAGINATORS)
    package = build(tmp_path, drf_pages_spec())
    for name, (paginator, start, size) in EXPECTED.items():
        pages = op(package, name).pagination
        assert pages is not None, name
        assert (pages.paginator, pages.start_param, pages.size_param) == (
            paginator, start, size), name
        assert pages.item == t.Named("Item", "item", t.ClassKind.MODEL)
        assert pages.status == "200"


def _without(document: dict[str, Any], operation: str, parameter: str) -> dict[str, Any]:
    get = document["paths"][f"/{operation}/"]["get"]
    get["parameters"] = [p for p in get["parameters"] if p["name"] != parameter]
    return document


@pytest.mark.parametrize(("operation", "change"), [
    # the paginator's own parameters are missing: not a list view of that paginator
    ("limit_offset", lambda d: _without(d, "limit_offset", "offset")),
    ("page_number", lambda d: _without(d, "page_number", "page")),
    ("cursor", lambda d: _without(d, "cursor", "cursor")),
    # the example of `next` names parameters the operation does not have
    ("page_number_renamed", lambda d: _without(d, "page_number_renamed", "p")),
    # a page without its link to the next one
    ("cursor", lambda d: d["components"]["schemas"]["PaginatedCursorList"]["properties"].pop(
        "next")),
    # a `next` that may be the cursor itself (no count, no `format: uri`)
    ("cursor", lambda d: d["components"]["schemas"]["PaginatedCursorList"]["properties"][
        "next"].pop("format")),
    # a `next` that says it is something else than a URL
    ("limit_offset", lambda d: d["components"]["schemas"]["PaginatedLimitOffsetList"][
        "properties"]["next"].update(format="byte")),
])
def test_what_is_not_a_drf_page(tmp_path: Path, operation: str,
                                change: Callable[[dict[str, Any]], object]) -> None:
    document = drf_pages_spec()
    change(document)
    assert op(build(tmp_path, document), operation).pagination is None


# --- the generated client -----------------------------------------------------------------

@pytest.fixture(scope="module")
def client_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    source = folder / "spec.json"
    source.write_text(json.dumps(drf_pages_spec(auth_in_query=True)), "utf-8")
    assert main(["generate", str(source), "-o", str(folder / "out"),
                 "--package-name", PACKAGE]) == 0
    return folder / "out"


@pytest.fixture(scope="module")
def pkg(client_dir: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(client_dir))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(client_dir))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_the_generated_client_type_checks(client_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir",
         str(client_dir / ".mypy_cache"), PACKAGE], cwd=client_dir, capture_output=True,
        text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def item(number: int) -> dict[str, Any]:
    return {"id": number, "name": f"item {number}"}


class Server:
    """Answers each URL (less the client's key) with the body given for it; records
    every request."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        url = str(request.url.copy_remove_param("api_key"))
        return httpx.Response(200, json=self.answers[url])

    def client(self, pkg: ModuleType, **settings: Any) -> Any:
        http = httpx.Client(transport=httpx.MockTransport(self))
        return pkg.Client("key", http_client=http, **settings)

    def async_client(self, pkg: ModuleType, **settings: Any) -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self))
        return pkg.AsyncClient("key", http_client=http, **settings)


# Links a client could never compute (an opaque cursor; a filter the server added), each
# as absolute as DRF writes them.
CURSOR_PAGES = {
    f"{BASE}/cursor/": {"next": f"{BASE}/cursor/?cursor=cD0yMDI1&ordering=-id",
                        "previous": None, "results": [item(1), item(2)]},
    f"{BASE}/cursor/?cursor=cD0yMDI1&ordering=-id": {
        "next": f"{BASE}/cursor/?cursor=cj0xJnA9Mw%3D%3D", "previous": f"{BASE}/cursor/",
        "results": [item(3)]},
    f"{BASE}/cursor/?cursor=cj0xJnA9Mw%3D%3D": {"next": None, "previous": "x",
                                                "results": [item(4)]},
}
NUMBERED_PAGES = {
    f"{BASE}/page_number_sized/?page_size=2": {
        "count": 3, "next": f"{BASE}/page_number_sized/?page=2&page_size=2", "previous": None,
        "results": [item(1), item(2)]},
    f"{BASE}/page_number_sized/?page=2&page_size=2": {
        "count": 3, "next": None, "previous": "x", "results": [item(3)]},
}
OFFSET_PAGES = {
    f"{BASE}/limit_offset/?limit=2&offset=1": {
        "count": 4, "next": f"{BASE}/limit_offset/?limit=2&offset=3", "previous": None,
        "results": [item(2), item(3)]},
    f"{BASE}/limit_offset/?limit=2&offset=3": {
        "count": 4, "next": None, "previous": "x", "results": [item(4)]},
}
STYLES = [("cursor", {}, CURSOR_PAGES, [1, 2, 3, 4]),
          ("page_number_sized", {"page_size": 2}, NUMBERED_PAGES, [1, 2, 3]),
          ("limit_offset", {"limit": 2, "offset": 1}, OFFSET_PAGES, [2, 3, 4])]


@pytest.mark.parametrize(("operation", "arguments", "answers", "ids"), STYLES)
def test_iter_follows_the_servers_next_links(pkg: ModuleType, operation: str,
                                             arguments: dict[str, Any],
                                             answers: dict[str, Any], ids: list[int]) -> None:
    server = Server(answers)
    walk = getattr(server.client(pkg).items, f"{operation}_iter")
    assert [found.id for found in walk(**arguments)] == ids
    # each page asked for exactly as the server linked it, the key sent once
    assert [str(r.url.copy_remove_param("api_key")) for r in server.sent] == list(answers)
    assert all(r.url.params.get_list("api_key") == ["key"] for r in server.sent)


@pytest.mark.parametrize(("operation", "arguments", "answers", "ids"), STYLES)
def test_async_iter_and_pages_follow_the_same_links(pkg: ModuleType, operation: str,
                                                    arguments: dict[str, Any],
                                                    answers: dict[str, Any],
                                                    ids: list[int]) -> None:
    server = Server(answers)

    async def walk() -> tuple[list[int], list[tuple[int | None, int, bool]]]:
        group = server.async_client(pkg).items
        found = [each.id async for each in getattr(group, f"{operation}_iter")(**arguments)]
        pages = [(page.count, len(page.items), page.has_next_page())
                 async for page in getattr(group, f"{operation}_pages")(**arguments)]
        return found, pages

    found, pages = asyncio.run(walk())
    assert found == ids
    counts = [answer.get("count") for answer in answers.values()]
    sizes = [len(answer["results"]) for answer in answers.values()]
    assert pages == list(zip(counts, sizes, [True] * (len(answers) - 1) + [False],
                             strict=True))
    assert len(server.sent) == 2 * len(answers)


def test_pages_yield_each_page_with_its_response(pkg: ModuleType) -> None:
    server = Server(NUMBERED_PAGES)
    pages = list(server.client(pkg).items.page_number_sized_pages(page_size=2))
    assert [(p.count, [i.id for i in p.items], p.has_next_page()) for p in pages] == [
        (3, [1, 2], True), (3, [3], False)]
    assert pages[0].response.status_code == 200
    assert type(pages[0].response.parsed).__name__ == "PaginatedPageNumberSizedList"
    assert repr(pages[0]) == "Page(items=2, count=3, has_next_page=True)"
    cursor = list(Server(CURSOR_PAGES).client(pkg).items.cursor_pages())
    assert [p.count for p in cursor] == [None, None, None]


def test_headers_and_options_of_the_call_go_with_every_page(pkg: ModuleType) -> None:
    server = Server(CURSOR_PAGES)
    client = server.client(pkg, headers={"X-Tenant": "7"})
    list(client.items.cursor_iter(extra_headers={"X-Trace": "t"}, timeout=3))
    assert [(r.headers["X-Tenant"], r.headers["X-Trace"]) for r in server.sent] == [
        ("7", "t")] * 3
    assert {r.extensions["timeout"]["read"] for r in server.sent} == {3}


def test_a_next_link_that_loops_stops_the_walk(pkg: ModuleType) -> None:
    first, again = f"{BASE}/cursor/", f"{BASE}/cursor/?cursor=a"
    server = Server({
        first: {"next": again, "previous": None, "results": [item(1)]},
        again: {"next": again, "previous": None, "results": [item(2)]}})
    walked: list[int] = []
    with pytest.raises(pkg.PaginationError, match="repeats a page already walked"):
        walked.extend(found.id for found in server.client(pkg).items.cursor_iter())
    assert walked == [1, 2]
    assert len(server.sent) == 2


def test_max_pages_bounds_a_walk_and_is_checked(pkg: ModuleType) -> None:
    answers = {f"{BASE}/cursor/" + (f"?cursor={n}" if n else ""): {
        "next": f"{BASE}/cursor/?cursor={n + 1}", "previous": None, "results": [item(n)]}
        for n in range(5)}
    server = Server(answers)
    walked: list[int] = []
    with pytest.raises(pkg.PaginationError, match="more than 3 pages"):
        walked.extend(found.id for found in server.client(pkg).items.cursor_iter(max_pages=3))
    assert walked == [0, 1, 2]
    assert len(server.sent) == 3
    with pytest.raises(TypeError, match="max_pages must be an int >= 1, not 0"):
        list(server.client(pkg).items.cursor_iter(max_pages=0))
    with pytest.raises(TypeError, match="unexpected keyword argument 'max_pages'"):
        server.client(pkg).items.cursor(max_pages=3)  # one call has no pages to bound


@pytest.mark.parametrize(("link", "message"), [
    ("https://elsewhere.test/v1/cursor/?cursor=a", "is at https://elsewhere.test, not at"),
    ("http://api.test/v1/cursor/?cursor=a", "SECURE_PROXY_SSL_HEADER"),
    ("https://api.test:8443/v1/cursor/?cursor=a", "is at https://api.test:8443"),
])
def test_a_next_link_to_another_host_or_scheme_is_never_followed(
        pkg: ModuleType, link: str, message: str) -> None:
    server = Server({f"{BASE}/cursor/": {"next": link, "previous": None,
                                         "results": [item(1)]}})
    with pytest.raises(pkg.PaginationError, match=message) as raised:
        list(server.client(pkg).items.cursor_iter())
    assert len(server.sent) == 1
    assert "key" not in str(raised.value).replace("base URL", "")


def test_a_relative_next_link_is_read_against_the_base_url(pkg: ModuleType) -> None:
    server = Server({
        f"{BASE}/cursor/": {"next": "/v1/cursor/?cursor=b", "previous": None,
                            "results": [item(1)]},
        f"{BASE}/cursor/?cursor=b": {"next": None, "previous": None, "results": [item(2)]}})
    assert [found.id for found in server.client(pkg).items.cursor_iter()] == [1, 2]


BARE = [item(1), item(2), item(3)]


@pytest.mark.parametrize("lenient", [False, True])
def test_a_bare_list_is_the_one_page(pkg: ModuleType, lenient: bool) -> None:
    """DRF with pagination off (or limit/offset without a limit and no PAGE_SIZE)."""
    server = Server({f"{BASE}/limit_offset/": BARE, f"{BASE}/cursor/": BARE})
    client = server.client(pkg, lenient=lenient)
    page = client.items.limit_offset()
    assert type(page).__name__ == "PaginatedLimitOffsetList"
    assert (page.count, page.next, page.previous) == (3, None, None)
    assert [found.id for found in page.results] == [1, 2, 3]
    whole = client.items.with_response.limit_offset()
    assert (whole.parsed.count, json.loads(whole.content)) == (3, BARE)
    cursor_page = client.items.cursor()
    assert (cursor_page.next, len(cursor_page.results)) == (None, 3)
    assert not hasattr(cursor_page, "count")
    assert [found.id for found in client.items.cursor_iter()] == [1, 2, 3]
    [only] = list(client.items.limit_offset_pages())
    assert (only.count, only.has_next_page()) == (3, False)

    async def walk() -> list[int]:
        group = server.async_client(pkg, lenient=lenient).items
        return [found.id async for found in group.limit_offset_iter()]

    assert asyncio.run(walk()) == [1, 2, 3]


def test_a_bare_list_that_does_not_fit_is_partial_only_when_lenient(pkg: ModuleType) -> None:
    server = Server({f"{BASE}/limit_offset/": [item(1), {"id": "two", "name": "b"}]})
    with pytest.raises(pkg.ResponseDecodeError, match="expected an integer"):
        server.client(pkg).items.limit_offset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pkg.ResponseDriftWarning)
        found = list(server.client(pkg, lenient=True).items.limit_offset_iter())
    assert [each.id for each in found] == [1, pkg.UNSET]
