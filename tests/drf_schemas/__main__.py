"""Write one variant's OpenAPI document, or list DRF's field classes the corpus leaves out.

    DRF_SCHEMAS_VARIANT=defaults python -m tests.drf_schemas --schema out.json
    python -m tests.drf_schemas --unused-fields

drf-spectacular's own `spectacular` command writes the document (`--validate` checks it
against the OpenAPI schema, `--fail-on-warn` keeps it free of guessed types), or DRF's own
`generateschema` for the variant that asks for it.
"""

from __future__ import annotations

import argparse
import os
import sys

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


def unused_fields() -> list[str]:
    """DRF's concrete field classes (rest_framework.fields and .relations) that no field of
    the catalog's serializers is an instance of, exactly (a subclass does not count)."""
    from rest_framework import fields, relations

    from tests.drf_schemas.catalog import serializers as ours

    shipped = {value for module in (fields, relations) for value in vars(module).values()
               if isinstance(value, type) and issubclass(value, fields.Field)
               and value.__module__ == module.__name__ and not value.__name__.startswith("_")}
    abstract = {fields.Field, relations.RelatedField}
    used: set[type] = set()
    for value in vars(ours).values():
        if isinstance(value, type) and value.__module__ == ours.__name__:
            _collect(value().fields.values(), used)
    return sorted(kind.__name__ for kind in shipped - abstract - used)


def _collect(found: object, used: set[type]) -> None:
    from rest_framework import relations, serializers

    for field in found:  # type: ignore[attr-defined]
        used.add(type(field))
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, relations.ManyRelatedField):
            used.add(type(field.child_relation))
        if isinstance(field, serializers.Serializer):
            _collect(field.fields.values(), used)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.drf_schemas")
    parser.add_argument("--schema", metavar="PATH", help="write the variant's document")
    parser.add_argument("--unused-fields", action="store_true",
                        help="print DRF's field classes no serializer uses, one a line")
    args = parser.parse_args(argv)
    _setup()
    if args.schema:
        write_schema(args.schema)
    if args.unused_fields:
        print("\n".join(unused_fields()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
