"""The URL a client calls: the server (`environment=`) the caller picked, its template's
variables filled in, each value checked and percent-encoded for where it goes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

_VARIABLE = re.compile(r"\{([^{}]*)\}")
# In the host (and scheme, port) a value may not add a `/`, `@`, `:`, `?` or `#`: a tenant
# named "evil.test/" must not move the calls, and the token with them, to another host.
_HOST_SAFE = "-._~"
# In the path a value may hold segments (`api/v2`), never a query or a fragment.
_PATH_SAFE = "/-._~!$&'()*+,;=:@"


@dataclass(frozen=True, slots=True)
class ServerVariable:
    default: str
    allowed: tuple[str, ...] | None = None
    """The values the spec allows (its enum); None: any string."""


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    """The URL template, as the spec writes it."""
    variables: Mapping[str, ServerVariable] = field(default_factory=dict)


def server_url(
    servers: Mapping[str, Server],
    environment: str,
    values: Mapping[str, str | None],
) -> str:
    """The URL of `servers[environment]` with `values` (None: the server's default)."""
    server = servers.get(environment) if isinstance(environment, str) else None
    if server is None:
        known = ", ".join(map(repr, servers))
        raise ValueError(f"environment must be one of {known}, not {environment!r}")
    chosen: dict[str, str] = {}
    for key, variable in server.variables.items():
        value = values.get(key)
        value = variable.default if value is None else value
        if not isinstance(value, str):
            raise TypeError(
                f"server variable {key!r} must be a str, not {type(value).__name__}"
            )
        if variable.allowed is not None and value not in variable.allowed:
            allowed = ", ".join(map(repr, variable.allowed))
            raise ValueError(
                f"server variable {key!r} must be one of {allowed}, not {value!r}"
            )
        chosen[key] = value
    for key, value in values.items():
        # A value for a variable this server has not: refused, unless it is a default
        # another server declares (what the keyword's default holds).
        defaults = {
            s.variables[key].default for s in servers.values() if key in s.variables
        }
        if key not in server.variables and value is not None and value not in defaults:
            raise ValueError(
                f"server variable {key!r} is not used by environment {environment!r}"
            )
    url = _filled(server.url, chosen)
    if "://" not in url:
        raise ValueError(
            f"environment {environment!r} has the relative URL {url!r}: pass base_url="
        )
    return url.rstrip("/")


def _filled(template: str, values: Mapping[str, str]) -> str:
    authority_end = _authority_end(template)

    def value(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            return match.group(0)
        safe = _HOST_SAFE if match.start() < authority_end else _PATH_SAFE
        return quote(values[match.group(1)], safe=safe)

    return _VARIABLE.sub(value, template)


def _authority_end(template: str) -> int:
    """Where the path begins: after `scheme://host:port` (the scheme's `://` may itself
    come from a variable, `{scheme}://...`)."""
    start = template.find("://")
    start = 0 if start < 0 else start + 3
    slash = template.find("/", start)
    return len(template) if slash < 0 else slash
