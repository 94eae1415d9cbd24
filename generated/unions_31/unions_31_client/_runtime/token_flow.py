"""Putting an obtained token on a request, as an httpx auth flow: the token fetched
(or asked of the provider) before the request goes, renewed once when the API
answers 401, and the request sent again then only when it may be (`repeatable`:
the retry rules of `retries.py`).

Imported only by a client that holds such a credential (it imports httpx).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator, Sequence

import httpx

from .oauth import ProviderToken, Renewing, TokenSource
from .retries import logger


class TokenFlow(httpx.Auth):
    """The tokens of one call's renewing credentials, on its request (each a bearer
    token: `Authorization: Bearer`)."""

    def __init__(
        self,
        held: Sequence[Renewing],
        repeatable: bool,
        http: httpx.Client | httpx.AsyncClient,
    ) -> None:
        self._held = held
        self._repeatable = repeatable
        self._http = http

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        tokens = [_token(holder, self._sync_http) for holder in self._held]
        self._put(request, tokens)
        response = yield request
        if response.status_code != 401:
            return
        self._refused(tokens)
        if not self._repeatable:
            return
        renewed = [_token(holder, self._sync_http) for holder in self._held]
        if renewed != tokens:
            self._put(request, renewed)
            yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        tokens = [await _async_token(holder, self._async_http) for holder in self._held]
        self._put(request, tokens)
        response = yield request
        if response.status_code != 401:
            return
        self._refused(tokens)
        if not self._repeatable:
            return
        renewed = [
            await _async_token(holder, self._async_http) for holder in self._held
        ]
        if renewed != tokens:
            self._put(request, renewed)
            yield request

    @property
    def _sync_http(self) -> httpx.Client:
        assert isinstance(self._http, httpx.Client)
        return self._http

    @property
    def _async_http(self) -> httpx.AsyncClient:
        assert isinstance(self._http, httpx.AsyncClient)
        return self._http

    def _put(self, request: httpx.Request, tokens: list[str]) -> None:
        for token in tokens:  # several only in theory: the last one goes
            request.headers["Authorization"] = f"Bearer {token}"

    def _refused(self, tokens: list[str]) -> None:
        for holder, token in zip(self._held, tokens, strict=True):
            holder.refused(token)


def _token(holder: Renewing, http: httpx.Client) -> str:
    """The holder's token; one fetch at a time (the others wait, then take it)."""
    if isinstance(holder, ProviderToken):
        return holder.token()
    token = holder.fresh()
    if token is None:
        with holder.lock:
            token = holder.fresh()
            if token is None:
                started = holder.now()
                response = http.send(_token_request(holder, http), auth=None)
                token = _stored(holder, response, started)
    return token


async def _async_token(holder: Renewing, http: httpx.AsyncClient) -> str:
    if isinstance(holder, ProviderToken):
        return await holder.async_token()
    token = holder.fresh()
    if token is None:
        async with holder.async_lock:
            token = holder.fresh()
            if token is None:
                started = holder.now()
                response = await http.send(_token_request(holder, http), auth=None)
                token = _stored(holder, response, started)
    return token


def _token_request(
    holder: TokenSource, http: httpx.Client | httpx.AsyncClient
) -> httpx.Request:
    headers, form = holder.request()
    return http.build_request("POST", holder.url, headers=headers, data=form)


def _stored(holder: TokenSource, response: httpx.Response, started: float) -> str:
    """The token of the endpoint's answer (already read: `send` does not stream)."""
    logger().debug(
        "%s: token request to %s -> %d",
        holder.keyword,
        response.request.url.copy_with(query=None),
        response.status_code,
    )
    return holder.store(response.status_code, response.content, started)
