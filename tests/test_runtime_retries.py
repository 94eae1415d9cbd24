"""Retries that never double-post, proven against a fault-injecting server.

Every case runs through the generated drf_idioms client (a copy with the working tree's
runtime, tests/fault_server.py), sync and async, against real sockets: connection reset
before any answer, an answer slower than the read timeout, 429 with `Retry-After` in
seconds, as an HTTP date and as `retry-after-ms`, bursts of 503, a body cut short of its
Content-Length, a body that trickles, a refused connection. The server counts the
attempts of each case and records their headers. Nothing sleeps between attempts: the
`sleeps` fixture records the waits the client asks for instead (tests assert on them, never
on elapsed time), and the log still shows each one.

The rule under test: GET, HEAD, OPTIONS, PUT and DELETE may be sent again; POST and
PATCH only with an idempotency key (the same on every attempt), or when the request
never left (the connection was refused). The module ends with one summary line:
`faults: N cases (sync and async), attempts counted A, posts doubled 0`.
"""

from __future__ import annotations

import asyncio
import email.utils
import importlib
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.fault_server import (
    MEMO,
    PAGE,
    RESET,
    FaultServer,
    answer,
    cut_short,
    free_port,
    idioms_package,
    make_client,
    slow,
    trickle,
)
from tests.reporting import report

TOKEN = "faults-secret-token-4242"
MODES = ["sync", "async"]
KEY_HEADERS = ("idempotency-key", "x-once")  # the idempotency headers the cases configure
COUNTED = {"cases": 0, "attempts": 0}  # those no server saw (refused connections)


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return idioms_package(tmp_path_factory.mktemp("faults"), "faults_client")


@pytest.fixture(scope="module")
def rt(pkg: ModuleType) -> Any:
    return importlib.import_module(f"{pkg.__name__}._runtime")


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    faults = FaultServer().start()
    try:
        yield faults
    finally:
        faults.stop()
    seen = faults.cases()
    doubled = sum(1 for calls in seen.values() if _unkeyed_writes(calls) > 1)
    attempts = sum(len(calls) for calls in seen.values()) + COUNTED["attempts"]
    line = (f"faults: {len(seen) + COUNTED['cases']} cases (sync and async), attempts counted {attempts}, "
            f"posts doubled {doubled}")
    report(line)  # in the closing summary, under -q and xdist too
    assert doubled == 0, line


def _unkeyed_writes(calls: list[Any]) -> int:
    return sum(1 for seen in calls
               if seen.method in ("POST", "PATCH")
               and not any(name in seen.headers for name in KEY_HEADERS))


class _RecordingTime:
    """The `time` module as the runtime's transport sees it, whose `sleep` records."""

    def __init__(self, waits: list[float]) -> None:
        self.waits = waits

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@pytest.fixture(autouse=True)
def sleeps(rt: Any, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits between attempts, in order, recorded instead of slept. The sync loop
    sleeps with `time.sleep` through transport's `time` (replaced here alone: the fault
    server's threads sleep for real); the async loop with `asyncio.sleep`, looked up when
    it waits (httpx's anyio holds its own reference, so only the runtime's waits land)."""
    waits: list[float] = []
    monkeypatch.setattr(rt.transport, "time", _RecordingTime(waits))
    pause = asyncio.sleep

    async def recorded(delay: float, result: Any = None) -> Any:
        waits.append(delay)
        return await pause(0, result)

    monkeypatch.setattr(asyncio, "sleep", recorded)
    return waits


def announced(waits: list[float]) -> list[float]:
    """`waits` as the INFO lines print them (two decimals)."""
    return [float(f"{wait:.2f}") for wait in waits]


def run(pkg: ModuleType, mode: str, base_url: str, operation: str, *args: Any,
        settings: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """One operation of the ledger group (`with_response.x` too), on a fresh client."""
    settings = {"timeout": 2.0, **(settings or {})}

    def method(client: Any) -> Callable[..., Any]:
        target = client.ledger
        for part in operation.split("."):
            target = getattr(target, part)
        return target

    if mode == "sync":
        with make_client(pkg, "Client", TOKEN, base_url, **settings) as client:
            return method(client)(*args, **kwargs)

    async def main() -> Any:
        async with make_client(pkg, "AsyncClient", TOKEN, base_url, **settings) as client:
            return await method(client)(*args, **kwargs)

    return asyncio.run(main())


def body(pkg: ModuleType) -> Any:
    return pkg.models.MemoRequest(number="M-7", amount=Decimal("10.00"), lines=[])


def retry_waits(caplog: pytest.LogCaptureFixture) -> list[float]:
    """The waits the INFO lines announce ("retry 1 of 2 in 0.50 s (...)")."""
    return [float(record.getMessage().split(" in ")[1].split(" s")[0])
            for record in caplog.records
            if record.levelno == logging.INFO and ": retry " in record.getMessage()]


# Reads: sent again -------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_reset_before_any_answer_is_tried_again(pkg: ModuleType, server: FaultServer,
                                                  mode: str) -> None:
    url = server.plan(f"reset-get-{mode}", RESET, answer(200, PAGE))
    response = run(pkg, mode, url, "with_response.memos_list")
    assert response.status_code == 200 and response.retries == 1
    assert len(server.seen(f"reset-get-{mode}")) == 2


@pytest.mark.parametrize("mode", MODES)
def test_resets_beyond_max_retries_raise_a_connection_error(
        pkg: ModuleType, server: FaultServer, mode: str) -> None:
    url = server.plan(f"reset-all-{mode}", RESET)
    with pytest.raises(pkg._runtime.ApiConnectionError) as caught:
        run(pkg, mode, url, "memos_list")
    assert caught.value.retries == 2 and "after 2 retries" in str(caught.value)
    assert not isinstance(caught.value, TimeoutError)
    assert len(server.seen(f"reset-all-{mode}")) == 3


@pytest.mark.parametrize("mode", MODES)
def test_an_answer_slower_than_the_read_timeout(pkg: ModuleType, server: FaultServer,
                                                mode: str) -> None:
    url = server.plan(f"slow-{mode}", slow(1.0, PAGE), answer(200, PAGE))
    response = run(pkg, mode, url, "with_response.memos_list", settings={"timeout": 0.3})
    assert response.retries == 1 and len(server.seen(f"slow-{mode}")) == 2
    url = server.plan(f"slow-all-{mode}", slow(1.0, PAGE))
    with pytest.raises(pkg._runtime.ApiTimeoutError) as caught:  # per-call limits
        run(pkg, mode, url, "memos_list", timeout=0.2, max_retries=1)
    assert isinstance(caught.value, TimeoutError) and caught.value.retries == 1
    assert len(server.seen(f"slow-all-{mode}")) == 2


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_in_seconds_is_honoured(pkg: ModuleType, server: FaultServer,
                                            mode: str, caplog: pytest.LogCaptureFixture,
                                            sleeps: list[float]) -> None:
    caplog.set_level(logging.INFO, logger="faults_client")
    url = server.plan(f"retry-after-{mode}", answer(429, {"detail": "slow down"},
                                                    Retry_After="1"), answer(200, PAGE))
    response = run(pkg, mode, url, "with_response.memos_list")
    assert response.retries == 1 and sleeps == [1.0] and retry_waits(caplog) == [1.0]


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_as_an_http_date_is_honoured(pkg: ModuleType, server: FaultServer,
                                                 mode: str, caplog: pytest.LogCaptureFixture,
                                                 sleeps: list[float]) -> None:
    caplog.set_level(logging.INFO, logger="faults_client")
    when = email.utils.formatdate(time.time() + 3, usegmt=True)
    url = server.plan(f"retry-date-{mode}", answer(429, b"", Retry_After=when),
                      answer(200, PAGE))
    assert run(pkg, mode, url, "with_response.memos_list").retries == 1
    [wait] = sleeps
    # The date has whole seconds: 2 to 3 s ahead when made, less the moment until the
    # client reads it; never the backoff's 0.5 s.
    assert 1.0 < wait <= 3.0
    assert retry_waits(caplog) == announced(sleeps)


@pytest.mark.parametrize("mode", MODES)
def test_retry_after_ms_is_honoured(pkg: ModuleType, server: FaultServer, mode: str,
                                    caplog: pytest.LogCaptureFixture,
                                    sleeps: list[float]) -> None:
    caplog.set_level(logging.INFO, logger="faults_client")
    url = server.plan(f"retry-ms-{mode}", answer(503, b"", retry_after_ms="250",
                                                 Retry_After="30"), answer(200, PAGE))
    assert run(pkg, mode, url, "with_response.memos_list").retries == 1
    assert sleeps == [0.25] and retry_waits(caplog) == [0.25]  # retry-after-ms first


@pytest.mark.parametrize("mode", MODES)
def test_a_wait_over_the_cap_is_not_retried(pkg: ModuleType, server: FaultServer,
                                            mode: str, sleeps: list[float]) -> None:
    url = server.plan(f"retry-long-{mode}", answer(429, b"", Retry_After="120",
                                                   x_request_id="req-429"))
    with pytest.raises(pkg._runtime.RateLimitError) as caught:
        run(pkg, mode, url, "memos_list")
    assert caught.value.retries == 0 and caught.value.request_id == "req-429"
    assert "wait of 120 s, over the 60 s limit" in str(caught.value)
    assert len(server.seen(f"retry-long-{mode}")) == 1 and sleeps == []


@pytest.mark.parametrize("mode", MODES)
def test_a_burst_of_503(pkg: ModuleType, server: FaultServer, mode: str,
                        caplog: pytest.LogCaptureFixture, sleeps: list[float]) -> None:
    caplog.set_level(logging.INFO, logger="faults_client")
    burst = [answer(503, {"detail": "busy"}, x_request_id="r-503")] * 3
    url = server.plan(f"burst-{mode}", *burst, answer(200, PAGE))
    with pytest.raises(pkg._runtime.InternalServerError) as caught:
        run(pkg, mode, url, "memos_list")
    error = caught.value
    assert (error.status_code, error.retries, error.request_id) == (503, 2, "r-503")
    assert isinstance(error, pkg.ApiError) and "after 2 retries" in str(error)
    waits = list(sleeps)  # 0.5 s then 1 s, less up to a quarter
    assert len(waits) == 2 and 0.375 <= waits[0] <= 0.5 and 0.75 <= waits[1] <= 1.0
    assert retry_waits(caplog) == announced(waits)
    url = server.plan(f"burst-more-{mode}", *burst, answer(200, PAGE))
    response = run(pkg, mode, url, "with_response.memos_list", max_retries=3)
    assert response.retries == 3 and len(server.seen(f"burst-more-{mode}")) == 4
    assert len(sleeps) == 5 and 1.5 <= sleeps[4] <= 2.0  # the third wait: 2 s less a quarter
    url = server.plan(f"burst-none-{mode}", *burst)
    with pytest.raises(pkg._runtime.InternalServerError):
        run(pkg, mode, url, "memos_list", settings={"max_retries": 0})
    assert len(server.seen(f"burst-none-{mode}")) == 1 and len(sleeps) == 5


@pytest.mark.parametrize("mode", MODES)
def test_a_body_cut_short_and_a_body_that_trickles(pkg: ModuleType, server: FaultServer,
                                                   mode: str) -> None:
    url = server.plan(f"short-{mode}", cut_short(PAGE), answer(200, PAGE))
    assert run(pkg, mode, url, "with_response.memos_list").retries == 1
    # Longer than the read timeout in all, not between pieces: the timeout is per read.
    dribble, timeout = trickle(PAGE, 8, 0.1), 0.3
    assert dribble.delay < timeout < dribble.pieces * dribble.delay
    url = server.plan(f"trickle-{mode}", dribble)
    response = run(pkg, mode, url, "with_response.memos_list", timeout=timeout)
    assert response.retries == 0 and response.parsed.count == 0
    assert len(server.seen(f"trickle-{mode}")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_the_server_may_say_whether_to_retry(pkg: ModuleType, server: FaultServer,
                                             mode: str) -> None:
    url = server.plan(f"should-not-{mode}", answer(503, b"", x_should_retry="false"))
    with pytest.raises(pkg._runtime.InternalServerError) as caught:
        run(pkg, mode, url, "memos_list")
    assert "x-should-retry: false" in str(caught.value)
    assert len(server.seen(f"should-not-{mode}")) == 1
    url = server.plan(f"should-{mode}", answer(409, b"", x_should_retry="true"),
                      answer(200, PAGE))
    assert run(pkg, mode, url, "with_response.memos_list").retries == 1


@pytest.mark.parametrize("mode", MODES)
def test_delete_is_tried_again(pkg: ModuleType, server: FaultServer, mode: str) -> None:
    url = server.plan(f"delete-{mode}", answer(502), RESET, answer(204))
    assert run(pkg, mode, url, "with_response.memos_destroy", "7").retries == 2
    assert [seen.method for seen in server.seen(f"delete-{mode}")] == ["DELETE"] * 3


# Writes: never twice without a key ---------------------------------------------------


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # memos_void is deprecated
@pytest.mark.parametrize("mode", MODES)
def test_a_post_without_a_key_meets_a_503_once(pkg: ModuleType, server: FaultServer,
                                               mode: str) -> None:
    """memos_void: a POST the spec does not say honours the idempotency header (only
    memos_create declares it), so the client sends no key of its own and never repeats
    it."""
    url = server.plan(f"post-503-{mode}", answer(503, b""), answer(204, b""))
    with pytest.raises(pkg._runtime.InternalServerError) as caught:
        run(pkg, mode, url, "memos_void", "7")
    assert caught.value.retries == 0
    assert "not retried: a POST without an idempotency key" in str(caught.value)
    [seen] = server.seen(f"post-503-{mode}")
    assert "idempotency-key" not in seen.headers


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # memos_void is deprecated
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fault", ["reset", "slow", "short"])
def test_a_post_that_may_have_arrived_is_never_sent_again(
        pkg: ModuleType, server: FaultServer, mode: str, fault: str) -> None:
    first = {"reset": RESET, "slow": slow(1.0, MEMO), "short": cut_short(MEMO)}[fault]
    url = server.plan(f"post-{fault}-{mode}", first, answer(204, b""))
    expected = pkg._runtime.ApiTimeoutError if fault == "slow" else \
        pkg._runtime.ApiConnectionError
    with pytest.raises(expected) as caught:
        run(pkg, mode, url, "memos_void", "7", timeout=0.3)
    assert caught.value.retries == 0 and "without an idempotency key" in str(caught.value)
    assert len(server.seen(f"post-{fault}-{mode}")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_patch_without_a_key_is_sent_once(pkg: ModuleType, server: FaultServer,
                                            mode: str) -> None:
    url = server.plan(f"patch-{mode}", answer(500, b""), answer(200, MEMO))
    with pytest.raises(pkg._runtime.InternalServerError):
        run(pkg, mode, url, "memos_partial_update", "7", body=pkg.models.PatchedMemo())
    assert len(server.seen(f"patch-{mode}")) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_create_that_honours_the_spec_header_is_retried_with_one_key(
        pkg: ModuleType, server: FaultServer, mode: str) -> None:
    """memos_create declares `Idempotency-Key`: the generated client sends a fresh key and
    may repeat it, with the same key."""
    url = server.plan(f"post-spec-key-{mode}", answer(503, b""), answer(201, MEMO))
    response = run(pkg, mode, url, "with_response.memos_create", body=body(pkg))
    assert response.status_code == 201 and response.retries == 1
    keys = {seen.headers["idempotency-key"] for seen in server.seen(f"post-spec-key-{mode}")}
    assert len(keys) == 1


@pytest.mark.parametrize("mode", MODES)
def test_with_an_idempotency_header_a_post_is_retried_with_one_key(
        pkg: ModuleType, server: FaultServer, mode: str) -> None:
    keyed = {"idempotency_header": "Idempotency-Key"}
    faults = (answer(503, b""), RESET, answer(201, MEMO))
    url = server.plan(f"post-keyed-{mode}", *faults)
    response = run(pkg, mode, url, "with_response.memos_create", body=body(pkg),
                   settings=keyed)
    assert response.status_code == 201 and response.retries == 2
    keys = [seen.headers["idempotency-key"] for seen in server.seen(f"post-keyed-{mode}")]
    assert len(keys) == 3 and len(set(keys)) == 1 and uuid.UUID(keys[0]).version == 4
    url = server.plan(f"post-keyed-again-{mode}", *faults)  # a new call: a new key
    run(pkg, mode, url, "memos_create", body=body(pkg), settings=keyed)
    again = {seen.headers["idempotency-key"] for seen in server.seen(
        f"post-keyed-again-{mode}")}
    assert len(again) == 1 and again != set(keys)


@pytest.mark.parametrize("mode", MODES)
def test_a_callers_own_key_is_used_as_given(pkg: ModuleType, server: FaultServer,
                                            mode: str) -> None:
    url = server.plan(f"post-own-{mode}", answer(503, b""), answer(201, MEMO))
    run(pkg, mode, url, "memos_create", body=body(pkg), idempotency_key=f"mine-{mode}")
    keys = [seen.headers.get("idempotency-key") for seen in server.seen(f"post-own-{mode}")]
    assert keys == [f"mine-{mode}"] * 2  # no header configured: the key alone allows it
    url = server.plan(f"patch-own-{mode}", answer(503, b""), answer(200, MEMO))
    run(pkg, mode, url, "memos_partial_update", "7", body=pkg.models.PatchedMemo(),
        idempotency_key="k-2", settings={"idempotency_header": "X-Once"})
    assert [seen.headers.get("x-once") for seen in server.seen(f"patch-own-{mode}")] == \
        ["k-2", "k-2"]


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_connection_is_retried_even_for_a_post(pkg: ModuleType, mode: str
                                                         ) -> None:
    """The request never left: sending it again cannot do it twice."""
    attempts: list[httpx.Request] = []

    def hook(request: httpx.Request) -> None:
        attempts.append(request)

    async def ahook(request: httpx.Request) -> None:
        attempts.append(request)

    url = f"http://127.0.0.1:{free_port()}/refused"
    http = httpx.Client(event_hooks={"request": [hook]}) if mode == "sync" else \
        httpx.AsyncClient(event_hooks={"request": [ahook]})
    with pytest.raises(pkg._runtime.ApiConnectionError) as caught:
        run(pkg, mode, url, "memos_create", body=body(pkg), settings={"http_client": http})
    assert caught.value.retries == 2 and "ConnectError" in str(caught.value)
    assert [request.method for request in attempts] == ["POST"] * 3
    assert TOKEN not in str(caught.value)
    COUNTED["cases"] += 1
    COUNTED["attempts"] += len(attempts)
    if mode == "sync":
        http.close()
    else:
        asyncio.run(http.aclose())


@pytest.mark.parametrize("mode", MODES)
def test_an_event_hook_sees_every_attempt(pkg: ModuleType, server: FaultServer,
                                          mode: str) -> None:
    """httpx's event hooks are the documented middleware: they see each retry too."""
    seen: list[tuple[str, str | None]] = []

    def hook(request: httpx.Request) -> None:
        seen.append((request.method, request.headers.get("idempotency-key")))

    async def ahook(request: httpx.Request) -> None:
        hook(request)

    url = server.plan(f"hook-{mode}", answer(503, b""), answer(201, MEMO))
    http = httpx.Client(event_hooks={"request": [hook]}) if mode == "sync" else \
        httpx.AsyncClient(event_hooks={"request": [ahook]})
    run(pkg, mode, url, "memos_create", body=body(pkg), idempotency_key="hooked",
        settings={"http_client": http})
    assert seen == [("POST", "hooked")] * 2
    if mode == "sync":
        http.close()
    else:
        asyncio.run(http.aclose())
