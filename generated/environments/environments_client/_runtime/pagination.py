"""Walking every page of a limit/offset list."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Sequence
from typing import (
    Any,
    Concatenate,
    Generic,
    ParamSpec,
    Protocol,
    Self,
    TypeVar,
    overload,
)

from .drift import drift_of
from .errors import DecodeError
from .operations import AsyncGroup, SyncGroup
from .values import Unset

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
P = ParamSpec("P")
S = TypeVar("S", bound=SyncGroup)
A = TypeVar("A", bound=AsyncGroup)
F = TypeVar("F", bound=Callable[..., Any])


class Page(Protocol[T_co]):
    """A Django REST framework limit/offset page."""

    @property
    def next(self) -> str | None | Unset: ...

    @property
    def results(self) -> Sequence[T_co]: ...


class Pages(Generic[S, P, T]):
    """`<operation>_iter`: every item of every page of a list operation of a sync group,
    one page at a time (the operation's arguments; its offset is where to start)."""

    def __init__(
        self, method: Callable[Concatenate[S, P], Page[T]], offset: str = "offset"
    ) -> None:
        self._method = method
        self._offset = offset

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, group: S, owner: type[Any]) -> Callable[P, Iterator[T]]: ...
    def __get__(
        self, group: S | None, owner: type[Any]
    ) -> Self | Callable[P, Iterator[T]]:
        if group is None:
            return self
        method, offset_name = self._method, self._offset

        def iterate(*args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
            offset = _start(kwargs.get(offset_name))
            while True:
                kwargs[offset_name] = offset
                page = _whole(method(group, *args, **kwargs), method)
                yield from page.results
                if not page.results or not page.next:
                    return
                offset += len(page.results)

        return _named(iterate, method)


class AsyncPages(Generic[A, P, T]):
    """`<operation>_iter`: every item of every page of a list operation of an async
    group, one page at a time (the operation's arguments; its offset is where to start).
    """

    def __init__(
        self,
        method: Callable[Concatenate[A, P], Coroutine[Any, Any, Page[T]]],
        offset: str = "offset",
    ) -> None:
        self._method = method
        self._offset = offset

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, group: A, owner: type[Any]) -> Callable[P, AsyncIterator[T]]: ...
    def __get__(
        self, group: A | None, owner: type[Any]
    ) -> Self | Callable[P, AsyncIterator[T]]:
        if group is None:
            return self
        method, offset_name = self._method, self._offset

        async def iterate(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
            offset = _start(kwargs.get(offset_name))
            while True:
                kwargs[offset_name] = offset
                page = _whole(await method(group, *args, **kwargs), method)
                for item in page.results:
                    yield item
                if not page.results or not page.next:
                    return
                offset += len(page.results)

        return _named(iterate, method)


def _whole(page: Page[T], method: Callable[..., Any]) -> Page[T]:
    """A page (decoded leniently, maybe) whose results and link to the next are there:
    else the walk would stop early, or skip a page, without a word."""
    issues = drift_of(page)
    if isinstance(page.results, Unset) or any(
        issue.path in ("$.results", "$.next") for issue in issues
    ):
        raise DecodeError(f"a page of {method.__name__}", issues, page)
    return page


def _named(iterate: F, method: Callable[..., Any]) -> F:
    iterate.__name__ = f"{method.__name__}_iter"
    iterate.__qualname__ = f"{method.__qualname__}_iter"
    iterate.__doc__ = method.__doc__
    return iterate


def _start(offset: object) -> int:
    return offset if isinstance(offset, int) else 0
