"""The `defaults` variant: DRF's default settings. No REST_FRAMEWORK key but the schema
class drf-spectacular needs to write the schema at all: authentication is session + basic,
permission AllowAny, no pagination, renderers JSON + browsable API, parsers JSON, form and
multipart. The views keep DRF's defaults too (CLAIMS_PER_VIEW = False)."""

from __future__ import annotations

from typing import Any

from tests.live_drf.expenses.settings import *  # the full variant, then:

CLAIMS_PER_VIEW = False
REST_FRAMEWORK: dict[str, Any] = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
# The browsable API renderer (a DRF default) needs templates.
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
