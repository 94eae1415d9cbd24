"""Sending a call: the request it describes, the credentials, httpx, and the answer.

httpx is imported when a client is made, not with the package: it is slow to import.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, Self, TypeVar
from urllib.parse import quote

from .decoding import RAW_BYTES, Codec, Issues, outside_level
from .drift import settle
from .encoding import Body, encode_body, query_params, text_value
from .errors import (
    ApiError,
    DecodeError,
    EncodingError,
    ResponseDecodeError,
    ResponseDriftWarning,
    TransportError,
)
from .forms import FORMS, drf_body, drf_json_body
from .json_text import loads, to_json_value
from .options import RequestOptions, checked_options
from .values import UNSET, Issue, Response

FormStyle = Literal["drf", "openapi"]
"""How form and multipart bodies spell nested data: as Django REST framework reads it
(`lines[0]amount=...`, `forms.py`), or by OpenAPI's Encoding Object defaults (objects
as JSON text, arrays as repeated keys)."""

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
    options: RequestOptions | None = None
    """Per-call settings (`RequestOptions`); those given to `_send` override these."""


def _lookup(table: Mapping[str, T], status: int) -> tuple[bool, T | None]:
    for key in (str(status), f"{status // 100}XX", "default"):
        if key in table:
            return True, table[key]
    return False, None


def _decode_body(call: Call[Any], codec: Codec | None, raw: Response[None]) -> Any:
    """The body decoded strictly (ApiError bodies): DecodeError when it does not fit."""
    return _success(call, codec, raw, lenient=False).parsed


def _success(
    call: Call[Any], codec: Codec | None, raw: Response[None], *, lenient: bool
) -> Response[Any]:
    """A success response decoded; when it does not fit: ResponseDecodeError with the
    partial result, or (lenient) the partial result with its issues and a warning."""
    if codec is None:
        return raw
    if codec is RAW_BYTES:
        return Response(raw.status_code, raw.headers, raw.content, raw.content)
    try:
        data = loads(raw.content) if raw.content else None
    except ValueError as error:
        issue = Issue("$", f"not valid JSON ({error})")
        raise ResponseDecodeError(call.operation, raw, [issue]) from None
    issues: Issues = []
    result = codec.decode(data, "$", None, issues)
    if not issues:
        return Response(raw.status_code, raw.headers, raw.content, result)
    partial = settle(result, issues)
    if not lenient or partial is None:
        raise ResponseDecodeError(call.operation, raw, issues, partial)
    count = len(issues)
    warnings.warn(
        f"{call.operation}: the {raw.status_code} response does not fit its schema "
        f"({count} {'issue' if count == 1 else 'issues'}); returned as far as it "
        "decodes, the rest left UNSET (drift_of(result) lists the issues)",
        ResponseDriftWarning,
        stacklevel=outside_level(),
    )
    return Response(raw.status_code, raw.headers, raw.content, partial, tuple(issues))


def _undocumented_success(
    call: Call[Any], raw: Response[None], *, lenient: bool
) -> Response[Any]:
    """A 2xx status the operation does not list (201 where 200 is documented): still a
    success, read with the operation's documented success schemas
    (docs/parsing-policy.md, "A success status the spec does not list")."""
    codecs: list[Codec | None] = []
    for codec in (call.responses or {}).values():
        if codec not in codecs:
            codecs.append(codec)
    bodies = [codec for codec in codecs if codec is not None]
    if not bodies or (not raw.content and None in codecs):
        return raw  # no body documented (or none sent where one may be absent)
    if len(bodies) > 1:  # several: the first that fits
        for codec in bodies:
            try:
                return _success(call, codec, raw, lenient=False)
            except ResponseDecodeError:
                continue
    return _success(call, bodies[0], raw, lenient=lenient)


def interpret(
    call: Call[Any], http_response: httpx.Response, *, lenient: bool = False
) -> Response[Any]:
    """Turn an HTTP response into a parsed Response, or raise ApiError."""
    raw: Response[None] = Response(
        http_response.status_code, http_response.headers, http_response.content, None
    )
    status = http_response.status_code
    if 200 <= status < 300:
        found, codec = _lookup(call.responses or {}, status)
        if found:
            return _success(call, codec, raw, lenient=lenient)
        return _undocumented_success(call, raw, lenient=lenient)
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
        *,
        lenient: bool = False,
        form_style: FormStyle = "openapi",
    ) -> None:
        if form_style not in ("drf", "openapi"):
            raise ValueError(
                f"form_style must be 'drf' or 'openapi', not {form_style!r}"
            )
        self._secret = _Secret(token) if token is not None else None
        self._base_url = base_url.rstrip("/")
        self._auth = auth
        self._headers = dict(headers or {})
        self._lenient = lenient
        self._form_style = form_style

    def _lenient_for(self, call: Call[Any], options: RequestOptions | None) -> bool:
        settings = checked_options(call.operation, call.options, options)
        lenient: bool = settings.get("lenient", self._lenient)
        return lenient

    @property
    def base_url(self) -> str:
        return self._base_url

    def __repr__(self) -> str:
        token = "set" if self._secret is not None else "none"
        return f"{type(self).__name__}(base_url={self._base_url!r}, token={token})"

    def _build(self, call: Call[Any]) -> httpx.Request:
        try:
            return self._request(call)
        except EncodingError as error:  # refused before sending: say which call
            raise error.placed(operation=call.operation) from None

    def _body(self, call: Call[Any]) -> Body | None:
        if call.body is UNSET:
            return None
        if self._form_style == "drf":
            if call.content_type in FORMS:
                return drf_body(call.body, call.content_type)
            if _is_json(call.content_type):
                return drf_json_body(call.body, call.content_type)
        return encode_body(to_json_value(call.body), call.content_type)

    def _request(self, call: Call[Any]) -> httpx.Request:
        import httpx

        headers = dict(self._headers)
        for name, value in call.headers:
            if value is not UNSET and value is not None:
                headers[name] = _parameter(value, "header", name)
        cookies = [
            f"{name}={quote(_parameter(value, 'cookie', name), safe='')}"
            for name, value in call.cookies
            if value is not UNSET and value is not None
        ]
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        body = self._body(call)
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


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def _parameter(value: object, kind: str, name: str) -> str:
    try:
        return text_value(value)
    except EncodingError as error:
        raise error.placed(f"{kind} {name}") from None


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
        lenient: bool = False,
        form_style: FormStyle = "openapi",
    ) -> None:
        super().__init__(
            token, base_url, auth, headers, lenient=lenient, form_style=form_style
        )
        import httpx

        self._owns_http = http_client is None
        self._http = (
            http_client if http_client is not None else httpx.Client(timeout=timeout)
        )

    def send(
        self, call: Call[Any], options: RequestOptions | None = None
    ) -> Response[Any]:
        """Send a call; `options` (RequestOptions) override the client's settings."""
        import httpx

        assert isinstance(self._http, httpx.Client)
        lenient = self._lenient_for(call, options)
        request = self._build(call)
        try:
            http_response = self._http.send(request)
        except httpx.HTTPError as error:
            failure = _transport_failure(call, error)
        else:
            return interpret(call, http_response, lenient=lenient)
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
        lenient: bool = False,
        form_style: FormStyle = "openapi",
    ) -> None:
        super().__init__(
            token, base_url, auth, headers, lenient=lenient, form_style=form_style
        )
        import httpx

        self._owns_http = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.AsyncClient(timeout=timeout)
        )

    async def send(
        self, call: Call[Any], options: RequestOptions | None = None
    ) -> Response[Any]:
        """Send a call; `options` (RequestOptions) override the client's settings."""
        import httpx

        assert isinstance(self._http, httpx.AsyncClient)
        lenient = self._lenient_for(call, options)
        request = self._build(call)
        try:
            http_response = await self._http.send(request)
        except httpx.HTTPError as error:
            failure = _transport_failure(call, error)
        else:
            return interpret(call, http_response, lenient=lenient)
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
