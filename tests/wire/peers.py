"""Starting and stopping the Prism peers: 127.0.0.1 only, free ports, bounded waits."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "node_modules" / ".bin" / "prism"
START_TIMEOUT = 90.0
STOP_TIMEOUT = 10.0


def require_prism() -> Path:
    """The Prism executable; skip (fail under CI) with the reason when it is not installed."""
    if PRISM.exists():
        return PRISM
    message = (f"Prism is not installed ({PRISM.relative_to(ROOT)} is missing): run `npm ci` "
               "in the project folder (see README, Wire tests)")
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must install it")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port



class NotReady(RuntimeError):
    """The peer was still starting when its time was up (it did not exit)."""

class PrismServer:
    """`prism mock SPEC --errors` (and `-d --seed` when dynamic) on a free local port."""

    def __init__(self, spec: Path, log: Path, *, dynamic: bool,
                 start_timeout: float = START_TIMEOUT) -> None:
        self.start_timeout = start_timeout
        self.name = "prism-dynamic" if dynamic else "prism-static"
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [str(require_prism()), "mock", str(spec), "--errors",
                   "--host", "127.0.0.1", "--port", str(self.port)]
        if dynamic:
            command += ["--dynamic", "--seed", "campfire-wire"]
        self.command = command
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("wb") as sink:
            self._process = subprocess.Popen(
                self.command, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=ROOT, start_new_session=True)

    def wait_ready(self) -> None:
        """Until Prism answers HTTP (any status), its process ends, or the time is up."""
        assert self._process is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self._process.returncode}:\n"
                                   f"{self.log_tail()}")
            try:
                httpx.get(self.base_url + "/", timeout=1.0)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        raise NotReady(f"{self.name} did not answer within {self.start_timeout:.0f} s:\n"
                       f"{self.log_tail()}")

    def stop(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)  # the group of the process started here
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(STOP_TIMEOUT)

    def log_tail(self, lines: int = 30) -> str:
        if not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text("utf-8", "replace").splitlines()[-lines:])
