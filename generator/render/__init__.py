"""Stage 5: print the IR through the Jinja templates into Python source files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from generator.model import ir, reserved
from generator.model.names import dunder_all_key, member_key
from generator.render import filters
from generator.render.imports import group_module_imports, model_module_imports

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
    return env


def runtime_files(root: str) -> dict[str, str]:
    """The runtime package, copied verbatim: every module of `static/_runtime/`, sorted."""
    folder = templates_dir() / "static" / "_runtime"
    return {f"{root}/_runtime/{path.name}": path.read_text("utf-8")
            for path in sorted(folder.glob("*.py"))}


def render_package(package: ir.PackageIR) -> dict[str, str]:
    """Relative path -> source text of every file of the generated package."""
    env = environment()
    root = package.package
    files: dict[str, str] = {
        f"{root}/__init__.py": env.get_template("package_init.py.jinja").render(
            package=package, runtime_exports=_runtime_exports(),
            all_exports=sorted(reserved.PACKAGE_EXPORTS, key=dunder_all_key)),
        f"{root}/py.typed": "",
        **runtime_files(root),
        f"{root}/client.py": env.get_template("client.py.jinja").render(package=package),
        f"{root}/models/__init__.py": env.get_template("models_init.py.jinja").render(
            package=package),
        f"{root}/api/__init__.py": '"""Operations of the API, one module per tag."""\n',
    }
    model_template = env.get_template("model_module.py.jinja")
    for module in package.modules:
        imports = model_module_imports(module)
        files[f"{root}/models/{module.name}.py"] = model_template.render(
            module=module, imports=imports, spell=imports.spelling)
    group_template = env.get_template("group_module.py.jinja")
    for group in package.groups:
        imports = group_module_imports(group)
        files[f"{root}/api/{group.module}.py"] = group_template.render(
            group=group, imports=imports, spell=imports.spelling)
    return files


def _runtime_exports() -> list[str]:
    """What the package's `__init__` takes from the runtime (the clients come from
    `client.py`), in the order isort keeps."""
    return sorted(set(reserved.PACKAGE_EXPORTS) - {"Client", "AsyncClient"}, key=member_key)
