"""Django settings of the schema corpus: the variant named by DRF_SCHEMAS_VARIANT
(`variants.py`) over this base. Schema generation needs no database."""

from __future__ import annotations

import os
from typing import Any

from tests.drf_schemas import VARIANT_ENV
from tests.drf_schemas.variants import VARIANTS

VARIANT = os.environ.get(VARIANT_ENV, "defaults")
_CHOSEN = VARIANTS[VARIANT]

SECRET_KEY = "drf-schemas-tests-only"  # never serves a request
DEBUG = False
ALLOWED_HOSTS: list[str] = []
ROOT_URLCONF = _CHOSEN.urls
VARIANT_COMMAND = _CHOSEN.command
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "tests.drf_schemas.catalog",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    **_CHOSEN.rest_framework,
}
SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": f"DRF schema corpus ({VARIANT})",
    "DESCRIPTION": _CHOSEN.about,
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    **_CHOSEN.spectacular,
}
