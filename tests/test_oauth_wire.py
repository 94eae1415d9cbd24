"""OAuth2 client credentials on the wire, against django-oauth-toolkit's own token
endpoint and DRF's `OAuth2Authentication` + `TokenHasScope` (a server in a subprocess,
`OAUTH_SERVER` below, counting the requests of each path):
- the generated client's `ClientCredentials` get a token from `/o/token/` (the spec's
  relative tokenUrl, resolved against the server URL) with HTTP basic, and with the secret
  in the form; one token for many calls;
- after the server revokes every token, a GET is answered 401, the client fetches one new
  token and the GET is sent again once;
- a wrong secret is a `TokenError` with the server's `invalid_client`, without the secret.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.live_drf.server import require_drf

PACKAGE = "oauth_wire_client"
SECRET = "wire-secret-9876"
SPEC = {
    "openapi": "3.0.3", "info": {"title": "Wire", "version": "1"},
    "components": {"securitySchemes": {"oauth2": {"type": "oauth2", "flows": {
        "clientCredentials": {"tokenUrl": "/o/token/", "scopes": {"read": "Read"}}}}}},
    "security": [{"oauth2": ["read"]}],
    "paths": {"/items": {"get": {"operationId": "list_items",
                                 "responses": {"204": {"description": ""}}}}},
}

# django-oauth-toolkit's token endpoint and a DRF view only a token with `read` passes;
# `/stats` counts the requests of each path, `/revoke` deletes every access token.
OAUTH_SERVER = r'''
import collections, json, sys
import django
from django.conf import settings

settings.configure(
    SECRET_KEY="oauth-wire", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, MIDDLEWARE=[],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[1]}},
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "oauth2_provider",
                    "rest_framework"],
    OAUTH2_PROVIDER={"SCOPES": {"read": "Read", "write": "Write"}},
    # The client secret is hashed: a fast hasher keeps each token request cheap.
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    REST_FRAMEWORK={"UNAUTHENTICATED_USER": None},
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    # Tables made from the models directly: replaying every migration took seconds.
    MIGRATION_MODULES={app: None for app in ("contenttypes", "auth", "oauth2_provider")},
)
django.setup()
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.urls import include, path
from oauth2_provider.contrib.rest_framework import OAuth2Authentication, TokenHasScope
from oauth2_provider.models import AccessToken, Application
from rest_framework.response import Response
from rest_framework.views import APIView
from wsgiref.simple_server import WSGIRequestHandler, make_server

call_command("migrate", run_syncdb=True, verbosity=0)
Application.objects.create(
    name="wire", client_id="wire-client", client_secret=sys.argv[2],
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS)


class Items(APIView):
    authentication_classes = [OAuth2Authentication]
    permission_classes = [TokenHasScope]
    required_scopes = ["read"]

    def get(self, request):
        return Response(status=204)


class Revoke(APIView):
    authentication_classes = []
    permission_classes = []

    def post(self, request):
        AccessToken.objects.all().delete()
        return Response(status=204)


urlpatterns = [path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
               path("v1/items", Items.as_view()), path("revoke", Revoke.as_view())]
counts = collections.Counter()
django_app = get_wsgi_application()


def app(environ, start_response):
    if environ["PATH_INFO"] == "/stats":
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(counts).encode()]
    counts[environ["PATH_INFO"]] += 1
    return django_app(environ, start_response)


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
print(server.server_port, flush=True)
server.serve_forever()
'''


@pytest.fixture(scope="module")
def starting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[subprocess.Popen[str]]:
    """The server, starting while the client is generated (`pkg`)."""
    require_drf({"oauth2_provider": "django-oauth-toolkit"}, "the OAuth2 wire test")
    folder = tmp_path_factory.mktemp("oauth_server")
    process = subprocess.Popen(
        [sys.executable, "-c", OAUTH_SERVER, str(folder / "db.sqlite3"), SECRET],
        stdout=subprocess.PIPE, text=True)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(starting: subprocess.Popen[str], pkg: Any) -> str:
    assert starting.stdout is not None
    port = starting.stdout.readline().strip()
    assert port.isdigit(), "the OAuth2 server did not start"
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def pkg(starting: subprocess.Popen[str],
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from generator.model.build import Options
    from generator.pipeline import generate

    folder = tmp_path_factory.mktemp("oauth_wire")
    source = folder / f"{PACKAGE}.json"
    source.write_text(json.dumps(SPEC), "utf-8")
    generate([str(source)], folder, Options(package=PACKAGE))
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def stats(server: str) -> dict[str, int]:
    counted: dict[str, int] = httpx.get(f"{server}/stats").json()
    return counted


def test_client_credentials_against_django_oauth_toolkit(pkg: Any, server: str) -> None:
    for method in ("client_secret_basic", "client_secret_post"):
        before = stats(server)
        credentials = pkg.ClientCredentials("wire-client", SECRET, ["read"], auth_method=method)
        with pkg.Client(oauth2=credentials, base_url=f"{server}/v1", max_retries=0) as api:
            for _ in range(3):
                api.default.list_items()
            counted = stats(server)
            assert counted.get("/o/token/", 0) - before.get("/o/token/", 0) == 1, method
            httpx.post(f"{server}/revoke")
            api.default.list_items()  # 401, one new token, the GET sent again
        after = stats(server)
        assert after["/o/token/"] - before.get("/o/token/", 0) == 2, method
        assert after["/v1/items"] - before.get("/v1/items", 0) == 5, method


def test_a_wrong_secret_is_a_token_error(pkg: Any, server: str) -> None:
    before = stats(server)
    wrong = pkg.ClientCredentials("wire-client", "not-the-secret")
    with pkg.Client(oauth2=wrong, base_url=f"{server}/v1") as api, \
            pytest.raises(pkg.TokenError) as caught:
        api.default.list_items()
    assert (caught.value.status, caught.value.error) == (401, "invalid_client")
    assert "not-the-secret" not in str(caught.value)
    assert stats(server).get("/v1/items", 0) == before.get("/v1/items", 0)  # never sent
