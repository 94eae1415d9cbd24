"""The per-call overhead of a generated client against raw httpx, on one connection pool.

    python bench/overhead.py               # prints the medians and the ratio (JSON last)
    python bench/run.py --overhead         # the same, as a row of the bench table

The client is the golden drf_idioms client (generated/drf_idioms/) with the working tree's
runtime (templates/static/_runtime/), copied to a temporary folder: what a fresh clone
holds, so nothing needs generating. The server is Python's own threaded HTTP/1.1 server
in another process on 127.0.0.1, answering `GET /health` with a small JSON object
(keep-alive). The generated client is given the same `httpx.Client` as raw httpx uses
(`http_client=`); each round times `calls` calls of raw httpx (`http.get(url).json()`)
and as many of the operation (`client.default.health_check()`, which builds the
request, sends it with its retry policy and decodes the model), the two alternating
which goes first. The ratio is ours / raw of the median seconds per call; target <= 1.3.
"""

from __future__ import annotations

import importlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "generated" / "drf_idioms" / "drf_idioms_client"
RUNTIME = ROOT / "templates" / "static" / "_runtime"
TARGET = 1.3
BODY = json.dumps({"ok": True, "checked_at": "2026-07-01T12:00:00Z"}).encode()


class _Health(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the pool reuses its connection
    disable_nagle_algorithm = True  # else each answer waits for a delayed ACK (40 ms)

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve() -> None:
    """The server process: prints its port, serves until its stdin closes."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()


def measure(rounds: int, calls: int) -> dict[str, float]:
    import httpx

    server = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        with tempfile.TemporaryDirectory(prefix="campfire-overhead-") as folder:
            package = Path(folder) / "overhead_client"
            shutil.copytree(GOLDEN, package,
                            ignore=shutil.ignore_patterns("__pycache__", "_runtime"))
            shutil.copytree(RUNTIME, package / "_runtime",
                            ignore=shutil.ignore_patterns("__pycache__"))
            sys.path.insert(0, folder)
            # Made just above from the golden client: a package of this run, not a
            # dependency, so it is imported by name.
            client_package = importlib.import_module("overhead_client")

            with httpx.Client(timeout=30.0) as http:
                client = client_package.Client(None, base_url=url, http_client=http)
                health = f"{url}/health"

                def raw() -> None:
                    http.get(health).json()

                def ours() -> None:
                    client.default.health_check()

                samples: dict[str, list[float]] = {"raw": [], "ours": []}
                for _ in range(200):  # warm up: connection, model compilation
                    raw()
                    ours()
                for index in range(rounds):
                    order = [("raw", raw), ("ours", ours)]
                    for name, call in order if index % 2 else order[::-1]:
                        start = time.perf_counter()
                        for _ in range(calls):
                            call()
                        samples[name].append((time.perf_counter() - start) / calls)
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(10)
    raw_median = statistics.median(samples["raw"])
    ours_median = statistics.median(samples["ours"])
    return {"raw_us": raw_median * 1e6, "ours_us": ours_median * 1e6,
            "ratio": ours_median / raw_median, "calls": rounds * calls}


def main() -> int:
    if sys.argv[1:] == ["--serve"]:
        serve()
        return 0
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    result = measure(rounds, 500)
    print(f"per-call overhead vs raw httpx: ours {result['ours_us']:.0f} us, raw "
          f"{result['raw_us']:.0f} us per call ({result['calls']:,} calls each, "
          f"alternating): ratio {result['ratio']:.2f} (target <= {TARGET})", flush=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
