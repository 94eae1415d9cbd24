"""A live Django REST framework service, for proving generated clients against a real server.

We wrote it ourselves, based on the Campfire accounting API slice in ../shared/seeds/ and the
drf-spectacular idioms in GUIDE.md §2. Django, DRF, drf-spectacular and django-filter come
from the `test` extra.

Run it by hand (it migrates the SQLite file, creates user `live` with that token, and
serves on 127.0.0.1 through Django's threaded wsgiref server, with no reloader):

    LIVE_DRF_DB=/tmp/live/db.sqlite3 LIVE_DRF_TOKEN=secret \
        python -m tests.live_drf.service --port 8000
    curl -H 'Authorization: Token secret' http://127.0.0.1:8000/coa/api/v1/credit-memo

Write its schema the way Campfire's is written (drf-spectacular, `--validate --fail-on-warn`):

    python -m tests.live_drf.service --schema schema.json --schema-unsplit campfire-layout.json

`--schema` uses drf-spectacular's recommended split layout (`CreditMemo` for responses,
`CreditMemoRequest` / `PatchedCreditMemoRequest` for bodies, file uploads as
`format: binary`). `--schema-unsplit` uses Campfire's own layout: one component per
serializer, with readOnly and writeOnly fields side by side, and `PatchedCreditMemo`.

Views (all under /coa/api/v1/; token auth `Authorization: Token <key>`; limit/offset pages;
each write accepts JSON, form-urlencoded and multipart):
- `entity`, `client`: companies and customers, each with a currency (Core Accounting / AR).
- `account`: the chart of accounts (`account_type` choices). `opening_balance` is money with
  DRF's defaults: `type: string, format: decimal` in the schema, "12.50" on the wire.
- `credit-memo`: credit memos with nested writable `lines` (create and PUT replace the lines;
  a PATCH without `lines` keeps them). Filters: client, entity, application_status,
  credit_memo_date__gte/__lte. It holds the idioms: `application_status` allows blank and
  null (`oneOf [ApplicationStatusEnum, BlankEnum, NullEnum]`), `void_date` is a nullable
  date, `internal_note` is writeOnly, `id`/`client_name`/`lines_total`/`attachments`/
  timestamps are readOnly. There are three kinds of money: `total_amount` is
  `coerce_to_string=False` (a number in the schema and on the wire), a line's `amount` is
  documented as `type: number, format: double` but sent as "750.00" (what Campfire does),
  and `lines_total` is a readOnly decimal string.
- `attachment`: multipart file upload onto a credit memo (create/list/retrieve/delete).
  Uploaded files are served back under /media/.
- `drift/...`: drift views, each documented as answering a `CreditMemo`, that break the
  schema on purpose: `credit-memo/{id}/missing-field` leaves out the required
  `credit_memo_date`, `credit-memo/{id}/wrong-type` sends `total_amount: "n/a"`, and
  `POST drift/credit-memo` creates a memo and answers 200 where the schema says 201.
- Outside the schema: `/health` (no auth; answers once the server is ready) and
  `/api/schema` (the schema as the server serves it).

Modules: `service/` (settings, urls, `__main__`, app `ledger`), `server.py` (start, wait,
stop; write the schema), `conftest.py` (fixtures), `db.py` (the ORM on the server's SQLite file
from the test process, to compare what arrived field by field), `roundtrip.py` (a client
generated from the schema calls every operation and every write in every encoding, read
back field by field: `python -m tests.live_drf.roundtrip --layout both` prints the summary;
`test_roundtrip.py` asserts it).

A second service beside it, `expenses/` (expense claims: every DRF idiom the ledger has not),
runs with the same runner in three variants (`--settings`, see `expenses/__init__.py`);
`reader_settings.py` installs its app in the test process, `db.attach` reads each variant's
file under its own alias; `test_expenses_probes.py` pins what DRF does there that the schema
does not say, and `expenses_roundtrip.py` (on `roundtrip.RoundTrip`) drives a generated
client through it: `python -m tests.live_drf.expenses_roundtrip`; `test_expenses_roundtrip.py`
asserts it.
"""
