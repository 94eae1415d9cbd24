"""Stage 5: print the IR through the Jinja templates into Python source files."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from generator.model import ir, reserved
from generator.model.names import dunder_all_key, member_key
from generator.render import filters, security, servers
from generator.render.imports import group_module_imports, model_module_imports
from generator.render.printed import rendering

_PACKAGE = Path(__file__).resolve().parents[1]


def templates_dir() -> Path:
    """The templates folder: beside the package in a checkout (and an editable install),
    inside it (`generator/templates`) once installed from a wheel."""
    checkout = _PACKAGE.parent / "templates"
    return checkout if (checkout / "static").is_dir() else _PACKAGE / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the output is Python: filters.py does the escaping
    )
    env.filters.update(filters.FILTERS)
    env.filters.update(servers.FILTERS)
    env.filters.update(security.FILTERS)
    return env


def runtime_files(root: str) -> dict[str, str]:
    """The runtime package, copied verbatim: every module of `static/_runtime/`, sorted."""
    folder = templates_dir() / "static" / "_runtime"
    return {f"{root}/_runtime/{path.name}": path.read_text("utf-8")
            for path in sorted(folder.glob("*.py"))}


@dataclass(slots=True)
class Rendered:
    """The files of a generated package, and those the printer could not lay out
    entirely the way black would (the format stage runs black on those)."""

    files: dict[str, str] = field(default_factory=dict)
    for_black: set[str] = field(default_factory=set)

    def render(self, path: str, template: str, **context: Any) -> None:
        with rendering() as unsettled:
            self.files[path] = environment().get_template(template).render(**context)
        if unsettled[0]:
            self.for_black.add(path)


def render_package(package: ir.PackageIR) -> Rendered:
    """Relative path -> source text of every file of the generated package."""
    root = package.package
    out = Rendered()
    out.render(f"{root}/__init__.py", "package_init.py.jinja", package=package,
               runtime_exports=_runtime_exports(),
               all_exports=sorted(reserved.PACKAGE_EXPORTS, key=dunder_all_key))
    out.files[f"{root}/py.typed"] = ""
    out.files.update(runtime_files(root))
    out.render(f"{root}/client.py", "client.py.jinja", package=package)
    out.render(f"{root}/models/__init__.py", "models_init.py.jinja", package=package)
    out.files[f"{root}/api/__init__.py"] = '"""Operations of the API, one module per tag."""\n'
    for module in package.modules:
        imports = model_module_imports(module)
        out.render(f"{root}/models/{module.name}.py", "model_module.py.jinja", module=module,
                   imports=imports, spell=imports.spelling)
    for group in package.groups:
        imports = group_module_imports(group)
        out.render(f"{root}/api/{group.module}.py", "group_module.py.jinja", group=group,
                   imports=imports, spell=imports.spelling)
    return out


def _runtime_exports() -> list[str]:
    """What the package's `__init__` takes from the runtime (the clients come from
    `client.py`), in the order isort keeps."""
    return sorted(set(reserved.PACKAGE_EXPORTS) - {"Client", "AsyncClient"}, key=member_key)
