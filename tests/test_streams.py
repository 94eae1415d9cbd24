"""Streamed responses on the wire: a 200 MB download written to disk in bounded memory,
server-sent events and JSON lines read as they arrive, errors and retries of a stream,
the SSE parser's edge cases, and a `text/plain` body given as `str`.

A local HTTP server (a thread, real sockets) generates every body on the fly; a client
is generated from `SPEC` with the working tree's templates and runtime.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from generator.cli import main
from generator.load import load_inputs
from generator.model import types as t
from generator.model.build import Options, build_package
from tests.conftest import SHARED, require_shared
from tests.reporting import report

MB = 1024 * 1024
BIG = 200 * MB
CHUNK = 64 * 1024


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


PROBLEM = {"$ref": "#/components/schemas/Problem"}
TICK = {"$ref": "#/components/schemas/Tick"}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Streams", "version": "1"},
    "paths": {
        "/files/{name}": {"get": {
            "operationId": "download",
            "parameters": [{"name": "name", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "", "content": {"application/octet-stream": {
                    "schema": {"type": "string", "format": "binary"}}}},
                "404": {"description": "", "content": _json(PROBLEM)}}}},
        "/events/{case}": {"get": {
            "operationId": "watch",
            "parameters": [{"name": "case", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "", "content": {"text/event-stream": {
                    "schema": TICK}}},
                "400": {"description": "", "content": _json(PROBLEM)}}}},
        "/log/{case}": {"get": {
            "operationId": "tail",
            "parameters": [{"name": "case", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": {"description": "", "content": {"text/event-stream": {}}}}}},
        "/ticks/{case}": {"get": {
            "operationId": "ticks",
            "parameters": [{"name": "case", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": {"description": "", "content": {"application/x-ndjson": {
                "schema": TICK}}}}}},
        "/chat": {"post": {  # OpenAI's `stream: true`: JSON, or the events documented
            "operationId": "chat",
            "requestBody": {"required": True, "content": _json({
                "type": "object", "properties": {"stream": {"type": "boolean"}}})},
            "responses": {
                "200": {"description": "", "content": {
                    **_json({"$ref": "#/components/schemas/Reply"}),
                    "text/event-stream": {"schema": {"oneOf": [TICK, {
                        "$ref": "#/components/schemas/Reply"}]}}}},
                "400": {"description": "", "content": _json(PROBLEM)}}}},
        "/notes": {"post": {
            "operationId": "note",
            "requestBody": {"required": True, "content": {"text/plain": {
                "schema": {"type": "string"}}}},
            "responses": {"204": {"description": ""}}}},
        "/latin": {"post": {
            "operationId": "latin_note",
            "requestBody": {"required": True, "content": {"text/plain; charset=latin-1": {
                "schema": {"type": "string"}}}},
            "responses": {"204": {"description": ""}}}},
    },
    "components": {"schemas": {
        "Tick": {"type": "object", "required": ["n"], "properties": {
            "n": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}}},
        "Problem": {"type": "object", "properties": {"detail": {"type": "string"}}},
        "Reply": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string"}}},
    }},
}


def pattern(size: int) -> Iterator[bytes]:
    """`size` bytes in CHUNK pieces, each different (the count of the piece, repeated)."""
    sent = 0
    index = 0
    while sent < size:
        piece = (index.to_bytes(4, "big") * (CHUNK // 4))[: size - sent]
        yield piece
        sent += len(piece)
        index += 1


class Server:
    """The local server: every body generated as it is sent; `gate` holds back the
    last item of a slow stream until the test has read the first one."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.requests: list[str] = []
        self.attempts: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                server.attempts[self.path] = server.attempts.get(self.path, 0) + 1
                server.answer(self, self.path, server.attempts[self.path])

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    def answer(self, handler: BaseHTTPRequestHandler, path: str, attempt: int) -> None:
        def head(status: int, kind: str, length: int | None = None) -> None:
            handler.send_response(status)
            handler.send_header("Content-Type", kind)
            if length is None:
                handler.send_header("Connection", "close")
            else:
                handler.send_header("Content-Length", str(length))
            handler.end_headers()

        if path.startswith("/files/big"):
            size = int(path.rpartition("/")[2].removeprefix("big") or BIG)
            head(200, "application/octet-stream", size)
            for piece in pattern(size):
                handler.wfile.write(piece)
        elif path == "/files/missing":
            body = json.dumps({"detail": "no such file"}).encode()
            head(404, "application/json", len(body))
            handler.wfile.write(body)
        elif path == "/files/busy" and attempt == 1:
            head(503, "application/json", 2)
            handler.wfile.write(b"{}")
        elif path == "/files/busy":
            head(200, "application/octet-stream", 5)
            handler.wfile.write(b"ready")
        elif path == "/files/cut":  # promises 1 MB, sends 1000 bytes, hangs up
            head(200, "application/octet-stream", MB)
            handler.wfile.write(b"x" * 1000)
            handler.wfile.flush()
            handler.close_connection = True
        elif path in ("/events/slow", "/log/slow"):
            head(200, "text/event-stream")
            handler.wfile.write(b": hello\n\nid: 1\ndata: {\"n\": 1}\n\n")
            handler.wfile.flush()
            # The last event only once the test has read the first: a client that waits
            # for the whole body gets the first alone, 10 s later.
            if self.gate.wait(10):
                handler.wfile.write(b"event: tock\ndata: {\"n\": 2}\n\n")
        elif path == "/events/bad":
            body = json.dumps({"detail": "bad"}).encode()
            head(400, "application/json", len(body))
            handler.wfile.write(body)
        elif path == "/ticks/slow":
            head(200, "application/x-ndjson")
            handler.wfile.write(b'{"n": 1}\n')
            handler.wfile.flush()
            if self.gate.wait(10):
                handler.wfile.write(b'\n{"n": 2, "at": "2026-01-02T03:04:05Z"}')
        else:
            head(418, "text/plain", 0)

    def stop(self) -> None:
        self.gate.set()
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture(scope="module")
def client_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("streams")
    (folder / "spec.yaml").write_text(yaml.safe_dump(SPEC), "utf-8")
    assert main(["generate", str(folder / "spec.yaml"), "-o", str(folder / "out"),
                 "--package-name", "streams_client"]) == 0
    sys.path.insert(0, str(folder / "out"))
    try:
        module = importlib.import_module("streams_client")
        module.__dict__["_out"] = folder / "out"
        yield module
    finally:
        sys.path.remove(str(folder / "out"))


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def quick_retries(client_module: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.import_module("streams_client._runtime.retries"),
                        "WAIT_SCALE", 0.001)


def test_a_200_mb_download_is_written_in_bounded_memory(client_module: Any, server: Server,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "big.bin"
    with client_module.Client(base_url=server.url) as client:
        tracemalloc.start()
        try:
            start, _ = tracemalloc.get_traced_memory()
            with client.default.with_streaming_response.download("big") as response:
                assert response.status_code == 200
                assert response.headers["content-length"] == str(BIG)
                written = response.write_to(target)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    rise = (peak - start) / MB
    report(f"stream: {written // MB} MB written, peak +{rise:.1f} MB")
    assert written == BIG == target.stat().st_size
    expected = 0
    for piece in pattern(BIG):
        expected = zlib.crc32(piece, expected)
    found = 0
    with target.open("rb") as file:
        while piece := file.read(MB):
            found = zlib.crc32(piece, found)
    assert found == expected
    assert rise < 50


def test_bytes_text_and_lines_stream_and_the_connection_closes(client_module: Any,
                                                                server: Server) -> None:
    with client_module.Client(base_url=server.url) as client:
        with client.default.with_streaming_response.download(f"big{3 * CHUNK}") as body:
            chunks = list(body.iter_bytes())
        assert b"".join(chunks) == b"".join(pattern(3 * CHUNK))
        assert body._response.is_closed
        with client.default.with_streaming_response.tail("slow") as text:
            server.gate.set()
            lines = list(text.iter_lines())
        assert lines == [": hello", "", "id: 1", 'data: {"n": 1}', "", "event: tock",
                         'data: {"n": 2}', ""]


def test_an_error_status_raises_the_plain_calls_error(client_module: Any,
                                                      server: Server) -> None:
    with client_module.Client(base_url=server.url) as client:
        with pytest.raises(client_module.NotFoundError) as raised, \
                client.default.with_streaming_response.download("missing"):
            pass
        assert raised.value.parsed.detail == "no such file"
        with pytest.raises(client_module.BadRequestError) as bad:
            client.default.watch("bad")
        assert bad.value.parsed.detail == "bad"


def test_a_stream_is_retried_before_its_body_and_never_after(client_module: Any,
                                                             server: Server,
                                                             tmp_path: Path) -> None:
    with client_module.Client(base_url=server.url) as client:
        with client.default.with_streaming_response.download("busy") as response:
            assert b"".join(response.iter_bytes()) == b"ready"
            assert response.retries == 1
        with client.default.with_streaming_response.download("cut") as response, \
                pytest.raises(client_module.ApiConnectionError, match="not retried"):
            response.write_to(tmp_path / "cut.bin")
    assert server.attempts["/files/busy"] == 2
    assert server.attempts["/files/cut"] == 1  # the GET was not sent again mid-body


def test_events_arrive_before_the_stream_ends(client_module: Any, server: Server) -> None:
    with client_module.Client(base_url=server.url) as client:
        with client.default.watch("slow") as events:
            first = next(events)  # the server holds the last one back until the gate opens
            server.gate.set()
            rest = list(events)
        assert isinstance(first.data, client_module.models.Tick)
        assert (first.event, first.id, first.data.n) == ("message", "1", 1)
        assert [(e.event, e.id, e.data.n) for e in rest] == [("tock", "1", 2)]
        assert events.response._response.is_closed


def test_json_lines_arrive_before_the_stream_ends(client_module: Any,
                                                  server: Server) -> None:
    with client_module.Client(base_url=server.url) as client:
        ticks = client.default.ticks("slow")
        first = next(ticks)
        server.gate.set()
        last = next(ticks)
        assert (first.n, last.n, last.at.year) == (1, 2, 2026)
        with pytest.raises(StopIteration):
            next(ticks)
        assert ticks.response._response.is_closed  # read to the end: closed


def test_async_streams(client_module: Any, server: Server, tmp_path: Path) -> None:
    async def run() -> None:
        async with client_module.AsyncClient(base_url=server.url) as client:
            target = tmp_path / "small.bin"
            streaming = client.default.with_streaming_response
            async with streaming.download(f"big{5 * MB}") as response:
                assert await response.write_to(target) == 5 * MB
            assert target.read_bytes() == b"".join(pattern(5 * MB))
            async with streaming.download(f"big{CHUNK}") as response:
                lines = [line async for line in response.iter_lines()]
            assert lines == ["\x00" * CHUNK]  # the first piece: the count 0, repeated
            async with await client.default.watch("slow") as events:
                first = await anext(events)
                server.gate.set()
                rest = [event async for event in events]
            assert [first.data.n] + [e.data.n for e in rest] == [1, 2]
            ticks = await client.default.ticks("slow")
            assert [tick.n async for tick in ticks] == [1, 2]
            with pytest.raises(client_module.NotFoundError):
                async with streaming.download("missing"):
                    pass

    asyncio.run(run())


def sse(client_module: Any, chunks: list[bytes], op: str = "tail",
        kind: str = "text/event-stream") -> list[Any]:
    """The items a MockTransport's body, sent in these chunks, gives."""
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": kind}, content=iter(chunks))

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = client_module.Client(base_url="http://api.test", http_client=http)
    with getattr(client.default, op)("x") as items:
        return list(items)


SSE_EDGES = [b"\xef\xbb\xbf: comment\r\n", b"data: one\r", b"\ndata:two\r\r",
             b"event: named\nid: 7\nretry: 1500\ndata\ndata:  three \n\n",
             b"id: 8\0\nretry: soon\ndata: keeps 7\n\n",
             b"id\ndata: \xc3", b"\xa9\n\n", b"data: unfinished"]
SSE_EXPECTED = [
    ("message", "one\ntwo", "", None),
    ("named", "\n three ", "7", 1500),
    ("message", "keeps 7", "7", 1500),
    ("message", "é", "", 1500),
]


def test_sse_parsing_follows_the_whatwg_rules(client_module: Any) -> None:
    events = sse(client_module, SSE_EDGES)
    assert [(e.event, e.data, e.id, e.retry) for e in events] == SSE_EXPECTED


def test_any_streamed_response_reads_as_events(client_module: Any) -> None:
    """`iter_events()`: an operation whose plain call reads something else (OpenAI's
    `stream: true` answers), sync and async; a latin-1 charset does not apply to SSE."""
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"".join(SSE_EDGES), headers={
            "Content-Type": "application/octet-stream; charset=latin-1"})

    transport = httpx.MockTransport(answer)
    client = client_module.Client(base_url="http://api.test",
                                  http_client=httpx.Client(transport=transport))
    with client.default.with_streaming_response.download("x") as response:
        events = list(response.iter_events())
    assert [(e.event, e.data, e.id, e.retry) for e in events] == SSE_EXPECTED

    async def run() -> list[Any]:
        http = httpx.AsyncClient(transport=transport)
        client = client_module.AsyncClient(base_url="http://api.test", http_client=http)
        async with client.default.with_streaming_response.download("x") as response:
            return [event async for event in response.iter_events()]

    found = asyncio.run(run())
    assert [(e.event, e.data, e.id, e.retry) for e in found] == SSE_EXPECTED


CHAT_EVENTS = (b'data: {"n": 1}\n\nevent: done\ndata: {"text": "hi"}\n\n'
               b"data: [DONE]\n\n")


def _chat(request: httpx.Request) -> httpx.Response:
    """JSON, or with `stream: true` the documented events ended by OpenAI's `[DONE]`."""
    if json.loads(request.content).get("stream"):
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"},
                              content=CHAT_EVENTS)
    return httpx.Response(200, json={"text": "whole"})


def test_an_event_stream_alternative_to_json_is_typed(client_module: Any) -> None:
    """A success that declares JSON and `text/event-stream`: the plain call reads the JSON;
    `with_streaming_response`'s `iter_events()` decodes each `data` with the event
    stream's schema (sync and async), and OpenAI's closing `[DONE]` is no event."""
    models = client_module.models
    transport = httpx.MockTransport(_chat)
    client = client_module.Client(base_url="http://api.test",
                                  http_client=httpx.Client(transport=transport))
    body = models.ChatBody(stream=True)
    assert client.default.chat(body=models.ChatBody()) == models.Reply(text="whole")
    with client.default.with_streaming_response.chat(body=body) as response:
        events = list(response.iter_events())
    assert [(e.event, e.data, e.text) for e in events] == [
        ("message", models.Tick(n=1), '{"n": 1}'),
        ("done", models.Reply(text="hi"), '{"text": "hi"}')]
    with client.default.with_streaming_response.chat(body=body) as response:
        assert [line for line in response.iter_lines() if line][-1] == "data: [DONE]"

    async def run() -> list[Any]:
        http = httpx.AsyncClient(transport=transport)
        client = client_module.AsyncClient(base_url="http://api.test", http_client=http)
        assert await client.default.chat(body=models.ChatBody()) == models.Reply(text="whole")
        async with client.default.with_streaming_response.chat(body=body) as response:
            return [event async for event in response.iter_events()]

    assert [(e.event, e.data) for e in asyncio.run(run())] == [
        (e.event, e.data) for e in events]


def test_alternative_event_data_is_decoded_strictly(client_module: Any) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"},
                              content=b'data: {"n": "one"}\n\n')

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = client_module.Client(base_url="http://api.test", http_client=http)
    with client.default.with_streaming_response.chat(body=client_module.models.ChatBody(
            stream=True)) as response, pytest.raises(client_module.ResponseDecodeError,
                                                     match="200 response of chat"):
        list(response.iter_events())


def test_openais_stream_true_operations_get_typed_events() -> None:
    """Every OpenAI operation whose success declares `text/event-stream` beside the body
    its plain call reads (JSON; speech: audio) has its events typed by that media type's
    schema (the classes the `$ref`, or the `oneOf` of `$ref`s, names); no other has."""
    source = require_shared(SHARED / "corpus" / "specs" / "openai-31.yaml")
    # The loader's reading of the document (a fast YAML reader; PyYAML's takes 10 s here).
    workspace = load_inputs([str(source)])
    document = workspace.spec
    expected: dict[str, set[str]] = {}
    for item in document["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for response in operation["responses"].values():
                content = response.get("content", {})
                schema = content.get("text/event-stream", {}).get("schema")
                if schema is not None and len(content) > 1:
                    expected[operation["operationId"]] = _referenced(document, schema)
    package = build_package(workspace, Options(package="openai_client"))
    found = {op.operation_id: {named.name for r in op.responses if r.events is not None
                               for named in t.classes_in(r.events)}
             for group in package.groups for op in group.operations
             if any(r.events is not None for r in op.responses)}
    report(f"streams[openai-31]: {len(found)} operations read JSON (or bytes) and offer "
           f"typed events: {', '.join(sorted(found))}")
    assert len(expected) == 7
    assert found == expected


def _referenced(document: dict[str, Any], schema: dict[str, Any]) -> set[str]:
    """The component names a schema's `$ref` (or its `oneOf`/`anyOf` of them) reaches."""
    if "$ref" in schema:
        name = schema["$ref"].rpartition("/")[2]
        target = document["components"]["schemas"][name]
        members = target.get("oneOf") or target.get("anyOf")
        return set().union(*(_referenced(document, m) for m in members)) if members \
            else {name}
    return set().union(*(_referenced(document, m)
                         for m in schema.get("oneOf") or schema.get("anyOf") or []))


def test_sse_data_is_decoded_strictly(client_module: Any) -> None:
    events = sse(client_module, [b'data: {"n": 5,\ndata: "at": "2026-01-02T03:04:05Z"}\n\n'],
                 "watch")
    assert (events[0].data.n, events[0].data.at.day) == (5, 2)
    with pytest.raises(client_module.ResponseDecodeError, match="200 response of watch"):
        sse(client_module, [b"data: [DONE]\n\n"], "watch")
    with pytest.raises(client_module.ResponseDecodeError):
        sse(client_module, [b'data: {"n": "five"}\n\n'], "watch")


def test_json_lines_and_blank_lines(client_module: Any) -> None:
    ticks = sse(client_module, [b'{"n": 1}\r\n\r\n{"n"', b': 2}\n{"n": 3}'], "ticks",
                "application/x-ndjson")
    assert [tick.n for tick in ticks] == [1, 2, 3]


def test_a_text_body_takes_str(client_module: Any) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = client_module.Client(base_url="http://api.test", http_client=http)
    client.default.note(body="café")
    client.default.latin_note(body="café")
    assert [r.content for r in sent] == ["café".encode(), "café".encode("latin-1")]
    with pytest.raises(client_module.EncodingError, match="latin-1"):
        client.default.latin_note(body="€")
    assert len(sent) == 2


USER_SCRIPT = '''
import asyncio
from pathlib import Path
from typing import assert_type

from streams_client import AsyncClient, Client
from streams_client.models import ChatBody, Reply, Tick


def sync(client: Client) -> None:
    client.default.note(body="text")
    with client.default.with_streaming_response.download("a") as response:
        code: int = response.status_code
        size: int = response.write_to(Path("out.bin"))
        for chunk in response.iter_bytes():
            data: bytes = chunk
        for each in response.iter_events():
            assert_type(each.data, str)
    reply: Reply = client.default.chat(body=ChatBody())
    with client.default.with_streaming_response.chat(body=ChatBody(stream=True)) as chat:
        for typed in chat.iter_events():
            assert_type(typed.data, Tick | Reply)
    with client.default.watch("x") as events:
        for event in events:
            tick: Tick = event.data
            name: str = event.event
    for item in client.default.ticks("x"):
        also: Tick = item


async def run(client: AsyncClient) -> None:
    await client.default.note(body="text")
    async with client.default.with_streaming_response.download("a") as response:
        size: int = await response.write_to("out.bin")
        async for line in response.iter_lines():
            text: str = line
    reply: Reply = await client.default.chat(body=ChatBody())
    streaming = client.default.with_streaming_response
    async with streaming.chat(body=ChatBody(stream=True)) as chat:
        async for typed in chat.iter_events():
            assert_type(typed.data, Tick | Reply)
    async with await client.default.watch("x") as events:
        async for event in events:
            tick: Tick = event.data
    async for item in await client.default.ticks("x"):
        also: Tick = item
'''


def test_the_streaming_api_type_checks(client_module: Any, tmp_path: Path) -> None:
    """mypy --strict on a caller's script: `str` bodies, the context managers, the
    types of events and items (sync and async)."""
    script = tmp_path / "user.py"
    script.write_text(USER_SCRIPT, "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        cwd=client_module._out, capture_output=True, text=True, timeout=600, check=False,
        env={"MYPYPATH": str(client_module._out), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stdout + done.stderr
