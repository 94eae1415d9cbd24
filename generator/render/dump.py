"""A compact text form of the IR, golden-tested so that a resolution change reads as a
small diff of decisions rather than as hundreds of changed Python files."""

from __future__ import annotations

from generator.model import ir
from generator.model.text import py_literal
from generator.render.filters import enum_base
from generator.render.spelling import Spelling


def dump(package: ir.PackageIR) -> str:
    spell = Spelling(None)  # types read as the annotations the client shows
    lines = [f"package {package.package}  title={package.title!r} version={package.version!r}",
             f"base_url {package.base_url!r}  numbers={package.number_type}  "
             + f"drf={'yes' if package.drf else 'no'}  forms={package.form_style.value}  "
             + f"idempotency={package.idempotency_header or '-'}"
             + ("" if package.idempotent_operations is None
                else f" (honoured by {', '.join(package.idempotent_operations) or '-'})")]
    if not package.servers.plain:
        for env in package.servers.environments:
            keys = " ".join(f"{key}={default!r}" + ("" if allowed is None else f" in {allowed}")
                            for key, default, allowed in env.variables)
            lines.append(f"environment {env.name}: {env.url!r}  {keys}".rstrip())
        for variable in package.servers.variables:
            lines.append(f"server variable {variable.name} <- {variable.key!r}  "
                         f"default={variable.default!r} allowed={variable.allowed}")
    security = package.security
    if security.schemes:
        lines.append(f"security default={_alternatives(security.default)} "
                     f"token={security.token or '-'}")
    for scheme in security.schemes:
        lines.append(f"  {scheme.keyword} <- {scheme.key!r}: {scheme.kind.value} "
                     f"{scheme.location} {scheme.name!r} prefix={scheme.prefix!r}"
                     + ("  [csrf]" if scheme.csrf else "")
                     + (f"  token_url={scheme.token_url!r}" if scheme.token_url else ""))
    for module in package.modules:
        lines.append(f"\nmodule models/{module.name}")
        for enum in module.enums:
            values = " ".join(f"{m.name}={py_literal(m.value)}" for m in enum.members)
            lines.append(f"  enum {enum.name}({enum_base(enum)})  {enum.schema}")
            lines.append(f"    {values}")
        for model in module.models:
            lines.append(f"  model {model.name} [{model.direction.value}]  {model.schema}")
            for f in model.fields:
                flags = "".join(flag for flag, on in (("R", f.read_only), ("W", f.write_only),
                                                      ("!", f.required), ("?", f.nullable),
                                                      ("D", f.deprecated),
                                                      ("E", f.form_null)) if on)
                alias = "" if f.name == f.json_name else f" <- {f.json_name!r}"
                if f.file_extensions is not None:  # a FileExtensionValidator's
                    alias += " files " + " ".join("." + e for e in f.file_extensions)
                annotation = spell.annotation(f.type, optional=not f.required)
                lines.append(f"    {f.name}: {annotation}  [{flags}]{alias}{_allowed(f.allowed)}")
            lines.append(f"    *additional_properties: dict[str, {spell.annotation(model.extra)}]")
    for group in package.groups:
        lines.append(f"\ngroup {group.tag!r}: {group.name} (api/{group.module}, "
                     f"client.{group.attribute})")
        for op in group.operations:
            lines.append(f"  {op.name}: {op.method} {op.path} -> {spell.returns(op)}"
                         + ("" if op.security is None
                            else f"  [security {_alternatives(op.security)}]")
                         + ("  [deprecated]" if op.deprecated else ""))
            for p in op.signature_params:
                lines.append(f"    {p.location.value} {p.name}: {spell.annotation(p.type)}"
                             + (" (positional)" if p.positional else "")
                             + (" (required)" if p.required else "")
                             + (" (deprecated)" if p.deprecated else "")
                             + ("" if p.name == p.json_name else f" <- {p.json_name!r}")
                             + _allowed(p.allowed))
            if op.body is not None:
                lines.append(f"    body: {spell.annotation(op.body.type)}" +
                             (" (required)" if op.body.required else "") +
                             f"  as {', '.join(op.body.encodings)}")
            for r in op.responses + op.errors:
                lines.append(f"    {r.status} -> {spell.response_annotation(r.type)}"
                             + (" (or bytes)" if r.bytes_too else "")
                             + ("" if r.events is None else
                                f" (or events of {spell.annotation(r.events)})"))
            if op.pagination is not None:
                lines.append(f"    pages of {spell.annotation(op.pagination.item)} "
                             f"({_pages(op.pagination)})")
    return "\n".join(lines) + "\n"


def _pages(pages: ir.PaginationIR) -> str:
    """How the pages are walked, in a word or two."""
    if isinstance(pages, ir.DrfPagesIR):
        sizes = f", {pages.size_param}" if pages.size_param else ""
        return f"{pages.paginator.value}: {pages.start_param}{sizes}"
    if isinstance(pages, ir.LinkPagesIR):
        return f"next URL at {'.'.join(pages.next)}" if pages.next else "Link header"
    cursor = ".".join(pages.token) if pages.token else f"last item's {pages.last_id}"
    more = f" while {'.'.join(pages.more)}" if pages.more else ""
    return f"{pages.argument} = {cursor}{more}"


def _alternatives(found: ir.Alternatives) -> str:
    return " | ".join("+".join(each) or "anonymous" for each in found)


def _allowed(values: tuple[object, ...]) -> str:
    return f"  one of {', '.join(map(repr, values))}" if values else ""
