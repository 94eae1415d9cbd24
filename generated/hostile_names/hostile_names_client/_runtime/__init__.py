"""Shared runtime of the generated client: sentinels, decoding, encoding, transport.

Generated models and endpoints stay short because everything they have in common
lives here once. This package is copied verbatim into every generated package, one
module per concern, each importing only the siblings it needs (no cycles):

- values: UNSET, Upload, FileInput, Response
- auth: the security schemes, the credentials, which alternative a call sends
- oauth: OAuth2 client credentials and token providers (tokens obtained, cached)
- token_flow: an obtained token on a request, renewed once after a 401
- files: files to upload, from bytes, Upload, a path or an open file
- errors: every error the client raises, and its warnings
- field_errors: the messages of a Django REST framework 400 body, by field
- json_text: JSON text, with every decimal exact
- decoding: the codec of every type (JSON data to Python values and back)
- compiler: the decoder of each model, compiled from its fields' codecs
- hints: each field's codec, read from its annotation
- models: the base class of every model
- drift: what did decode of a payload that does not fit (partial results, drift_of)
- enums: open enums
- encoding: parameters and request bodies
- forms: form and multipart bodies in Django REST framework's notation
- options: the settings of one call (RequestOptions)
- retries: which failed attempts are sent again, and when; the log of each attempt
- transport: the call, and sending with httpx
- operations: the methods of the group classes
- streams: responses read as they come (bytes, lines, a file; events, JSON lines)
- pagination: walking every page of a list (one strategy per style of pagination)
- links: the `Link` response header (RFC 8288): the next page's URL
- servers: the URL of the server the caller picked (`environment=`, URL variables)

Generated code reaches every name through this package (`from .. import _runtime as
rt`, then `rt.Model`): the names are re-exported here, so that a name can move between
modules without a change to any generated file.
"""

from typing import Final

from .auth import ApiKeyAuth, BasicAuth, BearerAuth, Security
from .decoding import (
    ANY,
    BOOL,
    DATE,
    DATETIME,
    DECIMAL,
    DECIMAL_TEXT,
    FILE,
    FLOAT,
    INT,
    RAW_BYTES,
    STR,
    UUID,
    Codec,
    Decoder,
    Issues,
    Key,
    Path,
    decode_any,
    decode_bool,
    decode_decimal,
    decode_float,
    decode_int,
    decode_str,
    dict_of,
    join,
    json_kind,
    list_of,
    literal,
    mismatch,
    nullable,
    one_of,
)
from .drift import drift_of
from .encoding import (
    Body,
    JsonFormOrMultipart,
    JsonOrForm,
    JsonOrMultipart,
    encode_body,
    path_param,
    query_params,
    text_value,
)
from .enums import OpenIntEnum, OpenStrEnum, enum_of
from .errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientError,
    ConflictError,
    DecodeError,
    EncodingError,
    InternalServerError,
    MissingCredentialError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ResponseDriftWarning,
    TokenError,
    TransportError,
    UnknownEnumValueWarning,
    UnprocessableEntityError,
)
from .hints import codec_of, model_of
from .json_text import dumps, loads, to_json_value
from .models import Model, bind_references
from .oauth import AsyncTokenProvider, ClientCredentials, TokenProvider
from .operations import (
    AsyncEventStreamingOperation,
    AsyncGroup,
    AsyncStreamingOperation,
    AsyncStreamingResponse,
    AsyncWholeResponse,
    AsyncWithResponse,
    EventStreamingOperation,
    StreamingOperation,
    SyncGroup,
    SyncStreamingResponse,
    SyncWithResponse,
    WholeResponse,
)
from .options import RequestOptions
from .pagination import (
    DRF_PAGES,
    AsyncItems,
    AsyncPages,
    CursorPages,
    Items,
    LinkedPage,
    LinkPages,
    Page,
    Pages,
    PageStyle,
    PaginationError,
    drf_page,
)
from .servers import Server, ServerVariable, server_url
from .streams import (
    AsyncStream,
    AsyncStreamedResponse,
    AsyncStreamingCall,
    Event,
    EventData,
    Stream,
    StreamedResponse,
    StreamingCall,
    events,
    json_lines,
    json_seq,
)
from .transport import (
    AsyncClientBase,
    Call,
    FormStyle,
    OrBytes,
    SyncClientBase,
    dict_or_pairs,
    interpret,
    or_bytes,
)
from .values import MISSING, UNSET, FileInput, Issue, Response, Unset, Upload

# The version of this runtime, reported by every client generated with it. Bump it (add
# 1) in the same commit as any change to a file of this package; a change to the
# generator alone, or to the templates, leaves it as it is.
RUNTIME_VERSION: Final = "16"

__all__ = [
    "ANY",
    "BOOL",
    "DATE",
    "DATETIME",
    "DECIMAL",
    "DECIMAL_TEXT",
    "DRF_PAGES",
    "FILE",
    "FLOAT",
    "INT",
    "MISSING",
    "RAW_BYTES",
    "RUNTIME_VERSION",
    "STR",
    "UNSET",
    "UUID",
    "ApiConnectionError",
    "ApiError",
    "ApiKeyAuth",
    "ApiTimeoutError",
    "AsyncClientBase",
    "AsyncEventStreamingOperation",
    "AsyncGroup",
    "AsyncItems",
    "AsyncPages",
    "AsyncStream",
    "AsyncStreamedResponse",
    "AsyncStreamingCall",
    "AsyncStreamingOperation",
    "AsyncStreamingResponse",
    "AsyncTokenProvider",
    "AsyncWholeResponse",
    "AsyncWithResponse",
    "AuthenticationError",
    "BadRequestError",
    "BasicAuth",
    "BearerAuth",
    "Body",
    "Call",
    "ClientCredentials",
    "ClientError",
    "Codec",
    "ConflictError",
    "CursorPages",
    "DecodeError",
    "Decoder",
    "EncodingError",
    "Event",
    "EventData",
    "EventStreamingOperation",
    "FileInput",
    "FormStyle",
    "InternalServerError",
    "Issue",
    "Issues",
    "Items",
    "JsonFormOrMultipart",
    "JsonOrForm",
    "JsonOrMultipart",
    "Key",
    "LinkPages",
    "LinkedPage",
    "MissingCredentialError",
    "Model",
    "NotFoundError",
    "OpenIntEnum",
    "OpenStrEnum",
    "OrBytes",
    "Page",
    "PageStyle",
    "Pages",
    "PaginationError",
    "Path",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "Response",
    "ResponseDecodeError",
    "ResponseDriftWarning",
    "Security",
    "Server",
    "ServerVariable",
    "Stream",
    "StreamedResponse",
    "StreamingCall",
    "StreamingOperation",
    "SyncClientBase",
    "SyncGroup",
    "SyncStreamingResponse",
    "SyncWithResponse",
    "TokenError",
    "TokenProvider",
    "TransportError",
    "UnknownEnumValueWarning",
    "UnprocessableEntityError",
    "Unset",
    "Upload",
    "WholeResponse",
    "bind_references",
    "codec_of",
    "decode_any",
    "decode_bool",
    "decode_decimal",
    "decode_float",
    "decode_int",
    "decode_str",
    "dict_of",
    "dict_or_pairs",
    "drf_page",
    "drift_of",
    "dumps",
    "encode_body",
    "enum_of",
    "events",
    "interpret",
    "join",
    "json_kind",
    "json_lines",
    "json_seq",
    "list_of",
    "literal",
    "loads",
    "mismatch",
    "model_of",
    "nullable",
    "one_of",
    "or_bytes",
    "path_param",
    "query_params",
    "server_url",
    "text_value",
    "to_json_value",
]
