"""Schemas to types (`generator/model/schemas.py`), read from the IR of small specs.

What each kind of schema becomes as a type tree: formats, numbers (Decimal or float by
option), enums (named, inline, integer, with null, values that do not fit their type),
drf-spectacular's idioms (the `[XEnum, BlankEnum, NullEnum]` union, the single-`$ref`
`allOf` wrapper, `additionalProperties` maps), `allOf` merging, `oneOf`/`anyOf` unions
(flattened, nullable, discriminated), OpenAPI 3.1 type arrays and `const`, which fields
are required or nullable, and the nesting limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import GenerationError, Severity
from generator.model import ir
from generator.model import types as t
from tests.model_specs import (
    INTEGER,
    STRING,
    build,
    enums,
    field_type,
    fields,
    model,
    models,
    obj,
    ref,
    spec,
)

ENUM = t.ClassKind.ENUM


def one_field(tmp_path: Path, schema: Any, *, version: str = "3.0.3", **options: Any) -> t.Type:
    """The type of property `x` of a component `M`."""
    package = build(tmp_path, spec(schemas={"M": obj(x=schema)}, version=version), **options)
    return field_type(package, "M", "x")


@pytest.mark.parametrize(("schema", "expected"), [
    ({"type": "string"}, t.STR),
    ({"type": "string", "format": "date"}, t.DATE),
    ({"type": "string", "format": "date-time"}, t.DATETIME),
    ({"type": "string", "format": "uuid"}, t.UUID),
    ({"type": "string", "format": "binary"}, t.FILE),
    ({"type": "string", "format": "email"}, t.STR),
    ({"type": "integer", "format": "int64"}, t.INT),
    ({"type": "boolean"}, t.BOOL),
    ({}, t.ANY),
    ({"type": "array"}, t.ListOf(t.ANY)),
    ({"type": "array", "items": {"type": "integer"}}, t.ListOf(t.INT)),
    ({"type": "object"}, t.MapOf(t.ANY)),
    ({"type": "object", "additionalProperties": {"type": "array", "items": STRING}},
     t.MapOf(t.ListOf(t.STR))),
    ({"type": "string", "nullable": True}, t.Nullable(t.STR)),
    ({"nullable": True}, t.ANY),  # Any already holds None: no Optional[Any]
    ({"allOf": [{}], "type": "string"}, t.STR),  # an empty wrapper: the sibling type
])
def test_plain_schemas(tmp_path: Path, schema: dict[str, Any], expected: t.Type) -> None:
    assert one_field(tmp_path, schema) == expected


def test_numbers_are_decimal_by_default_and_float_on_request(tmp_path: Path) -> None:
    number = {"type": "number", "format": "double"}
    assert one_field(tmp_path, number) == t.DECIMAL
    assert one_field(tmp_path, number, number_type="float") == t.FLOAT
    extra = {"type": "object", "properties": {"a": STRING}, "additionalProperties": number}
    package = build(tmp_path, spec(schemas={"M": extra}), number_type="float")
    assert model(package, "M").extra == t.FLOAT
    assert package.number_type == "float"


def test_number_values_python_cannot_spell_as_literals_are_a_choice(tmp_path: Path) -> None:
    assert one_field(tmp_path, {"type": "number", "enum": [0.5, 1.5]}) == \
        t.Choice(t.DECIMAL, (0.5, 1.5))
    assert one_field(tmp_path, {"enum": [1, 2.5]}, number_type="float") == \
        t.Choice(t.FLOAT, (1, 2.5))
    assert one_field(tmp_path, {"const": 2**70}, version="3.1.0") == t.Choice(t.INT, (2**70,))


def test_a_named_enum_is_a_class_of_its_own_module_with_its_members(tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={
        "Status": {"type": "string", "enum": ["open", "closed", "open"],
                   "description": "Where it stands."},
        "M": obj(status=ref("Status"))}))
    assert field_type(package, "M", "status") == t.Named("Status", "status", ENUM)
    status = enums(package)["Status"]
    assert [(m.name, m.value) for m in status.members] == [("OPEN", "open"),
                                                           ("CLOSED", "closed")]
    assert not status.integer
    assert status.description == "Where it stands."


def test_an_inline_enum_is_named_after_its_model_and_property(tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={"Order": obj(
        state={"type": "string", "enum": ["a", "b"]},
        tags={"type": "array", "items": {"type": "string", "enum": ["x"]}},
        level={"type": "integer", "enum": [1, 2]})}))
    assert field_type(package, "Order", "state") == t.Named("OrderStateEnum", "order", ENUM)
    assert field_type(package, "Order", "tags") == t.ListOf(
        t.Named("OrderTagsItemEnum", "order", ENUM))
    level = enums(package)["OrderLevelEnum"]
    assert level.integer and [m.value for m in level.members] == [1, 2]


def test_null_among_enum_values_makes_the_enum_nullable(tmp_path: Path) -> None:
    found = one_field(tmp_path, {"type": "string", "nullable": True, "enum": ["a", None]})
    assert found == t.Nullable(t.Named("MXEnum", "m", ENUM))


def test_booleans_and_a_lone_blank_are_literals_not_classes(tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={"M": obj(
        flag={"type": "boolean", "enum": [True]}, blank={"enum": [""]})}))
    assert field_type(package, "M", "flag") == t.Literal((True,))
    assert field_type(package, "M", "blank") == t.Literal(("",))
    assert enums(package) == {}


def test_drf_blank_and_null_enums_give_the_enum_blank_and_none(tmp_path: Path) -> None:
    """drf-spectacular's `oneOf: [XEnum, BlankEnum, NullEnum]` on a nullable choice field
    with blank=True: the enum, `""` and None; BlankEnum and NullEnum make no classes."""
    package = build(tmp_path, spec(schemas={
        "KindEnum": {"enum": ["a", "b"], "type": "string"},
        "BlankEnum": {"enum": [""]},
        "NullEnum": {"enum": [None]},
        "M": obj(kind={"nullable": True, "oneOf": [ref("KindEnum"), ref("BlankEnum"),
                                                   ref("NullEnum")]})}))
    assert field_type(package, "M", "kind") == t.Nullable(t.UnionOf(
        (t.Named("KindEnum", "kind_enum", ENUM), t.Literal(("",)))))
    assert set(enums(package)) == {"KindEnum"}
    assert fields(model(package, "M"))["kind"].nullable


def test_enum_values_that_do_not_fit_the_type_are_left_out_with_a_warning(
        tmp_path: Path) -> None:
    document = spec(schemas={"E": {"type": "string", "enum": ["a", 1, "b"]}})
    package = build(tmp_path, document)
    assert [m.value for m in enums(package)["E"].members] == ["a", "b"]
    [warning] = package.warnings
    assert warning.severity is Severity.WARNING
    assert warning.pointer == "/components/schemas/E/enum"
    assert "enum value 1 does not fit type string" in warning.message
    with pytest.raises(GenerationError) as raised:
        build(tmp_path, document, strict=True)
    assert [d.pointer for d in raised.value.diagnostics] == ["/components/schemas/E/enum"]


def test_single_ref_allof_wrapper_is_the_referenced_type_with_its_own_flags(
        tmp_path: Path) -> None:
    """drf-spectacular wraps a `$ref` in `allOf` to add `nullable`/`readOnly`: no class of
    its own, the referenced class, nullable, and read-only when the wrapper says so."""
    package = build(tmp_path, spec(schemas={
        "Customer": obj(name=STRING),
        "Invoice": obj(customer={"allOf": [ref("Customer")], "nullable": True,
                                 "readOnly": True, "description": "Who pays."})}))
    customer = fields(model(package, "Invoice"))["customer"]
    assert customer.type == t.Nullable(t.Named("Customer", "customer", t.ClassKind.MODEL))
    assert customer.read_only and customer.nullable
    assert set(models(package)) == {"Customer", "Invoice"}


def test_allof_of_several_parts_merges_properties_and_required_in_order(
        tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={
        "Base": obj(("id",), id=INTEGER, kind=STRING),
        "Dog": {"allOf": [ref("Base"), obj(("bark",), bark={"type": "boolean"},
                                           kind={"type": "string", "enum": ["dog"]})],
                "description": "A dog."}}))
    dog = model(package, "Dog")
    assert [(f.json_name, f.required) for f in dog.fields] == [
        ("id", True), ("kind", False), ("bark", True)]
    assert fields(dog)["kind"].type == t.Named("DogKindEnum", "dog", ENUM)  # later wins
    assert dog.description == "A dog."


def test_oneof_options_are_flattened_deduplicated_and_null_made_nullable(
        tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={"M": obj(
        nested={"oneOf": [{"oneOf": [STRING, INTEGER]}, {"type": "boolean"}, STRING]},
        maybe={"anyOf": [STRING, {"type": "integer", "nullable": True}]},
        single={"oneOf": [STRING]})}, version="3.0.3"))
    assert field_type(package, "M", "nested") == t.UnionOf((t.STR, t.INT, t.BOOL))
    assert field_type(package, "M", "maybe") == t.Nullable(t.UnionOf((t.STR, t.INT)))
    assert field_type(package, "M", "single") == t.STR


def test_inline_union_options_are_classes_named_after_their_place(tmp_path: Path) -> None:
    found = one_field(tmp_path, {"oneOf": [obj(a=STRING), obj(b=STRING)]})
    assert found == t.UnionOf((t.Named("MXOption1", "m", t.ClassKind.MODEL),
                               t.Named("MXOption2", "m", t.ClassKind.MODEL)))


def pets(discriminator: dict[str, Any]) -> dict[str, Any]:
    return spec(schemas={
        "Cat": obj(("pet_type",), pet_type=STRING, meow={"type": "boolean"}),
        "Dog": obj(("pet_type",), pet_type=STRING, bark={"type": "boolean"}),
        "Pet": {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": discriminator},
        "Owner": obj(pet=ref("Pet"))})


def test_discriminator_maps_schema_names_to_options(tmp_path: Path) -> None:
    found = field_type(build(tmp_path, pets({"propertyName": "pet_type"})), "Owner", "pet")
    assert found == t.UnionOf((t.Named("Cat", "cat", t.ClassKind.MODEL),
                               t.Named("Dog", "dog", t.ClassKind.MODEL)),
                              discriminator="pet_type", mapping=(("Cat", 0), ("Dog", 1)))


def test_an_explicit_discriminator_mapping_wins_over_schema_names(tmp_path: Path) -> None:
    found = field_type(build(tmp_path, pets({"propertyName": "pet_type", "mapping": {
        "kitty": "#/components/schemas/Cat", "Dog": "Cat", "woof": "Dog"}})), "Owner", "pet")
    assert isinstance(found, t.UnionOf)
    mapping = dict(found.mapping)
    assert mapping["kitty"] == 0 and mapping["woof"] == 1
    assert mapping["Dog"] == 0  # the mapping says a "Dog" tag is a Cat


def test_a_discriminator_mapping_to_a_missing_schema_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GenerationError) as raised:
        build(tmp_path, pets({"propertyName": "pet_type", "mapping": {"cow": "Cow"}}))
    [problem] = raised.value.diagnostics
    assert problem.pointer == "/components/schemas/Pet/discriminator/mapping/cow"
    assert "'Cow', which does not exist" in problem.message


def test_extra_properties_of_a_model_keep_their_type(tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={
        "Tag": obj(name=STRING),
        "Open": obj(a=STRING),
        "Typed": {**obj(a=STRING), "additionalProperties": ref("Tag")},
        "Closed": {**obj(a=STRING), "additionalProperties": False}}))
    assert model(package, "Open").extra == t.ANY
    assert model(package, "Typed").extra == t.Named("Tag", "tag", t.ClassKind.MODEL)
    assert model(package, "Closed").extra == t.ANY  # read leniently: nothing is refused


@pytest.mark.parametrize(("schema", "expected"), [
    ({"type": ["string", "null"]}, t.Nullable(t.STR)),
    ({"type": ["string", "integer"]}, t.UnionOf((t.STR, t.INT))),
    ({"type": ["integer", "string", "null"]}, t.Nullable(t.UnionOf((t.INT, t.STR)))),
    ({"type": "null"}, t.Literal((None,))),
    ({"const": "fixed"}, t.Literal(("fixed",))),
    ({"const": 3}, t.Literal((3,))),
    ({"const": None}, t.Literal((None,))),
    ({"const": 1.5}, t.Choice(t.DECIMAL, (1.5,))),
    ({"type": ["string", "null"], "enum": ["a", None]},
     t.Nullable(t.Named("MXEnum", "m", ENUM))),
    ({"type": ["object", "null"], "properties": {"a": STRING}},
     t.Nullable(t.Named("MX", "m", t.ClassKind.MODEL))),
    ({"anyOf": [{"$ref": "#/components/schemas/M"}, {"type": "null"}]},
     t.Nullable(t.Named("M", "m", t.ClassKind.MODEL))),
])
def test_openapi_31_type_arrays_and_const(tmp_path: Path, schema: dict[str, Any],
                                          expected: t.Type) -> None:
    assert one_field(tmp_path, schema, version="3.1.0") == expected


def test_a_type_array_of_only_null_is_none(tmp_path: Path) -> None:
    assert one_field(tmp_path, {"type": ["null"]}, version="3.1.0") == t.Literal((None,))


def test_required_and_nullable_are_independent(tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={"M": obj(
        ("both", "required_only"),
        both={"type": "string", "nullable": True}, required_only=STRING,
        nullable_only={"type": "string", "nullable": True}, neither=STRING)}))
    found = {f.json_name: (f.required, f.nullable) for f in model(package, "M").fields}
    assert found == {"both": (True, True), "required_only": (True, False),
                     "nullable_only": (False, True), "neither": (False, False)}


def test_a_nullable_ref_sibling_makes_the_reference_nullable(tmp_path: Path) -> None:
    """`{$ref, nullable: true}` is ignored by strict 3.0 readers; real specs mean it."""
    package = build(tmp_path, spec(schemas={
        "Tag": obj(name=STRING), "M": obj(tag={"$ref": "#/components/schemas/Tag",
                                               "nullable": True})}))
    assert field_type(package, "M", "tag") == t.Nullable(
        t.Named("Tag", "tag", t.ClassKind.MODEL))


def test_an_alias_schema_is_its_target_type_and_no_class(tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={
        "Ids": {"type": "array", "items": {"type": "integer"}},
        "When": {"type": "string", "format": "date-time"},
        "M": obj(ids=ref("Ids"), when=ref("When"))}))
    assert field_type(package, "M", "ids") == t.ListOf(t.INT)
    assert field_type(package, "M", "when") == t.DATETIME
    assert set(models(package)) == {"M"}
    assert [module.name for module in package.modules] == ["m"]


def test_descriptions_come_from_description_or_title(tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={"M": {
        "title": "A model", **obj(a={"type": "string", "description": "The a."},
                                  b={"type": "string", "title": "Bee"}, c=STRING)}}))
    m = model(package, "M")
    assert m.description == "A model"
    assert [f.description for f in m.fields] == ["The a.", "Bee", None]


def test_nesting_past_eight_levels_is_named_by_an_alias(tmp_path: Path) -> None:
    found: dict[str, Any] = STRING
    for _ in range(20):
        found = {"type": "array", "items": found}

    spelled = one_field(tmp_path, found)
    for _ in range(8):
        assert isinstance(spelled, t.ListOf)
        spelled = spelled.item
    assert spelled == t.Named("MXNested1", "mx_nested1", t.ClassKind.ALIAS)


def test_a_nullable_annotation_part_of_an_allof_makes_the_type_nullable(
        tmp_path: Path) -> None:
    # OpenAI's `Upload.file: {allOf: [{$ref: OpenAIFile}, {nullable: true, description}]}`
    # (null until the upload completes), and the same around a string.
    schemas = {"File": obj(id=STRING), "Name": STRING, "Job": obj(
        file={"allOf": [ref("File"), {"nullable": True, "description": "Once complete."}]},
        name={"allOf": [ref("Name"), {"nullable": True}]})}
    package = build(tmp_path, spec(schemas=schemas))
    file_type = field_type(package, "Job", "file")
    assert isinstance(file_type, t.Nullable) and isinstance(file_type.inner, t.Named)
    assert field_type(package, "Job", "name") == t.Nullable(t.STR)


def test_a_model_used_nowhere_still_has_its_class(tmp_path: Path) -> None:
    package = build(tmp_path, spec(schemas={"Lonely": obj(a=STRING)}))
    assert model(package, "Lonely").direction is ir.Direction.BOTH
    assert ("Lonely", "lonely") in package.exports


def test_an_allof_part_of_bounds_only_keeps_the_other_parts_type(tmp_path: Path) -> None:
    # DigitalOcean's `filesystem_label: {allOf: [{type: string}, {maxLength: 16}]}` was an
    # object, so the client refused the string it must send and receive.
    label = {"allOf": [{"type": "string", "description": "The label."}, {"maxLength": 16}]}
    count = {"allOf": [{"type": "integer"}, {"minimum": 1, "description": "At least one."}]}
    package = build(tmp_path, spec(schemas={"M": obj(label=label, count=count)}))
    assert field_type(package, "M", "label") == t.STR
    assert field_type(package, "M", "count") == t.INT


def test_an_allof_part_of_annotations_only_keeps_the_other_parts_type(tmp_path: Path) -> None:
    # DigitalOcean's `tags: {allOf: [{$ref: tags array}, {description: ...}]}` was an
    # object (found by tests/unions' property test); and a nullable object stays nullable.
    tags = {"type": "array", "items": STRING, "nullable": True}
    window = {"type": "object", "nullable": True, "properties": {"day": STRING}}
    schemas = {"Tags": tags, "Window": window, "M": obj(
        tags={"allOf": [ref("Tags"), {"description": "The tags.", "example": "gateway"}]},
        window={"allOf": [ref("Window"), {"readOnly": True}]})}
    package = build(tmp_path, spec(schemas=schemas))
    assert field_type(package, "M", "tags") == t.Nullable(t.ListOf(t.STR))
    window_type = field_type(package, "M", "window")
    assert isinstance(window_type, t.Nullable) and isinstance(window_type.inner, t.Named)
