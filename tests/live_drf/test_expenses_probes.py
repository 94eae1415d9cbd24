"""What DRF really does that its schema does not say, pinned on the expense claims service
(tests/live_drf/expenses) in its three variants, with plain httpx: these pass against the
server alone, whatever the generated client does, and tell the client what to expect.

- lists: pagination off, or LimitOffset without `limit`, answer a bare list where the
  schema shows the page object; a cursor page has no count, its `next` an opaque cursor;
- session authentication: unsafe methods need Django's CSRF pair, any pair the client makes
  itself, and over HTTPS a Referer of the host too; at DRF's defaults a failed login is 403;
- USE_TZ = False: date-times without an offset, and an offset sent is turned into UTC;
- uploads: an image without a file extension is 400, whatever its bytes;
- forms: an empty value is null for a nullable relation or duration, "" for a CharField; a
  DictField sent as JSON text is stored as {};
- DRF's 400 shapes for nested many=True items, ListField, DictField and choices;
- JSONField floats round-trip as JSON numbers.
"""

from __future__ import annotations

import base64
import io
import json
import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.live_drf.db import stored_file
from tests.live_drf.expenses import LOGIN_PATH, NAIVE_TIME_ZONE
from tests.live_drf.server import LiveServer

Json = dict[str, Any]


def basic(server: LiveServer) -> tuple[str, str]:
    return server.username, server.password or ""


@pytest.fixture(scope="module")
def api(expenses_servers: dict[str, LiveServer]) -> Iterator[dict[str, httpx.Client]]:
    """One client per variant: the token on `full` and `naive`, basic at `defaults`."""
    clients = {}
    for variant, server in expenses_servers.items():
        auth: dict[str, Any] = ({"auth": basic(server)}
                                if variant == "defaults" else {"headers": server.auth_header})
        clients[variant] = httpx.Client(base_url=server.api_url, timeout=10.0, **auth)
    yield clients
    for client in clients.values():
        client.close()


def answer(response: httpx.Response, status: int = 201) -> Json:
    assert response.status_code == status, response.text
    data: Json = response.json()
    return data


def project(api: httpx.Client, **fields: Any) -> Json:
    return answer(api.post("project", json={"name": "Alpha", "code": secrets.token_hex(4),
                                            **fields}))


def expense(api: httpx.Client, **fields: Any) -> Json:
    return answer(api.post("expense", json={"amount": "12.50",
                                            "spent_at": "2024-03-15T12:00:00Z", **fields}))


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, "PNG")
    return buffer.getvalue()


def schema_response(schema: Path, path: str) -> Json:
    document = json.loads(schema.read_text("utf-8"))
    found: Json = document["paths"][path]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]
    return found


# -- lists ------------------------------------------------------------------------------


def test_limit_offset_without_limit_answers_a_bare_list(
        api: dict[str, httpx.Client], expenses_servers: dict[str, LiveServer],
        expenses_schemas: dict[str, Path]) -> None:
    server = expenses_servers["full"]
    notes = httpx.Client(base_url=server.api_url, auth=basic(server))
    owner = expense(api["full"])
    for text in ("first", "second"):
        answer(notes.post("note", json={"expense": owner["id"], "text": text}))
    # The schema shows the page object, always.
    assert schema_response(expenses_schemas["full"], "/api/note") == {
        "$ref": "#/components/schemas/PaginatedNoteList"}
    bare = answer(notes.get("note"), 200)
    assert isinstance(bare, list) and len(bare) >= 2  # no default limit: every note, bare
    page = answer(notes.get("note", params={"limit": 1}), 200)
    assert list(page) == ["count", "next", "previous", "results"]
    assert page["count"] == len(bare) and page["results"] == bare[:1]
    assert httpx.URL(page["next"]).params == httpx.QueryParams({"limit": "1", "offset": "1"})


def test_at_drf_defaults_every_list_is_bare_and_page_parameters_are_ignored(
        api: dict[str, httpx.Client], expenses_schemas: dict[str, Path]) -> None:
    for code in ("D1", "D2", "D3"):
        project(api["defaults"], code=secrets.token_hex(3) + code)
    assert schema_response(expenses_schemas["defaults"], "/api/project") == {
        "type": "array", "items": {"$ref": "#/components/schemas/Project"}}
    every = answer(api["defaults"].get("project"), 200)
    assert isinstance(every, list) and len(every) >= 3
    for params in ({"page": 2}, {"limit": 1}, {"cursor": "x"}, {"page_size": 1}):
        assert answer(api["defaults"].get("project", params=params), 200) == every


def test_page_number_pages_with_page_size(api: dict[str, httpx.Client]) -> None:
    for _ in range(3):
        project(api["full"])
    first = answer(api["full"].get("project", params={"page_size": 1}), 200)
    assert list(first) == ["count", "next", "previous", "results"]
    assert first["count"] >= 3 and first["previous"] is None and len(first["results"]) == 1
    assert httpx.URL(first["next"]).params == httpx.QueryParams({"page": "2", "page_size": "1"})
    default = answer(api["full"].get("project"), 200)
    assert len(default["results"]) == 2  # the view's page_size
    # Past the last page: 404 "Invalid page.", not an empty page.
    beyond = api["full"].get("project", params={"page": 999})
    assert (beyond.status_code, beyond.json()) == (404, {"detail": "Invalid page."})


def test_a_cursor_page_has_no_count_and_next_holds_an_opaque_cursor(
        api: dict[str, httpx.Client], expenses_schemas: dict[str, Path]) -> None:
    made = [expense(api["full"], title=f"cursor {index}") for index in range(3)]
    component = json.loads(expenses_schemas["full"].read_text("utf-8"))[
        "components"]["schemas"]["PaginatedExpenseList"]
    assert component["required"] == ["results"] and "count" not in component["properties"]
    pages = [answer(api["full"].get("expense"), 200)]
    assert list(pages[0]) == ["next", "previous", "results"]  # no count
    while pages[-1]["next"] is not None:
        url = httpx.URL(pages[-1]["next"])
        assert list(url.params) == ["cursor"]
        # Opaque: base64 of DRF's own position encoding ("o=2&p=..."), not a page number.
        assert b"=" in base64.b64decode(url.params["cursor"] + "==")
        pages.append(answer(api["full"].get(str(url)), 200))
    ids = [item["id"] for page in pages for item in page["results"]]
    assert all(len(page["results"]) <= 2 for page in pages) and len(pages) >= 2
    assert [item["id"] for item in made] == ids[-3:]  # ordered by created_at
    assert pages[-1]["previous"] is not None
    # The cursor is base64 of DRF's position ("p=<the last created_at>"); one the server
    # did not make is 404, not 400.
    bad = api["full"].get("expense", params={"cursor": "garbage"})
    assert (bad.status_code, bad.json()) == (404, {"detail": "Invalid cursor"})


def test_hyperlinked_relations_are_read_by_their_path(api: dict[str, httpx.Client]) -> None:
    parent = project(api["full"])
    path = httpx.URL(parent["url"]).path
    assert parent["url"] == api["full"].base_url.join(path) and parent["url"].endswith(
        parent["id"])
    # DRF resolves the link's path alone: any host, or none, names the same record.
    for link in (parent["url"], "https://elsewhere.example" + path, path):
        child = project(api["full"], parent=link)
        assert child["parent"] == parent["url"]
    bare_id = api["full"].post("project", json={"name": "x", "code": secrets.token_hex(4),
                                                "parent": parent["id"]})
    assert (bare_id.status_code, bare_id.json()) == (
        400, {"parent": ["Invalid hyperlink - No URL match."]})


# -- authentication ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def session(expenses_servers: dict[str, LiveServer]) -> dict[str, str]:
    """The cookies of a login on `full`: sessionid and Django's csrftoken."""
    server = expenses_servers["full"]
    login = httpx.post(server.base_url + LOGIN_PATH,
                       data={"username": server.username, "password": server.password})
    assert login.status_code == 200, login.text
    return {name: login.cookies[name] for name in ("sessionid", "csrftoken")}


def test_session_writes_need_the_csrf_pair(expenses_servers: dict[str, LiveServer],
                                           session: dict[str, str]) -> None:
    server = expenses_servers["full"]
    url = server.api_url + "project"
    sessionid = {"sessionid": session["sessionid"]}

    def post(cookies: dict[str, str], **headers: str) -> httpx.Response:
        return httpx.post(url, cookies={**sessionid, **cookies}, headers=headers,
                          json={"name": "Session", "code": secrets.token_hex(4)})

    assert httpx.get(url, cookies=sessionid).status_code == 200  # reading needs no pair
    refusals = {
        "no cookie": post({}),
        "no header": post({"csrftoken": session["csrftoken"]}),
        "a different header": post({"csrftoken": session["csrftoken"]},
                                   **{"X-CSRFToken": secrets.token_hex(16)}),
        "a short token": post({"csrftoken": "short"}, **{"X-CSRFToken": "short"}),
    }
    assert {case: (response.status_code, response.json()["detail"])
            for case, response in refusals.items()} == {
        "no cookie": (403, "CSRF Failed: CSRF cookie not set."),
        "no header": (403, "CSRF Failed: CSRF token missing."),
        "a different header": (
            403, "CSRF Failed: CSRF token from the 'X-Csrftoken' HTTP header incorrect."),
        "a short token": (403, "CSRF Failed: CSRF cookie has incorrect length."),
    }
    # The pair the login handed out passes; so does any pair of 32 letters and digits the
    # client makes itself: the token is not bound to the session.
    assert post({"csrftoken": session["csrftoken"]},
                **{"X-CSRFToken": session["csrftoken"]}).status_code == 201
    own = secrets.token_hex(16)
    assert post({"csrftoken": own}, **{"X-CSRFToken": own}).status_code == 201
    # Over HTTPS the pair is not enough: Django wants a Referer of this host too.
    https = {"X-Forwarded-Proto": "https", "X-CSRFToken": own}
    no_referer = post({"csrftoken": own}, **https)
    assert (no_referer.status_code, no_referer.json()["detail"]) == (
        403, "CSRF Failed: Referer checking failed - no Referer.")
    host = httpx.URL(server.base_url).netloc.decode()
    assert post({"csrftoken": own}, **https, Referer=f"https://{host}/").status_code == 201


def test_each_view_its_own_authentication(expenses_servers: dict[str, LiveServer]) -> None:
    full, defaults = expenses_servers["full"], expenses_servers["defaults"]
    password = basic(full)
    # The challenge comes from the first class of the view: Token, or Basic.
    assert httpx.get(full.api_url + "project").headers["WWW-Authenticate"] == "Token"
    assert httpx.get(full.api_url + "note").headers["WWW-Authenticate"] == 'Basic realm="api"'
    assert httpx.get(full.api_url + "project", auth=password).status_code == 200
    assert httpx.get(full.api_url + "note", auth=password).status_code == 200
    # Basic credentials on a token + session view are not read at all: anonymous, 401.
    assert httpx.get(full.api_url + "expense", auth=password).status_code == 401
    assert httpx.get(full.api_url + "note", headers=full.auth_header).status_code == 401
    # DRF's defaults: session first, which sends no challenge, so a wrong password is 403;
    # AllowAny, so no credentials at all is fine; a token header is ignored (anonymous).
    wrong = httpx.post(defaults.api_url + "project", auth=(defaults.username, "wrong"),
                       json={"name": "x", "code": secrets.token_hex(4)})
    assert (wrong.status_code, wrong.json()) == (403, {"detail": "Invalid username/password."})
    assert "WWW-Authenticate" not in wrong.headers
    assert httpx.get(defaults.api_url + "project").status_code == 200


# -- date-times -------------------------------------------------------------------------


def test_use_tz_false_answers_without_an_offset(api: dict[str, httpx.Client],
                                                expenses_orm: ModuleType) -> None:
    naive, full = api["naive"], api["full"]
    sent_with_offset = expense(naive, spent_at="2024-03-15T12:00:00+01:00")
    sent_naive = expense(naive, spent_at="2024-03-15T12:00:00")
    # The offset is not kept, and the time is turned into UTC, not into the server's zone.
    assert sent_with_offset["spent_at"] == "2024-03-15T11:00:00"
    assert sent_naive["spent_at"] == "2024-03-15T12:00:00"
    # auto_now_add is the server's wall-clock time in TIME_ZONE, without an offset either.
    created = datetime.fromisoformat(sent_naive["created_at"])
    assert created.tzinfo is None
    now_there = datetime.now(ZoneInfo(NAIVE_TIME_ZONE)).replace(tzinfo=None)
    assert abs(now_there - created) < timedelta(minutes=10)
    # What the file holds is that wall-clock time (read under the server's zone).
    stored = expenses_orm.Expense.objects.using("expenses_naive").get(pk=sent_naive["id"])
    assert stored.spent_at == datetime(2024, 3, 15, 12, tzinfo=ZoneInfo(NAIVE_TIME_ZONE))
    # With USE_TZ = True, a time without an offset is read in TIME_ZONE (UTC) and answered
    # with one.
    assert expense(full, spent_at="2024-03-15T12:00:00")["spent_at"] == "2024-03-15T12:00:00Z"


# -- uploads ----------------------------------------------------------------------------


def test_an_image_without_a_file_extension_is_400(
        api: dict[str, httpx.Client], expenses_orm: ModuleType,
        expenses_servers: dict[str, LiveServer]) -> None:
    fields = {"amount": "1.00", "spent_at": "2024-03-15T12:00:00Z"}
    nameless = api["full"].post("expense", data=fields,
                                files={"receipt": ("receipt", png(), "image/png")})
    assert nameless.status_code == 400
    assert nameless.json()["receipt"][0].startswith(
        "File extension “” is not allowed. Allowed extensions are: ")
    not_an_image = api["full"].post("expense", data=fields,
                                    files={"receipt": ("receipt.png", b"text", "image/png")})
    assert not_an_image.json() == {"receipt": [(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted "
        "image.")]}
    # A FileField takes any name, even none with an extension.
    made = answer(api["full"].post("expense", data=fields, files={
        "receipt": ("receipt.png", png(), "image/png"),
        "attachment": ("attachment", b"\x00\xff", "application/octet-stream")}))
    stored = expenses_orm.Expense.objects.using("expenses_full").get(pk=made["id"])
    db_path = expenses_servers["full"].db_path
    assert stored_file(db_path, stored.receipt) == png()
    assert stored_file(db_path, stored.attachment) == b"\x00\xff"
    assert made["receipt"].startswith("http://") and made["receipt"].endswith(".png")


# -- forms ------------------------------------------------------------------------------


@pytest.mark.parametrize("multipart", [False, True], ids=["form", "multipart"])
def test_empty_form_values(api: dict[str, httpx.Client], expenses_orm: ModuleType,
                           multipart: bool) -> None:
    files = {"attachment": ("a.txt", b"a", "text/plain")} if multipart else None
    made = answer(api["full"].post("expense", files=files, data={
        "amount": "1.00", "spent_at": "2024-03-15T12:00:00Z", "project": "", "title": "",
        "duration": ""}))
    stored = expenses_orm.Expense.objects.using("expenses_full").get(pk=made["id"])
    # A nullable relation and a nullable duration: null. A CharField allowing blank: "".
    assert (stored.project_id, stored.duration, stored.title) == (None, None, "")
    parent = answer(api["full"].post("project", files=files, data={
        "name": "Child", "code": secrets.token_hex(4), "parent": ""}))
    assert expenses_orm.Project.objects.using("expenses_full").get(
        pk=parent["id"]).parent_id is None


@pytest.mark.parametrize("multipart", [False, True], ids=["form", "multipart"])
def test_a_dict_field_sent_as_json_text_in_a_form_is_stored_empty(
        api: dict[str, httpx.Client], expenses_orm: ModuleType, multipart: bool) -> None:
    made = expense(api["full"], limits={"meals": 40})
    files = {"attachment": ("a.txt", b"a", "text/plain")} if multipart else None

    def patch(data: dict[str, str]) -> Any:
        answer(api["full"].patch(f"expense/{made['id']}", data=data, files=files), 200)
        return expenses_orm.Expense.objects.using("expenses_full").get(pk=made["id"]).limits

    # OpenAPI's notation for an object in a form (JSON text): DRF reads the field's name as
    # "clear it". Data lost, answered 200.
    assert patch({"limits": '{"meals": 50}'}) == {}
    # DRF's own notation (`limits.<key>`) arrives; a PATCH without the field keeps it.
    assert patch({"limits.meals": "60", "limits.lodging": "90"}) == {"meals": 60, "lodging": 90}
    assert patch({"title": "untouched limits"}) == {"meals": 60, "lodging": 90}
    # A JSONField in a form is JSON text, and is read as such.
    answer(api["full"].patch(f"expense/{made['id']}", data={"metadata": '{"a": [1, 0.5]}'},
                             files=files), 200)
    assert expenses_orm.Expense.objects.using("expenses_full").get(
        pk=made["id"]).metadata == {"a": [1, 0.5]}


# -- errors and JSON --------------------------------------------------------------------


def test_drf_400_shapes_for_nested_lists_dicts_and_choices(api: dict[str, httpx.Client]) -> None:
    owner = project(api["full"])
    batch = api["full"].post("expense/batch", json={"project": owner["id"], "items": [
        {"amount": "1.00", "spent_at": "2024-03-15T12:00:00Z"},
        {"amount": "x", "tags": ["ok", "x" * 21]}]})
    # Only the items in error, keyed by their index as a string (DRF 3.18; older DRF answers
    # a list with {} for every valid item).
    assert (batch.status_code, batch.json()) == (400, {"items": {"1": {
        "amount": ["A valid number is required."],
        "spent_at": ["This field is required."],
        "tags": {"1": ["Ensure this field has no more than 20 characters."]}}}})
    single = api["full"].post("expense", json={
        "amount": "1.00", "spent_at": "2024-03-15T12:00:00Z", "tags": ["ok", "y" * 21, ""],
        "limits": {"meals": "n"}, "categories": ["nope"], "project": "not-a-uuid"})
    assert (single.status_code, single.json()) == (400, {
        "project": ["“not-a-uuid” is not a valid UUID."],
        "tags": {"1": ["Ensure this field has no more than 20 characters."],
                 "2": ["This field may not be blank."]},
        "categories": ['"nope" is not a valid choice.'],
        "limits": {"meals": ["A valid integer is required."]}})
    empty_batch = api["full"].post("expense/batch", json={"project": owner["id"], "items": []})
    assert (empty_batch.status_code, empty_batch.json()) == (201, [])


def test_json_field_numbers_round_trip(api: dict[str, httpx.Client],
                                       expenses_orm: ModuleType) -> None:
    metadata = {"rate": 0.1, "huge": 1e300, "tiny": 5e-324, "third": 1 / 3, "int": 10**18,
                "nested": [1.5, {"neg": -0.0, "null": None}], "text": "0.1"}
    made = expense(api["full"], metadata=metadata)
    assert made["metadata"] == metadata
    assert api["full"].get(f"expense/{made['id']}").json()["metadata"] == metadata
    stored = expenses_orm.Expense.objects.using("expenses_full").get(pk=made["id"]).metadata
    assert stored == metadata and isinstance(stored["int"], int)
    assert [type(value) for value in stored["nested"]] == [float, dict]
    # A MultipleChoiceField answers a JSON array, never a set; the order is the set's.
    both = expense(api["full"], categories=["travel", "meals", "travel"])
    assert sorted(both["categories"]) == ["meals", "travel"]


def test_lists_in_forms(api: dict[str, httpx.Client], expenses_orm: ModuleType) -> None:
    """A list inside an item of a list arrives only in DRF's indexed notation; a PUT in a
    form cannot say an empty list, and leaving a field out keeps or empties it by class."""
    owner = project(api["full"])
    item = {"items[0]title": "t", "items[0]amount": "1.00",
            "items[0]spent_at": "2024-03-15T12:00:00Z"}
    notations: dict[str, dict[str, Any]] = {
        "indexed": {"items[0]tags[0]": "a", "items[0]tags[1]": "b"},
        "repeated": {"items[0]tags": ["a", "b"]},
        "dotted": {"items[0].tags[0]": "a", "items[0].tags[1]": "b"}}
    arrived = {}
    for name, notation in notations.items():
        batch = api["full"].post("expense/batch",
                                 data={"project": owner["id"], **item, **notation})
        assert batch.status_code == 201, batch.text
        arrived[name] = batch.json()[0]["tags"]
    assert arrived == {"indexed": ["a", "b"], "repeated": ["b"], "dotted": []}

    made = expense(api["full"], tags=["old"], categories=["meals"], limits={"meals": 1},
                   metadata={"kept": True})
    answer(api["full"].put(f"expense/{made['id']}", data={
        "amount": "1.00", "spent_at": "2024-03-15T12:00:00Z"}), 200)
    stored = expenses_orm.Expense.objects.using("expenses_full").get(pk=made["id"])
    # Left out of a form PUT: ListField, DictField and JSONField keep their values (a form
    # has no way to say "empty list"), MultipleChoiceField reads no keys as [].
    assert (stored.tags, stored.limits, stored.metadata, stored.categories) == (
        ["old"], {"meals": 1}, {"kept": True}, [])
    blank = api["full"].put(f"expense/{made['id']}", data={
        "amount": "1.00", "spent_at": "2024-03-15T12:00:00Z", "tags": ""})
    assert (blank.status_code, blank.json()) == (
        400, {"tags": {"0": ["This field may not be blank."]}})
