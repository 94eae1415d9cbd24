"""The servers in the API surface, and what changed in them: environments (by name, the
first being `Client()`'s default) and the URL variables' keywords.

A removed environment breaks code that names it; a new default environment silently
moves `Client()`'s calls from one server to another (production to sandbox), so it is
breaking too. A URL or a variable's default that changes is the API moving, which the
regenerated client follows: reported, not breaking. With
at most one server on either side there are no names to match (a plain client has no
`environment=`): the one server is compared by position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.diff.changes import Change
from generator.model import ir

CLIENT = "Client"


@dataclass(frozen=True, slots=True)
class VariableSurface:
    key: str
    default: str | None
    allowed: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class ServersSurface:
    environments: dict[str, str]
    """Environment name -> URL template, in spec order (the first is the default)."""
    variables: dict[str, VariableSurface]
    """Keyword name -> the variable."""


def servers_surface(servers: ir.ServersIR) -> ServersSurface:
    return ServersSurface({env.name: env.url for env in servers.environments},
                          {v.name: VariableSurface(v.key, v.default, v.allowed)
                           for v in servers.variables})


def to_data(servers: ServersSurface) -> dict[str, Any]:
    return {"environments": [[name, url] for name, url in servers.environments.items()],
            "variables": {name: {"key": v.key, "default": v.default,
                                 "allowed": None if v.allowed is None else list(v.allowed)}
                          for name, v in sorted(servers.variables.items())}}


def from_data(data: Any) -> ServersSurface | None:
    """`to_data`'s data; None for a surface saved before servers were recorded."""
    if data is None:
        return None
    if not isinstance(data["environments"], list) or not isinstance(data["variables"], dict):
        raise TypeError("servers: expected a list of environments and an object of variables")
    environments = {str(name): str(url) for name, url in data["environments"]}
    variables = {str(name): VariableSurface(
        str(v["key"]), None if v["default"] is None else str(v["default"]),
        None if v["allowed"] is None else tuple(map(str, v["allowed"])))
        for name, v in data["variables"].items()}
    return ServersSurface(environments, variables)


def compare_servers(old: ServersSurface | None, new: ServersSurface | None) -> list[Change]:
    if old is None or new is None:
        return []  # an older surface: nothing to compare with
    return _environments(old.environments, new.environments) + _variables(old.variables,
                                                                          new.variables)


def _environments(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    if len(old) <= 1 and len(new) <= 1:
        return _plain(old, new)
    changes = [Change("server-removed", True, f"{CLIENT}(environment={name!r})", url)
               for name, url in old.items() if name not in new]
    changes += [Change("server-added", False, f"{CLIENT}(environment={name!r})", url)
                for name, url in new.items() if name not in old]
    changes += [Change("server-changed", False, f"{CLIENT}(environment={name!r})",
                       f"{old[name]} -> {new[name]}")
                for name in old.keys() & new.keys() if old[name] != new[name]]
    if len(new) <= 1:
        changes.append(Change("server-removed", True, f"{CLIENT}(environment=...)",
                              "the API has one server now: `environment=` is gone"))
    elif len(old) > 1 and next(iter(old)) != next(iter(new)):
        changes.append(Change("server-changed", True, f"{CLIENT}()",
                              f"the default environment is now {next(iter(new))!r} "
                              f"(was {next(iter(old))!r})"))
    return changes


def _plain(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    """At most one server each side: compared by position."""
    old_url, new_url = next(iter(old.values()), None), next(iter(new.values()), None)
    if old_url == new_url:
        return []
    if new_url is None:
        return [Change("server-removed", True, CLIENT,
                       f"the API names no server now: pass base_url= (was {old_url})")]
    if old_url is None:
        return [Change("server-added", False, CLIENT, new_url)]
    return [Change("server-changed", False, f"{CLIENT}()", f"{old_url} -> {new_url}")]


def _variables(old: dict[str, VariableSurface],
               new: dict[str, VariableSurface]) -> list[Change]:
    changes = [Change("server-variable-removed", True, f"{CLIENT}({name}=)", f"{{{v.key}}}")
               for name, v in old.items() if name not in new]
    changes += [Change("server-variable-added", False, f"{CLIENT}({name}=)", f"{{{v.key}}}")
                for name, v in new.items() if name not in old]
    for name in sorted(old.keys() & new.keys()):
        before, after = old[name], new[name]
        narrowed = after.allowed is not None and (
            before.allowed is None or not set(before.allowed) <= set(after.allowed))
        if before.allowed != after.allowed:
            changes.append(Change("server-variable-changed", narrowed, f"{CLIENT}({name}=)",
                                  f"allowed {_allowed(before)} -> {_allowed(after)}"))
        if before.default != after.default:
            changes.append(Change("server-variable-changed", False, f"{CLIENT}({name}=)",
                                  f"default {before.default!r} -> {after.default!r}"))
    return changes


def _allowed(variable: VariableSurface) -> str:
    return "any text" if variable.allowed is None else ", ".join(variable.allowed)
