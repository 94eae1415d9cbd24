"""The write stage alone, on the Campfire regeneration 2026-02 -> 2026-07: the atomic switch
(`write_tree`) against writing the same changes file by file (what a writer without a
journal does). Run by bench/run.py with the generator's own Python; prints JSON medians."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from generator.model.build import Options
from generator.pipeline import generate_files
from generator.write import write_tree
from generator.write.survey import previous_manifest


def plain_write(files: dict[str, str], out: Path) -> None:
    """Each changed file rewritten in place, each old one deleted: no staging, no journal."""
    old = set(previous_manifest(out))
    for relative, text in files.items():
        target = out / relative
        if not target.exists() or target.read_text("utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
    for relative in old - set(files):
        (out / relative).unlink(missing_ok=True)


def main() -> None:
    old_spec, new_spec, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    options = Options(package="campfire_client")
    old_files = generate_files([old_spec], options).files
    new_files = generate_files([new_spec], options).files
    timings: dict[str, list[float]] = {"atomic": [], "plain": []}
    with tempfile.TemporaryDirectory() as folder:
        seed = Path(folder) / "seed"
        write_tree(old_files, seed)
        for index in range(runs):
            for kind in ("atomic", "plain"):
                out = Path(folder) / f"{kind}-{index}"
                shutil.copytree(seed, out)
                started = time.perf_counter()
                if kind == "atomic":
                    write_tree(new_files, out)
                else:
                    plain_write(new_files, out)
                timings[kind].append(time.perf_counter() - started)
    print(json.dumps({kind: statistics.median(values) for kind, values in timings.items()}))


if __name__ == "__main__":
    main()
