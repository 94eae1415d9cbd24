"""Walking every page of a list: `<operation>_iter` (the items) and `<operation>_pages`
(the pages).

A style of pagination is a strategy (`PageStyle`): it reads a page out of a response
and says where the next one is. Django REST framework's three paginators answer the
same way, `{count?, next, previous, results}` with `next` a full URL, so one strategy
(`DRF_PAGES`) walks them all by requesting the server's own `next` link: the client
never computes an offset or a page number, and never reads a cursor. The walk stops
with `PaginationError` on a link it has already followed, on a link to another host
(the credentials would go there), and after `max_pages` pages.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Callable,
    Coroutine,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import replace
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Final,
    Generic,
    ParamSpec,
    Protocol,
    Self,
    TypeVar,
    cast,
    overload,
)

from .decoding import Codec, Issues, Key, Path
from .drift import drift_of
from .errors import ClientError, DecodeError
from .operations import AsyncGroup, SyncGroup
from .values import Response, Unset

if TYPE_CHECKING:
    from .transport import _ClientBase

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
P = ParamSpec("P")
S = TypeVar("S", bound=SyncGroup)
A = TypeVar("A", bound=AsyncGroup)
F = TypeVar("F", bound=Callable[..., Any])

MAX_PAGES: Final = 10_000
"""How many pages a walk requests at most, unless the call says (`max_pages=`)."""


class PaginationError(ClientError):
    """The pages of a list cannot be walked safely: a next link to another host or
    scheme than the client's base URL, a link already followed (the server's links
    loop), or more pages than `max_pages`."""


class LinkedPage(Protocol[T_co]):
    """A Django REST framework page, as decoded (a `Paginated...List` model)."""

    @property
    def next(self) -> str | None | Unset: ...

    @property
    def results(self) -> Sequence[T_co] | Unset: ...


class Page(Generic[T_co]):
    """One page of a list (`<operation>_pages`): its `items`, the `count` of items in the
    whole list (None when the API does not say: cursor pages), `has_next_page()`, and
    the whole `response` (status, headers, and the page as decoded in `parsed`)."""

    __slots__ = ("_next_url", "count", "items", "response")

    def __init__(
        self,
        items: Sequence[T_co],
        count: int | None,
        next_url: str | None,
        response: Response[Any],
    ) -> None:
        self.items = items
        self.count = count
        self.response = response
        self._next_url = next_url

    def has_next_page(self) -> bool:
        """Whether the server links a next page."""
        return self._next_url is not None

    def __repr__(self) -> str:
        # Not the link itself: it may carry a key sent in the query.
        return (
            f"Page(items={len(self.items)}, count={self.count}, "
            f"has_next_page={self.has_next_page()})"
        )


class PageStyle(Protocol):
    """A style of pagination: how a page is read from a response, and where the next
    page is."""

    def page(self, response: Response[Any], operation: str) -> Page[Any]: ...


class DrfPages:
    """Django REST framework's pages (limit/offset, page number, cursor): the items in
    `results`, the next page at the full URL in `next`."""

    def page(self, response: Response[Any], operation: str) -> Page[Any]:
        parsed = response.parsed
        issues = drift_of(parsed)
        results = getattr(parsed, "results", None)
        link = getattr(parsed, "next", None)
        # A page decoded leniently must still hold its items and its link: else the walk
        # would stop early, or skip a page, without a word.
        if not isinstance(results, Sequence) or any(
            issue.path in ("$.results", "$.next") for issue in issues
        ):
            raise DecodeError(f"a page of {operation}", issues, parsed)
        count = getattr(parsed, "count", None)
        return Page(
            results,
            count if type(count) is int else None,
            link if isinstance(link, str) and link else None,
            response,
        )


DRF_PAGES: Final = DrfPages()


def drf_page(codec: Codec) -> Codec:
    """The codec of a DRF page model that also reads the bare list of items DRF answers
    when the list is not paginated (pagination off; limit/offset without a limit, or no
    page size): that list is the one page, its `count` (if the page has one) its length,
    no next or previous page."""
    model = codec.model
    assert model is not None

    def decode(value: object, path: Path, key: Key, issues: Issues) -> Any:
        if isinstance(value, list):
            page = {
                "count": len(value),
                "next": None,
                "previous": None,
                "results": value,
            }
            names = set(model.json_names().values())
            value = {name: each for name, each in page.items() if name in names}
        return codec.decode(value, path, key, issues)

    # No `model`: a compiled decoder would call the model's own decoder, not this one.
    return replace(codec, decode=decode, kinds=codec.kinds | {"array"}, model=None)


class Items(Generic[S, P, T]):
    """`<operation>_iter`: every item of every page of a list operation of a sync group
    (the operation's arguments: the first page is the one they ask for)."""

    def __init__(
        self,
        method: Callable[Concatenate[S, P], LinkedPage[T]],
        style: PageStyle = DRF_PAGES,
    ) -> None:
        self._method = method
        self._style = style

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, group: S, owner: type[Any]) -> Callable[P, Iterator[T]]: ...
    def __get__(
        self, group: S | None, owner: type[Any]
    ) -> Self | Callable[P, Iterator[T]]:
        if group is None:
            return self
        method, style = self._method, self._style

        def iterate(*args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
            for page in _walk(group, method, style, args, kwargs):
                yield from cast(Page[T], page).items

        return _named(iterate, method, "_iter")


class Pages(Generic[S, P, T]):
    """`<operation>_pages`: every page of a list operation of a sync group, as `Page`
    objects (the operation's arguments: the first page is the one they ask for)."""

    def __init__(
        self,
        method: Callable[Concatenate[S, P], LinkedPage[T]],
        style: PageStyle = DRF_PAGES,
    ) -> None:
        self._method = method
        self._style = style

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, group: S, owner: type[Any]) -> Callable[P, Iterator[Page[T]]]: ...
    def __get__(
        self, group: S | None, owner: type[Any]
    ) -> Self | Callable[P, Iterator[Page[T]]]:
        if group is None:
            return self
        method, style = self._method, self._style

        def iterate(*args: P.args, **kwargs: P.kwargs) -> Iterator[Page[T]]:
            return cast(Iterator[Page[T]], _walk(group, method, style, args, kwargs))

        return _named(iterate, method, "_pages")


class AsyncItems(Generic[A, P, T]):
    """`<operation>_iter`: every item of every page of a list operation of an async
    group (the operation's arguments: the first page is the one they ask for)."""

    def __init__(
        self,
        method: Callable[Concatenate[A, P], Coroutine[Any, Any, LinkedPage[T]]],
        style: PageStyle = DRF_PAGES,
    ) -> None:
        self._method = method
        self._style = style

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, group: A, owner: type[Any]) -> Callable[P, AsyncIterator[T]]: ...
    def __get__(
        self, group: A | None, owner: type[Any]
    ) -> Self | Callable[P, AsyncIterator[T]]:
        if group is None:
            return self
        method, style = self._method, self._style

        async def iterate(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
            async for page in _async_walk(group, method, style, args, kwargs):
                for item in cast(Page[T], page).items:
                    yield item

        return _named(iterate, method, "_iter")


class AsyncPages(Generic[A, P, T]):
    """`<operation>_pages`: every page of a list operation of an async group, as `Page`
    objects (the operation's arguments: the first page is the one they ask for)."""

    def __init__(
        self,
        method: Callable[Concatenate[A, P], Coroutine[Any, Any, LinkedPage[T]]],
        style: PageStyle = DRF_PAGES,
    ) -> None:
        self._method = method
        self._style = style

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self, group: A, owner: type[Any]
    ) -> Callable[P, AsyncIterator[Page[T]]]: ...
    def __get__(
        self, group: A | None, owner: type[Any]
    ) -> Self | Callable[P, AsyncIterator[Page[T]]]:
        if group is None:
            return self
        method, style = self._method, self._style

        def iterate(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[Page[T]]:
            walk = _async_walk(group, method, style, args, kwargs)
            return cast(AsyncIterator[Page[T]], walk)

        return _named(iterate, method, "_pages")


class _Walk:
    """The bookkeeping of one walk: which links were followed, how many pages."""

    def __init__(
        self, client: _ClientBase, operation: str, kwargs: dict[str, Any]
    ) -> None:
        self.client = client
        self.operation = operation
        self.max_pages = _max_pages(operation, kwargs.pop("max_pages", MAX_PAGES))
        self.followed: set[str] = set()

    def next_url(self, page: Page[Any]) -> str | None:
        """The absolute URL of the page after `page` (None: it was the last one)."""
        link = page._next_url
        if link is None:
            return None
        url = _same_origin(link, self.client.base_url, self.operation)
        if url in self.followed:
            raise PaginationError(
                f"{self.operation}: the server's next link repeats a page already "
                f"walked (after {len(self.followed) + 1} pages); stopped"
            )
        self.followed.add(url)
        if len(self.followed) >= self.max_pages:
            raise PaginationError(
                f"{self.operation}: more than {self.max_pages} pages; stopped (pass "
                "max_pages=... to walk further)"
            )
        return url


def _walk(
    group: SyncGroup,
    method: Callable[..., Any],
    style: PageStyle,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Iterator[Page[Any]]:
    walk = _Walk(group._client, method.__name__, kwargs)
    url: str | None = None
    while True:
        # A twin of the group that returns whole responses, and that sends the server's
        # link (with the operation's headers, credentials and retries) once there is one.
        twin = type(group)(group._client, whole_response=True, link=url)
        page = style.page(method(twin, *args, **kwargs), walk.operation)
        yield page
        url = walk.next_url(page)
        if url is None:
            return


async def _async_walk(
    group: AsyncGroup,
    method: Callable[..., Any],
    style: PageStyle,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> AsyncIterator[Page[Any]]:
    walk = _Walk(group._client, method.__name__, kwargs)
    url: str | None = None
    while True:
        twin = type(group)(group._client, whole_response=True, link=url)
        page = style.page(await method(twin, *args, **kwargs), walk.operation)
        yield page
        url = walk.next_url(page)
        if url is None:
            return


_DEFAULT_PORTS: Final[Mapping[str, int]] = {"http": 80, "https": 443}


def _same_origin(link: str, base_url: str, operation: str) -> str:
    """`link` as an absolute URL (a relative one against the base URL), refused when it
    leaves the scheme, host and port of the client's base URL."""
    import httpx

    base = httpx.URL(base_url)
    try:
        url = base.join(link)
    except httpx.InvalidURL:
        raise PaginationError(f"{operation}: the next link is not a URL") from None
    if _origin(url) != _origin(base):
        hint = ""
        if url.scheme == "http" and base.scheme == "https" and url.host == base.host:
            hint = (
                " (a Django server behind an HTTPS proxy builds http links unless "
                "SECURE_PROXY_SSL_HEADER is set)"
            )
        raise PaginationError(
            f"{operation}: the next page is at {_shown(url)}, not at the client's base "
            f"URL {_shown(base)}; not followed, the credentials would go there{hint}"
        )
    return str(url)


def _origin(url: Any) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def _shown(url: Any) -> str:
    """Scheme, host and port only: the rest may carry a key."""
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def _max_pages(operation: str, value: object) -> int:
    if type(value) is not int or value < 1:
        shown = value if type(value) is int else type(value).__name__
        raise TypeError(f"{operation}(): max_pages must be an int >= 1, not {shown}")
    return value


def _named(iterate: F, method: Callable[..., Any], suffix: str) -> F:
    iterate.__name__ = f"{method.__name__}{suffix}"
    iterate.__qualname__ = f"{method.__qualname__}{suffix}"
    iterate.__doc__ = method.__doc__
    return iterate
