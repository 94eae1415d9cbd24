"""Every name the generated code keeps for itself, in one table.

A name from the spec that would take one of these gets another (`names.py`: a trailing
underscore for identifiers, a number for classes), so that nothing the spec says can
shadow, or be confused with, what the client itself defines.
"""

from __future__ import annotations

import builtins

# What the package exports at its top level beside `models/` and `api/`: a model class
# of the same name would be a second, different `campfire_client.X`.
PACKAGE_EXPORTS = (
    "UNSET", "ApiConnectionError", "ApiError", "ApiTimeoutError", "AsyncClient",
    "AuthenticationError", "BadRequestError", "Client", "ClientCredentials", "ClientError",
    "ConflictError",
    "DecodeError", "EncodingError", "InternalServerError", "MissingCredentialError",
    "NotFoundError", "PaginationError", "PermissionDeniedError", "RateLimitError", "Response",
    "ResponseDecodeError",
    "ResponseDriftWarning", "TokenError", "TransportError", "UnknownEnumValueWarning",
    "UnprocessableEntityError", "Unset", "Upload", "drift_of",
)

# Capitalised names Python itself defines (None, True, Exception, Ellipsis...): a class
# of that name would be a syntax error, or a forward reference mypy reads as the builtin.
PYTHON_CLASS_NAMES = frozenset(
    {name for name in dir(builtins) if name[:1].isupper()} | {"None", "True", "False"})

# Names a module of `models/` or `api/` imports or defines besides its classes.
MODULE_NAMES = frozenset({"Any", "Literal", "Decimal", "UUID", "Unset", "UNSET", "MISSING",
                          "TYPE_CHECKING", "Unpack"})

CLASS_NAMES = frozenset({*PACKAGE_EXPORTS, *MODULE_NAMES, *PYTHON_CLASS_NAMES})
"""What no model, enum or group class may be called."""

# Names the generated code itself uses where a field or parameter would shadow them:
# in class bodies (annotations, `field(default_factory=dict)`, `@staticmethod`,
# `list[tuple[str, rt.Codec]]`) and in methods (`self`, `rt.Call(...)`).
SHADOWED_BUILTINS = frozenset({
    "self", "cls", "str", "int", "float", "bool", "bytes", "list", "dict", "tuple",
    "frozenset", "object", "classmethod", "staticmethod", "datetime", "rt", "field",
    "dataclass", "partial",
})

# A module of `models/` binds its name in the package's `__init__`, whose own code calls
# builtins (`getattr`) and `importlib`: a module may not take any of those names.
PACKAGE_NAMESPACE = frozenset(
    {name for name in dir(builtins) if name.islower()} | {"importlib", "annotations"})

# The attributes every model inherits from rt.Model.
MODEL_ATTRIBUTES = frozenset({"to_dict", "from_dict", "to_json", "json_names",
                              "additional_properties"})

# The arguments every operation may take besides its parameters: its own, the keys of
# `**options` (rt.RequestOptions; a parameter of the same name would collide with one),
# and `models`, the package its method reads the classes it decodes from.
OPERATION_ARGUMENTS = frozenset({
    "self", "body", "content_type", "response", "next_offset", "options", "lenient", "models",
    "timeout", "max_retries", "extra_headers", "extra_query", "idempotency_key"})

# The client's own arguments (`Client(token, *, base_url=...)`): a credential keyword
# (`model/security.py`) may not take one, nor those other settings are planned to take.
CLIENT_ARGUMENTS = frozenset({"self", "token", "base_url", "timeout", "headers", "http_client",
                              "lenient", "max_retries", "environment", "server_timezone"})

# What a group class has besides its operations (rt.SyncGroup / rt.AsyncGroup).
GROUP_ATTRIBUTES = frozenset({"with_response", "with_streaming_response"})

# The client's own attributes: a group (named after its module) may not take one.
CLIENT_ATTRIBUTES = frozenset({"__init__", "send", "close", "aclose", "base_url",
                               "with_options"})
