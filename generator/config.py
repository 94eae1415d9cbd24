"""`[tool.campfire-codegen]` in pyproject.toml: the settings of `generate`, so that a pre-commit
hook or a build step runs it without flags.

The file is the nearest pyproject.toml in the current folder or its parents; without the
table there, there is no configuration (the search does not go further up). Paths in it are
relative to that file's folder. Flags given on the command line win, setting by setting.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, GenerationError
from generator.package_name import package_name_problem
from generator.versions import is_package_version

TABLE = "campfire-codegen"
CHOICES = {"number-type": ("decimal", "float"), "layout": ("package", "project"),
           "form-style": ("auto", "drf", "openapi")}
KEYS = ("spec", "output", "package-name", "number-type", "layout", "strict", "emit-ir",
        "form-style", "idempotency-header", "package-version", "ref-map")


@dataclass(frozen=True, slots=True)
class Config:
    """The settings found; None where the file does not set them."""

    file: Path
    specs: tuple[str, ...] | None = None
    output: Path | None = None
    package_name: str | None = None
    number_type: str | None = None
    layout: str | None = None
    strict: bool | None = None
    emit_ir: bool | None = None
    form_style: str | None = None
    idempotency_header: str | None = None
    package_version: str | None = None
    ref_map: dict[str, str] | None = None
    """URL prefix -> local folder (joined to the file's folder)."""


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path | None = None) -> Config | None:
    """The configuration that applies in `start` (the current folder by default); raises
    GenerationError naming every problem in it."""
    found = find_pyproject(Path.cwd() if start is None else start)
    if found is None:
        return None
    # Shown and joined relative to the current folder, as the user would type them.
    file = Path(os.path.relpath(found)) if start is None else found
    try:
        text = file.read_text("utf-8")
        document = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise GenerationError([Diagnostic(str(file), "", f"cannot read: {error}",
                                          "check the file")]) from None
    except tomllib.TOMLDecodeError as error:
        raise GenerationError([Diagnostic(str(file), "", f"not valid TOML: {error}",
                                          "fix the file")]) from None
    tool = document.get("tool")
    table = tool.get(TABLE) if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise GenerationError([_problem(file, text, None, f"[tool.{TABLE}] must be a table")])
    return _config(file, text, table)


def _config(file: Path, text: str, table: dict[str, Any]) -> Config:
    problems = [_problem(file, text, key, f"unknown key {key!r} in [tool.{TABLE}]",
                         "known keys: " + ", ".join(KEYS))
                for key in table if key not in KEYS]
    for key, value in table.items():
        wrong = _type_problem(key, value)
        if wrong:
            problems.append(_problem(file, text, key, f"{key!r} {wrong}"))
        elif key == "package-name":
            unusable = package_name_problem(value)
            if unusable is not None:
                message, suggestion = unusable
                problems.append(_problem(file, text, key, f"'package-name': {message}",
                                         f"choose another name, e.g. {suggestion}"))
    if problems:
        raise GenerationError(problems)
    folder = file.parent
    spec = table.get("spec")
    specs = None if spec is None else tuple(
        source if source.startswith(("http://", "https://")) else str(folder / source)
        for source in ([spec] if isinstance(spec, str) else spec))
    output = table.get("output")
    return Config(file, specs, None if output is None else folder / output,
                  table.get("package-name"), table.get("number-type"), table.get("layout"),
                  table.get("strict"), table.get("emit-ir"), table.get("form-style"),
                  table.get("idempotency-header"), table.get("package-version"),
                  _ref_map(folder, table.get("ref-map")))


def _type_problem(key: str, value: object) -> str | None:
    """What is wrong with the value of a known key, or None."""
    if key == "spec":
        if isinstance(value, str) or (isinstance(value, list) and value
                                      and all(isinstance(item, str) for item in value)):
            return None
        return "must be a path or URL, or a non-empty list of them"
    if key in ("strict", "emit-ir"):
        return None if isinstance(value, bool) else "must be true or false"
    if key in CHOICES:
        allowed = CHOICES[key]
        return None if value in allowed else "must be one of: " + ", ".join(map(repr, allowed))
    if key in ("output", "package-name"):
        return None if isinstance(value, str) and value else "must be a non-empty string"
    if key == "idempotency-header":
        return None if is_header_name(value) else "must be a header name, or \"\" for none"
    if key == "package-version":
        return None if is_version(value) else VERSION_EXPECTED
    if key == "ref-map":
        return ref_map_problem(value)
    return None


def ref_map_problem(value: object) -> str | None:
    """What is wrong with a ref map (URL prefix -> folder), or None."""
    if not isinstance(value, dict):
        return "must be a table of URL prefix = folder"
    for prefix, folder in value.items():
        if not prefix.startswith(("http://", "https://")):
            return f"key {prefix!r} must be an http:// or https:// URL prefix"
        if not isinstance(folder, str) or not folder:
            return f"{prefix!r} must map to a folder (a non-empty string)"
    return None


def _ref_map(folder: Path, value: dict[str, str] | None) -> dict[str, str] | None:
    return None if value is None else {
        prefix: str(folder / local) for prefix, local in value.items()}


VERSION_EXPECTED = "must be a package version such as \"1.4.0\" (PEP 440)"


def is_version(value: object) -> bool:
    """A package version the client's project can carry."""
    return isinstance(value, str) and is_package_version(value)


def is_header_name(value: object) -> bool:
    """An HTTP header name (a token), or "" (none)."""
    return isinstance(value, str) and re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]*",
                                                   value) is not None


def _problem(file: Path, text: str, key: str | None, message: str,
             hint: str = "see docs/configuration.md") -> Diagnostic:
    return Diagnostic(str(file), "", message, hint, line=_line_of(text, key))


_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*[\"']?campfire-codegen[\"']?\s*\]\s*(#.*)?$")


def _line_of(text: str, key: str | None) -> int | None:
    """The line of `key` in the table (or of the table's header), when it is easy to see."""
    lines = text.splitlines()
    header = next((number for number, line in enumerate(lines, 1) if _HEADER.match(line)), None)
    if header is None or key is None:
        return header
    assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number in range(header + 1, len(lines) + 1):
        line = lines[number - 1]
        if line.lstrip().startswith("["):
            break
        if assignment.match(line):
            return number
    return header
