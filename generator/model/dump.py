"""A compact text form of the IR, golden-tested so that a resolution change reads as a
small diff of decisions rather than as hundreds of changed Python files."""

from __future__ import annotations

from generator.model import ir


def dump(package: ir.PackageIR) -> str:
    lines = [f"package {package.package}  title={package.title!r} version={package.version!r}",
             f"base_url {package.base_url!r}  numbers={package.number_type}"]
    if package.auth is not None:
        auth = package.auth
        lines.append(f"auth {auth.scheme}: {auth.location} {auth.name!r} prefix={auth.prefix!r}")
    for module in package.modules:
        lines.append(f"\nmodule models/{module.name}")
        for enum in module.enums:
            values = " ".join(f"{m.name}={m.value}" for m in enum.members)
            lines.append(f"  enum {enum.name}({enum.base})  {enum.schema}")
            lines.append(f"    {values}")
        for model in module.models:
            lines.append(f"  model {model.name} [{model.direction}]  {model.schema}")
            for f in model.fields:
                flags = "".join(flag for flag, on in (("R", f.read_only), ("W", f.write_only),
                                                      ("!", f.required), ("?", f.nullable)) if on)
                alias = "" if f.name == f.json_name else f" <- {f.json_name!r}"
                lines.append(f"    {f.name}: {f.annotation}  [{flags}]{alias}{_allowed(f.allowed)}")
            lines.append(f"    *additional_properties: {model.extra_annotation}")
    for group in package.groups:
        lines.append(f"\ngroup {group.tag!r}: {group.name} (api/{group.module}, "
                     f"client.{group.attribute})")
        for op in group.operations:
            lines.append(f"  {op.name}: {op.method} {op.path} -> {op.return_annotation}"
                         + ("" if op.secured else "  [no auth]"))
            for p in op.signature_params:
                lines.append(f"    {p.location} {p.name}: {p.annotation}"
                             + (" (positional)" if p.positional else "")
                             + (" (required)" if p.required else "")
                             + ("" if p.name == p.json_name else f" <- {p.json_name!r}")
                             + _allowed(p.allowed))
            if op.body is not None:
                lines.append(f"    body: {op.body.annotation}" +
                             (" (required)" if op.body.required else "") +
                             f"  as {', '.join(op.body.encodings)}")
            for r in op.responses + op.errors:
                lines.append(f"    {r.status} -> {r.annotation}")
            if op.pagination is not None:
                lines.append(f"    pages of {op.pagination.item_annotation}")
    return "\n".join(lines) + "\n"


def _allowed(values: tuple[object, ...]) -> str:
    return f"  one of {', '.join(map(repr, values))}" if values else ""
