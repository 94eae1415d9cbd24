"""Drift never hides data; time zones are never guessed; a success is never an error.

- A response that does not fit its schema raises `ResponseDecodeError` carrying the partial
  model (every field that decoded; the others UNSET), every issue with its JSON path, and
  the raw response. In lenient mode (the client's `lenient=True`, or `lenient=` on one
  call) the partial model is returned instead, with one `ResponseDriftWarning`; its issues
  are on `Response.issues` and on every model (`drift_of`).
- A date-time without a UTC offset from the server is an issue (kept, naive, when
  lenient); a naive `datetime` is never sent.
- A 2xx status the spec does not list is read with the documented success schema.
- `DECIMAL_TEXT` (`type: string, format: decimal`) reads and writes DRF's money exactly.

The runtime under test is templates/static/_runtime inside a copy of the golden Campfire
client (tests/test_runtime_forms.py `runtime_package`), with small models of its own.
"""

from __future__ import annotations

import asyncio
import datetime
import importlib
import pickle
import warnings
from decimal import Decimal
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.test_runtime_forms import runtime_package

TOKEN = "drift-secret-token-0123"
UTC = datetime.UTC

MODELS = '''
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import _runtime as rt
from .._runtime import UNSET, Unset


@dataclass(kw_only=True, slots=True)
class Item(rt.Model):
    sku: str
    price: Decimal
    at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True, slots=True)
class Order(rt.Model):
    id: int
    placed: datetime.datetime
    note: str | None | Unset = UNSET
    items: list[Item] | Unset = UNSET
    codes: list[int] | Unset = UNSET
    owner: Item | None | Unset = UNSET
    stamps: list[datetime.datetime] | Unset = UNSET
    amount: Decimal | Unset = field(default=UNSET, metadata={"decimal": "text"})
    number: Decimal | Unset = UNSET
    additional_properties: dict[str, int] = field(default_factory=dict)


@dataclass(kw_only=True, slots=True)
class OrderPage(rt.Model):
    count: int
    next: str | None | Unset = UNSET
    results: list[Order]
    additional_properties: dict[str, Any] = field(default_factory=dict)


class Orders(rt.SyncGroup):
    __slots__ = ()

    def orders(self, *, offset: int = 0, **options: Any) -> OrderPage:
        return self._send(rt.Call("orders", "GET", "/orders", query=[("offset", offset, True)],
                                  responses={"200": rt.model_of(OrderPage)}), options)

    orders_iter = rt.Items(orders, rt.DRF_PAGES)


@dataclass(kw_only=True, slots=True)
class Receipt(rt.Model):
    receipt: str
    additional_properties: dict[str, Any] = field(default_factory=dict)
'''

GOOD: dict[str, Any] = {
    "id": 7, "placed": "2025-07-25T21:04:38+00:00", "note": None,
    "items": [{"sku": "a", "price": "1.10"}, {"sku": "b", "price": 2}],
    "codes": [1, 2], "owner": {"sku": "o", "price": "0.10"}, "amount": "750.00",
    "number": Decimal("1.5"),
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return runtime_package(tmp_path_factory.mktemp("drift"), "rtdrift_client", MODELS)


@pytest.fixture(scope="module")
def rt(pkg: ModuleType) -> Any:
    return importlib.import_module(f"{pkg.__name__}._runtime")


@pytest.fixture(scope="module")
def m(pkg: ModuleType) -> Any:
    return importlib.import_module(f"{pkg.__name__}.models.runtime_cases")


def answering(rt: Any, status: int, content: bytes | dict[str, Any] | list[Any],
              *, lenient: bool = False, seen: list[httpx.Request] | None = None) -> Any:
    """A sync client whose transport answers every request with `status` and `content`."""
    body = content if isinstance(content, bytes) else rt.dumps(content).encode()

    def answer(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(status, content=body,
                              headers={"Content-Type": "application/json"})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return rt.SyncClientBase(TOKEN, "http://api.test", rt.ApiKeyAuth("header", "Authorization",
                             "Token"), timeout=None, headers=None, http_client=http,
                             lenient=lenient)


def order_call(rt: Any, m: Any, status: str = "200", **extra: Any) -> Any:
    return rt.Call("get_order", "GET", "/orders/7", responses={status: rt.model_of(m.Order)},
                   **extra)


def broken_order() -> dict[str, Any]:
    """Every kind of drift: a wrong scalar, a missing required field, an item with a
    wrong field, a list with a null item, a nested object of the wrong kind, an unknown
    property of the wrong type, a date-time without an offset."""
    return {
        "id": "seven", "note": "kept",
        "items": [{"sku": "a", "price": "1.10"}, {"sku": "b", "price": "n/a"}],
        "codes": [1, None], "owner": "nobody", "amount": "750.00",
        "stamps": ["2025-07-25T21:04:38"], "extra": 1, "bad": "z",
    }


BROKEN_PATHS = ["$.bad", "$.codes[1]", "$.id", "$.items[1].price", "$.owner", "$.placed",
                "$.stamps[0]"]


# --- the partial model ------------------------------------------------------------------


def test_a_payload_that_does_not_fit_keeps_every_field_that_did(rt: Any, m: Any) -> None:
    with pytest.raises(rt.DecodeError) as caught:
        m.Order.from_dict(broken_order())
    error = caught.value
    assert sorted(issue.path for issue in error.issues) == BROKEN_PATHS
    partial = error.partial
    assert type(partial) is m.Order
    # what did not decode is UNSET, never None (None would be a value the server sent)
    assert partial.id is rt.UNSET and partial.placed is rt.UNSET
    assert partial.owner is rt.UNSET
    # a list with an item that is not even of its kind is UNSET as a whole ...
    assert partial.codes is rt.UNSET
    # ... a list whose items are objects with problems inside keeps every item
    assert [item.sku for item in partial.items] == ["a", "b"]
    assert partial.items[0].price == Decimal("1.10") and partial.items[1].price is rt.UNSET
    # a naive date-time is kept as it came, with its issue
    assert partial.stamps == [datetime.datetime(2025, 7, 25, 21, 4, 38)]
    assert partial.note == "kept" and partial.amount == Decimal("750.00")
    # an unknown property that does not fit additionalProperties is left out
    assert partial.additional_properties == {"extra": 1}


def test_the_issues_are_attached_to_every_model_without_changing_it(rt: Any, m: Any) -> None:
    with pytest.raises(rt.DecodeError) as caught:
        m.Order.from_dict(broken_order())
    partial = caught.value.partial
    assert rt.drift_of(partial) == caught.value.issues
    assert [str(issue) for issue in rt.drift_of(partial.items[1])] == [
        "$.items[1].price: expected a number, got 'n/a'"]
    assert rt.drift_of(partial.items[0]) == ()
    assert rt.drift_of([partial]) == () and rt.drift_of(None) == ()
    # equality and repr see the fields only; pickling keeps the issues
    twin = m.Order(id=rt.UNSET, placed=rt.UNSET, note="kept", items=partial.items,
                   codes=rt.UNSET, owner=rt.UNSET, stamps=partial.stamps,
                   amount=Decimal("750.00"), additional_properties={"extra": 1})
    assert partial == twin and repr(partial) == repr(twin) and rt.drift_of(twin) == ()
    copy = pickle.loads(pickle.dumps(partial))
    assert copy == partial and rt.drift_of(copy) == rt.drift_of(partial)
    assert rt.drift_of(copy.items[1]) == rt.drift_of(partial.items[1])
    # a clean decode has no drift
    assert rt.drift_of(m.Order.from_dict(GOOD)) == ()


def test_the_decode_error_pickles_with_its_partial(rt: Any, m: Any) -> None:
    with pytest.raises(rt.DecodeError) as caught:
        m.Order.from_dict(broken_order())
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value) and copy.issues == caught.value.issues
    assert copy.partial == caught.value.partial


# --- strict and lenient responses --------------------------------------------------------


def test_strict_raises_with_the_partial_the_issues_and_the_raw_response(rt: Any,
                                                                       m: Any) -> None:
    client = answering(rt, 200, broken_order())
    with pytest.raises(rt.ResponseDecodeError) as caught:
        client.send(order_call(rt, m))
    error = caught.value
    assert sorted(issue.path for issue in error.issues) == BROKEN_PATHS
    assert error.response.status_code == 200
    assert error.response.content == rt.dumps(broken_order()).encode()
    assert error.partial.note == "kept" and error.partial.id is rt.UNSET
    assert "get_order" in str(error)
    dumped = pickle.dumps(error)
    assert TOKEN.encode() not in dumped and TOKEN not in str(error) + repr(error)
    assert pickle.loads(dumped).partial == error.partial


def test_lenient_returns_the_partial_with_one_warning(rt: Any, m: Any) -> None:
    client = answering(rt, 200, broken_order(), lenient=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        order = client.send(order_call(rt, m)).parsed
    drift = [w for w in caught if issubclass(w.category, rt.ResponseDriftWarning)]
    assert len(drift) == 1 and issubclass(rt.ResponseDriftWarning, UserWarning)
    assert "get_order" in str(drift[0].message) and "7 issues" in str(drift[0].message)
    assert drift[0].filename == __file__  # it points at the caller
    assert order.note == "kept" and order.id is rt.UNSET
    assert sorted(issue.path for issue in rt.drift_of(order)) == BROKEN_PATHS


def test_lenient_issues_are_on_the_whole_response(rt: Any, m: Any, pkg: ModuleType) -> None:
    """Through a generated group's `with_response`: Response.issues."""
    groups = importlib.import_module(f"{pkg.__name__}.api.accounts_receivable")
    memo = {"id": 42, "credit_memo_number": "CM-1"}  # most required fields are missing
    client = answering(rt, 200, memo, lenient=True)
    api = groups.AccountsReceivableApi(client)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rt.ResponseDriftWarning)
        whole = api.with_response.coa_api_v1_credit_memo_partial_update(42)
        parsed = api.coa_api_v1_credit_memo_partial_update(42)
    assert whole.parsed.id == 42 and whole.parsed.credit_memo_number == "CM-1"
    assert whole.issues and all(i.message == "missing required property" for i in whole.issues)
    assert whole.issues == rt.drift_of(whole.parsed) == rt.drift_of(parsed)
    clean = answering(rt, 200, GOOD)
    assert clean.send(order_call(rt, m)).issues == ()


def test_each_call_can_choose_strict_or_lenient(rt: Any, m: Any) -> None:
    lenient, strict = (answering(rt, 200, broken_order(), lenient=flag) for flag in (True, False))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rt.ResponseDriftWarning)
        assert strict.send(order_call(rt, m), {"lenient": True}).parsed.note == "kept"
        assert strict.send(order_call(rt, m, options={"lenient": True})).parsed.note == "kept"
        with pytest.raises(rt.ResponseDecodeError):
            lenient.send(order_call(rt, m), {"lenient": False})
        with pytest.raises(rt.ResponseDecodeError):  # _send's options win over the Call's
            strict.send(order_call(rt, m, options={"lenient": True}), {"lenient": False})
    with pytest.raises(TypeError, match="unexpected keyword argument 'lenent'"):
        strict.send(order_call(rt, m), {"lenent": True})
    with pytest.raises(TypeError, match="lenient must be a bool"):
        strict.send(order_call(rt, m), {"lenient": "yes"})


def test_the_async_client_is_lenient_per_call(rt: Any, m: Any) -> None:
    async def main() -> Any:
        transport = httpx.MockTransport(
            lambda request: httpx.Response(200, content=rt.dumps(broken_order()).encode()))
        async with httpx.AsyncClient(transport=transport) as http:
            client = rt.AsyncClientBase(None, "http://api.test", None, timeout=None,
                                        headers=None, http_client=http)
            with pytest.raises(rt.ResponseDecodeError):
                await client.send(order_call(rt, m))
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = await client.send(order_call(rt, m), {"lenient": True})
            assert [w.category for w in caught] == [rt.ResponseDriftWarning]
            return result.parsed

    assert asyncio.run(main()).note == "kept"


@pytest.mark.parametrize("content", [b"not json", b'"a string"', b"[1, 2]"])
def test_lenient_cannot_return_what_is_not_even_an_object(rt: Any, m: Any,
                                                         content: bytes) -> None:
    client = answering(rt, 200, content, lenient=True)
    with pytest.raises(rt.ResponseDecodeError) as caught:
        client.send(order_call(rt, m))
    assert caught.value.partial is None and caught.value.response.content == content


def paged(rt: Any, pages: list[dict[str, Any]]) -> Any:
    """A client answering `GET /orders?offset=N` with the page that starts at N."""
    by_offset = {}
    offset = 0
    for page in pages:
        by_offset[offset] = page
        offset += len(page["results"])

    def answer(request: httpx.Request) -> httpx.Response:
        page = by_offset[int(request.url.params["offset"])]
        return httpx.Response(200, content=rt.dumps(page).encode())

    http = httpx.Client(transport=httpx.MockTransport(answer))
    return rt.SyncClientBase(None, "http://api.test", None, timeout=None, headers=None,
                             http_client=http)


def test_walking_pages_leniently_keeps_partial_items_and_never_stops_early(rt: Any,
                                                                          m: Any) -> None:
    partial_item = dict(GOOD, id="seven")
    pages: list[dict[str, Any]] = [
        {"count": 3, "next": "http://api.test/orders?offset=2", "results": [GOOD, GOOD]},
        {"count": 3, "next": None, "results": [partial_item]}]
    orders = m.Orders(paged(rt, pages))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rt.ResponseDriftWarning)
        walked = list(orders.orders_iter(lenient=True))
    assert [order.id for order in walked] == [7, 7, rt.UNSET]
    assert [str(i) for i in rt.drift_of(walked[2])] == [
        "$.results[0].id: expected an integer, got 'seven'"]
    with pytest.raises(rt.ResponseDecodeError):
        list(orders.orders_iter())
    # a link to the next page that does not decode: an error, not the end of the list
    pages[0]["next"] = 42
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rt.ResponseDriftWarning)
        with pytest.raises(rt.DecodeError, match=r"a page of orders.*\$\.next"):
            list(m.Orders(paged(rt, pages)).orders_iter(lenient=True))
        pages[0]["next"] = "http://api.test/orders?offset=2"
        pages[0]["results"] = [GOOD, None]  # an item that is not an object: no results
        with pytest.raises(rt.DecodeError, match=r"\$\.results\[1\]"):
            list(m.Orders(paged(rt, pages)).orders_iter(lenient=True))


# --- time zones ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "words"), [
    ("2025-07-25T21:04:38", "no UTC offset: a date-time '2025-07-25T21:04:38'"),
    ("2025-07-25", "no UTC offset: a date '2025-07-25'"),
])
@pytest.mark.parametrize("complete", [True, False])
def test_a_date_time_without_offset_is_an_issue_and_kept_when_lenient(
        rt: Any, m: Any, text: str, words: str, complete: bool) -> None:
    """Both decoders: the one for payloads with every field (`complete`) and the other."""
    payload = dict(GOOD, placed=text, stamps=[text])
    payload["items"] = [{"sku": "a", "price": "1", "at": text}]
    if not complete:
        del payload["note"]
    with pytest.raises(rt.DecodeError) as caught:
        m.Order.from_dict(payload)
    assert [str(issue) for issue in caught.value.issues] == [
        f"$.placed: {words}", f"$.items[0].at: {words}", f"$.stamps[0]: {words}"]
    naive = datetime.datetime.fromisoformat(text)
    partial = caught.value.partial
    assert partial.placed == naive and partial.placed.tzinfo is None
    assert partial.items[0].at == naive and partial.stamps == [naive]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rt.ResponseDriftWarning)
        lenient = answering(rt, 200, payload, lenient=True).send(order_call(rt, m)).parsed
    assert lenient.placed == naive and len(rt.drift_of(lenient)) == 3


@pytest.mark.parametrize("text", ["2025-07-25T21:04:38Z", "2025-07-25T23:04:38+02:00",
                                  "2025-07-25T21:04:38.123456+00:00"])
def test_a_date_time_with_an_offset_is_no_issue(m: Any, text: str) -> None:
    order = m.Order.from_dict(dict(GOOD, placed=text))
    assert order.placed.utcoffset() is not None


def test_a_naive_datetime_is_never_sent(rt: Any, m: Any) -> None:
    seen: list[httpx.Request] = []
    client = answering(rt, 200, GOOD, seen=seen)
    naive = datetime.datetime(2025, 7, 25, 21, 4, 38)
    body = m.Order(id=1, placed=datetime.datetime(2025, 7, 25, tzinfo=UTC),
                   items=[m.Item(sku="a", price=Decimal(1), at=naive)])
    cases = {
        "request body field items[0].at": rt.Call("put", "PUT", "/o", body=body),
        "request body field placed": rt.Call("put", "PUT", "/o", body=m.Order(id=1,
                                                                              placed=naive)),
        "query parameter since": rt.Call("list", "GET", "/o", query=[("since", naive, True)]),
        "header X-Since": rt.Call("list", "GET", "/o", headers=[("X-Since", naive)]),
    }
    for where, call in cases.items():
        with pytest.raises(rt.EncodingError) as caught:
            client.send(call)
        message = str(caught.value)
        assert message.startswith(f"{call.operation}: cannot send {where}: ")
        assert "datetime.timezone.utc" in message and ".astimezone()" in message
    with pytest.raises(rt.EncodingError):
        body.to_json()
    with pytest.raises(rt.EncodingError, match="cannot send a path parameter: a datetime"):
        rt.path_param(naive)
    assert not seen
    aware = m.Order(id=1, placed=naive.replace(tzinfo=UTC))
    assert '"placed":"2025-07-25T21:04:38+00:00"' in aware.to_json()


# --- string decimals ----------------------------------------------------------------------


def test_string_decimals_are_read_and_written_exactly(rt: Any, m: Any) -> None:
    order = m.Order.from_dict(dict(GOOD, amount="0.10", number=Decimal("1.10")))
    assert order.amount == Decimal("0.10") and str(order.amount) == "0.10"
    assert m.Order.from_dict(dict(GOOD, amount=5)).amount == Decimal(5)
    assert m.Order.from_dict(dict(GOOD, amount=Decimal("12.345"))).amount == Decimal("12.345")
    with pytest.raises(rt.DecodeError, match=r"\$\.amount: expected a number"):
        m.Order.from_dict(dict(GOOD, amount="12,50"))
    # What DRF's DecimalField reads (`Decimal(text)`, finite) and its schema's pattern
    # admits is a number; what DRF refuses ("", "-.", NaN, "1_000") stays an error.
    for text in ("1.", "-44984100.", "-053084708", ".5", "+2"):
        assert m.Order.from_dict(dict(GOOD, amount=text)).amount == Decimal(text)
    for text in ("", "-.", ".", "NaN", "1_000", " 1"):
        with pytest.raises(rt.DecodeError, match=r"\$\.amount: expected a number"):
            m.Order.from_dict(dict(GOOD, amount=text))
    placed = datetime.datetime(2025, 1, 1, tzinfo=UTC)
    sent = m.Order(id=1, placed=placed, amount=Decimal("1E+2"), number=Decimal("1.10"))
    assert sent.to_dict()["amount"] == "100"
    text = sent.to_json()
    assert '"amount":"100"' in text and '"number":1.10' in text  # DECIMAL stays a number
    for value, wire in [(Decimal("0.10"), "0.10"), (Decimal("-0.00"), "-0.00"),
                        (Decimal("9999999999999.99"), "9999999999999.99"),
                        (Decimal("1.5E-7"), "0.00000015"), (12, "12")]:
        assert rt.DECIMAL_TEXT.encode(value) == wire
    with pytest.raises(rt.EncodingError):
        rt.DECIMAL_TEXT.encode(Decimal("Infinity"))
    issues: list[Any] = []
    assert rt.DECIMAL_TEXT.decode("750.00", "$", None, issues) == Decimal("750.00")
    assert not issues


# --- a success the spec does not list ------------------------------------------------------


def test_an_undocumented_success_status_is_read_with_the_documented_schema(rt: Any,
                                                                          m: Any) -> None:
    client = answering(rt, 200, GOOD)
    created = client.send(order_call(rt, m, status="201"))  # documented 201, answered 200
    assert created.status_code == 200 and created.parsed.id == 7
    with pytest.raises(rt.ResponseDecodeError):  # it must still fit
        answering(rt, 200, broken_order()).send(order_call(rt, m, status="201"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rt.ResponseDriftWarning)
        lenient = answering(rt, 200, broken_order(), lenient=True)
        assert lenient.send(order_call(rt, m, status="201")).parsed.note == "kept"


def test_an_undocumented_success_without_a_documented_body(rt: Any) -> None:
    content = b'{"detail": "deleted"}'
    call = rt.Call("delete", "DELETE", "/o/7", responses={"204": None})
    whole = answering(rt, 200, content).send(call)
    assert whole.parsed is None and whole.content == content
    nothing = rt.Call("ping", "POST", "/ping")  # no success documented at all
    assert answering(rt, 299, content).send(nothing).content == content


def test_several_success_schemas_take_the_first_that_fits(rt: Any, m: Any) -> None:
    responses = {"200": rt.model_of(m.Order), "202": rt.model_of(m.Receipt), "204": None}
    call = rt.Call("submit", "POST", "/o", responses=responses)
    assert type(answering(rt, 201, {"receipt": "r-1"}).send(call).parsed) is m.Receipt
    assert type(answering(rt, 201, GOOD).send(call).parsed) is m.Order
    assert answering(rt, 201, b"").send(call).parsed is None
    with pytest.raises(rt.ResponseDecodeError) as caught:
        answering(rt, 201, {"neither": 1}).send(call)
    assert "$.id: missing required property" in str(caught.value)  # the first one's


def test_error_statuses_are_still_api_errors(rt: Any, m: Any) -> None:
    with pytest.raises(rt.ApiError) as caught:
        answering(rt, 404, {"detail": "Not found."}).send(order_call(rt, m))
    assert caught.value.status_code == 404
    with pytest.raises(rt.ApiError):
        answering(rt, 302, b"").send(order_call(rt, m))


# --- a server without time zones (server_timezone) ---------------------------------------

NAIVE_THING = (b'{"id": 1, "price": 1, "data": null, "when": "2025-07-25T21:04:38",'
               b' "stamps": ["2025-01-10T08:00:00", "2025-07-25T21:04:38+00:00"]}')


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    from tests.inline_client import inline_package
    return inline_package(tmp_path_factory.mktemp("zones"), "zones_client")


def test_server_timezone_reads_date_times_without_offset_in_that_zone(
        inline: ModuleType) -> None:
    """As Django with USE_TZ = False sends them; strict by default, as before."""
    from zoneinfo import ZoneInfo

    from tests.inline_client import answering
    with pytest.raises(inline.ResponseDecodeError) as caught:
        answering(inline, 200, NAIVE_THING).default.things_retrieve(1)
    assert [issue.path for issue in caught.value.issues] == ["$.when", "$.stamps[0]"]
    zurich = ZoneInfo("Europe/Zurich")
    for zone in ("Europe/Zurich", zurich):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no issue, so no drift warning either
            thing = answering(inline, 200, NAIVE_THING, server_timezone=zone
                              ).default.things_retrieve(1)
        assert thing.when == datetime.datetime(2025, 7, 25, 19, 4, 38, tzinfo=UTC)  # CEST
        assert thing.when.tzinfo is zurich
        winter, given = thing.stamps
        assert winter == datetime.datetime(2025, 1, 10, 7, tzinfo=UTC)  # CET
        assert given.utcoffset() == datetime.timedelta(0)  # an offset sent is kept
        assert inline.drift_of(thing) == ()
    utc = answering(inline, 200, NAIVE_THING, server_timezone="UTC").default
    assert utc.things_retrieve(1).when.tzinfo is UTC


def test_server_timezone_per_call_and_with_options(inline: ModuleType) -> None:
    from tests.inline_client import answering
    strict = answering(inline, 200, NAIVE_THING)
    zoned = answering(inline, 200, NAIVE_THING, server_timezone="Europe/Zurich")
    assert strict.default.things_retrieve(1, server_timezone="UTC").when.tzinfo is UTC
    with pytest.raises(inline.ResponseDecodeError, match=r"\$\.when: no UTC offset"):
        zoned.default.things_retrieve(1, server_timezone=None)  # strict for this call
    assert zoned.default.things_retrieve(1).when.utcoffset() == datetime.timedelta(hours=2)
    assert strict.with_options(server_timezone="UTC").default.things_retrieve(1).when.tzinfo \
        is UTC
    with pytest.raises(inline.ResponseDecodeError):
        zoned.with_options(server_timezone=None).default.things_retrieve(1)

    async def main() -> Any:
        client = answering(inline, 200, NAIVE_THING, "AsyncClient", server_timezone="UTC")
        async with client:
            return await client.default.things_retrieve(1)

    assert asyncio.run(main()).when == datetime.datetime(2025, 7, 25, 21, 4, 38, tzinfo=UTC)


def test_server_timezone_sends_date_times_as_that_zone_s_wall_clock(inline: ModuleType) -> None:
    """A server without time zones reads what it is sent as its own wall-clock time
    (Django with USE_TZ = False turns an offset into UTC and drops it): with
    `server_timezone`, the client sends that time, without an offset; without it, the
    offset as given."""
    import json

    import httpx
    sent: list[dict[str, object]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(201, content=b'{"id": 1, "price": 1, "data": null}',
                              headers={"Content-Type": "application/json"})

    summer = datetime.datetime(2025, 7, 25, 19, 4, 38, tzinfo=UTC)
    thing = inline.models.Thing(id=1, price=1, data={"at": summer}, when=summer,
                                stamps=[summer.astimezone(datetime.timezone(
                                    datetime.timedelta(hours=-5)))])
    for zone in ("Europe/Zurich", None):
        http = httpx.Client(transport=httpx.MockTransport(answer))
        client = inline.Client(base_url="http://api.test", http_client=http,
                               server_timezone=zone)
        client.default.things_create(body=thing)
    per_call = inline.Client(base_url="http://api.test", http_client=httpx.Client(
        transport=httpx.MockTransport(answer)))
    per_call.default.things_create(body=thing, server_timezone="Europe/Zurich")
    zoned, plain, called = sent
    assert zoned["when"] == zoned["data"]["at"] == "2025-07-25T21:04:38"  # CEST
    assert zoned["stamps"] == ["2025-07-25T21:04:38"]
    assert plain["when"] == "2025-07-25T19:04:38+00:00"
    assert plain["stamps"] == ["2025-07-25T14:04:38-05:00"]
    assert called == zoned


def test_server_timezone_leaves_a_bare_date_an_issue(inline: ModuleType) -> None:
    """A date where a date-time belongs is no wall-clock time: no zone makes it one."""
    from tests.inline_client import answering
    body = b'{"id": 1, "price": 1, "data": null, "when": "2025-07-25"}'
    with pytest.raises(inline.ResponseDecodeError, match="no UTC offset: a date '2025-07-25'"):
        answering(inline, 200, body, server_timezone="UTC").default.things_retrieve(1)


def test_a_server_timezone_that_names_no_zone_stops_the_client(inline: ModuleType) -> None:
    from tests.inline_client import answering
    with pytest.raises(ValueError, match="Client\\(\\): server_timezone: no time zone is "
                                         "named 'Europe/Zurch'"):
        inline.Client(base_url="http://api.test", server_timezone="Europe/Zurch")
    with pytest.raises(ValueError, match="'../etc/passwd'"):
        inline.AsyncClient(base_url="http://api.test", server_timezone="../etc/passwd")
    with pytest.raises(TypeError, match="server_timezone must be a time zone name, a "
                                        "datetime.tzinfo or None, not 2"):
        inline.Client(base_url="http://api.test", server_timezone=2)
    client = answering(inline, 200, NAIVE_THING)
    with pytest.raises(ValueError, match="things_retrieve\\(\\): server_timezone: no time "
                                         "zone is named 'Mars/Olympus'"):
        client.default.things_retrieve(1, server_timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="with_options\\(\\): server_timezone"):
        client.with_options(server_timezone="utc")
