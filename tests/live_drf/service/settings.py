"""Django settings of the live service, all in code (no manage.py, no migration files)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.live_drf.service import DB_ENV

# Schema generation needs no database, so an unset DB_ENV means an in-memory one; `serve`
# refuses to start without a file (tests/live_drf/service/__main__.py).
_DB = os.environ.get(DB_ENV, "")
DB_PATH = Path(_DB) if _DB else None

SECRET_KEY = "live-drf-tests-only"  # a throwaway service on 127.0.0.1
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.live_drf.service.urls"
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"  # ids are `type: integer`, as Campfire's

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "tests.live_drf.service.ledger",
]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DB_PATH) if DB_PATH else ":memory:",
        # The test process reads the same file through the ORM: wait for a lock, don't fail.
        "OPTIONS": {"timeout": 10},
    }
}
MEDIA_ROOT = str(DB_PATH.parent / "media") if DB_PATH else ""
MEDIA_URL = "/media/"

REST_FRAMEWORK: dict[str, Any] = {
    # Only the token, sent as `Authorization: Token <key>` (Campfire's scheme).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 10,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's own defaults, spelled out because drf-spectacular offers one request body per
    # parser: json, form-urlencoded and multipart, as in Campfire's spec.
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Campfire live DRF test service",
    "DESCRIPTION": "A slice of the Campfire accounting API, served by Django REST framework.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # drf-spectacular's recommended layout: `CreditMemoRequest` / `PatchedCreditMemoRequest`
    # beside `CreditMemo`, files as `format: binary` in requests.
    "COMPONENT_SPLIT_REQUEST": True,
}

# Campfire's own layout (one component per serializer, readOnly and writeOnly in the same
# one): `python -m tests.live_drf.service --schema-unsplit PATH` patches this in.
UNSPLIT_SPECTACULAR = {"COMPONENT_SPLIT_REQUEST": False}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    # Request lines and server errors go to stderr, which the test fixture keeps in a file.
    "loggers": {
        "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}
