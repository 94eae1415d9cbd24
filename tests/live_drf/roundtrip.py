"""Round trip: a client generated at run time from the live DRF service's own schema calls
every operation of it, and every write is read back from the database, field by field.

    python -m tests.live_drf.roundtrip [--layout split|unsplit|both]

It starts the service (tests/live_drf/server.py), writes its schema with drf-spectacular,
generates `drf_live_client` into a temporary folder with `python -m generator generate`
(which picks DRF's form notation, `form_style="drf"`, from the schema's idioms), imports
it, and then:

- calls every operation of the schema through `Client` (and a list, a create and a partial
  update through `AsyncClient`), checking each answer against the database;
- sends every write (create, update, partial update, upload) in every encoding the schema
  offers for its body (`content_type=`), then compares what the database holds with what
  the client was asked to send: every value, None as null, decimals exact (0.10 and the
  largest amount the column keeps, for `type: number` and `type: string, format: decimal`
  fields alike), dates, enum values (blank and null too), nested lines whole (their count
  and every field of every line); a partial update must keep every field it leaves out;
- meets the drift views: a create documented as 201 that answers 200 is read with the
  documented schema (a decoded model, its data in the database); a body without a required
  field or with a value of the wrong type raises `ResponseDecodeError` (its `.partial`
  holds every field that decoded, the rest UNSET; its `.issues` name the JSON path) in
  strict mode, and comes back as that partial model with one `ResponseDriftWarning` and
  `drift_of(model)` listing the issues in lenient mode (`lenient=True` on the call, or on
  the client; `lenient=False` on a call of a lenient client is strict again).

Every write ends in one of three ways:

- verified: every field arrived as sent (the answer also decoded, to a model with the id);
- refused: the client raised `EncodingError` before sending (the database is checked to be
  unchanged). A refusal is expected only where the value cannot be said in that encoding
  for DRF; those are listed in EXPECTED_REFUSALS with the reason for each. Any other
  refusal is a failure;
- lost: it was sent but some field did not arrive as sent, or the server refused it (every
  field of a write the server refused is lost).

It prints one line, then one line per refusal, loss and failure, the schema's limitations
and the drift checks:

    drf-live: operations N/M, writes verified K/W (json a, form b, multipart c), refused before sending R (all expected), fields lost L
    refused: <operation> <encoding> <field>: <why that value cannot be said there>
    refused unexpectedly: <operation> <encoding> <field>: <the client's reason>
    lost: <operation> <encoding> <field path>: sent <value!r>, stored <value!r>
    failed: <operation> [<encoding>]: <reason>
    schema limitation: <operation>: <what no client can send, and DRF's answer to it>
    drift: <passed>/<checks> checks as documented (...)

N counts the operations that answered as documented at least once; W counts every write
attempted (K verified + R refused + the lost ones), except a write that the schema itself
makes impossible (a schema limitation: Campfire's unsplit layout describes the upload as
`format: uri`, a string, so no generated client can send a file; that operation is called
with the text its schema allows, and counts in N only when DRF answers it 400 "not a
file", which proves the limitation is the schema's). A field is one value the client was
asked to send, or the length of a list (the lines). A call made through `AsyncClient` is
printed as `<operation>(async)`.

Records the cases need but do not test (the ledger, the records to update or delete) are
made with plain httpx JSON, so that a client bug shows up only where it is tested. The
summary is data, not a verdict: the exit status is 0 whenever the driver itself worked, and
`run()` returns it for tests/live_drf/test_roundtrip.py, which asserts it.

`RoundTrip` (building bodies, sending each write in each encoding, settling it) and `Summary`
serve the expense claims service's driver too (tests/live_drf/expenses_roundtrip.py).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import functools
import importlib
import importlib.util
import inspect
import json
import secrets
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import ModuleType
from typing import Any, Final

import httpx

from tests.live_drf.server import (
    REQUIRED,
    ROOT,
    LiveProcess,
    LiveServer,
    require_drf,
    write_schemas,
)

PACKAGE = "drf_live_client"
LAYOUTS = ("split", "unsplit")
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
SHORT: Final = {JSON: "json", FORM: "form", MULTIPART: "multipart"}
GENERATE_TIMEOUT = 120.0
HTTP_TIMEOUT = 15.0
# "The largest value the field allows" is the column's max_digits/decimal_places cut to
# 15 significant digits: 9999999999999.99 for (19, 2), not 99999999999999999.99. SQLite
# has no decimal type: a DecimalField column has NUMERIC affinity and holds a REAL (a
# double), and Django reads it back rounded to 15 significant digits (tests/live_drf/db.py);
# a row holding more cannot even be read back (decimal.InvalidOperation on every later read
# of that row, the server's too). Beyond 15 digits the round trip would measure SQLite, not
# the client. (DRF's JSONParser also reads a JSON number as a float, exact to 15 digits.)
SQLITE_DIGITS = 15

# The refusals that are right: the value cannot be said in that encoding for DRF, so the
# client must refuse it before sending (EncodingError) instead of letting DRF store
# something else. Keyed by (operation, encoding, field path); the value is why, and a
# phrase the client's own reason must contain (a refusal at the same place for another
# reason is unexpected). Any refusal not listed here is a failure of the client.
_FILE_IN_JSON = ("a file in JSON: DRF's FileField reads a file only from a multipart part; "
                 "JSON could carry it only as base64 text, which DRF answers 400 \"not a "
                 "file\"")
_FILE_IN_FORM = ("a file in a urlencoded form: DRF's FileField reads a file only from a "
                 "multipart part with a file name, never from a urlencoded value")
_NULL_CHOICE_IN_FORM = ("None for a choice that allows blank and null (BlankEnum | NullEnum): "
                        "a form says None only as an empty value, which DRF stores there as "
                        "\"\", not null")
_NULL_TEXT_IN_FORM = ("None for a nullable CharField that allows blank (a line's "
                      "description): a form says None only as an empty value, which DRF "
                      "stores there as \"\", not null")
EXPECTED_REFUSALS: Final[dict[tuple[str, str, str], tuple[str, str]]] = {
    ("coa_api_v1_attachment_create", "json", "file"): (_FILE_IN_JSON, "FileField"),
    ("coa_api_v1_attachment_create", "form", "file"): (_FILE_IN_FORM, "FileField"),
    **{("coa_api_v1_credit_memo_partial_update", encoding, "application_status"):
       (_NULL_CHOICE_IN_FORM, '""') for encoding in ("form", "multipart")},
    **{("coa_api_v1_credit_memo_partial_update", encoding, "lines[0].description"):
       (_NULL_TEXT_IN_FORM, '""') for encoding in ("form", "multipart")},
}

# The drift checks (tests/live_drf/service/ledger/drift.py), each `<operation> <mode>`.
DRIFT_VIEWS: Final = {"drift_credit_memo_missing_field": "credit_memo_date",
                      "drift_credit_memo_wrong_type": "total_amount"}
DRIFT_MODES: Final = ("strict", "lenient per call", "lenient per call, with_response",
                      "lenient client", "lenient client, strict per call")
DRIFT_CHECKS: Final = frozenset(f"{operation} {mode}" for operation in DRIFT_VIEWS
                                for mode in DRIFT_MODES)

FieldPath = tuple[str | int, ...]  # a field path in a body: ("lines", 0, "amount")


class _Absent:
    """What the database holds where a sent field has no place (a line that is missing)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()


@dataclass(frozen=True)
class Count:
    """The length of a sent list, compared with the stored one."""

    items: int

    def __repr__(self) -> str:
        return f"<{self.items} items>"


@dataclass(frozen=True)
class SentFile:
    """A file the client uploads (`Upload` where the model takes one; a driver may hand
    it over in another form the client takes: `kind`)."""

    content: bytes
    file_name: str
    mime_type: str
    kind: str = "upload"


@dataclass(frozen=True)
class Failure:
    operation: str
    encoding: str | None  # json, form, multipart; None for an operation without a body
    reason: str | None = None  # a failed call; else a lost field:
    path: str = ""
    sent: object = None
    stored: object = None

    def line(self) -> str:
        where = self.operation if self.encoding is None else f"{self.operation} {self.encoding}"
        if self.reason is not None:
            return f"failed: {where}: {self.reason}"
        return f"lost: {where} {self.path}: sent {self.sent!r}, stored {self.stored!r}"


@dataclass(frozen=True)
class Refusal:
    """A write the client refused before sending (EncodingError)."""

    operation: str  # as printed: `<operation>(async)` through AsyncClient
    encoding: str
    field: str  # the EncodingError's field path
    reason: str  # the client's own reason
    expected: str | None  # why, from EXPECTED_REFUSALS; None: unexpected

    def line(self) -> str:
        if self.expected is None:
            return (f"refused unexpectedly: {self.operation} {self.encoding} {self.field}: "
                    f"{self.reason}")
        return f"refused: {self.operation} {self.encoding} {self.field}: {self.expected}"


@dataclass
class Summary:
    layout: str
    # The ledger's line is `drf-live:`; another service's `drf-live[<service>]:`.
    service: str | None = None
    expected_refusals: Mapping[tuple[str, str, str], tuple[str, str]] = field(
        default_factory=lambda: EXPECTED_REFUSALS)
    drift_checks: frozenset[str] = DRIFT_CHECKS  # the drift views the service has
    operations: tuple[str, ...] = ()  # every operationId of the schema
    called: set[str] = field(default_factory=set)  # those that answered as documented
    writes_attempted: int = 0
    verified: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHORT.values(), 0))
    refusals: list[Refusal] = field(default_factory=list)
    fields_lost: int = 0
    failures: list[Failure] = field(default_factory=list)
    limitations: list[str] = field(default_factory=list)  # "schema limitation" lines
    limited: set[str] = field(default_factory=set)  # the operations they are about
    drift_passed: list[str] = field(default_factory=list)  # DRIFT_CHECKS that held
    seconds: float = 0.0

    @property
    def operations_called(self) -> int:
        return len(self.called.intersection(self.operations))

    @property
    def operations_total(self) -> int:
        return len(self.operations)

    @property
    def uncalled(self) -> list[str]:
        return [name for name in self.operations if name not in self.called]

    @property
    def writes_verified(self) -> int:
        return sum(self.verified.values())

    @property
    def unexpected_refusals(self) -> list[Refusal]:
        return [refusal for refusal in self.refusals if refusal.expected is None]

    @property
    def expected_refusals_missing(self) -> list[tuple[str, str, str]]:
        """The expected refusals the run did not meet (but for a limited operation's):
        a value that must be refused was sent instead, or the case is gone."""
        # A refusal's operation as printed, less its case label: `op(with files)` is `op`.
        seen = {(refusal.operation.split("(")[0], refusal.encoding, refusal.field)
                for refusal in self.refusals}
        return [key for key in self.expected_refusals
                if key not in seen and key[0] not in self.limited]

    @property
    def shortfalls(self) -> dict[str, object]:
        """All that keeps the round trip from being complete, by kind ({} when nothing
        does): plain values, for a test to assert with the report as its message."""
        found: dict[str, object] = {
            "uncalled": self.uncalled,
            "fields lost": self.fields_lost,
            "unexpected refusals": [refusal.line() for refusal in self.unexpected_refusals],
            "expected refusals missing": self.expected_refusals_missing,
            "failures": [failure.line() for failure in self.failures],
            "drift checks failed": sorted(self.drift_checks.difference(self.drift_passed)),
            "writes neither verified nor refused":
                self.writes_attempted - self.writes_verified - len(self.refusals),
        }
        return {kind: value for kind, value in found.items() if value}

    def line(self) -> str:
        unexpected = len(self.unexpected_refusals)
        judged = "all expected" if not unexpected else f"{unexpected} unexpected"
        name = "drf-live:" if self.service is None else f"drf-live[{self.service}]:"
        return (f"{name} operations {self.operations_called}/{self.operations_total}, "
                f"writes verified {self.writes_verified}/{self.writes_attempted} "
                f"(json {self.verified['json']}, form {self.verified['form']}, "
                f"multipart {self.verified['multipart']}), "
                f"refused before sending {len(self.refusals)} ({judged}), "
                f"fields lost {self.fields_lost}")

    def report(self) -> list[str]:
        drift = (f"drift: {len(self.drift_passed)}/{len(self.drift_checks)} checks as "
                 "documented (strict: ResponseDecodeError with .partial and .issues; lenient "
                 "per call, per client and with_response: the partial model, one "
                 "ResponseDriftWarning, drift_of; lenient=False on a call of a lenient "
                 "client: strict)")
        return [self.line(), *(refusal.line() for refusal in self.refusals),
                *(failure.line() for failure in self.failures), *self.limitations,
                *([drift] if self.drift_checks else [])]


@dataclass
class Attempt:
    """One write: `sent` in `encoding` to `operation`, then read back from `resource`."""

    operation: str
    encoding: str
    resource: str
    sent: dict[str, Any]
    pk: int | None = None  # the record a PUT or PATCH writes; None for a create
    partial: bool = False  # then every field left out must keep its stored value
    label: str = ""  # the operation as printed
    before: dict[str, Any] | None = None  # the record before a PUT or PATCH

    def __post_init__(self) -> None:
        self.label = self.label or self.operation


class SeedError(Exception):
    """A record a case needs could not be made over plain JSON."""


class SchemaLimitation(Exception):
    """The body model cannot hold a value of the case (a file where the schema says text)."""

    def __init__(self, field_name: str, schema: dict[str, Any]) -> None:
        super().__init__(field_name)
        self.field_name = field_name
        self.schema = schema


# The ORM model, the field that finds a record whose id the answer did not give, the
# ordering of its list view, and its path under /coa/api/v1/.
RESOURCES: Final = {
    "entity": ("Entity", "name", "id", "entity"),
    "client": ("Client", "name", "id", "client"),
    "account": ("Account", "number", "number", "account"),
    "credit_memo": ("CreditMemo", "credit_memo_number", "id", "credit-memo"),
    "attachment": ("Attachment", "name", "id", "attachment"),
}


# ---------------------------------------------------------------------------------------
# Comparing what was sent with what is stored


def leaves(value: object, path: FieldPath = ()) -> Iterator[tuple[FieldPath, object]]:
    """Every field value in a body; a list also stands for its own length."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        yield path, Count(len(value))
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path, value


def lookup(stored: object, path: FieldPath) -> object:
    """The stored value at a body path; a foreign key `client` is the column `client_id`."""
    value = stored
    for part in path:
        if isinstance(part, int):
            if not isinstance(value, list) or part >= len(value):
                return ABSENT
            value = value[part]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, dict) and f"{part}_id" in value:
            value = value[f"{part}_id"]
        else:
            return ABSENT
    return value


def same(sent: object, stored: object) -> bool:
    if isinstance(sent, Count):
        return isinstance(stored, list) and len(stored) == sent.items
    if isinstance(sent, SentFile):
        return stored == sent.content
    if sent is None or stored is None:
        return sent is stored
    if isinstance(stored, Decimal) and isinstance(sent, (Decimal, str)):
        try:  # exact: Decimal against Decimal, never through a float
            return Decimal(sent) == stored
        except InvalidOperation:
            return False
    # bool is an int, str is not a date: the types must agree as well as the values.
    return type(sent) is type(stored) and sent == stored


def shown(stored: object) -> object:
    """A stored value as a failure line shows it: a list by its length."""
    return Count(len(stored)) if isinstance(stored, list) else stored


def dotted(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def json_ready(value: object) -> object:
    """A case's value as `Model.from_dict` reads it (dates as ISO text, Decimal kept)."""
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def largest(field_: Any) -> Decimal:
    """The largest value of a DecimalField that SQLite keeps exactly (SQLITE_DIGITS)."""
    places: int = field_.decimal_places
    digits = min(int(field_.max_digits), SQLITE_DIGITS)
    unit = Decimal(1).scaleb(-places)
    return (Decimal(10) ** (digits - places) - unit).quantize(unit)


# ---------------------------------------------------------------------------------------
# The generated client


def schema_operations(schema: dict[str, Any]) -> dict[str, list[str]]:
    """operationId -> the media types its request body offers (empty without a body)."""
    operations: dict[str, list[str]] = {}
    for item in schema.get("paths", {}).values():
        for method in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
            if method in item:
                operation = item[method]
                content = operation.get("requestBody", {}).get("content", {})
                operations[operation["operationId"]] = list(content)
    return operations


def request_property(schema: dict[str, Any], operation: str, name: str) -> dict[str, Any]:
    """The schema of property `name` of an operation's request body (its first media type;
    `$ref`s to components followed)."""

    def resolved(node: Any) -> Any:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
        return node

    for item in schema.get("paths", {}).values():
        for found in item.values():
            if isinstance(found, dict) and found.get("operationId") == operation:
                content = found.get("requestBody", {}).get("content", {})
                media: Any = next(iter(content.values()), {})
                body = resolved(media.get("schema", {}))
                found_property = resolved(body.get("properties", {}).get(name, {}))
                return found_property if isinstance(found_property, dict) else {}
    return {}


def generate(schema: Path, folder: Path) -> None:
    """The project's generator, as a user runs it."""
    command = [sys.executable, "-m", "generator", "generate", str(schema), "-o", str(folder),
               "--package-name", PACKAGE]
    result = subprocess.run(command, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=GENERATE_TIMEOUT, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"`python -m generator generate` exited with {result.returncode}:\n"
                           f"{result.stdout}{result.stderr}")


def _forget_package() -> None:
    for name in [name for name in sys.modules
                 if name == PACKAGE or name.startswith(PACKAGE + ".")]:
        del sys.modules[name]


@contextmanager
def imported(folder: Path) -> Iterator[ModuleType]:
    """The package generated into `folder`, imported; forgotten afterwards, so the next
    layout's package of the same name is imported afresh."""
    _forget_package()
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        _forget_package()


# ---------------------------------------------------------------------------------------
# The run


@dataclass(frozen=True)
class Ledger:
    entity: int
    other_entity: int
    client: int
    account: int
    other_account: int  # the lines a write replaces: no value arrives by coincidence
    memo: int  # holds the uploads, read by the drift views


class RoundTrip:
    """What every live round trip does with a generated client: find each operation's
    method, build a body model from a case, send each write in each encoding and settle it
    against the database (verified, refused before sending, or lost), call a read. A
    service's driver sets the attributes below and says how to read, find and seed its
    records (`stored`, `find`, `seed`) and what to do with a schema limitation."""

    document: dict[str, Any]  # the schema
    offered: dict[str, list[str]]  # operationId -> its request body's media types
    summary: Summary
    server: LiveServer
    package: ModuleType  # the generated client
    api_models: ModuleType  # its models module
    attempted: set[str]
    prefix: str  # unique names, also when a test session runs the driver twice
    serial: int
    http: httpx.Client  # plain httpx, for set-up
    client: Any  # the generated Client the writes go through
    groups: dict[str, str]

    def stored(self, resource: str, pk: Any) -> dict[str, Any] | None:
        raise NotImplementedError

    def find(self, resource: str, sent: dict[str, Any]) -> Any:
        raise NotImplementedError

    def seed(self, resource: str, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def limitation(self, attempt: Attempt, limitation: SchemaLimitation) -> None:
        raise NotImplementedError

    def answered_id(self, result: Any) -> Any:
        """The id of the record an answer decoded to."""
        return getattr(result, "id", None)

    def client_for(self, operation: str) -> Any:
        """The generated client whose credentials the operation is called with."""
        return self.client

    def upload(self, file: SentFile) -> Any:
        """What the body model holds for a file the case sends."""
        return self.package.Upload(file.content, file.file_name, file.mime_type)

    # -- plumbing ------------------------------------------------------------------------

    def _groups(self, client_class: type) -> dict[str, str]:
        """operation name -> the client attribute of its group (`accounts_receivable`)."""
        groups: dict[str, str] = {}
        for attribute, member in vars(client_class).items():
            if isinstance(member, functools.cached_property):
                group_class = getattr(self.client, attribute).__class__
                groups.update((name, attribute) for name in self.offered
                              if callable(getattr(group_class, name, None)))
        return groups

    def method(self, client: Any, operation: str) -> Any:
        return getattr(getattr(client, self.groups[operation]), operation)

    def body_class(self, operation: str) -> Any:
        """The model the operation's `body` parameter takes (`PatchedCreditMemoRequest`)."""
        annotation = inspect.signature(self.method(self.client, operation)) \
            .parameters["body"].annotation
        name = str(annotation).split("|")[0].strip()
        return getattr(self.api_models, name)

    def body(self, operation: str, sent: dict[str, Any]) -> Any:
        """The body model, built as a caller would from the case's values: `from_dict`,
        then files, which JSON data cannot hold, as `Upload`. A file for a field that the
        schema does not type as a file raises SchemaLimitation."""
        cls = self.body_class(operation)
        files = {key: value for key, value in sent.items() if isinstance(value, SentFile)}
        data = json_ready({key: ("" if key in files else value) for key, value in sent.items()})
        model = cls.from_dict(data)
        if not files:
            return model
        types = {member.name: str(member.type) for member in dataclasses.fields(cls)}
        for key in files:
            if "FileInput" not in types[key]:  # the file annotation: bytes, Upload, paths...
                raise SchemaLimitation(key, request_property(self.document, operation, key))
        return dataclasses.replace(model, **{key: self.upload(file)
                                             for key, file in files.items()})

    def reason(self, error: BaseException) -> str:
        text = " ".join(f"{type(error).__name__}: {error}".split())
        text = text.replace(self.server.token, "<token>")  # never print the token
        return text if len(text) <= 300 else text[:300] + "..."

    def tag(self, kind: str) -> str:
        self.serial += 1
        return f"{self.prefix}-{kind}-{self.serial}"

    def fail(self, operation: str, encoding: str | None, reason: str) -> None:
        self.summary.failures.append(Failure(operation, encoding, reason))

    # -- writes --------------------------------------------------------------------------

    def prepare(self, attempt: Attempt) -> tuple[tuple[Any, ...], dict[str, Any]]:
        body = self.body(attempt.operation, attempt.sent)
        args = () if attempt.pk is None else (attempt.pk,)
        return args, {"body": body, "content_type": attempt.encoding}

    def write(self, attempt: Attempt) -> int | None:
        """Send one write through the sync client, then settle it against the database."""
        if attempt.pk is not None:
            attempt.before = self.stored(attempt.resource, attempt.pk)
        try:
            args, kwargs = self.prepare(attempt)
        except SchemaLimitation as limitation:
            self.limitation(attempt, limitation)
            return None
        try:
            result = self.method(self.client_for(attempt.operation),
                                 attempt.operation)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - settled: a refusal, or a failed write
            return self.settle(attempt, None, error)
        return self.settle(attempt, result, None)

    def settle(self, attempt: Attempt, result: Any, error: BaseException | None) -> int | None:
        summary = self.summary
        encoding = SHORT.get(attempt.encoding, attempt.encoding)
        summary.writes_attempted += 1
        self.attempted.add(attempt.operation)
        if isinstance(error, self.package.EncodingError):
            self.refused(attempt, encoding, error)
            return None
        sent_fields = list(leaves(attempt.sent))
        if error is not None:
            summary.fields_lost += len(sent_fields)
            self.fail(attempt.label, encoding, self.reason(error))
            return None
        answered = self.answered_id(result)
        pk = attempt.pk if attempt.pk is not None else answered
        if pk is None:
            pk = self.find(attempt.resource, attempt.sent)
        stored = None if pk is None else self.stored(attempt.resource, pk)
        if pk is None or stored is None:
            summary.fields_lost += len(sent_fields)
            self.fail(attempt.label, encoding, "answered, but the record is not in the database")
            return None
        if answered != pk:  # the answer must decode to the record (the 200-for-201 view too)
            self.fail(attempt.label, encoding, f"the answer did not decode to the record {pk}: "
                      f"{type(result).__name__} with id {answered!r}")
        else:
            summary.called.add(attempt.operation)
        lost = [Failure(attempt.label, encoding, path=dotted(path), sent=value,
                        stored=shown(lookup(stored, path)))
                for path, value in sent_fields if not same(value, lookup(stored, path))]
        if attempt.partial and attempt.before is not None:
            # A partial update keeps every field it leaves out.
            names = self.body_class(attempt.operation).json_names().values()
            lost += [Failure(attempt.label, encoding, path=name, sent=self.package.UNSET,
                             stored=shown(lookup(stored, (name,))))
                     for name in names if name not in attempt.sent
                     and lookup(stored, (name,)) != lookup(attempt.before, (name,))]
        summary.fields_lost += len(lost)
        summary.failures.extend(lost)
        if not lost and answered == pk:
            summary.verified[encoding] = summary.verified.get(encoding, 0) + 1
        return pk

    def refused(self, attempt: Attempt, encoding: str, error: Any) -> None:
        """The client refused the write before sending: expected or not (EXPECTED_REFUSALS),
        and nothing may have reached the database."""
        expected = self.summary.expected_refusals.get(
            (attempt.operation, encoding, error.field))
        why = expected[0] if expected is not None and expected[1] in error.reason else None
        self.summary.refusals.append(Refusal(attempt.label, encoding, error.field,
                                             " ".join(error.reason.split()), why))
        if attempt.pk is None:
            arrived = self.find(attempt.resource, attempt.sent)
            changed = None if arrived is None else f"record {arrived} was created"
        else:
            after = self.stored(attempt.resource, attempt.pk)
            changed = None if after == attempt.before else f"record {attempt.pk} changed"
        if changed is not None:
            self.fail(attempt.label, encoding, f"refused before sending, yet {changed}")

    def encodings(self, operation: str) -> list[str]:
        return self.offered.get(operation, [])

    def each_encoding(self, operation: str, resource: str,
                      case: Callable[[str], dict[str, Any]], *,
                      seed: Callable[[], dict[str, Any]] | None = None,
                      partial: bool = False, label: str = "") -> None:
        """The case in every encoding the schema offers; a PUT or PATCH writes a fresh
        record seeded over JSON. `label`: the operation as printed, when it has two cases."""
        for encoding in self.encodings(operation):
            sent = case(SHORT.get(encoding, encoding))
            pk = None
            if seed is not None:
                try:
                    pk = self.seed(resource, seed())
                except SeedError as error:
                    self.summary.writes_attempted += 1
                    self.summary.fields_lost += len(list(leaves(sent)))
                    self.fail(operation, SHORT.get(encoding), str(error))
                    continue
            self.write(Attempt(operation, encoding, resource, sent, pk=pk, partial=partial,
                               label=label))

    # -- reads ---------------------------------------------------------------------------

    def read(self, operation: str, check: Callable[[Any], str | None],
             *args: Any, **kwargs: Any) -> None:
        """Call an operation without a body; `check` says what is wrong with its answer."""
        self.attempted.add(operation)
        try:
            result = self.method(self.client_for(operation), operation)(*args, **kwargs)
            problem = check(result)
        except Exception as error:  # noqa: BLE001 - any failure is reported, with its message
            problem = self.reason(error)
        if problem is None:
            self.summary.called.add(operation)
        else:
            self.fail(operation, None, problem)



class Driver(RoundTrip):
    ledger: Ledger  # made first, by make_ledger()

    def __init__(self, layout: str, server: LiveServer, schema: dict[str, Any],
                 package: ModuleType, orm: ModuleType) -> None:
        self.document = schema
        self.offered = schema_operations(schema)
        self.summary = Summary(layout, operations=tuple(self.offered))
        self.server = server
        self.package = package
        self.api_models = importlib.import_module(f"{PACKAGE}.models")
        self.orm = orm
        self.attempted: set[str] = set()
        # Unique names and numbers, also when a test session runs the driver twice.
        self.prefix = f"{layout[:2]}{secrets.token_hex(2)}"
        self.serial = 0
        self.big = largest(orm.CreditMemo._meta.get_field("total_amount"))
        self.line_big = largest(orm.CreditMemoLine._meta.get_field("amount"))
        self.balance_big = largest(orm.Account._meta.get_field("opening_balance"))
        self.http = httpx.Client(base_url=server.api_url, headers=server.auth_header,
                                 timeout=HTTP_TIMEOUT)
        self.client = package.Client(server.token, base_url=server.base_url,
                                     timeout=HTTP_TIMEOUT)
        self.lenient_client = package.Client(server.token, base_url=server.base_url,
                                             timeout=HTTP_TIMEOUT, lenient=True)
        self.groups = self._groups(type(self.client))

    def stored(self, resource: str, pk: int) -> dict[str, Any] | None:
        from tests.live_drf.db import row, stored_credit_memo

        model = getattr(self.orm, RESOURCES[resource][0])
        instance = model.objects.filter(pk=pk).first()
        if instance is None:
            return None
        if resource == "credit_memo":
            return stored_credit_memo(self.orm, pk)
        data: dict[str, Any] = dict(row(instance))
        if resource == "attachment":
            data["file"] = Path(instance.file.path).read_bytes() if instance.file else ABSENT
        return data

    def find(self, resource: str, sent: dict[str, Any]) -> int | None:
        """A created record whose id the answer did not give, by its unique marker."""
        model, marker, _, _ = RESOURCES[resource]
        if marker not in sent:
            return None
        found = getattr(self.orm, model).objects.filter(**{marker: sent[marker]}) \
            .order_by("-id").first()
        return None if found is None else int(found.pk)

    def seed(self, resource: str, data: dict[str, Any]) -> int:
        """A record over plain JSON (or multipart for a file): set-up, not under test."""
        path = RESOURCES[resource][3]
        if resource == "attachment":
            answer = self.http.post(path, data={"credit_memo": str(data["credit_memo"])},
                                    files={"file": ("seed.txt", b"seed", "text/plain")})
        else:
            answer = self.http.post(path, json=json_ready(data))
        if answer.status_code != 201:
            raise SeedError(f"seeding {resource} answered {answer.status_code}: "
                            f"{answer.text[:200]}")
        return int(answer.json()["id"])

    def limitation(self, attempt: Attempt, limitation: SchemaLimitation) -> None:
        """A write the schema makes impossible (a file where the schema says text): left
        out of the writes. The operation is called with the text its schema allows, in
        every encoding, and counts as called when DRF refuses it as "not a file"."""
        operation, name = attempt.operation, limitation.field_name
        self.attempted.add(operation)
        if operation in self.summary.limited:  # probed once, in every encoding
            return
        self.summary.limited.add(operation)
        text = "https://files.example/credit-memo.pdf"  # what `format: uri` asks for
        model = self.body(operation, {**attempt.sent, name: text})
        answers: list[str] = []
        for encoding in self.encodings(operation):
            try:
                result = self.method(self.client, operation)(
                    body=model, content_type=encoding)
            except self.package.ApiError as error:
                if error.status_code == 400 and b"not a file" in error.content:
                    answers.append(SHORT.get(encoding, encoding))
                    continue
                self.fail(operation, SHORT.get(encoding), self.reason(error))
            except Exception as error:  # noqa: BLE001 - reported
                self.fail(operation, SHORT.get(encoding), self.reason(error))
            else:
                self.fail(operation, SHORT.get(encoding), "the schema limitation did not "
                          f"hold: DRF took the text {text!r} for a file ({result!r})")
        if answers and len(answers) == len(self.encodings(operation)):
            self.summary.called.add(operation)
        described = {key: value for key, value in limitation.schema.items()
                     if key in ("type", "format", "readOnly", "writeOnly")}
        self.summary.limitations.append(
            f"schema limitation: {operation}: the schema describes the upload {name!r} as "
            f"{json.dumps(described, sort_keys=True)} (one component for reading and writing, "
            "Campfire's layout), so a generated client can send only text there, which DRF's "
            "FileField answers 400 \"The submitted data was not a file\" (sent as text in "
            f"{', '.join(answers) or 'no encoding'}); the upload is left out of the writes")


    def expected_ids(self, resource: str, **filters: Any) -> list[int]:
        model, _, ordering, _ = RESOURCES[resource]
        query = getattr(self.orm, model).objects.filter(**filters).order_by(ordering, "id")
        return [int(pk) for pk in query.values_list("id", flat=True)]

    def list_check(self, operation: str, resource: str, query: dict[str, Any],
                   filters: dict[str, Any]) -> None:
        """The first page against the database, then every page through `<name>_iter`."""
        expected = self.expected_ids(resource, **filters)

        def check(page: Any) -> str | None:
            ids = [item.id for item in page.results]
            if page.count != len(expected) or ids != expected[:2]:
                return (f"answered count {page.count} and ids {ids}, the database has "
                        f"{len(expected)} starting {expected[:2]}")
            pages = getattr(getattr(self.client, self.groups[operation]), operation + "_iter")
            every = [item.id for item in pages(**query, limit=2)]
            return None if every == expected else f"_iter gave {every}, expected {expected}"

        self.read(operation, check, **query, limit=2)

    def pages_check(self, operation: str, **query: Any) -> None:
        """The entities through another paginator (service/ledger/pages.py): every page
        through `<name>_iter` and `<name>_pages`, following DRF's own next links."""
        expected = self.expected_ids("entity")
        group = getattr(self.client, self.groups[operation])

        def check(first: Any) -> str | None:
            if [item.id for item in first.results] != expected[:2]:
                return f"first page {[item.id for item in first.results]}, expected {expected[:2]}"
            every = [item.id for item in getattr(group, operation + "_iter")(**query)]
            pages = list(getattr(group, operation + "_pages")(**query))
            shape = [(page.count, len(page.items)) for page in pages]
            count = getattr(first, "count", None)  # a cursor page has none
            wanted = [(count, len(expected[n:n + 2])) for n in range(0, len(expected), 2)]
            if every != expected or shape != wanted or pages[-1].has_next_page():
                return f"_iter gave {every}, _pages {shape}; expected {expected}, {wanted}"
            return None

        self.read(operation, check, **query)

    def bare_list_check(self, operation: str) -> None:
        """Limit/offset with no default limit, called without one: DRF answers the bare
        list where the page is documented; the client reads it as the one page."""
        expected = self.expected_ids("entity")
        group = getattr(self.client, self.groups[operation])

        def check(page: Any) -> str | None:
            ids = [item.id for item in page.results]
            every = [item.id for item in getattr(group, operation + "_iter")()]
            paged = [item.id for item in getattr(group, operation + "_iter")(limit=2)]
            if (page.count, page.next, ids) != (len(expected), None, expected):
                return f"answered count {page.count}, next {page.next!r}, ids {ids}"
            if every != expected or paged != expected:
                return f"_iter gave {every}, with limit=2 {paged}; expected {expected}"
            return None

        self.read(operation, check)

    def retrieve_check(self, operation: str, resource: str, pk: int) -> None:
        _, marker, _, _ = RESOURCES[resource]
        stored = self.stored(resource, pk) or {}

        def check(item: Any) -> str | None:
            if item.id == pk and getattr(item, marker) == stored.get(marker):
                return None
            return f"answered id {item.id!r} {marker} {getattr(item, marker)!r}"

        self.read(operation, check, pk)

    def destroy_check(self, operation: str, resource: str, pk: int) -> None:
        model = getattr(self.orm, RESOURCES[resource][0])

        def check(result: Any) -> str | None:
            if model.objects.filter(pk=pk).exists():
                return f"answered {result!r}, but the record is still in the database"
            return None

        self.read(operation, check, pk)

    def drift_check(self, operation: str, pk: int, field_name: str) -> None:
        """A view whose body lacks `field_name` or has it of the wrong type, in every mode
        (DRIFT_MODES): strict raises ResponseDecodeError carrying the partial model and the
        issue; lenient returns the partial model with one ResponseDriftWarning."""
        self.attempted.add(operation)
        stored = self.stored("credit_memo", pk) or {}
        group = self.groups[operation]
        calls: dict[str, tuple[bool, Callable[[], Any]]] = {
            "strict": (True, lambda: self.method(self.client, operation)(pk)),
            "lenient per call": (
                False, lambda: self.method(self.client, operation)(pk, lenient=True)),
            "lenient per call, with_response": (False, lambda: getattr(
                getattr(self.client, group).with_response, operation)(pk, lenient=True)),
            "lenient client": (False, lambda: self.method(self.lenient_client, operation)(pk)),
            "lenient client, strict per call": (
                True, lambda: self.method(self.lenient_client, operation)(pk, lenient=False)),
        }
        passed = 0
        for mode, (strict, call) in calls.items():
            problem = self.drift_problem(call, strict, stored, field_name)
            if problem is None:
                self.summary.drift_passed.append(f"{operation} {mode}")
                passed += 1
            else:
                self.fail(f"{operation} {mode}", None, problem)
        if passed == len(calls):
            self.summary.called.add(operation)

    def drift_problem(self, call: Callable[[], Any], strict: bool, stored: dict[str, Any],
                      field_name: str) -> str | None:
        """What is wrong with the answer to a drift view, None when it is as documented."""
        package = self.package
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = call()
            except package.ResponseDecodeError as error:
                if not strict:
                    return "lenient, yet raised " + self.reason(error)
                if error.response.status_code != 200 or not error.response.content:
                    return f"the raw response is not attached: {error.response!r}"
                partial, issues = error.partial, list(error.issues)
                if list(package.drift_of(partial)) != issues:
                    return "drift_of(error.partial) differs from error.issues"
            except Exception as error:  # noqa: BLE001 - reported
                return self.reason(error)
            else:
                if strict:
                    return f"strict, yet returned {type(result).__name__}"
                if isinstance(result, package.Response):  # with_response
                    partial, issues = result.parsed, list(result.issues)
                    if list(package.drift_of(partial)) != issues:
                        return "drift_of(response.parsed) differs from response.issues"
                else:
                    partial, issues = result, list(package.drift_of(result))
        drift_warnings = [warning for warning in caught
                          if issubclass(warning.category, package.ResponseDriftWarning)]
        if len(drift_warnings) != (0 if strict else 1):
            return f"{len(drift_warnings)} ResponseDriftWarning(s), expected {0 if strict else 1}"
        paths = [issue.path for issue in issues]
        if paths != [f"$.{field_name}"]:
            return f"issues at {paths}, expected [$.{field_name}]: {[str(i) for i in issues]}"
        return self.partial_problem(partial, stored, field_name)

    def partial_problem(self, partial: Any, stored: dict[str, Any],
                        field_name: str) -> str | None:
        """The partial model holds every field that decoded, as stored, and UNSET (never
        None) for the one that did not."""
        if partial is None or getattr(partial, "id", None) != stored.get("id"):
            return f"the partial model is {partial!r}, not the credit memo {stored.get('id')}"
        if getattr(partial, field_name) is not self.package.UNSET:
            return f"{field_name} is {getattr(partial, field_name)!r} in the partial, not UNSET"
        wrong = [name for name in ("credit_memo_number", "credit_memo_date", "total_amount",
                                   "void_date", "message_on_credit_memo", "entity", "client")
                 if name != field_name and getattr(partial, name) != lookup(stored, (name,))]
        if len(partial.lines) != len(stored["lines"]) or any(
                line.amount != row["amount"] or line.account != row["account_id"]
                for line, row in zip(partial.lines, stored["lines"], strict=False)):
            wrong.append("lines")
        return f"the partial model differs from the database in {wrong}" if wrong else None

    # -- the cases -----------------------------------------------------------------------

    def line(self, amount: Decimal, description: str | None, *,
             replacing: bool = False) -> dict[str, Any]:
        account = self.ledger.other_account if replacing else self.ledger.account
        return {"account": account, "amount": amount, "description": description}

    def memo(self, encoding: str) -> dict[str, Any]:
        """A whole credit memo: every writable field, three lines (750.00, 0.10 with a blank
        description, the largest): what every encoding can say."""
        return {
            "credit_memo_number": self.tag(f"CM-{encoding}"),
            "credit_memo_type": "overpayment",
            "credit_memo_date": date(2024, 3, 15),
            "entity": self.ledger.entity,
            "client": self.ledger.client,
            "currency": "EUR",
            "application_status": "open",
            "void_date": date(2024, 4, 1),
            "message_on_credit_memo": "Thank you for your business",
            "internal_note": "approval #CM-2024-456",
            "total_amount": Decimal("0.10"),
            "lines": [self.line(Decimal("750.00"), "Credit for software license overpayment"),
                      self.line(Decimal("0.10"), ""),
                      self.line(self.line_big, "the largest amount")],
        }

    def memo_seed(self) -> dict[str, Any]:
        return {"credit_memo_number": self.tag("seed"), "credit_memo_date": date(2024, 3, 15),
                "entity": self.ledger.entity, "client": self.ledger.client,
                "application_status": "open", "void_date": date(2024, 4, 1),
                "message_on_credit_memo": "seeded", "internal_note": "seeded note",
                "total_amount": "12.34",
                "lines": [{"account": self.ledger.account, "amount": "5.00",
                           "description": "seeded line"},
                          {"account": self.ledger.account, "amount": "7.34"}]}

    def make_ledger(self) -> Ledger:
        entity = self.seed("entity", {"name": self.tag("Tech Solutions LLC")})
        other = self.seed("entity", {"name": self.tag("Second Entity"), "currency": "GBP"})
        client = self.seed("client", {"entity": entity, "name": self.tag("Acme Corporation")})
        account = self.seed("account", {"name": "Revenue - Software Licenses",
                                        "number": self.tag("A"), "account_type": "income"})
        other_account = self.seed("account", {"name": "Sales Returns", "number": self.tag("A"),
                                              "account_type": "income"})
        self.ledger = Ledger(entity, other, client, account, other_account, 0)
        memo = self.seed("credit_memo", self.memo_seed())
        self.ledger = dataclasses.replace(self.ledger, memo=memo)
        return self.ledger

    def writes(self) -> None:
        ledger = self.ledger
        big, balance_big = self.big, self.balance_big

        self.each_encoding("coa_api_v1_entity_create", "entity", lambda enc: {
            "name": self.tag(f"Entity {enc}"), "currency": "EUR"})
        self.each_encoding("coa_api_v1_entity_update", "entity", lambda enc: {
            "name": self.tag(f"Renamed {enc}"), "currency": "GBP"},
            seed=lambda: {"name": self.tag("to update"), "currency": "USD"})
        self.each_encoding("coa_api_v1_entity_partial_update", "entity", lambda enc: {
            "name": self.tag(f"Patched {enc}")},
            seed=lambda: {"name": self.tag("to patch"), "currency": "CHF"}, partial=True)

        self.each_encoding("coa_api_v1_client_create", "client", lambda enc: {
            "entity": ledger.entity, "name": self.tag(f"Client {enc}"),
            "email": "billing@acme.example", "currency": "EUR"})
        self.each_encoding("coa_api_v1_client_update", "client", lambda enc: {
            "entity": ledger.other_entity, "name": self.tag(f"Renamed {enc}"), "email": "",
            "currency": "JPY"},
            seed=lambda: {"entity": ledger.entity, "name": self.tag("to update"),
                          "email": "old@acme.example"})
        self.each_encoding("coa_api_v1_client_partial_update", "client", lambda enc: {
            "email": "ap@acme.example"},
            seed=lambda: {"entity": ledger.entity, "name": self.tag("to patch"),
                          "email": "old@acme.example", "currency": "CAD"}, partial=True)

        # opening_balance is `type: string, format: decimal` (DRF's default money): a
        # Decimal in the model, its digits as text on the wire. 0.10, the largest, and
        # the largest negative.
        self.each_encoding("coa_api_v1_account_create", "account", lambda enc: {
            "name": f"Cash {enc}", "number": self.tag("A"), "account_type": "asset",
            "opening_balance": Decimal("0.10"), "is_active": False})
        self.each_encoding("coa_api_v1_account_update", "account", lambda enc: {
            "name": f"Receivables {enc}", "number": self.tag("A"), "account_type": "liability",
            "opening_balance": balance_big, "is_active": True},
            seed=lambda: {"name": "to update", "number": self.tag("A"),
                          "account_type": "income", "is_active": False})
        self.each_encoding("coa_api_v1_account_partial_update", "account", lambda enc: {
            "opening_balance": -balance_big, "is_active": False},
            seed=lambda: {"name": "to patch", "number": self.tag("A"),
                          "account_type": "expense", "opening_balance": "3.50"}, partial=True)

        # total_amount (`type: number`) and a line's amount (`type: number, format:
        # double`, sent back as text): 0.10 and the largest in the create, the largest in
        # the update, the largest negative in a patch.
        self.each_encoding("coa_api_v1_credit_memo_create", "credit_memo", self.memo)
        self.each_encoding("coa_api_v1_credit_memo_update", "credit_memo", lambda enc: {
            **self.memo(enc), "credit_memo_type": "credit_memo",
            "credit_memo_date": date(2024, 2, 29), "entity": ledger.other_entity,
            "currency": "USD", "application_status": "", "void_date": None,
            "message_on_credit_memo": "", "internal_note": "", "total_amount": big,
            "lines": [self.line(self.line_big, "the largest", replacing=True),
                      self.line(Decimal("0.10"), "", replacing=True)]},
            seed=self.memo_seed)
        # None for a nullable date: an empty form value, which DRF stores as null. With a
        # negative amount; the lines and every other field left as they are.
        self.each_encoding("coa_api_v1_credit_memo_partial_update", "credit_memo", lambda enc: {
            "void_date": None, "total_amount": -big},
            seed=self.memo_seed, partial=True)
        # None for a choice that allows blank and null: null in JSON; refused in a form
        # (EXPECTED_REFUSALS), where DRF would store "".
        self.each_encoding("coa_api_v1_credit_memo_partial_update", "credit_memo", lambda enc: {
            "application_status": None},
            seed=self.memo_seed, partial=True)
        # None for a nullable CharField that allows blank (a line's description): null in
        # JSON; refused in a form (EXPECTED_REFUSALS), where DRF would store "".
        self.each_encoding("coa_api_v1_credit_memo_partial_update", "credit_memo", lambda enc: {
            "lines": [self.line(Decimal("0.10"), None, replacing=True)]},
            seed=self.memo_seed, partial=True)
        # "" for the same two, an enum value and new lines: "" arrives as "" everywhere.
        self.each_encoding("coa_api_v1_credit_memo_partial_update", "credit_memo", lambda enc: {
            "application_status": "", "message_on_credit_memo": f"Patched {enc}",
            "lines": [self.line(Decimal("0.10"), "", replacing=True),
                      self.line(big, f"patched {enc}", replacing=True)]},
            seed=self.memo_seed, partial=True)
        self.each_encoding("coa_api_v1_credit_memo_partial_update", "credit_memo", lambda enc: {
            "application_status": "partially_used"},
            seed=self.memo_seed, partial=True)

        # A file travels to DRF only as a multipart part; refused in JSON and in a
        # urlencoded form (EXPECTED_REFUSALS). In the unsplit layout the
        # schema says text: a schema limitation.
        self.each_encoding("coa_api_v1_attachment_create", "attachment", lambda enc: {
            "credit_memo": ledger.memo,
            "file": SentFile(b"%PDF-1.4\n\x00\xff\xfe binary " + enc.encode(),
                             f"memo-{enc}.pdf", "application/pdf"),
            "name": self.tag(f"Signed {enc}")})

        # Documented as 201, answers 200: read with the documented schema (settle checks
        # that the answer decoded to the created memo), and the memo checked field by field.
        self.each_encoding("drift_credit_memo_create_answers_200", "credit_memo", self.memo)

    def reads(self) -> None:
        ledger = self.ledger
        self.list_check("coa_api_v1_entity_list", "entity", {}, {})
        self.list_check("coa_api_v1_client_list", "client",
                        {"entity": ledger.entity, "currency": "EUR"},
                        {"entity_id": ledger.entity, "currency": "EUR"})
        self.list_check("coa_api_v1_account_list", "account",
                        {"account_type": "asset", "is_active": False},
                        {"account_type": "asset", "is_active": False})
        self.list_check(
            "coa_api_v1_credit_memo_list", "credit_memo",
            {"client": ledger.client, "entity": ledger.entity, "application_status": "open",
             "credit_memo_date_gte": date(2024, 3, 1), "credit_memo_date_lte": date(2024, 3, 31)},
            {"client_id": ledger.client, "entity_id": ledger.entity,
             "application_status": "open", "credit_memo_date__gte": date(2024, 3, 1),
             "credit_memo_date__lte": date(2024, 3, 31)})
        self.list_check("coa_api_v1_attachment_list", "attachment",
                        {"credit_memo": ledger.memo}, {"credit_memo_id": ledger.memo})
        while len(self.expected_ids("entity")) < 5:  # pages of 2: at least three
            self.seed("entity", {"name": self.tag("Paged entity")})
        self.pages_check("pages_entity_page_number", page_size=2)
        self.pages_check("pages_entity_cursor")
        self.bare_list_check("pages_entity_no_default_limit")

        self.retrieve_check("coa_api_v1_entity_retrieve", "entity", ledger.entity)
        self.retrieve_check("coa_api_v1_client_retrieve", "client", ledger.client)
        self.retrieve_check("coa_api_v1_account_retrieve", "account", ledger.account)
        self.retrieve_check("coa_api_v1_credit_memo_retrieve", "credit_memo", ledger.memo)
        attachments = self.expected_ids("attachment", credit_memo_id=ledger.memo)
        attachment = attachments[0] if attachments else self.seed(
            "attachment", {"credit_memo": ledger.memo})
        self.retrieve_check("coa_api_v1_attachment_retrieve", "attachment", attachment)

        for operation, field_name in DRIFT_VIEWS.items():
            self.drift_check(operation, ledger.memo, field_name)

    def destroys(self) -> None:
        ledger = self.ledger
        # Children first: the ledger's foreign keys protect their parents.
        memo = self.seed("credit_memo", self.memo_seed())
        attachment = self.seed("attachment", {"credit_memo": memo})
        self.destroy_check("coa_api_v1_attachment_destroy", "attachment", attachment)
        self.destroy_check("coa_api_v1_credit_memo_destroy", "credit_memo", memo)
        self.destroy_check("coa_api_v1_client_destroy", "client", self.seed(
            "client", {"entity": ledger.entity, "name": self.tag("to delete")}))
        self.destroy_check("coa_api_v1_account_destroy", "account", self.seed(
            "account", {"name": "to delete", "number": self.tag("A"),
                        "account_type": "equity"}))
        self.destroy_check("coa_api_v1_entity_destroy", "entity", self.seed(
            "entity", {"name": self.tag("to delete")}))

    def async_sample(self) -> None:
        """A list, a create in every encoding and a partial update in every encoding through
        `AsyncClient`. The ORM stays out of the event loop (Django forbids it there): the
        records are seeded before, the answers settled after."""
        create, patch = "coa_api_v1_credit_memo_create", "coa_api_v1_credit_memo_partial_update"
        attempts = [Attempt(create, encoding, "credit_memo", self.memo(SHORT[encoding]),
                            label=create + "(async)")
                    for encoding in self.encodings(create) if encoding in SHORT]
        for encoding in self.encodings(patch):
            try:
                pk = self.seed("credit_memo", self.memo_seed())
            except SeedError as error:
                self.fail(patch + "(async)", SHORT.get(encoding), str(error))
                continue
            attempts.append(Attempt(
                patch, encoding, "credit_memo", {
                    "application_status": "", "total_amount": Decimal("0.10"),
                    "lines": [self.line(self.line_big, "async", replacing=True)]},
                pk=pk, partial=True, label=patch + "(async)",
                before=self.stored("credit_memo", pk)))
        listing = "coa_api_v1_credit_memo_list"
        expected = self.expected_ids("credit_memo", client_id=self.ledger.client)[:3]

        async def calls() -> tuple[Any, list[tuple[Any, BaseException | None]]]:
            async with self.package.AsyncClient(self.server.token, base_url=self.server.base_url,
                                                timeout=HTTP_TIMEOUT) as client:
                try:
                    page: Any = await self.method(client, listing)(
                        client=self.ledger.client, limit=3)
                except Exception as error:  # noqa: BLE001 - judged after the loop
                    page = error
                outcomes: list[tuple[Any, BaseException | None]] = []
                for attempt in attempts:
                    try:
                        args, kwargs = self.prepare(attempt)
                        outcomes.append(
                            (await self.method(client, attempt.operation)(*args, **kwargs), None))
                    except Exception as error:  # noqa: BLE001 - settled after the loop
                        outcomes.append((None, error))
                return page, outcomes

        page, outcomes = asyncio.run(calls())
        self.attempted.add(listing)
        if isinstance(page, BaseException):
            self.fail(listing + "(async)", None, self.reason(page))
        elif [item.id for item in page.results] != expected:
            self.fail(listing + "(async)", None,
                      f"answered ids {[item.id for item in page.results]}, expected {expected}")
        else:
            self.summary.called.add(listing)
        for attempt, (result, failure) in zip(attempts, outcomes, strict=True):
            self.settle(attempt, result, failure)

    def run(self) -> Summary:
        try:
            self.make_ledger()
        except SeedError as error:
            self.fail("ledger", None, str(error))
        else:
            for stage in (self.writes, self.reads, self.destroys, self.async_sample):
                try:
                    stage()
                except SeedError as error:  # set-up, not the client: the stage stops there
                    self.fail(stage.__name__, None, str(error))
        for name in self.summary.operations:
            if name not in self.groups:
                self.fail(name, None, "no method of that name on the generated client")
            elif name not in self.attempted:
                self.fail(name, None, "not called by the driver (no case for it)")
        self.http.close()
        self.client.close()
        self.lenient_client.close()
        return self.summary


def run(layout: str = "split", *, server: LiveServer | None = None,
        schema: Path | None = None, workdir: Path | None = None) -> Summary:
    """One round trip. Without `server` it starts its own; without `schema` it writes one
    with drf-spectacular (`layout`: "split" or "unsplit"). Django can serve one database
    per process (tests/live_drf/db.py): a test passes the session's `drf_server`."""
    from tests.live_drf.db import connect

    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    require_drf()
    started = time.monotonic()
    with ExitStack() as stack:
        folder = workdir or Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="drf-live-")))
        process = None
        if server is None:
            (folder / "server").mkdir(parents=True, exist_ok=True)
            process = LiveProcess(folder / "server")
            stack.callback(process.stop)
            process.start()  # it boots while the schema is written
        if schema is None:
            (folder / "schema").mkdir(parents=True, exist_ok=True)
            schema = write_schemas(folder / "schema")[layout]
        if process is not None:
            process.wait_ready()
            server = process.server
        assert server is not None
        generate(schema, folder / "client")
        package = stack.enter_context(imported(folder / "client"))
        document = json.loads(schema.read_text("utf-8"))
        summary = Driver(layout, server, document, package, connect(server.db_path)).run()
    summary.seconds = time.monotonic() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.live_drf.roundtrip")
    parser.add_argument("--layout", choices=(*LAYOUTS, "both"), default="split",
                        help="the schema's layout: drf-spectacular's split one (default), "
                        "Campfire's unsplit one, or both against one server")
    args = parser.parse_args(argv)
    missing = [package for module, package in REQUIRED.items()
               if importlib.util.find_spec(module) is None]
    if missing:
        print(f"drf-live: install {', '.join(missing)} (`pip install -e '.[test]'`)",
              file=sys.stderr)
        return 2
    layouts = LAYOUTS if args.layout == "both" else (args.layout,)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="drf-live-") as temporary:
        folder = Path(temporary)
        (folder / "server").mkdir()
        process = LiveProcess(folder / "server")
        try:
            process.start()
            schemas = write_schemas(folder)
            process.wait_ready()
            for layout in layouts:
                summary = run(layout, server=process.server, schema=schemas[layout],
                              workdir=folder / layout)
                if len(layouts) > 1:
                    print(f"# {layout} layout ({summary.seconds:.1f} s)")
                print("\n".join(summary.report()), flush=True)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            print(f"drf-live: the driver could not run: {error}", file=sys.stderr)
            return 2
        finally:
            process.stop()
    print(f"drf-live: {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
