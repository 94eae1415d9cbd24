"""OAuth2 tokens the client obtains itself (`_runtime/oauth.py`, `_runtime/token_flow.py`).

Through a client generated from an inline spec (a client credentials flow with a
relative tokenUrl, an authorization code flow, OpenID Connect), on `httpx.MockTransport`
(`TokenServer`: a token endpoint counting its requests and an API accepting only the
tokens it issued and has not revoked):
- `ClientCredentials`: one token request (RFC 6749 §4.4.2: POST form, HTTP basic, or the
  secret in the form) for many calls; a new one once the token is due (an injected clock,
  no sleeping); after a 401, one new token and the call sent again once when it may be
  (GET, or a POST with an idempotency key), not for a POST without one (the 401 raised);
  concurrent calls (threads, asyncio tasks) fetch one token;
- a token endpoint's error is a `TokenError` naming the endpoint, never the secret;
- token providers (sync, async; an async one refused by the sync client) for any flow;
- no secret or token in a log line, a repr, an error or a pickle.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import logging
import pickle
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

PACKAGE = "oauth_client"
CLIENT_ID = "client-id-77"
SECRET = "cs-secret-4242"
OK = {"204": {"description": ""}}


def _operation(operation_id: str, security: list[Any]) -> dict[str, Any]:
    return {"operationId": operation_id, "responses": OK, "security": security}


SPEC = {
    "openapi": "3.0.3", "info": {"title": "OAuth", "version": "1"},
    "components": {"securitySchemes": {
        "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "/oauth/token", "scopes": {"read": "Read", "write": "Write"}}}},
        "code": {"type": "oauth2", "flows": {"authorizationCode": {
            "authorizationUrl": "https://auth.test/authorize",
            "tokenUrl": "https://auth.test/token", "scopes": {}}}},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://auth.test/.wk"},
    }},
    "paths": {
        "/items": {"get": _operation("list_items", [{"oauth": ["read"]}]),
                   "post": _operation("create_item", [{"oauth": ["write"]}])},
        "/code": {"get": _operation("code_get", [{"code": []}])},
        "/oidc": {"get": _operation("oidc_get", [{"oidc": []}])},
    },
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from generator.model.build import Options
    from generator.pipeline import generate

    folder = tmp_path_factory.mktemp("oauth")
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


@pytest.fixture
def clock(pkg: Any, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The time the tokens' ages are measured with: `clock[0] = ...` moves it."""
    now = [1000.0]
    monkeypatch.setattr(importlib.import_module(f"{PACKAGE}._runtime.oauth"), "CLOCK",
                        lambda: now[0])
    return now


class TokenServer:
    """A token endpoint (`/oauth/token`) issuing `tok-1`, `tok-2`... and an API taking
    only the tokens issued and not revoked (401 otherwise)."""

    def __init__(self, expires_in: object = 100, token_status: int = 200,
                 token_body: dict[str, Any] | None = None, wait: float = 0.0) -> None:
        self.expires_in, self.token_status, self.token_body = expires_in, token_status, token_body
        self.wait = wait  # lets concurrent callers pile up while a token is fetched
        self.token_requests: list[httpx.Request] = []
        self.calls: list[SimpleNamespace] = []  # the headers each call went with
        self.valid: set[str] = set()
        self.lock = threading.Lock()

    def _token(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.token_requests.append(request)
            token = f"tok-{len(self.token_requests)}"
        if self.token_body is not None:
            return httpx.Response(self.token_status, json=self.token_body)
        self.valid.add(token)
        body: dict[str, object] = {"access_token": token, "token_type": "bearer"}
        if self.expires_in is not None:
            body["expires_in"] = self.expires_in
        return httpx.Response(200, json=body)

    def _api(self, request: httpx.Request) -> httpx.Response:
        # A copy: a request sent again is the same object, its header replaced.
        self.calls.append(SimpleNamespace(headers=request.headers.copy()))
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        return httpx.Response(204 if token in self.valid else 401)

    def answer(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            time.sleep(self.wait)
            return self._token(request)
        return self._api(request)

    async def answer_async(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            for _ in range(20):  # every other task reaches its call meanwhile
                await asyncio.sleep(0)
            return self._token(request)
        return self._api(request)

    def sync(self, pkg: Any, credential: Any, **more: Any) -> Any:
        http = httpx.Client(transport=httpx.MockTransport(self.answer))
        return pkg.Client(oauth=credential, base_url="http://api.test/v1", http_client=http,
                          max_retries=0, **more)

    def asynchronous(self, pkg: Any, credential: Any, **more: Any) -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.answer_async))
        return pkg.AsyncClient(oauth=credential, base_url="http://api.test/v1",
                               http_client=http, max_retries=0, **more)


def form(request: httpx.Request) -> dict[str, list[str]]:
    return parse_qs(request.content.decode())


def test_one_token_for_many_calls(pkg: Any, clock: list[float]) -> None:
    server = TokenServer()
    api = server.sync(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET, ["read", "write"]))
    for _ in range(3):
        api.default.list_items()
    [token_request] = server.token_requests
    assert token_request.method == "POST"
    # The relative tokenUrl, resolved against the server URL (RFC 3986).
    assert str(token_request.url) == "http://api.test/oauth/token"
    assert token_request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form(token_request) == {"grant_type": ["client_credentials"],
                                   "scope": ["read write"]}
    pair = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
    assert token_request.headers["authorization"] == f"Basic {pair}"
    assert [r.headers["authorization"] for r in server.calls] == ["Bearer tok-1"] * 3


def test_the_secret_in_the_form_when_asked(pkg: Any, clock: list[float]) -> None:
    server = TokenServer()
    credentials = pkg.ClientCredentials(CLIENT_ID, SECRET, auth_method="client_secret_post",
                                        params={"audience": "https://api.test"})
    server.sync(pkg, credentials).default.list_items()
    [token_request] = server.token_requests
    assert "authorization" not in token_request.headers
    assert form(token_request) == {"grant_type": ["client_credentials"],
                                   "client_id": [CLIENT_ID], "client_secret": [SECRET],
                                   "audience": ["https://api.test"]}


def test_a_new_token_shortly_before_expiry(pkg: Any, clock: list[float]) -> None:
    server = TokenServer(expires_in=100)  # renewed 10 s early (a tenth, under 30 s)
    api = server.sync(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET)).default
    api.list_items()
    clock[0] += 89
    api.list_items()
    assert len(server.token_requests) == 1
    clock[0] += 2
    api.list_items()
    assert len(server.token_requests) == 2
    assert [r.headers["authorization"] for r in server.calls] == [
        "Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]
    long_lived = TokenServer(expires_in="3600")  # as text, as some servers send it
    api = long_lived.sync(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET)).default
    api.list_items()
    clock[0] += 3569
    api.list_items()
    clock[0] += 2  # 30 s early at most
    api.list_items()
    assert len(long_lived.token_requests) == 2


def test_a_refused_token_is_renewed_once_and_a_get_sent_again(pkg: Any,
                                                              clock: list[float]) -> None:
    server = TokenServer(expires_in=None)  # no expiry: kept until the API refuses it
    api = server.sync(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET)).default
    api.list_items()
    server.valid.clear()  # the API revokes tok-1
    api.list_items()
    assert len(server.token_requests) == 2
    assert [r.headers["authorization"] for r in server.calls] == [
        "Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]
    server.calls.clear()
    server.token_body = {"access_token": "never-valid", "token_type": "Bearer"}
    server.valid.clear()
    with pytest.raises(pkg.AuthenticationError):
        api.list_items()
    assert len(server.calls) == 2  # sent again once, not more
    assert len(server.token_requests) == 3


def test_an_unsafe_post_is_not_sent_again(pkg: Any, clock: list[float]) -> None:
    server = TokenServer()
    api = server.sync(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET)).default
    api.create_item()
    server.valid.clear()
    server.calls.clear()
    with pytest.raises(pkg.AuthenticationError):
        api.create_item()
    assert len(server.calls) == 1  # the 401 raised: the POST may have been carried out
    assert len(server.token_requests) == 1
    api.list_items()  # the refused token is forgotten: the next call fetches one
    assert server.calls[-1].headers["authorization"] == "Bearer tok-2"
    server.valid.clear()
    server.calls.clear()
    api.create_item(idempotency_key="key-1")  # a POST with a key may be sent again
    assert [(r.headers["authorization"], r.headers["idempotency-key"])
            for r in server.calls] == [("Bearer tok-2", "key-1"), ("Bearer tok-3", "key-1")]


def test_concurrent_threads_fetch_one_token(pkg: Any, clock: list[float]) -> None:
    server = TokenServer(wait=0.05)
    api = server.sync(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET)).default
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    def call() -> None:
        start.wait()
        try:
            api.list_items()
        except BaseException as error:  # noqa: BLE001 (reported below)
            failures.append(error)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(server.token_requests) == 1
    assert {r.headers["authorization"] for r in server.calls} == {"Bearer tok-1"}


def test_concurrent_tasks_fetch_one_token(pkg: Any, clock: list[float]) -> None:
    server = TokenServer()

    async def calls() -> None:
        async with server.asynchronous(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET)) as api:
            await asyncio.gather(*(api.default.list_items() for _ in range(8)))
            server.valid.clear()
            await api.default.list_items()  # renewed after the 401, sent again

    asyncio.run(calls())
    assert len(server.token_requests) == 2
    assert [r.headers["authorization"] for r in server.calls] == (
        ["Bearer tok-1"] * 9 + ["Bearer tok-2"])


def test_a_token_endpoint_error_is_a_token_error(pkg: Any, clock: list[float],
                                                 caplog: pytest.LogCaptureFixture) -> None:
    refused = TokenServer(token_status=401, token_body={
        "error": "invalid_client", "error_description": f"bad secret {SECRET}"})
    with caplog.at_level(logging.DEBUG, logger=PACKAGE), pytest.raises(pkg.TokenError) as caught:
        refused.sync(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET)).default.list_items()
    error = caught.value
    assert isinstance(error, pkg.ClientError)
    assert (error.status, error.error, error.url) == (
        401, "invalid_client", "http://api.test/oauth/token")
    assert str(error) == ("no access token from http://api.test/oauth/token: HTTP 401 "
                          "invalid_client (bad secret <secret>)")
    assert refused.calls == []  # the call itself never went
    shown = [str(error), repr(error), repr(vars(error)), caplog.text]
    assert all(SECRET not in text for text in shown)
    assert SECRET.encode() not in pickle.dumps(error)
    for body, reason in (({"token_type": "Bearer"}, "holds no access_token"),
                         ({"access_token": "t", "token_type": "mac"}, "'mac'")):
        server = TokenServer(token_body=body)
        with pytest.raises(pkg.TokenError, match=reason):
            server.sync(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET)).default.list_items()


def test_no_secret_or_token_is_shown(pkg: Any, clock: list[float],
                                     caplog: pytest.LogCaptureFixture) -> None:
    server = TokenServer()
    credentials = pkg.ClientCredentials(CLIENT_ID, SECRET)
    client = server.sync(pkg, credentials)
    caught: list[Exception] = []
    with caplog.at_level(logging.DEBUG, logger=PACKAGE):
        client.default.list_items()
        server.valid.clear()
        server.token_body = {"access_token": "tok-refused", "token_type": "Bearer"}
        for operation in ("list_items", "create_item"):
            with pytest.raises(pkg.AuthenticationError) as error:
                getattr(client.default, operation)()
            caught.append(error.value)
    assert "token request to http://api.test/oauth/token -> 200" in caplog.text
    shown = [repr(client), repr(vars(client)), repr(credentials), caplog.text,
             *(text for error in caught for text in (str(error), repr(error),
                                                     repr(error.headers)))]  # type: ignore[attr-defined]
    for secret in (SECRET, "tok-1", "tok-refused"):
        assert all(secret not in text for text in shown), secret
        assert all(secret.encode() not in pickle.dumps(error) for error in caught), secret
    assert repr(credentials) == (f"ClientCredentials(client_id={CLIENT_ID!r}, "
                                 "client_secret=<secret>, scopes=(), "
                                 "auth_method='client_secret_basic')")
    for held in (credentials, vars(client)["_credentials"]):
        with pytest.raises(TypeError, match="not pickled"):
            pickle.dumps(held)


def test_token_providers_for_every_other_flow(pkg: Any) -> None:
    issued = iter(["p-1", "p-2", "p-3"])
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(401 if seen[-1] == "Bearer p-1" else 204)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    api = pkg.Client(code=lambda: next(issued), oidc=lambda: "id-token",
                     base_url="http://api.test", http_client=http, max_retries=0).default
    api.code_get()  # p-1 refused: the provider asked again, the GET sent again
    api.code_get()
    api.oidc_get()
    assert seen == [
        "Bearer p-1", "Bearer p-2", "Bearer p-3", "Bearer id-token"]
    with pytest.raises(TypeError, match="code takes no ClientCredentials: its scheme has no client credentials flow"):
        pkg.Client(code=pkg.ClientCredentials("a", "b"), base_url="http://api.test")
    with pytest.raises(TypeError, match="oauth takes a str, ClientCredentials or a token"):
        pkg.Client(oauth=42, base_url="http://api.test")


def test_async_token_providers(pkg: Any) -> None:
    seen: list[str] = []

    async def provider() -> str:
        await asyncio.sleep(0)
        return "async-token"

    async def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(204)

    async def calls() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with pkg.AsyncClient(code=provider, oidc=lambda: "plain", http_client=http,
                                   base_url="http://api.test") as api:
            await api.default.code_get()
            await api.default.oidc_get()

    asyncio.run(calls())
    assert seen == ["Bearer async-token", "Bearer plain"]
    with pytest.raises(TypeError, match="an async token provider needs the AsyncClient"):
        pkg.Client(code=provider, base_url="http://api.test")
    sync = pkg.Client(code=lambda: provider(), base_url="http://api.test",
                      http_client=httpx.Client(transport=httpx.MockTransport(
                          lambda request: httpx.Response(204))))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the coroutine is closed, not left unawaited
        with pytest.raises(TypeError, match="returned an awaitable"):
            sync.default.code_get()


def test_the_keywords_say_what_they_take(pkg: Any) -> None:
    import inspect

    sync = inspect.signature(pkg.Client).parameters
    asynchronous = inspect.signature(pkg.AsyncClient).parameters
    assert sync["oauth"].annotation == "str | rt.ClientCredentials | rt.TokenProvider | None"
    assert asynchronous["oauth"].annotation == (
        "str | rt.ClientCredentials | rt.AsyncTokenProvider | None")
    assert sync["code"].annotation == "str | rt.TokenProvider | None"
    assert asynchronous["oidc"].annotation == "str | rt.AsyncTokenProvider | None"
    doc = inspect.getdoc(pkg.Client) or ""
    assert "fetches its tokens from `/oauth/token`" in doc
    assert pkg.ClientCredentials is importlib.import_module(
        f"{PACKAGE}._runtime").ClientCredentials


def test_a_hostile_token_url_stays_a_string(tmp_path: Path) -> None:
    """A tokenUrl is spec text: it reaches `SECURITY` and the docstring as data only."""
    from generator.model.build import Options
    from generator.pipeline import generate

    hostile = 'https://auth.test/t"""\n\'\\x00`) + __import__("os")'
    spec = {**SPEC, "components": {"securitySchemes": {"oauth": {"type": "oauth2", "flows": {
        "clientCredentials": {"tokenUrl": hostile, "scopes": {}}}}}}}
    spec["paths"] = {"/items": SPEC["paths"]["/items"]}  # type: ignore[index]
    source = tmp_path / "hostile_oauth_client.json"
    source.write_text(json.dumps(spec), "utf-8")
    generate([str(source)], tmp_path, Options(package="hostile_oauth_client"))
    sys.path.insert(0, str(tmp_path))
    try:
        client = importlib.import_module("hostile_oauth_client.client")
        assert client.SECURITY.schemes["oauth"].token_url == hostile
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules
                     if name.split(".")[0] == "hostile_oauth_client"]:
            del sys.modules[name]


def test_streamed_calls_carry_the_token_too(pkg: Any, clock: list[float]) -> None:
    """`with_streaming_response` sends through its own loop: the token flow goes with it
    (and a refused token is renewed there as in the plain call)."""
    server = TokenServer()
    api = server.sync(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET))
    with api.default.with_streaming_response.list_items() as response:
        assert response.status_code == 204
    server.valid.clear()  # revoked: the next call's 401 brings a new token, sent again
    with api.default.with_streaming_response.list_items() as response:
        assert response.status_code == 204
    assert [r.headers["authorization"] for r in server.calls] == [
        "Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]

    async def streamed() -> None:
        async_server = TokenServer()
        client = async_server.asynchronous(pkg, pkg.ClientCredentials(CLIENT_ID, SECRET))
        async with client.default.with_streaming_response.list_items() as response:
            assert response.status_code == 204
        assert [r.headers["authorization"] for r in async_server.calls] == ["Bearer tok-1"]

    asyncio.run(streamed())
