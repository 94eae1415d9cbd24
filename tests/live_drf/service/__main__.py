"""Run the live service, or write its schema.

    LIVE_DRF_DB=/tmp/x/db.sqlite3 LIVE_DRF_TOKEN=secret python -m tests.live_drf.service --port 8000
    python -m tests.live_drf.service --schema schema.json [--schema-unsplit campfire-layout.json]

`--settings MODULE` serves another Django project with the same runner (the expense claims
service's variants: tests/live_drf/expenses); LIVE_DRF_PASSWORD, when set, is the user's
password (basic and session authentication).

Serving migrates the SQLite file first (`migrate --run-syncdb`: the ledger app has no
migration files), creates the user and its token, then serves on a threaded wsgiref server
(Django's own, without the autoreloader) until it is terminated.
"""

from __future__ import annotations

import argparse
import os
import sys

from tests.live_drf.service import (
    DB_ENV,
    PASSWORD_ENV,
    SETTINGS_MODULE,
    TOKEN_ENV,
    USERNAME,
)


def _setup(settings_module: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()


def write_schemas(split: str | None, unsplit: str | None, settings_module: str) -> None:
    """drf-spectacular's own command, as Campfire's schema is made; `--validate` checks it
    against the OpenAPI schema, `--fail-on-warn` keeps it free of guessed types."""
    from django.core.management import call_command

    options = {"format": "openapi-json", "validate": True, "fail_on_warn": True}
    if split:
        call_command("spectacular", file=split, **options)
    if unsplit:
        call_command("spectacular", file=unsplit, **options,
                     custom_settings=f"{settings_module}.UNSPLIT_SPECTACULAR")


def prepare_database(token: str, password: str | None) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    if password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    Token.objects.filter(user=user).exclude(key=token).delete()
    Token.objects.get_or_create(user=user, key=token)


def serve(host: str, port: int) -> None:
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application

    print(f"live DRF service on http://{host}:{port}", file=sys.stderr, flush=True)
    run(host, port, get_wsgi_application(), threading=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.live_drf.service")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--schema", metavar="PATH",
                        help="write the schema (drf-spectacular's split layout) and exit")
    parser.add_argument("--schema-unsplit", metavar="PATH",
                        help="write the schema in Campfire's layout (no *Request components)")
    parser.add_argument("--settings", metavar="MODULE", default=SETTINGS_MODULE,
                        help=f"the Django settings module (default {SETTINGS_MODULE})")
    args = parser.parse_args(argv)

    if args.schema or args.schema_unsplit:
        _setup(args.settings)
        write_schemas(args.schema, args.schema_unsplit, args.settings)
        return 0
    missing = [name for name in (DB_ENV, TOKEN_ENV) if not os.environ.get(name)]
    if missing:
        parser.error(f"set {' and '.join(missing)} (the SQLite file; the API token)")
    _setup(args.settings)
    prepare_database(os.environ[TOKEN_ENV], os.environ.get(PASSWORD_ENV))
    serve(args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
