"""Sending a call: the request it describes, httpx, and the answer.

httpx is imported when a client is made, not with the package: it is slow to import.
"""

from __future__ import annotations

import re
import sys
import time
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, Self, TypeVar
from urllib.parse import quote

from .auth import Alternatives, Credentials, Scheme, Security
from .decoding import (
    RAW_BYTES,
    Codec,
    Issues,
    by_status,
    decode_payload,
    outside_level,
)
from .drift import settle
from .encoding import Body, encode_body, query_params, text_value
from .errors import (
    ApiError,
    ClientError,
    DecodeError,
    EncodingError,
    ResponseDecodeError,
    ResponseDriftWarning,
    error_class,
)
from .field_errors import drf_field_errors
from .files import BLOCKING_READS
from .forms import FORMS, drf_body, drf_json_body
from .json_text import SENDING_ZONE, loads, to_json_value
from .models import SENDING
from .options import RequestOptions, checked_options
from .retries import PACKAGE, Attempts, logger
from .streams import StreamCodec, send_stream, send_stream_async, streams
from .values import SECRET_HEADERS, UNSET, Issue, Response, Unset, redacted

FormStyle = Literal["drf", "openapi"]
"""How form and multipart bodies spell nested data: as Django REST framework reads it
(`lines[0]amount=...`, `forms.py`), or by OpenAPI's Encoding Object defaults (objects
as JSON text, arrays as repeated keys)."""

if TYPE_CHECKING:
    import datetime

    import httpx

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


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
    query: Sequence[tuple[str, object, bool] | tuple[str, object, bool, str]] = ()
    headers: Sequence[tuple[str, object]] = ()
    cookies: Sequence[tuple[str, object]] = ()
    body: object = UNSET
    """The request body as the caller gave it (a model, a list, bytes...); UNSET: none."""
    content_type: str = "application/json"
    responses: Mapping[str, Codec | StreamCodec | OrBytes | None] | None = None
    events: Mapping[str, Codec] | None = None
    """The codec of an event's `data`, by success status, where that success may be
    answered as `text/event-stream` instead (OpenAI's `stream: true`): read through
    `with_streaming_response` and `iter_events()` (streams.py)."""
    errors: Mapping[str, Codec | None] | None = None
    security: Alternatives | None = None
    """The security alternatives, each a tuple of client keywords (an empty one:
    anonymous access); None: the API's usual ones (`Security.default`)."""
    options: RequestOptions | None = None
    """Per-call settings (`RequestOptions`); those given to `_send` override these."""
    deprecated: tuple[str, ...] = ()
    """The JSON names of the deprecated parameters: each one given warns."""
    deep_object: tuple[str, ...] = ()
    """The JSON names of the form body's properties of `style: deepObject`
    (`metadata[key]=v`, `items[0][price]=x`); a JSON body ignores them."""
    json_parts: tuple[str, ...] = ()
    """The JSON names of the multipart body's properties sent as a part of JSON text
    (the spec's `contentType: application/json` for them); other bodies ignore them."""
    url: str | None = None
    """A link the server gave (a page's `next`, checked by `pagination.py`): requested
    as it is, instead of `path` and `query`."""


class OrBytes(NamedTuple):
    """A JSON success that the spec also lets the server answer in a media type read
    as bytes (OpenAI's skill zip beside a JSON string): `codec` reads the JSON."""

    codec: Codec


def or_bytes(codec: Codec) -> OrBytes:
    """`OrBytes`: the body decoded when the answer's Content-Type is JSON, else kept
    as bytes."""
    return OrBytes(codec)


_JSON_MEDIA = re.compile(r"application/(?:[^;]+\+)?json\s*(?:;|$)", re.IGNORECASE)


def _whole(
    codec: Codec | StreamCodec | OrBytes | None, content_type: str = ""
) -> Codec | None:
    """The codec of a body read whole: a stream's (streams.py) is kept as bytes, and so
    is an `OrBytes` answered in a Content-Type that is not JSON."""
    if isinstance(codec, StreamCodec):
        return RAW_BYTES
    if isinstance(codec, OrBytes):
        return codec.codec if _JSON_MEDIA.match(content_type.strip()) else RAW_BYTES
    return codec


def _decode_body(
    call: Call[Any],
    codec: Codec | None,
    raw: Response[None],
    zone: datetime.tzinfo | None,
) -> Any:
    """The body decoded strictly (ApiError bodies): DecodeError when it does not fit."""
    return _success(call, codec, raw, lenient=False, zone=zone).parsed


def _success(
    call: Call[Any],
    codec: Codec | None,
    raw: Response[None],
    *,
    lenient: bool,
    zone: datetime.tzinfo | None = None,
) -> Response[Any]:
    """A success response decoded; when it does not fit: ResponseDecodeError with the
    partial result, or (lenient) the partial result with its issues and a warning.
    `zone`: the server's `server_timezone`, for date-times without an offset."""
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
    result = decode_payload(codec, data, issues, zone)
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
    call: Call[Any], raw: Response[None], *, lenient: bool, zone: datetime.tzinfo | None
) -> Response[Any]:
    """A 2xx status the operation does not list (201 where 200 is documented): still a
    success, read with the operation's documented success schemas
    (docs/parsing-policy.md, "A success status the spec does not list")."""
    codecs: list[Codec | None] = []
    for each in (call.responses or {}).values():
        codec = _whole(each, raw.headers.get("content-type", ""))
        if codec not in codecs:
            codecs.append(codec)
    bodies = [codec for codec in codecs if codec is not None]
    if not bodies or (not raw.content and None in codecs):
        return raw  # no body documented (or none sent where one may be absent)
    if len(bodies) > 1:  # several: the first that fits
        for codec in bodies:
            try:
                return _success(call, codec, raw, lenient=False, zone=zone)
            except ResponseDecodeError:
                continue
    return _success(call, bodies[0], raw, lenient=lenient, zone=zone)


def interpret(
    call: Call[Any],
    http_response: httpx.Response,
    *,
    lenient: bool = False,
    server_timezone: datetime.tzinfo | None = None,
    drf: bool = False,
) -> Response[Any]:
    """Turn an HTTP response into a parsed Response, or raise ApiError; `drf`: the
    server is Django REST framework's, whose 400 bodies give `field_errors`."""
    raw: Response[None] = Response(
        http_response.status_code, http_response.headers, http_response.content, None
    )
    status = http_response.status_code
    if 200 <= status < 300:
        found, documented = by_status(call.responses or {}, status)
        if found:
            codec = _whole(documented, raw.headers.get("content-type", ""))
            return _success(call, codec, raw, lenient=lenient, zone=server_timezone)
        return _undocumented_success(call, raw, lenient=lenient, zone=server_timezone)
    parsed_error: object = None
    found, codec = by_status(call.errors or {}, status)
    if found and codec is not None:
        try:
            parsed_error = _decode_body(call, codec, raw, server_timezone)
        except DecodeError:
            parsed_error = None  # the raw body is still on the error
    field_errors = drf_field_errors(raw.content) if drf and status == 400 else None
    error = error_class(status)
    raise error(
        call.operation, status, raw.headers, raw.content, parsed_error, field_errors
    )


class _ClientBase:
    """What the sync and async clients share: configuration and request building;
    `http_client` is the caller's httpx client (of the kind `_kind` names), or None for
    one made here (with `timeout`), which `close()` closes."""

    _http: httpx.Client | httpx.AsyncClient
    _kind = "Client"
    _reads_open_files = True

    def __init__(
        self,
        token: object,
        base_url: str,
        security: Security | Scheme | None,
        *,
        credentials: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None,
        headers: Mapping[str, str] | None,
        http_client: Any,
        lenient: bool = False,
        form_style: FormStyle = "openapi",
        max_retries: int = 2,
        idempotency_header: str | None = None,
        idempotent_operations: Collection[str] | None = None,
        user_agent: str | None = None,
        server_timezone: str | datetime.tzinfo | None = None,
        drf: bool = False,
    ) -> None:
        import httpx

        if form_style not in ("drf", "openapi"):
            raise ValueError(
                f"form_style must be 'drf' or 'openapi', not {form_style!r}"
            )
        settings = checked_options(
            "Client",
            {
                "max_retries": max_retries,
                "lenient": lenient,
                "server_timezone": server_timezone,
            },
        )
        self._server_timezone: datetime.tzinfo | None = settings["server_timezone"]
        self._credentials = Credentials(
            security,
            token,
            credentials,
            base_url=base_url.rstrip("/"),
            asynchronous=self._kind == "AsyncClient",
        )
        self._base_url = base_url.rstrip("/")
        self._lenient = lenient
        self._form_style = form_style
        # The API is a Django REST framework service's: its 400s carry field errors.
        self._drf = drf
        self._max_retries = max_retries
        self._idempotency_header = idempotency_header
        # The operations known to honour the header (None: every POST and PATCH, as the
        # configuration says); the others get no key of ours and are never repeated.
        self._keyed = (
            None if idempotent_operations is None else frozenset(idempotent_operations)
        )
        self._timeout: float | httpx.Timeout | None | Unset = UNSET
        self._secret_headers = SECRET_HEADERS | self._credentials.secret_headers
        logger()  # `<PACKAGE>_LOG` read now
        # The User-Agent: the caller's own (in `headers` or their httpx client's), else
        # "<package>/<version> campfire-codegen/<version> python/<x.y.z> httpx/<x.y.z>".
        own = http_client is not None and http_client.headers.get("user-agent") != (
            f"python-httpx/{httpx.__version__}"
        )
        self._headers = _merged({}, headers or {})
        if not own and "user-agent" not in map(str.lower, self._headers):
            python = ".".join(map(str, sys.version_info[:3]))
            agent = f"{user_agent or PACKAGE} python/{python} httpx/{httpx.__version__}"
            self._headers = {"User-Agent": agent, **self._headers}
        self._owns_http = http_client is None
        # The caller's httpx client authenticates by itself (httpx `auth=`).
        self._own_auth = getattr(http_client, "auth", None) is not None
        self._http = http_client or getattr(httpx, self._kind)(timeout=timeout)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        lenient: bool | Unset = UNSET,
        headers: Mapping[str, str] | Unset = UNSET,
        server_timezone: str | datetime.tzinfo | None | Unset = UNSET,
    ) -> Self:
        """A client with these settings changed (headers added), sharing this one's
        connection pool and credentials; closing it closes nothing (this one does)."""
        given = {
            "timeout": timeout,
            "max_retries": max_retries,
            "lenient": lenient,
            "server_timezone": server_timezone,
        }
        changes = {k: v for k, v in given.items() if v is not UNSET}
        extra_headers = {"extra_headers": headers or {}}
        checked = checked_options("with_options", changes, extra_headers)
        clone = object.__new__(type(self))
        for name, value in vars(self).items():  # not the groups, bound to this one
            if not isinstance(getattr(type(self), name, None), cached_property):
                setattr(clone, name, value)
        clone._owns_http = False  # only the original closes the pool
        for name in changes:
            setattr(clone, f"_{name}", checked[name])
        clone._headers = _merged(self._headers, headers or {})
        return clone

    @property
    def base_url(self) -> str:
        return self._base_url

    def __repr__(self) -> str:
        held = ", ".join(self._credentials.held) or "none"
        return f"{type(self).__name__}(base_url={self._base_url!r}, credentials={held})"

    def _start(self, call: Call[Any], options: RequestOptions | None) -> Attempts:
        """The first attempt of a call, with the settings of this call."""
        settings = checked_options(call.operation, call.options, options)
        if call.deprecated:
            _warn_deprecated(call)
        # Before anything else: a call the client holds no credentials for stops here.
        own_headers = {
            name.lower()
            for name in (*self._headers, *settings.get("extra_headers", ()))
        }
        alternative = self._credentials.chosen(
            call.operation, call.security, own_headers, self._own_auth
        )
        try:
            request = self._request(call, settings, alternative)
        except EncodingError as error:  # refused before sending: say which call
            raise error.placed(operation=call.operation) from None
        name = self._idempotency_header
        key = settings.get("idempotency_key")
        keyed = self._keyed is None or call.operation in self._keyed
        if key is not None or (name and keyed and call.method in ("POST", "PATCH")):
            name = name or "Idempotency-Key"
            if key is not None or name not in request.headers:
                import uuid

                request.headers[name] = key or str(uuid.uuid4())
        repeatable = call.method not in ("POST", "PATCH") or (
            name is not None and name in request.headers
        )
        lenient = settings.get("lenient", self._lenient)
        retries = settings.get("max_retries", self._max_retries)
        zone = settings.get("server_timezone", self._server_timezone)
        # A token obtained when the request goes (OAuth2): renewed once on a 401, and
        # the request sent again then only if it may be sent again at all.
        auth = self._credentials.flow(alternative, repeatable, self._http)
        return Attempts(
            call.operation,
            request,
            lenient,
            repeatable,
            retries,
            server_timezone=zone,
            auth=auth,
        )

    def _finish(self, call: Call[Any], attempts: Attempts) -> Response[Any]:
        """The parsed answer of the last attempt, or its error."""
        outcome = attempts.outcome
        if isinstance(outcome, ClientError):
            raise outcome
        assert outcome is not None
        try:
            result = interpret(
                call,
                outcome,
                lenient=attempts.lenient,
                server_timezone=attempts.server_timezone,
                drf=self._drf,
            )
        except ClientError as error:
            error.retries = attempts.retries
            if isinstance(error, ApiError):
                error.note = attempts.note
                error.headers = redacted(error.headers, self._secret_headers)
            raise
        # Where a relative link in the response points from: the URL that answered,
        # without its query (which a relative link never keeps, and which may carry a
        # key: a response may be pickled) or user info.
        return replace(
            result, retries=attempts.retries, url=_answered(attempts.request.url)
        )

    def _body(self, call: Call[Any]) -> Body | None:
        if call.body is UNSET:
            return None
        sending = SENDING.set(True)  # deprecated fields warn
        blocking = BLOCKING_READS.set(self._reads_open_files)
        try:
            if self._form_style == "drf":
                if call.content_type in FORMS:
                    return drf_body(call.body, call.content_type)
                if _is_json(call.content_type):
                    return drf_json_body(call.body, call.content_type)
            return encode_body(
                to_json_value(call.body),
                call.content_type,
                call.deep_object,
                call.json_parts,
            )
        finally:
            BLOCKING_READS.reset(blocking)
            SENDING.reset(sending)

    def _request(
        self,
        call: Call[Any],
        settings: Mapping[str, Any],
        alternative: tuple[str, ...],
    ) -> httpx.Request:
        # Date-times in the body and the query as a server without time zones reads them.
        zone = SENDING_ZONE.set(settings.get("server_timezone", self._server_timezone))
        try:
            return self._built(call, settings, alternative)
        finally:
            SENDING_ZONE.reset(zone)

    def _built(
        self,
        call: Call[Any],
        settings: Mapping[str, Any],
        alternative: tuple[str, ...],
    ) -> httpx.Request:
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
        url: str | httpx.URL = self._base_url + call.path
        params = query_params(call.query) if call.url is None else ()
        # A server's link goes as it is, its query too (less our key: auth adds it).
        if call.url is not None:
            url = httpx.URL(call.url)
            for name in self._credentials.query_names:
                url = url.copy_remove_param(name)
        extra_query = settings.get("extra_query")
        if extra_query:
            kept = tuple(pair for pair in params if pair[0] not in extra_query)
            params = kept + tuple(extra_query.items())
        timeout = settings.get("timeout", self._timeout)
        request = self._http.build_request(
            call.method,
            url,
            params=params or None,  # not (): httpx would parse the URL again
            # UTF-8, not httpx's ASCII: an enum value the spec allows may be "é".
            headers=httpx.Headers(headers, encoding="utf-8"),
            content=body.content if body is not None else None,
            data=(
                dict_or_pairs(body.form)
                if body is not None and body.form is not None
                else None
            ),
            timeout=httpx.USE_CLIENT_DEFAULT if timeout is UNSET else timeout,
        )
        self._credentials.apply(alternative, request)
        if "extra_headers" in settings:
            request.headers.update(settings["extra_headers"])
        return request


def _answered(url: httpx.URL) -> str:
    """The URL without its query, fragment or user info. Cut from its text where it has
    no user info (the common case: parsing it again would cost as much as the rest of
    the call's own work); an httpx URL holds `?` and `#` only as those delimiters."""
    if url.userinfo:
        return str(
            url.copy_with(query=None, fragment=None, username=None, password=None)
        )
    text = str(url)
    for delimiter in "?#":
        text = text.partition(delimiter)[0]
    return text


def _merged(headers: Mapping[str, str], more: Mapping[str, str]) -> dict[str, str]:
    """The headers with `more` added, each replacing any of the same name in any case."""
    names = {name.lower() for name in more}
    kept = {name: value for name, value in headers.items() if name.lower() not in names}
    return {**kept, **more}


def _warn_deprecated(call: Call[Any]) -> None:
    for name, value, *_ in (*call.query, *call.headers, *call.cookies):
        if name in call.deprecated and value is not UNSET:
            warnings.warn(
                f"{call.operation}: the parameter {name!r} is deprecated",
                DeprecationWarning,
                stacklevel=outside_level(package=True),
            )


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def _parameter(value: object, kind: str, name: str) -> str:
    try:
        if kind == "header" and isinstance(value, (list, tuple)):
            # `simple`, the only style of a header: items joined by commas, not JSON.
            return ",".join(text_value(item) for item in value)
        return text_value(value)
    except EncodingError as error:
        raise error.placed(f"{kind} {name}") from None


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

    def send(
        self, call: Call[Any], options: RequestOptions | None = None
    ) -> Response[Any]:
        """Send a call, trying again what may be (`retries.py`); `options`
        (RequestOptions) override the client's settings."""
        if streams(call):  # a stream of events or JSON values (streams.py)
            return send_stream(self, call, options)
        # Raised outside the loop's handler: the httpx error, whose request holds the
        # credentials, must not ride along as the context.
        return self._finish(call, self._attempted(call, options))

    def _attempted(
        self, call: Call[Any], options: RequestOptions | None, stream: bool = False
    ) -> Attempts:
        """Send the call until `retries.py` says stop (`outcome`: the last answer, or
        the error that ended the call); `stream`: the last answer's body left unread
        (streams.py). The one sending loop of a sync client."""
        import httpx

        assert isinstance(self._http, httpx.Client)
        attempts = self._start(call, options)
        while True:
            try:
                response = self._http.send(
                    attempts.begin(),
                    stream=stream,
                    auth=attempts.auth or httpx.USE_CLIENT_DEFAULT,
                )
            except httpx.HTTPError as error:
                wait = attempts.failed(error)
            else:
                wait = attempts.answered(response)
                if wait is not None:
                    response.close()  # sent again: a streamed body is not read
            if wait is None:
                return attempts
            time.sleep(wait)

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

    _kind = "AsyncClient"
    _reads_open_files = False  # reading one would block the event loop (files.py)

    async def send(
        self, call: Call[Any], options: RequestOptions | None = None
    ) -> Response[Any]:
        """Send a call, trying again what may be (`retries.py`); `options`
        (RequestOptions) override the client's settings."""
        if streams(call):
            return await send_stream_async(self, call, options)
        return self._finish(call, await self._attempted(call, options))

    async def _attempted(
        self, call: Call[Any], options: RequestOptions | None, stream: bool = False
    ) -> Attempts:
        """`SyncClientBase._attempted` on an async client."""
        import asyncio

        import httpx

        assert isinstance(self._http, httpx.AsyncClient)
        attempts = self._start(call, options)
        while True:
            try:
                response = await self._http.send(
                    attempts.begin(),
                    stream=stream,
                    auth=attempts.auth or httpx.USE_CLIENT_DEFAULT,
                )
            except httpx.HTTPError as error:
                wait = attempts.failed(error)
            else:
                wait = attempts.answered(response)
                if wait is not None:
                    await response.aclose()  # sent again: a streamed body is not read
            if wait is None:
                return attempts
            await asyncio.sleep(wait)

    async def aclose(self) -> None:
        import httpx

        if self._owns_http:
            assert isinstance(self._http, httpx.AsyncClient)
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
