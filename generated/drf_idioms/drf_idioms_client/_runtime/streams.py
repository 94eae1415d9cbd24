"""Responses read as they come: a body streamed (bytes, text, lines, to a file), and
streams of items (server-sent events; JSON Lines, NDJSON and JSON text sequences).

A streamed call is sent as any other (`retries.py` decides whether to try again, on
the status and headers alone); once a success starts to arrive it is never sent again:
a connection that breaks while the body streams is an `ApiConnectionError`. A status
that is not a success is read whole (an error body is small) and raised as the plain
call raises it. Only the chunk being handled is held in memory.

Server-sent events are parsed as the WHATWG HTML standard says ("Parsing an event
stream"): UTF-8 with one leading BOM dropped, lines ended by CRLF, LF or CR, comments,
multi-line `data`, `id` kept from event to event, `retry` in milliseconds, an event
left unfinished when the stream ends discarded. Each event's `data` is decoded with the
item codec (the documented schema of one event; text when none).

A success that is read whole by the plain call but may be answered as an event stream
instead (OpenAI's `stream: true`) is read through `with_streaming_response` and
`iter_events()`: each `data` decoded with the schema the spec gives that event stream
(`Call.events`), else its text.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Generator,
    Iterator,
    Mapping,
)
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    Literal,
    NamedTuple,
    Protocol,
    Self,
    TypeVar,
)

from .decoding import STR, Codec, Issues, by_status, decode_payload, outside_level
from .drift import settle
from .errors import (
    ApiConnectionError,
    ApiTimeoutError,
    ClientError,
    ResponseDecodeError,
    ResponseDriftWarning,
    TransportError,
)
from .json_text import loads
from .values import Issue, Response

if TYPE_CHECKING:
    import datetime
    import os

    import httpx

    from .options import RequestOptions
    from .retries import Attempts

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

Framing = Literal["sse", "json-lines", "json-seq"]


class _Call(Protocol):
    """What streaming reads of a call (`transport.Call`, which imports this module)."""

    @property
    def operation(self) -> str: ...
    @property
    def responses(self) -> Mapping[str, object] | None: ...
    @property
    def events(self) -> Mapping[str, Codec] | None: ...


class _Client(Protocol):
    """What streaming needs of a client (`transport.SyncClientBase`): its sending loop,
    and the error of a status that is no success."""

    def _attempted(
        self, call: Any, options: RequestOptions | None, stream: bool = ...
    ) -> Attempts: ...
    def _finish(self, call: Any, attempts: Attempts) -> Response[Any]: ...


class _AsyncClient(Protocol):
    """`_Client` of an async client (`transport.AsyncClientBase`)."""

    async def _attempted(
        self, call: Any, options: RequestOptions | None, stream: bool = ...
    ) -> Attempts: ...
    def _finish(self, call: Any, attempts: Attempts) -> Response[Any]: ...


class StreamCodec(NamedTuple):  # not a dataclass: a few ms less at import
    """How a success body that is a stream is read: its framing, and the codec of one
    item (of an event's `data`, for server-sent events)."""

    framing: Framing
    item: Codec


def events(item: Codec = STR) -> StreamCodec:
    """`text/event-stream`: server-sent events, each `data` decoded with `item`."""
    return StreamCodec("sse", item)


def json_lines(item: Codec) -> StreamCodec:
    """`application/x-ndjson`, `application/jsonl`: one JSON value per line."""
    return StreamCodec("json-lines", item)


def json_seq(item: Codec) -> StreamCodec:
    """`application/json-seq` (RFC 7464): JSON values, each after a record separator."""
    return StreamCodec("json-seq", item)


@dataclass(frozen=True, slots=True)
class Event(Generic[T_co]):
    """One server-sent event: `data` decoded (the documented schema of an event, or the
    text), `event` its type ("message" unless named), `id` the last event ID the
    stream set ("" if none), `retry` the reconnection time the server last asked for
    in milliseconds (None if none), `text` the data as sent."""

    data: T_co
    event: str = "message"
    id: str = ""
    retry: int | None = None
    text: str = ""


DONE = "[DONE]"
"""The data that ends OpenAI's `stream: true` answers (its `stream` parameter says so):
no event of the documented schema, so `iter_events()` yields none for it."""


class EventData(Generic[T_co]):
    """The type of each event's `data` in `iter_events()`, for type checkers alone
    (`rt.EventData["Model"]()` in a group's streaming namespace); the codec that decodes
    it travels with the call (`Call.events`)."""

    __slots__ = ()


def _event(
    found: tuple[str, str, str, int | None], decoder: _Decoder | None
) -> Event[Any] | None:
    """The event of a parsed (type, data, id, retry): `data` decoded when the call
    documents the event stream's schema, else its text; None for `[DONE]` there."""
    kind, text, last_id, retry = found
    if decoder is None:
        return Event(text, kind, last_id, retry, text)
    if text == DONE:
        return None
    return Event(decoder.value(text), kind, last_id, retry, text)


def _read_error(operation: str, error: Exception, retries: int) -> TransportError:
    """The client's error for an httpx error met while a body streams."""
    import httpx

    kind = (
        ApiTimeoutError
        if isinstance(error, httpx.TimeoutException)
        else ApiConnectionError
    )
    message = (
        f"{operation}: {type(error).__name__} while the response streamed: {error} "
        "[not retried: the body had started]"
    )
    return kind(message, operation, retries)


class StreamedResponse(Generic[T_co]):
    """A success response whose body is read as it comes, once; the connection is
    closed by `close()`, at the end of a `with` block, or when the body is read whole.

    `iter_bytes()`, `iter_text()` (decoded with the response's charset, else UTF-8),
    `iter_lines()`, `iter_events()` and `write_to(path)` each read the body from where
    it is. `T_co`: the type of an event's `data` (`str` unless the spec documents the
    schema of the operation's event stream)."""

    def __init__(
        self,
        operation: str,
        response: httpx.Response,
        retries: int,
        events: _Decoder | None = None,
    ) -> None:
        self.operation = operation
        self.retries = retries
        self._response = response
        self._events = events

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self._response.headers

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks (decompressed as its Content-Encoding says)."""
        import httpx

        try:
            yield from self._response.iter_bytes(chunk_size)
        except httpx.HTTPError as error:
            raise _read_error(self.operation, error, self.retries) from None

    def iter_text(self) -> Iterator[str]:
        """The body as text, in the response's charset (else UTF-8)."""
        return self._text(self._response.charset_encoding or "utf-8")

    def _text(self, encoding: str) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        for chunk in self.iter_bytes():
            text = decoder.decode(chunk)
            if text:
                yield text
        rest = decoder.decode(b"", final=True)
        if rest:
            yield rest

    def iter_lines(self) -> Iterator[str]:
        """The body's lines, without their ends (CRLF, LF or CR)."""
        return self._lines(self._response.charset_encoding or "utf-8")

    def iter_events(self) -> Iterator[Event[T_co]]:
        """The body read as server-sent events (for an operation whose plain call reads
        another media type: OpenAI's `stream: true`), each `data` decoded with the
        schema the spec gives the operation's event stream, else as text."""
        parser = _EventParser()
        for line in self._lines("utf-8"):
            found = parser.line(line)
            event = None if found is None else _event(found, self._events)
            if event is not None:
                yield event

    def _lines(self, encoding: str) -> Iterator[str]:
        lines = _Lines()
        for text in self._text(encoding):
            yield from lines.feed(text)
        yield from lines.end()

    def write_to(self, path: str | os.PathLike[str]) -> int:
        """Write the body to a file (created or truncated); the count of bytes."""
        written = 0
        with open(path, "wb") as file:
            for chunk in self.iter_bytes():
                written += file.write(chunk)
        return written

    def close(self) -> None:
        self._response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.operation}: {self.status_code}>"


class AsyncStreamedResponse(Generic[T_co]):
    """`StreamedResponse` on an async client: `async for` over `iter_bytes()`,
    `iter_text()`, `iter_lines()` and `iter_events()`, `await write_to(path)`,
    `await aclose()`."""

    def __init__(
        self,
        operation: str,
        response: httpx.Response,
        retries: int,
        events: _Decoder | None = None,
    ) -> None:
        self.operation = operation
        self.retries = retries
        self._response = response
        self._events = events

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self._response.headers

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        import httpx

        try:
            async for chunk in self._response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.HTTPError as error:
            raise _read_error(self.operation, error, self.retries) from None

    def iter_text(self) -> AsyncIterator[str]:
        return self._text(self._response.charset_encoding or "utf-8")

    async def _text(self, encoding: str) -> AsyncIterator[str]:
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        async for chunk in self.iter_bytes():
            text = decoder.decode(chunk)
            if text:
                yield text
        rest = decoder.decode(b"", final=True)
        if rest:
            yield rest

    def iter_lines(self) -> AsyncIterator[str]:
        return self._lines(self._response.charset_encoding or "utf-8")

    async def iter_events(self) -> AsyncIterator[Event[T_co]]:
        parser = _EventParser()
        async for line in self._lines("utf-8"):
            found = parser.line(line)
            event = None if found is None else _event(found, self._events)
            if event is not None:
                yield event

    async def _lines(self, encoding: str) -> AsyncIterator[str]:
        lines = _Lines()
        async for text in self._text(encoding):
            for line in lines.feed(text):
                yield line
        for line in lines.end():
            yield line

    async def write_to(self, path: str | os.PathLike[str]) -> int:
        """Write the body to a file; each write in a worker thread (a disk may block
        the event loop)."""
        import asyncio

        written = 0
        file = await asyncio.to_thread(open, path, "wb")
        try:
            async for chunk in self.iter_bytes():
                written += await asyncio.to_thread(file.write, chunk)
        finally:
            await asyncio.to_thread(file.close)
        return written

    async def aclose(self) -> None:
        await self._response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.operation}: {self.status_code}>"


_LINE_END = re.compile(r"\r\n|\r|\n")


class _Lines:
    """Text in pieces to whole lines, ended by CRLF, LF or CR (a CR ending one piece
    and an LF starting the next are one end)."""

    def __init__(self) -> None:
        self._pending = ""
        self._after_cr = False

    def feed(self, text: str) -> list[str]:
        if self._after_cr and text.startswith("\n"):
            text = text[1:]
        self._after_cr = text.endswith("\r")
        lines = _LINE_END.split(self._pending + text)
        self._pending = lines.pop()
        return lines

    def end(self) -> list[str]:
        """The last line, when the text does not end with a line end."""
        pending, self._pending = self._pending, ""
        return [pending] if pending else []


class _EventParser:
    """Lines of an event stream to (event type, data, last event ID, retry) tuples."""

    def __init__(self) -> None:
        self._data: list[str] = []
        self._type = ""
        self._last_id = ""
        self._retry: int | None = None
        self._first = True

    def line(self, line: str) -> tuple[str, str, str, int | None] | None:
        if self._first:
            self._first = False
            line = line.removeprefix("\ufeff")
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None  # a comment
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._type = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\0" not in value:
            self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> tuple[str, str, str, int | None] | None:
        data, kind = self._data, self._type or "message"
        self._data, self._type = [], ""
        if not data:
            return None
        return kind, "\n".join(data), self._last_id, self._retry


def _records(framing: Framing, line: str) -> list[str]:
    """The JSON texts a line of JSON Lines or a JSON text sequence holds."""
    if framing == "json-lines":
        return [line] if line.strip() else []
    return [part for part in line.split("\x1e") if part.strip()]


class _Decoder:
    """Decodes each item of a stream with its codec, as strictly as the call asks."""

    def __init__(
        self,
        codec: StreamCodec,
        operation: str,
        response: httpx.Response,
        lenient: bool,
        zone: datetime.tzinfo | None,
    ) -> None:
        self.codec = codec
        self.operation = operation
        self.response = response
        self.lenient = lenient
        self.zone = zone
        self.parser = _EventParser()

    def items(self, line: str) -> list[Any]:
        if self.codec.framing != "sse":
            return [self.value(text) for text in _records(self.codec.framing, line)]
        found = self.parser.line(line)
        if found is None:
            return []
        kind, text, last_id, retry = found
        return [Event(self.value(text), kind, last_id, retry, text)]

    def value(self, text: str) -> Any:
        item = self.codec.item
        if item is STR and self.codec.framing == "sse":
            return text  # no schema, or a string: the data as it is
        raw = Response(
            self.response.status_code, self.response.headers, text.encode(), None
        )
        try:
            data = loads(text.encode())
        except ValueError as error:
            issue = Issue("$", f"not valid JSON ({error})")
            raise ResponseDecodeError(self.operation, raw, [issue]) from None
        issues: Issues = []
        result = decode_payload(item, data, issues, self.zone)
        if not issues:
            return result
        partial = settle(result, issues)
        if not self.lenient or partial is None:
            raise ResponseDecodeError(self.operation, raw, issues, partial)
        warnings.warn(
            f"{self.operation}: an item of the stream does not fit its schema; "
            "returned as far as it decodes",
            ResponseDriftWarning,
            stacklevel=outside_level(),
        )
        return partial


class Stream(Generic[T_co]):
    """The items of a streamed response (server-sent events or JSON values) as they
    arrive: iterate it, in a `with` block that closes the connection (reading to the
    end closes it too). `status_code` and `headers` are the response's."""

    def __init__(self, body: StreamedResponse[Any], decoder: _Decoder) -> None:
        self.response = body
        self._items = self._read(decoder)

    def _read(self, decoder: _Decoder) -> Generator[T_co, None, None]:
        try:
            for line in self.response._lines("utf-8"):  # SSE and JSON: always UTF-8
                yield from decoder.items(line)
        finally:
            self.response.close()

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    def __iter__(self) -> Iterator[T_co]:
        return self._items

    def __next__(self) -> T_co:
        return next(self._items)

    def close(self) -> None:
        self._items.close()
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStream(Generic[T_co]):
    """`Stream` on an async client: `async for`, `async with`, `await aclose()`."""

    def __init__(self, body: AsyncStreamedResponse[Any], decoder: _Decoder) -> None:
        self.response = body
        self._items = self._read(decoder)

    async def _read(self, decoder: _Decoder) -> AsyncGenerator[T_co, None]:
        try:
            async for line in self.response._lines("utf-8"):
                for item in decoder.items(line):
                    yield item
        finally:
            await self.response.aclose()

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    def __aiter__(self) -> AsyncIterator[T_co]:
        return self._items

    async def __anext__(self) -> T_co:
        return await anext(self._items)

    async def aclose(self) -> None:
        await self._items.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def stream_codec(call: _Call, status: int) -> StreamCodec | None:
    """The stream codec of a success status of the call (None: a whole body)."""
    _, found = by_status(call.responses or {}, status)
    return found if isinstance(found, StreamCodec) else None


def _events_decoder(
    call: _Call, response: httpx.Response, attempts: Attempts
) -> _Decoder | None:
    """The decoder of event data, where the call documents the schema of the event
    stream its success status may be answered with instead (`Call.events`)."""
    _, codec = by_status(call.events or {}, response.status_code)
    if codec is None:
        return None
    return _Decoder(
        events(codec),
        call.operation,
        response,
        attempts.lenient,
        attempts.server_timezone,
    )


def streams(call: _Call) -> bool:
    """Whether a success of the call may be a stream of items."""
    return any(
        isinstance(codec, StreamCodec) for codec in (call.responses or {}).values()
    )


def open_sync(
    client: _Client, call: _Call, options: RequestOptions | None
) -> tuple[StreamedResponse[Any], Attempts]:
    """Send the call and keep its success body unread; any other status raises the
    error the plain call raises."""
    import httpx

    attempts = client._attempted(call, options, stream=True)
    outcome = attempts.outcome
    if isinstance(outcome, ClientError):
        raise outcome
    assert outcome is not None
    if not 200 <= outcome.status_code < 300:
        try:
            outcome.read()
        except httpx.HTTPError as error:
            raise _read_error(call.operation, error, attempts.retries) from None
        finally:
            outcome.close()
        client._finish(call, attempts)  # raises the status's error
    decoder = _events_decoder(call, outcome, attempts)
    body: StreamedResponse[Any] = StreamedResponse(
        call.operation, outcome, attempts.retries, decoder
    )
    return body, attempts


async def open_async(
    client: _AsyncClient, call: _Call, options: RequestOptions | None
) -> tuple[AsyncStreamedResponse[Any], Attempts]:
    """`open_sync` on an async client."""
    import httpx

    attempts = await client._attempted(call, options, stream=True)
    outcome = attempts.outcome
    if isinstance(outcome, ClientError):
        raise outcome
    assert outcome is not None
    if not 200 <= outcome.status_code < 300:
        try:
            await outcome.aread()
        except httpx.HTTPError as error:
            raise _read_error(call.operation, error, attempts.retries) from None
        finally:
            await outcome.aclose()
        client._finish(call, attempts)
    decoder = _events_decoder(call, outcome, attempts)
    body: AsyncStreamedResponse[Any] = AsyncStreamedResponse(
        call.operation, outcome, attempts.retries, decoder
    )
    return body, attempts


def send_stream(
    client: _Client, call: _Call, options: RequestOptions | None
) -> Response[Any]:
    """A call whose success may be a stream of items: the `Stream` as the parsed body
    (the raw body is not kept: `content` is empty); a success documented otherwise
    is read whole as the plain call reads it."""
    body, attempts = open_sync(client, call, options)
    codec = stream_codec(call, body.status_code)
    response = body._response
    if codec is None:
        response.read()
        response.close()
        return client._finish(call, attempts)
    decoder = _Decoder(
        codec, call.operation, response, attempts.lenient, attempts.server_timezone
    )
    items: Stream[Any] = Stream(body, decoder)
    return Response(
        body.status_code, body.headers, b"", items, retries=attempts.retries
    )


async def send_stream_async(
    client: _AsyncClient, call: _Call, options: RequestOptions | None
) -> Response[Any]:
    """`send_stream` on an async client."""
    body, attempts = await open_async(client, call, options)
    codec = stream_codec(call, body.status_code)
    response = body._response
    if codec is None:
        await response.aread()
        await response.aclose()
        return client._finish(call, attempts)
    decoder = _Decoder(
        codec, call.operation, response, attempts.lenient, attempts.server_timezone
    )
    items: AsyncStream[Any] = AsyncStream(body, decoder)
    return Response(
        body.status_code, body.headers, b"", items, retries=attempts.retries
    )


class StreamingCall(Generic[T]):
    """`group.with_streaming_response.op(...)`: a context manager that sends the call
    on entering and gives its `StreamedResponse` (`T`: the type of an event's data),
    closed on leaving."""

    def __init__(
        self, client: _Client, call: _Call, options: RequestOptions | None
    ) -> None:
        self._client = client
        self._call = call
        self._options = options
        self._body: StreamedResponse[T] | None = None

    def __enter__(self) -> StreamedResponse[T]:
        self._body, _ = open_sync(self._client, self._call, self._options)
        return self._body

    def __exit__(self, *exc_info: object) -> None:
        if self._body is not None:
            self._body.close()


class PendingCall(NamedTuple):
    """A call an async group built for `with_streaming_response`, not sent yet."""

    client: _AsyncClient
    call: _Call
    options: RequestOptions | None


class AsyncStreamingCall(Generic[T]):
    """`group.with_streaming_response.op(...)` on an async client: `async with` sends
    the call and gives its `AsyncStreamedResponse`, closed on leaving."""

    def __init__(self, pending: Any) -> None:
        self._pending = pending  # the operation's coroutine, giving a PendingCall
        self._body: AsyncStreamedResponse[T] | None = None

    async def __aenter__(self) -> AsyncStreamedResponse[T]:
        pending: PendingCall = await self._pending
        self._body, _ = await open_async(pending.client, pending.call, pending.options)
        return self._body

    async def __aexit__(self, *exc_info: object) -> None:
        if self._body is not None:
            await self._body.aclose()
