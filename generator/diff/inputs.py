"""The two sides of `diff`: each a spec (loaded and modelled as `generate` would) or the
`<package>.api.json` that `generate` saved beside a client."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic, GenerationError
from generator.diff.surface import SnapshotError, Surface, from_json, surface_of
from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.pipeline import RemoteRules, remote_documents

SAVED_SUFFIX = ".api.json"


def read_surfaces(old: str, new: str, number_type: str | None,
                  remote: RemoteRules | None = None) -> tuple[Surface, Surface]:
    """Both surfaces; a spec is modelled with the number type of a saved side (so that
    `Decimal` is not reported as changed to `float`), unless one is given. `remote`: where
    its remote `$ref`s are read from, as `generate` reads them."""
    saved = {source: _saved(source) for source in (old, new) if source.endswith(SAVED_SUFFIX)}
    if number_type is None:
        number_type = next((s.numbers for s in saved.values()), "decimal")
    options = Options(number_type=number_type)

    def side(source: str) -> Surface:
        found = saved.get(source)
        if found is not None:
            return found
        workspace = load_inputs([source], remote_documents([source], remote, None))
        return surface_of(build_package(workspace, options))

    return side(old), side(new)


def _saved(source: str) -> Surface:
    try:
        text = Path(source).read_text("utf-8")
    except FileNotFoundError:
        raise GenerationError([Diagnostic(source, "", "file not found", "check the path")]) \
            from None
    except (OSError, UnicodeDecodeError) as error:
        raise GenerationError([Diagnostic(source, "", f"cannot read: {error}",
                                          "check the path")]) from None
    try:
        return from_json(text)
    except SnapshotError as error:
        raise GenerationError([Diagnostic(
            source, "", str(error),
            f"pass a spec, or a {SAVED_SUFFIX} written by campfire-codegen generate")]) from None
