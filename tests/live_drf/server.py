"""Starting and stopping the live service, and writing its schema: 127.0.0.1 only, a free
port, bounded waits, the server's stderr in every error."""

from __future__ import annotations

import importlib.util
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.live_drf.service import (
    API_PREFIX,
    DB_ENV,
    HEALTH_PATH,
    PASSWORD_ENV,
    SETTINGS_MODULE,
    TOKEN_ENV,
    USERNAME,
)

ROOT = Path(__file__).resolve().parents[2]
SERVICE = "tests.live_drf.service"
REQUIRED = {"django": "django", "rest_framework": "djangorestframework",
            "drf_spectacular": "drf-spectacular", "django_filters": "django-filter"}
# The expense claims service (tests/live_drf/expenses) needs Pillow for its ImageField.
IMAGES = {"PIL": "Pillow"}
START_TIMEOUT = 20.0
STOP_TIMEOUT = 5.0
SCHEMA_TIMEOUT = 60.0


def require_drf(extra: dict[str, str] | None = None,
                what: str = "the live DRF service") -> None:
    """Skip (fail under CI=true) when a package `what` needs is not importable
    (REQUIRED, and `extra`: module -> package)."""
    missing = [package for module, package in {**REQUIRED, **(extra or {})}.items()
               if importlib.util.find_spec(module) is None]
    if not missing:
        return
    message = (f"{what} needs {', '.join(missing)}: "
               "`python3 -m pip install -e '.[test]'`")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI must install the test extra)")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return "(nothing)"
    return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:]) or "(empty)"


@dataclass(frozen=True)
class LiveServer:
    base_url: str  # http://127.0.0.1:PORT
    api_url: str  # base_url + /coa/api/v1/
    token: str
    db_path: Path
    stderr_path: Path
    password: str | None = None  # set for basic and session authentication
    username: str = USERNAME

    @property
    def auth_header(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.token}"}


class LiveProcess:
    """`python -m tests.live_drf.service --port PORT` with its own SQLite file in `folder`;
    another Django project with `settings` (its API under `api_prefix`), and a password
    for the user with `password=True`."""

    def __init__(self, folder: Path, *, settings: str = SETTINGS_MODULE,
                 api_prefix: str = API_PREFIX, password: bool = False) -> None:
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        self.server = LiveServer(
            base_url=base_url, api_url=base_url + api_prefix,
            token=secrets.token_hex(20),  # 40 characters, the size of DRF's Token.key
            db_path=folder / "db.sqlite3", stderr_path=folder / "stderr.log",
            password=secrets.token_urlsafe(12) if password else None)
        self.command = [sys.executable, "-m", SERVICE, "--port", str(port),
                        "--settings", settings]
        self.stdout_path = folder / "stdout.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, DB_ENV: str(self.server.db_path), TOKEN_ENV: self.server.token,
               "PYTHONUNBUFFERED": "1"}
        if self.server.password is not None:
            env[PASSWORD_ENV] = self.server.password
        # Files, not pipes: a pipe nobody reads fills up and blocks the server mid-test.
        with self.stdout_path.open("wb") as out, self.server.stderr_path.open("wb") as err:
            self._process = subprocess.Popen(self.command, cwd=ROOT, env=env,
                                             stdin=subprocess.DEVNULL, stdout=out, stderr=err)

    def wait_ready(self) -> None:
        """Poll the health URL until it answers 200, the process ends, or the time is up."""
        assert self._process is not None
        url = self.server.base_url + HEALTH_PATH
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the live DRF service exited with {self._process.returncode}"
                                   f" before answering; its stderr:\n{self.stderr_tail()}")
            try:
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the live DRF service did not answer {url} within "
                           f"{START_TIMEOUT:.0f} s; its stderr:\n{self.stderr_tail()}")

    def stop(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)

    def stderr_tail(self) -> str:
        return _tail(self.server.stderr_path)


def write_schemas(folder: Path, *, settings: str = SETTINGS_MODULE,
                  unsplit: bool = True) -> dict[str, Path]:
    """Both layouts from one run of drf-spectacular's `spectacular --validate --fail-on-warn`:
    "split" (`CreditMemoRequest`, ...) and "unsplit" (Campfire's; not with `unsplit=False`,
    for a settings module without UNSPLIT_SPECTACULAR)."""
    paths = {"split": folder / "schema.json"}
    command = [sys.executable, "-m", SERVICE, "--settings", settings,
               "--schema", str(paths["split"])]
    if unsplit:
        paths["unsplit"] = folder / "schema-unsplit.json"
        command += ["--schema-unsplit", str(paths["unsplit"])]
    # No database: schema generation must not depend on one (settings fall back to memory).
    env = {key: value for key, value in os.environ.items() if key != DB_ENV}
    result = subprocess.run(
        command,
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=SCHEMA_TIMEOUT, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"schema generation exited with {result.returncode}:\n"
                           f"{result.stdout}\n{result.stderr}")
    return paths
