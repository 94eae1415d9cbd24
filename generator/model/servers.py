"""The spec's servers as the client's environments: a name for each (from its description),
its URL template, and the template variables as keywords of the client.

A spec with one server and no variable keeps a plain `base_url` default; with several
servers the client takes `environment=` (the first server by default); every variable is
a keyword with its default (its enum, a `Literal`). `base_url=` overrides them all.
"""

from __future__ import annotations

from typing import Any

from generator.model import ir
from generator.model.names import snake, unique, words
from generator.model.reserved import CLIENT_ARGUMENTS
from generator.model.text import text_of

# Words that say what every entry is, dropped from the end of a name ("Production server"
# is `production`), unless nothing else is left.
_GENERIC = frozenset({"server", "servers", "environment", "env", "url", "endpoint"})

def servers_of(spec: dict[str, Any], credentials: frozenset[str] = frozenset()) -> ir.ServersIR:
    """The servers as environments; a URL variable named like one of the client's own
    keywords or a credential keyword (`credentials`) gets `<name>_variable`."""
    servers = [server for server in spec.get("servers") or [] if isinstance(server, dict)]
    taken: set[str] = set()
    environments = tuple(_environment(index, server, taken)
                         for index, server in enumerate(servers, start=1))
    return ir.ServersIR(environments,
                        _variables(servers, environments, CLIENT_ARGUMENTS | credentials))


def _environment(index: int, server: dict[str, Any], taken: set[str]) -> ir.EnvironmentIR:
    description = text_of(server.get("description"))
    return ir.EnvironmentIR(unique(_name(description, index), taken), str(server.get("url") or ""),
                            tuple(_declared(server)), description)


def _name(description: str | None, index: int) -> str:
    found = [word.lower() for word in words(description or "")]
    while len(found) > 1 and found[-1] in _GENERIC:
        found.pop()
    return snake("_".join(found)) if found else f"server_{index}"


def _declared(server: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...] | None]]:
    declared = []
    variables = server.get("variables")
    for key, variable in (variables.items() if isinstance(variables, dict) else []):
        if not isinstance(variable, dict):
            continue
        default = str(variable.get("default", ""))
        enum = variable.get("enum")
        allowed = (tuple(dict.fromkeys([*map(str, enum), default]))
                   if isinstance(enum, list) and enum else None)
        declared.append((str(key), default, allowed))
    return declared


def _variables(servers: list[dict[str, Any]], environments: tuple[ir.EnvironmentIR, ...],
               keywords: frozenset[str]) -> tuple[ir.ServerVariableIR, ...]:
    """One keyword per variable name, over every server that declares it."""
    seen: dict[str, list[tuple[str, tuple[str, ...] | None]]] = {}
    descriptions: dict[str, str | None] = {}
    for server, environment in zip(servers, environments):
        for key, default, allowed in environment.variables:
            seen.setdefault(key, []).append((default, allowed))
            variable = (server.get("variables") or {}).get(key)
            if descriptions.get(key) is None and isinstance(variable, dict):
                descriptions[key] = text_of(variable.get("description"))
    taken: set[str] = set(keywords)
    variables = []
    for key, uses in seen.items():
        defaults = {default for default, _ in uses}
        enums = [allowed for _, allowed in uses]
        allowed = (None if any(enum is None for enum in enums)
                   else tuple(dict.fromkeys(value for enum in enums if enum for value in enum)))
        name = snake(key)
        if name in keywords:
            name += "_variable"
        variables.append(ir.ServerVariableIR(unique(name, taken), key,
                                             defaults.pop() if len(defaults) == 1 else None,
                                             allowed, descriptions.get(key)))
    return tuple(variables)


def base_url(servers: ir.ServersIR) -> str:
    """The first server's URL with its variables' defaults: what a plain client calls."""
    if not servers.environments:
        return ""
    first = servers.environments[0]
    url = first.url
    for key, default, _ in first.variables:
        url = url.replace("{" + key + "}", default)
    return url.rstrip("/")
