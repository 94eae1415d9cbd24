"""Benchmarks of campfire-codegen against the anchors, in one run.

    python bench/run.py            # the full table (about 10 minutes)
    python bench/run.py --runs 3   # fewer repetitions
    python bench/run.py --scale    # only the scale series (synthetic specs, bench/scale.py)
    python bench/run.py --overhead # only the per-call overhead against raw httpx
    python bench/run.py --decoding # only from_dict against the anchors
    python bench/run.py --noop     # only the no-op generate --check (no anchors needed)

The anchors are installed into bench/.venv on first use: openapi-python-client (the
generator to beat), and datamodel-code-generator with pydantic v2 and msgspec for the
decoding comparison. Runs of ours and theirs alternate; medians are printed with the
ratio ours / theirs. Timing is never asserted in tests: this script is where it is read.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Run as a script (`python bench/run.py`): the project's own `bench` package is found
# from the checkout, as `tests` is.
sys.path.insert(0, str(ROOT))

from bench.scale import DEFAULT_SIZES, bench_scale

SHARED = ROOT.parent / "shared"
OLD_SPEC = SHARED / "specs" / "campfire-2026-02.json"
NEW_SPEC = SHARED / "specs" / "campfire-2026-07.json"
STRIPE = SHARED / "corpus" / "specs" / "stripe.json"
VENV = ROOT / "bench" / ".venv"
OURS_VENV = ROOT / "bench" / ".venv-ours"
ANCHORS = ["openapi-python-client==0.29.1", "datamodel-code-generator==0.89.0",
           "pydantic[email]>=2.10,<3", "msgspec>=0.19"]
THEIR_PACKAGE = "campfire_developer_ap_is_client"


def anchor_python() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        print("installing the anchors into bench/.venv ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *ANCHORS], check=True)
    return python


def run(command: list[str], *, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> tuple[float, int]:
    """(wall seconds, peak resident memory in MiB) of one command; fails loudly."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {stderr[-800:]}")
    return elapsed, usage.ru_maxrss // 1024


def our_python() -> Path:
    """This generator installed as a user installs it (no test extras: those pin an older
    spec validator), from the working tree as it is now."""
    python = OURS_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(OURS_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(ROOT)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--force-reinstall", str(ROOT)], check=True)
    return python


def ours(*args: str) -> list[str]:
    return [str(OURS_VENV / "bin" / "python"), "-m", "generator", "generate", *args]


def our_env(cache: Path) -> dict[str, str]:
    environment = dict(os.environ, CAMPFIRE_CODEGEN_CACHE=str(cache))
    environment.pop("PYTHONPATH", None)
    return environment


def theirs(spec: Path, output: Path, *, overwrite: bool = False) -> list[str]:
    command = [str(VENV / "bin" / "openapi-python-client"), "generate", "--path", str(spec),
               "--output-path", str(output)]
    return [*command, "--overwrite"] if overwrite else command


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, what: str, mine: float, other: float | None, unit: str, target: str) -> None:
        ratio = f"{mine / other:.2f}" if other else "-"
        other_text = f"{other:.3f}" if other is not None else "-"
        self.rows.append((what, f"{mine:.3f}", other_text, ratio, target))
        print(f"  {what}: ours {mine:.3f} {unit}, theirs {other_text}, ratio {ratio}  "
              f"(target {target})", flush=True)

    def show(self) -> None:
        header = ("measure", "ours", "theirs", "ours/theirs", "target")
        widths = [max(len(row[i]) for row in [header, *self.rows]) for i in range(5)]
        for row in [header, *self.rows]:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def median_pair(runs: int, first: Callable[[int], tuple[float, int]],
                second: Callable[[int], tuple[float, int]] | None
                ) -> tuple[tuple[float, int], tuple[float, int] | None]:
    """Alternate the two contenders `runs` times; medians of time, max of memory."""
    mine: list[tuple[float, int]] = []
    other: list[tuple[float, int]] = []
    for index in range(runs):
        mine.append(first(index))
        if second is not None:
            other.append(second(index))
    result_mine = (statistics.median(t for t, _ in mine), max(m for _, m in mine))
    if not other:
        return result_mine, None
    return result_mine, (statistics.median(t for t, _ in other), max(m for _, m in other))


def bench_generation(table: Table, work: Path, runs: int) -> None:
    print("cold generation of campfire-2026-07 (no cache)", flush=True)
    (mine, mine_mem), their = median_pair(
        runs,
        lambda i: run(ours(str(NEW_SPEC), "-o", str(work / f"cold-ours-{i}")),
                      env=our_env(work / f"cold-cache-{i}")),
        lambda i: run(theirs(NEW_SPEC, work / f"cold-theirs-{i}"), cwd=work))
    assert their is not None
    table.add("cold generation (s)", mine, their[0], "s", "<= 0.5")
    table.add("peak memory, cold generation (MiB)", mine_mem, their[1], "MiB", "<= 1.0")

    print("regeneration 2026-02 -> 2026-07 with a warm cache", flush=True)
    seed_out, seed_cache = work / "seed-ours", work / "seed-cache"
    run(ours(str(OLD_SPEC), "-o", str(seed_out)), env=our_env(seed_cache))
    their_seed = work / "seed-theirs"
    run(theirs(OLD_SPEC, their_seed), cwd=work)

    def our_regeneration(index: int) -> tuple[float, int]:
        out, cache = work / f"regen-ours-{index}", work / f"regen-cache-{index}"
        shutil.copytree(seed_out, out)
        if seed_cache.exists():  # no file of the 2026-02 client may have needed black
            shutil.copytree(seed_cache, cache)  # the cache as the 2026-02 run left it
        return run(ours(str(NEW_SPEC), "-o", str(out)), env=our_env(cache))

    def their_regeneration(index: int) -> tuple[float, int]:
        out = work / f"regen-theirs-{index}"
        shutil.copytree(their_seed, out)
        return run(theirs(NEW_SPEC, out, overwrite=True), cwd=work)

    (mine, _), their = median_pair(runs, our_regeneration, their_regeneration)
    assert their is not None
    table.add("regeneration after the spec change, warm cache (s)", mine, their[0], "s",
              "<= 0.33")

    bench_noop_check(table, work, runs)

    if STRIPE.exists():
        print("stripe.json (4 MB), cold", flush=True)
        seconds, memory = run(ours(str(STRIPE), "-o", str(work / "stripe"),
                                   "--package-name", "stripe_client"),
                              env=our_env(work / "stripe-cache"))
        # It exits 1 both with warnings and when it crashes (on this spec: "Duplicate key
        # GMT0 in enum"): only a written package counts as a run.
        their_seconds, _ = run(theirs(STRIPE, work / "stripe-theirs"), cwd=work)
        their_stripe: float | None = their_seconds
        if not (work / "stripe-theirs").exists():
            print(f"  openapi-python-client crashed on stripe.json after {their_seconds:.1f} s",
                  flush=True)
            their_stripe = None
        table.add("stripe.json cold generation (s)", seconds, their_stripe, "s", "report")
        table.add("stripe.json peak memory (MiB)", memory, None, "MiB", "report")


def bench_noop_check(table: Table, work: Path, runs: int) -> None:
    print("no-op generate --check", flush=True)
    current, cache = work / "noop-ours", work / "noop-cache"
    # Run from `work`: from the checkout, `-m generator` would import the working tree's
    # sources (uncompiled where PYTHONDONTWRITEBYTECODE is set), not the installed copy.
    run(ours(str(NEW_SPEC), "-o", str(current)), cwd=work, env=our_env(cache))
    (mine, _), _ = median_pair(runs + 2, lambda i: run(
        ours(str(NEW_SPEC), "-o", str(current), "--check"), cwd=work,
        env=our_env(cache)), None)
    table.add("no-op generate --check (s, absolute)", mine, None, "s", "< 0.1 s")


def bench_write_stage(table: Table, runs: int) -> None:
    print("write stage of the regeneration 2026-02 -> 2026-07", flush=True)
    process = subprocess.run(
        [str(OURS_VENV / "bin" / "python"), str(ROOT / "bench" / "write_stage.py"),
         str(OLD_SPEC), str(NEW_SPEC), str(max(runs, 5))],
        capture_output=True, text=True, check=True, env=our_env(Path(tempfile.gettempdir())))
    medians = json.loads(process.stdout.splitlines()[-1])
    table.add("write stage: atomic switch vs file by file (s)", medians["atomic"],
              medians["plain"], "s", "report")


def bench_format_stage(table: Table, runs: int) -> None:
    """The printer's layout (black only where it says) against black on every file."""
    print("render and format of the Campfire 2026-07 client, cold black cache", flush=True)
    process = subprocess.run(
        [str(OURS_VENV / "bin" / "python"), str(ROOT / "bench" / "format_stage.py"),
         str(NEW_SPEC), str(max(1, runs // 2))],
        capture_output=True, text=True, check=True, env=our_env(Path(tempfile.gettempdir())))
    found = json.loads(process.stdout.splitlines()[-1])
    table.add(f"render + format: printer, black on {found['for_black']} of {found['files']} "
              "files, vs black on all (s)", found["printer"], found["black"], "s", "report")


def import_seconds(python: Path, module: str, cwd: Path, runs: int) -> float:
    """Median wall time of importing `module` in a fresh interpreter, startup excluded."""
    def once(statement: str) -> float:
        start = time.perf_counter()
        subprocess.run([str(python), "-c", statement], cwd=cwd, check=True)
        return time.perf_counter() - start
    samples = []
    for _ in range(runs):
        samples.append(once(f"import {module}") - once("pass"))
    return max(statistics.median(samples), 0.0)


def bench_imports(table: Table, work: Path, runs: int) -> None:
    print("imports of the generated clients", flush=True)
    mine_dir = work / "cold-ours-0"
    their_dir = work / "cold-theirs-0"  # the project folder holding their package
    anchor = VENV / "bin" / "python"
    for label, mine_module, their_module in [
        ("import of the package (s)", "campfire_client", THEIR_PACKAGE),
        ("import of one endpoint module (s)", "campfire_client.api.accounts_receivable",
         f"{THEIR_PACKAGE}.api.accounts_receivable.coa_api_v1_credit_memo_partial_update"),
    ]:
        mine = import_seconds(OURS_VENV / "bin" / "python", mine_module, mine_dir, runs * 2)
        other = import_seconds(anchor, their_module, their_dir, runs * 2)
        table.add(label, mine, other, "s", "< 0.25 s")


def payloads(count: int) -> list[dict[str, Any]]:
    """Realistic AccountingInvoice payloads of about 12 KB, as DRF sends them (money as
    strings), each a little different."""
    sys.path.insert(0, str(ROOT))
    from tests.instances import PayloadMaker

    class PatternAware(PayloadMaker):
        """Strings that match their schema's `pattern` too, so that validating decoders
        (pydantic, msgspec) accept the payloads."""

        def make(self, node: Any, depth: int = 0) -> Any:
            target = self.deref(node)
            if isinstance(target, dict) and target.get("type") == "string" and \
                    "pattern" in target:
                from hypothesis import find, strategies

                pattern = target["pattern"]
                return find(strategies.from_regex(pattern, fullmatch=True), lambda _: True)
            return super().make(node, depth)

    spec = json.loads(NEW_SPEC.read_text("utf-8"))
    base = PatternAware(spec, direction="read").make(spec["components"]["schemas"]
                                                     ["AccountingInvoice"])
    for key in ("lines", "payments"):
        base[key] = base[key] * 5
    randomizer = random.Random(7)
    result = []
    for index in range(count):
        item = json.loads(json.dumps(base))
        item["id"] = index
        for line in item["lines"]:
            line["amount"] = f"{randomizer.randint(1, 10**6) / 100:.2f}"
        result.append(item)
    return result


DECODERS = {
    "ours": ("import sys; from campfire_client.models import AccountingInvoice as M\n"
             "from campfire_client._runtime import loads\n"
             "decode = M.from_dict\n"),
    "openapi-python-client": (f"from {THEIR_PACKAGE}.models import AccountingInvoice as M\n"
                              "loads = __import__('json').loads\ndecode = M.from_dict\n"),
    "pydantic v2": ("from dmcg_pydantic import AccountingInvoice as M\n"
                    "loads = __import__('json').loads\ndecode = M.model_validate\n"),
    "msgspec": ("import msgspec\nfrom dmcg_msgspec import AccountingInvoice as M\n"
                "loads = __import__('json').loads\n"
                "decode = lambda d: msgspec.convert(d, M, strict=False)\n"),
}
TIMER = ("import gc, json, time\ndata = [loads(line.encode()) for line in open({file!r})]\n"
         "gc.enable(); decode(data[0])\nstart = time.perf_counter()\n"
         "for item in data: decode(item)\nprint(time.perf_counter() - start)\n")


def bench_decoding(table: Table, work: Path, runs: int) -> None:
    print("from_dict on 10,000 AccountingInvoice payloads", flush=True)
    anchor = anchor_python()
    items = payloads(10_000)
    file = work / "payloads.jsonl"
    file.write_text("\n".join(json.dumps(item) for item in items) + "\n", "utf-8")
    size = len(json.dumps(items[0]))
    for kind, name in (("pydantic_v2.BaseModel", "dmcg_pydantic"),
                       ("msgspec.Struct", "dmcg_msgspec")):
        subprocess.run([str(VENV / "bin" / "datamodel-codegen"), "--input", str(NEW_SPEC),
                        "--input-file-type", "openapi", "--output-model-type", kind,
                        "--enum-field-as-literal", "all", "--output",
                        str(work / f"{name}.py")], check=True, capture_output=True)
    their_dir = work / "cold-theirs-0"
    places = {"ours": (OURS_VENV / "bin" / "python", work / "cold-ours-0"),
              "openapi-python-client": (anchor, their_dir),
              "pydantic v2": (anchor, work), "msgspec": (anchor, work)}
    seconds: dict[str, float | None] = {}
    for name, (python, cwd) in places.items():
        samples = []
        for _ in range(runs):
            code = DECODERS[name] + TIMER.format(file=str(file))
            done = subprocess.run([str(python), "-c", code], cwd=cwd, capture_output=True,
                                  text=True, check=False)
            if done.returncode != 0:
                print(f"  {name}: failed: {done.stderr.strip().splitlines()[-1:]}")
                break
            samples.append(float(done.stdout.strip()))
        seconds[name] = statistics.median(samples) if samples else None
    print(f"  payload size {size} bytes", flush=True)
    mine = seconds["ours"]
    assert mine is not None
    per_object = mine / len(items) * 1e6
    for name in ("openapi-python-client", "pydantic v2", "msgspec"):
        other = seconds[name]
        target = "<= 0.4 (2.5x faster)" if name == "openapi-python-client" else "report"
        table.add(f"from_dict x10,000 vs {name} (s; ours {per_object:.0f} us/object)",
                  mine, other, "s", target)


def bench_overhead(table: Table, runs: int) -> None:
    """Per call, the generated client against raw httpx on one pool (bench/overhead.py);
    needs neither ../shared nor the anchors."""
    print("per-call overhead: generated client vs raw httpx, small JSON GET", flush=True)
    process = subprocess.run([sys.executable, str(ROOT / "bench" / "overhead.py"),
                              str(max(runs, 3) * 2)], capture_output=True, text=True,
                             check=True)
    result = json.loads(process.stdout.splitlines()[-1])
    table.add(f"per call vs raw httpx (ms; {result['calls']:,} calls each)",
              result["ours_us"] / 1000, result["raw_us"] / 1000, "ms", "<= 1.3")


def sizes_option(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or sizes[0] < 4:
        raise argparse.ArgumentTypeError("sizes are numbers of schemas, at least 4")
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measure")
    parser.add_argument("--scale", action="store_true",
                        help="run only the scale series (synthetic specs; needs no ../shared)")
    parser.add_argument("--sizes", type=sizes_option, default=list(DEFAULT_SIZES),
                        help="schemas per spec in the scale series, comma-separated "
                             "(default: %(default)s)")
    parser.add_argument("--overhead", action="store_true",
                        help="run only the per-call overhead against raw httpx")
    parser.add_argument("--decoding", action="store_true",
                        help="run only from_dict against openapi-python-client, pydantic "
                             "and msgspec (needs ../shared)")
    parser.add_argument("--noop", action="store_true",
                        help="run only the no-op generate --check (needs ../shared)")
    args = parser.parse_args()
    if args.overhead:
        table = Table()
        bench_overhead(table, args.runs)
        table.show()
        return 0
    if not args.scale and not NEW_SPEC.exists():
        print(f"{NEW_SPEC} is missing: the benchmarks need ../shared "
              "(--scale runs without it)", file=sys.stderr)
        return 2
    if args.noop:
        our_python()
        table = Table()
        with tempfile.TemporaryDirectory(prefix="campfire-bench-") as folder:
            bench_noop_check(table, Path(folder), args.runs)
        table.show()
        return 0
    anchor_python()
    our_python()
    table = Table()
    with tempfile.TemporaryDirectory(prefix="campfire-bench-") as folder:
        work = Path(folder)
        if args.decoding:
            # The clients bench_decoding reads, generated once each.
            run(ours(str(NEW_SPEC), "-o", str(work / "cold-ours-0")),
                env=our_env(work / "cold-cache-0"))
            run(theirs(NEW_SPEC, work / "cold-theirs-0"), cwd=work)
            bench_decoding(table, work, args.runs)
            table.show()
            return 0
        if not args.scale:
            bench_generation(table, work, args.runs)
            bench_write_stage(table, args.runs)
            bench_format_stage(table, args.runs)
            bench_imports(table, work, args.runs)
            bench_decoding(table, work, max(1, args.runs // 2))
            bench_overhead(table, args.runs)
        scale_lines = bench_scale(work, args.runs, args.sizes, ours, our_env, theirs)
    print()
    if not args.scale:
        table.show()
        print()
    print("\n".join(scale_lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
