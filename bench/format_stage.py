"""Render and format, on the full Campfire client (2026-07): what a generation runs (the
printer lays the code out while rendering; black runs only on the files it named) against
black on every rendered file, both with a cold black cache (a fresh clone, CI, a new black
version). Run by bench/run.py with the generator's own Python; prints JSON medians
(seconds) and how many files went to black."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from generator.format import format_files
from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.render import render_package


def main() -> None:
    spec, runs = sys.argv[1], int(sys.argv[2])
    package = build_package(load_inputs([spec]), Options())
    timings: dict[str, list[float]] = {"printer": [], "black": []}
    for _ in range(runs):
        for label, samples in timings.items():
            with tempfile.TemporaryDirectory() as cache:
                start = time.perf_counter()
                rendered = render_package(package)
                every = [path for path in rendered.files if path.endswith(".py")]
                named = rendered.for_black if label == "printer" else every
                format_files(rendered.files, named, cache_dir=Path(cache), workers=1)
                samples.append(time.perf_counter() - start)
    print(json.dumps({"printer": statistics.median(timings["printer"]),
                      "black": statistics.median(timings["black"]),
                      "files": len(every), "for_black": len(rendered.for_black)}))


if __name__ == "__main__":
    main()
