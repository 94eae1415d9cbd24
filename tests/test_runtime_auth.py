"""Credentials, chosen per operation (`templates/static/_runtime/auth.py`).

Through a client generated from an inline spec with every kind of scheme, on
`httpx.MockTransport` (each request recorded):
- the positional token is the most-used scheme (`Token <key>`); its keyword twin works
  too; both at once is a TypeError, as is a credential of the wrong kind, and a
  credential given to a client of an API with no scheme;
- apiKey in a header (with drf-spectacular's prefix), a query parameter and a cookie;
  http basic and bearer; oauth2 and openIdConnect as bearer;
- the schemes of one requirement go together; the first alternative whose credentials
  are all held is sent; `{}` (anonymous) only when no other fits; with none fitting,
  `MissingCredentialError` names the keywords, and nothing is sent;
- Django's session cookie: on unsafe methods the CSRF pair (and Referer over HTTPS),
  accepted by DRF's own CSRF check (run in a subprocess with Django); not on GET;
- no credential in a repr, a log line, an error or a pickle; `with_options` keeps them.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import logging
import pickle
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

PACKAGE = "auth_client"
BARE = "auth_bare_client"
NO_CONTENT = {"204": {"description": ""}}
DRF_ALTERNATIVES = [{"cookieAuth": []}, {"basicAuth": []}, {}]
SCHEMES = {
    "tokenAuth": {"type": "apiKey", "in": "header", "name": "Authorization",
                  "description": 'Token-based authentication with required prefix "Token"'},
    "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    "basicAuth": {"type": "http", "scheme": "basic"},
    "jwtAuth": {"type": "http", "scheme": "bearer"},
    "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
        "tokenUrl": "https://auth.test/token", "scopes": {"read": "Read"}}}},
    "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://auth.test/.well-known"},
    "queryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
    "cookieKey": {"type": "apiKey", "in": "cookie", "name": "key"},
    "clientId": {"type": "apiKey", "in": "header", "name": "X-Client-Id"},
    "clientSecret": {"type": "apiKey", "in": "header", "name": "X-Client-Secret"},
    "apiVersion": {"type": "apiKey", "in": "header", "name": "X-Api-Version"},
}


def _operation(operation_id: str, security: list[Any]) -> dict[str, Any]:
    return {"operationId": operation_id, "responses": NO_CONTENT, "security": security}


SPEC = {
    "openapi": "3.0.3", "info": {"title": "Auth", "version": "1"},
    "components": {"securitySchemes": SCHEMES},
    "paths": {
        "/token": {"get": _operation("token_get", [{"tokenAuth": []}]),
                   "post": _operation("token_post", [{"tokenAuth": []}])},
        "/either": {"get": _operation("either", [{"jwtAuth": []}, {"tokenAuth": []}])},
        "/drf": {"get": _operation("drf_get", DRF_ALTERNATIVES),
                 "post": _operation("drf_post", DRF_ALTERNATIVES)},
        "/jwt": {"get": _operation("jwt", [{"jwtAuth": []}])},
        "/oauth": {"get": _operation("oauth", [{"oauth": ["read"]}])},
        "/oidc": {"get": _operation("oidc", [{"oidc": []}])},
        "/query": {"get": _operation("query", [{"queryKey": []}])},
        "/cookie": {"get": _operation("cookie", [{"cookieKey": []}])},
        "/partner": {"get": _operation("partner", [{"clientId": [], "clientSecret": [],
                                                     "apiVersion": []}])},
        "/public": {"get": _operation("public", [])},
    },
}
BARE_SPEC = {"openapi": "3.0.3", "info": {"title": "Bare", "version": "1"},
             "paths": {"/a": {"get": {"operationId": "a", "responses": NO_CONTENT}}}}
SECRETS = {"token_auth": "tok-secret-1111", "cookie_auth": "sess-secret-2222",
           "basic_auth": ("alice", "pw-secret-3333"), "jwt_auth": "jwt-secret-4444",
           "oauth": "oauth-secret-5555", "oidc": "oidc-secret-6666",
           "query_key": "query-secret-7777", "cookie_key": "cookie-secret-8888",
           "client_id": "id-secret-9999", "client_secret": "cs-secret-0000",
           "api_version": "v-secret-1212"}
SHOWN = [value if isinstance(value, str) else value[1] for value in SECRETS.values()]


def _generate(folder: Path, spec: dict[str, Any], package: str) -> Any:
    from generator.model.build import Options
    from generator.pipeline import generate

    source = folder / f"{package}.json"
    source.write_text(json.dumps(spec), "utf-8")
    generate([str(source)], folder, Options(package=package))
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(folder))


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("auth")
    yield _generate(folder, SPEC, PACKAGE)
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


class Recorder:
    """An httpx client whose transport records each request and answers `status`."""

    def __init__(self, status: int = 204, headers: dict[str, str] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.status, self.headers = status, headers or {}

    def answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, headers=self.headers)

    def sync(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.answer))

    def asynchronous(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.answer))

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def client(pkg: Any, recorder: Recorder, *args: Any, base_url: str = "http://api.test",
           **credentials: Any) -> Any:
    return pkg.Client(*args, base_url=base_url, http_client=recorder.sync(), max_retries=0,
                      **credentials)


def cookies(request: httpx.Request) -> dict[str, str]:
    pairs = [part.split("=", 1) for part in request.headers.get("cookie", "").split("; ") if part]
    return {name: value for name, value in pairs}


def test_the_positional_token_and_its_keyword_twin(pkg: Any) -> None:
    recorder = Recorder()
    client(pkg, recorder, "my-api-key").default.token_get()
    client(pkg, recorder, token_auth="my-api-key").default.token_get()
    assert [r.headers["authorization"] for r in recorder.requests] == ["Token my-api-key"] * 2
    with pytest.raises(TypeError, match="token_auth"):
        client(pkg, recorder, "a", token_auth="b")
    with pytest.raises(TypeError, match=r"basic_auth takes a \(user, password\)"):
        client(pkg, recorder, basic_auth="alice:pw")
    with pytest.raises(TypeError, match="jwt_auth takes a str"):
        client(pkg, recorder, jwt_auth=b"bytes-token")


def test_each_scheme_kind_and_location(pkg: Any) -> None:
    recorder = Recorder()
    api = client(pkg, recorder, **SECRETS).default
    api.jwt()
    api.oauth()
    api.oidc()
    assert [r.headers["authorization"] for r in recorder.requests] == [
        "Bearer jwt-secret-4444", "Bearer oauth-secret-5555", "Bearer oidc-secret-6666"]
    api.query()
    assert recorder.last.url.params["api_key"] == "query-secret-7777"
    assert "authorization" not in recorder.last.headers
    api.cookie()
    assert cookies(recorder.last) == {"key": "cookie-secret-8888"}
    only_basic = client(pkg, recorder, basic_auth=("alice", "pw-secret-3333")).default
    only_basic.drf_get()
    expected = base64.b64encode(b"alice:pw-secret-3333").decode()
    assert recorder.last.headers["authorization"] == f"Basic {expected}"
    assert "cookie" not in recorder.last.headers


def test_the_schemes_of_one_requirement_go_together(pkg: Any) -> None:
    recorder = Recorder()
    both = {"client_id": "id-1", "client_secret": "secret-2"}
    client(pkg, recorder, **both, api_version="2026-07").default.partner()
    sent = recorder.last.headers
    assert (sent["x-client-id"], sent["x-client-secret"], sent["x-api-version"]) == (
        "id-1", "secret-2", "2026-07")
    recorder.requests.clear()
    with pytest.raises(pkg.MissingCredentialError) as caught:
        client(pkg, recorder, **both).default.partner()
    assert recorder.requests == []  # refused before sending
    assert str(caught.value) == (
        "partner needs credentials this client was not given: create the client with "
        "api_version= and client_id= and client_secret=")
    assert "secret-2" not in str(caught.value)


def test_the_first_fitting_alternative_then_anonymous(pkg: Any) -> None:
    recorder = Recorder()
    client(pkg, recorder, cookie_auth="sess", basic_auth=("u", "p")).default.drf_get()
    assert cookies(recorder.last) == {"sessionid": "sess"}
    assert "authorization" not in recorder.last.headers
    client(pkg, recorder, jwt_auth="j", token_auth="t").default.either()
    assert recorder.last.headers["authorization"] == "Bearer j"  # the first listed
    client(pkg, recorder, token_auth="t").default.either()
    assert recorder.last.headers["authorization"] == "Token t"
    client(pkg, recorder).default.drf_get()  # nothing held: anonymous is allowed
    client(pkg, recorder, token_auth="t").default.public()  # `security: []`
    for request in recorder.requests[-2:]:
        assert "authorization" not in request.headers and "cookie" not in request.headers


def test_no_fitting_alternative_is_refused_before_sending(pkg: Any) -> None:
    recorder = Recorder()
    with pytest.raises(pkg.MissingCredentialError) as caught:
        client(pkg, recorder, jwt_auth="only-jwt").default.token_get()
    assert recorder.requests == []
    assert str(caught.value) == (
        "token_get needs credentials this client was not given: create the client with "
        "token_auth= (or the positional token)")
    assert caught.value.alternatives == (("token_auth",),)
    with pytest.raises(pkg.MissingCredentialError, match="jwt_auth= or token_auth="):
        client(pkg, recorder).default.either()
    assert recorder.requests == []


def test_a_credential_for_an_api_without_schemes_is_a_type_error(
        tmp_path: Path) -> None:
    bare = _generate(tmp_path, BARE_SPEC, BARE)
    try:
        with pytest.raises(TypeError, match="declares no security scheme"):
            bare.Client("a-token", base_url="http://api.test")
        with pytest.raises(TypeError, match="unexpected keyword argument 'token_auth'"):
            bare.Client(token_auth="a-token", base_url="http://api.test")
        recorder = Recorder()
        bare.Client(base_url="http://api.test", http_client=recorder.sync()).default.a()
        assert "authorization" not in recorder.last.headers
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] == BARE]:
            del sys.modules[name]


def test_the_csrf_pair_on_writes_only(pkg: Any) -> None:
    recorder = Recorder()
    api = client(pkg, recorder, cookie_auth="sess").default
    api.drf_get()
    assert cookies(recorder.last) == {"sessionid": "sess"}
    assert "x-csrftoken" not in recorder.last.headers
    api.drf_post()
    api.drf_post()
    first, second = recorder.requests[-2:]
    sent = cookies(first)
    assert sent["sessionid"] == "sess"
    assert re.fullmatch("[a-zA-Z0-9]{32}", sent["csrftoken"])
    assert first.headers["x-csrftoken"] == sent["csrftoken"]
    assert "referer" not in first.headers  # plain HTTP: Django checks no Referer
    assert cookies(second)["csrftoken"] != sent["csrftoken"]  # a fresh secret each time
    secure = client(pkg, recorder, cookie_auth="sess", base_url="https://api.test:8443/v1")
    secure.default.drf_post()
    assert recorder.last.headers["referer"] == "https://api.test:8443/"
    client(pkg, recorder, basic_auth=("u", "p")).default.drf_post()
    assert "x-csrftoken" not in recorder.last.headers  # no session cookie, no pair


# DRF's own CSRF check (SessionAuthentication.enforce_csrf) on the requests given as
# JSON lines (method, URL, headers): "ok" or Django's reason, one line each.
DRF_CSRF = r'''
import json, sys
from urllib.parse import urlsplit
import django
from django.conf import settings
settings.configure(SECRET_KEY="csrf", ALLOWED_HOSTS=["*"], INSTALLED_APPS=[
    "django.contrib.contenttypes", "django.contrib.auth", "rest_framework"])
django.setup()
from django.test import RequestFactory
from rest_framework.authentication import CSRFCheck

for line in sys.stdin:
    method, url, headers = json.loads(line)
    parts = urlsplit(url)
    meta = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    meta["HTTP_HOST"] = parts.netloc
    request = RequestFactory().generic(method, parts.path, secure=parts.scheme == "https",
                                       **meta)
    check = CSRFCheck(lambda request: None)
    check.process_request(request)
    print(check.process_view(request, None, (), {}) or "ok")
'''


def test_drf_accepts_the_csrf_pair(pkg: Any) -> None:
    recorder = Recorder()
    client(pkg, recorder, cookie_auth="sess").default.drf_post()
    client(pkg, recorder, cookie_auth="sess", base_url="https://api.test:8443").default.drf_post()
    client(pkg, recorder, basic_auth=("u", "p")).default.drf_post()  # no pair: refused
    lines = "".join(json.dumps([r.method, str(r.url), dict(r.headers)]) + "\n"
                    for r in recorder.requests)
    done = subprocess.run([sys.executable, "-c", DRF_CSRF], input=lines, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.splitlines() == ["ok", "ok", "CSRF cookie not set."]


def test_async_clients_choose_alike(pkg: Any) -> None:
    recorder = Recorder()

    async def calls() -> None:
        async with pkg.AsyncClient(cookie_auth="sess", base_url="https://api.test",
                                   http_client=recorder.asynchronous()) as api:
            await api.default.drf_post()
            with pytest.raises(pkg.MissingCredentialError):
                await api.default.jwt()

    asyncio.run(calls())
    [request] = recorder.requests
    assert request.headers["x-csrftoken"] == cookies(request)["csrftoken"]
    assert request.headers["referer"] == "https://api.test/"


def test_with_options_keeps_the_credentials(pkg: Any) -> None:
    recorder = Recorder()
    copy = client(pkg, recorder, "my-api-key", jwt_auth="j").with_options(max_retries=1)
    copy.default.token_get()
    copy.default.jwt()
    assert [r.headers["authorization"] for r in recorder.requests] == ["Token my-api-key",
                                                                       "Bearer j"]


def test_no_credential_is_shown(pkg: Any, caplog: pytest.LogCaptureFixture) -> None:
    echoed = {"X-Client-Secret": "cs-secret-0000", "X-Api-Version": "v-secret-1212",
              "X-CSRFToken": "echo", "Authorization": "Token tok-secret-1111"}
    recorder = Recorder(401, echoed)
    held = client(pkg, recorder, **SECRETS)
    caught: list[Exception] = []
    with caplog.at_level(logging.DEBUG, logger=PACKAGE):
        for operation in ("token_get", "drf_post", "partner", "query", "cookie", "jwt"):
            with pytest.raises(pkg.AuthenticationError) as error:
                getattr(held.default, operation)()
            caught.append(error.value)
    assert len(recorder.requests) == 6  # every credential did go out
    shown = [repr(held), str(held), repr(vars(held)), caplog.text,
             *(text for error in caught for text in (str(error), repr(error),
                                                     repr(error.headers)))]  # type: ignore[attr-defined]
    dumped = b"".join(pickle.dumps(error) for error in caught)
    for secret in SHOWN:
        assert all(secret not in text for text in shown), secret
        assert secret.encode() not in dumped, secret
    assert repr(held) == ("Client(base_url='http://api.test', credentials=api_version, "
                          "basic_auth, client_id, client_secret, cookie_auth, cookie_key, "
                          "jwt_auth, oauth, oidc, query_key, token_auth)")
    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(vars(held)["_credentials"])


def test_the_client_documents_each_keyword(pkg: Any) -> None:
    import inspect

    parameters = inspect.signature(pkg.Client).parameters
    assert parameters["basic_auth"].annotation == "tuple[str, str] | None"
    assert parameters["cookie_auth"].annotation == "str | None"
    assert parameters["token"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert parameters["basic_auth"].kind is inspect.Parameter.KEYWORD_ONLY
    doc = inspect.getdoc(pkg.Client) or ""
    for keyword in SECRETS:
        assert f"\n    {keyword}: " in doc, keyword
    assert "token: The same credential as `token_auth`" in doc


def test_credentials_the_caller_sends_by_other_means(pkg: Any) -> None:
    """A scheme's header set by the caller (client `headers=`, a call's `extra_headers`)
    counts as held and is left as given; an httpx client with its own `auth` sends the
    calls no credential of ours fits, authenticated its own way."""
    recorder = Recorder()
    own = pkg.Client(base_url="http://api.test", http_client=recorder.sync(),
                     headers={"Authorization": "Token from-headers"})
    own.default.token_get()
    assert recorder.last.headers["authorization"] == "Token from-headers"
    bare = client(pkg, recorder)
    bare.default.token_get(extra_headers={"Authorization": "Token per-call"})
    assert recorder.last.headers["authorization"] == "Token per-call"
    with pytest.raises(pkg.MissingCredentialError):  # only the headers it sets count
        bare.default.partner(extra_headers={"X-Client-Id": "id"})
    httpx_auth = pkg.Client(base_url="http://api.test", http_client=httpx.Client(
        transport=httpx.MockTransport(recorder.answer), auth=("u", "p")))
    httpx_auth.default.jwt()
    assert recorder.last.headers["authorization"].startswith("Basic ")


def test_no_client_secret_is_shown(pkg: Any, caplog: pytest.LogCaptureFixture) -> None:
    """`ClientCredentials` and a token provider on the `oauth` and `oidc` keywords: the
    token endpoint's refusal (Recorder answers 401) and the API's 401 show neither."""
    recorder = Recorder(401)
    credentials = pkg.ClientCredentials("client-id", "cc-secret-3131")
    held = client(pkg, recorder, oauth=credentials, oidc=lambda: "provided-secret-3232")
    caught: list[Exception] = []
    with caplog.at_level(logging.DEBUG, logger=PACKAGE):
        with pytest.raises(pkg.TokenError) as token_error:
            held.default.oauth()
        caught.append(token_error.value)
        with pytest.raises(pkg.AuthenticationError) as api_error:
            held.default.oidc()
        caught.append(api_error.value)
    # The provider, asked again after the 401, gave the same token: not sent again.
    assert [r.url.path for r in recorder.requests] == ["/token", "/oidc"]
    shown = [repr(held), repr(vars(held)), repr(credentials), caplog.text,
             *(text for error in caught for text in (str(error), repr(error), repr(vars(error))))]
    for secret in ("cc-secret-3131", "provided-secret-3232"):
        assert all(secret not in text for text in shown), secret
        assert all(secret.encode() not in pickle.dumps(error) for error in caught), secret
    assert repr(held) == "Client(base_url='http://api.test', credentials=oauth, oidc)"
