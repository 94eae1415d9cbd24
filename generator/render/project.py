"""`--layout project`: an installable project around the package, so that a downstream repo
can build a wheel of its client: pyproject.toml (tested ranges of its runtime dependencies,
`dependencies.py`) and README.md
(every operation, auth, pagination, errors).

Its own Jinja environment: these templates print TOML and markdown, not Python, and the
values they print are prepared here, escaped for where they go.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import jinja2

from generator.model import ir
from generator.model import types as t
from generator.render import templates_dir
from generator.render.dependencies import BUILD_BACKEND, HTTPX, TYPING_EXTENSIONS

REQUIRES_PYTHON = ">=3.11"


@dataclass(frozen=True, slots=True)
class Row:
    tag: str
    method: str
    path: str
    call: str


@dataclass(frozen=True, slots=True)
class Project:
    """What the templates print, every value final."""

    package: str
    distribution: str
    version: str
    api_version: str
    description: str
    dependencies: tuple[str, ...]
    build_backend: str
    requires_python: str
    auth: str | None
    credentials: str | None
    """The credential keywords besides the positional token's, in words."""
    base_url: str | None
    example_call: str | None
    paginated_call: str | None
    error_example: str | None
    operations: tuple[Row, ...]
    models: int
    enums: int


def render_project(package: ir.PackageIR) -> dict[str, str]:
    """Relative path -> text of the project files around `<package>/`."""
    project = project_of(package)
    env = _environment()
    return {name: env.get_template(f"{name}.jinja").render(project=project)
            for name in ("pyproject.toml", "README.md")}


def project_of(package: ir.PackageIR) -> Project:
    operations = [(group, op) for group in package.groups for op in group.operations]
    paged = next(((g, op) for g, op in operations if op.pagination is not None), None)
    failing = next(((g, op) for g, op in operations
                    if any(_error_class(error) for error in op.errors)), None)
    title = _one_line(package.title)
    return Project(
        package=package.package,
        distribution=package.package.replace("_", "-"),
        version=package.package_version,
        api_version=_one_line(package.version),
        description=f"Typed Python client of {title}",
        dependencies=(HTTPX.requirement,
                      *((TYPING_EXTENSIONS.requirement,)
                        if any(op.deprecated for _, op in operations) else ())),
        build_backend=BUILD_BACKEND.requirement,
        requires_python=REQUIRES_PYTHON,
        auth=_auth(package.security.primary),
        credentials=_credentials(package.security),
        base_url=package.base_url or None,
        example_call=_call(*operations[0]) if operations else None,
        paginated_call=_paginated_call(*paged) if paged else None,
        error_example=_error_example(*failing) if failing else None,
        operations=tuple(Row(_cell(group.tag), op.method, _cell(op.path),
                             f"client.{group.attribute}.{op.name}") for group, op in operations),
        models=sum(len(module.models) for module in package.modules),
        enums=sum(len(module.enums) for module in package.modules),
    )


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "project")),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters["toml_str"] = _toml_str
    return env


def _credentials(security: ir.SecurityIR) -> str | None:
    """`basic_auth=(user, password)`, `cookie_auth=...`: the other credential keywords."""
    others = [f"`{scheme.keyword}=(user, password)`" if scheme.kind is ir.SchemeKind.BASIC
              else f"`{scheme.keyword}=...`"
              for scheme in security.schemes if scheme.keyword != security.token]
    return ", ".join(others) or None


def _auth(auth: ir.SchemeIR | None) -> str | None:
    """How the token given to `Client(token)` is sent, in words."""
    if auth is None:
        return None
    value = f"{auth.prefix} <token>" if auth.prefix else "<token>"
    if auth.kind is ir.SchemeKind.BEARER or auth.location == "header":
        return f"the header `{auth.name}: {value}`"
    return f"the {auth.location} parameter `{auth.name}={value}`"


def _arguments(op: ir.OperationIR, *extra: str) -> str:
    """The required arguments, named after their parameters, as placeholders."""
    names = [p.name if p.positional else f"{p.name}={p.name}"
             for p in op.signature_params if p.required]
    if op.body is not None and op.body.required:
        names.append("body=body")
    return ", ".join([*names, *extra])


def _call(group: ir.GroupIR, op: ir.OperationIR) -> str:
    return f"client.{group.attribute}.{op.name}({_arguments(op)})"


def _paginated_call(group: ir.GroupIR, op: ir.OperationIR) -> str:
    assert op.pagination is not None
    size = op.pagination.size_param if isinstance(op.pagination, ir.DrfPagesIR) else None
    arguments = _arguments(op, *([f"{size}=100"] if size else []))
    return f"client.{group.attribute}.{op.name}_iter({arguments})"


def _error_example(group: ir.GroupIR, op: ir.OperationIR) -> str:
    documented = ", ".join(f"`{_error_class(error)}` on {error.status}" for error in op.errors
                           if _error_class(error))
    return f"`client.{group.attribute}.{op.name}` documents {documented}"


def _error_class(error: ir.ResponseIR) -> str | None:
    """The model class an error response's body is parsed into, if any."""
    return error.type.name if isinstance(error.type, t.Named) else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    """Text for a markdown table cell."""
    return _one_line(text).replace("|", "\\|")


def _toml_str(text: str) -> str:
    """A TOML basic string equal to `text` (JSON's escapes are TOML's, DEL aside)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")

