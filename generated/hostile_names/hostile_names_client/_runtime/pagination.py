"""Walking every page of a limit/offset list."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any, Generic, ParamSpec, Protocol, Self, TypeVar, overload

from .operations import AsyncGroup, SyncGroup
from .transport import Call
from .values import Unset

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
P = ParamSpec("P")


class Page(Protocol[T_co]):
    """A Django REST framework limit/offset page."""

    @property
    def next(self) -> str | None | Unset: ...

    @property
    def results(self) -> Sequence[T_co]: ...


class Pages(Generic[P, T]):
    """Walks every page of a limit/offset list; yields every item, one page at a time."""

    def __init__(
        self, build: Callable[P, Call[Page[T]]], offset: str = "offset"
    ) -> None:
        self._build = build
        self._offset = offset
        self._name = build.__name__.lstrip("_")

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: SyncGroup, owner: type[Any]
    ) -> Callable[P, Iterator[T]]: ...
    def __get__(
        self, group: SyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, Iterator[T]]:
        if group is None:
            return self
        build, send, offset_name = self._build, group._client.send, self._offset

        def iterate(*args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
            offset = _start(kwargs.get(offset_name))
            while True:
                kwargs[offset_name] = offset
                page: Page[T] = send(build(*args, **kwargs)).parsed
                yield from page.results
                if not page.results or not page.next:
                    return
                offset += len(page.results)

        functools.update_wrapper(iterate, self._build)
        iterate.__name__ = self._name
        return iterate


class AsyncPages(Generic[P, T]):
    """Walks every page of a limit/offset list; yields every item, one page at a time."""

    def __init__(
        self, build: Callable[P, Call[Page[T]]], offset: str = "offset"
    ) -> None:
        self._build = build
        self._offset = offset
        self._name = build.__name__.lstrip("_")

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: AsyncGroup, owner: type[Any]
    ) -> Callable[P, AsyncIterator[T]]: ...
    def __get__(
        self, group: AsyncGroup | None, owner: type[Any]
    ) -> Self | Callable[P, AsyncIterator[T]]:
        if group is None:
            return self
        build, send, offset_name = self._build, group._client.send, self._offset

        async def iterate(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
            offset = _start(kwargs.get(offset_name))
            while True:
                kwargs[offset_name] = offset
                page: Page[T] = (await send(build(*args, **kwargs))).parsed
                for item in page.results:
                    yield item
                if not page.results or not page.next:
                    return
                offset += len(page.results)

        functools.update_wrapper(iterate, self._build)
        iterate.__name__ = self._name
        return iterate


def _start(offset: object) -> int:
    return offset if isinstance(offset, int) else 0
