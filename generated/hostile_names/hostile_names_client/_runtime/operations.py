"""The methods of the group classes.

An operation is written once, as a function that builds its request (`Call[T]`); these
descriptors turn it into the methods of a group class: send and return the parsed body,
or send and return the whole response (`pagination.py`: walk every page). Type checkers
see the request function's own parameters on each method.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, Generic, ParamSpec, Self, TypeVar, overload

from .transport import AsyncClientBase, Call, SyncClientBase
from .values import Response

T = TypeVar("T")
P = ParamSpec("P")


class SyncGroup:
    """The operations of one tag, sent through a sync client."""

    __slots__ = ("_client",)

    def __init__(self, client: SyncClientBase) -> None:
        self._client = client


class AsyncGroup:
    """The operations of one tag, sent through an async client."""

    __slots__ = ("_client",)

    def __init__(self, client: AsyncClientBase) -> None:
        self._client = client


class _Descriptor(Generic[P, T]):
    def __init__(self, build: Callable[P, Call[T]]) -> None:
        self._build = build
        self._name = build.__name__.lstrip("_")

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    def _named(self, function: Callable[..., Any], owner: type[Any]) -> None:
        """Give the bound method the request function's documentation and signature."""
        functools.update_wrapper(function, self._build)
        function.__name__ = self._name
        function.__qualname__ = f"{owner.__name__}.{self._name}"


class Operation(_Descriptor[P, T]):
    """Sends the request; returns the parsed body."""

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, group: SyncGroup, owner: type[Any]) -> Callable[P, T]: ...
    def __get__(
        self, group: SyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, T]:
        if group is None:
            return self
        build, send = self._build, group._client.send

        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            parsed: T = send(build(*args, **kwargs)).parsed
            return parsed

        self._named(call, owner)
        return call


class OperationWithResponse(_Descriptor[P, T]):
    """Sends the request; returns the whole response (status, headers, raw and parsed body)."""

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: SyncGroup, owner: type[Any]
    ) -> Callable[P, Response[T]]: ...
    def __get__(
        self, group: SyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, Response[T]]:
        if group is None:
            return self
        build, send = self._build, group._client.send

        def call(*args: P.args, **kwargs: P.kwargs) -> Response[T]:
            return send(build(*args, **kwargs))

        self._named(call, owner)
        return call


class AsyncOperation(_Descriptor[P, T]):
    """Sends the request; returns the parsed body."""

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: AsyncGroup, owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    def __get__(
        self, group: AsyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, Coroutine[Any, Any, T]]:
        if group is None:
            return self
        build, send = self._build, group._client.send

        async def call(*args: P.args, **kwargs: P.kwargs) -> T:
            parsed: T = (await send(build(*args, **kwargs))).parsed
            return parsed

        self._named(call, owner)
        return call


class AsyncOperationWithResponse(_Descriptor[P, T]):
    """Sends the request; returns the whole response (status, headers, raw and parsed body)."""

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: AsyncGroup, owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, Response[T]]]: ...
    def __get__(
        self, group: AsyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, Coroutine[Any, Any, Response[T]]]:
        if group is None:
            return self
        build, send = self._build, group._client.send

        async def call(*args: P.args, **kwargs: P.kwargs) -> Response[T]:
            return await send(build(*args, **kwargs))

        self._named(call, owner)
        return call
