"""The `full` variant: per-view authentication and pagination (claims/views.py), USE_TZ.

The database, media folder, logging and secret are the ledger's (one SQLite file per
server, named by the runner's environment): tests/live_drf/service/settings.py.
"""

from __future__ import annotations

from typing import Any

from tests.live_drf.service.settings import (  # noqa: F401 - Django reads them from here
    ALLOWED_HOSTS,
    DATABASES,
    DEBUG,
    LOGGING,
    MEDIA_ROOT,
    MEDIA_URL,
    SECRET_KEY,
)

ROOT_URLCONF = "tests.live_drf.expenses.urls"
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
CLAIMS_PER_VIEW = True  # claims/views.py: each view its own authentication and pagination

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "tests.live_drf.expenses.claims",
]
# Sessions and the user for SessionAuthentication; the CSRF middleware sets the csrftoken
# cookie the login view asks for (DRF checks the pair itself, on session-authenticated
# unsafe requests only).
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

# A request with `X-Forwarded-Proto: https` counts as HTTPS, so a test can meet the rule
# Django's CSRF check adds there (a Referer of this host) on the plain-HTTP test server.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Basic authentication checks the password on every request: a fast hash keeps the tests
# fast (a throwaway user on 127.0.0.1; Django's default hasher takes about 0.3 s a check).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Expense claims: the live DRF idioms service",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}
