# mypy: disable-error-code="import-untyped"
"""Turns input text into data: JSON, YAML, or a Campfire API reference page (markdown)."""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.diagnostics import Diagnostic, GenerationError
from generator.load.document import Document

# libyaml's C parser is five times faster than the pure Python one on large specs.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# An API reference page embeds its OpenAPI document in a fenced yaml block.
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*ya?ml\b[^\n]*\n", re.MULTILINE)

# OpenAPI asks for YAML 1.2 with the JSON-compatible core schema: `2024-01-01` and `yes`
# are strings there (PyYAML, a YAML 1.1 parser, makes a date and a boolean of them).
_FLOAT = (r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
          r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_CORE_SCALARS: tuple[tuple[str, str, list[str | None]], ...] = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", [*"~nN", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", [*"tTfF"]),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", [*"-+0123456789"]),
    ("tag:yaml.org,2002:float", _FLOAT, [*"-+.0123456789"]),
    ("tag:yaml.org,2002:merge", r"^<<$", ["<"]),
)


def _construct_int(loader: Any, node: Any) -> int:
    text = str(loader.construct_scalar(node))
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text.lstrip("+"))
    base = 16 if digits.startswith("0x") else 8 if digits.startswith("0o") else 10
    return sign * int(digits.removeprefix("0x").removeprefix("0o"), base)


def _construct_float(loader: Any, node: Any) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith(".nan"):
        return math.nan
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    return float(text)


def _construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
    # Keys are strings, as the YAML failsafe schema reads them (OpenAPI 3, "Format"):
    # `200:` is the status code "200", not the number 200.
    loader.flatten_mapping(node)  # `<<` merge keys first: their keys are keys too
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key_node.tag = "tag:yaml.org,2002:str"
    return dict(_BaseLoader.construct_mapping(loader, node, deep=deep))


# A safe loader that reads YAML as OpenAPI means it (the YAML 1.2 core schema).
_Loader: Any = type("_OpenAPILoader", (_BaseLoader,), {
    "yaml_implicit_resolvers": {},
    "yaml_constructors": dict(_BaseLoader.yaml_constructors),
    "construct_mapping": _construct_mapping,
})
for _tag, _pattern, _first in _CORE_SCALARS:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def load_yaml(text: str) -> Any:
    """YAML text as JSON-compatible data (raises yaml.YAMLError)."""
    return yaml.load(text, Loader=_Loader)


def parse_document(uri: str, display: str, text: str) -> Document:
    suffix = _suffix(display)
    if suffix in (".md", ".markdown"):
        body, offset = _openapi_fence(display, text)
        return Document(uri, display, _parse_yaml(display, body, offset), body, offset)
    if text.lstrip().startswith(("{", "[")):
        try:
            return Document(uri, display, json.loads(text), text)
        except json.JSONDecodeError as error:
            if suffix == ".json":
                raise GenerationError(
                    [Diagnostic(display, "", f"invalid JSON: {error.msg}", "fix the syntax",
                                line=error.lineno)]
                ) from None
    return Document(uri, display, _parse_yaml(display, text, 0), text)


def _suffix(display: str) -> str:
    """The lower-case file suffix of a path or URL (a URL's query is not part of it)."""
    path = urlsplit(display).path if display.startswith(("http://", "https://")) else display
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _parse_yaml(display: str, text: str, offset: int) -> Any:
    try:
        return load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 + offset if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise GenerationError(
            [Diagnostic(display, "", f"invalid YAML: {problem}", "fix the syntax", line=line)]
        ) from None
    except (ValueError, RecursionError) as error:  # a scalar the core schema cannot convert
        raise GenerationError(
            [Diagnostic(display, "", f"invalid YAML: {error}", "fix the syntax")]
        ) from None


def _openapi_fence(display: str, text: str) -> tuple[str, int]:
    """The body of the first yaml fence holding an OpenAPI document, and its line offset."""
    for match in _FENCE.finditer(text):
        fence = match.group("fence")
        start = match.end()
        end = text.find("\n" + fence, start)
        body = text[start:] if end < 0 else text[start : end + 1]
        if re.search(r"^openapi:", body, re.MULTILINE):
            return body, text.count("\n", 0, start)
    raise GenerationError(
        [Diagnostic(display, "", "no OpenAPI document found in this page",
                    "a reference page must embed the spec in a ```yaml fence")]
    )
