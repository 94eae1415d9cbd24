"""Where a document reached by a remote `$ref` (an http or https URL) is read from.

In this order: a local folder that the ref map gives for the URL's longest matching prefix;
a download, only when the run allows the network; the copy of an earlier download that
the output folder keeps, named by its content's hash and recorded in its state file.
Otherwise the reference is refused with the settings that would make it work, so a
pre-commit hook or a CI build never depends on the network.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.diagnostics import Diagnostic, GenerationError
from generator.load.read import fetch_text, read_text

REFS_FOLDER = ".campfire-codegen-refs"
"""Inside the output folder: the downloaded documents, one file per content hash."""


class RemoteUnavailable(GenerationError):
    """A remote document that this run may not (or cannot) read; its hint is the fix."""


@dataclass(slots=True)
class RemoteDocuments:
    """The rules for remote documents in one run, and what reading them found.

    Picklable: the validator's child process reads referenced documents by the same rules.
    """

    ref_map: dict[str, str] = field(default_factory=dict)
    """URL prefix -> local folder (absolute, or relative to the current folder)."""
    allow_network: bool = False
    pinned: dict[str, str] = field(default_factory=dict)
    """URL -> sha256 of the copy kept in `cache`, from the output folder's state."""
    cache: str | None = None
    """The output folder's REFS_FOLDER, where pinned copies are."""
    mapped: dict[str, str] = field(default_factory=dict)
    """URL -> the local file it was read from (through the ref map)."""
    kept: dict[str, str] = field(default_factory=dict)
    """URL -> text, of every document downloaded or read from a pinned copy: written
    again into the output folder so that the next run needs no network."""

    def read(self, url: str) -> tuple[str, str]:
        """(what errors show for the document, its text); raises GenerationError."""
        local = self.local_file(url)
        if local is not None:
            try:
                _, text = read_text(str(local))
            except GenerationError as error:
                raise RemoteUnavailable([Diagnostic(
                    url, "", f"mapped to {local}: {error.diagnostics[0].message}",
                    "check the ref-map entry and the files in its folder")]) from None
            self.mapped[url] = str(local)
            return str(local), text
        if self.allow_network:
            text = fetch_text(url)
        elif url in self.pinned and self.cache is not None:
            text = self._pinned_copy(url, self.pinned[url])
        else:
            raise RemoteUnavailable([Diagnostic(
                url, "", f"remote document {url} is not available offline",
                f"map a prefix of it to a local folder with ref-map in [tool.campfire-codegen] "
                f"or --ref-map {_suggested_prefix(url)}=FOLDER, or pass --allow-network to "
                "download it once")])
        self.kept[url] = text
        return url, text

    def local_file(self, url: str) -> Path | None:
        """The file that the longest matching prefix of the ref map gives `url`; None when
        no prefix matches. Raises GenerationError when the rest of the URL cannot name a
        file inside that folder (`..`, a query, a folder)."""
        matches = [prefix for prefix in self.ref_map if url.startswith(prefix)]
        if not matches:
            return None
        prefix = max(matches, key=len)
        folder = Path(self.ref_map[prefix])
        rest = url[len(prefix):]
        parts = urlsplit(url)
        names = [unquote(part) for part in rest.split("/")]
        wrong = None
        if parts.query:
            wrong = "it has a query, which no file name can hold"
        elif not rest or rest.endswith("/"):
            wrong = "it names a folder, not a file"
        elif any(name in ("", ".", "..") or "/" in name or "\\" in name or "\0" in name
                 for name in names):
            wrong = f"its path after {prefix} leaves the mapped folder or is not plain"
        if wrong is None:
            local = folder.joinpath(*names)
            inside = os.path.realpath(folder)
            if os.path.commonpath([inside, os.path.realpath(local)]) != inside:
                wrong = f"it leads out of {folder} through a link"
            else:
                return local
        raise RemoteUnavailable([Diagnostic(
            url, "", f"cannot map {url} to a file under {folder}: {wrong}",
            "fix the reference or the ref-map entry")])

    def _pinned_copy(self, url: str, digest: str) -> str:
        assert self.cache is not None
        path = Path(self.cache) / digest
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            state = "is missing" if data is None else "was changed"
            raise RemoteUnavailable([Diagnostic(
                url, "", f"the kept copy of {url} ({path}) {state}",
                "pass --allow-network to download it again, or map it with ref-map")])
        return data.decode("utf-8")


def kept_files(kept: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(files for the output folder, URL -> sha256 for its state) of the kept documents."""
    files: dict[str, str] = {}
    pins: dict[str, str] = {}
    for url, text in sorted(kept.items()):
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        files[f"{REFS_FOLDER}/{digest}"] = text
        pins[url] = digest
    return files, pins


def _suggested_prefix(url: str) -> str:
    """The URL up to its last `/`: the prefix a user would most likely map."""
    return url[: url.rfind("/") + 1] if url.count("/") > 2 else url + "/"
