"""The second live Django REST framework service: expense claims, with every DRF idiom the
first one (tests/live_drf/service, Campfire's ledger) does not have.

Run by the same runner as the ledger (`python -m tests.live_drf.service --settings ...`),
in three variants, each a settings module (VARIANTS):

- `full`: per-view authentication (token, session and basic alternatives), per-view
  pagination (page number with `page_size`, cursor, limit/offset without a default limit),
  USE_TZ = True;
- `naive`: the same with USE_TZ = False and TIME_ZONE = "America/New_York";
- `defaults`: DRF's default settings (session + basic, AllowAny, no pagination); only the
  schema class is set, which drf-spectacular needs to write the schema at all.

Nothing here imports Django.
"""

from __future__ import annotations

VARIANTS = {
    "full": "tests.live_drf.expenses.settings",
    "naive": "tests.live_drf.expenses.settings_naive",
    "defaults": "tests.live_drf.expenses.settings_defaults",
}
API_PREFIX = "/api/"
# A plain Django view outside the schema: POST username and password as a form, get the
# session cookie (and Django's csrftoken cookie) back.
LOGIN_PATH = "/login"
# The naive variant's zone: its date-times are wall-clock times there, without an offset.
NAIVE_TIME_ZONE = "America/New_York"
