"""A schema corpus of our own: drf-spectacular run over a small Django project whose
serializers and views use every serializer field class, paginator and authentication class
DRF ships, under several settings (`variants.py`). Nothing here imports Django, so the test
can list the variants (and skip or fail with a reason) where Django is not installed.
"""

from __future__ import annotations

SETTINGS_MODULE = "tests.drf_schemas.settings"
# Which variant of variants.py the settings module applies (one process per variant:
# DRF reads its settings into view classes when they are defined).
VARIANT_ENV = "DRF_SCHEMAS_VARIANT"
