"""Which failed attempts are sent again, after how long; the log of every attempt.

Tried again (up to the client's `max_retries`, 2 by default): a connection that failed
or broke, a timeout, and statuses 408, 429, 500, 502, 503 and 504, after the wait the
server asks for (`retry-after-ms`, `Retry-After`) or else 0.5 s doubling up to 8 s,
less up to a quarter at random. A POST or PATCH is sent again only with an
idempotency key, or when it never left (no connection): else it may have been carried
out once already. docs/parsing-policy.md, "Retries", says why.
"""

from __future__ import annotations

import os
import random
import time
from typing import TYPE_CHECKING, Final

from .errors import ApiConnectionError, ApiTimeoutError, TransportError

if TYPE_CHECKING:
    import datetime
    import logging

    import httpx

STATUSES: Final = frozenset({408, 429, 500, 502, 503, 504})
LONGEST_WAIT: Final = 60.0
"""A server asking for a longer wait is not tried again (the error says so)."""
WAIT_SCALE = 1.0
"""What every wait is multiplied by: tests make it small; the log shows the wait asked."""
PACKAGE: Final = __name__.rpartition("._runtime")[0] or "_runtime"
_log: logging.Logger | None = None


def logger() -> logging.Logger:
    """The package's logger (`logging.getLogger("<package>")`). Logging is configured
    only when `<PACKAGE>_LOG` (e.g. `CAMPFIRE_CLIENT_LOG=debug`) is set: its records
    then go to stderr too."""
    global _log
    if _log is None:
        import logging

        _log = logging.getLogger(PACKAGE)
        level = os.environ.get(f"{PACKAGE.rpartition('.')[2].upper()}_LOG", "")
        if level.upper() in ("DEBUG", "INFO"):
            handler = logging.StreamHandler()
            handler.setFormatter(
                logging.Formatter("%(name)s %(levelname)s %(message)s")
            )
            _log.addHandler(handler)
            _log.setLevel(level.upper())
    return _log


def server_wait(headers: httpx.Headers) -> float | None:
    """The wait the server asks for, in seconds (None: none, or unreadable)."""
    text = headers.get("retry-after-ms")
    scale = 1000.0 if text is not None else 1.0
    text = text if text is not None else headers.get("retry-after")
    if text is None:
        return None
    try:
        return float(text) / scale
    except ValueError:
        pass
    import email.utils

    try:
        return email.utils.parsedate_to_datetime(text).timestamp() - time.time()
    except (TypeError, ValueError):
        return None


class Attempts:
    """The attempts of one call: each one logged, and whether (and when) to try again.

    `outcome` is the last answer, or the error that ended the call without one."""

    def __init__(
        self,
        operation: str,
        request: httpx.Request,
        lenient: bool,
        repeatable: bool,
        limit: int,
        *,
        server_timezone: datetime.tzinfo | None = None,
        auth: httpx.Auth | None = None,
    ) -> None:
        self.operation = operation
        self.auth = auth  # puts obtained tokens on the request (`token_flow.py`)
        self.request = request
        self.lenient = lenient
        self.server_timezone = server_timezone
        self.repeatable = repeatable
        self.limit = limit
        self.retries = 0
        self.note = ""
        self.started = 0.0
        self.outcome: httpx.Response | TransportError | None = None
        self.log = logger()

    def begin(self) -> httpx.Request:
        self.started = time.perf_counter()
        return self.request

    def answered(self, response: httpx.Response) -> float | None:
        """The wait before the next attempt after this answer; None: no other."""
        self.outcome = response
        status = response.status_code
        self._debug(status)
        if status < 400:
            return None
        should = response.headers.get("x-should-retry")
        if should == "false":
            self.note = "the server said x-should-retry: false"
            return None
        if status not in STATUSES and should != "true":
            return None
        return self._again(f"HTTP {status}", server_wait(response.headers), False)

    def failed(self, error: Exception) -> float | None:
        """The wait before the next attempt after this error; None: no other (the
        error to raise is then `outcome`)."""
        import httpx

        self._debug(type(error).__name__)
        unsent = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
        transient = (httpx.TimeoutException, httpx.NetworkError)
        wait = None
        if isinstance(error, (*transient, httpx.RemoteProtocolError)):
            wait = self._again(type(error).__name__, None, isinstance(error, unsent))
        if wait is None:
            kind = (
                ApiTimeoutError
                if isinstance(error, httpx.TimeoutException)
                else ApiConnectionError
            )
            note = f" [{self.note}]" if self.note else ""
            message = f"{self.operation}: {type(error).__name__}: {error}{note}"
            self.outcome = kind(message, self.operation, self.retries)
        return wait

    def _again(self, reason: str, wait: float | None, unsent: bool) -> float | None:
        if self.retries >= self.limit:
            plural = "retry" if self.retries == 1 else "retries"
            self.note = f"after {self.retries} {plural}" if self.retries else ""
            return None
        if not (self.repeatable or unsent):
            self.note = (
                f"not retried: a {self.request.method} without an idempotency key "
                "may have been carried out"
            )
            return None
        if wait is not None and wait > LONGEST_WAIT:
            self.note = (
                f"not retried: the server asked for a wait of {wait:.0f} s, "
                f"over the {LONGEST_WAIT:.0f} s limit"
            )
            return None
        if wait is not None and wait > 0:
            delay = wait
        else:  # backoff with jitter: 0.5 s doubling up to 8 s, less up to a quarter
            delay = min(0.5 * 2**self.retries, 8.0) * (1 - 0.25 * random.random())
        self.retries += 1
        self.log.info(
            "%s: retry %d of %d in %.2f s (%s)",
            self.operation,
            self.retries,
            self.limit,
            delay,
            reason,
        )
        return delay * WAIT_SCALE

    def _debug(self, result: object) -> None:
        if self.log.isEnabledFor(10):  # DEBUG
            self.log.debug(
                "%s: %s %s -> %s in %.1f ms (attempt %d)",
                self.operation,
                self.request.method,
                self.request.url.path,
                result,
                (time.perf_counter() - self.started) * 1000,
                self.retries + 1,
            )
