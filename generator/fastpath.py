"""Knowing, in milliseconds, that a generated client is current.

After each run a small state file records a fingerprint of everything the output
depends on (every spec file read, the options, the generator's own code and black's
version) and a hash of every file written. When nothing of that has changed and every
file still has its recorded content, there is nothing to do: `generate --check` (the
pre-commit hook) answers without loading, validating or rendering anything.

This module imports only the standard library, so that the answer stays fast.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.bookkeeping import MANIFEST, STATE, unfinished

_GENERATOR_ROOT = Path(__file__).resolve().parent


def _generator_digest() -> str:
    digest = hashlib.sha256()
    templates = _GENERATOR_ROOT.parent / "templates"
    if not (templates / "static").is_dir():
        templates = _GENERATOR_ROOT / "templates"
    for root in (_GENERATOR_ROOT, templates):
        for relative, path in _sources(root):
            digest.update(relative.encode())
            with open(path, "rb") as stream:
                digest.update(stream.read())
    digest.update(_black_version().encode())
    return digest.hexdigest()


def _sources(root: Path) -> list[tuple[str, str]]:
    """(path relative to root, path) of every .py and .jinja file under root, sorted."""
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if name != "__pycache__"]
        relative = os.path.relpath(folder, root)
        for name in files:
            if name.endswith((".py", ".jinja")):
                key = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
                found.append((key, os.path.join(folder, name)))
    return sorted(found)


def _black_version() -> str:
    """Black's version, from the name of its dist-info folder beside the package:
    importlib.metadata alone costs more than the rest of a no-op check."""
    from importlib.util import find_spec

    spec = find_spec("black")
    if spec is None or spec.origin is None:
        return "no black"
    site = Path(spec.origin).parent.parent
    try:
        names = [name for name in os.listdir(site)
                 if name.startswith("black-") and name.endswith(".dist-info")]
    except OSError:
        names = []
    if len(names) == 1:
        return names[0][len("black-"):-len(".dist-info")]
    from importlib.metadata import version

    return version("black")


def run_key(package: str, number_type: str, *, strict: bool, emit_ir: bool,
            layout: str, form_style: str,
            idempotency_header: str | None,
            package_version: str | None = None,
            ref_map: Mapping[str, str] | None = None) -> dict[str, object]:
    """Everything besides the spec files that decides what a run writes. `ref_map`: as
    portable_ref_map gives it."""
    key: dict[str, object] = {"package": package, "number_type": number_type,
                              "strict": strict, "emit_ir": emit_ir, "layout": layout,
                              "form_style": form_style,
                              "idempotency_header": idempotency_header}
    if package_version is not None:  # absent otherwise: older state files stay current
        key["package_version"] = package_version
    if ref_map:  # likewise
        key["ref_map"] = dict(sorted(ref_map.items()))
    return key


def portable_ref_map(ref_map: Mapping[str, str], out_dir: Path) -> dict[str, str]:
    """The ref map with its folders relative to the output folder (as every path the
    state records): the same in every clone."""
    return {prefix: Path(os.path.relpath(Path(folder).absolute(), out_dir.absolute()))
            .as_posix() for prefix, folder in ref_map.items()}


def recorded_remote(out_dir: Path) -> dict[str, str]:
    """URL -> sha256 of each downloaded document the output folder keeps, as its state
    records them; empty when there is none or the state cannot be read."""
    try:
        state = json.loads((out_dir / STATE).read_text("utf-8"))
        remote = state.get("remote", {})
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(remote, dict):
        return {}
    return {url: digest for url, digest in remote.items()
            if isinstance(url, str) and isinstance(digest, str)
            and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)}


def fingerprint(documents: Iterable[str], options: Mapping[str, object],
                base: Path) -> str | None:
    """A digest of everything the output depends on; None when a document is remote (it
    has to be fetched anyway) or cannot be read. `documents` are paths relative to `base`
    (the output folder), so that the digest is the same in every clone."""
    digest = hashlib.sha256(_generator_digest().encode())
    digest.update(json.dumps(dict(options), sort_keys=True, default=str).encode())
    for name in sorted(set(documents)):
        try:
            # Lexically: the output folder may not exist yet on the first run.
            document = Path(os.path.normpath(base.absolute() / name))
            digest.update(name.encode() + b"\0" + document.read_bytes())
        except OSError:
            return None
    return digest.hexdigest()


def _relative_documents(uris: Iterable[str], base: Path) -> list[str] | None:
    from generator.write.survey import local_path  # loaded already when a run writes

    names = []
    for uri in uris:
        path = local_path(uri)
        if path is None:
            return None
        names.append(Path(os.path.relpath(path.absolute(), base.absolute())).as_posix())
    return sorted(set(names))


def state_text(sources: list[str], documents: Iterable[str], options: Mapping[str, object],
               files: Mapping[str, str], out_dir: Path,
               remote: Mapping[str, str] | None = None) -> str | None:
    """The state file to write beside the generated files (None: no fast path here).
    `remote`: URL -> sha256 of the downloaded documents kept among `files`."""
    names = _relative_documents(documents, out_dir)
    key = None if names is None else fingerprint(names, _with_remote(options, remote),
                                                 out_dir)
    if names is None or key is None:
        return None
    outputs = {path: hashlib.sha256(text.encode("utf-8")).hexdigest()
               for path, text in sorted(files.items()) if path != STATE}
    state: dict[str, object] = {"sources": _portable(sources, out_dir), "documents": names,
                                "fingerprint": key, "outputs": outputs}
    if remote:  # absent otherwise: older state files stay as they were
        state["remote"] = dict(sorted(remote.items()))
    return json.dumps(state, indent=1, sort_keys=True) + "\n"


def _portable(sources: list[str], out_dir: Path) -> list[str]:
    """Input paths relative to the output folder (URLs as they are): no absolute path."""
    return [source if "://" in source else
            Path(os.path.relpath(Path(source).absolute(), out_dir.absolute())).as_posix()
            for source in sources]


def _with_remote(options: Mapping[str, object],
                 remote: Mapping[str, str] | None) -> Mapping[str, object]:
    return {**options, "remote": dict(sorted(remote.items()))} if remote else options


def is_current(out_dir: Path, sources: list[str], options: Mapping[str, object], *,
               download: bool = False) -> bool:
    """True only when this run would write exactly what is already there, and nothing an
    earlier run left unfinished or no longer generates is there either. `download`: the
    run downloads remote documents again, so one that keeps any is never current."""
    try:
        if unfinished(out_dir):
            return False
        if any(os.path.islink(out_dir / name) for name in (MANIFEST, STATE)):
            return False  # refused by the writer, with its reason
        state = json.loads((out_dir / STATE).read_text("utf-8"))
        owned = json.loads((out_dir / MANIFEST).read_text("utf-8"))
        if sorted(owned) != sorted([*state["outputs"], STATE]):
            return False  # a file the new tree does not have is still there
        if state["sources"] != _portable(sources, out_dir):
            return False
        remote = state.get("remote")
        if remote and download:
            return False
        if fingerprint(state["documents"], _with_remote(options, remote),
                       out_dir) != state["fingerprint"]:
            return False
        folder = os.fspath(out_dir)
        for path, expected in state["outputs"].items():
            # Plain strings, not Path objects: a third of the cost of 300 files was pathlib.
            if ".." in path.replace("\\", "/").split("/"):
                return False
            with open(os.path.join(folder, path), "rb") as stream:
                if hashlib.sha256(stream.read()).hexdigest() != expected:
                    return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True
