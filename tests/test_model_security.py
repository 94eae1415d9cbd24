"""Security schemes and requirements in the IR (`generator/model/security.py`).

- One scheme per `components/securitySchemes` entry the client can send, under a client
  keyword in snake_case that no other argument of `Client.__init__` takes.
- apiKey keeps drf-spectacular's "required prefix"; Django's session cookie is marked
  for the CSRF pair; http basic and bearer, oauth2 and openIdConnect (as bearer).
- Each operation's alternatives: its requirement objects as sorted keyword tuples, `{}`
  last; the API's usual alternatives are the default, an operation with other ones
  carries its own. `security: []` is anonymous.
- The positional token: the scheme most operations name, never basic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.model import ir
from tests.model_specs import build, op, operation, operations, spec

TOKEN_SCHEME = {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": 'Token-based authentication with required prefix "Token"'}
# What drf-spectacular writes for DRF's default authentication classes.
DRF_DEFAULTS = {"cookieAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
                "basicAuth": {"type": "http", "scheme": "basic"}}
DRF_ALTERNATIVES = [{"cookieAuth": []}, {"basicAuth": []}, {}]


def with_schemes(schemes: dict[str, Any], paths: dict[str, Any], **top: Any) -> dict[str, Any]:
    return spec(paths, components={"securitySchemes": schemes}, **top)


def schemes_of(package: ir.PackageIR) -> dict[str, ir.SchemeIR]:
    return {scheme.key: scheme for scheme in package.security.schemes}


def test_drf_default_alternatives_with_anonymous_last(tmp_path: Path) -> None:
    package = build(tmp_path, with_schemes(DRF_DEFAULTS, {
        "/a": {"get": operation("a", security=DRF_ALTERNATIVES)},
        "/b": {"post": operation("b", security=DRF_ALTERNATIVES)},
        "/c": {"get": operation("c", security=[{}, {"basicAuth": []}])}}))
    security = package.security
    assert security.default == (("cookie_auth",), ("basic_auth",), ())
    found = operations(package)
    assert (found["a"].security, found["b"].security) == (None, None)  # the default
    assert found["c"].security == (("basic_auth",), ())  # anonymous moved last
    cookie, basic = schemes_of(package)["cookieAuth"], schemes_of(package)["basicAuth"]
    assert (cookie.keyword, cookie.kind, cookie.location, cookie.name, cookie.csrf) == (
        "cookie_auth", ir.SchemeKind.API_KEY, "cookie", "sessionid", True)
    assert (basic.keyword, basic.kind) == ("basic_auth", ir.SchemeKind.BASIC)
    assert security.token == "cookie_auth"  # basic takes a pair: never positional


def test_several_schemes_in_one_requirement_go_together(tmp_path: Path) -> None:
    schemes = {"clientId": {"type": "apiKey", "in": "header", "name": "X-Client-Id"},
               "clientSecret": {"type": "apiKey", "in": "header", "name": "X-Client-Secret"},
               "apiVersion": {"type": "apiKey", "in": "query", "name": "version"}}
    package = build(tmp_path, with_schemes(schemes, {"/a": {"get": operation("a")}},
                                           security=[{"clientSecret": [], "clientId": [],
                                                      "apiVersion": []}]))
    assert package.security.default == (("api_version", "client_id", "client_secret"),)
    assert op(package, "a").security is None
    assert schemes_of(package)["apiVersion"].location == "query"


def test_per_operation_overrides_and_opting_out(tmp_path: Path) -> None:
    schemes = {"token": TOKEN_SCHEME, "jwt": {"type": "http", "scheme": "bearer"}}
    package = build(tmp_path, with_schemes(schemes, {
        "/open": {"get": operation("open", security=[])},
        "/closed": {"get": operation("closed")},
        "/other": {"get": operation("other")},
        "/either": {"get": operation("either", security=[{}, {"token": []}])},
        "/bot": {"get": operation("bot", security=[{"jwt": []}])}},
        security=[{"token": []}]))
    found = operations(package)
    # A scheme named like the positional argument gets a keyword of its own.
    assert package.security.default == (("token_",),)
    assert package.security.token == "token_"
    assert (found["closed"].security, found["other"].security) == (None, None)
    assert found["open"].security == ((),)
    assert found["either"].security == (("token_",), ())
    assert found["bot"].security == (("jwt",),)
    token = schemes_of(package)["token"]
    assert (token.keyword, token.location, token.name, token.prefix, token.csrf) == (
        "token_", "header", "Authorization", "Token", False)


def test_bearer_oauth2_and_openid_connect_are_bearer_tokens(tmp_path: Path) -> None:
    schemes = {"jwtAuth": {"type": "http", "scheme": "bearer"},
               "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
                   "tokenUrl": "https://x.test/token", "scopes": {}}}},
               "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x.test/.wk"},
               "digest": {"type": "http", "scheme": "digest"},
               "tls": {"type": "mutualTLS"}}
    package = build(tmp_path, with_schemes(schemes, {
        "/a": {"get": operation("a", security=[{"oauth": ["read"]}])},
        "/b": {"get": operation("b", security=[{"oidc": []}, {"jwtAuth": []}])},
        "/c": {"get": operation("c", security=[{"digest": []}])}}))
    found = schemes_of(package)
    assert sorted(found) == ["jwtAuth", "oauth", "oidc"]  # digest and mutualTLS: not sent
    assert {key: (scheme.kind, scheme.spec_type, scheme.name) for key, scheme in found.items()} == {
        "jwtAuth": (ir.SchemeKind.BEARER, "http", "Authorization"),
        "oauth": (ir.SchemeKind.BEARER, "oauth2", "Authorization"),
        "oidc": (ir.SchemeKind.BEARER, "openIdConnect", "Authorization")}
    # The digest requirement is the caller's httpx client's business: anonymous here.
    assert op(package, "c").security == ((),)
    assert op(package, "b").security == (("oidc",), ("jwt_auth",))


def test_the_positional_token_is_the_scheme_most_operations_name(tmp_path: Path) -> None:
    schemes = {"aKey": {"type": "apiKey", "in": "header", "name": "X-Key"},
               "zToken": {"type": "http", "scheme": "bearer"}}
    package = build(tmp_path, with_schemes(schemes, {
        "/a": {"get": operation("a", security=[{"zToken": []}])},
        "/b": {"get": operation("b", security=[{"zToken": []}, {"aKey": []}])},
        "/c": {"get": operation("c", security=[{"zToken": []}])},
        "/d": {"get": operation("d", security=[{"aKey": []}])}}))
    assert package.security.token == "z_token"  # 3 operations to 2


def test_prefixes_follow_drf_spectacular(tmp_path: Path) -> None:
    schemes = {
        "tokenAuth": TOKEN_SCHEME,
        # simplejwt with AUTH_HEADER_NAME: drf-spectacular's phrase on another header.
        "jwtHeader": {"type": "apiKey", "in": "header", "name": "X-auth",
                      "description": 'Token-based authentication with required prefix "JWT"'},
        "loose": {"type": "apiKey", "in": "header", "name": "X-Other",
                  "description": "no prefix Token needed"},
        "session": {"type": "apiKey", "in": "cookie", "name": "custom_session"},
        "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "my_session"}}
    found = schemes_of(build(tmp_path, with_schemes(schemes, {"/a": {"get": operation("a")}})))
    assert {key: (scheme.prefix, scheme.csrf) for key, scheme in found.items()} == {
        "tokenAuth": ("Token", False), "jwtHeader": ("JWT", False), "loose": ("", False),
        "session": ("", False),
        "cookieAuth": ("", True)}  # drf-spectacular's SessionScheme, a renamed cookie


def test_declared_schemes_but_no_requirement_anywhere(tmp_path: Path) -> None:
    """A credential given is then sent (not dropped), and none is needed."""
    package = build(tmp_path, with_schemes({"key": TOKEN_SCHEME},
                                           {"/a": {"get": operation("a")}}))
    assert package.security.default == (("key",), ())


def test_no_scheme_no_keyword(tmp_path: Path) -> None:
    package = build(tmp_path, spec({"/a": {"get": operation("a", security=[{"ghost": []}])}}))
    assert package.security == ir.SecurityIR((), ((),), None)
    assert op(package, "a").security is None


def test_keywords_are_unique_and_clear_of_client_arguments(tmp_path: Path) -> None:
    schemes = {name: {"type": "http", "scheme": "bearer"}
               for name in ("base_url", "baseURL", "headers", "class", "Token Auth",
                            "token-auth")}
    found = schemes_of(build(tmp_path, with_schemes(schemes, {"/a": {"get": operation("a")}})))
    # Numbered in the order of the scheme names (their order in the spec changes none).
    assert {key: scheme.keyword for key, scheme in found.items()} == {
        "Token Auth": "token_auth", "baseURL": "base_url_", "base_url": "base_url_2",
        "class": "class_", "headers": "headers_", "token-auth": "token_auth_2"}


def test_a_client_credentials_flow_keeps_its_token_url(tmp_path: Path) -> None:
    """Only an oauth2 scheme's clientCredentials flow with a tokenUrl gives one (kept
    as written: a relative one is resolved by the client against its server URL);
    authorizationCode, password and openIdConnect take a token or a provider only."""
    schemes = {
        "relative": {"type": "oauth2", "flows": {
            "authorizationCode": {"authorizationUrl": "/o/authorize/", "tokenUrl": "/o/code/",
                                  "scopes": {}},
            "clientCredentials": {"tokenUrl": "/o/token/", "scopes": {"read": "Read"}}}},
        "absolute": {"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "https://auth.test/token", "scopes": {}}}},
        "code": {"type": "oauth2", "flows": {"authorizationCode": {
            "authorizationUrl": "https://auth.test/a", "tokenUrl": "https://auth.test/t",
            "scopes": {}}}},
        "password": {"type": "oauth2", "flows": {"password": {
            "tokenUrl": "https://auth.test/t", "scopes": {}}}},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://auth.test/.wk"},
        "jwt": {"type": "http", "scheme": "bearer"},
    }
    found = schemes_of(build(tmp_path, with_schemes(schemes, {"/a": {"get": operation("a")}})))
    assert {key: (scheme.token_url, scheme.takes_provider) for key, scheme in found.items()} == {
        "relative": ("/o/token/", True), "absolute": ("https://auth.test/token", True),
        "code": (None, True), "password": (None, True), "oidc": (None, True),
        "jwt": (None, False)}
