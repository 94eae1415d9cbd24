"""The servers, spelled in the client: the `SERVERS` table, the `base_url=`, `environment=`
and URL-variable keywords of `__init__`, the statement that picks the URL, and what the
class docstring says of them. Jinja filters, registered beside filters.py's."""

from __future__ import annotations

from generator.model import ir
from generator.model.text import one_line, py_str
from generator.render import layout
from generator.render.code import Atom, Display, Expr, Prefixed, Subscript, call, union
from generator.render.printed import printed

_INIT_INDENT = "        "
_BODY_INDENT = "        "


def uses_literal(servers: ir.ServersIR) -> bool:
    """Whether the client's signature spells a `Literal` (an environment, an enum)."""
    return not servers.plain and (len(servers.environments) > 1
                                  or any(v.allowed for v in servers.variables))


def servers_table(servers: ir.ServersIR) -> str:
    """`SERVERS: dict[str, rt.Server] = {name: rt.Server(url, {key: ...})}`."""
    entries = tuple(Prefixed(f"{py_str(env.name)}: ", _server(env))
                    for env in servers.environments)
    return printed(layout.right_hand_split("", Prefixed("SERVERS: dict[str, rt.Server] = ",
                                                        Display("{", entries))))


def _server(env: ir.EnvironmentIR) -> Expr:
    if not env.variables:
        return call("rt.Server", py_str(env.url))
    variables = tuple(Prefixed(f"{py_str(key)}: ", _variable(default, allowed))
                      for key, default, allowed in env.variables)
    return call("rt.Server", py_str(env.url), Display("{", variables))


def _variable(default: str, allowed: tuple[str, ...] | None) -> Expr:
    if allowed is None:
        return call("rt.ServerVariable", py_str(default))
    return call("rt.ServerVariable", py_str(default),
                Display("(", tuple(Atom(py_str(value)) for value in allowed)))


def server_parameters(servers: ir.ServersIR) -> str:
    """The keywords of `__init__` that choose the URL, right after `*`."""
    lines = layout.parameter(_INIT_INDENT, "base_url", union([Atom("str"), Atom("None")]),
                             "None")
    if len(servers.environments) > 1:
        names = tuple(Atom(py_str(env.name)) for env in servers.environments)
        lines += layout.parameter(_INIT_INDENT, "environment", Subscript("Literal", names),
                                  py_str(servers.environments[0].name))
    for variable in servers.variables:
        annotation: Expr = (Atom("str") if variable.allowed is None else
                            Subscript("Literal", tuple(Atom(py_str(value))
                                                       for value in variable.allowed)))
        if variable.default is None:
            annotation = union([annotation, Atom("None")])
        default = "None" if variable.default is None else py_str(variable.default)
        lines += layout.parameter(_INIT_INDENT, variable.name, annotation, default)
    return printed(lines)


def server_url_statement(servers: ir.ServersIR) -> str:
    """`if base_url is None: base_url = rt.server_url(SERVERS, environment, {...})`."""
    environment = ("environment" if len(servers.environments) > 1
                   else py_str(servers.environments[0].name))
    values = Display("{", tuple(Prefixed(f"{py_str(v.key)}: ", Atom(v.name))
                                for v in servers.variables))
    value = call("rt.server_url", "SERVERS", environment, values)
    return printed([f"{_BODY_INDENT}if base_url is None:",
                    *layout.assignment(_BODY_INDENT + "    ", "base_url", value)])


def server_docstring_lines(servers: ir.ServersIR) -> list[str]:
    """What the class docstring says of the servers (nothing for a plain one)."""
    if servers.plain:
        return []
    lines = []
    if len(servers.environments) > 1:
        shown = "; ".join(f"`{env.name}`: {env.url}"
                          + (f" ({one_line(env.description)})" if env.description else "")
                          for env in servers.environments)
        lines.append(f"`environment` picks the server (the first by default): {shown}.")
    for variable in servers.variables:
        allowed = ("any text" if variable.allowed is None
                   else "one of " + ", ".join(f"`{value}`" for value in variable.allowed))
        default = ("each server's own default" if variable.default is None
                   else f"`{variable.default}` by default")
        about = f" ({one_line(variable.description)})" if variable.description else ""
        lines.append(f"`{variable.name}` fills `{{{variable.key}}}` in the server URL{about}: "
                     f"{allowed}, {default}.")
    lines.append("`base_url` overrides them all.")
    return lines


FILTERS = {
    "uses_literal": uses_literal,
    "servers_table": servers_table,
    "server_parameters": server_parameters,
    "server_url_statement": server_url_statement,
}
