"""The `naive` variant: the `full` one with USE_TZ = False. Date-times are stored and
answered as wall-clock times in TIME_ZONE, without an offset; DRF turns a date-time sent
with an offset into UTC and drops the offset (fields.DateTimeField.enforce_timezone)."""

from __future__ import annotations

from tests.live_drf.expenses import NAIVE_TIME_ZONE
from tests.live_drf.expenses.settings import *  # the full variant, then:

USE_TZ = False
TIME_ZONE = NAIVE_TIME_ZONE
