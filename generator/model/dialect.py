"""Which server framework wrote a document, from the marks drf-spectacular leaves.

Form and multipart bodies are read differently by frameworks (OpenAPI's defaults send a
nested object as JSON text; Django REST framework reads only `lines[0]amount=...`). A
document that drf-spectacular wrote describes a DRF service, so its clients use DRF's
notation unless the user chooses otherwise (`form-style`).

Each mark below is something drf-spectacular 0.27+ writes by itself (its auth extensions,
`AutoSchema`, its enum postprocessing hook; DRF's own schema generator leaves two of them),
weighed by how sure it is: 2 for a shape no other tool writes by accident, 1 for a name
others use too (swagger.io's own examples call HTTP basic `basicAuth`). A document is a DRF
service's from RECOGNISED points: two strong marks, or one strong and two weak. The measure
over every document we have (real public specs of other frameworks, Campfire, our live
service and schema corpus) is in docs/decisions.md, "Recognising a DRF service's document".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.model.ir import FormStyle

RECOGNISED = 4
"""The score from which a document is taken for a DRF service's."""

_TOKEN_TEXT = re.compile(r'Token-based authentication with required prefix "[^"]*"\Z')
_PAGE = re.compile(r"Paginated\w+List\Z")
_CHOICE_LINE = re.compile(r"\* `.*` - ")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
_JSON = "application/json"
# AutoSchema.method_mapping, and "list" for a GET of a list view.
_ACTIONS = {"get": ("list", "retrieve"), "post": ("create",), "put": ("update",),
            "patch": ("partial_update",), "delete": ("destroy",)}
_EMPTY_RESPONSES = ("No response body", "Unspecified response body")
_PK_TEXT = re.compile(r"A (unique integer value|UUID string|unique value) identifying this .+\.\Z")

Spec = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Mark:
    """Something drf-spectacular writes, how much it weighs, and how to find it."""

    name: str
    weight: int
    found_in: Callable[[Spec], bool]


def _schemes(spec: Spec) -> dict[str, dict[str, Any]]:
    schemes = _mapping(_mapping(spec.get("components")).get("securitySchemes"))
    return {name: node for name, node in schemes.items() if isinstance(node, dict)}


def _schemas(spec: Spec) -> dict[str, Any]:
    return _mapping(_mapping(spec.get("components")).get("schemas"))


def _session_cookie(spec: Spec) -> bool:
    """SessionScheme: `cookieAuth`, an apiKey in Django's session cookie (`sessionid`
    unless SESSION_COOKIE_NAME renames it)."""
    scheme = _schemes(spec).get("cookieAuth", {})
    return scheme.get("type") == "apiKey" and scheme.get("in") == "cookie"


def _token_prefix(spec: Spec) -> bool:
    """build_bearer_security_scheme_object for a prefix other than Bearer: tokenAuth,
    knoxApiToken, and any custom class's extension that uses it."""
    return any(scheme.get("type") == "apiKey" and scheme.get("in") == "header"
               and _TOKEN_TEXT.match(str(scheme.get("description", "")))
               for scheme in _schemes(spec).values())


def _basic(spec: Spec) -> bool:
    """BasicScheme, exactly (no description)."""
    return _schemes(spec).get("basicAuth") == {"type": "http", "scheme": "basic"}


def _jwt_bearer(spec: Spec) -> bool:
    """The simplejwt and rest_framework_jwt extensions with the Bearer prefix."""
    return _schemes(spec).get("jwtAuth") == {"type": "http", "scheme": "bearer",
                                            "bearerFormat": "JWT"}


def _operations(spec: Spec) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in _mapping(spec.get("paths")).items():
        for method, operation in _mapping(item).items():
            if method in _ACTIONS and isinstance(operation, dict):
                yield str(path), method, operation


def _same_body_in_each_parser(spec: Spec) -> bool:
    """One request body per parser, as DRF's defaults have them: form and multipart, and
    JSON when its parser is on, all with the same schema; on at least half of the bodies
    that offer a form."""
    offered = alike = 0
    for _, _, operation in _operations(spec):
        content = _mapping(_mapping(operation.get("requestBody")).get("content"))
        if not set(_FORMS) & content.keys():
            continue
        offered += 1
        if set(_FORMS) <= content.keys() and len(
                {json.dumps(_mapping(body).get("schema"), sort_keys=True)
                 for media, body in content.items() if media in (*_FORMS, _JSON)}) == 1:
            alike += 1
    return alike > 0 and 2 * alike >= offered


def _operation_ids(spec: Spec) -> bool:
    """AutoSchema.get_operation_id on at least half the operations: the path's words (its
    parameters left out, `-` as `_`, maybe less a prefix) and the action, in either order
    (OPERATION_ID_METHOD_POSITION)."""
    operations = shaped = 0
    for path, method, operation in _operations(spec):
        operations += 1
        words = [word.replace("-", "_") for word in re.sub(r"\{[^}]*\}", "", path).split("/")
                 if word] or ["root"]
        shaped += any(_is_path_and_action(str(operation.get("operationId", "")), words, action)
                      for action in _ACTIONS[method])
    return shaped > 0 and 2 * shaped >= operations


def _is_path_and_action(operation_id: str, words: list[str], action: str) -> bool:
    tails = ("_".join(words[start:]) for start in range(len(words)))
    return any(operation_id in (f"{tail}_{action}", f"{action}_{tail}") for tail in tails)


def _pk_descriptions(spec: Spec) -> bool:
    """DRF's own get_pk_description, which both drf-spectacular and DRF's schema generator
    write for a path parameter that is a model's primary key."""
    for path_item in _mapping(spec.get("paths")).values():
        item = _mapping(path_item)
        found = _list(item.get("parameters")) + [
            parameter for operation in item.values()
            for parameter in _list(_mapping(operation).get("parameters"))]
        if any(_mapping(parameter).get("in") == "path"
               and _PK_TEXT.match(str(_mapping(parameter).get("description", "")))
               for parameter in found):
            return True
    return False


def _choice_enums(spec: Spec) -> bool:
    """postprocess_schema_enums: a `<Name>Enum` component whose description lists its
    choices as "* `value` - label" (ENUM_GENERATE_CHOICE_DESCRIPTION)."""
    return any(name.endswith("Enum") and isinstance(node, dict) and "enum" in node
               and _CHOICE_LINE.match(str(node.get("description", "")))
               for name, node in _schemas(spec).items())


def _blank_null_enums(spec: Spec) -> bool:
    """The hook's components for a choice that allows "" or null (OpenAPI 3.1: `null`)."""
    schemas = _schemas(spec)
    return (schemas.get("BlankEnum") == {"enum": [""]}
            or schemas.get("NullEnum") in ({"enum": [None]}, {"type": "null"}))


def _pages(spec: Spec) -> bool:
    """`Paginated<Name>List`: DRF's page (count, next, previous, results; a cursor page has
    no count)."""
    for name, node in _schemas(spec).items():
        properties = _mapping(_mapping(node).get("properties"))
        if _PAGE.match(name) and "results" in properties and (
                "count" in properties or {"next", "previous"} <= properties.keys()):
            return True
    return False


def _patched(spec: Spec) -> bool:
    """`Patched<Name>` (or `Patched<Name>Request`) beside `<Name>` (`<Name>Request`)."""
    schemas = _schemas(spec)
    return any(name.startswith("Patched") and name[len("Patched"):] in schemas
               for name in schemas)


def _empty_responses(spec: Spec) -> bool:
    """AutoSchema's description of a response without a body (or of an unknown one)."""
    return any(_mapping(response).get("description") in _EMPTY_RESPONSES
               for _, _, operation in _operations(spec)
               for response in _mapping(operation.get("responses")).values())


MARKS = (
    Mark("cookieAuth", 2, _session_cookie),
    Mark("token scheme", 2, _token_prefix),
    # Names other documents use too: swagger.io's examples call HTTP basic `basicAuth`.
    Mark("basicAuth", 1, _basic),
    Mark("jwtAuth", 1, _jwt_bearer),
    Mark("form and multipart bodies", 2, _same_body_in_each_parser),
    Mark("operationIds", 2, _operation_ids),
    Mark("primary key descriptions", 2, _pk_descriptions),
    Mark("choice enums", 2, _choice_enums),
    Mark("BlankEnum/NullEnum", 2, _blank_null_enums),
    Mark("Paginated*List", 2, _pages),
    Mark("Patched*", 2, _patched),
    # Plain English anyone may write (and translated where Django's language is not).
    Mark("No response body", 1, _empty_responses),
)


def drf_marks(spec: Spec) -> tuple[Mark, ...]:
    """The marks of drf-spectacular the document shows."""
    return tuple(mark for mark in MARKS if mark.found_in(spec))


def drf_idioms(spec: Spec) -> list[str]:
    """The names of drf-spectacular's marks the document shows."""
    return [mark.name for mark in drf_marks(spec)]


def drf_score(spec: Spec) -> int:
    return sum(mark.weight for mark in drf_marks(spec))


def is_drf(spec: Spec) -> bool:
    """Whether drf-spectacular (or DRF's own generator) wrote the document, so a DRF
    service reads its requests."""
    return drf_score(spec) >= RECOGNISED


def form_style(drf: bool, chosen: str) -> FormStyle:
    """The style a client's forms use: the one chosen, or for "auto", DRF's for a DRF
    service's document (`drf`: `is_drf` of it, scored once by the caller)."""
    if chosen != "auto":
        return FormStyle(chosen)
    return FormStyle.DRF if drf else FormStyle.OPENAPI


def _mapping(node: object) -> dict[str, Any]:
    return node if isinstance(node, dict) else {}


def _list(node: object) -> list[Any]:
    return node if isinstance(node, list) else []
