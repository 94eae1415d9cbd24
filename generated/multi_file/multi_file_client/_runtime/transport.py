"""Sending a call: the request it describes, the credentials, httpx, and the answer.

httpx is imported when a client is made, not with the package: it is slow to import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypeVar
from urllib.parse import quote

from .decoding import RAW_BYTES, Codec, Issues
from .encoding import encode_body, query_params, text_value
from .errors import ApiError, DecodeError, Issue, ResponseDecodeError, TransportError
from .json_text import loads, to_json_value
from .values import UNSET, Response

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class _Secret:
    """Holds a credential; never shows it in a repr, str or traceback variable dump."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class ApiKeyAuth:
    """How the API wants its key: where (header, query or cookie), under which name."""

    location: Literal["header", "query", "cookie"]
    name: str
    prefix: str = ""

    def apply(self, secret: _Secret, request: httpx.Request) -> None:
        value = f"{self.prefix} {secret.reveal()}" if self.prefix else secret.reveal()
        if self.location == "header":
            request.headers[self.name] = value
        elif self.location == "query":
            request.url = request.url.copy_add_param(self.name, value)
        else:
            cookie = f"{self.name}={quote(value, safe='')}"
            others = request.headers.get("Cookie")
            request.headers["Cookie"] = f"{others}; {cookie}" if others else cookie


@dataclass(slots=True)
class Call(Generic[T_co]):
    """One request, ready to send, and how to read its responses.

    `T_co` is the type of the parsed success body: `group._send(call)` returns it. Not
    frozen: `Call[None](...)` sets `__orig_class__`, which a slotted class refuses with
    the AttributeError that typing expects (a frozen one raises a TypeError).
    """

    operation: str
    method: str
    path: str
    query: Sequence[tuple[str, object, bool]] = ()
    headers: Sequence[tuple[str, object]] = ()
    cookies: Sequence[tuple[str, object]] = ()
    body: object = UNSET
    """The request body as the caller gave it (a model, a list, bytes...); UNSET: none."""
    content_type: str = "application/json"
    responses: Mapping[str, Codec | None] | None = None
    errors: Mapping[str, Codec | None] | None = None
    secured: bool = True


def _lookup(table: Mapping[str, T], status: int) -> tuple[bool, T | None]:
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in table:
            return True, table[key]
    return False, None


def _decode_body(call: Call[Any], codec: Codec | None, raw: Response[None]) -> Any:
    if codec is None:
        return None
    if codec is RAW_BYTES:
        return raw.content
    try:
        data = loads(raw.content) if raw.content else None
    except ValueError as error:
        issue = Issue("$", f"not valid JSON ({error})")
        raise ResponseDecodeError(call.operation, raw, [issue]) from None
    issues: Issues = []
    result = codec.decode(data, "$", None, issues)
    if issues:
        raise ResponseDecodeError(call.operation, raw, issues)
    return result


def interpret(call: Call[Any], http_response: httpx.Response) -> Response[Any]:
    """Turn an HTTP response into a parsed Response, or raise ApiError."""
    raw: Response[None] = Response(
        http_response.status_code, http_response.headers, http_response.content, None
    )
    status = http_response.status_code
    if 200 <= status < 300:
        found, codec = _lookup(call.responses or {}, status)
        if found:
            parsed = _decode_body(call, codec, raw)
            return Response(status, raw.headers, raw.content, parsed)
    parsed_error: object = None
    found, codec = _lookup(call.errors or {}, status)
    if found and codec is not None:
        try:
            parsed_error = _decode_body(call, codec, raw)
        except DecodeError:
            parsed_error = None  # the raw body is still on the error
    raise ApiError(call.operation, status, raw.headers, raw.content, parsed_error)


class _ClientBase:
    """What the sync and async clients share: configuration and request building."""

    _http: httpx.Client | httpx.AsyncClient

    def __init__(
        self,
        token: str | None,
        base_url: str,
        auth: ApiKeyAuth | None,
        headers: Mapping[str, str] | None,
    ) -> None:
        self._secret = _Secret(token) if token is not None else None
        self._base_url = base_url.rstrip("/")
        self._auth = auth
        self._headers = dict(headers or {})

    @property
    def base_url(self) -> str:
        return self._base_url

    def __repr__(self) -> str:
        token = "set" if self._secret is not None else "none"
        return f"{type(self).__name__}(base_url={self._base_url!r}, token={token})"

    def _build(self, call: Call[Any]) -> httpx.Request:
        import httpx

        headers = dict(self._headers)
        for name, value in call.headers:
            if value is not UNSET and value is not None:
                headers[name] = text_value(value)
        cookies = [
            f"{name}={quote(text_value(value), safe='')}"
            for name, value in call.cookies
            if value is not UNSET and value is not None
        ]
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        body = (
            None
            if call.body is UNSET
            else encode_body(to_json_value(call.body), call.content_type)
        )
        if body is not None:
            headers["Content-Type"] = body.content_type
        request = self._http.build_request(
            call.method,
            self._base_url + call.path,
            params=query_params(call.query),
            # UTF-8, not httpx's ASCII: an enum value the spec allows may be "é".
            headers=httpx.Headers(headers, encoding="utf-8"),
            content=body.content if body is not None else None,
            data=(
                dict_or_pairs(body.form)
                if body is not None and body.form is not None
                else None
            ),
        )
        if call.secured and self._auth is not None and self._secret is not None:
            self._auth.apply(self._secret, request)
        return request


def _transport_failure(call: Call[Any], error: Exception) -> str:
    return f"{call.operation}: {type(error).__name__}: {error}"


def dict_or_pairs(pairs: list[tuple[str, str]]) -> dict[str, str | list[str]]:
    """httpx takes repeated form keys as a list value."""
    grouped: dict[str, str | list[str]] = {}
    for name, value in pairs:
        previous = grouped.get(name)
        if previous is None:
            grouped[name] = value
        elif isinstance(previous, list):
            previous.append(value)
        else:
            grouped[name] = [previous, value]
    return grouped


class SyncClientBase(_ClientBase):
    """Sends calls with an `httpx.Client` (the caller's own, or one made here)."""

    def __init__(
        self,
        token: str | None,
        base_url: str,
        auth: ApiKeyAuth | None,
        *,
        timeout: float | httpx.Timeout | None,
        headers: Mapping[str, str] | None,
        http_client: httpx.Client | None,
    ) -> None:
        super().__init__(token, base_url, auth, headers)
        import httpx

        self._owns_http = http_client is None
        self._http = (
            http_client if http_client is not None else httpx.Client(timeout=timeout)
        )

    def send(self, call: Call[Any]) -> Response[Any]:
        import httpx

        assert isinstance(self._http, httpx.Client)
        request = self._build(call)
        try:
            http_response = self._http.send(request)
        except httpx.HTTPError as error:
            failure = _transport_failure(call, error)
        else:
            return interpret(call, http_response)
        # Raised outside the handler: the httpx error, whose request holds the
        # credentials, must not ride along as the context.
        raise TransportError(failure)

    def close(self) -> None:
        import httpx

        if self._owns_http:
            assert isinstance(self._http, httpx.Client)
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClientBase(_ClientBase):
    """Sends calls with an `httpx.AsyncClient` (the caller's own, or one made here)."""

    def __init__(
        self,
        token: str | None,
        base_url: str,
        auth: ApiKeyAuth | None,
        *,
        timeout: float | httpx.Timeout | None,
        headers: Mapping[str, str] | None,
        http_client: httpx.AsyncClient | None,
    ) -> None:
        super().__init__(token, base_url, auth, headers)
        import httpx

        self._owns_http = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.AsyncClient(timeout=timeout)
        )

    async def send(self, call: Call[Any]) -> Response[Any]:
        import httpx

        assert isinstance(self._http, httpx.AsyncClient)
        request = self._build(call)
        try:
            http_response = await self._http.send(request)
        except httpx.HTTPError as error:
            failure = _transport_failure(call, error)
        else:
            return interpret(call, http_response)
        raise TransportError(failure)

    async def aclose(self) -> None:
        import httpx

        if self._owns_http:
            assert isinstance(self._http, httpx.AsyncClient)
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
