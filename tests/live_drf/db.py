"""The live service's database, read in the test process through Django's ORM.

The server process writes the SQLite file; this process opens the same file with the same
settings, so a test can compare what arrived with what it sent, field by field:

    models = connect(server.db_path)
    memo = models.CreditMemo.objects.get(pk=created["id"])

Django is configured once per process, so every caller must name the same file. The
expense claims service's variants (tests/live_drf/expenses) are read beside it, each
under its own alias (`attach`, after `connect`):

    attach("expenses_full", server.db_path)
    Expense.objects.using("expenses_full").get(pk=...)

Mind SQLite: a DecimalField column has NUMERIC affinity, stored as REAL or INTEGER, and
Django reads it back with 15 significant digits. Amounts round-trip exactly only up to
13 digits before the decimal point (e.g. 9999999999999.99); larger ones prove nothing.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.live_drf.service import DB_ENV

# The ledger's settings with the expense claims app installed as well.
READER_SETTINGS = "tests.live_drf.reader_settings"

Value = str | int | bool | Decimal | date | datetime | None


def connect(db_path: Path) -> ModuleType:
    """Configure Django for `db_path` (once per process) and return the ledger's models."""
    import django
    from django.conf import settings

    wanted = str(db_path)
    if settings.configured and os.environ.get(DB_ENV) != wanted:
        raise RuntimeError(f"Django is already set up for {os.environ.get(DB_ENV)!r}, "
                           f"not {wanted!r}: one live database per test process")
    # Both before django.setup(): the settings module reads DB_ENV when it is imported.
    os.environ["DJANGO_SETTINGS_MODULE"] = READER_SETTINGS
    os.environ[DB_ENV] = wanted
    django.setup()
    from tests.live_drf.service.ledger import models

    return models


def attach(alias: str, db_path: Path, *, time_zone: str | None = None) -> ModuleType:
    """Open another live service's SQLite file under `alias` (Django must be set up by
    `connect`); `time_zone` for a USE_TZ = False server, whose file holds wall-clock times
    there. Returns the expense claims app's models."""
    from django.conf import settings
    from django.db import connections

    if not settings.configured:
        raise RuntimeError("connect() first: Django is not set up in this process")
    wanted = {"NAME": str(db_path), "TIME_ZONE": time_zone}
    known = connections.settings.get(alias)
    if known is not None and {key: known[key] for key in wanted} != wanted:
        raise RuntimeError(f"{alias!r} is already attached to {known['NAME']!r}")
    # The default database's settings, Django's defaults filled in, for another file.
    connections.settings[alias] = {**connections.settings["default"], **wanted}
    from tests.live_drf.expenses.claims import models

    return models


def stored_file(db_path: Path, field_file: Any) -> bytes:
    """The bytes of an uploaded file as the server stored them: its media folder is beside
    its database (the settings' MEDIA_ROOT), not this process's."""
    return (db_path.parent / "media" / str(field_file.name)).read_bytes()


def row(instance: Any) -> dict[str, Value]:
    """The stored columns of one model instance (`client_id`, not `client`)."""
    return {field.attname: getattr(instance, field.attname)
            for field in instance._meta.concrete_fields}


def stored_credit_memo(models: ModuleType, pk: int) -> dict[str, Any]:
    """One credit memo as stored: its columns, its lines in order and its attachments."""
    memo = models.CreditMemo.objects.get(pk=pk)
    return {**row(memo),
            "lines": [row(line) for line in memo.lines.order_by("position", "id")],
            "attachments": [row(item) for item in memo.attachments.order_by("id")]}
