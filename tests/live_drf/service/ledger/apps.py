from __future__ import annotations

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "tests.live_drf.service.ledger"
    label = "ledger"
    # No migrations folder: `migrate --run-syncdb` creates the tables from the models.
