"""The group classes that hold the operations, and their whole-response namespace.

Each operation is a plain method of its group (`def` on the sync group, `async def`
on the async one) that builds its request (`Call[T]`) and hands it to `_send`. The
same methods serve `group.with_response`: there they run on a twin of the group whose
`_send` returns the whole response (status, headers, raw and parsed body) instead of
the parsed body. Walking pages (`pagination.py`) runs them on a twin that sends the
server's link to the next page instead of the operation's path and query.
`group.with_streaming_response` runs them on a twin whose `_send` sends nothing: it
gives the call to a context manager that streams the response (`streams.py`); an
operation whose success may also be answered as a documented event stream (OpenAI's
`stream: true`) is an `EventStreamingOperation` there, which types `iter_events()`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, cast, overload

from .options import RequestOptions
from .streams import AsyncStreamingCall, EventData, PendingCall, StreamingCall
from .transport import AsyncClientBase, Call, SyncClientBase
from .values import Response

T = TypeVar("T")
E = TypeVar("E")
P = ParamSpec("P")
S = TypeVar("S", bound="SyncGroup")
A = TypeVar("A", bound="AsyncGroup")


class SyncGroup:
    """The operations of one tag, sent through a sync client."""

    __slots__ = ("_client", "_link", "_streaming", "_whole")

    def __init__(
        self,
        client: SyncClientBase,
        *,
        whole_response: bool = False,
        link: str | None = None,
        streaming: bool = False,
    ) -> None:
        self._client = client
        self._whole = whole_response
        # The server's link to a page (pagination.py), sent instead of each call's
        # path and query; None: the calls as they are.
        self._link = link
        self._streaming = streaming

    def _send(self, call: Call[T], options: RequestOptions | None = None) -> T:
        if self._streaming:  # read through StreamingOperation, whose type says so
            return cast(T, StreamingCall[Any](self._client, call, options))
        if self._link is not None:
            call = replace(call, url=self._link)
        response = self._client.send(call, options)
        if self._whole:  # read through WholeResponse, whose type says Response[T]
            return cast(T, response)
        parsed: T = response.parsed
        return parsed


class AsyncGroup:
    """The operations of one tag, sent through an async client."""

    __slots__ = ("_client", "_link", "_streaming", "_whole")

    def __init__(
        self,
        client: AsyncClientBase,
        *,
        whole_response: bool = False,
        link: str | None = None,
        streaming: bool = False,
    ) -> None:
        self._client = client
        self._whole = whole_response
        self._link = link
        self._streaming = streaming

    async def _send(self, call: Call[T], options: RequestOptions | None = None) -> T:
        if self._streaming:  # sent by AsyncStreamingCall, on entering it
            return cast(T, PendingCall(self._client, call, options))
        if self._link is not None:
            call = replace(call, url=self._link)
        response = await self._client.send(call, options)
        if self._whole:
            return cast(T, response)
        parsed: T = response.parsed
        return parsed


class SyncWithResponse:
    """`group.with_response`: the operations, each returning the whole response."""

    __slots__ = ("_group",)

    def __init__(self, group: SyncGroup) -> None:
        self._group = type(group)(group._client, whole_response=True)


class AsyncWithResponse:
    """`group.with_response`: the operations, each returning the whole response."""

    __slots__ = ("_group",)

    def __init__(self, group: AsyncGroup) -> None:
        self._group = type(group)(group._client, whole_response=True)


class WholeResponse(Generic[S, P, T]):
    """An operation of a sync group, returning the whole response."""

    def __init__(self, method: Callable[Concatenate[S, P], T]) -> None:
        self._method = method

    # The overload of an instance comes first, here and in every descriptor: when the
    # first overload fails, mypy spells the descriptor's type for an error it then
    # drops, three times per level of a union: past 10 levels, minutes (issue 18).
    @overload
    def __get__(
        self, holder: SyncWithResponse, owner: type[Any]
    ) -> Callable[P, Response[T]]: ...
    @overload
    def __get__(self, holder: None, owner: type[Any]) -> Self: ...
    def __get__(
        self, holder: SyncWithResponse | None, owner: type[Any]
    ) -> Self | Callable[P, Response[T]]:
        if holder is None:
            return self
        bound = functools.partial(self._method, cast(S, holder._group))
        return cast(Callable[P, Response[T]], bound)


class AsyncWholeResponse(Generic[A, P, T]):
    """An operation of an async group, returning the whole response."""

    def __init__(
        self, method: Callable[Concatenate[A, P], Coroutine[Any, Any, T]]
    ) -> None:
        self._method = method

    @overload
    def __get__(
        self, holder: AsyncWithResponse, owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, Response[T]]]: ...
    @overload
    def __get__(self, holder: None, owner: type[Any]) -> Self: ...
    def __get__(
        self, holder: AsyncWithResponse | None, owner: type[Any]
    ) -> Self | Callable[P, Coroutine[Any, Any, Response[T]]]:
        if holder is None:
            return self
        bound = functools.partial(self._method, cast(A, holder._group))
        return cast(Callable[P, Coroutine[Any, Any, Response[T]]], bound)


class SyncStreamingResponse:
    """`group.with_streaming_response`: the operations, each a context manager that
    streams the response (`StreamedResponse`)."""

    __slots__ = ("_group",)

    def __init__(self, group: SyncGroup) -> None:
        self._group = type(group)(group._client, streaming=True)


class AsyncStreamingResponse:
    """`group.with_streaming_response` on an async client (`async with`)."""

    __slots__ = ("_group",)

    def __init__(self, group: AsyncGroup) -> None:
        self._group = type(group)(group._client, streaming=True)


class StreamingOperation(Generic[S, P]):
    """An operation of a sync group, as a context manager streaming the response."""

    def __init__(self, method: Callable[Concatenate[S, P], object]) -> None:
        self._method = method

    @overload
    def __get__(
        self, holder: SyncStreamingResponse, owner: type[Any]
    ) -> Callable[P, StreamingCall[str]]: ...
    @overload
    def __get__(self, holder: None, owner: type[Any]) -> Self: ...
    def __get__(
        self, holder: SyncStreamingResponse | None, owner: type[Any]
    ) -> Self | Callable[P, StreamingCall[str]]:
        if holder is None:
            return self
        bound = functools.partial(self._method, cast(S, holder._group))
        return cast(Callable[P, StreamingCall[str]], bound)


class EventStreamingOperation(Generic[S, P, E]):
    """`StreamingOperation` of an operation whose success may be answered as an event
    stream of a documented schema: `iter_events()` gives `Event[E]`."""

    def __init__(
        self, method: Callable[Concatenate[S, P], object], events: EventData[E]
    ) -> None:
        self._method = method

    @overload
    def __get__(
        self, holder: SyncStreamingResponse, owner: type[Any]
    ) -> Callable[P, StreamingCall[E]]: ...
    @overload
    def __get__(self, holder: None, owner: type[Any]) -> Self: ...
    def __get__(
        self, holder: SyncStreamingResponse | None, owner: type[Any]
    ) -> Self | Callable[P, StreamingCall[E]]:
        if holder is None:
            return self
        bound = functools.partial(self._method, cast(S, holder._group))
        return cast(Callable[P, StreamingCall[E]], bound)


class AsyncStreamingOperation(Generic[A, P]):
    """An operation of an async group, as an async context manager streaming the
    response."""

    def __init__(
        self, method: Callable[Concatenate[A, P], Coroutine[Any, Any, object]]
    ) -> None:
        self._method = method

    @overload
    def __get__(
        self, holder: AsyncStreamingResponse, owner: type[Any]
    ) -> Callable[P, AsyncStreamingCall[str]]: ...
    @overload
    def __get__(self, holder: None, owner: type[Any]) -> Self: ...
    def __get__(
        self, holder: AsyncStreamingResponse | None, owner: type[Any]
    ) -> Self | Callable[P, AsyncStreamingCall[str]]:
        if holder is None:
            return self
        method, group = self._method, cast(A, holder._group)

        def streaming(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamingCall[str]:
            return AsyncStreamingCall(method(group, *args, **kwargs))

        return streaming


class AsyncEventStreamingOperation(Generic[A, P, E]):
    """`EventStreamingOperation` on an async client."""

    def __init__(
        self,
        method: Callable[Concatenate[A, P], Coroutine[Any, Any, object]],
        events: EventData[E],
    ) -> None:
        self._method = method

    @overload
    def __get__(
        self, holder: AsyncStreamingResponse, owner: type[Any]
    ) -> Callable[P, AsyncStreamingCall[E]]: ...
    @overload
    def __get__(self, holder: None, owner: type[Any]) -> Self: ...
    def __get__(
        self, holder: AsyncStreamingResponse | None, owner: type[Any]
    ) -> Self | Callable[P, AsyncStreamingCall[E]]:
        if holder is None:
            return self
        method, group = self._method, cast(A, holder._group)

        def streaming(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamingCall[E]:
            return AsyncStreamingCall(method(group, *args, **kwargs))

        return streaming
