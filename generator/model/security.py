"""Security schemes and requirements -> the IR: which credentials the client takes
(one keyword per scheme), how each is sent, and which each operation needs.

Rules (docs/decisions.md, "Auth"):
- apiKey (header, query, cookie), http basic and bearer are sent; oauth2 and
  openIdConnect as a bearer token (the token URL of an oauth2 client credentials flow
  kept: the client fetches its tokens there, `oauth_flows.py`). Any other scheme (http
  digest, mutualTLS) is left to the caller's httpx client: it drops out of the
  requirements that name it.
- An operation's alternatives are OpenAPI's requirement objects, in the spec's order,
  each the sorted keywords of its schemes; the anonymous one (`{}`) goes last, as the
  client uses it only when no other fits.
- The positional credential fills the scheme most operations name (not basic, whose
  credential is a pair), as before there were keywords.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from generator.model import ir
from generator.model.names import snake, unique
from generator.model.oauth_flows import client_credentials_token_url
from generator.model.reserved import CLIENT_ARGUMENTS
from generator.model.text import text_of

# drf-spectacular writes a token's prefix only in the scheme's description:
# 'Token-based authentication with required prefix "Token"'.
_REQUIRED_PREFIX = re.compile(r"required prefix \"(\w+)\"")
_PREFIX_IN_DESCRIPTION = re.compile(r"prefix\s+[\"'`]?(\w+)[\"'`]?", re.IGNORECASE)
DJANGO_SESSION_COOKIE = "sessionid"
DRF_SESSION_SCHEME = "cookieAuth"
"""The name drf-spectacular gives SessionAuthentication's scheme (its cookie is
SESSION_COOKIE_NAME, `sessionid` unless the service renames it)."""

Requirements = tuple[tuple[str, ...], ...]
"""An operation's requirement objects as the spec lists them: the scheme names of each."""


def requirements_of(security: Any) -> Requirements | None:
    """The requirement objects of a `security` list (operation's or the API's); None
    when there is none."""
    if not isinstance(security, list):
        return None
    return tuple(tuple(str(name) for name in requirement)
                 for requirement in security if isinstance(requirement, dict))


def security_of(spec: Mapping[str, Any],
                operations: Iterable[Requirements | None]) -> ir.SecurityIR:
    """The schemes the client sends and the API's usual alternatives, from the
    `securitySchemes` and every operation's requirements."""
    declared = (spec.get("components") or {}).get("securitySchemes") or {}
    schemes: dict[str, ir.SchemeIR] = {}
    taken = set(CLIENT_ARGUMENTS)
    for key in sorted(declared):
        scheme = _scheme(str(key), declared[key], taken)
        if scheme is not None:
            schemes[key] = scheme
    keywords = {key: scheme.keyword for key, scheme in schemes.items()}
    by_operation = [alternatives(requirements, keywords) for requirements in operations]
    counted = Counter(by_operation)
    default = max(counted, key=lambda found: (counted[found], -by_operation.index(found)),
                  default=((),))
    return ir.SecurityIR(tuple(sorted(schemes.values(), key=lambda s: s.keyword)), default,
                         _token(schemes, by_operation))


def alternatives(requirements: Requirements | None,
                 keywords: Mapping[str, str]) -> ir.Alternatives:
    """The requirements as alternatives of client keywords: schemes the client does not
    send dropped, repeats dropped, the anonymous alternative last; none: anonymous.
    A spec that declares schemes but requires none anywhere: any one, or none (a
    credential given is sent, not dropped)."""
    if requirements is None:
        requirements = (*((key,) for key in keywords), ())
    found: list[tuple[str, ...]] = []
    for requirement in requirements:
        alternative = tuple(sorted({keywords[name] for name in requirement if name in keywords}))
        if alternative not in found:
            found.append(alternative)
    if () in found:
        found.remove(())
        found.append(())
    return tuple(found) or ((),)


def operation_security(security: ir.SecurityIR,
                       requirements: Requirements | None) -> ir.Alternatives | None:
    """An operation's own alternatives; None when they are the API's usual ones."""
    keywords = {scheme.key: scheme.keyword for scheme in security.schemes}
    found = alternatives(requirements, keywords)
    return None if found == security.default else found


def _token(schemes: Mapping[str, ir.SchemeIR], used: list[ir.Alternatives]) -> str | None:
    """The scheme most operations name, a keyword's order breaking ties; the first
    declared when none names one. Basic takes a pair: never the positional token."""
    counts = Counter(keyword for found in used for keyword in
                     {keyword for alternative in found for keyword in alternative})
    candidates = sorted((scheme.keyword for scheme in schemes.values()
                         if scheme.kind is not ir.SchemeKind.BASIC),
                        key=lambda keyword: (-counts[keyword], keyword))
    return candidates[0] if candidates else None


def _scheme(key: str, scheme: Any, taken: set[str]) -> ir.SchemeIR | None:
    """The scheme as the client sends it; None for one it cannot send."""
    if not isinstance(scheme, dict):
        return None
    kind = scheme.get("type")
    description = text_of(scheme.get("description"))
    http = str(scheme.get("scheme", "")).lower()
    if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
        location, name = str(scheme["in"]), str(scheme.get("name", ""))
        return ir.SchemeIR(key, _keyword(key, taken), ir.SchemeKind.API_KEY, "apiKey", location,
                           name, _prefix(location, name, description),
                           location == "cookie" and (name == DJANGO_SESSION_COOKIE
                                                     or key == DRF_SESSION_SCHEME),
                           description)
    if kind == "http" and http == "basic":
        return ir.SchemeIR(key, _keyword(key, taken), ir.SchemeKind.BASIC, "http", "header",
                           "Authorization", "Basic", False, description)
    if (kind == "http" and http == "bearer") or kind in ("oauth2", "openIdConnect"):
        token_url = client_credentials_token_url(scheme) if kind == "oauth2" else None
        return ir.SchemeIR(key, _keyword(key, taken), ir.SchemeKind.BEARER, str(kind), "header",
                           "Authorization", "Bearer", False, description, token_url)
    return None


def _prefix(location: str, name: str, description: str | None) -> str:
    """drf-spectacular's required prefix of a header key: any description mentioning a
    prefix for `Authorization` (the rule before keywords), its exact phrase for any
    other header (simplejwt's AUTH_HEADER_NAME)."""
    if location != "header" or description is None:
        return ""
    exact = _REQUIRED_PREFIX.search(description)
    if exact:
        return exact.group(1)
    loose = _PREFIX_IN_DESCRIPTION.search(description)
    return loose.group(1) if loose and name.lower() == "authorization" else ""


def _keyword(key: str, taken: set[str]) -> str:
    """The client keyword of a scheme: its name in snake_case, clear of the client's
    other arguments (`token` -> `token_`), numbered when two come out the same."""
    name = snake(key, "auth")
    return unique(name + "_" if name in CLIENT_ARGUMENTS else name, taken)
