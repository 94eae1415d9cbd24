"""OAuth2 access tokens the client obtains itself: the client credentials grant (RFC
6749 §4.4) against the scheme's `tokenUrl`, and token providers (a function of the
caller's, for every other flow).

A `TokenSource` keeps its token until shortly before it expires (`expires_in`, less
a margin), fetches one token for any number of concurrent calls (a lock for threads,
another for asyncio tasks), and forgets a token the API refused. No token, client
secret or token response appears in a repr, a log line, an error or a pickle.
httpx is not imported here: `token_flow.py` sends (docs/decisions.md, "OAuth2").
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Final, Literal, NoReturn, TypeAlias
from urllib.parse import quote_plus, urljoin

from .errors import TokenError

if TYPE_CHECKING:
    import asyncio

TokenProvider: TypeAlias = Callable[[], str]
"""A function that returns a current access token (the sync client's)."""
AsyncTokenProvider: TypeAlias = Callable[[], str | Awaitable[str]]
"""A function, or a coroutine function, that returns a current access token."""
AuthMethod: TypeAlias = Literal["client_secret_basic", "client_secret_post"]

CLOCK: Callable[[], float] = time.monotonic
"""What a token's age is measured with (tests replace it)."""
LONGEST_MARGIN: Final = 30.0
"""A token is renewed this many seconds before it expires, or a tenth of its lifetime
before when that is shorter (a token of 60 s is renewed after 54 s)."""


class ClientCredentials:
    """An OAuth2 client's id and secret, exchanged for access tokens at the scheme's
    `tokenUrl` (the client credentials grant, RFC 6749 §4.4).

    `scopes`: the scopes to ask for (none: the server's default scope).
    `auth_method`: how the client authenticates to the token endpoint:
    `"client_secret_basic"` (HTTP basic, RFC 6749 §2.3.1, which every server must
    accept) or `"client_secret_post"` (`client_id` and `client_secret` in the form).
    `params`: more fields of the token request (`audience`, `resource`).
    The repr shows the client id, never the secret; pickling is refused.
    """

    __slots__ = ("_client_secret", "auth_method", "client_id", "params", "scopes")

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        scopes: Iterable[str] = (),
        *,
        auth_method: AuthMethod = "client_secret_basic",
        params: Mapping[str, str] | None = None,
    ) -> None:
        if not isinstance(client_id, str) or not isinstance(client_secret, str):
            raise TypeError(
                "ClientCredentials takes a client_id and client_secret of str"
            )
        if isinstance(scopes, str):
            raise TypeError("scopes takes a list of scopes, not one str")
        if auth_method not in ("client_secret_basic", "client_secret_post"):
            raise ValueError(
                "auth_method must be 'client_secret_basic' or 'client_secret_post', "
                f"not {auth_method!r}"
            )
        self.client_id: Final = client_id
        self._client_secret: Final = client_secret
        self.scopes: Final = tuple(scopes)
        self.auth_method: Final = auth_method
        self.params: Final = dict(params or {})

    def __repr__(self) -> str:
        return (
            f"ClientCredentials(client_id={self.client_id!r}, client_secret=<secret>, "
            f"scopes={self.scopes!r}, auth_method={self.auth_method!r})"
        )

    def __reduce__(self) -> NoReturn:
        raise TypeError("client credentials are not pickled")


class TokenSource:
    """The access tokens of one client's `ClientCredentials`: the one held, until
    when, and what to send to the token endpoint for another."""

    __slots__ = (
        "_async_lock",
        "_credentials",
        "_expires",
        "_token",
        "keyword",
        "lock",
        "url",
    )

    def __init__(
        self,
        keyword: str,
        credentials: ClientCredentials,
        token_url: str,
        base_url: str,
    ) -> None:
        self.keyword = keyword
        self._credentials = credentials
        # A relative tokenUrl is relative to the server's URL (RFC 3986 resolution).
        self.url = urljoin(base_url, token_url) if base_url else token_url
        self._token: str | None = None
        self._expires = 0.0
        self.lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None

    @property
    def async_lock(self) -> asyncio.Lock:
        if self._async_lock is None:
            import asyncio

            self._async_lock = asyncio.Lock()
        return self._async_lock

    @staticmethod
    def now() -> float:
        return CLOCK()  # read each time: tests replace it

    def fresh(self) -> str | None:
        """The token held, unless it is due for renewal (or there is none)."""
        if self._token is not None and CLOCK() < self._expires:
            return self._token
        return None

    def refused(self, token: str) -> None:
        """The API answered 401 to `token`: fetch another next time (unless another
        call already has)."""
        if self._token == token:
            self._token = None

    def request(self) -> tuple[dict[str, str], dict[str, str]]:
        """The headers and form of a token request (RFC 6749 §4.4.2)."""
        credentials = self._credentials
        form = {**credentials.params, "grant_type": "client_credentials"}
        if credentials.scopes:
            form["scope"] = " ".join(credentials.scopes)
        headers = {"Accept": "application/json"}
        if credentials.auth_method == "client_secret_basic":
            # RFC 6749 §2.3.1: each part form-encoded before the base64 of `id:secret`.
            pair = f"{quote_plus(credentials.client_id)}:"
            pair += quote_plus(credentials._client_secret)
            headers["Authorization"] = (
                f"Basic {base64.b64encode(pair.encode()).decode()}"
            )
        else:
            form["client_id"] = credentials.client_id
            form["client_secret"] = credentials._client_secret
        return headers, form

    def store(self, status: int, content: bytes, started: float) -> str:
        """The token of the endpoint's answer, held until shortly before it expires
        (`started`: when the request left); TokenError when there is none."""
        import json

        try:
            data = json.loads(content) if content else None
        except ValueError:
            data = None
        answer = data if isinstance(data, dict) else {}
        if not 200 <= status < 300:
            error = _text(answer.get("error"))
            description = self._scrubbed(_text(answer.get("error_description")))
            reason = f"HTTP {status}" + (f" {self._scrubbed(error)}" if error else "")
            reason += f" ({description})" if description else ""
            raise TokenError(self.url, reason, status, error, description)
        token = answer.get("access_token")
        if not isinstance(token, str) or not token:
            raise TokenError(
                self.url, f"the HTTP {status} answer holds no access_token"
            )
        kind = answer.get("token_type", "Bearer")
        if not isinstance(kind, str) or kind.lower() != "bearer":
            raise TokenError(
                self.url,
                f"the token_type is {self._scrubbed(str(kind))[:40]!r}: this client "
                "sends bearer tokens only",
            )
        lifetime = _seconds(answer.get("expires_in"))
        if lifetime is None:  # no expiry given: kept until the API refuses it
            self._expires = float("inf")
        else:
            self._expires = started + lifetime - min(LONGEST_MARGIN, lifetime / 10)
        self._token = token
        return token

    def _scrubbed(self, text: str) -> str:
        """An endpoint's text, cut short, with the secret masked should it echo it."""
        secret = self._credentials._client_secret
        text = text.replace(secret, "<secret>") if secret else text
        return text if len(text) <= 200 else text[:200] + "..."

    def __repr__(self) -> str:
        return f"<access tokens of {self.keyword}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError("a credential is not pickled")


class ProviderToken:
    """A token provider of the caller's: asked for the token before every request,
    and once more after a 401."""

    __slots__ = ("_asynchronous", "_provider", "keyword")

    def __init__(
        self, keyword: str, provider: Callable[[], object], asynchronous: bool
    ) -> None:
        if not asynchronous and _is_coroutine_function(provider):
            raise TypeError(
                f"{keyword}: an async token provider needs the AsyncClient (the sync "
                "Client takes a function that returns the token)"
            )
        self.keyword = keyword
        self._provider = provider
        self._asynchronous = asynchronous

    def token(self) -> str:
        """The provider's token, from the sync client."""
        result = self._provider()
        if not isinstance(result, str) and isinstance(result, Awaitable):
            close = getattr(result, "close", None)
            if close is not None:
                close()  # a coroutine never awaited would warn
            raise TypeError(
                f"{self.keyword}: the token provider returned an awaitable; an async "
                "token provider needs the AsyncClient"
            )
        return self._checked(result)

    async def async_token(self) -> str:
        """The provider's token, from the async client (awaited when it must be)."""
        result = self._provider()
        if not isinstance(result, str) and isinstance(result, Awaitable):
            result = await result
        return self._checked(result)

    def _checked(self, result: object) -> str:
        if not isinstance(result, str) or not result:
            raise TypeError(
                f"{self.keyword}: the token provider must return a non-empty str, "
                f"not {type(result).__name__}"
            )
        return result

    def refused(self, token: str) -> None:
        """Nothing held: the provider is asked again."""

    def __repr__(self) -> str:
        return f"<token provider of {self.keyword}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError("a credential is not pickled")


Renewing: TypeAlias = TokenSource | ProviderToken
"""A credential whose token is obtained when a request is sent."""


def _is_coroutine_function(provider: object) -> bool:
    import inspect

    return inspect.iscoroutinefunction(provider) or inspect.iscoroutinefunction(
        getattr(provider, "__call__", None)  # noqa: B004 (a class with async __call__)
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _seconds(value: object) -> float | None:
    """`expires_in` (a number, or the text of one as some servers send it)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else 0.0
    if isinstance(value, str):
        try:
            return max(float(value), 0.0)
        except ValueError:
            return None
    return None
