"""The settings variants the corpus is generated under: one OpenAPI document each.

Each names the DRF settings (`REST_FRAMEWORK`), drf-spectacular settings and URL module it
uses on top of `settings.py`. "defaults" is a service at DRF's own defaults (session and
basic authentication, no pagination, JSON, form and multipart parsers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_AUTH = "rest_framework.authentication."
_PAGES = "rest_framework.pagination."


@dataclass(frozen=True)
class Variant:
    about: str
    rest_framework: dict[str, Any] = field(default_factory=dict)
    spectacular: dict[str, Any] = field(default_factory=dict)
    urls: str = "tests.drf_schemas.catalog.urls"
    command: str = "spectacular"
    """The management command that writes the document: drf-spectacular's, or DRF's own
    `generateschema` (its deprecated schema generator, still shipped)."""


VARIANTS: dict[str, Variant] = {
    "defaults": Variant("DRF's defaults: session + basic authentication, no pagination, "
                        "one component per serializer"),
    "defaults-create-and-read": Variant(
        "DRF's defaults, views that create and read only, without choices: none of "
        "Patched*, BlankEnum/NullEnum, Paginated*List",
        urls="tests.drf_schemas.catalog.urls_create_and_read"),
    "anonymous-create-and-read": Variant(
        "no authentication class at all, the same views: only the bodies and the "
        "operationIds are left",
        rest_framework={"DEFAULT_AUTHENTICATION_CLASSES": []},
        urls="tests.drf_schemas.catalog.urls_create_and_read"),
    "split-token-pages": Variant(
        "token + session authentication, PageNumberPagination, COMPONENT_SPLIT_REQUEST",
        rest_framework={
            "DEFAULT_AUTHENTICATION_CLASSES": [_AUTH + "TokenAuthentication",
                                               _AUTH + "SessionAuthentication"],
            "DEFAULT_PAGINATION_CLASS": _PAGES + "PageNumberPagination", "PAGE_SIZE": 20},
        spectacular={"COMPONENT_SPLIT_REQUEST": True}),
    "offset-basic-jwt-numbers": Variant(
        "basic + a JWT-like bearer class, LimitOffsetPagination, "
        "COERCE_DECIMAL_TO_STRING=False",
        rest_framework={
            "DEFAULT_AUTHENTICATION_CLASSES": [
                _AUTH + "BasicAuthentication",
                "tests.drf_schemas.catalog.auth.BearerTokenAuthentication"],
            "DEFAULT_PAGINATION_CLASS": _PAGES + "LimitOffsetPagination", "PAGE_SIZE": 20,
            "COERCE_DECIMAL_TO_STRING": False}),
    "cursor-session-split": Variant(
        "session authentication only, CursorPagination, COMPONENT_SPLIT_REQUEST",
        rest_framework={
            "DEFAULT_AUTHENTICATION_CLASSES": [_AUTH + "SessionAuthentication"],
            "DEFAULT_PAGINATION_CLASS": _PAGES + "CursorPagination", "PAGE_SIZE": 20},
        spectacular={"COMPONENT_SPLIT_REQUEST": True}),
    "oas31-split": Variant(
        "OpenAPI 3.1 (OAS_VERSION), COMPONENT_SPLIT_REQUEST, token authentication, "
        "PageNumberPagination",
        rest_framework={
            "DEFAULT_AUTHENTICATION_CLASSES": [_AUTH + "TokenAuthentication"],
            "DEFAULT_PAGINATION_CLASS": _PAGES + "PageNumberPagination", "PAGE_SIZE": 20},
        spectacular={"OAS_VERSION": "3.1.0", "COMPONENT_SPLIT_REQUEST": True}),
    "per-view-classes": Variant(
        "every paginator and authentication class on views of their own, beside DRF's "
        "defaults; operationIds with the method first (OPERATION_ID_METHOD_POSITION=PRE)",
        spectacular={
            "OPERATION_ID_METHOD_POSITION": "PRE",
            # Every class but RemoteUserAuthentication, which no client takes part in.
            "AUTHENTICATION_WHITELIST": [
                _AUTH + "SessionAuthentication", _AUTH + "BasicAuthentication",
                _AUTH + "TokenAuthentication",
                "tests.drf_schemas.catalog.auth.BearerTokenAuthentication"]},
        urls="tests.drf_schemas.catalog.urls_per_view"),
    "drf-own-generator": Variant(
        "DRF's own schema generator (rest_framework.schemas.openapi) at DRF's defaults, the "
        "views that create and read: a DRF service whose document drf-spectacular did not "
        "write",
        rest_framework={"DEFAULT_SCHEMA_CLASS": "rest_framework.schemas.openapi.AutoSchema"},
        # The catalog's @action documents itself with drf-spectacular's extend_schema.
        urls="tests.drf_schemas.catalog.urls_create_and_read", command="generateschema"),
    "form-parsers-basic": Variant(
        "FormParser and MultiPartParser without JSONParser, basic authentication, the views "
        "that create and read",
        rest_framework={
            "DEFAULT_AUTHENTICATION_CLASSES": [_AUTH + "BasicAuthentication"],
            "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.FormParser",
                                       "rest_framework.parsers.MultiPartParser"]},
        urls="tests.drf_schemas.catalog.urls_create_and_read"),
    "json-only": Variant(
        "JSONParser alone (no form bodies), token authentication, no pagination",
        rest_framework={
            "DEFAULT_AUTHENTICATION_CLASSES": [_AUTH + "TokenAuthentication"],
            "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"]}),
}
