"""The intermediate representation: every decision made, ready to print.

Templates only print these objects. Names are final Python identifiers, types are
final annotations, and each field names the runtime codec that decodes and encodes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diagnostics import Diagnostic
from generator.model.names import dunder_all_key


@dataclass(frozen=True, slots=True)
class FieldIR:
    name: str
    json_name: str
    annotation: str
    required: bool
    nullable: bool
    codec: str
    """Expression building the field's runtime codec (`rt.STR`, `rt.model_of(Line)`...)."""
    description: str | None
    read_only: bool = False
    write_only: bool = False
    allowed: tuple[object, ...] = ()
    """The only values the spec allows, where the annotation cannot show them (numbers
    with a fraction): for the documentation."""


@dataclass(frozen=True, slots=True)
class ModelIR:
    name: str
    schema: str
    """Where the schema came from (a JSON pointer), for readers of the IR dump."""
    direction: str
    """"read" (responses), "write" (requests) or "both"."""
    description: str | None
    fields: tuple[FieldIR, ...]
    extra_annotation: str
    """Type of the properties the schema does not name, kept in `additional_properties`."""
    extra_codec: str | None
    """Codec of those properties when the schema types them (None: any JSON value)."""
    table_imports: tuple[str, ...] = ()
    """Imports the codec table runs when first read: the classes of other modules it
    names (the module imports them for type checkers only)."""
    extra_imports: tuple[str, ...] = ()
    """The same for the codec of the extra properties."""

    @property
    def renamed(self) -> tuple[tuple[str, str], ...]:
        """(JSON name, field name) of the fields whose names differ."""
        return tuple((f.json_name, f.name) for f in self.fields if f.name != f.json_name)


@dataclass(frozen=True, slots=True)
class EnumMemberIR:
    name: str
    value: str
    """The value as a Python literal."""


@dataclass(frozen=True, slots=True)
class EnumIR:
    name: str
    schema: str
    base: str
    """OpenStrEnum or OpenIntEnum."""
    description: str | None
    members: tuple[EnumMemberIR, ...]


@dataclass(frozen=True, slots=True)
class ModuleIR:
    """One file of `models/`: a schema's classes (a cycle of schemas shares one file)."""

    name: str
    imports: tuple[str, ...]
    enums: tuple[EnumIR, ...]
    models: tuple[ModelIR, ...]
    type_imports: tuple[str, ...] = ()
    """Imports for type checkers only: the classes of other modules, which the codec
    tables import when first read."""

    @property
    def class_names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.enums) + tuple(m.name for m in self.models)


@dataclass(frozen=True, slots=True)
class ParamIR:
    name: str
    json_name: str
    location: str
    """path, query, header or cookie."""
    annotation: str
    required: bool
    explode: bool
    description: str | None
    allowed: tuple[object, ...] = ()
    """As FieldIR.allowed."""
    positional: bool = False
    """Passed by position: only the last path parameter (in the order of the path
    template); every other argument is keyword-only, so no two can be swapped silently."""


@dataclass(frozen=True, slots=True)
class BodyIR:
    annotation: str
    required: bool
    encodings: tuple[str, ...]
    """Media types offered, the default first."""
    encoding_annotation: str
    """Type of the `content_type=` argument (used when several encodings are offered)."""
    description: str | None


@dataclass(frozen=True, slots=True)
class ResponseIR:
    status: str
    annotation: str
    codec: str
    """Codec expression, "None" for no body, "rt.RAW_BYTES" for a non-JSON body."""
    description: str | None


@dataclass(frozen=True, slots=True)
class PaginationIR:
    item_annotation: str
    offset_param: str
    limit_param: str


@dataclass(frozen=True, slots=True)
class OperationIR:
    name: str
    operation_id: str
    method: str
    path: str
    path_code: str
    """Expression building the URL path (parameters percent-encoded)."""
    summary: str | None
    description: str | None
    deprecated: bool
    params: tuple[ParamIR, ...]
    body: BodyIR | None
    responses: tuple[ResponseIR, ...]
    errors: tuple[ResponseIR, ...]
    return_annotation: str
    secured: bool
    pagination: PaginationIR | None
    imports: tuple[str, ...] = ()
    """Model classes the request function imports when it runs."""

    @property
    def returns_nothing(self) -> bool:
        """No success response has a body: the call is typed `Call[None]` explicitly
        (a type checker cannot infer None from `return` in a method returning None)."""
        return all(r.annotation == "None" for r in self.responses)

    @property
    def signature_params(self) -> tuple[ParamIR, ...]:
        """The positional parameter, then the other path parameters (template order), the
        other required ones and the optional ones (each by name: the order of the spec's
        `parameters` list changes no signature)."""
        def rank(param: ParamIR) -> tuple[int, str]:
            if param.location == "path":
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
    imports: tuple[str, ...]
    type_imports: tuple[str, ...] = ()
    """Imports for annotations only (under `if TYPE_CHECKING:`)."""


@dataclass(frozen=True, slots=True)
class AuthIR:
    scheme: str
    location: str
    name: str
    prefix: str
    description: str | None


@dataclass(frozen=True, slots=True)
class PackageIR:
    package: str
    title: str
    version: str
    description: str | None
    base_url: str
    auth: AuthIR | None
    number_type: str
    modules: tuple[ModuleIR, ...]
    groups: tuple[GroupIR, ...]
    exports: tuple[tuple[str, str], ...] = field(default=())
    """(class name, module name) of every model and enum, for lazy imports, in import order."""
    warnings: tuple[Diagnostic, ...] = field(default=())
    """What the document says that the generator followed with a doubt (an enum value
    its type rules out), for the user to read."""

    @property
    def export_names(self) -> tuple[str, ...]:
        return tuple(sorted((name for name, _ in self.exports), key=dunder_all_key))
