"""An OpenAPI document with one list operation per style of pagination other than
Django REST framework's (`generator/model/page_styles.py`), shaped as the public APIs
that use them document them, and operations that look like pages but are not."""

from __future__ import annotations

import copy
from typing import Any

Spec = dict[str, Any]

ITEM = {"type": "object", "required": ["id"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
ITEMS = {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": "string", "nullable": True}


def _query(name: str, schema: Spec | None = None) -> Spec:
    return {"name": name, "in": "query", "schema": schema or TEXT}


LIMIT = _query("limit", {"type": "integer"})


def _list(operation_id: str, page: Spec, *params: Spec, headers: Spec | None = None) -> Spec:
    response: Spec = {"description": "A page",
                      "content": {"application/json": {"schema": page}}}
    if headers:
        response["headers"] = headers
    return {"get": {"operationId": operation_id, "tags": ["items"],
                    "parameters": [LIMIT, *params],
                    "responses": {"200": response}}}


def _page(**properties: Spec) -> Spec:
    return {"type": "object", "properties": properties}


# operationId -> (the page, the parameters besides `limit`, the Link header documented)
OPERATIONS: dict[str, tuple[Spec, tuple[Spec, ...], bool]] = {
    # Stripe: {object: "list", data, has_more, url} and ?starting_after=<last id>
    "stripe_style": (_page(object={"type": "string", "enum": ["list"]}, data=ITEMS,
                           has_more={"type": "boolean"}, url=TEXT),
                     (_query("starting_after"), _query("ending_before"),
                      _query("status")), False),
    # Slack: response_metadata.next_cursor -> ?cursor=
    # (its list may be null: a page with no items)
    "nested_token": (_page(members={**ITEMS, "nullable": True},
                           response_metadata=_page(next_cursor=TEXT)),
                     (_query("cursor"),), False),
    # Google: nextPageToken -> ?pageToken=
    "page_token": (_page(items=ITEMS, nextPageToken=TEXT), (_query("pageToken"),), False),
    # OpenAI: {data, first_id, last_id, has_more} and ?after=
    "last_id_token": (_page(data=ITEMS, first_id=NULLABLE_TEXT, last_id=NULLABLE_TEXT,
                            has_more={"type": "boolean"}),
                      (_query("after"), _query("before")), False),
    # DigitalOcean: links.pages.next (a URL by the name of its holder)
    "next_url": (_page(droplets=ITEMS, links=_page(pages=_page(next=TEXT, last=TEXT)),
                       meta=_page(total={"type": "integer"})), (), False),
    # a `next` that says it is a URL
    "next_uri": (_page(data=ITEMS, next={"type": "string", "format": "uri",
                                            "nullable": True}), (), False),
    # GitHub: the list itself, and Link: <...>; rel="next"
    "link_header": (ITEMS, (_query("per_page", {"type": "integer"}),), True),
    # --- not pages ---
    # a `next` that may be the cursor itself (neither a URL format nor a links holder)
    "bare_next": (_page(data=ITEMS, next=TEXT), (), False),
    # a token with no parameter to send it back as
    "token_unpaired": (_page(data=ITEMS, next_cursor=TEXT), (), False),
    # starting_after without has_more: the end of the list cannot be told
    "starting_after_alone": (_page(data=ITEMS), (_query("starting_after"),), False),
    # two lists in the page: which holds the items is not said
    "two_lists": (_page(data=ITEMS, other=ITEMS, next_cursor=TEXT),
                  (_query("cursor"),), False),
    # a bare list without a Link header
    "bare_list": (ITEMS, (), False),
}


def page_styles_spec() -> Spec:
    paths = {}
    for operation_id, (page, params, link) in OPERATIONS.items():
        headers = {"Link": {"schema": TEXT, "description": "RFC 8288 links"}} if link else None
        paths[f"/{operation_id}"] = _list(operation_id, page, *params, headers=headers)
    return copy.deepcopy({"openapi": "3.0.3", "info": {"title": "Pages", "version": "1"},
                          "servers": [{"url": "https://api.test/v1"}],
                          "paths": paths, "components": {"schemas": {"Item": ITEM}}})
