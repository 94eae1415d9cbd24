"""The intermediate representation: every decision made, none of it spelled.

Names are final Python identifiers; types are trees (`types.py`) whose classes are
resolved to their name and module. `render/` spells all of it as Python: annotations,
codecs and imports come from one walk over each type.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from generator.diagnostics import Diagnostic
from generator.model import types as t
from generator.model.names import dunder_all_key


class Direction(enum.Enum):
    """Which way a model's values travel."""

    READ = "read"
    """In responses: read-only fields in, write-only fields out."""
    WRITE = "write"
    """In requests: write-only fields in, read-only fields out."""
    BOTH = "both"


class ParamLocation(enum.Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


@dataclass(frozen=True, slots=True)
class FieldIR:
    name: str
    json_name: str
    type: t.Type
    required: bool
    """False: the field may be left out (`| Unset`, default `UNSET`)."""
    description: str | None
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    """Marked `deprecated` in the spec: setting it in a request warns."""
    form_null: bool = False
    """None is sent as an empty value in a DRF-style form: every field class of Django
    REST framework whose schema drf-spectacular writes this way reads that as null
    (`form_nulls.py`); elsewhere a form refuses None."""
    file_extensions: tuple[str, ...] | None = None
    """The extensions a file field's name may end in (a FileExtensionValidator, which
    drf-spectacular writes as the pattern `(?:pdf|png)$`: `uploads.py`); None: any."""

    @property
    def nullable(self) -> bool:
        return t.is_nullable(self.type)

    @property
    def allowed(self) -> tuple[object, ...]:
        """The only values the spec allows, where the annotation cannot show them (numbers
        with a fraction): for the documentation."""
        return t.allowed_values(self.type)


@dataclass(frozen=True, slots=True)
class ModelIR:
    name: str
    schema: str
    """Where the schema came from (a JSON pointer), for readers of the IR dump."""
    direction: Direction
    description: str | None
    fields: tuple[FieldIR, ...]
    extra: t.Type
    """Type of the properties the schema does not name, kept in `additional_properties`
    (`t.ANY`: any JSON value)."""

    @property
    def renamed(self) -> tuple[tuple[str, str], ...]:
        """(JSON name, field name) of the fields whose names differ."""
        return tuple((f.json_name, f.name) for f in self.fields if f.name != f.json_name)


@dataclass(frozen=True, slots=True)
class EnumMemberIR:
    name: str
    value: str | int
    """The value on the wire."""


@dataclass(frozen=True, slots=True)
class EnumIR:
    name: str
    schema: str
    integer: bool
    """An enum of integers (else of strings)."""
    description: str | None
    members: tuple[EnumMemberIR, ...]


@dataclass(frozen=True, slots=True)
class AliasIR:
    """A type alias naming the inner part of a type that nests too deep to be spelled
    in one piece (`deep_types.py`)."""

    name: str
    type: t.Type


@dataclass(frozen=True, slots=True)
class ModuleIR:
    """One file of `models/`: a schema's classes (a cycle of schemas shares one file),
    or one type alias."""

    name: str
    enums: tuple[EnumIR, ...]
    models: tuple[ModelIR, ...]
    aliases: tuple[AliasIR, ...] = ()

    @property
    def class_names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.enums) + tuple(m.name for m in self.models) + \
            tuple(a.name for a in self.aliases)


@dataclass(frozen=True, slots=True)
class ParamIR:
    name: str
    json_name: str
    location: ParamLocation
    type: t.Type
    required: bool
    explode: bool
    description: str | None
    positional: bool = False
    """Passed by position: only the last path parameter (in the order of the path
    template); every other argument is keyword-only, so no two can be swapped silently."""
    deprecated: bool = False
    """Marked `deprecated` in the spec: passing it warns."""
    deep_object: bool = False
    """A query parameter of `style: deepObject`: `name[key]=value` on the wire (Stripe's
    `created[gte]=...`), its arrays as `name[]=...`."""

    @property
    def allowed(self) -> tuple[object, ...]:
        """As FieldIR.allowed."""
        return t.allowed_values(self.type)


@dataclass(frozen=True, slots=True)
class BodyIR:
    type: t.Type
    """`t.FILE` for a body sent as it is (not JSON, not a form)."""
    required: bool
    encodings: tuple[str, ...]
    """Media types offered, the default first."""
    description: str | None
    deep_object: tuple[str, ...] = ()
    """The JSON names of the properties a form sends in `style: deepObject` (the
    Encoding Object's): `metadata[key]=v`, `items[0][price]=x`, `expand[0]=a`."""
    json_parts: tuple[str, ...] = ()
    """The JSON names of the properties a multipart body sends as a part of JSON text
    (the Encoding Object's `contentType: application/json`)."""


@dataclass(frozen=True, slots=True)
class ResponseIR:
    status: str
    type: t.Type | None
    """None: no body; `t.FILE`: a body that is not JSON, kept as bytes."""
    description: str | None
    events: t.Type | None = None
    """The type of an event's data where this success may be answered as a documented
    `text/event-stream` instead of `type` (OpenAI's `stream: true`): read through
    `with_streaming_response` and `iter_events()`."""
    bytes_too: bool = False
    """A JSON success that may also be answered in a media type read as bytes (OpenAI's
    skill zip beside a JSON string): decoded when the answer's Content-Type is JSON,
    else kept as bytes; the call returns `T | bytes`."""


class Paginator(enum.Enum):
    """Which of Django REST framework's paginators answers a list."""

    LIMIT_OFFSET = "limit/offset"
    PAGE_NUMBER = "page number"
    CURSOR = "cursor"


@dataclass(frozen=True, slots=True)
class DrfPagesIR:
    """A list answered in Django REST framework's pages, `{count, next, previous,
    results}` (cursor pages have no count), walked by requesting each page's `next`
    link as the server wrote it. The bare list of items DRF answers when the list is not
    paginated (pagination off, no limit and no page size) is read as the one page."""

    paginator: Paginator
    item: t.Type
    """The type of each item of `results`."""
    status: str
    """The success response that is the page."""
    start_param: str
    """The argument that says where the first page starts (offset, page, cursor)."""
    size_param: str | None
    """The argument that says how many items a page holds (limit, page size), if any."""


@dataclass(frozen=True, slots=True)
class CursorPagesIR:
    """A list whose next page is the same call with one argument set to a cursor: a
    token the page gives (`token`), or else the id of the page's last item (`last_id`:
    Stripe's `starting_after`); `model/page_styles.py` says when."""

    item: t.Type
    status: str
    items: str
    """The field of the page that holds its items."""
    argument: str
    """The argument the cursor is sent as."""
    token: tuple[str, ...]
    """The path of JSON names in the page to the token; () when the cursor is
    `last_id`."""
    last_id: str
    """The field of an item whose value is the cursor; "" when it is `token`."""
    more: tuple[str, ...]
    """The path of JSON names to the page's boolean that says whether a page follows;
    () for none."""


@dataclass(frozen=True, slots=True)
class LinkPagesIR:
    """A list whose next page is at a URL the server gives, requested as it is: a field
    of the page (`next`), or the `Link` header's `rel="next"` target (`next` empty)."""

    item: t.Type
    status: str
    items: str | None
    """The field of the page that holds its items; None: the response is the list."""
    next: tuple[str, ...]
    """The path of JSON names in the page to the URL; () for the `Link` header."""


PaginationIR = DrfPagesIR | CursorPagesIR | LinkPagesIR
"""How an operation's pages are walked: one dataclass per style of pagination (the
runtime has one strategy per style)."""


@dataclass(frozen=True, slots=True)
class PathParameter:
    """A parameter's place in the path: its argument's name."""

    name: str


@dataclass(frozen=True, slots=True)
class OperationIR:
    name: str
    operation_id: str
    method: str
    path: str
    path_parts: tuple[str | PathParameter, ...]
    """The path as it goes on the wire: text (already percent-encoded) and parameters
    (encoded when the call is made)."""
    summary: str | None
    description: str | None
    deprecated: bool
    params: tuple[ParamIR, ...]
    body: BodyIR | None
    responses: tuple[ResponseIR, ...]
    errors: tuple[ResponseIR, ...]
    security: Alternatives | None
    """Its own security alternatives (`SecurityIR`); None: the API's usual ones
    (`SecurityIR.default`)."""
    pagination: PaginationIR | None
    fixed_query: tuple[tuple[str, str], ...] = ()
    """Query pairs the path key itself carries (`/responses?beta=true`): sent with every
    call, in the query string, never as path text."""

    @property
    def returns(self) -> tuple[t.Type | None, ...]:
        """What a successful call returns: each success response's type, the same type
        once, no body (None) last."""
        found: list[t.Type | None] = []
        for response in self.responses:
            for each in (response.type, t.FILE) if response.bytes_too else (response.type,):
                if each not in found:
                    found.append(each)
        if None in found and len(found) > 1:
            found.remove(None)
            found.append(None)
        return tuple(found) or (None,)

    @property
    def returns_nothing(self) -> bool:
        """No success response has a body."""
        return self.returns == (None,)

    @property
    def signature_params(self) -> tuple[ParamIR, ...]:
        """The positional parameter, then the other path parameters (template order), the
        other required ones and the optional ones (each by name: the order of the spec's
        `parameters` list changes no signature)."""
        def rank(param: ParamIR) -> tuple[int, str]:
            if param.location is ParamLocation.PATH:
                return (0 if param.positional else 1), ""
            return (2 if param.required else 3), param.name
        return tuple(sorted(self.params, key=rank))


@dataclass(frozen=True, slots=True)
class GroupIR:
    """The operations of one tag: a class for sync calls and one for async calls."""

    name: str
    module: str
    attribute: str
    tag: str
    description: str | None
    operations: tuple[OperationIR, ...]


class FormStyle(enum.Enum):
    """How form and multipart bodies spell nested data."""

    DRF = "drf"
    """`lines[0]amount=1.10`, `client.name=...`: what Django REST framework reads."""
    OPENAPI = "openapi"
    """OpenAPI's defaults: a nested object or array as JSON text."""


class SchemeKind(enum.Enum):
    """What a credential is and how it is sent."""

    API_KEY = "apiKey"
    """A key sent as is (after its prefix) in a header, a query parameter or a cookie."""
    BASIC = "basic"
    """HTTP basic: a user and a password."""
    BEARER = "bearer"
    """`Authorization: Bearer <token>` (HTTP bearer, OAuth2, OpenID Connect)."""


@dataclass(frozen=True, slots=True)
class SchemeIR:
    """One security scheme the client can send, and the keyword that takes its
    credential."""

    key: str
    """Its name under `components/securitySchemes`."""
    keyword: str
    """The client's keyword argument for its credential (snake_case, unique)."""
    kind: SchemeKind
    spec_type: str
    """The spec's `type` (apiKey, http, oauth2, openIdConnect), for the docs."""
    location: str
    """header, query or cookie (basic and bearer: header)."""
    name: str
    """The header, query parameter or cookie it goes in."""
    prefix: str
    """Written before the key and a space (drf-spectacular's 'required prefix')."""
    csrf: bool
    """A Django session cookie: unsafe methods also carry Django's CSRF pair."""
    description: str | None
    token_url: str | None = None
    """OAuth2: the token URL of its client credentials flow (the client then takes
    `ClientCredentials` and fetches its own tokens)."""

    @property
    def takes_provider(self) -> bool:
        """OAuth2 and OpenID Connect: the keyword also takes a token provider."""
        return self.spec_type in ("oauth2", "openIdConnect")


Alternatives = tuple[tuple[str, ...], ...]
"""Security alternatives: each a tuple of scheme keywords sent together (sorted); an
empty one: anonymous access, which the client uses only when no other fits (last)."""


@dataclass(frozen=True, slots=True)
class SecurityIR:
    """The schemes of the API the client sends, and which operations need which."""

    schemes: tuple[SchemeIR, ...]
    """In the order of their keywords."""
    default: Alternatives
    """The alternatives most operations have (an operation with others carries them)."""
    token: str | None
    """The keyword the positional credential fills: the scheme most operations use."""

    def scheme(self, keyword: str) -> SchemeIR:
        return next(scheme for scheme in self.schemes if scheme.keyword == keyword)

    @property
    def primary(self) -> SchemeIR | None:
        return None if self.token is None else self.scheme(self.token)


@dataclass(frozen=True, slots=True)
class ServerVariableIR:
    """A variable of the servers' URL templates, as one keyword of the client."""

    name: str
    """The keyword's Python name."""
    key: str
    """The variable's name in the URL templates (`{key}`)."""
    default: str | None
    """The keyword's default: the variable's default where every server that uses it
    agrees, else None (each server's own default)."""
    allowed: tuple[str, ...] | None
    """The values it may take (the union of the servers' enums); None: any string."""
    description: str | None


@dataclass(frozen=True, slots=True)
class EnvironmentIR:
    """One server of the spec, as a value of the client's `environment=`."""

    name: str
    url: str
    """The URL template, as the spec writes it (`https://{region}.example.com/v1`)."""
    variables: tuple[tuple[str, str, tuple[str, ...] | None], ...]
    """(key, default, enum or None) of each variable this server declares, in spec order."""
    description: str | None


@dataclass(frozen=True, slots=True)
class ServersIR:
    environments: tuple[EnvironmentIR, ...]
    """In spec order: the first is the default."""
    variables: tuple[ServerVariableIR, ...]

    @property
    def plain(self) -> bool:
        """At most one server and no variable: the client keeps a plain `base_url`."""
        return len(self.environments) <= 1 and not self.variables


@dataclass(frozen=True, slots=True)
class PackageIR:
    package: str
    title: str
    version: str
    description: str | None
    base_url: str
    security: SecurityIR
    number_type: str
    modules: tuple[ModuleIR, ...]
    groups: tuple[GroupIR, ...]
    exports: tuple[tuple[str, str], ...] = field(default=())
    """(class name, module name) of every model and enum, for lazy imports, in import order."""
    warnings: tuple[Diagnostic, ...] = field(default=())
    """What the document says that the generator followed with a doubt (an enum value
    its type rules out), for the user to read."""
    form_style: FormStyle = FormStyle.OPENAPI
    """How the client's form and multipart bodies spell nested data."""
    idempotency_header: str | None = None
    """The header that makes a POST or PATCH safe to retry (the client sends a fresh key
    in it per call); None: the API has none, and those calls are never retried."""
    idempotent_operations: tuple[str, ...] | None = None
    """The operationIds that honour the header; None: every POST and PATCH."""
    servers: ServersIR = field(default=ServersIR((), ()))
    """The servers the client may call (`environment=`) and their URL variables."""
    drf: bool = False
    """The document is a Django REST framework service's (drf-spectacular or DRF's own
    generator wrote it: model/dialect.py), whatever form style the user chose."""
    package_version: str = "0.1.0"
    """The installable client's own version (`__version__`, its project, its User-Agent);
    the pipeline decides it from the client already in the output folder (diff/bump.py).
    `version` is the API's."""

    @property
    def drf_errors(self) -> bool:
        """400 bodies are read as Django REST framework's field errors: the document is a
        DRF service's, or the user chose DRF's forms for it."""
        return self.drf or self.form_style is FormStyle.DRF

    @property
    def export_names(self) -> tuple[str, ...]:
        return tuple(sorted((name for name, _ in self.exports), key=dunder_all_key))
