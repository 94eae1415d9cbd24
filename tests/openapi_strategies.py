"""Hypothesis strategies for random, valid OpenAPI 3.0 and 3.1 documents (tests/test_fuzz.py).

Every document is meant to be valid per openapi-spec-validator *and* to mean something: the
strategies only build what the specification allows and gives a meaning to, so that a
document the generator rejects or mishandles is the generator's problem:

- component names match `^[a-zA-Z0-9._-]+$` (OpenAPI requires it); property, parameter,
  tag and enum texts are any Unicode but lone surrogates (no text at all; the generator
  refuses them by design); names that module names are made of (schemas, tags, operation
  ids, query parameters) have at most 110 characters, property names up to 300;
- a `$ref` cycle always passes through a property, `items` or `additionalProperties`:
  at the top of a schema and inside its unions, a component only refers to components
  drawn before it (or to the discriminated unions, whose own references are guarded);
- `allOf` combines objects only; enum values fit their declared type; `required` names
  only declared properties; defaults fit their schema;
- path templates use `{name}` once per parameter, every path parameter is declared and
  required, no two paths differ only in parameter names, no literal path text holds
  `{`, `}`, `?`, `#` or `%`; operation ids are unique; a parameter is unique by name and
  location (header names case-insensitively);
- `deepObject` takes objects, `spaceDelimited`/`pipeDelimited` take arrays; form and
  multipart bodies are objects; request bodies go only on POST, PUT and PATCH;
- 3.0 keeps `$ref` without siblings (flags go on a one-member `allOf`), uses `nullable`;
  3.1 uses type arrays with "null", `const`, and `$ref` with a sibling description.

Documents are kept small (a few components, paths and operations) so that many can run.
"""

from __future__ import annotations

import copy
import keyword
import math
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

Json = Any
Schema = dict[str, Any]
Draw = st.DrawFn

REF = "#/components/schemas/"
COMPONENT_CHARS = string.ascii_letters + string.digits + "._-"

# --- names and text ---------------------------------------------------------------------

PY_WORDS = sorted(set(keyword.kwlist) | set(keyword.softkwlist))  # None, True, class, match...
BUILTINS = ["list", "dict", "str", "int", "float", "bool", "bytes", "object", "type", "id",
            "print", "len", "set", "range", "format", "hash", "iter", "property", "super",
            "Exception", "self", "cls", "frozenset", "classmethod", "staticmethod", "open"]
DUNDERS = ["__init__", "__class__", "__dict__", "__slots__", "__name__", "__all__",
           "__getattr__", "__post_init__", "__new__", "__annotations__", "_", "__", "_x",
           "__x__", "__init__.py"]
# Names the generated code or its runtime use themselves.
GENERATOR_WORDS = ["UNSET", "Unset", "MISSING", "Any", "Literal", "Decimal", "UUID", "Model",
                   "Client", "AsyncClient", "ApiError", "Response", "File", "Upload", "rt", "httpx",
                   "dataclass", "field", "annotations", "TYPE_CHECKING", "to_dict",
                   "from_dict", "to_json", "json_names", "additional_properties",
                   "_json_fields", "datetime", "date", "time", "uuid", "decimal", "json",
                   "typing", "models", "api", "client", "_runtime", "default", "body",
                   "params", "headers", "cookies", "timeout", "base_url", "token",
                   "http_client", "Call", "Operation", "Fields", "path", "query", "data",
                   "files", "content", "request", "response", "options", "result"]
# Different texts that agree after snake_case, PascalCase or CONSTANT_CASE.
COLLIDING = ["fooBar", "FooBar", "foo_bar", "Foo_Bar", "foo-bar", "foo.bar", "FOO_BAR",
             "foo__bar", "_foo_bar", "foo_bar_", "FOOBar", "Foo.Bar", "foo-Bar", "foo_bar2",
             "fooBar2", "foo_bar_2", "FooBar2"]
DIGITS_FIRST = ["1", "9lives", "2fa", "3D", "0x10", "1_000", "42", "007Bond", "1.5", "-1"]
# Texts that try to escape a string, a docstring, a comment or a format string.
ODD_TEXT = ['"""', "'''", '"', "'", "\\", "\\\\", "\\n", "\\N{BULLET}", "\\u12", "\\x",
            "a\nb", "\r\n", "\r", "\t", "\x0b", "\x0c", "\x00", "\x1b[31m", "\x7f",
            "\u2028", "\u2029", "\x85", "\ufeff", "\u200b", "{x}", "{", "}", "%s", "%(x)s",
            "*/", "#", "# noqa", "-->", "`", "$ref", "@type", "x-foo", "ünïcödé", "名前",
            "😀", "İ", "ß", "ﬁ", "Å", "\u0301", "", " ", "  lead", "trail  ", "a b",
            'say "hi"', "it's", "\"\"\"'''", "end\\", "\\\"", "if True:\n    pass",
            "def f(): ...", "import os", "null", "None", "True", "False", "0", "-", "."]


def _component_safe(words: Sequence[str]) -> list[str]:
    return [word for word in words if word and all(char in COMPONENT_CHARS for char in word)]


def long_names(alphabet: str = string.ascii_letters, min_size: int = 60,
               max_size: int = 110) -> st.SearchStrategy[str]:
    """Long names: short enough that no file named after one passes 255 bytes."""
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size).filter(
        lambda text: text[:1].isalpha())


LOWER = string.ascii_lowercase
WORD_TAIL = string.ascii_lowercase + string.digits


def _words(first: str, joiners: str) -> st.SearchStrategy[str]:
    """A word of `first` then lower case, then up to two more, each after a joiner."""
    head = st.tuples(st.sampled_from(first), st.text(WORD_TAIL, max_size=6))
    tail = st.tuples(st.sampled_from(joiners), st.text(WORD_TAIL, min_size=1, max_size=5))
    return st.tuples(head, st.lists(tail, max_size=2)).map(
        lambda parts: "".join(parts[0]) + "".join(a + b for a, b in parts[1]))


def identifiers() -> st.SearchStrategy[str]:
    return _words(LOWER, string.ascii_uppercase + "_")


def pascal_names() -> st.SearchStrategy[str]:
    return _words(string.ascii_uppercase, string.ascii_uppercase)


ODD_ASCII_WORDS = PY_WORDS + BUILTINS + DUNDERS + GENERATOR_WORDS + COLLIDING + DIGITS_FIRST


def component_names() -> st.SearchStrategy[str]:
    """Keys of components/schemas: only `[a-zA-Z0-9._-]`, as OpenAPI requires."""
    return st.one_of(
        pascal_names(),
        st.sampled_from(["None", "True", "False"]),
        st.sampled_from(_component_safe(PY_WORDS + BUILTINS)),
        st.sampled_from(_component_safe(DUNDERS + GENERATOR_WORDS + ["_", "-", ".", "..",
                                                                     "a.b.c", "A-", "-A"])),
        st.sampled_from(_component_safe(COLLIDING)),
        st.sampled_from(_component_safe(DIGITS_FIRST)),
        st.text(alphabet=COMPONENT_CHARS, min_size=1, max_size=10),
        long_names(COMPONENT_CHARS),
    )


def unicode_text(max_size: int = 8) -> st.SearchStrategy[str]:
    return st.text(st.characters(exclude_categories=["Cs"]), max_size=max_size)


def member_names() -> st.SearchStrategy[str]:
    """Property and query parameter names, enum texts: any text at all."""
    return st.one_of(
        identifiers(),
        st.sampled_from(PY_WORDS + BUILTINS),
        st.sampled_from(DUNDERS + GENERATOR_WORDS),
        st.sampled_from(COLLIDING + DIGITS_FIRST),
        st.sampled_from(ODD_TEXT),
        unicode_text(10),
        long_names(max_size=300),
    )


def _odd_text() -> st.SearchStrategy[str]:
    """Descriptions, summaries, titles: odd pieces glued to ordinary words."""
    piece = st.one_of(st.sampled_from(ODD_TEXT), unicode_text(6),
                      st.sampled_from(["A thing.", "Returns it", "see `x`", "**bold**"]))
    return st.lists(piece, min_size=1, max_size=4).map("".join)


# Strategies are built once: building and validating them on every draw costs more than
# drawing from them.
IDENTIFIERS = identifiers()
COMPONENT_NAMES = component_names()
MEMBER_NAMES = member_names()
ODD_TEXT_STRATEGY = _odd_text()
SHORT_NAMES = st.one_of(IDENTIFIERS, MEMBER_NAMES.filter(lambda text: len(text) <= 100))
"""Names that module names are made of (tags, operation ids, query parameters): at most
100 characters, so that no name is over-long by itself (the generator may refuse those,
see issue 8)."""
BOOLEANS = st.booleans()
_CHANCES = {n: st.integers(0, n) for n in range(1, 12)}


def odd_text() -> st.SearchStrategy[str]:
    return ODD_TEXT_STRATEGY


def one_in(draw: Draw, n: int) -> bool:
    """True with probability 1/n."""
    return bool(draw(_CHANCES[n - 1]) == 0)


_PICKS: dict[tuple[Any, ...], st.SearchStrategy[Any]] = {}
_RANGES: dict[tuple[int, int], st.SearchStrategy[int]] = {}


def pick(draw: Draw, options: Sequence[Any]) -> Any:
    """One of `options` (hashable ones); the strategy is built once per set of options."""
    # Typed key: (0, 1) == (False, True) in Python, not in JSON.
    key = tuple((type(option), option) for option in options)
    strategy = _PICKS.get(key)
    if strategy is None:
        if len(_PICKS) > 5000:  # lists of drawn names: keep long runs from hoarding them
            _PICKS.clear()
        strategy = _PICKS[key] = st.sampled_from(tuple(options))
    return draw(strategy)


def between(draw: Draw, low: int, high: int) -> int:
    strategy = _RANGES.get((low, high))
    if strategy is None:
        strategy = _RANGES[low, high] = st.integers(low, high)
    return draw(strategy)


# Header and cookie names: printable ASCII without separators (what HTTP carries).
TOKEN_CHARS = string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~"


def token_names() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(["X-Request-Id", "X-Rate-Limit", "Accept-Language", "If-Match",
                         "Accept", "Content-Type", "Authorization", "User-Agent"]),
        st.sampled_from([word for word in ODD_ASCII_WORDS
                         if word and all(char in TOKEN_CHARS for char in word)]),
        st.text(alphabet=TOKEN_CHARS, min_size=1, max_size=12),
    )


# Path parameter names: the validator reads path templates with str.format's parser.
PATH_PARAM_CHARS = string.ascii_letters + string.digits + "-_.~ '\"$@&=+,;éü名"


def path_param_names() -> st.SearchStrategy[str]:
    return st.one_of(
        IDENTIFIERS,
        st.sampled_from([word for word in ODD_ASCII_WORDS
                         if word and all(char in PATH_PARAM_CHARS for char in word)]),
        st.text(alphabet=PATH_PARAM_CHARS, min_size=1, max_size=10),
    )


def path_literals() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=8),
        st.sampled_from(["class", "None", "v1", "a b", "a'b", 'a"b', "a\\b", "ünï", "名前",
                         "😀", "..", ".", "~x", ":", "a:b", "@", "$", "&", "=", "+", "!",
                         ",", ";", "(x)", "[x]", "*", "a\tb", "a\x7fb", "a\nb"]),
    )


TOKEN_NAMES = token_names()
PATH_PARAM_NAMES = path_param_names()
PATH_LITERALS = path_literals()


# --- schemas ------------------------------------------------------------------------------

STRING_FORMATS = ["date", "date-time", "uuid", "email", "uri", "byte", "binary", "decimal",
                  "password", "hostname", "ipv4", "time", "duration", "uri-reference",
                  "x-custom"]
# Defaults that fit each format (the validator checks defaults against their schema).
FORMAT_SAMPLES = {"date": "2024-03-15", "date-time": "2024-03-15T10:30:00Z",
                  "uuid": "9a4bc225-ebe6-41fa-9a2f-de7947899c6c", "email": "a@example.test",
                  "uri": "https://example.test/x", "byte": "YWJj", "decimal": "12.50",
                  "ipv4": "192.0.2.1", "hostname": "example.test",
                  "duration": "P1D", "uri-reference": "/x", "password": "secret",
                  "x-custom": "anything"}
PRIMITIVES = ["string", "integer", "number", "boolean"]
# Schemas that take any value (or nearly); drawn as copies, since schemas get flags later.
ANY_SCHEMAS: tuple[Schema, ...] = ({}, {}, {"description": "anything"}, {"not": {"type": "string"}})


@dataclass(slots=True)
class Context:
    """What a schema may refer to, and how deep it may still go."""

    v31: bool
    names: tuple[str, ...] = ()
    """Every component schema: any may be referred to under a property, items or
    additionalProperties."""
    unguarded: tuple[str, ...] = ()
    """The components this schema may refer to at its top and inside its unions."""
    objects: tuple[str, ...] = ()
    """Components that are objects (what allOf may combine)."""
    depth: int = 2

    def deeper(self) -> Context:
        return Context(self.v31, self.names, self.unguarded, self.objects, self.depth - 1)


def ref(name: str) -> Schema:
    return {"$ref": REF + name}


def non_integral_floats() -> st.SearchStrategy[float]:
    return st.one_of(
        st.sampled_from([1.5, 2.5, -0.25, 0.1, 3.14, 1e-7, 123456.789, -1e-300, 1.5e300]),
        st.floats(allow_nan=False, allow_infinity=False, width=64).filter(
            lambda value: math.isfinite(value) and not value.is_integer()),
    )


def _kind_key(value: Json) -> tuple[str, str]:
    """Equality of JSON values: `1` and `true` differ, `1` and `1.0` never both occur."""
    return type(value).__name__, repr(value)


FLOATS = non_integral_floats()


def json_scalars() -> st.SearchStrategy[Json]:
    return st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70),
                     FLOATS, MEMBER_NAMES)


JSON_SCALARS = json_scalars()
INT32 = st.integers(-(2 ** 31), 2 ** 31 - 1)
NUMBERS = st.one_of(FLOATS, st.integers(-100, 100))
STRING_ENUMS = st.lists(MEMBER_NAMES, min_size=1, max_size=5, unique=True)
INTEGER_ENUMS = st.lists(st.one_of(st.integers(-5, 5), st.integers(-(2 ** 64), 2 ** 64)),
                         min_size=1, max_size=5, unique=True)
NUMBER_ENUMS = st.lists(st.one_of(FLOATS, st.integers(-9, 9)), min_size=1, max_size=4,
                        unique_by=_kind_key)
MIXED_ENUMS = st.lists(JSON_SCALARS, min_size=1, max_size=6, unique_by=_kind_key)


def nullable(draw: Draw, ctx: Context, schema: Schema) -> Schema:
    """`schema`, allowing null the way the document's version spells it."""
    kind = schema.get("type")
    if kind == "null":
        return schema
    if ctx.v31:
        if isinstance(kind, str):
            schema["type"] = [kind, "null"] if draw(BOOLEANS) else ["null", kind]
            return schema
        if isinstance(kind, list):
            if "null" not in kind:
                schema["type"] = [*kind, "null"]
            return schema
        return {pick(draw, ["oneOf", "anyOf"]): [schema, {"type": "null"}]}
    if "$ref" in schema:
        return {"allOf": [schema], "nullable": True}
    if kind is None and not any(key in schema for key in ("allOf", "oneOf", "anyOf")):
        return schema  # nullable says nothing without a type (OpenAPI 3.0.3)
    schema["nullable"] = True
    return schema


@st.composite
def enum_schemas(draw: Draw, ctx: Context) -> Schema:
    kind = pick(draw, ["string", "string", "integer", "number", "boolean", "null",
                                 "mixed"])
    values: list[Json]
    if kind == "string":
        values = draw(STRING_ENUMS)
    elif kind == "integer":
        values = draw(INTEGER_ENUMS)
    elif kind == "number":
        values = draw(NUMBER_ENUMS)
    elif kind == "boolean":
        values = list(pick(draw, ((True,), (False,), (True, False), (False, True))))
    elif kind == "null":
        values = [None]
    else:
        values = draw(MIXED_ENUMS)
    schema: Schema = {"enum": values}
    typed = kind not in ("null", "mixed") and not one_in(draw, 4)
    if typed:
        schema = {"type": kind, **schema}
    if one_in(draw, 4):
        schema["description"] = draw(odd_text())
    if one_in(draw, 4) and kind not in ("null", "mixed"):
        if typed:
            schema = nullable(draw, ctx, schema)
        if None not in values:
            values.append(None)
            if not typed and not ctx.v31:
                schema["nullable"] = True  # harmless without a type; what drf writes
    if values and one_in(draw, 5):
        schema["default"] = pick(draw, values)
    return schema


@st.composite
def primitive_schemas(draw: Draw, ctx: Context) -> Schema:
    """A string (of any format), integer, number or boolean."""
    kind = pick(draw, PRIMITIVES)
    schema: Schema = {"type": kind}
    sample: Json = None
    if kind == "string":
        fmt = pick(draw, (None, *STRING_FORMATS))
        if fmt is not None:
            schema["format"] = fmt
            sample = FORMAT_SAMPLES.get(fmt)
        else:
            if one_in(draw, 5):
                schema["maxLength"] = between(draw, 1, 300)
            sample = draw(MEMBER_NAMES)
            if len(sample) > schema.get("maxLength", 10 ** 6):
                sample = None
    elif kind == "integer":
        fmt = pick(draw, (None, "int32", "int64"))
        if fmt is not None:
            schema["format"] = fmt
        sample = draw(INT32)
        if one_in(draw, 5):
            schema["minimum"] = -(2 ** 31)
    elif kind == "number":
        fmt = pick(draw, (None, "float", "double", "decimal"))
        if fmt is not None:
            schema["format"] = fmt
        sample = draw(NUMBERS)
    else:
        sample = draw(BOOLEANS)
    if sample is not None and one_in(draw, 5):
        schema["default"] = sample
    if one_in(draw, 5):
        schema["description"] = draw(odd_text())
    if one_in(draw, 4):
        schema = nullable(draw, ctx, schema)
    return schema


@st.composite
def const_schemas(draw: Draw, ctx: Context) -> Schema:
    value = draw(st.one_of(JSON_SCALARS,
                           st.dictionaries(IDENTIFIERS, JSON_SCALARS, max_size=2),
                           st.lists(JSON_SCALARS, max_size=2)))
    schema: Schema = {"const": value}
    types = {bool: "boolean", int: "integer", float: "number", str: "string",
             dict: "object", list: "array", type(None): "null"}
    if draw(BOOLEANS):
        schema["type"] = types[type(value)]
    return schema


def refs(draw: Draw, ctx: Context, guarded: bool) -> Schema | None:
    candidates = ctx.names if guarded else ctx.unguarded
    if not candidates:
        return None
    schema = ref(pick(draw, candidates))
    if ctx.v31 and one_in(draw, 5):
        schema["description"] = draw(odd_text())  # 3.1 allows siblings of $ref
    return schema


def with_flags(draw: Draw, ctx: Context, schema: Schema) -> Schema:
    """A property's schema, perhaps readOnly or writeOnly (never both), perhaps null."""
    flag = pick(draw, [None, None, None, "readOnly", "writeOnly"])
    if one_in(draw, 6) and "nullable" not in schema:
        schema = nullable(draw, ctx, schema)
    if flag is not None:
        if "$ref" in schema and not ctx.v31:
            schema = {"allOf": [schema]}
        schema[flag] = True
    if one_in(draw, 10) and "$ref" not in schema:
        schema["deprecated"] = True
    return schema


@st.composite
def object_schemas(draw: Draw, ctx: Context, multipart: bool = False,
                   fixed: dict[str, Schema] | None = None, exclude: frozenset[str] = frozenset()
                   ) -> Schema:
    """An object; `fixed` properties are required and come first (a discriminator's);
    `exclude`: names it must not have (its parent's discriminator)."""
    names = draw(st.lists(MEMBER_NAMES, max_size=4 if ctx.depth > 0 else 2, unique=True))
    inner = ctx.deeper()
    properties: dict[str, Schema] = dict(fixed or {})
    for name in names:
        if name in properties or name in exclude:
            continue
        if multipart and one_in(draw, 3):
            binary: Schema = {"type": "string", "format": "binary"}
            properties[name] = binary if draw(BOOLEANS) else \
                {"type": "array", "items": binary}
            continue
        properties[name] = with_flags(draw, ctx, draw(schemas(inner, guarded=True)))
    schema: Schema = {}
    if not one_in(draw, 5) or not properties:
        schema["type"] = "object"
    if properties:
        schema["properties"] = properties
        optional = [name for name in properties if not fixed or name not in fixed]
        required = list(fixed or {}) + draw(st.lists(st.sampled_from(optional), unique=True)) \
            if optional else list(fixed or {})
        if required:
            schema["required"] = required
    extra = pick(draw, ["none", "none", "true", "false", "empty", "schema"])
    if extra == "true":
        schema["additionalProperties"] = True
    elif extra == "false":
        schema["additionalProperties"] = False
    elif extra == "empty":
        schema["additionalProperties"] = {}
    elif extra == "schema":
        schema["additionalProperties"] = draw(schemas(inner, guarded=True))
    if ctx.v31 and one_in(draw, 8):
        schema["patternProperties"] = {"^x-": draw(primitive_schemas(inner))}
    if one_in(draw, 4):
        schema["description"] = draw(odd_text())
    if one_in(draw, 7):
        schema["title"] = draw(odd_text())
    return schema


@st.composite
def all_of_schemas(draw: Draw, ctx: Context, guarded: bool) -> Schema:
    members: list[Schema] = []
    for _ in range(between(draw, 1, 3)):
        choice = pick(draw, ["ref", "ref", "object", "empty"])
        candidates = [name for name in (ctx.names if guarded else ctx.unguarded)
                      if name in ctx.objects]
        if choice == "ref" and candidates:
            members.append(ref(pick(draw, candidates)))
        elif choice == "empty":
            members.append({})
        else:
            members.append(draw(object_schemas(ctx.deeper())))
    schema: Schema = {"allOf": members}
    if draw(BOOLEANS):
        schema["type"] = "object"
    if one_in(draw, 4):
        schema["description"] = draw(odd_text())
    return schema


@st.composite
def schemas(draw: Draw, ctx: Context, guarded: bool = True) -> Schema:
    """Any schema; `guarded`: a reference here cannot close a cycle without structure."""
    leaves = ["primitive", "primitive", "enum", "ref", "ref", "any"]
    if ctx.v31:
        leaves += ["const", "null", "multi"]
    branches = ["object", "object", "array", "oneOf", "anyOf", "allOf", "wrapper"]
    kind = pick(draw, leaves + branches if ctx.depth > 0 else leaves)
    if kind == "ref" or kind == "wrapper":
        target = refs(draw, ctx, guarded)
        if target is None:
            kind = "primitive"
        elif kind == "wrapper":
            # drf's one-member allOf carrying flags of its own
            target.pop("description", None)
            wrapper: Schema = {"allOf": [target]}
            if draw(BOOLEANS):
                wrapper["description"] = draw(odd_text())
            if not ctx.v31 and draw(BOOLEANS):
                wrapper["nullable"] = True
            return wrapper
        else:
            return target
    if kind == "primitive":
        return draw(primitive_schemas(ctx))
    if kind == "enum":
        return draw(enum_schemas(ctx))
    if kind == "any":
        return copy.deepcopy(ANY_SCHEMAS[between(draw, 0, len(ANY_SCHEMAS) - 1)])
    if kind == "const":
        return draw(const_schemas(ctx))
    if kind == "null":
        return {"type": "null"}
    if kind == "multi":
        types = draw(st.lists(st.sampled_from(PRIMITIVES + ["null"]), min_size=2, max_size=3,
                              unique=True))
        return {"type": types}
    if kind == "object":
        return draw(object_schemas(ctx))
    if kind == "array":
        schema: Schema = {"type": "array", "items": draw(schemas(ctx.deeper(), guarded=True))}
        if one_in(draw, 5):
            schema["minItems"] = 1
        if one_in(draw, 6):
            schema["uniqueItems"] = True
        if one_in(draw, 5):
            schema = nullable(draw, ctx, schema)
        return schema
    if kind == "allOf":
        return draw(all_of_schemas(ctx, guarded))
    members = draw(st.lists(schemas(ctx.deeper(), guarded=guarded), min_size=1, max_size=3))
    schema = {kind: members}
    if one_in(draw, 4):
        schema = nullable(draw, ctx, schema)
    return schema


# --- components ---------------------------------------------------------------------------


@dataclass(slots=True)
class Plan:
    """Names of the component schemas, decided before any is drawn (references need them)."""

    general: list[str]
    object_like: set[str]
    unions: list[tuple[str, str, list[str], str]]
    """(style, union or parent name, variant names, discriminator property)."""


@st.composite
def component_plans(draw: Draw) -> Plan:
    names = draw(st.lists(COMPONENT_NAMES, max_size=9, unique=True))
    general_count = between(draw, min(1, len(names)), min(4, len(names)))
    general, rest = names[:general_count], names[general_count:]
    object_like = {name for name in general if not one_in(draw, 3)}
    unions = []
    while len(rest) >= 3 and one_in(draw, 3):
        size = between(draw, 2, min(3, len(rest) - 1))
        union, variants, rest = rest[0], rest[1:size + 1], rest[size + 1:]
        style = pick(draw, ["oneOf", "anyOf", "inheritance"])
        tag = draw(st.one_of(st.sampled_from(["type", "kind", "$type", "@type", "object_type",
                                              "class", "None", "petType"]),
                             MEMBER_NAMES))
        unions.append((style, union, variants, tag))
        object_like.update(variants)
        if style == "inheritance":
            object_like.add(union)
    return Plan(general, object_like, unions)


def not_in(taken: Sequence[str] | set[str]) -> Callable[[str], bool]:
    return lambda text: text not in taken


def mapping_value(draw: Draw, name: str) -> str:
    return name if one_in(draw, 4) else REF + name


@st.composite
def component_schemas(draw: Draw, v31: bool, plan: Plan) -> dict[str, Schema]:
    everything = list(plan.general)
    union_names = []
    for _, union, variants, _ in plan.unions:
        everything += [union, *variants]
        union_names += [union, *variants]
    result: dict[str, Schema] = {}
    objects = tuple(sorted(plan.object_like))
    for index, name in enumerate(plan.general):
        ctx = Context(v31, tuple(everything), tuple(plan.general[:index] + union_names),
                      objects, depth=between(draw, 1, 3))
        if name in plan.object_like:
            result[name] = draw(st.one_of(object_schemas(ctx),
                                          all_of_schemas(ctx, guarded=False)))
        else:
            result[name] = draw(schemas(ctx, guarded=False))
    for style, union, variants, tag in plan.unions:
        ctx = Context(v31, tuple(everything), (), objects, depth=between(draw, 1, 2))
        # Mapping keys never name another variant: its implicit value would be ambiguous.
        keys = draw(st.lists(MEMBER_NAMES.filter(not_in(variants)), min_size=len(variants),
                             max_size=len(variants), unique=True))
        mapped = draw(BOOLEANS)
        discriminator: dict[str, Any] = {"propertyName": tag}
        if mapped:
            count = between(draw, 1, len(variants))
            discriminator["mapping"] = {keys[i]: mapping_value(draw, variants[i])
                                        for i in range(count)}
        for position, variant in enumerate(variants):
            tag_value = keys[position] if mapped and position < count else variant
            tag_schema: Schema = {"type": "string"}
            if draw(BOOLEANS):
                tag_schema["enum"] = [tag_value]
            fixed = {tag: tag_schema} if style != "inheritance" else {}
            body = draw(object_schemas(ctx, fixed=fixed, exclude=frozenset([tag])))
            if style == "inheritance":
                parts: list[Schema] = [ref(union)]
                if body.get("properties") or draw(BOOLEANS):
                    parts.append(body)
                result[variant] = {"allOf": parts}
            else:
                result[variant] = body
        if style == "inheritance":
            parent = draw(object_schemas(ctx, fixed={tag: {"type": "string"}}))
            parent["discriminator"] = discriminator
            result[union] = parent
        else:
            union_schema: Schema = {style: [ref(variant) for variant in variants],
                                    "discriminator": discriminator}
            if one_in(draw, 4):
                union_schema["description"] = draw(odd_text())
            result[union] = union_schema
    return result


# --- parameters, bodies, responses, operations -------------------------------------------


@st.composite
def parameter_schemas(draw: Draw, ctx: Context, style: str | None) -> Schema:
    primitive = primitive_schemas(ctx)
    if style == "deepObject":
        properties = {name: draw(primitive)
                      for name in draw(st.lists(IDENTIFIERS, min_size=1, max_size=3,
                                                unique=True))}
        return {"type": "object", "properties": properties}
    if style in ("spaceDelimited", "pipeDelimited"):
        return {"type": "array", "items": draw(st.one_of(primitive, enum_schemas(ctx)))}
    kind = pick(draw, ["primitive", "enum", "enum", "array", "object", "ref"])
    if kind == "primitive":
        return draw(primitive)
    if kind == "enum":
        return draw(enum_schemas(ctx))
    if kind == "array":
        schema: Schema = {"type": "array",
                          "items": draw(st.one_of(primitive, enum_schemas(ctx)))}
        return nullable(draw, ctx, schema) if one_in(draw, 5) else schema
    if kind == "ref":
        target = refs(draw, ctx, guarded=True)
        return target if target is not None else draw(primitive)
    properties = {name: draw(primitive)
                  for name in draw(st.lists(IDENTIFIERS, max_size=3, unique=True))}
    return {"type": "object", "properties": properties}


STYLES = {"path": [None, "simple", "label", "matrix"],
          "query": [None, "form", "spaceDelimited", "pipeDelimited", "deepObject"],
          "header": [None, "simple"], "cookie": [None, "form"]}


@st.composite
def parameters(draw: Draw, ctx: Context, location: str, name: str) -> dict[str, Any]:
    parameter: dict[str, Any] = {"name": name, "in": location}
    if location == "path":
        parameter["required"] = True
    elif draw(BOOLEANS):
        parameter["required"] = draw(BOOLEANS)
    if one_in(draw, 6):
        media = pick(draw, ["application/json", "text/plain"])
        schema = draw(schemas(ctx, guarded=True)) if media == "application/json" else \
            {"type": "string"}
        parameter["content"] = {media: {"schema": schema}}
    else:
        style = pick(draw, STYLES[location])
        if style is not None:
            parameter["style"] = style
        if style == "deepObject":
            parameter["explode"] = True
        elif one_in(draw, 4):
            parameter["explode"] = draw(BOOLEANS)
        parameter["schema"] = draw(parameter_schemas(ctx, style))
        if location == "query":  # both belong with `schema`, not with `content`
            if one_in(draw, 6):
                parameter["allowReserved"] = True
            if one_in(draw, 6):
                parameter["allowEmptyValue"] = True
    if one_in(draw, 4):
        parameter["description"] = draw(odd_text())
    if one_in(draw, 7):
        parameter["deprecated"] = True
    return parameter


@st.composite
def other_parameters(draw: Draw, ctx: Context, taken: set[tuple[str, str]]
                     ) -> list[dict[str, Any]]:
    """Query, header and cookie parameters, unique by (name, location) among `taken`."""
    result = []
    for _ in range(between(draw, 0, 3)):
        location = pick(draw, ["query", "query", "header", "cookie"])
        name = draw(SHORT_NAMES if location == "query" else TOKEN_NAMES)
        key = (name.lower() if location == "header" else name, location)
        if key in taken:
            continue
        taken.add(key)
        result.append(draw(parameters(ctx, location, name)))
    return result


MEDIA = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data",
         "application/octet-stream", "text/plain"]
MEDIA_LISTS = st.lists(st.sampled_from(MEDIA), min_size=1, max_size=3, unique=True)


@st.composite
def request_bodies(draw: Draw, ctx: Context) -> dict[str, Any]:
    kinds = draw(MEDIA_LISTS)
    content: dict[str, Any] = {}
    for media in kinds:
        if media == "application/json":
            schema = draw(schemas(ctx, guarded=True))
        elif media in ("application/x-www-form-urlencoded", "multipart/form-data"):
            objects = [name for name in ctx.names if name in ctx.objects]
            by_ref = draw(BOOLEANS)
            if objects and by_ref:
                schema = ref(pick(draw, objects))
            else:
                schema = draw(object_schemas(ctx, multipart=media == "multipart/form-data"))
        elif media == "application/octet-stream":
            schema = {"type": "string", "format": "binary"}
        else:
            schema = {"type": "string"}
        content[media] = {"schema": schema}
    body: dict[str, Any] = {"content": content}
    if draw(BOOLEANS):
        body["required"] = draw(BOOLEANS)
    if one_in(draw, 4):
        body["description"] = draw(odd_text())
    return body


STATUSES = ["200", "201", "202", "204", "301", "400", "401", "404", "409", "422", "500",
            "2XX", "4XX", "5XX", "default"]
STATUS_LISTS = st.lists(st.sampled_from(STATUSES), min_size=1, max_size=3, unique=True)


@st.composite
def responses(draw: Draw, ctx: Context) -> dict[str, Any]:
    codes = draw(STATUS_LISTS)
    result: dict[str, Any] = {}
    for code in codes:
        response: dict[str, Any] = {"description": draw(st.one_of(st.just(""), odd_text()))}
        kind = pick(draw, ["none", "json", "json", "problem", "text", "binary"])
        if code != "204" and kind != "none":
            media, schema = {
                "json": ("application/json", None),
                "problem": ("application/problem+json", None),
                "text": ("text/plain", {"type": "string"}),
                "binary": ("application/octet-stream", {"type": "string", "format": "binary"}),
            }[kind]
            if schema is None:
                schema = draw(schemas(ctx, guarded=True))
            response["content"] = {media: {"schema": schema}}
        if one_in(draw, 7):
            response["headers"] = {draw(TOKEN_NAMES): {"schema": draw(primitive_schemas(ctx)),
                                                         "description": "a header"}}
        result[code] = response
    return result


METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
METHOD_LISTS = st.lists(st.sampled_from(METHODS), min_size=1, max_size=3, unique=True)


@dataclass(slots=True)
class Operations:
    """What the operations of one document share: unique ids, the tag names, schemes."""

    ids: set[str] = field(default_factory=set)
    tags: list[str] = field(default_factory=list)
    schemes: list[str] = field(default_factory=list)


@st.composite
def operations(draw: Draw, ctx: Context, method: str, shared: Operations,
               path_parameters: list[dict[str, Any]], taken: set[tuple[str, str]]
               ) -> dict[str, Any]:
    operation: dict[str, Any] = {}
    if not one_in(draw, 4):
        operation_id = draw(SHORT_NAMES)
        if operation_id not in shared.ids:
            shared.ids.add(operation_id)
            operation["operationId"] = operation_id
    names = st.one_of(st.sampled_from(shared.tags), SHORT_NAMES) if shared.tags else SHORT_NAMES
    tags = draw(st.lists(names, max_size=2, unique=True))
    if tags:
        operation["tags"] = tags
    if one_in(draw, 3):
        operation["summary"] = draw(odd_text())
    if one_in(draw, 4):
        operation["description"] = draw(odd_text())
    params = list(path_parameters) + draw(other_parameters(ctx, set(taken)))
    if params:
        operation["parameters"] = params
    if method in ("post", "put", "patch") and not one_in(draw, 4):
        operation["requestBody"] = draw(request_bodies(ctx))
    operation["responses"] = draw(responses(ctx))
    if one_in(draw, 7):
        operation["deprecated"] = True
    if shared.schemes and one_in(draw, 4):
        operation["security"] = draw(st.sampled_from(
            [[]] + [[{scheme: []}] for scheme in shared.schemes]))
    return operation


def _template(path: str) -> str:
    """The path with its parameter names blanked: two paths equal here are the same path."""
    out, depth = [], 0
    for char in path:
        if char == "{":
            depth += 1
            out.append("{")
        elif char == "}":
            depth -= 1
            out.append("}")
        elif depth == 0:
            out.append(char)
    return "".join(out)


@st.composite
def path_items(draw: Draw, ctx: Context, shared: Operations
               ) -> tuple[str, dict[str, Any]]:
    segments: list[str] = []
    names: list[str] = []
    for _ in range(between(draw, 0, 3)):
        choice = pick(draw, ["literal", "literal", "param", "two"])
        if choice == "literal":
            segments.append(draw(PATH_LITERALS))
            continue
        count = 1 if choice == "param" else 2
        params = draw(st.lists(PATH_PARAM_NAMES.filter(not_in(names)),
                               min_size=count, max_size=count, unique=True))
        names.extend(params)
        segments.append(".".join("{" + name + "}" for name in params))
    path = "/" + "/".join(segments)
    if one_in(draw, 6) and segments:
        path += "/"
    taken = {(name, "path") for name in names}
    path_parameters = [draw(parameters(ctx, "path", name)) for name in names]
    item: dict[str, Any] = {}
    shared_here = draw(BOOLEANS)
    if shared_here and path_parameters:
        item["parameters"] = list(path_parameters)
        path_parameters = []
    if one_in(draw, 6):
        item["summary"] = draw(odd_text())
    methods = draw(METHOD_LISTS)
    for method in methods:
        item[method] = draw(operations(ctx, method, shared, path_parameters, taken))
    return path, item


SECURITY = {
    "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "Authorization"},
    "apiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
    "apiKeyCookie": {"type": "apiKey", "in": "cookie", "name": "session"},
    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    "basic": {"type": "http", "scheme": "basic"},
}


@st.composite
def documents(draw: Draw, version: str | None = None) -> dict[str, Any]:
    """A whole OpenAPI document; `version` "3.0" or "3.1" (drawn when None)."""
    family = version or pick(draw, ["3.0", "3.1"])
    v31 = family == "3.1"
    openapi = draw(st.sampled_from(["3.1.0", "3.1.1"] if v31 else
                                   ["3.0.0", "3.0.1", "3.0.2", "3.0.3"]))
    document: dict[str, Any] = {"openapi": openapi,
                                "info": {"title": draw(odd_text()), "version": draw(
                                    st.sampled_from(["1", "1.0.0", "2026-07", "v2 beta"]))}}
    if one_in(draw, 4):
        document["info"]["description"] = draw(odd_text())
    server = pick(draw, ["none", "plain", "variables", "several"])
    if server == "plain":
        document["servers"] = [{"url": "https://api.example.test/v1"}]
    elif server == "variables":
        document["servers"] = [{"url": "https://{region}.example.test/{base}",
                                "variables": {"region": {"default": "eu",
                                                         "enum": ["eu", "us"]},
                                              "base": {"default": "v2"}}}]
    elif server == "several":  # environments named from odd descriptions, or numbered
        document["servers"] = [
            {"url": "https://{region}.example.test", "description": draw(odd_text()),
             "variables": {"region": {"default": "eu", "enum": ["eu", draw(odd_text())]}}},
            {"url": "https://sandbox.example.test/v1"},
            {"url": "https://other.example.test", "description": draw(odd_text())}]
    plan = draw(component_plans())
    components: dict[str, Any] = {}
    component_bodies = draw(component_schemas(v31, plan))
    if component_bodies:
        components["schemas"] = component_bodies
    shared = Operations()
    shared.tags = draw(st.lists(SHORT_NAMES, max_size=3, unique=True))
    if shared.tags:
        document["tags"] = [{"name": name, "description": draw(odd_text())}
                            if draw(BOOLEANS) else {"name": name}
                            for name in shared.tags]
    if one_in(draw, 4):
        shared.schemes = draw(st.lists(st.sampled_from(sorted(SECURITY)), min_size=1,
                                       max_size=2, unique=True))
        components["securitySchemes"] = {name: SECURITY[name] for name in shared.schemes}
        document["security"] = [{pick(draw, shared.schemes): []}]
    names = tuple(component_bodies)
    ctx = Context(v31, names, names, tuple(sorted(plan.object_like)), depth=2)
    paths: dict[str, Any] = {}
    templates: set[str] = set()
    for _ in range(between(draw, 0 if component_bodies else 1, 3)):
        path, item = draw(path_items(ctx, shared))
        if _template(path) in templates:
            continue
        templates.add(_template(path))
        paths[path] = item
    document["paths"] = paths
    shared_components(draw, paths, components)
    if v31 and one_in(draw, 5):
        document["webhooks"] = {draw(MEMBER_NAMES): {"post": {
            "requestBody": draw(request_bodies(ctx)), "responses": draw(responses(ctx))}}}
    if components:
        document["components"] = components
    return document


def shared_components(draw: Draw, paths: dict[str, Any], components: dict[str, Any]) -> None:
    """Move some query, header and cookie parameters and some responses into components,
    leaving a `$ref` in their place."""
    names: set[str] = set()
    for item in paths.values():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            for index, parameter in enumerate(operation.get("parameters", [])):
                if parameter["in"] != "path" and one_in(draw, 4):
                    name = draw(COMPONENT_NAMES.filter(not_in(names)))
                    names.add(name)
                    components.setdefault("parameters", {})[name] = parameter
                    operation["parameters"][index] = {"$ref": f"#/components/parameters/{name}"}
            for code, response in list(operation["responses"].items()):
                if one_in(draw, 5):
                    name = draw(COMPONENT_NAMES.filter(not_in(names)))
                    names.add(name)
                    components.setdefault("responses", {})[name] = response
                    operation["responses"][code] = {"$ref": f"#/components/responses/{name}"}
