"""Unions decided by their tags, never by the order of their members (model/union_tags.py,
the runtime's `one_of`): a discriminator (mapped or implicit), a one-value enum or a
`const` in each member, wherever the union sits (a property, an array's items, a map's
values, a union inside a union); required keys otherwise; a warning at generation for
members nothing tells apart, and a refusal at run time to pick one by setting keys aside.

The real cases of the issue, written small: a payment platform's transfer-route
requirements (enum tags, in an array) and a chat API's command options (integer enum
tags over a shared enum, nested in an array of a union that holds a union).
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.diagnostics import Severity
from generator.model import types as t
from generator.model.build import Options
from generator.pipeline import generate
from tests.model_specs import INTEGER, STRING, build, model, obj, ref, returns, spec


def _tagged(tag_name: str, tag: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return obj((tag_name,), **{tag_name: tag}, **properties)


def _enum(value: Any, kind: str = "string") -> dict[str, Any]:
    return {"type": kind, "enum": [value]}


SCHEMAS: dict[str, Any] = {
    # A discriminator without a mapping: the tag is the schema's name.
    "Cat": obj(("petType",), petType=STRING, meow=INTEGER),
    "Dog": obj(("petType",), petType=STRING, bark=INTEGER),
    "Pet": {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "petType"}},
    # A discriminator with a mapping.
    "Card": obj(("method",), method=STRING, number=STRING),
    "Iban": obj(("method",), method=STRING, number=STRING),
    "Payment": {"oneOf": [ref("Card"), ref("Iban")], "discriminator": {
        "propertyName": "method", "mapping": {"card": "#/components/schemas/Card",
                                              "iban": "#/components/schemas/Iban"}}},
    # Transfer-route requirements: a one-value enum tag, and otherwise alike.
    "AddressRequirement": _tagged("type", _enum("addressRequirement"), description=STRING),
    "AmountRequirement": _tagged("type", _enum("amountMinMaxRequirement"),
                                 description=STRING, min=INTEGER,
                                 currency={"type": "string", "enum": ["EUR", "USD"]}),
    "PaymentInstrumentRequirement": _tagged("type", _enum("paymentInstrumentRequirement"),
                                            description=STRING),
    "Requirement": {"oneOf": [ref("AddressRequirement"), ref("AmountRequirement"),
                              ref("PaymentInstrumentRequirement")]},
    "TransferRoute": obj(requirements={"type": "array", "items": ref("Requirement")},
                         byCountry={"type": "object", "additionalProperties": ref("Requirement")},
                         first=ref("Requirement"), payment=ref("Payment"),
                         pets={"type": "array", "items": ref("Pet")},
                         petsByName={"type": "object", "additionalProperties": ref("Pet")}),
    # Command options: integer tags narrowing a shared enum (allOf + enum), the first
    # option is the attachment; a sub-command group holds options again.
    "OptionType": {"type": "integer", "enum": [1, 2, 3, 11]},
    "AttachmentOption": _tagged("type", {"allOf": [ref("OptionType")], "enum": [11]},
                                name=STRING),
    "StringOption": _tagged("type", {"allOf": [ref("OptionType")], "enum": [3]},
                            name=STRING, choices={"type": "array", "items": STRING},
                            locale={"type": "string", "enum": ["en", "fr"]}),
    "SubCommand": _tagged("type", {"allOf": [ref("OptionType")], "enum": [1]}, name=STRING),
    "Group": _tagged("type", {"allOf": [ref("OptionType")], "enum": [2]}, name=STRING,
                     options={"type": "array", "items": ref("SubCommand")}),
    "LeafOption": {"oneOf": [ref("AttachmentOption"), ref("StringOption")]},
    # A union member that is itself a union (told apart by its own tag).
    "Option": {"oneOf": [ref("LeafOption"), ref("Group")]},
    "Command": obj(("options",), options={"type": "array", "items": ref("Option")}),
    # `const` tags (3.1).
    "Circle": _tagged("kind", {"const": "circle"}, size=INTEGER),
    "Square": _tagged("kind", {"const": "square"}, size=INTEGER),
    "Drawing": obj(shapes={"type": "array", "items": {"oneOf": [ref("Circle"),
                                                                ref("Square")]}}),
    # Told apart by required keys only.
    "ByPhone": obj(("phone",), phone=STRING),
    "ByEmail": obj(("email",), email=STRING, phone=STRING),
    "Contact": obj(reach={"type": "array", "items": {"anyOf": [ref("ByPhone"),
                                                               ref("ByEmail")]}}),
    # Nothing tells these apart: a warning, and no guess at run time.
    "Note": obj(text=STRING, author=STRING),
    "Memo": obj(text=STRING, due=STRING),
    "Jotting": obj(entries={"type": "array", "items": {"anyOf": [ref("Note"), ref("Memo")]}}),
}
PATHS = {
    f"/{name.lower()}": {"get": {"operationId": f"get_{name.lower()}",
                                 "responses": returns(ref(name))}}
    for name in ("TransferRoute", "Command", "Drawing", "Contact", "Jotting")
}
PATHS["/requirements"] = {"get": {"operationId": "list_requirements", "responses": returns(
    {"type": "array", "items": ref("Requirement")})}}


def _document() -> dict[str, Any]:
    return spec(PATHS, SCHEMAS, version="3.1.0")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("tags")
    source = folder / "tags.json"
    source.write_text(json.dumps(_document()), "utf-8")
    generate([str(source)], folder, Options(package="tags_client"))
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module("tags_client.models")
    finally:
        sys.path.remove(str(folder))


def _round_trip(cls: Any, data: dict[str, Any]) -> Any:
    decoded = cls.from_dict(data)
    assert decoded.to_dict() == data
    return decoded


def _names(values: Any) -> list[str]:
    return [type(value).__name__ for value in values]


def test_enum_tags_decide_items_map_values_and_properties(client: ModuleType) -> None:
    # A value the enum does not know yet (a warning) makes no other member fit better.
    unknown = {"type": "amountMinMaxRequirement", "min": 5, "currency": "GBP"}
    with pytest.warns(UserWarning, match="GBP"):
        assert type(client.TransferRoute.from_dict({"first": unknown}).first).__name__ \
            == "AmountRequirement"
    requirements = [{"type": "amountMinMaxRequirement", "min": 5},
                    {"type": "paymentInstrumentRequirement", "description": "card"},
                    {"type": "addressRequirement"}]
    route = _round_trip(client.TransferRoute, {
        "requirements": requirements,
        "byCountry": {"NL": requirements[1], "BE": requirements[0]},
        "first": requirements[1],
    })
    assert _names(route.requirements) == ["AmountRequirement",
                                          "PaymentInstrumentRequirement",
                                          "AddressRequirement"]
    assert _names(route.by_country.values()) == ["PaymentInstrumentRequirement",
                                                 "AmountRequirement"]
    assert type(route.first).__name__ == "PaymentInstrumentRequirement"
    assert all(not value.additional_properties for value in route.requirements)


def test_discriminators_decide_items_and_map_values(client: ModuleType) -> None:
    route = _round_trip(client.TransferRoute, {
        "pets": [{"petType": "Dog", "bark": 2}, {"petType": "Cat"}],
        "petsByName": {"rex": {"petType": "Dog"}},
        "payment": {"method": "iban", "number": "NL91ABNA0417164300"},
    })
    assert _names(route.pets) == ["Dog", "Cat"]
    assert _names(route.pets_by_name.values()) == ["Dog"]
    assert type(route.payment).__name__ == "Iban"


def test_a_response_of_an_enum_tagged_union_list(tmp_path: Path) -> None:
    found = build(tmp_path, _document())
    op = next(op for group in found.groups for op in group.operations
              if op.name == "list_requirements")
    [returned] = op.returns
    assert isinstance(returned, t.ListOf) and isinstance(returned.item, t.UnionOf)
    assert returned.item.discriminator == "type"
    assert dict(returned.item.mapping) == {"addressRequirement": 0,
                                           "amountMinMaxRequirement": 1,
                                           "paymentInstrumentRequirement": 2}


def test_integer_tags_and_a_union_inside_a_union(client: ModuleType) -> None:
    command = _round_trip(client.Command, {"options": [
        {"type": 3, "name": "colour", "choices": ["red"]},
        {"type": 2, "name": "admin", "options": [{"type": 1, "name": "ban"}]},
        {"type": 11, "name": "file"},
    ]})
    with pytest.warns(UserWarning, match="de"):
        german = client.Command.from_dict({"options": [{"type": 3, "name": "colour",
                                                         "locale": "de"}]})
    assert _names(german.options) == ["StringOption"]
    assert _names(command.options) == ["StringOption", "Group", "AttachmentOption"]
    assert _names(command.options[1].options) == ["SubCommand"]
    # The outer union takes the inner one's tags: one lookup picks any option.
    tags = client.Command.__dataclass_fields__["options"].metadata["discriminators"]
    assert tags == (("type", {2: "Group"}),
                    ("type", {3: "StringOption", 11: "AttachmentOption"}))


def test_const_tags(client: ModuleType) -> None:
    drawing = _round_trip(client.Drawing, {"shapes": [{"kind": "square", "size": 1},
                                                      {"kind": "circle"}]})
    assert _names(drawing.shapes) == ["Square", "Circle"]
    shapes = client.Drawing.__dataclass_fields__["shapes"].metadata
    assert shapes["discriminator"] == ("kind", {"circle": "Circle", "square": "Square"})


def test_without_a_tag_the_member_that_knows_every_key(client: ModuleType) -> None:
    # Both fit {"email", "phone"} (ByPhone by setting "email" aside): ByEmail knows both.
    contact = _round_trip(client.Contact, {"reach": [{"phone": "+31"},
                                                     {"email": "a@b", "phone": "+32"}]})
    assert _names(contact.reach) == ["ByPhone", "ByEmail"]


def test_tags_are_decided_at_generation(tmp_path: Path) -> None:
    found = build(tmp_path, _document())
    [requirements] = [f for f in model(found, "TransferRoute").fields
                      if f.name == "requirements"]
    union = t.without_null(requirements.type)
    assert isinstance(union, t.ListOf) and isinstance(union.item, t.UnionOf)
    assert union.item.discriminator == "type"
    assert union.item.mapping == (("addressRequirement", 0), ("amountMinMaxRequirement", 1),
                                  ("paymentInstrumentRequirement", 2))


def test_members_nothing_tells_apart_are_named_in_one_warning(tmp_path: Path) -> None:
    found = build(tmp_path, _document())
    warnings = [w for w in found.warnings if "tells them apart" in w.message]
    assert len(warnings) == 1
    [warning] = warnings
    assert warning.severity is Severity.WARNING
    assert warning.pointer == "/components/schemas/Jotting/properties/entries/items"
    assert "Note, Memo" in warning.message and "\n" not in warning.message


def test_no_member_is_picked_by_setting_keys_aside(client: ModuleType) -> None:
    decode_error = importlib.import_module("tags_client._runtime").DecodeError
    # An object that fits each member only if its other keys are set aside: refused.
    with pytest.raises(decode_error, match="keys no branch knows"):
        client.Jotting.from_dict({"entries": [{"text": "a", "colour": "red"}]})
    # A key only one member knows picks that member, whatever the order.
    jotting = _round_trip(client.Jotting, {"entries": [{"text": "a", "due": "monday"},
                                                       {"text": "b", "author": "me"}]})
    assert _names(jotting.entries) == ["Memo", "Note"]


def test_a_tag_no_member_declares_picks_no_member(client: ModuleType) -> None:
    """A new kind of object the spec does not describe yet is refused, not decoded as the
    first member whose keys it happens to fit (enum tags kept unknown values with a
    warning, a discriminator's plain string took anything)."""
    decode_error = importlib.import_module("tags_client._runtime").DecodeError
    for data in ({"requirements": [{"type": "ibanRequirement"}]},  # enum tags
                 {"pets": [{"petType": "Bird"}]},  # a discriminator without a mapping
                 {"payment": {"method": "sepa", "number": "1"}}):  # one with a mapping
        with pytest.raises(decode_error, match="one of"):
            client.TransferRoute.from_dict(data)
    with pytest.raises(decode_error, match="'kind' one of 'circle', 'square'"):
        client.Drawing.from_dict({"shapes": [{"kind": "triangle", "size": 3}]})
