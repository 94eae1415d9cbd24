"""Every error the client raises, and its warnings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .values import Issue, Response, redacted

if TYPE_CHECKING:
    import httpx


class ClientError(Exception):
    """Base class of every error this client raises; `retries`: how many times the call
    was tried again before it (0 when it failed first time or before sending)."""

    retries = 0

    def __reduce__(self) -> tuple[Any, ...]:
        # Not `cls(*args)`: the subclasses take other arguments than `args`.
        return (_rebuilt, (type(self), self.args, self.__dict__))


E = TypeVar("E", bound=BaseException)


class DecodeError(ClientError, ValueError):
    """A payload does not fit its schema; lists every offending JSON path.

    `partial` is what did decode: the model with every field that fits, the fields
    that do not left UNSET (None when the payload is not even of the right JSON kind).
    """

    def __init__(
        self, target: str, issues: Sequence[Issue], partial: Any = None
    ) -> None:
        self.target = target
        self.issues = tuple(issues)
        self.partial = partial
        count = len(self.issues)
        listing = "; ".join(str(issue) for issue in self.issues)
        plural = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {plural} decoding {target}: {listing}")


def _rebuilt(cls: type[E], args: tuple[Any, ...], state: dict[str, Any]) -> E:
    """An error rebuilt from its pickled state (its class takes other arguments)."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class UnknownEnumValueWarning(UserWarning):
    """The server sent an enum value this client does not know; it was kept as is."""


class ResponseDriftWarning(UserWarning):
    """A response did not fit its schema and was returned leniently, as far as it
    decoded (`lenient=True`); its issues are on the result (`drift_of`)."""


class ApiError(ClientError):
    """The server answered with an error status or one the API does not document.

    `parsed` is the documented error model (None when none fits), `request_id` the
    server's `x-request-id` (or `request-id`), `retries` how many times the call was
    tried again first. A subclass per status: catch `NotFoundError`, `RateLimitError`...

    `field_errors`: for a 400 from a Django REST framework API, each message by the
    JSON path of its field (`{"lines[1].amount": ["A valid number is required."]}`,
    `non_field_errors`, `detail`), read from DRF's own shape whether or not the spec
    documents it; empty for any other error.
    """

    note = ""

    def __init__(
        self,
        operation: str,
        status_code: int,
        headers: httpx.Headers,
        content: bytes,
        parsed: object = None,
        field_errors: Mapping[str, list[str]] | None = None,
    ) -> None:
        self.operation = operation
        self.status_code = status_code
        self.headers = redacted(headers)
        self.content = content
        self.parsed = parsed
        self.field_errors: Mapping[str, list[str]] = dict(field_errors or {})
        self.request_id: str | None = headers.get("x-request-id") or headers.get(
            "request-id"
        )
        super().__init__(operation, status_code)

    def __str__(self) -> str:
        request = f" (request {self.request_id})" if self.request_id else ""
        note = f" [{self.note}]" if self.note else ""
        excerpt = _listing(self.field_errors) or _excerpt(self.content)
        return f"{self.operation}: HTTP {self.status_code}{request} {excerpt}{note}"


class BadRequestError(ApiError):
    """400 Bad Request."""


class AuthenticationError(ApiError):
    """401 Unauthorized: no credentials, or not valid ones."""


class PermissionDeniedError(ApiError):
    """403 Forbidden."""


class NotFoundError(ApiError):
    """404 Not Found."""


class ConflictError(ApiError):
    """409 Conflict."""


class UnprocessableEntityError(ApiError):
    """422 Unprocessable Entity."""


class RateLimitError(ApiError):
    """429 Too Many Requests (when retries did not get past it)."""


class InternalServerError(ApiError):
    """Any 5xx status."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class(status: int) -> type[ApiError]:
    """The ApiError subclass of a status."""
    found = _BY_STATUS.get(status)
    return found or (InternalServerError if 500 <= status < 600 else ApiError)


class ResponseDecodeError(DecodeError):
    """A documented response did not fit its schema; the raw response is kept
    (`response`), with what did decode (`partial`) and every issue (`issues`)."""

    def __init__(
        self,
        operation: str,
        response: Response[None],
        issues: Sequence[Issue],
        partial: Any = None,
    ) -> None:
        self.response = response
        self.operation = operation
        super().__init__(
            f"the {response.status_code} response of {operation}", issues, partial
        )


class EncodingError(ClientError, ValueError):
    """A value cannot be sent as it is (a datetime without a UTC offset, a None that a
    form cannot say...): raised before anything is sent, naming the field."""

    def __init__(
        self,
        reason: str,
        path: tuple[str | int, ...] = (),
        *,
        where: str = "request body",
        operation: str | None = None,
    ) -> None:
        self.reason = reason
        self.path = path
        self.where = where
        self.operation = operation
        super().__init__(reason, path, where, operation)

    @property
    def field(self) -> str:
        """The field's path in the body (`lines[0].description`); "" for the whole."""
        text = ""
        for key in self.path:
            if isinstance(key, int):
                text += f"[{key}]"
            else:
                text += f".{key}" if text else key
        return text

    def within(self, key: str | int) -> EncodingError:
        """The same error one level up: `key` is where the value sits in its parent."""
        return EncodingError(
            self.reason, (key, *self.path), where=self.where, operation=self.operation
        )

    def placed(
        self, where: str | None = None, operation: str | None = None
    ) -> EncodingError:
        """The same error, saying which part of the request (and which call) it is."""
        return EncodingError(
            self.reason,
            self.path,
            where=self.where if where is None else where,
            operation=self.operation if operation is None else operation,
        )

    def __str__(self) -> str:
        head = f"{self.operation}: " if self.operation else ""
        field = self.field
        place = f"{self.where} field {field}" if field else self.where
        return f"{head}cannot send {place}: {self.reason}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_encoding_error, (self.reason, self.path, self.where, self.operation))


def _encoding_error(
    reason: str, path: tuple[str | int, ...], where: str, operation: str | None
) -> EncodingError:
    return EncodingError(reason, path, where=where, operation=operation)


class MissingCredentialError(ClientError):
    """An operation needs credentials the client was not given: raised before anything
    is sent. `alternatives` lists the client keywords that would do, each tuple of
    keywords together; the message names them (never a credential)."""

    def __init__(
        self,
        operation: str,
        alternatives: Sequence[tuple[str, ...]],
        positional: str | None = None,
    ) -> None:
        self.operation = operation
        self.alternatives = tuple(tuple(keywords) for keywords in alternatives)

        def named(keyword: str) -> str:
            twin = " (or the positional token)" if keyword == positional else ""
            return f"{keyword}={twin}"

        choices = " or ".join(
            " and ".join(named(keyword) for keyword in keywords)
            for keywords in self.alternatives
        )
        super().__init__(
            f"{operation} needs credentials this client was not given: "
            f"create the client with {choices}"
        )


class TokenError(ClientError):
    """The OAuth2 token endpoint gave no access token for the client credentials (RFC
    6749 §5.2): `status` (None when the answer was a 200 without a usable token),
    `error` (the endpoint's code: `invalid_client`, `invalid_scope`...) and
    `description`. Raised before the call itself is sent; never holds the secret."""

    def __init__(
        self,
        url: str,
        reason: str,
        status: int | None = None,
        error: str | None = None,
        description: str | None = None,
    ) -> None:
        self.url = url
        self.status = status
        self.error = error
        self.description = description
        super().__init__(f"no access token from {url}: {reason}")


class TransportError(ClientError):
    """The request did not get a usable HTTP answer: `ApiTimeoutError` (no answer in
    time) or `ApiConnectionError` (no connection, or one that broke)."""

    def __init__(self, message: str, operation: str = "", retries: int = 0) -> None:
        self.operation = operation
        self.retries = retries
        super().__init__(message)


class ApiTimeoutError(TransportError, TimeoutError):
    """No answer in time (connect, write, read or pool timeout); a `TimeoutError`."""


class ApiConnectionError(TransportError):
    """No connection (refused, unknown host, TLS), or one that broke before the whole
    answer came (reset, cut short, unreadable)."""


def _listing(field_errors: Mapping[str, list[str]], shown: int = 3) -> str:
    """The first few field errors (`price: Ensure that...; lines[1].amount: ...`)."""
    pairs = [(path, text) for path, texts in field_errors.items() for text in texts]
    listing = "; ".join(f"{path}: {_cut(text, 120)}" for path, text in pairs[:shown])
    more = len(pairs) - shown
    return f"{listing}; and {more} more" if more > 0 else listing


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _excerpt(content: bytes, limit: int = 200) -> str:
    text = content.decode("utf-8", "replace").strip()
    return text if len(text) <= limit else text[:limit] + "..."
