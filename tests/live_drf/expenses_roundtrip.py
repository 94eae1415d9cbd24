"""Round trip through a generated client and the expense claims service (stub)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.live_drf.expenses import VARIANTS
from tests.live_drf.server import write_schemas


def write_variant_schemas(folder: Path) -> dict[str, Path]:
    """Each variant's schema (drf-spectacular's split layout), written side by side."""

    def one(variant: str) -> Path:
        (folder / variant).mkdir(parents=True, exist_ok=True)
        return write_schemas(folder / variant, settings=VARIANTS[variant], unsplit=False)["split"]

    with ThreadPoolExecutor(len(VARIANTS)) as pool:
        return dict(zip(VARIANTS, pool.map(one, VARIANTS), strict=True))
