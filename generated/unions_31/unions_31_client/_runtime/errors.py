"""Every error the client raises, and the warning about unknown enum values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .values import Response

if TYPE_CHECKING:
    import httpx


class ClientError(Exception):
    """Base class of every error this client raises."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found while decoding: where (a JSON path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DecodeError(ClientError, ValueError):
    """A payload does not fit its schema; lists every offending JSON path."""

    def __init__(self, target: str, issues: Sequence[Issue]) -> None:
        self.target = target
        self.issues = tuple(issues)
        count = len(self.issues)
        listing = "; ".join(str(issue) for issue in self.issues)
        plural = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {plural} decoding {target}: {listing}")


class UnknownEnumValueWarning(UserWarning):
    """The server sent an enum value this client does not know; it was kept as is."""


class ApiError(ClientError):
    """The server answered with an error status or one the API does not document."""

    def __init__(
        self,
        operation: str,
        status_code: int,
        headers: httpx.Headers,
        content: bytes,
        parsed: object = None,
    ) -> None:
        self.operation = operation
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.parsed = parsed
        super().__init__(f"{operation}: HTTP {status_code} {_excerpt(content)}")


class ResponseDecodeError(DecodeError):
    """A documented response did not fit its schema; the raw response is kept."""

    def __init__(
        self, operation: str, response: Response[None], issues: Sequence[Issue]
    ) -> None:
        self.response = response
        super().__init__(f"the {response.status_code} response of {operation}", issues)


class TransportError(ClientError):
    """The request did not get an HTTP answer (connection, timeout, protocol)."""


def _excerpt(content: bytes, limit: int = 200) -> str:
    text = content.decode("utf-8", "replace").strip()
    return text if len(text) <= limit else text[:limit] + "..."
