"""Write one variant's OpenAPI document, or list DRF's field classes the corpus leaves out.

    DRF_SCHEMAS_VARIANT=defaults python -m tests.drf_schemas --schema out.json
    DRF_SCHEMAS_VARIANT=per-view-classes python -m tests.drf_schemas --unused

drf-spectacular's own `spectacular` command writes the document (`--validate` checks it
against the OpenAPI schema, `--fail-on-warn` keeps it free of guessed types), or DRF's own
`generateschema` for the variant that asks for it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

from tests.drf_schemas import SETTINGS_MODULE


def _setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    import django

    django.setup()


def write_schema(path: str) -> None:
    from django.conf import settings
    from django.core.management import call_command

    if settings.VARIANT_COMMAND == "generateschema":
        call_command("generateschema", file=path, format="openapi-json")
        return
    call_command("spectacular", file=path, format="openapi-json", validate=True,
                 fail_on_warn=True)


def unused_classes() -> list[str]:
    """DRF's serializer field, authentication and pagination classes that the corpus does
    not use: fields in the catalog's serializers (exact classes: a subclass does not
    count), authentication and pagination on the variant's views (its URL conf)."""
    from rest_framework import authentication, fields, pagination, relations

    shipped = _classes(fields, fields.Field) | _classes(relations, fields.Field)
    shipped |= _classes(authentication, authentication.BaseAuthentication)
    shipped |= _classes(pagination, pagination.BasePagination)
    abstract = {fields.Field, relations.RelatedField, authentication.BaseAuthentication,
                pagination.BasePagination}
    return sorted(kind.__name__ for kind in shipped - abstract - _fields_used() - _views_use())


def _classes(module: ModuleType, base: type) -> set[type]:
    return {value for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, base)
            and value.__module__ == module.__name__ and not value.__name__.startswith("_")}


def _fields_used() -> set[type]:
    from tests.drf_schemas.catalog import serializers as ours

    used: set[type] = set()
    for value in vars(ours).values():
        if isinstance(value, type) and value.__module__ == ours.__name__:
            _collect(value().fields.values(), used)
    return used


def _collect(found: Iterable[Any], used: set[type]) -> None:
    from rest_framework import relations, serializers

    for field in found:
        used.add(type(field))
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, relations.ManyRelatedField):
            used.add(type(field.child_relation))
        if isinstance(field, serializers.Serializer):
            _collect(field.fields.values(), used)


def _views_use() -> set[type]:
    """The authentication classes and paginators of every view the URL conf routes to, and
    the classes they inherit from (a subclass of CursorPagination is one)."""
    from django.urls import get_resolver

    used: set[type] = set()
    for view in _views(get_resolver().url_patterns):
        for kind in (*getattr(view, "authentication_classes", ()),
                     getattr(view, "pagination_class", None)):
            if isinstance(kind, type):
                used |= set(kind.__mro__)
    return used


def _views(patterns: Iterable[Any]) -> Iterator[type]:
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _views(pattern.url_patterns)
        elif isinstance(getattr(pattern.callback, "cls", None), type):
            yield pattern.callback.cls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.drf_schemas")
    parser.add_argument("--schema", metavar="PATH", help="write the variant's document")
    parser.add_argument("--unused", action="store_true",
                        help="print DRF's field, authentication and pagination classes the "
                             "variant leaves out, one a line")
    args = parser.parse_args(argv)
    _setup()
    if args.schema:
        write_schema(args.schema)
    if args.unused:
        print("\n".join(unused_classes()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
