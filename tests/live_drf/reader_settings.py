"""The test process's Django settings: the ledger's (its database is `default`), with the
expense claims app installed too, so that tests/live_drf/db.py can read each expense
service variant's SQLite file under its own alias (`attach`)."""

from __future__ import annotations

from tests.live_drf.service.settings import *  # the ledger's, then:
from tests.live_drf.service.settings import INSTALLED_APPS as _LEDGER_APPS

INSTALLED_APPS = [*_LEDGER_APPS, "tests.live_drf.expenses.claims"]
