"""How the security IR is spelled: the `SECURITY` table of `client.py`, the client's
credential keywords (their types and docstring entries) and an operation's
`security=` alternatives."""

from __future__ import annotations

from generator.model import ir
from generator.model.text import Section, py_str, text_lines
from generator.render import layout
from generator.render.code import Atom, Call, Display, Expr, Prefixed, Subscript, Union
from generator.render.printed import printed

_ARGUMENT_INDENT = "            "
_PARAMETER_INDENT = "        "


def _scheme(scheme: ir.SchemeIR) -> Call:
    """`rt.ApiKeyAuth(...)`, `rt.BasicAuth()` or `rt.BearerAuth()`."""
    if scheme.kind is ir.SchemeKind.BASIC:
        return Call("rt.BasicAuth", ())
    if scheme.kind is ir.SchemeKind.BEARER:
        return Call("rt.BearerAuth", _oauth2_arguments(scheme))
    items: list[Expr] = [Atom(py_str(scheme.location)), Atom(py_str(scheme.name))]
    if scheme.prefix:
        items.append(Atom(py_str(scheme.prefix)))
    if scheme.csrf:
        items.append(Prefixed("csrf=", Atom("True")))
    return Call("rt.ApiKeyAuth", tuple(items))


def _oauth2_arguments(scheme: ir.SchemeIR) -> tuple[Expr, ...]:
    """`oauth2=True` (takes a token provider), `token_url="..."` (and ClientCredentials)."""
    if not scheme.takes_provider:
        return ()
    found: list[Expr] = [Prefixed("oauth2=", Atom("True"))]
    if scheme.token_url is not None:
        found.append(Prefixed("token_url=", Atom(py_str(scheme.token_url))))
    return tuple(found)


def alternatives_display(found: ir.Alternatives) -> Display:
    """`[("a",), ("b", "c"), ()]`: alternatives of client keywords."""
    return Display("[", tuple(Display("(", tuple(Atom(py_str(keyword)) for keyword in each))
                              for each in found))


def security_line(security: ir.SecurityIR) -> str:
    """`SECURITY = rt.Security({keyword: scheme}, default, token=keyword)`, or None when
    the API declares no scheme the client sends."""
    if not security.schemes:
        return printed(layout.constant("", "SECURITY", "None"))
    table = Display("{", tuple(Prefixed(f"{py_str(scheme.keyword)}: ", _scheme(scheme))
                               for scheme in security.schemes))
    items: list[Expr] = [table, alternatives_display(security.default)]
    if security.token is not None:
        items.append(Prefixed("token=", Atom(py_str(security.token))))
    return printed(layout.assignment("", "SECURITY", Call("rt.Security", tuple(items))))


def _credential_types(scheme: ir.SchemeIR, is_async: bool) -> tuple[Expr, ...]:
    if scheme.kind is ir.SchemeKind.BASIC:
        return (Subscript("tuple", (Atom("str"), Atom("str"))),)
    if not scheme.takes_provider:
        return (Atom("str"),)
    provider = Atom("rt.AsyncTokenProvider" if is_async else "rt.TokenProvider")
    if scheme.token_url is None:
        return (Atom("str"), provider)
    return (Atom("str"), Atom("rt.ClientCredentials"), provider)


def credential_parameters(security: ir.SecurityIR, is_async: bool = False) -> str:
    """One keyword parameter per scheme (`cookie_auth: str | None = None,`); an OAuth2
    one also takes a token provider (async on the AsyncClient) and, with a client
    credentials flow, `ClientCredentials`."""
    lines: list[str] = []
    for scheme in security.schemes:
        annotation = Union((*_credential_types(scheme, is_async), Atom("None")))
        lines += layout.parameter(_PARAMETER_INDENT, scheme.keyword, annotation, "None")
    return printed(lines)


def credentials_argument(security: ir.SecurityIR) -> str:
    """`credentials={"cookie_auth": cookie_auth, ...},`, an argument of the client's
    `super().__init__(...)`."""
    table = Display("{", tuple(Prefixed(f"{py_str(scheme.keyword)}: ", Atom(scheme.keyword))
                               for scheme in security.schemes))
    return printed(layout.right_hand_split(_ARGUMENT_INDENT, Prefixed("credentials=", table),
                                           ","))


def _how_sent(scheme: ir.SchemeIR) -> str:
    if scheme.kind is ir.SchemeKind.BASIC:
        return "A `(user, password)` pair, sent as HTTP basic authentication."
    if scheme.kind is ir.SchemeKind.BEARER:
        what = {"oauth2": "An OAuth2 access token", "openIdConnect": "An OpenID Connect token"}
        return f"{what.get(scheme.spec_type, 'A token')}, sent as `Authorization: Bearer <token>`."
    value = f"{scheme.prefix} <{scheme.keyword}>" if scheme.prefix else f"<{scheme.keyword}>"
    if scheme.location == "header":
        return f"Sent as the header `{scheme.name}: {value}`."
    if scheme.location == "query":
        return (f"Sent as the query parameter `{scheme.name}={value}`: part of the URL, "
                "which httpx logs at INFO level.")
    if scheme.csrf:
        return (f"The Django session id, sent as the cookie `{scheme.name}`; writes also "
                "carry Django's CSRF pair (a random `csrftoken` cookie and the same value "
                "in `X-CSRFToken`, and a Referer over HTTPS).")
    return f"Sent as the cookie `{scheme.name}={value}`."


def _obtained(scheme: ir.SchemeIR) -> list[str]:
    """How an OAuth2 keyword's token can be obtained by the client itself."""
    if not scheme.takes_provider:
        return []
    found = []
    if scheme.token_url is not None:
        found.append(f"Or `ClientCredentials(client_id, client_secret, scopes=[...])`: the "
                     f"client fetches its tokens from `{scheme.token_url}` (client "
                     "credentials grant), keeps each until shortly before it expires, and "
                     "renews it after a 401.")
    found.append("Or a token provider: a function (async on the AsyncClient) that returns "
                 "the token, asked before each request and once more after a 401.")
    return found


def credentials_section(security: ir.SecurityIR) -> Section | None:
    """The client docstring's `Args:` entries of the positional token and of each
    credential keyword: how each is sent, and the scheme's own description."""
    if not security.schemes:
        return None
    entries: list[tuple[str, tuple[str, ...]]] = []
    if security.token is not None:
        same = f"The same credential as `{security.token}`, given positionally."
        entries.append(("token", (same,)))
    for scheme in security.schemes:
        about = [f"{_how_sent(scheme)[:-1]} (scheme `{scheme.key}`)."]
        about += _obtained(scheme)
        about += [line for line in text_lines(scheme.description) if line]
        entries.append((scheme.keyword, tuple(about)))
    return Section("Args", tuple(entries))


def credentials_note(security: ir.SecurityIR) -> str | None:
    """What the client does with the credentials, for the client's docstring."""
    if not security.schemes:
        return None
    return ("Each call sends the first set of credentials its operation accepts that the "
            "client holds (none where the operation allows anonymous access and no other "
            "fits); with none that fits, it raises `MissingCredentialError` before "
            "sending (a header you set yourself in `headers=` stands for its scheme). No "
            "credential appears in a repr, a log line, an error or a pickle.")


FILTERS = {
    "security_line": security_line,
    "credential_parameters": credential_parameters,
    "credentials_argument": credentials_argument,
}
