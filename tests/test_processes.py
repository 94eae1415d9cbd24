"""No process the command starts outlives it, however it ends, and none prints a traceback.

The command forks a validation worker (generator/validate/background.py) and, for many
files that need black, a pool of black workers (generator/format.py). Each is started
here for real, in a process group of its own; the test then kills the parent (SIGKILL:
it can do nothing about it) or interrupts the group (Ctrl-C), and reads /proc for any
process of that group still alive. A zombie counts as gone: it has ended, and only
waits for a parent to collect it (this machine's init collects none).

Each kill is tried twice: as the command runs, and with `prctl(PR_SET_PDEATHSIG)` made
unavailable, so that the portable fallback (the lifeline pipe) must do it alone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads processes from /proc (Linux)")

# Runs the command line, or black's pool alone, optionally without prctl.
RUNNER = """\
import sys
import tempfile
from pathlib import Path

from generator import lifeline

mode, what, *args = sys.argv[1:]
if mode == "lifeline-alone":
    lifeline._kill_me_with_my_parent = lambda: None  # as where prctl does not exist
if what == "cli":
    from generator.cli import main

    sys.exit(main(args))
if what == "format":
    from generator.format import format_files

    arguments = ", ".join(f"argument_number_{k}" for k in range(6))
    line = "value_{n} = combine(" + arguments + ")\\n"  # too long: black splits it
    files = {f"m{i}.py": "".join(line.format(n=n) for n in range(150)) for i in range(400)}
    try:
        format_files(files, set(files), cache_dir=Path(tempfile.mkdtemp()), workers=2)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
if what == "watch-pid":
    import multiprocessing
    import os
    import time

    def child(parent: int) -> None:
        lifeline.bind_to_parent(parent, None)  # no pipe: the parent's pid is watched
        time.sleep(120)

    multiprocessing.get_context("fork").Process(target=child, args=(os.getpid(),)).start()
    time.sleep(120)
"""
MODES = ["as-is", "lifeline-alone"]


def group_members(group: int) -> dict[int, str]:
    """pid -> state of every process in the process group `group`."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # ended meanwhile
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (command) "
        if int(fields[2]) == group:
            found[int(entry)] = fields[0]
    return found


def alive(group: int) -> dict[int, str]:
    return {pid: state for pid, state in group_members(group).items() if state != "Z"}


def children_of(pid: int) -> list[int]:
    found = []
    for member in group_members(pid):
        try:
            stat = Path(f"/proc/{member}/stat").read_text()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
            found.append(member)
    return found


def start(tmp_path: Path, mode: str, what: str, *args: str) -> tuple[subprocess.Popen[Any], Path]:
    """The runner in a new session (so a process group of its own). Its output goes to a
    file: a lingering child holding a pipe would hang the test."""
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER, "utf-8")
    stderr = tmp_path / f"stderr-{time.monotonic_ns()}.txt"
    with stderr.open("w") as sink:
        process = subprocess.Popen([sys.executable, str(runner), mode, what, *args],
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=sink,
                                   start_new_session=True)
    return process, stderr


def wait_for_children(process: subprocess.Popen[Any], count: int) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = children_of(process.pid)
        if len(children) >= count:
            return children
        if process.poll() is not None:
            break
        time.sleep(0.02)
    pytest.fail(f"expected {count} child processes; the parent exited {process.poll()}")


def left_after(group: int, seconds: float) -> dict[int, str]:
    deadline = time.monotonic() + seconds
    while alive(group) and time.monotonic() < deadline:
        time.sleep(0.02)
    return alive(group)


def end_group(group: int) -> None:
    """Whatever the test leaves must not outlive it either."""
    for pid in alive(group):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def slow_spec(tmp_path: Path) -> Path:
    """A spec whose validation takes several seconds, so the worker is busy long after
    its parent is killed: 4,000 schemas, each slightly wrong (a negative `maxLength`
    sends it to the validator's slow, pure-Python check) and with an example that does
    not match."""
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for i in range(4000):
        schemas[f"S{i}"] = {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer"},
            "code": {"type": "string", "pattern": "^[A-Z]{3}$", "maxLength": -1},
            "next": {"$ref": f"#/components/schemas/S{(i + 1) % 4000}"}},
            "example": {"id": "not a number", "next": {"id": "x"}}}
        paths[f"/s{i}"] = {"get": {"operationId": f"get_s{i}", "responses": {"200": {
            "description": "ok", "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/S{i}"}}}}}}}
    path = tmp_path / "slow.json"
    path.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "slow", "version": "1"},
                                "paths": paths, "components": {"schemas": schemas}}), "utf-8")
    return path


@pytest.mark.parametrize("mode", MODES)
def test_killing_the_command_during_validation_ends_its_worker(
        mode: str, tmp_path: Path) -> None:
    process, _ = start(tmp_path, mode, "cli", "generate", str(slow_spec(tmp_path)),
                       "-o", str(tmp_path / "out"))
    try:
        [worker] = wait_for_children(process, 1)
        time.sleep(1.0)  # importing the validator, then validating
        assert alive(process.pid).get(worker) is not None
        process.kill()
        process.wait()
        assert left_after(process.pid, 3) == {}
    finally:
        end_group(process.pid)


@pytest.mark.parametrize("mode", MODES)
def test_killing_the_command_during_formatting_ends_the_black_workers(
        mode: str, tmp_path: Path) -> None:
    process, _ = start(tmp_path, mode, "format")
    try:
        workers = wait_for_children(process, 2)
        time.sleep(1.0)
        assert all(pid in alive(process.pid) for pid in workers)
        process.kill()
        process.wait()
        assert left_after(process.pid, 3) == {}
    finally:
        end_group(process.pid)


def test_a_child_not_forked_with_a_pipe_watches_its_parents_pid(tmp_path: Path) -> None:
    process, _ = start(tmp_path, "lifeline-alone", "watch-pid")
    try:
        wait_for_children(process, 1)
        time.sleep(0.3)
        process.kill()
        process.wait()
        assert left_after(process.pid, 3) == {}
    finally:
        end_group(process.pid)


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.05, 0.1, 0.3, 1.0])
def test_ctrl_c_during_a_run_ends_every_process_quietly(delay: float, tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, as from a terminal: the worker ignores
    it, the command stops it and exits 130; only the command itself says anything."""
    process, stderr = start(tmp_path, "as-is", "cli", "generate", str(slow_spec(tmp_path)),
                            "-o", str(tmp_path / "out"))
    try:
        wait_for_children(process, 1)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=30) == 130
        assert left_after(process.pid, 5) == {}
        text = stderr.read_text()
        assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
        assert all(line.startswith("campfire-codegen: ") for line in text.splitlines()), text
        assert not (tmp_path / "out").exists()
    finally:
        end_group(process.pid)


def test_ctrl_c_during_formatting_ends_the_black_workers_quietly(tmp_path: Path) -> None:
    process, stderr = start(tmp_path, "as-is", "format")
    try:
        wait_for_children(process, 2)
        time.sleep(0.5)
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=30) == 130
        assert left_after(process.pid, 5) == {}
        assert stderr.read_text() == "interrupted\n"
    finally:
        end_group(process.pid)


def test_terminating_the_group_ends_every_process_quietly(tmp_path: Path) -> None:
    """SIGTERM to the group (a service manager stopping a job): the worker does not run
    the command's own SIGTERM handler, which it inherited; it just ends."""
    process, stderr = start(tmp_path, "as-is", "cli", "generate", str(slow_spec(tmp_path)),
                            "-o", str(tmp_path / "out"))
    try:
        wait_for_children(process, 1)
        time.sleep(0.3)
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        assert left_after(process.pid, 5) == {}
        assert "Traceback" not in stderr.read_text()
    finally:
        end_group(process.pid)
