"""Which server framework wrote a document, from the idioms it leaves.

Form and multipart bodies are read differently by frameworks (OpenAPI's defaults send a
nested object as JSON text; Django REST framework reads only `lines[0]amount=...`). A
document that drf-spectacular wrote describes a DRF service, so its clients use DRF's
notation unless the user chooses otherwise (`form-style`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.model.ir import FormStyle

_PAGE = re.compile(r"Paginated\w+List\Z")
_TOKEN_TEXT = 'Token-based authentication with required prefix "'


def drf_idioms(spec: Mapping[str, Any]) -> list[str]:
    """The drf-spectacular idioms the document shows (each named once)."""
    components = spec.get("components")
    components = components if isinstance(components, dict) else {}
    schemas = components.get("schemas")
    schemas = schemas if isinstance(schemas, dict) else {}
    found = []
    if any(_PAGE.match(name) and _is_page(node) for name, node in schemas.items()):
        found.append("Paginated*List pages (count, next, previous, results)")
    if any(name.startswith("Patched") and name[7:] in schemas for name in schemas):
        found.append("Patched* bodies beside their full schemas")
    if _enum_of(schemas.get("BlankEnum"), "") or _enum_of(schemas.get("NullEnum"), None):
        found.append("BlankEnum / NullEnum choices")
    schemes = components.get("securitySchemes")
    if isinstance(schemes, dict) and any(
            isinstance(scheme, dict) and _TOKEN_TEXT in str(scheme.get("description", ""))
            for scheme in schemes.values()):
        found.append("drf-spectacular's token authentication")
    return found


def form_style(spec: Mapping[str, Any], chosen: str) -> FormStyle:
    """The style a client's forms use: the one chosen, or for "auto", DRF's when the
    document shows at least two of drf-spectacular's idioms."""
    if chosen != "auto":
        return FormStyle(chosen)
    return FormStyle.DRF if len(drf_idioms(spec)) >= 2 else FormStyle.OPENAPI


def _is_page(node: object) -> bool:
    properties = node.get("properties") if isinstance(node, dict) else None
    return isinstance(properties, dict) and {"count", "results"} <= properties.keys()


def _enum_of(node: object, value: object) -> bool:
    return isinstance(node, dict) and node.get("enum") == [value]
