"""The live Django REST framework service: names shared by the service and the tests.

Nothing here imports Django, so the tests' fixtures can read these names (and skip or fail
with a reason) on a machine where Django is not installed.
"""

from __future__ import annotations

SETTINGS_MODULE = "tests.live_drf.service.settings"
# The SQLite file (the test's temporary folder); uploaded files go to `media/` beside it.
DB_ENV = "LIVE_DRF_DB"
# The key of the one API token, created for USERNAME at start-up.
TOKEN_ENV = "LIVE_DRF_TOKEN"
USERNAME = "live"
# The user's password, when set (basic and session authentication; the ledger uses neither).
PASSWORD_ENV = "LIVE_DRF_PASSWORD"
# A plain Django view (not DRF, so not in the schema, no authentication): answers once the
# database is migrated and the server listens.
HEALTH_PATH = "/health"
API_PREFIX = "/coa/api/v1/"
