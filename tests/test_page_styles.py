"""Pagination beyond Django REST framework (issue 18 item 2): Stripe's `starting_after`,
a token in the body sent back as a parameter, a next URL in the body, and the `Link`
header, each detected from what the spec documents (`generator/model/page_styles.py`)
and walked on the wire, sync and async, by `<op>_iter` and `<op>_pages`: every argument
kept from page to page and none sent twice, the walk ending where the server says, and
refusing a cursor or a link that loops."""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.cli import main
from generator.load import load_inputs
from generator.model import ir
from generator.model import types as t
from generator.model.build import Options, build_package
from generator.render.dump import dump
from tests import corpus_repairs
from tests.conftest import SHARED, require_shared
from tests.model_specs import build, op
from tests.page_styles_spec import OPERATIONS, page_styles_spec
from tests.reporting import report

PACKAGE = "page_styles_client"
BASE = "https://api.test/v1"
ITEM = t.Named("Item", "item", t.ClassKind.MODEL)


# --- detection ----------------------------------------------------------------------------

EXPECTED: dict[str, ir.PaginationIR | None] = {
    "stripe_style": ir.CursorPagesIR(ITEM, "200", "data", "starting_after", (), "id",
                                     ("has_more",)),
    "nested_token": ir.CursorPagesIR(ITEM, "200", "members", "cursor",
                                     ("response_metadata", "next_cursor"), "", ()),
    "page_token": ir.CursorPagesIR(ITEM, "200", "items", "page_token", ("nextPageToken",),
                                   "", ()),
    "last_id_token": ir.CursorPagesIR(ITEM, "200", "data", "after", ("last_id",), "",
                                      ("has_more",)),
    "next_url": ir.LinkPagesIR(ITEM, "200", "droplets", ("links", "pages", "next")),
    "next_uri": ir.LinkPagesIR(ITEM, "200", "data", ("next",)),
    "link_header": ir.LinkPagesIR(ITEM, "200", None, ()),
    "bare_next": None,
    "token_unpaired": None,
    "starting_after_alone": None,
    "two_lists": None,
    "bare_list": None,
}


def test_each_style_is_detected_from_what_the_spec_documents(tmp_path: Path) -> None:
    assert set(EXPECTED) == set(OPERATIONS)
    package = build(tmp_path, page_styles_spec())
    assert {name: op(package, name).pagination for name in EXPECTED} == EXPECTED


def test_the_ir_dump_says_how_each_list_is_walked(tmp_path: Path) -> None:
    text = dump(build(tmp_path, page_styles_spec()))
    for line in ["pages of Item (starting_after = last item's id while has_more)",
                 "pages of Item (cursor = response_metadata.next_cursor)",
                 "pages of Item (page_token = nextPageToken)",
                 "pages of Item (after = last_id while has_more)",
                 "pages of Item (next URL at links.pages.next)",
                 "pages of Item (Link header)"]:
        assert f"    {line}\n" in text, line


def _page_of(document: dict[str, Any], operation: str) -> dict[str, Any]:
    page: dict[str, Any] = document["paths"][f"/{operation}"]["get"]["responses"]["200"][
        "content"]["application/json"]["schema"]
    return page


def _params_of(document: dict[str, Any], operation: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = document["paths"][f"/{operation}"]["get"]["parameters"]
    return found


@pytest.mark.parametrize(("operation", "change", "expected"), [
    # a token that is no text is not a cursor
    ("page_token", lambda d: _page_of(d, "page_token")["properties"].update(
        nextPageToken={"type": "integer"}), None),
    # a parameter that is no text cannot carry the token
    ("nested_token", lambda d: _params_of(d, "nested_token")[1].update(
        schema={"type": "integer"}), None),
    # Stripe's cursor needs items with an id of the parameter's type
    ("stripe_style", lambda d: d["components"]["schemas"]["Item"]["properties"].update(
        id={"type": "integer"}), None),
    # a `next` that is a URL is never a token, whatever parameter there is
    ("next_uri", lambda d: _params_of(d, "next_uri").append(
        {"name": "after", "in": "query", "schema": {"type": "string"}}),
     ir.LinkPagesIR(ITEM, "200", "data", ("next",))),
    # `errors` beside the items is not a second list (Square's pages)
    ("nested_token", lambda d: _page_of(d, "nested_token")["properties"].update(
        errors={"type": "array", "items": {"type": "string"}}),
     EXPECTED["nested_token"]),
    # a page that is also a 201 answer: its pages would be a union
    ("page_token", lambda d: d["paths"]["/page_token"]["get"]["responses"].update(
        {"201": {"description": "made"}}), None),
])
def test_what_changes_the_answer(tmp_path: Path, operation: str, change: Any,
                                 expected: ir.PaginationIR | None) -> None:
    document = page_styles_spec()
    change(document)
    assert op(build(tmp_path, document), operation).pagination == expected


# --- the generated client -----------------------------------------------------------------

USE = """
from typing import assert_type
from page_styles_client import AsyncClient, Client
from page_styles_client._runtime import Page
from page_styles_client.models import Item

client = Client()
for item in client.items.stripe_style_iter(limit=2, status="open"):
    assert_type(item, Item)
for each in client.items.nested_token_iter():
    assert_type(each, Item)
for page in client.items.link_header_pages(per_page=2):
    assert_type(page, Page[Item])
    assert_type(page.items, Sequence[Item])


async def walk() -> None:
    async for each in AsyncClient().items.next_url_iter(limit=3, max_pages=4):
        assert_type(each, Item)
"""


@pytest.fixture(scope="module")
def client_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("page_styles")
    source = folder / "spec.json"
    source.write_text(json.dumps(page_styles_spec()), "utf-8")
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


def test_the_generated_client_and_its_item_types_check(client_dir: Path) -> None:
    (client_dir / "use.py").write_text(
        "from collections.abc import Sequence\n" + USE, "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir",
         str(client_dir / ".mypy_cache"), PACKAGE, "use.py"], cwd=client_dir,
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def item(number: int) -> dict[str, Any]:
    return {"id": f"it_{number}", "name": f"item {number}"}


class Server:
    """Answers each request by its path and query (in any order of the parameters) with
    the body, and the headers, given for it; records every request."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = {self._key(httpx.URL(url)): answer for url, answer in answers.items()}
        self.sent: list[httpx.Request] = []

    @staticmethod
    def _key(url: httpx.URL) -> tuple[str, tuple[tuple[str, str], ...]]:
        return url.path, tuple(sorted(url.params.multi_items()))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        answer = self.answers[self._key(request.url)]
        body, headers = answer if isinstance(answer, tuple) else (answer, {})
        return httpx.Response(200, json=body, headers=headers)

    def client(self, pkg: ModuleType, **settings: Any) -> Any:
        http = httpx.Client(transport=httpx.MockTransport(self))
        return pkg.Client(http_client=http, **settings)

    def async_client(self, pkg: ModuleType, **settings: Any) -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self))
        return pkg.AsyncClient(http_client=http, **settings)

    def queries(self) -> list[list[tuple[str, str]]]:
        """Each request's query parameters, in the order sent."""
        return [list(request.url.params.multi_items()) for request in self.sent]


def stripe(*numbers: int, more: bool) -> dict[str, Any]:
    return {"object": "list", "data": [item(n) for n in numbers], "has_more": more,
            "url": "/v1/stripe_style"}


# operation -> (arguments, answers by URL, the ids walked, the query of each request)
WALKS: dict[str, tuple[dict[str, Any], dict[str, Any], list[int],
                       list[list[tuple[str, str]]]]] = {
    "stripe_style": (
        {"limit": 2, "status": "open"},
        {f"{BASE}/stripe_style?limit=2&status=open": stripe(1, 2, more=True),
         f"{BASE}/stripe_style?limit=2&status=open&starting_after=it_2":
             stripe(3, 4, more=True),
         f"{BASE}/stripe_style?limit=2&status=open&starting_after=it_4":
             stripe(5, more=False)},
        [1, 2, 3, 4, 5],
        [[("limit", "2"), ("status", "open")],
         [("limit", "2"), ("starting_after", "it_2"), ("status", "open")],
         [("limit", "2"), ("starting_after", "it_4"), ("status", "open")]]),
    "nested_token": (
        {"limit": 1},
        {f"{BASE}/nested_token?limit=1": {
            "members": [item(1)], "response_metadata": {"next_cursor": "dXNlcjpVMEc5V0ZYTlo="}},
         f"{BASE}/nested_token?limit=1&cursor=dXNlcjpVMEc5V0ZYTlo=": {
            "members": [item(2)], "response_metadata": {"next_cursor": ""}}},  # Slack's end
        [1, 2],
        [[("limit", "1")], [("cursor", "dXNlcjpVMEc5V0ZYTlo="), ("limit", "1")]]),
    "page_token": (
        {"page_token": "start"},
        {f"{BASE}/page_token?pageToken=start": {"items": [item(1)], "nextPageToken": "p2"},
         f"{BASE}/page_token?pageToken=p2": {"items": [item(2)], "nextPageToken": "p3"},
         f"{BASE}/page_token?pageToken=p3": {"items": []}},  # no token: the end
        [1, 2],
        [[("pageToken", "start")], [("pageToken", "p2")], [("pageToken", "p3")]]),
    "last_id_token": (
        {},
        {f"{BASE}/last_id_token": {"data": [item(1), item(2)], "first_id": "it_1",
                                   "last_id": "it_2", "has_more": True},
         f"{BASE}/last_id_token?after=it_2": {"data": [item(3)], "first_id": "it_3",
                                              "last_id": "it_3", "has_more": False}},
        [1, 2, 3],
        [[], [("after", "it_2")]]),
    "next_url": (
        {"limit": 1},
        {f"{BASE}/next_url?limit=1": {
            "droplets": [item(1)], "meta": {"total": 3},
            "links": {"pages": {"next": f"{BASE}/next_url?page=2&limit=1",
                                "last": f"{BASE}/next_url?page=3&limit=1"}}},
         # a relative link: read against the page that gave it
         f"{BASE}/next_url?page=2&limit=1": {
             "droplets": [item(2)], "meta": {"total": 3},
             "links": {"pages": {"next": "next_url?page=3&limit=1", "first": "x"}}},
         f"{BASE}/next_url?page=3&limit=1": {
             "droplets": [item(3)], "meta": {"total": 3},
             "links": {"pages": {"first": "x", "prev": "y"}}}},
        [1, 2, 3],
        [[("limit", "1")], [("page", "2"), ("limit", "1")], [("page", "3"), ("limit", "1")]]),
    "next_uri": (
        {},
        {f"{BASE}/next_uri": {"data": [item(1)], "next": f"{BASE}/next_uri?offset=1"},
         f"{BASE}/next_uri?offset=1": {"data": [item(2)], "next": None}},
        [1, 2],
        [[], [("offset", "1")]]),
    "link_header": (
        {"per_page": 2},
        {f"{BASE}/link_header?per_page=2": ([item(1), item(2)], {"Link": (
            f'<{BASE}/link_header?per_page=2&page=2>; rel="next", '
            f'<{BASE}/link_header?per_page=2&page=3>; rel="last"')}),
         f"{BASE}/link_header?per_page=2&page=2": ([item(3), item(4)], {"Link": (
            '</v1/link_header?per_page=2&page=1>; rel="prev first", '
            '<link_header?per_page=2&page=3>; title="a, b; rel=last"; rel="next"')}),
         f"{BASE}/link_header?per_page=2&page=3": ([item(5)], {"Link": (
            f'<{BASE}/link_header?per_page=2&page=2>; rel="prev"')})},
        [1, 2, 3, 4, 5],
        [[("per_page", "2")], [("per_page", "2"), ("page", "2")],
         [("per_page", "2"), ("page", "3")]]),
}


def _ids(found: list[Any]) -> list[int]:
    return [int(each.id.removeprefix("it_")) for each in found]


@pytest.mark.parametrize("operation", WALKS)
def test_iter_walks_every_page_as_the_server_says(pkg: ModuleType, operation: str) -> None:
    arguments, answers, ids, queries = WALKS[operation]
    server = Server(answers)
    walk = getattr(server.client(pkg).items, f"{operation}_iter")
    assert _ids(list(walk(**arguments))) == ids
    # every page asked for once, each argument kept and none sent twice
    assert server.queries() == queries
    assert all(r.url.path == f"/v1/{operation}" for r in server.sent)


@pytest.mark.parametrize("operation", WALKS)
def test_async_iter_and_pages_walk_the_same_pages(pkg: ModuleType, operation: str) -> None:
    arguments, answers, ids, queries = WALKS[operation]
    server = Server(answers)

    async def walk() -> tuple[list[int], list[tuple[int, bool]]]:
        group = server.async_client(pkg).items
        found = _ids([each async for each in getattr(group, f"{operation}_iter")(
            **arguments)])
        pages = [(len(page.items), page.has_next_page()) async for page in getattr(
            group, f"{operation}_pages")(**arguments)]
        return found, pages

    found, pages = asyncio.run(walk())
    assert found == ids
    assert [more for _, more in pages] == [True] * (len(queries) - 1) + [False]
    assert sum(size for size, _ in pages) == len(ids)
    assert server.queries() == queries * 2


def test_pages_give_each_page_with_its_response(pkg: ModuleType) -> None:
    arguments, answers, _, _ = WALKS["stripe_style"]
    pages = list(Server(answers).client(pkg).items.stripe_style_pages(**arguments))
    assert [(len(p.items), p.count, p.has_next_page()) for p in pages] == [
        (2, None, True), (2, None, True), (1, None, False)]
    assert type(pages[0].response.parsed).__name__ == "StripeStyleResponse"
    assert repr(pages[0]) == "Page(items=2, count=None, has_next_page=True)"
    # where relative links point from; no query, which may hold a key (and is pickled)
    assert [p.response.url for p in pages] == [f"{BASE}/stripe_style"] * 3


def test_a_null_list_is_a_page_without_items(pkg: ModuleType) -> None:
    server = Server({
        f"{BASE}/nested_token": {"members": None, "response_metadata": {"next_cursor": "b"}},
        f"{BASE}/nested_token?cursor=b": {"members": [item(1)]}})
    pages = list(server.client(pkg).items.nested_token_pages())
    assert [(len(page.items), page.has_next_page()) for page in pages] == [
        (0, True), (1, False)]


def test_a_cursor_that_repeats_stops_the_walk(pkg: ModuleType) -> None:
    server = Server({
        f"{BASE}/nested_token": {"members": [item(1)],
                                 "response_metadata": {"next_cursor": "a"}},
        f"{BASE}/nested_token?cursor=a": {"members": [item(2)],
                                          "response_metadata": {"next_cursor": "a"}}})
    walked: list[Any] = []
    with pytest.raises(pkg.PaginationError, match="cursor for cursor repeats a page"):
        walked.extend(server.client(pkg).items.nested_token_iter())
    assert _ids(walked) == [1, 2]
    assert len(server.sent) == 2


def test_a_stripe_list_whose_last_id_does_not_move_stops(pkg: ModuleType) -> None:
    server = Server({f"{BASE}/stripe_style": stripe(1, 2, more=True),
                     f"{BASE}/stripe_style?starting_after=it_2": stripe(2, more=True)})
    with pytest.raises(pkg.PaginationError, match="repeats a page already walked"):
        list(server.client(pkg).items.stripe_style_iter())
    assert len(server.sent) == 2


@pytest.mark.parametrize(("operation", "answers"), [
    ("next_uri", {f"{BASE}/next_uri": {"data": [item(1)], "next": f"{BASE}/next_uri?x=1"},
                  f"{BASE}/next_uri?x=1": {"data": [item(2)], "next": "next_uri?x=1"}}),
    ("link_header", {f"{BASE}/link_header": ([item(1)], {"Link": '<?p=2>; rel="next"'}),
                     f"{BASE}/link_header?p=2": ([item(2)], {"Link": '<?p=2>; rel="next"'})}),
])
def test_a_link_that_repeats_stops_the_walk(pkg: ModuleType, operation: str,
                                            answers: dict[str, Any]) -> None:
    server = Server(answers)
    with pytest.raises(pkg.PaginationError, match="next link repeats a page"):
        list(getattr(server.client(pkg).items, f"{operation}_iter")())
    assert len(server.sent) == 2


def test_max_pages_bounds_a_cursor_walk(pkg: ModuleType) -> None:
    server = Server({f"{BASE}/page_token" + (f"?pageToken={n}" if n else ""): {
        "items": [item(n)], "nextPageToken": str(n + 1)} for n in range(5)})
    walked: list[Any] = []
    with pytest.raises(pkg.PaginationError, match="more than 3 pages"):
        walked.extend(server.client(pkg).items.page_token_iter(max_pages=3))
    assert _ids(walked) == [0, 1, 2]
    assert len(server.sent) == 3


def test_more_pages_without_a_cursor_is_refused(pkg: ModuleType) -> None:
    server = Server({f"{BASE}/last_id_token": {"data": [item(1)], "last_id": None,
                                               "has_more": True}})
    with pytest.raises(pkg.PaginationError, match="says another follows but gives no "
                                                  "cursor for after"):
        list(server.client(pkg).items.last_id_token_iter())
    # an empty Stripe page that says more follow has no last id to go on from
    server = Server({f"{BASE}/stripe_style": stripe(more=True)})
    with pytest.raises(pkg.PaginationError, match="gives no cursor for starting_after"):
        list(server.client(pkg).items.stripe_style_iter())
    server = Server({f"{BASE}/stripe_style": {"object": "list", "data": []}})
    with pytest.raises(pkg.PaginationError, match="does not say whether another follows"):
        list(server.client(pkg).items.stripe_style_iter())


def test_a_token_that_does_not_fit_is_no_silent_end(pkg: ModuleType) -> None:
    """Decoded leniently, a token of the wrong type is left UNSET: read as the end of
    the list, the walk would stop early without a word."""
    server = Server({f"{BASE}/page_token": {"items": [item(1)], "nextPageToken": 2}})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pkg.ResponseDriftWarning)
        with pytest.raises(pkg.DecodeError, match="nextPageToken"):
            list(server.client(pkg, lenient=True).items.page_token_iter())
    server = Server({f"{BASE}/stripe_style": {"object": "list", "data": {"id": "x"},
                                              "has_more": False}})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pkg.ResponseDriftWarning)
        with pytest.raises(pkg.DecodeError, match=r"\$\.data"):
            list(server.client(pkg, lenient=True).items.stripe_style_iter())


def test_a_next_url_to_another_host_is_never_followed(pkg: ModuleType) -> None:
    server = Server({f"{BASE}/link_header": (
        [item(1)], {"Link": '<https://elsewhere.test/v1/link_header?page=2>; rel="next"'})})
    with pytest.raises(pkg.PaginationError, match="is at https://elsewhere.test, not at"):
        list(server.client(pkg).items.link_header_iter())
    assert len(server.sent) == 1


# --- the Link header ----------------------------------------------------------------------

@pytest.mark.parametrize(("values", "expected"), [
    # GitHub's
    ([('<https://api.github.com/repos?page=2>; rel="next", '
      '<https://api.github.com/repos?page=5>; rel="last"')], "https://api.github.com/repos?page=2"),
    # a relation among several, any case; a comma and a semicolon inside quotes
    ([('<https://h.test/a>; title="x, y; rel=next"; rel=prev, <https://h.test/b>; '
      'REL="last NEXT"')], "https://h.test/b"),
    # a comma inside the target; the first rel of a link is the one that counts
    (['<https://h.test/a?x=1,2>; rel="next"; rel="prev"'], "https://h.test/a?x=1,2"),
    # several header fields; a relative target read against the request URL
    (['<https://h.test/first>; rel="first"', '<../c?page=2>; rel="next"'],
     "https://h.test/v1/c?page=2"),
    # a malformed link is skipped, the next one read
    (['garbage; rel="next", <https://h.test/ok>; rel=next'], "https://h.test/ok"),
    (['<https://h.test/a>; rel="prev"'], None),
    ([], None),
])
def test_the_link_header_is_parsed_as_rfc_8288_says(pkg: ModuleType, values: list[str],
                                                     expected: str | None) -> None:
    found = pkg._runtime.links.link_target(values, "next", "https://h.test/v1/b/list?q=1")
    assert found == expected


# --- the corpus ---------------------------------------------------------------------------

CORPUS = SHARED / "corpus"
STYLES = ("drf", "starting_after", "token", "next-url", "link-header")
# What each spec's operations are, as read in the spec itself (see docs/decisions.md):
# Stripe: every GET with `starting_after` (91) answers {object: list, data, has_more,
# url} with items that have an id, and its 7 search endpoints give `next_page` for
# `page`; OpenAI: `after` fed from `last_id` (40) or `next` (9), `page` from `next_page`
# (11), and 2 lists with `after` and `has_more` but no `last_id`; DigitalOcean: 85 GETs
# with `links.pages.next` and one list (88 with `links`: one lists a map, one has three
# lists); Square: 45 GETs with a string `cursor` in the page and the query (a 46th has
# an integer cursor; its POST searches take the cursor in the body). Xero pages by
# number (`page`, `pageCount`): not a style the client walks.
CORPUS_PAGES: dict[str, dict[str, int]] = {
    "stripe": {"starting_after": 91, "token": 7},
    "openai-31": {"token": 60, "starting_after": 2},
    "digitalocean": {"next-url": 85},
    "square": {"token": 45},
    "inventree-drf": {"drf": 79},
    "openzaak-catalogi-drf": {"drf": 10},
    "objects-api-drf": {"drf": 6},
}
NOT_GENERATED = {"oai-petstore-swagger20"}  # refused: Swagger 2.0


def _style(pages: ir.PaginationIR) -> str:
    if isinstance(pages, ir.DrfPagesIR):
        return "drf"
    if isinstance(pages, ir.LinkPagesIR):
        return "next-url" if pages.next else "link-header"
    return "token" if pages.token else "starting_after"


def _corpus() -> list[str]:
    manifest = CORPUS / "manifest.json"
    if not manifest.exists():
        return sorted(CORPUS_PAGES)
    return [entry["name"] for entry in json.loads(manifest.read_text("utf-8"))["specs"]
            if entry["name"] not in NOT_GENERATED]


def _source(name: str) -> Path:
    require_shared(CORPUS / "manifest.json")
    entries = json.loads((CORPUS / "manifest.json").read_text("utf-8"))["specs"]
    return corpus_repairs.source(next(e for e in entries if e["name"] == name))


@pytest.mark.parametrize("name", _corpus())
def test_the_pages_of_each_corpus_spec(name: str) -> None:
    source = _source(name)
    package = build_package(load_inputs([str(source)]), Options(package="corpus_client"))
    counts = dict.fromkeys(STYLES, 0)
    for group in package.groups:
        for operation in group.operations:
            if operation.pagination is not None:
                counts[_style(operation.pagination)] += 1
    report(f"pages[{name}]: " + ", ".join(f"{style} {n}" for style, n in counts.items()))
    assert {style: n for style, n in counts.items() if n} == CORPUS_PAGES.get(name, {})
