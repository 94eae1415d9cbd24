"""Walking every page of a list: `<operation>_iter` (the items) and `<operation>_pages`
(the pages).

A style of pagination is a strategy (`PageStyle`): it reads a page out of a response
and says where the next one is. Django REST framework's three paginators answer the
same way, `{count?, next, previous, results}` with `next` a full URL, so one strategy
(`DRF_PAGES`) walks them all by requesting the server's own `next` link: the client
never computes an offset or a page number, and never reads a cursor. Other APIs:
`LinkPages` follows a next-page URL found in the body or in the `Link` header, and
`CursorPages` calls the operation again with a cursor (a token the page gives, or the
id of its last item) as one of its arguments, every other argument as it was. The walk
stops with `PaginationError` on a link or cursor it has already followed, on a link to
another host (the credentials would go there), and after `max_pages` pages.
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

from .decoding import Codec, Issues, Key, Path, join
from .drift import drift_of
from .errors import ClientError, DecodeError
from .links import joined, link_target
from .operations import AsyncGroup, SyncGroup
from .values import Response, Unset

if TYPE_CHECKING:
    from .transport import _ClientBase

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
R = TypeVar("R")
P = ParamSpec("P")
S = TypeVar("S", bound=SyncGroup)
A = TypeVar("A", bound=AsyncGroup)
F = TypeVar("F", bound=Callable[..., Any])

MAX_PAGES: Final = 10_000
"""How many pages a walk requests at most, unless the call says (`max_pages=`)."""


class PaginationError(ClientError):
    """The pages of a list cannot be walked safely: a next link to another host or
    scheme than the client's base URL, a link or cursor already followed (the server's
    pages loop), a page that says more follow without saying where, or more pages than
    `max_pages`."""


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

    __slots__ = ("_cursor", "_next_url", "count", "items", "response")

    def __init__(
        self,
        items: Sequence[T_co],
        count: int | None,
        next_url: str | None,
        response: Response[Any],
        cursor: tuple[str, str | int] | None = None,
    ) -> None:
        self.items = items
        self.count = count
        self.response = response
        self._next_url = next_url
        # (argument, value): the next page is the same call with that argument.
        self._cursor = cursor

    def has_next_page(self) -> bool:
        """Whether the server says where a next page is."""
        return self._next_url is not None or self._cursor is not None

    def __repr__(self) -> str:
        # Not the link itself: it may carry a key sent in the query.
        return (
            f"Page(items={len(self.items)}, count={self.count}, "
            f"has_next_page={self.has_next_page()})"
        )


ItemsOf = Callable[[Any], object]
"""Where the items of a decoded page are (`lambda page: page.data`)."""


class PageStyle(Protocol):
    """A style of pagination: how a page is read from a response (its items where
    `items` says, if the style does not know), and where the next page is."""

    def page(
        self, response: Response[Any], operation: str, items: ItemsOf | None
    ) -> Page[Any]: ...


class DrfPages:
    """Django REST framework's pages (limit/offset, page number, cursor): the items in
    `results`, the next page at the full URL in `next`."""

    def page(
        self, response: Response[Any], operation: str, items: ItemsOf | None = None
    ) -> Page[Any]:
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


class LinkPages:
    """The next page at a URL the server gives, requested as it is: the value at the
    path `next` of JSON names in the page (`("links", "next")`), or with no path the
    target of the response's `Link` header with `rel="next"` (RFC 8288, GitHub's). A
    relative URL is read against the URL of the page that gave it."""

    __slots__ = ("next",)

    def __init__(self, next: tuple[str, ...] = ()) -> None:
        self.next = next

    def page(
        self, response: Response[Any], operation: str, items: ItemsOf | None
    ) -> Page[Any]:
        found = _items_of(response, operation, items)
        if self.next:
            link = _text_at(response.parsed, self.next, operation)
            if isinstance(link, str) and link and response.url:
                link = joined(response.url, link)
        else:
            link = link_target(response.headers.get_list("link"), "next", response.url)
        return Page(
            found, None, link if isinstance(link, str) and link else None, response
        )


class CursorPages:
    """The next page is the same call with the argument `argument` set to a cursor:
    the text at the path `token` of JSON names in the page (`("meta", "next_cursor")`),
    or else the field `last_id` of the page's last item (Stripe's `starting_after`).
    `more`: the path of the page's boolean that says whether another page follows
    (`has_more`); without it, a page without a cursor is the last."""

    __slots__ = ("argument", "last_id", "more", "token")

    def __init__(
        self,
        argument: str,
        *,
        token: tuple[str, ...] = (),
        last_id: str = "",
        more: tuple[str, ...] = (),
    ) -> None:
        self.argument = argument
        self.token = token
        self.last_id = last_id
        self.more = more

    def page(
        self, response: Response[Any], operation: str, items: ItemsOf | None
    ) -> Page[Any]:
        found = _items_of(response, operation, items)
        parsed = response.parsed
        if self.more:
            more = _text_at(parsed, self.more, operation)
            if not isinstance(more, bool):
                raise PaginationError(
                    f"{operation}: the page does not say whether another follows "
                    f"(no {'.'.join(self.more)}); stopped"
                )
            if not more:
                return Page(found, None, None, response)
        cursor = self._cursor(parsed, found, operation)
        if cursor is None:
            if self.more:
                raise PaginationError(
                    f"{operation}: the page says another follows but gives no cursor "
                    f"for {self.argument}; stopped"
                )
            return Page(found, None, None, response)
        return Page(found, None, None, response, (self.argument, cursor))

    def _cursor(
        self, parsed: object, found: Sequence[Any], operation: str
    ) -> str | int | None:
        if self.token:
            token = _text_at(parsed, self.token, operation)
        elif found:
            token = getattr(found[-1], self.last_id, None)
        else:
            token = None
        if isinstance(token, bool) or not isinstance(token, str | int) or token == "":
            return None
        return token


def _items_of(response: Response[Any], operation: str, items: ItemsOf | None) -> Any:
    """The items of a page (none for a null list, where the spec allows one);
    DecodeError when they are not there (a page decoded leniently that lost them
    would end the walk without a word)."""
    parsed = response.parsed
    found: object = () if items is None else items(parsed)
    found = () if found is None else found
    if not isinstance(found, Sequence) or isinstance(found, str | bytes):
        raise DecodeError(f"a page of {operation}", drift_of(parsed), parsed)
    return found


def _text_at(parsed: object, path: tuple[str, ...], operation: str) -> object:
    """The value at a path of JSON names in a decoded page (None where a step is
    missing); DecodeError when the payload there did not fit its schema (decoded
    leniently, it would look missing and end the walk early)."""
    issues = {issue.path for issue in drift_of(parsed)}
    value: object = parsed
    where = "$"
    for json_name in path:
        where = join(where, json_name)
        if where in issues:
            raise DecodeError(f"a page of {operation}", drift_of(parsed), parsed)
        value = _member(value, json_name)
    return value


def _member(value: object, json_name: str) -> object:
    """A property of a decoded object by its JSON name: a model's field, else one of
    its additional properties (where a union decoded as a member without that field
    keeps it), else a key of a plain JSON object."""
    plan = getattr(type(value), "json_names", None)
    names: object = plan() if callable(plan) else None
    if isinstance(names, dict):
        for name, each in names.items():
            if each == json_name:
                return getattr(value, name, None)
        value = getattr(value, "additional_properties", None)
    return value.get(json_name) if isinstance(value, dict) else None


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

    @overload
    def __init__(
        self,
        method: Callable[Concatenate[S, P], LinkedPage[T]],
        style: PageStyle = DRF_PAGES,
    ) -> None: ...
    @overload
    def __init__(
        self,
        method: Callable[Concatenate[S, P], R],
        style: PageStyle,
        items: Callable[[R], Sequence[T] | Unset | None],
    ) -> None: ...
    def __init__(
        self,
        method: Callable[..., Any],
        style: PageStyle = DRF_PAGES,
        items: ItemsOf | None = None,
    ) -> None:
        self._method = method
        self._style = style
        self._items = items

    # The overload of an instance first: see `WholeResponse` (operations.py).
    @overload
    def __get__(self, group: S, owner: type[Any]) -> Callable[P, Iterator[T]]: ...
    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    def __get__(
        self, group: S | None, owner: type[Any]
    ) -> Self | Callable[P, Iterator[T]]:
        if group is None:
            return self
        method, style, items = self._method, self._style, self._items

        def iterate(*args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
            for page in _walk(group, method, style, items, args, kwargs):
                yield from cast(Page[T], page).items

        return _named(iterate, method, "_iter")


class Pages(Generic[S, P, T]):
    """`<operation>_pages`: every page of a list operation of a sync group, as `Page`
    objects (the operation's arguments: the first page is the one they ask for)."""

    @overload
    def __init__(
        self,
        method: Callable[Concatenate[S, P], LinkedPage[T]],
        style: PageStyle = DRF_PAGES,
    ) -> None: ...
    @overload
    def __init__(
        self,
        method: Callable[Concatenate[S, P], R],
        style: PageStyle,
        items: Callable[[R], Sequence[T] | Unset | None],
    ) -> None: ...
    def __init__(
        self,
        method: Callable[..., Any],
        style: PageStyle = DRF_PAGES,
        items: ItemsOf | None = None,
    ) -> None:
        self._method = method
        self._style = style
        self._items = items

    @overload
    def __get__(self, group: S, owner: type[Any]) -> Callable[P, Iterator[Page[T]]]: ...
    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    def __get__(
        self, group: S | None, owner: type[Any]
    ) -> Self | Callable[P, Iterator[Page[T]]]:
        if group is None:
            return self
        method, style, items = self._method, self._style, self._items

        def iterate(*args: P.args, **kwargs: P.kwargs) -> Iterator[Page[T]]:
            return cast(
                Iterator[Page[T]], _walk(group, method, style, items, args, kwargs)
            )

        return _named(iterate, method, "_pages")


class AsyncItems(Generic[A, P, T]):
    """`<operation>_iter`: every item of every page of a list operation of an async
    group (the operation's arguments: the first page is the one they ask for)."""

    @overload
    def __init__(
        self,
        method: Callable[Concatenate[A, P], Coroutine[Any, Any, LinkedPage[T]]],
        style: PageStyle = DRF_PAGES,
    ) -> None: ...
    @overload
    def __init__(
        self,
        method: Callable[Concatenate[A, P], Coroutine[Any, Any, R]],
        style: PageStyle,
        items: Callable[[R], Sequence[T] | Unset | None],
    ) -> None: ...
    def __init__(
        self,
        method: Callable[..., Any],
        style: PageStyle = DRF_PAGES,
        items: ItemsOf | None = None,
    ) -> None:
        self._method = method
        self._style = style
        self._items = items

    @overload
    def __get__(self, group: A, owner: type[Any]) -> Callable[P, AsyncIterator[T]]: ...
    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    def __get__(
        self, group: A | None, owner: type[Any]
    ) -> Self | Callable[P, AsyncIterator[T]]:
        if group is None:
            return self
        method, style, items = self._method, self._style, self._items

        async def iterate(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
            async for page in _async_walk(group, method, style, items, args, kwargs):
                for item in cast(Page[T], page).items:
                    yield item

        return _named(iterate, method, "_iter")


class AsyncPages(Generic[A, P, T]):
    """`<operation>_pages`: every page of a list operation of an async group, as `Page`
    objects (the operation's arguments: the first page is the one they ask for)."""

    @overload
    def __init__(
        self,
        method: Callable[Concatenate[A, P], Coroutine[Any, Any, LinkedPage[T]]],
        style: PageStyle = DRF_PAGES,
    ) -> None: ...
    @overload
    def __init__(
        self,
        method: Callable[Concatenate[A, P], Coroutine[Any, Any, R]],
        style: PageStyle,
        items: Callable[[R], Sequence[T] | Unset | None],
    ) -> None: ...
    def __init__(
        self,
        method: Callable[..., Any],
        style: PageStyle = DRF_PAGES,
        items: ItemsOf | None = None,
    ) -> None:
        self._method = method
        self._style = style
        self._items = items

    @overload
    def __get__(
        self, group: A, owner: type[Any]
    ) -> Callable[P, AsyncIterator[Page[T]]]: ...
    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...
    def __get__(
        self, group: A | None, owner: type[Any]
    ) -> Self | Callable[P, AsyncIterator[Page[T]]]:
        if group is None:
            return self
        method, style, items = self._method, self._style, self._items

        def iterate(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[Page[T]]:
            walk = _async_walk(group, method, style, items, args, kwargs)
            return cast(AsyncIterator[Page[T]], walk)

        return _named(iterate, method, "_pages")


class _Walk:
    """The bookkeeping of one walk: which links and cursors were followed, how many
    pages, and where the next page is (the server's link, or the call's arguments with
    the cursor set)."""

    def __init__(
        self, client: _ClientBase, operation: str, kwargs: dict[str, Any]
    ) -> None:
        self.client = client
        self.operation = operation
        self.max_pages = _max_pages(operation, kwargs.pop("max_pages", MAX_PAGES))
        self.kwargs = kwargs
        self.url: str | None = None
        self.followed: set[object] = set()

    def go_on(self, page: Page[Any]) -> bool:
        """Whether a page follows `page`; if so, `url` or `kwargs` say where it is."""
        if page._next_url is not None:
            self.url = _same_origin(
                page._next_url, self.client.base_url, self.operation
            )
            self._count(self.url, "next link")
            return True
        if page._cursor is not None:
            argument, cursor = page._cursor
            self._count((argument, cursor), f"cursor for {argument}")
            self.kwargs = {**self.kwargs, argument: cursor}
            return True
        return False

    def _count(self, where: object, what: str) -> None:
        if where in self.followed:
            raise PaginationError(
                f"{self.operation}: the server's {what} repeats a page already "
                f"walked (after {len(self.followed) + 1} pages); stopped"
            )
        self.followed.add(where)
        if len(self.followed) >= self.max_pages:
            raise PaginationError(
                f"{self.operation}: more than {self.max_pages} pages; stopped (pass "
                "max_pages=... to walk further)"
            )


def _walk(
    group: SyncGroup,
    method: Callable[..., Any],
    style: PageStyle,
    items: ItemsOf | None,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Iterator[Page[Any]]:
    walk = _Walk(group._client, method.__name__, kwargs)
    while True:
        # A twin of the group that returns whole responses, and that sends the server's
        # link (with the operation's headers, credentials and retries) once there is one.
        twin = type(group)(group._client, whole_response=True, link=walk.url)
        response = method(twin, *args, **walk.kwargs)
        page = style.page(response, walk.operation, items)
        yield page
        if not walk.go_on(page):
            return


async def _async_walk(
    group: AsyncGroup,
    method: Callable[..., Any],
    style: PageStyle,
    items: ItemsOf | None,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> AsyncIterator[Page[Any]]:
    walk = _Walk(group._client, method.__name__, kwargs)
    while True:
        twin = type(group)(group._client, whole_response=True, link=walk.url)
        response = await method(twin, *args, **walk.kwargs)
        page = style.page(response, walk.operation, items)
        yield page
        if not walk.go_on(page):
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
