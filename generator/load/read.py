"""Reads an input's text from a file path or an http(s) URL."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.request import url2pathname

from generator.diagnostics import Diagnostic, GenerationError
from generator.load import limits

_URL_TIMEOUT_SECONDS = 30


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_text(source: str) -> tuple[str, str]:
    """(uri, text) of a path or URL; the uri is absolute so relative refs resolve."""
    if is_url(source):
        return source, fetch_text(source)
    path = Path(url2pathname(source.removeprefix("file://"))) if source.startswith("file:") \
        else Path(source)
    try:
        data = _read_file(path, source)
    except FileNotFoundError:
        raise GenerationError(
            [Diagnostic(source, "", "file not found", "check the path")]
        ) from None
    except OSError as error:
        raise GenerationError(
            [Diagnostic(source, "", f"cannot read: {error.strerror}", "check the path")]
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GenerationError(
            [Diagnostic(source, "", f"not UTF-8 text (byte {error.start})", "save it as UTF-8")]
        ) from None
    return path.resolve().as_uri(), text


def _read_file(path: Path, source: str) -> bytes:
    # Measured before reading: a huge file is refused without filling the memory.
    size = path.stat().st_size
    if size > limits.MAX_DOCUMENT_BYTES:
        raise GenerationError([Diagnostic(source, "", *limits.too_large(size))])
    with path.open("rb") as file:
        data = file.read(limits.MAX_DOCUMENT_BYTES + 1)  # a file that grew meanwhile
    if len(data) > limits.MAX_DOCUMENT_BYTES:
        raise GenerationError([Diagnostic(source, "", *limits.too_large(None))])
    return data


class _HttpRedirectsOnly(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) URL (urllib would also follow ftp)."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: Any, newurl: str) -> urllib.request.Request | None:
        if not is_url(newurl):
            raise urllib.error.URLError(f"redirected to {newurl!r}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpRedirectsOnly)


def fetch_text(url: str) -> str:
    """The text at an http(s) URL: at most MAX_DOCUMENT_BYTES, within the timeout."""
    if not is_url(url):
        raise GenerationError([Diagnostic(url, "", "only http and https URLs are read",
                                          "use an http(s) URL or a local file")])
    request = urllib.request.Request(url, headers={"Accept": "application/json, application/yaml"})
    try:
        with _OPENER.open(request, timeout=_URL_TIMEOUT_SECONDS) as response:
            data = response.read(limits.MAX_DOCUMENT_BYTES + 1)
    except urllib.error.HTTPError as error:
        message = f"download failed: HTTP {error.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        message = f"download failed: {getattr(error, 'reason', error)}"
    else:
        if len(data) > limits.MAX_DOCUMENT_BYTES:
            raise GenerationError([Diagnostic(url, "", *limits.too_large(None))])
        try:
            return str(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            message = "the downloaded document is not UTF-8 text"
    raise GenerationError([Diagnostic(url, "", message, "check the URL and the network")])
