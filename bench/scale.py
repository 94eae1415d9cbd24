"""The scale series of the bench: how generation time grows with the size of a spec.

    python bench/run.py --scale                     # only this section
    python bench/run.py --scale --sizes 1000,8000   # other sizes

The specs are synthetic and built here, the same bytes on every run (no randomness): N
object schemas of 4 properties each (integer, string or number, a $ref to another schema of
the set or a string, an inline enum or a date) and N/2 operations (a GET and a POST per path,
paths spread over 16 tags; each operation answers with one schema, each POST takes another
as its body). Every size is generated cold (a fresh output folder and a fresh format cache)
by this generator and by openapi-python-client, alternating; each run of theirs is stopped
after a timeout. What to read is the time per schema: a generator that grows linearly keeps
it flat, so the ratio of the largest size to the smallest should stay near 1.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

DEFAULT_SIZES = (1000, 2000, 4000, 8000)
TARGET = 1.3  # time per schema at the largest size / at the smallest
THEIR_TIMEOUT = 300.0  # seconds per run of openapi-python-client
OUR_TIMEOUT = 1800.0  # ours is expected to finish: this only keeps the bench from hanging
PACKAGE = "scale_client"

_NOUNS = ("Invoice", "Customer", "Payment", "Account", "Journal", "Vendor", "Bill", "Item",
          "Employee", "Project", "Contract", "Budget", "Ledger", "Receipt", "Order", "Tax",
          "Asset", "Refund", "Shipment", "Report")
_TAGS = ("accounts", "billing", "customers", "vendors", "payments", "journals", "projects",
         "inventory", "payroll", "taxes", "assets", "reports", "contracts", "orders",
         "shipping", "budgets")


def schema_names(count: int) -> list[str]:
    return [f"{_NOUNS[index % len(_NOUNS)]}{index:05d}" for index in range(count)]


def _schema(index: int, names: Sequence[str]) -> dict[str, Any]:
    properties: dict[str, Any] = {"id": {"type": "integer", "format": "int64"}}
    if index % 2 == 0:
        properties["name"] = {"type": "string", "maxLength": 200}
        required = ["id", "name"]
    else:
        properties["amount"] = {"type": "number"}
        required = ["id", "amount"]
    if index > 0:
        # A tree: schema i points to schema i // 2, so references nest about log2(N) deep
        # and never loop.
        properties["parent"] = {"$ref": f"#/components/schemas/{names[index // 2]}"}
    else:
        properties["note"] = {"type": "string", "nullable": True}
    if index % 3 == 0:
        properties["status"] = {"type": "string", "enum": ["draft", "open", "closed"]}
    else:
        properties["created"] = {"type": "string", "format": "date"}
    return {"type": "object", "description": f"Synthetic record {index}.",
            "properties": properties, "required": required}


def _content(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def make_spec(count: int) -> dict[str, Any]:
    """An OpenAPI 3.0 document with `count` schemas and `count // 2` operations."""
    names = schema_names(count)
    paths: dict[str, Any] = {}
    for pair in range(count // 4):
        tag = _TAGS[pair % len(_TAGS)]
        answer, body = names[(4 * pair) % count], names[(4 * pair + 1) % count]
        other = names[(4 * pair + 2) % count]
        slug = f"/{tag}/records-{pair:05d}"
        paths[slug] = {"post": {
            "operationId": f"create_record_{pair:05d}", "tags": [tag],
            "summary": f"Create a record of group {pair}.",
            "requestBody": {"required": True, "content": _content(body)},
            "responses": {"201": {"description": "Created.", "content": _content(other)}},
        }}
        paths[slug + "/{id}"] = {"get": {
            "operationId": f"get_record_{pair:05d}", "tags": [tag],
            "summary": f"Read a record of group {pair}.",
            "parameters": [
                {"name": "id", "in": "path", "required": True,
                 "schema": {"type": "integer"}},
                {"name": "expand", "in": "query", "required": False,
                 "schema": {"type": "boolean"}},
            ],
            "responses": {"200": {"description": "The record.", "content": _content(answer)},
                          "404": {"description": "Not found."}},
        }}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Scale", "version": "1.0.0",
                 "description": f"Synthetic spec of {count} schemas for the scale bench."},
        "servers": [{"url": "https://api.example.com"}],
        "tags": [{"name": tag} for tag in _TAGS],
        "paths": paths,
        "components": {"schemas": {name: _schema(index, names)
                                   for index, name in enumerate(names)}},
    }


def timed(command: list[str], *, timeout: float, cwd: Path | None = None,
          env: dict[str, str] | None = None) -> tuple[float | None, str]:
    """(wall seconds or None, what went wrong: "" or "timeout" or "failed (...)")."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own process group: it and its workers
        process.communicate()
        return None, "timeout"
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        tail = stderr.decode(errors="replace").strip().splitlines()[-1:]
        return None, f"failed (exit {process.returncode}: {' '.join(tail)[:200]})"
    return elapsed, ""


def _median(samples: list[float | None]) -> float | None:
    done = [sample for sample in samples if sample is not None]
    return statistics.median(done) if done and len(done) == len(samples) else None


def _seconds(value: float | None, problem: str) -> str:
    return f"{value:.2f}" if value is not None else (problem.split(" ")[0] or "-")


def _growth(per_schema: dict[int, float | None], sizes: Sequence[int]) -> float | None:
    first, last = per_schema.get(sizes[0]), per_schema.get(sizes[-1])
    return last / first if first and last is not None else None


def bench_scale(work: Path, runs: int, sizes: Sequence[int],
                ours: Callable[..., list[str]], our_env: Callable[[Path], dict[str, str]],
                theirs: Callable[[Path, Path], list[str]]) -> list[str]:
    """Run the series; prints as it goes and returns the table's lines."""
    sizes = sorted(sizes)
    ours_s: dict[int, float | None] = {}
    theirs_s: dict[int, float | None] = {}
    problems: dict[tuple[str, int], str] = {}
    their_timed_out_at: int | None = None
    for size in sizes:
        spec = work / f"scale-{size}.json"
        spec.write_text(json.dumps(make_spec(size), indent=1) + "\n", "utf-8")
        print(f"scale: {size:,} schemas, {size // 2:,} operations "
              f"({spec.stat().st_size / 1e6:.1f} MB)", flush=True)
        mine: list[float | None] = []
        other: list[float | None] = []
        for index in range(runs):
            if not mine or mine[-1] is not None:
                seconds, problem = timed(
                    ours(str(spec), "-o", str(work / f"scale-ours-{size}-{index}"),
                         "--package-name", PACKAGE),
                    env=our_env(work / f"scale-cache-{size}-{index}"), timeout=OUR_TIMEOUT)
                mine.append(seconds)
                if problem:
                    problems["ours", size] = problem
                print(f"  ours: {problem}" if problem else f"  ours {seconds:.2f} s",
                      flush=True)
            if their_timed_out_at is not None or (other and other[-1] is None):
                continue
            output = work / f"scale-theirs-{size}-{index}"
            seconds, problem = timed(theirs(spec, output), cwd=work, timeout=THEIR_TIMEOUT)
            # It exits 1 both with warnings and when it gives up: only a written project
            # counts as a run.
            if not problem and not (output / "pyproject.toml").exists():
                seconds, problem = None, "failed (no project written)"
            other.append(seconds)
            if problem:
                problems["theirs", size] = problem
                if problem == "timeout":
                    their_timed_out_at = size
            print(f"  openapi-python-client: {problem}" if problem
                  else f"  openapi-python-client {seconds:.2f} s", flush=True)
        ours_s[size] = _median(mine)
        if their_timed_out_at is not None and their_timed_out_at < size:
            theirs_s[size] = None
            problems["theirs", size] = "timeout (skipped: timed out on a smaller spec)"
        else:
            theirs_s[size] = _median(other)
    return _table(sizes, ours_s, theirs_s, problems)


def _table(sizes: Sequence[int], ours_s: dict[int, float | None],
           theirs_s: dict[int, float | None], problems: dict[tuple[str, int], str]
           ) -> list[str]:
    header = ("schemas", "ours s", "theirs s", "ours ms/schema", "theirs ms/schema")
    rows = [header]
    ours_per: dict[int, float | None] = {}
    theirs_per: dict[int, float | None] = {}
    for size in sizes:
        mine, other = ours_s[size], theirs_s[size]
        ours_per[size] = mine / size * 1000 if mine is not None else None
        theirs_per[size] = other / size * 1000 if other is not None else None
        rows.append((f"{size:,}", _seconds(mine, problems.get(("ours", size), "")),
                     _seconds(other, problems.get(("theirs", size), "")),
                     f"{ours_per[size]:.3f}" if ours_per[size] is not None else "-",
                     f"{theirs_per[size]:.3f}" if theirs_per[size] is not None else "-"))
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]
    for (who, size), problem in sorted(problems.items()):
        name = "ours" if who == "ours" else "openapi-python-client"
        lines.append(f"  {size:,}: {name} {problem}")
    growth, their_growth = _growth(ours_per, sizes), _growth(theirs_per, sizes)
    ratio = f"{growth:.2f}" if growth is not None else "n/a"
    lines.append(f"scale: time per schema at {sizes[-1]:,} / at {sizes[0]:,} = {ratio} "
                 f"(target <= {TARGET})")
    lines.append("  openapi-python-client: "
                 + (f"{their_growth:.2f}" if their_growth is not None else "n/a"))
    return lines
