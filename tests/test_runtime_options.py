"""Per-call and per-client control, middleware, and deprecations.

- Every operation takes, through `**options`: `timeout`, `max_retries`, `extra_headers`,
  `extra_query`, `idempotency_key`, `lenient`; each checked (a misspelt name or a wrong
  type is a TypeError naming the operation).
- `client.with_options(timeout=, max_retries=, lenient=, headers=)` is a client of the same
  class on the same connection pool and credentials, with groups of its own; closing it
  closes nothing.
- A caller's httpx client keeps working; its transports are the middleware (event hooks:
  tests/test_runtime_retries.py).
- A deprecated parameter given, or a deprecated field set in a request body, warns
  (`DeprecationWarning`) at the caller's line, once per call site.

Through the generated drf_idioms client (tests/fault_server.py), package `opts_client`.
"""

from __future__ import annotations

import asyncio
import importlib
import textwrap
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.fault_server import MEMO, PAGE, idioms_package, make_client

TOKEN = "opts-secret-token-3131"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("opts")
    package = idioms_package(folder, "opts_client")
    # A group as the generator writes one for an operation with deprecated parameters.
    (folder / "opts_client" / "api" / "old.py").write_text(textwrap.dedent('''
        from .. import _runtime as rt
        from .._runtime import UNSET


        class OldApi(rt.SyncGroup):
            def listing(self, *, since=UNSET, fresh=UNSET, x_old=UNSET, **options):
                return self._send(rt.Call[None](
                    "listing", "GET", "/old/",
                    query=[("since", since, True), ("fresh", fresh, True)],
                    headers=[("X-Old", x_old)], responses={"200": None},
                    deprecated=("since", "X-Old"), options=options))


        class AsyncOldApi(rt.AsyncGroup):
            async def listing(self, *, since=UNSET, **options):
                return await self._send(rt.Call[None](
                    "listing", "GET", "/old/", query=[("since", since, True)],
                    responses={"200": None}, deprecated=("since",), options=options))
    '''))
    importlib.import_module("opts_client.api.old")
    return package


@pytest.fixture(scope="module")
def rt(pkg: ModuleType) -> Any:
    return importlib.import_module(f"{pkg.__name__}._runtime")


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def client(pkg: ModuleType, sent: list[httpx.Request]) -> Iterator[Any]:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.method == "DELETE":
            return httpx.Response(204)
        return httpx.Response(201 if request.method == "POST" else 200,
                              json=PAGE if request.method == "GET" else MEMO)

    http = httpx.Client(transport=httpx.MockTransport(handler), timeout=9.0)
    with make_client(pkg, "Client", TOKEN, "https://api.test/v1", http_client=http,
                     max_retries=0) as made:
        yield made
    http.close()


def test_per_call_timeout_headers_and_query(client: Any, sent: list[httpx.Request]
                                            ) -> None:
    ledger = client.ledger
    ledger.memos_list(limit=5, status="open")
    ledger.memos_list(limit=5, status="open", timeout=1.5,
                      extra_headers={"X-Trace": "t-1", "authorization": "Token other"},
                      extra_query={"limit": "50", "debug": "1"})
    ledger.memos_list(timeout=None)
    first, second, third = sent
    assert first.extensions["timeout"]["read"] == 9.0  # the httpx client's own
    assert second.extensions["timeout"] == {"connect": 1.5, "read": 1.5, "write": 1.5,
                                            "pool": 1.5}
    assert third.extensions["timeout"]["read"] is None
    assert first.headers["authorization"] == f"Token {TOKEN}"
    assert second.headers["x-trace"] == "t-1"
    assert second.headers.get_list("authorization") == ["Token other"]  # the caller's
    assert list(second.url.params.multi_items()) == [("status", "open"), ("limit", "50"),
                                                     ("debug", "1")]
    assert "x-trace" not in sent[2].headers  # for that call only


def test_options_are_checked(client: Any) -> None:
    ledger = client.ledger
    cases: list[tuple[dict[str, Any], str]] = [
        ({"max_retry": 1}, "memos_list() got an unexpected keyword argument 'max_retry'"),
        ({"max_retries": -1}, "memos_list(): max_retries must be an int >= 0, not -1"),
        ({"max_retries": True}, "max_retries must be an int >= 0, not bool"),
        ({"timeout": "5"}, "timeout must be a number of seconds, an httpx.Timeout or None"),
        ({"extra_headers": {"X": 1}}, "extra_headers must be a mapping of str to str"),
        ({"extra_query": [("a", "b")]}, "extra_query must be a mapping of str to str"),
        ({"idempotency_key": ""}, "idempotency_key must be a non-empty str"),
        ({"lenient": 1}, "lenient must be a bool, not 1"),
    ]
    for options, message in cases:
        with pytest.raises(TypeError) as caught:
            ledger.memos_list(**options)
        assert message in str(caught.value)
    with pytest.raises(TypeError, match="with_options\\(\\): max_retries"):
        client.with_options(max_retries="3")
    ledger.memos_list(timeout=httpx.Timeout(2.0), max_retries=0, lenient=True)


def test_an_idempotency_key_on_any_call(client: Any, sent: list[httpx.Request],
                                        pkg: ModuleType) -> None:
    body = pkg.models.MemoRequest(number="M", amount=Decimal("1.00"), lines=[])
    client.ledger.memos_create(body=body, idempotency_key="k-1")
    with pytest.warns(DeprecationWarning):
        client.ledger.memos_void("7")  # the spec does not say it honours the header: none
    client.ledger.memos_destroy("7", idempotency_key="k-2")
    assert [r.headers.get("idempotency-key") for r in sent] == ["k-1", None, "k-2"]
    keyed = client.with_options()
    keyed._idempotency_header = "Idempotency-Key"
    keyed.ledger.memos_create(body=body, extra_headers={"Idempotency-Key": "mine"})
    keyed.ledger.memos_list()
    assert sent[3].headers["idempotency-key"] == "mine"  # the caller's own header stays
    assert "idempotency-key" not in sent[4].headers  # a GET needs none


def test_with_options_shares_the_pool_not_the_groups(pkg: ModuleType, client: Any,
                                                     sent: list[httpx.Request]) -> None:
    original_group = client.ledger  # cached on the original before the copy
    copy = client.with_options(timeout=2.5, max_retries=4, lenient=True,
                               headers={"X-Team": "books"})
    assert type(copy) is type(client) and copy._http is client._http
    assert copy.ledger is not original_group and copy.ledger._client is copy
    assert client.ledger is original_group and original_group._client is client
    assert (copy._max_retries, copy._lenient, client._max_retries, client._lenient) == (
        4, True, 0, False)
    copy.ledger.memos_list()
    client.ledger.memos_list()
    with_copy, with_original = sent
    assert with_copy.extensions["timeout"]["read"] == 2.5
    assert with_copy.headers["x-team"] == "books" and "x-team" not in with_original.headers
    assert with_copy.headers["authorization"] == f"Token {TOKEN}"
    assert str(with_copy.url).startswith("https://api.test/v1/memos/")
    copy.close()
    with copy:
        pass
    assert not client._http.is_closed  # only the owner closes
    client.ledger.memos_list()
    assert repr(copy) == repr(client) and TOKEN not in repr(vars(copy))


def test_with_options_on_the_async_client(pkg: ModuleType) -> None:
    async def main() -> list[httpx.Request]:
        seen: list[httpx.Request] = []

        async def handler(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(200, json=PAGE)

        async with make_client(pkg, "AsyncClient", TOKEN, "https://api.test",
                               http_client=httpx.AsyncClient(
                                   transport=httpx.MockTransport(handler))) as client:
            async with client.with_options(headers={"X-Copy": "1"}) as copy:
                await copy.ledger.memos_list()
            await client.ledger.memos_list()
            assert not client._http.is_closed and copy.ledger._client is copy
        return seen

    first, second = asyncio.run(main())
    assert first.headers["x-copy"] == "1" and "x-copy" not in second.headers


class Signing(httpx.BaseTransport):
    """Middleware as httpx means it: a transport wrapping another."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["X-Signature"] = f"sig-{request.method}"
        return self.inner.handle_request(request)


def test_a_transport_is_middleware(pkg: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    http = httpx.Client(transport=Signing(httpx.MockTransport(handler)))
    make_client(pkg, "Client", TOKEN, "https://api.test", http_client=http
                ).ledger.memos_destroy("3")
    assert seen[0].headers["x-signature"] == "sig-DELETE"


def at(mark: str) -> int:
    """The line of this file that ends with the comment `# <mark>`."""
    lines = Path(__file__).read_text("utf-8").splitlines()
    [number] = [n for n, text in enumerate(lines, 1) if text.endswith(f"  # {mark}")]
    return number


def deprecations(action: Callable[[], Any]) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")  # Python's: once per call site (outside __main__)
        action()
    return [w for w in caught if issubclass(w.category, DeprecationWarning)]


def test_a_deprecated_parameter_warns_at_the_callers_line(pkg: ModuleType, rt: Any
                                                          ) -> None:
    from opts_client.api.old import AsyncOldApi, OldApi

    http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    old = OldApi(make_client(pkg, "Client", TOKEN, "https://api.test", http_client=http))

    def twice() -> None:
        for _ in range(2):
            old.listing(since="2026-01-01", fresh=1)  # loop
        old.listing(fresh=1)  # not given: no warning
        old.listing(x_old="a", since="2026-01-02")  # both

    caught = deprecations(twice)
    assert [(str(w.message), w.filename, w.lineno) for w in caught] == [
        ("listing: the parameter 'since' is deprecated", __file__, at("loop")),
        ("listing: the parameter 'since' is deprecated", __file__, at("both")),
        ("listing: the parameter 'X-Old' is deprecated", __file__, at("both"))]

    async def main() -> None:
        async with make_client(pkg, "AsyncClient", TOKEN, "https://api.test",
                               http_client=httpx.AsyncClient(transport=httpx.MockTransport(
                                   lambda r: httpx.Response(200)))) as client:
            await AsyncOldApi(client).listing(since="x")  # async

    [warned] = deprecations(lambda: asyncio.run(main()))
    assert (warned.filename, warned.lineno) == (__file__, at("async"))


def test_a_deprecated_field_warns_when_sent(pkg: ModuleType, client: Any) -> None:
    models = pkg.models
    line_ = models.LineRequest(amount=Decimal(1))
    old = models.MemoRequest(number="M", amount=Decimal(1), lines=[line_], email="a@b.test")
    new = models.MemoRequest(number="M", amount=Decimal(1), lines=[])

    def send() -> None:
        client.ledger.memos_create(body=old)  # json
        client.ledger.memos_create(body=old, content_type="multipart/form-data")  # multi
        client.ledger.memos_create(body=old, content_type=  # form
                                   "application/x-www-form-urlencoded")
        client.ledger.memos_create(body=new)
        old.to_dict()  # not a request: no warning

    caught = deprecations(send)
    assert [(str(w.message), w.filename, w.lineno) for w in caught] == [
        ("MemoRequest.email is deprecated", __file__, at(mark))
        for mark in ("json", "multi", "form")]
