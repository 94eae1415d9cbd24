"""A fault-injecting HTTP/1.1 server on 127.0.0.1, and a generated client to meet it.

Every case lives under its own first path segment (`/<case>/memos/`): `plan(case,
*faults)` gives the base URL of a case whose attempts meet the faults in order (the
last one repeats). Each request is recorded (method, path, headers) and counted. Real
sockets, one request per connection (`Connection: close`), a thread per connection;
every loop is bounded in count and time, and `stop()` cuts every wait short.

Faults: an answer (`answer`), a connection reset before any byte of an answer
(`RESET`), an answer slower than the client's read timeout (`slow`), a body cut short
of its Content-Length (`cut_short`), a body that trickles in (`trickle`).

The client is a copy of the golden drf_idioms client (`generated/drf_idioms/`) with the
working tree's runtime (`templates/static/_runtime/`), imported under a name of the
test module's choosing (`idioms_package`).
"""

from __future__ import annotations

import importlib
import json
import socket
import socketserver
import struct
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.golden_copy import golden_with_runtime

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "generated" / "drf_idioms" / "drf_idioms_client"
LONGEST = 5.0  # no wait of the server lasts longer, whatever a case asks
MEMO = {"id": 7, "created_at": "2026-01-02T03:04:05Z", "is_deleted": False,
        "number": "M-7", "amount": "10.00", "lines": []}
PAGE = {"count": 0, "next": None, "previous": None, "results": []}


@dataclass(frozen=True)
class Fault:
    kind: str  # answer | reset | slow | short | trickle
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # slow: before the answer; trickle: between pieces
    pieces: int = 1


def answer(status: int = 200, body: object = None, **headers: str) -> Fault:
    """An HTTP answer (a JSON body unless bytes); `headers` with `_` for `-`."""
    content = body if isinstance(body, bytes) else b"" if body is None else \
        json.dumps(body).encode()
    return Fault("answer", status, content,
                 {name.replace("_", "-"): value for name, value in headers.items()})


RESET = Fault("reset")


def slow(seconds: float, body: object = None) -> Fault:
    return Fault("slow", 200, answer(200, body).body, delay=seconds)


def cut_short(body: object) -> Fault:
    return Fault("short", 200, answer(200, body).body)


def trickle(body: object, pieces: int, interval: float) -> Fault:
    return Fault("trickle", 200, answer(200, body).body, delay=interval, pieces=pieces)


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


class FaultServer:
    """The server (`start`/`stop`); `plan` a case, then read what it saw (`seen`)."""

    def __init__(self) -> None:
        self._plans: dict[str, list[Fault]] = {}
        self._seen: dict[str, list[Seen]] = {}
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(LONGEST)

    def plan(self, case: str, *faults: Fault) -> str:
        """The base URL of a new case whose attempts meet `faults` in order."""
        assert case not in self._plans and "/" not in case and faults
        with self._lock:
            self._plans[case] = list(faults)
            self._seen[case] = []
        return f"http://127.0.0.1:{self.port}/{case}"

    def seen(self, case: str) -> list[Seen]:
        with self._lock:
            return list(self._seen[case])

    def cases(self) -> dict[str, list[Seen]]:
        with self._lock:
            return {case: list(seen) for case, seen in self._seen.items()}

    def _next(self, seen: Seen) -> Fault:
        case = seen.path.split("/")[1]
        with self._lock:
            if case not in self._plans:
                return answer(404, {"detail": f"no case {case!r}"})
            self._seen[case].append(seen)
            faults = self._plans[case]
            return faults.pop(0) if len(faults) > 1 else faults[0]


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FaultServer

    def shutdown_request(self, request: Any) -> None:
        try:  # a reset case has closed it already
            request.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        request.close()


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(LONGEST)
        reader = sock.makefile("rb")
        try:
            method, target, _ = reader.readline(8192).decode("latin-1").split(" ", 2)
            headers: dict[str, str] = {}
            for _ in range(200):
                line = reader.readline(8192).decode("latin-1")
                if line in ("\r\n", "\n", ""):
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = reader.read(int(headers.get("content-length", "0") or 0))
        except (OSError, ValueError):
            return
        fault = self.server.owner._next(Seen(method, target.split("?")[0], headers, body))
        self._perform(sock, fault)

    def _perform(self, sock: socket.socket, fault: Fault) -> None:
        stopping = self.server.owner.stopping
        if fault.kind == "reset":  # RST, not FIN: SO_LINGER with a zero timeout
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
            return
        if fault.kind == "slow" and stopping.wait(min(fault.delay, LONGEST)):
            return
        length = len(fault.body) + (5 if fault.kind == "short" else 0)
        head = [f"HTTP/1.1 {fault.status} X", f"Content-Length: {length}",
                "Content-Type: application/json", "Connection: close",
                *(f"{name}: {value}" for name, value in fault.headers.items())]
        try:
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
            if fault.kind != "trickle":
                sock.sendall(fault.body)
                return
            size = max(1, -(-len(fault.body) // max(1, fault.pieces)))
            for start in range(0, len(fault.body), size):  # at most `pieces` rounds
                if start and stopping.wait(min(fault.delay, LONGEST)):
                    return
                sock.sendall(fault.body[start:start + size])
        except OSError:
            return


def free_port() -> int:
    """A port nothing listens on (bound, then released): connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def idioms_package(folder: Path, name: str) -> ModuleType:
    """The golden drf_idioms client, with the working tree's runtime, as package `name`."""
    return golden_with_runtime(GOLDEN, folder, name, preload=("client", "api.ledger"))


def make_client(pkg: ModuleType, kind: str, token: str | None, base_url: str,
                **settings: Any) -> Any:
    """`pkg.Client` or `pkg.AsyncClient` with these settings; those the generated
    constructor does not take yet (max_retries, idempotency_header, user_agent, issue 11)
    go to the runtime's base class directly."""
    cls = getattr(pkg, kind)
    try:
        return cls(token, base_url=base_url, **settings)
    except TypeError as error:
        if "unexpected keyword argument" not in str(error):
            raise
    rt = importlib.import_module(f"{pkg.__name__}._runtime")
    base = rt.SyncClientBase if kind == "Client" else rt.AsyncClientBase
    client = cls.__new__(cls)
    settings.setdefault("timeout", 30.0)
    settings.setdefault("headers", None)
    settings.setdefault("http_client", None)
    base.__init__(client, token, base_url, sys.modules[f"{pkg.__name__}.client"].SECURITY,
                  form_style="drf", **settings)
    return client
