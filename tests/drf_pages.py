"""An OpenAPI document whose list operations are described by Django REST framework's own
paginators (their `get_schema_operation_parameters` and `get_paginated_response_schema`,
which drf-spectacular writes as they are), each default and each with its parameters
renamed. DRF needs configured Django settings: it runs in a subprocess, so that this
test process keeps its own."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from functools import lru_cache
from typing import Any

# operationId -> (paginator class, attributes set on a subclass of it)
PAGINATORS: dict[str, tuple[str, dict[str, str]]] = {
    "limit_offset": ("LimitOffsetPagination", {}),
    "limit_offset_renamed": ("LimitOffsetPagination",
                             {"limit_query_param": "n", "offset_query_param": "start"}),
    "page_number": ("PageNumberPagination", {}),
    "page_number_sized": ("PageNumberPagination", {"page_size_query_param": "page_size"}),
    "page_number_renamed": ("PageNumberPagination",
                            {"page_query_param": "p", "page_size_query_param": "size"}),
    "cursor": ("CursorPagination", {}),
    "cursor_renamed": ("CursorPagination",
                       {"cursor_query_param": "c", "page_size_query_param": "size"}),
}

_PROBE = """
import json, sys
import django
from django.conf import settings

settings.configure(USE_I18N=False)
django.setup()
from rest_framework import pagination

items = {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
found = {}
for name, (base, attributes) in json.loads(sys.argv[1]).items():
    paginator = type(name, (getattr(pagination, base),), attributes)()
    found[name] = {"parameters": paginator.get_schema_operation_parameters(None),
                   "page": paginator.get_paginated_response_schema(items)}
print(json.dumps(found, default=str))
"""


@lru_cache(maxsize=1)
def _described() -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(PAGINATORS)],
                            capture_output=True, text=True, check=True)
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def page_name(operation_id: str) -> str:
    return "Paginated" + "".join(part.title() for part in operation_id.split("_")) + "List"


def drf_pages_spec(*, auth_in_query: bool = False) -> dict[str, Any]:
    """One `GET /<operation>/` per paginator, each answering its own page schema of
    `Item` (id, name); `auth_in_query`: an API key sent in the query (`api_key`)."""
    described = copy.deepcopy(_described())  # a test may change its copy
    paths = {f"/{name}/": {"get": {
        "operationId": name, "tags": ["items"], "parameters": found["parameters"],
        "responses": {"200": {"description": "", "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{page_name(name)}"}}}}}}}
        for name, found in described.items()}
    schemas: dict[str, Any] = {page_name(name): found["page"]
                               for name, found in described.items()}
    schemas["Item"] = {"type": "object", "required": ["id", "name"], "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}}}
    document: dict[str, Any] = {
        "openapi": "3.0.3", "info": {"title": "Pages", "version": "1"},
        "servers": [{"url": "https://api.test/v1"}], "paths": paths,
        "components": {"schemas": schemas}}
    if auth_in_query:
        document["components"]["securitySchemes"] = {
            "key": {"type": "apiKey", "in": "query", "name": "api_key"}}
        document["security"] = [{"key": []}]
    return document
