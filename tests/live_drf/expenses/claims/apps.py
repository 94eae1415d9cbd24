from __future__ import annotations

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "tests.live_drf.expenses.claims"
    label = "claims"
    # No migrations folder: `migrate --run-syncdb` creates the tables from the models.
