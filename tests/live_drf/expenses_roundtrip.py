"""Round trip: a client generated at run time from each variant of the expense claims
service (tests/live_drf/expenses) calls every operation, and every write in every encoding
is read back from that variant's database, field by field.

    python -m tests.live_drf.expenses_roundtrip [--variant full|naive|defaults|all]

The accounting is the ledger's (tests/live_drf/roundtrip.py: `RoundTrip`, `Summary`):
every write is verified, refused before sending (expected only where EXPECTED_REFUSALS
says why), or lost; one line per variant, then one per refusal, loss and failure:

    drf-live[expenses]: operations N/M, writes verified K/W (json a, form b, multipart c), refused before sending R (all expected), fields lost L
    failed: <operation> [<encoding>]: <reason>

It is written against the client of issue 16 (items 2 to 9), and names each feature where
it uses it, so that a failure says which one is missing:

- auth: one keyword per security scheme, `token_auth=`, `cookie_auth=` (the session
  cookie; the client sends the CSRF pair itself) and `basic_auth=(user, password)`;
  project operations go through a client holding all three (it picks the operation's
  alternative), expense operations through the session alone (every write needs CSRF),
  note operations through basic alone; project_list once through each scheme alone;
- pages: `<op>_iter` and `<op>_pages` follow `next` for page numbers (`page_size`),
  cursors and limit/offset, and take a bare list (LimitOffset without `limit`; every list
  at DRF's defaults) as one page;
- uploads: multipart when no `content_type` is given and the body has a file; files as
  `Upload`, `pathlib.Path`, an open file and bytes (a generated name DRF's ImageField
  accepts: one with the image's extension);
- untyped JSON (`settings`, `metadata`) decodes to plain dicts, lists, floats;
- None in a form is an empty value where DRF reads it as null (a nullable relation or
  duration): it arrives as null, no refusal;
- `server_timezone=` on the USE_TZ = False variant: an aware date-time arrives as the same
  instant (the server keeps wall-clock times in its zone) and answers decode aware;
- `field_errors` on the 400 of a batch with a bad item;
- no warning at all from any call (a union decoded by its chosen member only);
- `AsyncClient` with the session: every expense through `_iter`, and a multipart create
  with files (the CSRF pair on the async transport).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib
import io
import json
import math
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any, Final
from zoneinfo import ZoneInfo

import httpx

from tests.live_drf.expenses import API_PREFIX, LOGIN_PATH, NAIVE_TIME_ZONE, VARIANTS
from tests.live_drf.roundtrip import (
    ABSENT,
    HTTP_TIMEOUT,
    JSON,
    MULTIPART,
    PACKAGE,
    SHORT,
    Attempt,
    RoundTrip,
    SchemaLimitation,
    SeedError,
    SentFile,
    Summary,
    generate,
    imported,
    json_ready,
    schema_operations,
)
from tests.live_drf.server import IMAGES, LiveProcess, LiveServer, require_drf, write_schemas

SERVICE: Final = {"full": "expenses", "naive": "expenses-naive",
                  "defaults": "expenses-defaults"}

_FILE_IN_JSON = ("a file in JSON: DRF's FileField and ImageField read a file only from a "
                 "multipart part")
_FILE_IN_FORM = ("a file in a urlencoded form: DRF's FileField and ImageField read a file "
                 "only from a multipart part with a file name")
_NULL_STRING_IN_FORM = ("None for a nullable string without a format (a DurationField): a "
                        "form says None only as an empty value, which DRF reads as null "
                        "here, but as \"\" for a CharField that allows blank, and the schema "
                        "writes both alike (type: string, nullable, no minLength)")
_LIST_IN_ITEM_IN_FORM = ("a list of several values inside an item of a list: DRF reads a "
                         "ListField there only from indexed keys (items[0]tags[0]) and a "
                         "many-related field from none (repeated keys keep the last), and "
                         "the schema does not tell the two apart")
# (operation, encoding, field path) -> (why, a phrase of the client's own reason).
EXPECTED_REFUSALS: Final[dict[tuple[str, str, str], tuple[str, str]]] = {
    ("expense_create", "json", "receipt"): (_FILE_IN_JSON, "FileField"),
    ("expense_create", "form", "receipt"): (_FILE_IN_FORM, "FileField"),
    ("expense_partial_update", "json", "receipt"): (_FILE_IN_JSON, "FileField"),
    ("expense_partial_update", "form", "receipt"): (_FILE_IN_FORM, "FileField"),
    **{("expense_partial_update", encoding, "duration"): (_NULL_STRING_IN_FORM, '""')
       for encoding in ("form", "multipart")},
    **{("expense_batch_create", encoding, "items[1].tags"): (_LIST_IN_ITEM_IN_FORM,
                                                              "repeated keys")
       for encoding in ("form", "multipart")},
}

# The ORM model, the field that finds a record whose id the answer did not give, the
# list's ordering, and the path under /api/.
RESOURCES: Final = {
    "project": ("Project", "code", "code", "project"),
    "expense": ("Expense", "title", "created_at", "expense"),
    "note": ("Note", "text", "id", "note"),
}


def alias(variant: str) -> str:
    return f"expenses_{variant}"


def png(color: str = "red") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), color).save(buffer, "PNG")
    return buffer.getvalue()


def wire(value: object) -> object:
    """A stored value as the cases say it: ids as text, durations as DRF writes them."""
    from django.utils.duration import duration_string

    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, timedelta):
        return duration_string(value)
    return value


def login(server: LiveServer) -> str:
    """The session cookie of a login through the service's own view."""
    answer = httpx.post(server.base_url + LOGIN_PATH, timeout=HTTP_TIMEOUT,
                        data={"username": server.username, "password": server.password})
    if answer.status_code != 200:
        raise SeedError(f"login answered {answer.status_code}: {answer.text[:200]}")
    return answer.cookies["sessionid"]


class ExpensesDriver(RoundTrip):
    """Every operation of one variant, through clients holding one credential each (and
    one holding them all), every write read back from the variant's database."""

    def __init__(self, variant: str, server: LiveServer, schema: dict[str, Any],
                 package: ModuleType, orm: ModuleType, workdir: Path) -> None:
        self.variant = variant
        self.alias = alias(variant)
        self.document = schema
        self.offered = schema_operations(schema)
        self.summary = Summary("split", service=SERVICE[variant],
                               expected_refusals=EXPECTED_REFUSALS, drift_checks=frozenset(),
                               operations=tuple(self.offered))
        self.server = server
        self.package = package
        self.api_models = importlib.import_module(f"{PACKAGE}.models")
        self.orm = orm
        self.workdir = workdir
        self.attempted = set()
        self.prefix = f"{variant[:2]}{secrets.token_hex(2)}"
        self.serial = 0
        self.paginated = variant != "defaults"
        basic = (server.username, server.password or "")
        self.http = httpx.Client(base_url=server.api_url, auth=basic, timeout=HTTP_TIMEOUT)
        self.token_http = httpx.Client(base_url=server.api_url, headers=server.auth_header,
                                       timeout=HTTP_TIMEOUT)
        self.secrets = [server.token, server.password or server.token]
        self.clients: dict[str, Any] = {}
        self.options: dict[str, dict[str, Any]] = {}  # each client's keywords
        self.groups = {}
        self.opened: list[Any] = []

    # -- clients -------------------------------------------------------------------------

    def make_clients(self) -> None:
        """One client per credential, and one with every credential the variant has
        (`all`); a client the generated code cannot make is a failure, named."""
        sessionid = login(self.server)
        self.secrets.append(sessionid)
        credentials: dict[str, dict[str, Any]] = {
            "token": {"token_auth": self.server.token},
            "session": {"cookie_auth": sessionid},
            "basic": {"basic_auth": (self.server.username, self.server.password)},
        }
        if self.variant == "defaults":  # no token scheme in its schema
            del credentials["token"]
        credentials["all"] = {key: value for options in list(credentials.values())
                              for key, value in options.items()}
        common: dict[str, Any] = {"base_url": self.server.base_url, "timeout": HTTP_TIMEOUT}
        if self.variant == "naive":
            common["server_timezone"] = ZoneInfo(NAIVE_TIME_ZONE)
        for name, options in credentials.items():
            self.options[name] = {**options, **common}
            try:
                self.clients[name] = self.package.Client(**options, **common)
            except Exception as error:  # noqa: BLE001 - reported, the driver goes on
                self.fail(f"Client({', '.join(options)}=...)", None, self.reason(error))
        self.client = self.clients.get("all")
        if self.client is not None:
            self.groups = self._groups(type(self.client))

    def client_for(self, operation: str) -> Any:
        """Projects through the client holding every credential (it picks one), expenses
        through the session alone (writes need the CSRF pair), notes through basic."""
        wanted = {"project": "all", "expense": "session", "note": "basic"}[
            operation.split("_", 1)[0]]
        return self.clients.get(wanted, self.client)

    def method(self, client: Any, operation: str) -> Any:
        """The operation's method; a warning it raises is a failure of its own."""
        if client is None:
            raise LookupError("no client to call it with (see the Client(...) failures)")
        call = super().method(client, operation)

        @functools.wraps(call)  # its signature too: body_class() reads it
        def watched(*args: Any, **kwargs: Any) -> Any:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = call(*args, **kwargs)
            for warning in caught:
                self.fail(operation, None, f"warned {warning.category.__name__}: "
                          f"{' '.join(str(warning.message).split())[:200]}")
            return result

        return watched

    def reason(self, error: BaseException) -> str:
        text = super().reason(error)
        for secret in self.secrets:
            text = text.replace(secret, "<secret>")
        return text

    def upload(self, file: SentFile) -> Any:
        """Each way the client takes a file: Upload, a path, an open file, bytes."""
        if file.kind == "upload":
            return super().upload(file)
        if file.kind == "bytes":
            return file.content
        path = self.workdir / "files" / f"{self.tag('f')}-{file.file_name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.content)
        if file.kind == "path":
            return path
        opened = path.open("rb")
        self.opened.append(opened)
        return opened

    def answered_id(self, result: Any) -> Any:
        if isinstance(result, list):  # a batch: the ids of the expenses it made
            return tuple(str(item.id) for item in result)
        found = getattr(result, "id", None)
        return None if found is None else str(found)

    def prepare(self, attempt: Attempt) -> tuple[tuple[Any, ...], dict[str, Any]]:
        args, kwargs = super().prepare(attempt)
        if attempt.label.endswith("(default encoding)"):
            del kwargs["content_type"]
        return args, kwargs

    # -- the database --------------------------------------------------------------------

    def objects(self, resource: str) -> Any:
        return getattr(self.orm, RESOURCES[resource][0]).objects.using(self.alias)

    def url(self, resource: str, pk: object) -> str:
        return f"{self.server.api_url}{RESOURCES[resource][3]}/{pk}"

    def stored(self, resource: str, pk: Any) -> dict[str, Any] | None:
        from tests.live_drf.db import row, stored_file

        if resource == "batch":
            items = [self.stored("expense", one) for one in pk]
            if any(item is None for item in items):
                return None
            first = items[0] or {}
            return {"project": first.get("project_id"), "items": items}
        if resource == "approval":
            expense = self.objects("expense").filter(pk=pk).first()
            if expense is None:
                return None
            last = expense.notes.order_by("-id").first()
            return {"note": last.text if last is not None and expense.approved else ABSENT}
        instance = self.objects(resource).filter(pk=pk).first()
        if instance is None:
            return None
        data = {name: wire(value) for name, value in row(instance).items()}
        if resource == "project":  # written as a link
            parent = data.pop("parent_id")
            data["parent"] = None if parent is None else self.url("project", parent)
        if resource == "expense":
            for name in ("receipt", "attachment"):
                file = getattr(instance, name)
                data[name] = stored_file(self.server.db_path, file) if file else None
        return data

    def find(self, resource: str, sent: dict[str, Any]) -> Any:
        if resource == "batch":
            titles = [item["title"] for item in sent["items"]]
            found = list(self.objects("expense").filter(title__in=titles))
            ordered = sorted(found, key=lambda item: titles.index(item.title))
            return tuple(str(item.pk) for item in ordered) or None
        if resource == "approval":
            return None
        marker = RESOURCES[resource][1]
        if marker not in sent:
            return None
        found = self.objects(resource).filter(**{marker: sent[marker]}).order_by("-pk").first()
        return None if found is None else str(found.pk)

    def seed(self, resource: str, data: dict[str, Any]) -> Any:
        """A record over plain JSON: set-up, not under test (expenses with the token, but at
        DRF's defaults, where there is none, with basic, like the rest)."""
        resource = "expense" if resource == "approval" else resource  # approve's record
        http = self.token_http if resource == "expense" and self.paginated else self.http
        answer = http.post(RESOURCES[resource][3], json=json_ready(data))
        if answer.status_code != 201:
            raise SeedError(f"seeding {resource} answered {answer.status_code}: "
                            f"{answer.text[:200]}")
        return str(answer.json()["id"])

    def limitation(self, attempt: Attempt, limitation: SchemaLimitation) -> None:
        self.fail(attempt.label, SHORT.get(attempt.encoding),
                  f"the schema types {limitation.field_name!r} as "
                  f"{json.dumps(limitation.schema)}, not as a file")

    def ids(self, resource: str) -> list[str]:
        ordering = RESOURCES[resource][2]
        return [str(pk) for pk in self.objects(resource).order_by(ordering, "pk")
                .values_list("pk", flat=True)]

    # -- the cases -----------------------------------------------------------------------

    def project_seed(self) -> dict[str, Any]:
        return {"name": "seeded", "code": self.tag("P"), "settings": {"seeded": True}}

    def expense_seed(self) -> dict[str, Any]:
        return {"project": self.project, "title": self.tag("seed"), "amount": "5.00",
                "duration": "02:00:00", "spent_at": "2024-03-15T09:30:00Z",
                "metadata": {"seeded": [1, 2]}, "tags": ["seed"], "categories": ["meals"],
                "limits": {"meals": 10}}

    def expense(self, encoding: str) -> dict[str, Any]:
        """Every writable field but the files: what every encoding can say."""
        return {
            "project": self.project, "title": self.tag(f"Trip {encoding}"),
            "amount": Decimal("0.10"), "duration": "1 02:03:04",
            # An instant with an offset: the naive variant must get it as its wall-clock.
            "spent_at": datetime(2024, 3, 15, 12, 0, tzinfo=timezone(timedelta(hours=1))),
            "metadata": {"rate": 0.1, "huge": 1e300, "third": 1 / 3, "count": 10**15,
                         "nested": {"list": [1, 2.5, None, "x"], "flag": True}},
            "tags": ["client", "berlin"], "categories": ["meals", "travel"],
            "limits": {"meals": 40, "lodging": 120},
        }

    def files(self, receipt: str, attachment: str) -> dict[str, SentFile]:
        return {"receipt": SentFile(png(), "receipt.png", "image/png", kind=receipt),
                "attachment": SentFile(b"%PDF-1.4\n\x00\xff binary", "scan.pdf",
                                       "application/pdf", kind=attachment)}

    def writes(self) -> None:
        parent = self.seed("project", self.project_seed())
        other = self.seed("project", self.project_seed())
        settings = {"theme": "dark", "rate": 0.1, "list": [1, 2.5, None],
                    "nested": {"ok": True, "empty": {}}}

        self.each_encoding("project_create", "project", lambda enc: {
            "name": f"Project {enc}", "code": self.tag("P"),
            "parent": self.url("project", parent), "settings": settings})
        # None for a nullable relation: null in JSON, an empty value in a form (null too).
        self.each_encoding("project_update", "project", lambda enc: {
            "name": f"Renamed {enc}", "code": self.tag("P"), "parent": None,
            "settings": {"replaced": [enc]}},
            seed=lambda: {**self.project_seed(), "parent": self.url("project", parent)})
        self.each_encoding("project_partial_update", "project", lambda enc: {
            "parent": self.url("project", other)},
            seed=self.project_seed, partial=True)

        self.each_encoding("expense_create", "expense", self.expense)
        # With the files: refused in JSON and in a urlencoded form (EXPECTED_REFUSALS).
        self.each_encoding("expense_create", "expense", lambda enc: {
            **self.expense(enc), **self.files("upload", "upload")},
            label="expense_create(with files)")
        # Files in the other forms the client takes, multipart only; the last one without
        # a content type, which must be multipart for a body holding a file.
        for receipt, attachment, label in (("bytes", "path", ""), ("file", "bytes", ""),
                                           ("upload", "upload", "(default encoding)")):
            self.write(Attempt("expense_create", MULTIPART, "expense", {
                **self.expense("multipart"), **self.files(receipt, attachment)},
                label=f"expense_create{label or f'(receipt as {receipt}, attachment as {attachment})'}"))
        self.each_encoding("expense_update", "expense", lambda enc: {
            "project": None, "title": self.tag(f"Replaced {enc}"), "amount": Decimal("-7.25"),
            "duration": "3 00:00:00", "spent_at": datetime(2024, 11, 3, 1, 30, tzinfo=UTC),
            "metadata": [1, "two", {"three": 3.0}], "tags": ["replaced"],
            "categories": ["software"], "limits": {"software": 99}},
            seed=self.expense_seed)
        # None for a nullable relation: null in every encoding (an empty form value).
        self.each_encoding("expense_partial_update", "expense", lambda enc: {
            "project": None, "metadata": {"k": [1, 0.5]}, "limits": {"meals": 50, "travel": 0}},
            seed=self.expense_seed, partial=True)
        # None for a nullable duration: null in JSON, refused in a form (EXPECTED_REFUSALS).
        self.each_encoding("expense_partial_update", "expense", lambda enc: {
            "duration": None}, seed=self.expense_seed, partial=True,
            label="expense_partial_update(duration None)")
        self.each_encoding("expense_partial_update", "expense", lambda enc: {
            **self.files("upload", "path")}, seed=self.expense_seed, partial=True,
            label="expense_partial_update(files)")

        # The @actions: a detail one (approve: a note, the flag) and a list one (batch).
        self.each_encoding("expense_approve_create", "approval", lambda enc: {
            "note": self.tag(f"approved {enc}")}, seed=self.expense_seed)
        self.each_encoding("expense_batch_create", "batch", lambda enc: {
            "project": self.project, "items": [
                {"title": self.tag(f"batch {enc}"), "amount": Decimal("1.50"),
                 "spent_at": datetime(2024, 5, 1, 8, tzinfo=UTC), "tags": ["a"]},
                {"title": self.tag(f"batch {enc}"), "amount": Decimal("2.50"),
                 "spent_at": datetime(2024, 5, 2, 8, tzinfo=UTC),
                 "tags": ["b", "c"]}]})

        self.each_encoding("note_create", "note", lambda enc: {
            "expense": self.expense_pk, "text": self.tag(f"note {enc}")})

    # -- reads ---------------------------------------------------------------------------

    def call(self, operation: str, client_name: str | None = None) -> Any:
        client = self.clients.get(client_name) if client_name else self.client_for(operation)
        return self.method(client, operation)

    def pages(self, operation: str, suffix: str, client_name: str | None = None) -> Any:
        client = self.clients.get(client_name) if client_name else self.client_for(operation)
        if client is None:
            raise LookupError("no client to call it with")
        return getattr(getattr(client, self.groups[operation]), operation + suffix)

    def list_check(self, operation: str, resource: str, size: dict[str, int],
                   per_page: int = 0) -> None:
        """The first page, then every item through `_iter` and every page through `_pages`
        (a bare list: one page); at DRF's defaults, the bare list itself."""
        expected = self.ids(resource)

        def check(answer: Any) -> str | None:
            if not self.paginated:
                ids = [str(item.id) for item in answer]
                return None if ids == expected else f"answered {ids}, expected {expected}"
            ids = [str(item.id) for item in answer.results]
            if ids != expected[:len(ids)] or not ids:
                return f"first page {ids}, the database starts {expected[:3]}"
            if hasattr(answer, "count") and answer.count != len(expected):
                return f"count {answer.count}, the database has {len(expected)}"
            every = [str(item.id) for item in self.pages(operation, "_iter")(**size)]
            if every != expected:
                return f"_iter{size} gave {len(every)} items, expected {len(expected)}"
            pages = list(self.pages(operation, "_pages")(**size))
            if len(pages) != max(1, math.ceil(len(expected) / per_page)):
                return f"_pages{size} gave {len(pages)} pages for {len(expected)} items"
            return None

        self.read(operation, check, **size)

    def bare_list_check(self) -> None:
        """LimitOffset without `limit` answers a bare list: `_iter` reads it as one page."""
        operation = "note_list"
        expected = self.ids("note")
        try:
            every = [str(item.id) for item in self.pages(operation, "_iter")()]
            pages = list(self.pages(operation, "_pages")())
        except Exception as error:  # noqa: BLE001 - reported
            self.fail(f"{operation}_iter() without limit", None, self.reason(error))
            return
        if every != expected or len(pages) != 1:
            self.fail(f"{operation}_iter() without limit", None,
                      f"{len(every)} items in {len(pages)} pages; a bare list of "
                      f"{len(expected)} is one page")

    def retrieve_check(self, operation: str, resource: str, pk: str) -> None:
        stored = self.stored(resource, pk) or {}

        def check(item: Any) -> str | None:
            if str(item.id) != pk:
                return f"answered id {item.id!r}"
            for name in ("settings", "metadata"):  # untyped JSON: plain JSON types
                if name in stored and (getattr(item, name) != stored[name]
                                       or not plain_json(getattr(item, name))):
                    return f"{name} decoded to {getattr(item, name)!r}, stored {stored[name]!r}"
            if resource == "expense":
                if item.spent_at.tzinfo is None:
                    return f"spent_at decoded naive: {item.spent_at!r}"
                if item.spent_at != self.objects("expense").get(pk=pk).spent_at:
                    return f"spent_at {item.spent_at!r} is not the stored instant"
                if str(item.project_detail.id) != stored["project_id"]:
                    return f"project_detail {item.project_detail!r}"
            return None

        self.read(operation, check, pk)

    def destroy_check(self, operation: str, resource: str, pk: str) -> None:
        def check(result: Any) -> str | None:
            if self.objects(resource).filter(pk=pk).exists():
                return f"answered {result!r}, but the record is still in the database"
            return None

        self.read(operation, check, pk)

    def reads(self) -> None:
        if self.paginated:
            self.list_check("project_list", "project", {"page_size": 2}, 2)
            self.list_check("expense_list", "expense", {}, 2)  # the view's page size
            self.list_check("note_list", "note", {"limit": 2}, 2)
            self.bare_list_check()
        else:
            for operation in ("project_list", "expense_list", "note_list"):
                self.list_check(operation, operation.split("_")[0], {})
        self.retrieve_check("project_retrieve", "project", self.project)
        self.retrieve_check("expense_retrieve", "expense", self.expense_pk)
        self.retrieve_check("note_retrieve", "note", self.seed("note", {
            "expense": self.expense_pk, "text": self.tag("to read")}))
        # Each credential alone, on the operation that takes them all.
        for name in [name for name in self.clients if name != "all"]:
            try:
                self.call("project_list", name)()
            except Exception as error:  # noqa: BLE001 - reported
                self.fail(f"project_list({name} alone)", None, self.reason(error))

    def field_errors_check(self) -> None:
        """A batch with a bad item: the 400's `field_errors` name the item and the field."""
        operation = "expense_batch_create"
        body = self.body(operation, {"project": self.project, "items": [
            {"title": "fine", "amount": "1.00", "spent_at": "2024-05-01T08:00:00Z"},
            {"title": "x" * 121, "amount": "1.00", "spent_at": "2024-05-01T08:00:00Z"}]})
        try:
            self.call(operation)(body=body, content_type=JSON)
        except self.package.ApiError as error:
            found = getattr(error, "field_errors", None)
            if error.status_code != 400 or not found or "items" not in str(found):
                self.fail(f"{operation}(400)", "json",
                          f"field_errors {found!r} on status {error.status_code}")
        except Exception as error:  # noqa: BLE001 - reported
            self.fail(f"{operation}(400)", "json", self.reason(error))
        else:
            self.fail(f"{operation}(400)", "json", "an item of 121 characters was accepted")

    def destroys(self) -> None:
        expense = self.seed("expense", self.expense_seed())
        self.destroy_check("note_destroy", "note", self.seed("note", {
            "expense": expense, "text": self.tag("to delete")}))
        self.destroy_check("expense_destroy", "expense", expense)
        self.destroy_check("project_destroy", "project", self.seed("project",
                                                                   self.project_seed()))

    def async_sample(self) -> None:
        """Through `AsyncClient` with the session alone: every expense (`_iter` over the
        cursor pages; the bare list at DRF's defaults) and a multipart create with files,
        which needs the CSRF pair on the async transport too. The ORM stays out of the
        event loop (Django forbids it there)."""
        listing, create = "expense_list", "expense_create"
        label = f"{create}(async)"
        attempt = Attempt(create, MULTIPART, "expense", {
            **self.expense("multipart"), **self.files("upload", "bytes")}, label=label)
        args, kwargs = self.prepare(attempt)
        expected = self.ids("expense")
        self.attempted.add(listing)

        async def calls() -> tuple[object, Any, BaseException | None]:
            async with self.package.AsyncClient(**self.options["session"]) as client:
                group = getattr(client, self.groups[listing])
                try:
                    if self.paginated:
                        items = getattr(group, listing + "_iter")()
                        listed: object = [str(item.id) async for item in items]
                    else:
                        listed = [str(item.id) for item in await getattr(group, listing)()]
                except Exception as error:  # noqa: BLE001 - judged after the loop
                    listed = error
                try:
                    made = await RoundTrip.method(self, client, create)(*args, **kwargs)
                except Exception as error:  # noqa: BLE001 - settled after the loop
                    return listed, None, error
                return listed, made, None

        listed, result, error = asyncio.run(calls())
        if isinstance(listed, BaseException):
            self.fail(f"{listing}(async)", None, self.reason(listed))
        elif listed != expected:
            count = len(listed) if isinstance(listed, list) else "no"
            self.fail(f"{listing}(async)", None,
                      f"{count} items, in another order or not those of the database "
                      f"({len(expected)})")
        self.settle(attempt, result, error)

    def run(self) -> Summary:
        try:
            self.make_clients()
            self.project = self.seed("project", self.project_seed())
            self.expense_pk = self.seed("expense", self.expense_seed())
        except SeedError as error:
            self.fail("set-up", None, str(error))
        else:
            for stage in (self.writes, self.reads, self.field_errors_check, self.destroys,
                          self.async_sample):
                try:
                    stage()
                except SeedError as error:
                    self.fail(stage.__name__, None, str(error))
                except Exception as error:  # noqa: BLE001 - the driver reports and goes on
                    self.fail(stage.__name__, None, "the stage stopped: " + self.reason(error))
        for name in self.summary.operations:
            if self.groups and name not in self.groups:
                self.fail(name, None, "no method of that name on the generated client")
            elif name not in self.attempted:
                self.fail(name, None, "not called by the driver (no case for it)")
        for opened in self.opened:
            opened.close()
        for client in self.clients.values():
            client.close()
        self.http.close()
        self.token_http.close()
        return self.summary


def plain_json(value: object) -> bool:
    """Only what json.loads makes: dict, list, str, int, float, bool, None."""
    if isinstance(value, dict):
        return all(isinstance(key, str) and plain_json(item) for key, item in value.items())
    if isinstance(value, list):
        return all(plain_json(item) for item in value)
    return value is None or isinstance(value, (str, int, float, bool))


def write_variant_schemas(folder: Path, variants: tuple[str, ...] = tuple(VARIANTS)
                          ) -> dict[str, Path]:
    """Each variant's schema (drf-spectacular's split layout), written side by side."""

    def one(variant: str) -> Path:
        (folder / variant).mkdir(parents=True, exist_ok=True)
        return write_schemas(folder / variant, settings=VARIANTS[variant], unsplit=False)["split"]

    with ThreadPoolExecutor(len(variants)) as pool:
        return dict(zip(variants, pool.map(one, variants), strict=True))


def run(variant: str, *, server: LiveServer, schema: Path, workdir: Path,
        orm: ModuleType) -> Summary:
    """One variant's round trip against its running server; `orm` reads its database
    (tests/live_drf/db.py `attach`, under `alias(variant)`)."""
    started = time.monotonic()
    generate(schema, workdir / "client")
    with imported(workdir / "client") as package:
        document = json.loads(schema.read_text("utf-8"))
        summary = ExpensesDriver(variant, server, document, package, orm, workdir).run()
    summary.seconds = time.monotonic() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    from tests.live_drf.db import attach, connect

    parser = argparse.ArgumentParser(prog="python -m tests.live_drf.expenses_roundtrip")
    parser.add_argument("--variant", choices=(*VARIANTS, "all"), default="all")
    args = parser.parse_args(argv)
    require_drf(IMAGES)
    variants = list(VARIANTS) if args.variant == "all" else [args.variant]
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="drf-live-")))
        connect(folder / "ledger-unused.sqlite3")  # Django set up; the ledger is not read
        processes = {variant: LiveProcess(folder / variant / "server", settings=VARIANTS[variant],
                                          api_prefix=API_PREFIX, password=True)
                     for variant in variants}
        try:
            for process in processes.values():
                process.server.db_path.parent.mkdir(parents=True)
                stack.callback(process.stop)
                process.start()
            schemas = write_variant_schemas(folder / "schemas", tuple(variants))
            for variant, process in processes.items():
                process.wait_ready()
                orm = attach(alias(variant), process.server.db_path,
                             time_zone=NAIVE_TIME_ZONE if variant == "naive" else None)
                summary = run(variant, server=process.server, schema=schemas[variant],
                              workdir=folder / variant, orm=orm)
                print("\n".join(summary.report()), flush=True)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            print(f"drf-live[expenses]: the driver could not run: {error}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

