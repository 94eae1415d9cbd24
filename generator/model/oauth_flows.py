"""OAuth2 flows -> what the client can obtain by itself: the token URL of a scheme's
client credentials flow (RFC 6749 §4.4). Every other flow needs a person (authorization
code, implicit) or a user's password, so the caller brings its token, or a function
that returns one (docs/decisions.md, "OAuth2")."""

from __future__ import annotations

from typing import Any


def client_credentials_token_url(scheme: Any) -> str | None:
    """The `tokenUrl` of the scheme's `clientCredentials` flow, as the spec writes it
    (relative: to the server's URL); None when it has none."""
    flows = scheme.get("flows") if isinstance(scheme, dict) else None
    flow = flows.get("clientCredentials") if isinstance(flows, dict) else None
    url = flow.get("tokenUrl") if isinstance(flow, dict) else None
    return url.strip() if isinstance(url, str) and url.strip() else None
