"""Credentials: the schemes of the API, which of an operation's alternatives the client
can meet, and how each scheme puts its credential on a request.

An operation lists its security alternatives (OpenAPI's requirement objects, each a
tuple of the client keywords whose credentials go together). The client sends the
first alternative it holds every credential of, all of that alternative's schemes
together; an empty alternative (anonymous access) only when no other fits; and when
none fits, raises `MissingCredentialError` before anything is sent.

A credential is held as a `_Secret`, which no repr, str or pickle shows. A scheme
reads it with `reveal()` when the request is built. A bearer token obtained when
the request is sent (OAuth2 `ClientCredentials`, a token provider: `oauth.py`) is
held as a `Renewing` holder instead, and put on the request (`Authorization:
Bearer`) by the httpx auth flow of `flow()` (`token_flow.py`).
"""

from __future__ import annotations

import base64
import string
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Final, Literal, NoReturn, TypeAlias
from urllib.parse import quote

from .errors import MissingCredentialError
from .oauth import ClientCredentials, ProviderToken, Renewing, TokenSource

if TYPE_CHECKING:
    import httpx

SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
"""The methods Django's CsrfViewMiddleware lets through without the CSRF pair."""
CSRF_COOKIE: Final = "csrftoken"
CSRF_HEADER: Final = "X-CSRFToken"
_CSRF_CHARS: Final = string.ascii_letters + string.digits
_CSRF_LENGTH: Final = 32
"""Django accepts a secret of 32 (or a masked token of 64) letters and digits."""


class _Secret:
    """Holds a credential (a token, or a user and password); never shows it in a
    repr, str, traceback variable dump or pickle."""

    __slots__ = ("_value",)

    def __init__(self, value: str | tuple[str, str]) -> None:
        self._value = value

    def reveal(self) -> str | tuple[str, str]:
        return self._value

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("a credential is not pickled")


def _text(secret: _Secret) -> str:
    value = secret.reveal()
    assert isinstance(value, str)
    return value


def _add_cookie(request: httpx.Request, name: str, value: str) -> None:
    cookie = f"{name}={quote(value, safe='')}"
    others = request.headers.get("Cookie")
    request.headers["Cookie"] = f"{others}; {cookie}" if others else cookie


@dataclass(frozen=True, slots=True)
class ApiKeyAuth:
    """A key sent as is (after `prefix` and a space when there is one) in a header, a
    query parameter or a cookie. `csrf`: the cookie is Django's session cookie, and
    unsafe methods also carry Django's CSRF pair (`csrf_pair`)."""

    location: Literal["header", "query", "cookie"]
    name: str
    prefix: str = ""
    csrf: bool = False

    credential: ClassVar[str] = "token"

    def apply(self, secret: _Secret, request: httpx.Request) -> None:
        value = f"{self.prefix} {_text(secret)}" if self.prefix else _text(secret)
        if self.location == "header":
            request.headers[self.name] = value
        elif self.location == "query":
            request.url = request.url.copy_add_param(self.name, value)
        else:
            _add_cookie(request, self.name, value)
            if self.csrf and request.method not in SAFE_METHODS:
                csrf_pair(request)

    @property
    def header(self) -> str | None:
        """The header its credential goes in (None: a query parameter or a cookie)."""
        return self.name.lower() if self.location == "header" else None

    @property
    def secret_headers(self) -> frozenset[str]:
        header = {self.name.lower()} if self.location == "header" else set()
        return frozenset(header | ({CSRF_HEADER.lower()} if self.csrf else set()))


@dataclass(frozen=True, slots=True)
class BasicAuth:
    """HTTP basic: `Authorization: Basic base64(user:password)`."""

    credential: ClassVar[str] = "user_password"

    def apply(self, secret: _Secret, request: httpx.Request) -> None:
        value = secret.reveal()
        assert isinstance(value, tuple)
        user, password = value
        pair = f"{user}:{password}".encode()
        request.headers["Authorization"] = f"Basic {base64.b64encode(pair).decode()}"

    header: ClassVar[str] = "authorization"

    @property
    def secret_headers(self) -> frozenset[str]:
        return frozenset({"authorization"})


@dataclass(frozen=True, slots=True)
class BearerAuth:
    """A bearer token (HTTP bearer, OAuth2, OpenID Connect): `Authorization: Bearer`.
    `oauth2`: an OAuth2 or OpenID Connect scheme, which also takes a token provider;
    `token_url`: its client credentials flow's, which also takes `ClientCredentials`."""

    oauth2: bool = False
    token_url: str = ""

    credential: ClassVar[str] = "token"

    def apply(self, secret: _Secret, request: httpx.Request) -> None:
        request.headers["Authorization"] = f"Bearer {_text(secret)}"

    header: ClassVar[str] = "authorization"

    @property
    def secret_headers(self) -> frozenset[str]:
        return frozenset({"authorization"})


Scheme: TypeAlias = ApiKeyAuth | BasicAuth | BearerAuth
Alternatives: TypeAlias = Sequence[tuple[str, ...]]


def csrf_pair(request: httpx.Request) -> None:
    """Django's CSRF check passed by the client itself: a fresh random secret as the
    `csrftoken` cookie and the same value in `X-CSRFToken`; over HTTPS, a Referer of
    the request's own origin (Django refuses an HTTPS write without Origin or a
    same-host HTTPS Referer)."""
    import secrets  # here: it costs the package's import a few milliseconds (hmac)

    value = "".join(secrets.choice(_CSRF_CHARS) for _ in range(_CSRF_LENGTH))
    _add_cookie(request, CSRF_COOKIE, value)
    request.headers[CSRF_HEADER] = value
    if request.url.scheme == "https" and "Referer" not in request.headers:
        request.headers["Referer"] = f"https://{request.url.netloc.decode('ascii')}/"


@dataclass(frozen=True, slots=True)
class Security:
    """The API's schemes, each under the client keyword that takes its credential;
    `default`: the alternatives of an operation that lists none of its own; `token`:
    the keyword the positional credential fills (the scheme most operations use)."""

    schemes: Mapping[str, Scheme]
    default: Alternatives = ((),)
    token: str | None = None


def held_credential(
    keyword: str,
    scheme: Scheme,
    value: object,
    base_url: str = "",
    asynchronous: bool = False,
) -> _Secret | Renewing:
    """The credential given for a scheme, checked and held: a TypeError names the
    keyword when the value is not of the scheme's kind (never the value itself).
    `base_url`: what a relative tokenUrl is relative to; `asynchronous`: the client
    is an AsyncClient (the only one an async token provider can serve)."""
    if isinstance(scheme, BearerAuth) and scheme.oauth2:
        if isinstance(value, ClientCredentials):
            if not scheme.token_url:
                raise TypeError(
                    f"{keyword} takes no ClientCredentials: its scheme has no client "
                    "credentials flow with a tokenUrl (give a token or a token provider)"
                )
            return TokenSource(keyword, value, scheme.token_url, base_url)
        if callable(value):
            return ProviderToken(keyword, value, asynchronous)
        if not isinstance(value, str):
            kinds = ", ClientCredentials" if scheme.token_url else ""
            raise TypeError(
                f"{keyword} takes a str{kinds} or a token provider (a function that "
                f"returns the token), not {type(value).__name__}"
            )
    if scheme.credential == "user_password":
        if not (
            isinstance(value, tuple)
            and len(value) == 2
            and all(isinstance(part, str) for part in value)
        ):
            raise TypeError(f"{keyword} takes a (user, password) tuple of two str")
        return _Secret((value[0], value[1]))
    if not isinstance(value, str):
        raise TypeError(f"{keyword} takes a str, not {type(value).__name__}")
    return _Secret(value)


class Credentials:
    """The credentials a client holds, by keyword, and their application to each
    request. Shows which keywords are set, never a value."""

    __slots__ = ("_held", "_security")

    def __init__(
        self,
        security: Security | Scheme | None,
        token: object = None,
        given: Mapping[str, object] | None = None,
        *,
        base_url: str = "",
        asynchronous: bool = False,
    ) -> None:
        if security is not None and not isinstance(security, Security):
            # One scheme the positional token fills (clients generated before the
            # schemes were listed by keyword, and tests).
            security = Security({"token": security}, (("token",),), "token")
        self._security = security or Security({})
        self._held: dict[str, _Secret | Renewing] = {}
        given = {k: v for k, v in (given or {}).items() if v is not None}
        schemes = self._security.schemes
        if token is not None:
            keyword = self._security.token
            if keyword is None:
                raise TypeError(
                    "this API declares no security scheme: the client takes no token"
                )
            if keyword in given:
                raise TypeError(
                    f"the token was given twice: positionally and as {keyword}="
                )
            given[keyword] = token
        for keyword, value in given.items():
            scheme = schemes.get(keyword)
            if scheme is None:
                raise TypeError(f"this API declares no security scheme {keyword!r}")
            self._held[keyword] = held_credential(
                keyword, scheme, value, base_url, asynchronous
            )

    @property
    def held(self) -> tuple[str, ...]:
        """The keywords whose credentials are set, in the order of the schemes."""
        return tuple(k for k in self._security.schemes if k in self._held)

    @property
    def secret_headers(self) -> frozenset[str]:
        """The headers any scheme of the API puts a credential in."""
        names: set[str] = set()
        for scheme in self._security.schemes.values():
            names |= scheme.secret_headers
        return frozenset(names)

    @property
    def query_names(self) -> tuple[str, ...]:
        """The query parameters any scheme of the API puts a credential in."""
        return tuple(
            scheme.name
            for scheme in self._security.schemes.values()
            if isinstance(scheme, ApiKeyAuth) and scheme.location == "query"
        )

    def chosen(
        self,
        operation: str,
        alternatives: Alternatives | None,
        own_headers: Collection[str] = (),
        own_auth: bool = False,
    ) -> tuple[str, ...]:
        """The first alternative whose every credential is held; the anonymous one
        (no scheme) only when none other fits; else MissingCredentialError.

        A scheme whose header the caller sets (`own_headers`, lower case: the
        client's `headers=` or a call's `extra_headers`) counts as held, and is left
        to the caller; with `own_auth` (the caller's httpx client has its own `auth`)
        a call none fits goes without credentials of ours instead of failing."""
        listed = self._security.default if alternatives is None else alternatives
        if not listed:
            return ()
        for alternative in listed:
            if alternative and all(
                keyword in self._held
                or self._security.schemes[keyword].header in own_headers
                for keyword in alternative
            ):
                return alternative
        if () in listed or own_auth:
            return ()
        raise MissingCredentialError(operation, listed, self._security.token)

    def apply(self, alternative: tuple[str, ...], request: httpx.Request) -> None:
        """Put the held credentials of an alternative (`chosen`) on the request; those
        obtained when it is sent are put on by `flow`."""
        for keyword in alternative:
            secret = self._held.get(keyword)
            if isinstance(secret, _Secret):
                self._security.schemes[keyword].apply(secret, request)

    def flow(
        self,
        alternative: tuple[str, ...],
        repeatable: bool,
        http: httpx.Client | httpx.AsyncClient,
    ) -> httpx.Auth | None:
        """The httpx auth flow that puts the alternative's obtained tokens on its
        request (sent again after a 401 only when `repeatable`); None: it has none."""
        held = [
            holder
            for holder in map(self._held.get, alternative)
            if isinstance(holder, (TokenSource, ProviderToken))
        ]
        if not held:
            return None
        from .token_flow import TokenFlow  # imports httpx: only for such a credential

        return TokenFlow(held, repeatable, http)

    def __repr__(self) -> str:
        return f"<credentials: {', '.join(self.held) or 'none'}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError("credentials are not pickled")
