"""Calls the generated client against a peer and keeps what happened, for the judges.

Every call goes through the public API (`client.<group>.with_response.<name>`, sync or
async); nothing here reaches into the client's internals. Each call carries its number in
an `X-Wire-Call` header, and the HTTP clients' request hooks note every number that reached
the transport: `Outcome.sent` says whether the call sent anything at all (a body the client
refuses must be refused before a request exists).
"""

from __future__ import annotations

import asyncio
import re
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.wire.operations import Arguments, Operation

TOKEN = "cf-wire-0123456789abcdef"
HTTP_TIMEOUT = 30.0
CALL_HEADER = "X-Wire-Call"


@dataclass(frozen=True)
class Call:
    op: Operation
    label: str
    """What this call checks: required, all, form, multipart, patch-one, 404..."""
    arguments: Arguments
    headers: Mapping[str, str] = field(default_factory=dict)
    token: str | None = TOKEN
    use_async: bool = False
    credentials: Mapping[str, Any] = field(default_factory=dict)
    """Keyword credentials of the client (one per security scheme), beside `token`."""


@dataclass
class Outcome:
    call: Call
    result: Any = None
    """The client's Response (status_code, headers, content, parsed), when it returned."""
    error: BaseException | None = None
    seconds: float = 0.0
    number: int = 0
    """The call's number in its run (its `X-Wire-Call` header)."""
    sent: bool = False
    """A request of this call reached the HTTP transport."""

    @property
    def status(self) -> int | None:
        if self.result is not None:
            return int(self.result.status_code)
        response = getattr(self.error, "response", None)
        if response is not None:
            return int(response.status_code)
        code = getattr(self.error, "status_code", None)
        return None if code is None else int(code)

    @property
    def headers(self) -> Mapping[str, str]:
        if self.result is not None:
            headers: Mapping[str, str] = self.result.headers
            return headers
        response = getattr(self.error, "response", None)
        source = response if response is not None else self.error
        return getattr(source, "headers", {})

    @property
    def content(self) -> bytes:
        if self.result is not None:
            return bytes(self.result.content)
        response = getattr(self.error, "response", None)
        source = response if response is not None else self.error
        return bytes(getattr(source, "content", b""))

    def describe(self) -> str:
        if self.error is not None:
            return f"raised {type(self.error).__name__}: {str(self.error)[:300]}"
        return f"returned HTTP {self.status}"


# httpx's base Auth sends each request as it is. An httpx client with an `auth` of its own
# tells the generated client that the caller authenticates: the calls made without a token
# (to see the server's 401) are then sent without credentials instead of being refused.
SEND_AS_IS = httpx.Auth()


def run_calls(campfire: Any, base_url: str, calls: Sequence[Call], *, workers: int,
              keepalive: bool = True, timeout: float = HTTP_TIMEOUT) -> list[Outcome]:
    """Sync calls on `workers` threads, then async calls on one event loop (the same
    concurrency); with `workers=1` everything is sequential, in order. Without
    `keepalive`, each request has a connection of its own (Node's server closes idle
    ones after 5 s, and a request sent on one as it closes is reset: a race, not a
    verdict on the client)."""
    limits = (httpx.Limits(max_connections=100, max_keepalive_connections=20) if keepalive
              else httpx.Limits(max_connections=100, max_keepalive_connections=0))  # httpx's own

    numbered = list(enumerate(calls, start=1))
    sync_calls = [(n, c) for n, c in numbered if not c.use_async]
    async_calls = [(n, c) for n, c in numbered if c.use_async]
    sent: set[str] = set()  # the X-Wire-Call numbers the transport saw

    def seen(request: httpx.Request) -> None:
        sent.add(request.headers.get(CALL_HEADER, "?"))

    unknown_enum = getattr(campfire, "UnknownEnumValueWarning", Warning)
    with warnings.catch_warnings():
        # Values the spec's own examples add to enums are kept; the judges check them.
        warnings.simplefilter("ignore", unknown_enum)
        with httpx.Client(timeout=timeout, event_hooks={"request": [seen]},
                          auth=SEND_AS_IS, limits=limits) as http:
            def one(numbered_call: tuple[int, Call]) -> Outcome:
                return _sync(campfire, http, base_url, *numbered_call)

            if workers == 1:
                outcomes = [one(call) for call in sync_calls]
            else:
                with ThreadPoolExecutor(workers, thread_name_prefix="wire") as pool:
                    outcomes = list(pool.map(one, sync_calls))
        outcomes += asyncio.run(_run_async(campfire, base_url, async_calls, workers, seen,
                                           limits, timeout))
    for outcome in outcomes:
        outcome.sent = str(outcome.number) in sent
    return outcomes


def _client(campfire: Any, cls_name: str, base_url: str, http: Any, call: Call,
            number: int) -> Any:
    headers = dict(call.headers) | {CALL_HEADER: str(number)}
    # One exchange per call: the wire tests judge what one request and its answer do
    # (retries have their own tests, against a fault-injecting server).
    return getattr(campfire, cls_name)(call.token, base_url=base_url, http_client=http,
                                      headers=headers, max_retries=0, **call.credentials)


def _method(client: Any, op: Operation) -> Any:
    return getattr(getattr(client, op.group).with_response, op.name)


def _sync(campfire: Any, http: httpx.Client, base_url: str, number: int, call: Call) -> Outcome:
    outcome = Outcome(call, number=number)
    started = time.monotonic()
    client = _client(campfire, "Client", base_url, http, call, number)
    try:
        outcome.result = _method(client, call.op)(**call.arguments.keywords)
    except Exception as error:  # noqa: BLE001 - any failure of the client is judged later
        outcome.error = error
    outcome.seconds = time.monotonic() - started
    return outcome


async def _run_async(campfire: Any, base_url: str, calls: Sequence[tuple[int, Call]],
                     workers: int, seen: Callable[[httpx.Request], None],
                     limits: httpx.Limits, timeout: float) -> list[Outcome]:
    if not calls:
        return []
    gate = asyncio.Semaphore(workers)

    async def hook(request: httpx.Request) -> None:
        seen(request)

    async with httpx.AsyncClient(timeout=timeout, event_hooks={"request": [hook]},
                                 auth=SEND_AS_IS, limits=limits) as http:
        async def one(numbered_call: tuple[int, Call]) -> Outcome:
            number, call = numbered_call
            async with gate:
                outcome = Outcome(call, number=number)
                started = time.monotonic()
                client = _client(campfire, "AsyncClient", base_url, http, call, number)
                try:
                    outcome.result = await _method(client, call.op)(
                        **call.arguments.keywords)
                except Exception as error:  # noqa: BLE001 - judged later, as above
                    outcome.error = error
                outcome.seconds = time.monotonic() - started
                return outcome

        if workers == 1:
            return [await one(call) for call in calls]
        return list(await asyncio.gather(*(one(call) for call in calls)))


# --- what the client returned, as data ----------------------------------------------------


def as_json_data(value: Any) -> Any:
    """A parsed value as JSON data again (models through their own `to_dict`)."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [as_json_data(item) for item in value]
    if isinstance(value, dict):
        return {key: as_json_data(item) for key, item in value.items()}
    return value


def type_problem(models: Any, annotation: str, parsed: Any) -> str | None:
    """Why `parsed` is not of the declared type `annotation` (None when it is)."""
    if annotation == "None":
        return None if parsed is None else f"expected None, got {type(parsed).__name__}"
    if annotation == "Any":
        return None  # a schema that allows any JSON value
    if annotation == "bytes":
        return None if isinstance(parsed, bytes) else f"expected bytes, got {parsed!r:.60}"
    listed = re.fullmatch(r"list\[(\w+)\]", annotation)
    if listed:
        cls = getattr(models, listed.group(1))
        if isinstance(parsed, list) and all(isinstance(item, cls) for item in parsed):
            return None
        return f"expected {annotation}, got {parsed!r:.80}"
    if annotation.startswith("dict["):
        return None if isinstance(parsed, dict) else f"expected {annotation}, got {parsed!r:.60}"
    if re.fullmatch(r"\w+", annotation):
        cls = getattr(models, annotation)
        return None if isinstance(parsed, cls) else f"expected {annotation}, got {parsed!r:.80}"
    return f"no type check written for {annotation!r}"
