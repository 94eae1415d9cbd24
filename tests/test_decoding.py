"""Models decode exactly as the generator's types say they should.

Each model's decoder is built at run time from its fields' annotations and compiled, with
the common cases inlined (a known enum member, a date string, a cached decimal, a nested
model, a list) and a counter in place of a per-key check for unknown properties. This
module decodes every Campfire model twice: through the public `from_dict` path, and with
a plain walk that calls, for each field, the codec the generator itself spells for the
field's type in the IR (independent of the runtime's reading of annotations). Both must
give the same values, the same unknown properties and the same error messages, on real
payloads and on payloads with one field removed, replaced by a wrong value, or swapped
for an unknown property.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import typing
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator.load import load_inputs
from generator.model import types as t
from generator.model.build import Options, build_package
from generator.model.ir import Direction, PackageIR
from generator.model.names import pascal
from generator.render.spelling import Spelling
from tests.instances import PayloadMaker

ODD_VALUES: list[Any] = [
    None, True, 7, "7", "x", "", "2024-13-45", Decimal("1.5"), [], [1, "a"], [{}], {},
    {"a": 1},
]
"""Values of every JSON kind, chosen to miss each inlined fast path at least once."""


@pytest.fixture(scope="module")
def runtime(campfire: Any) -> Any:
    return importlib.import_module("campfire_client._runtime")


@pytest.fixture(scope="module")
def package_ir(campfire_spec: Path) -> PackageIR:
    return build_package(load_inputs([str(campfire_spec)]), Options(package="campfire_client"))


@pytest.fixture(scope="module")
def cases(campfire_spec: Path, campfire: Any,
          package_ir: PackageIR) -> list[tuple[Any, dict[str, Any]]]:
    spec = json.loads(campfire_spec.read_text("utf-8"))
    models = importlib.import_module("campfire_client.models")
    makers = {direction: PayloadMaker(spec, direction=direction)
              for direction in ("read", "write")}
    directions = {model.name: model.direction for module in package_ir.modules
                  for model in module.models}
    result = []
    for name, schema in spec["components"]["schemas"].items():
        if "properties" not in schema:
            continue
        cls = getattr(models, pascal(name))
        direction = "write" if directions[cls.__name__] is Direction.WRITE else "read"
        result.append((cls, makers[direction].make(schema)))
    return result


@pytest.fixture(scope="module", autouse=True)
def spelled_codecs(runtime: Any, package_ir: PackageIR) -> None:
    """Each model's field codecs as the generator spells them from the IR, evaluated in
    the package's namespace: the oracle the reference walk uses."""
    models = importlib.import_module("campfire_client.models")
    spell = Spelling(None)
    namespace = {"rt": runtime, "models": models,
                 **{name: getattr(models, name) for name in models.__all__}}
    for module in package_ir.modules:
        for model in module.models:
            fields = [(f.json_name, eval(spell.codec(f.type).flat, namespace))
                      for f in model.fields]
            extra = None if model.extra == t.ANY else eval(
                spell.codec(model.extra).flat, namespace)
            SPELLED[model.name] = (fields, extra)


SPELLED: dict[str, tuple[list[tuple[str, Any]], Any]] = {}
"""Model class name -> ((JSON name, codec) of each field, codec of extra properties)."""


def reference_decode(rt: Any, codec: Any, value: Any, path: Any, key: Any,
                     issues: list[Any]) -> Any:
    """A value decoded without compiled code: models and lists walked here, every other
    value through its codec's own `decode`. Models come back as plain dicts."""
    if codec.nullable and value is None:
        return None
    inner = codec.inner if codec.inner is not None else codec
    if inner.model is not None and type(value) is dict:
        return reference_model(rt, inner.model, value, path, key, issues)
    if inner.item is not None and type(value) is list:
        return [reference_decode(rt, inner.item, element, (path, key), position, issues)
                for position, element in enumerate(value)]
    return codec.decode(value, path, key, issues)


def reference_model(rt: Any, cls: Any, data: dict[str, Any], path: Any, key: Any,
                    issues: list[Any]) -> dict[str, Any]:
    defaults = {field.name: field.default for field in dataclasses.fields(cls)}
    names = {json_name: name for name, json_name in cls.json_names().items()}
    result: dict[str, Any] = {}
    fields, typed_extra = SPELLED[cls.__name__]
    for json_name, codec in fields:
        required = defaults[names[json_name]] is not rt.UNSET
        value = data.get(json_name, rt.MISSING if required else rt.UNSET)
        if value is rt.UNSET:
            result[json_name] = rt.UNSET
        else:
            result[json_name] = reference_decode(rt, codec, value, (path, key), json_name,
                                                 issues)
    extra: Any = {k: v for k, v in data.items() if k not in result}
    if extra and typed_extra is not None:
        extra = rt.dict_of(typed_extra).decode(extra, path, key, issues)
    result["<additional>"] = extra
    return result


def snapshot(rt: Any, value: Any) -> Any:
    """A decoded value in the reference's terms: models as dicts, types kept visible."""
    if isinstance(value, rt.Model):
        result = {json_name: snapshot(rt, getattr(value, name))
                  for name, json_name in type(value).json_names().items()}
        result["<additional>"] = value.additional_properties
        return result
    if isinstance(value, list):
        return [snapshot(rt, element) for element in value]
    return value


def typed(value: Any) -> Any:
    """Equality that also tells 1 from True and str from an enum member."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def decode_both(rt: Any, cls: Any, payload: Any) -> tuple[Any, Any]:
    compiled_issues: list[Any] = []
    reference_issues: list[Any] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown enum values warn on both sides
        decoded = cls._decode(payload, "$", None, compiled_issues)
        expected = reference_model(rt, cls, payload, "$", None, reference_issues)
    compiled = ([str(issue) for issue in compiled_issues],
                None if compiled_issues else typed(snapshot(rt, decoded)))
    reference = ([str(issue) for issue in reference_issues],
                 None if reference_issues else typed(expected))
    return compiled, reference


def test_real_payloads_decode_alike(runtime: Any,
                                    cases: list[tuple[Any, dict[str, Any]]]) -> None:
    for cls, payload in cases:
        compiled, reference = decode_both(runtime, cls, payload)
        assert compiled == reference, cls.__name__
        assert not compiled[0], (cls.__name__, compiled[0])


def test_every_field_with_an_odd_value_decodes_alike(
        runtime: Any, cases: list[tuple[Any, dict[str, Any]]]) -> None:
    checked = 0
    for cls, payload in cases:
        for json_name in payload:
            for odd in ODD_VALUES:
                compiled, reference = decode_both(runtime, cls, payload | {json_name: odd})
                assert compiled == reference, (cls.__name__, json_name, odd)
                checked += 1
    assert checked > 20_000  # 266 schemas, about 2,000 properties


def test_missing_and_unknown_properties_are_counted_right(
        runtime: Any, cases: list[tuple[Any, dict[str, Any]]]) -> None:
    """One property dropped and one unknown added keeps the count of keys the same: the
    unknown property must still be found, and a dropped required one still reported."""
    for cls, payload in cases:
        # Everything there plus one unknown: the all-at-once path must still see it.
        compiled, reference = decode_both(runtime, cls, payload | {"zz_unknown": [1]})
        assert compiled == reference and compiled[1] is not None, cls.__name__
        assert compiled[1]["<additional>"] == typed({"zz_unknown": [1]}), cls.__name__
        for json_name in payload:
            changed = {k: v for k, v in payload.items() if k != json_name}
            for variant in (changed, changed | {"zz_unknown": {"kept": "as is"}}):
                compiled, reference = decode_both(runtime, cls, variant)
                assert compiled == reference, (cls.__name__, json_name)
    memo = next(cls for cls, _ in cases if cls.__name__ == "AccountingCreditMemo")
    payload = next(p for cls, p in cases if cls is memo)
    optional = next(name for name, field in
                    ((j, f) for f in dataclasses.fields(memo)
                     for n, j in memo.json_names().items() if n == f.name)
                    if field.default is runtime.UNSET)
    swapped = {k: v for k, v in payload.items() if k != optional} | {"zz_unknown": 1}
    assert memo.from_dict(swapped).additional_properties == {"zz_unknown": 1}


def test_errors_inside_lists_name_the_item(runtime: Any,
                                           cases: list[tuple[Any, dict[str, Any]]]) -> None:
    invoice, payload = next((cls, p) for cls, p in cases
                            if cls.__name__ == "AccountingInvoice")
    lines: list[Any] = [dict(payload["lines"][0]), dict(payload["lines"][0]), "not a line"]
    lines[1]["amount"] = "12,50"
    lines[0]["tag_ids"] = [1, "two"]
    with pytest.raises(runtime.DecodeError) as error:
        invoice.from_dict(payload | {"lines": lines})
    message = str(error.value)
    assert "$.lines[1].amount: expected a number" in message
    assert "$.lines[2]: expected an object" in message
    assert "$.lines[0].tag_ids[1]: expected an integer" in message


def synthetic_model(rt: Any, annotation: Any, codec: Any) -> Any:
    """A model with one optional field of the given annotation, as the generator writes
    one; the reference walk decodes it with `codec`."""
    namespace = {"__annotations__": {"choice": annotation | rt.Unset,
                                     "additional_properties": dict[str, Any]},
                 "choice": rt.UNSET,
                 "additional_properties": dataclasses.field(default_factory=dict)}
    thing = dataclasses.dataclass(kw_only=True, slots=True)(
        type("Thing", (rt.Model,), namespace))
    SPELLED["Thing"] = ([("choice", codec)], None)
    return thing


def test_unions_of_enums_decode_alike_and_warn_at_the_caller(runtime: Any) -> None:
    rt = runtime
    first = rt.OpenStrEnum("First", {"X": "x", "Y": "y"})
    second = rt.OpenStrEnum("Second", {"Y": "y", "Z": "z"})
    numbers = rt.OpenIntEnum("Numbers", {"ONE": 1})
    cases = [(first | second, rt.one_of(rt.enum_of(first), rt.enum_of(second))),
             (second | first | None,
              rt.nullable(rt.one_of(rt.enum_of(second), rt.enum_of(first)))),
             (first | typing.Literal[""], rt.one_of(rt.enum_of(first), rt.literal(""))),
             (numbers | first, rt.one_of(rt.enum_of(numbers), rt.enum_of(first)))]
    for annotation, codec in cases:
        hash(codec)  # codecs stay hashable, whatever tables they carry
        thing = synthetic_model(rt, annotation, codec)
        for value in ["x", "y", "z", "w", "", None, 1, 2, True, []]:
            compiled, reference = decode_both(rt, thing, {"choice": value})
            assert compiled == reference, (codec.label, value)
    both = synthetic_model(rt, *cases[0])
    assert both.from_dict({"choice": "z"}).choice is second.Z  # the enum that knows it
    assert both.from_dict({"choice": "y"}).choice is first.Y  # the first that knows it
    with pytest.warns(rt.UnknownEnumValueWarning) as caught:
        both.from_dict({"choice": "w"})
    assert caught[0].filename == __file__  # the caller's line, not the runtime's


# --- untyped JSON, and the warnings of union branches (tests/inline_client.py) -----------

UNTYPED = (b'{"id": 1, "price": 1.10, "data": {"ratio": 1.1, "n": 2, "deep": [0.5, {"x": 1e3}],'
           b' "none": null, "ok": true, "s": "1.1"}, "settings": {"rate": 0.07, "n": [1, 2.50]},'
           b' "samples": [1.1, 2, "3", null, {"f": -0.0}], "unknown": {"g": 9.75},'
           b' "shape": {"type": "Point", "coordinates": [1.5, 2]}}')


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The inline document's client in each number mode."""
    from tests.inline_client import inline_package
    return {mode: inline_package(tmp_path_factory.mktemp(mode), f"decoding_{mode}_client",
                                 number_type=mode) for mode in ("decimal", "float")}


@pytest.mark.parametrize("mode", ["decimal", "float"])
def test_untyped_json_decodes_to_plain_json_types(inline: dict[str, Any], mode: str) -> None:
    from tests.inline_client import answering
    package = inline[mode]
    plain = json.loads(UNTYPED)
    read = {"client": answering(package, 200, UNTYPED).default.things_retrieve(1),
            "from_dict": package.models.Thing.from_dict(package._runtime.loads(UNTYPED))}
    for how, thing in read.items():
        assert typed(thing.data) == typed(plain["data"]), how
        assert typed(thing.settings) == typed(plain["settings"]), how
        assert typed(thing.samples) == typed(plain["samples"]), how
        assert typed(thing.additional_properties) == typed({"unknown": plain["unknown"]}), how
        # Back out: json.dumps takes the untyped parts, and the whole reads back equal.
        data = thing.to_dict()
        for name in ("data", "settings", "samples", "unknown"):
            assert json.loads(json.dumps(data[name])) == plain[name], (how, name)
        assert json.loads(thing.to_json()) == plain, how
        # Typed numbers keep the mode's own type: Decimal digit for digit, or float.
        number = Decimal if mode == "decimal" else float
        assert type(thing.price) is number and type(thing.shape.coordinates[0]) is number
        if mode == "decimal":
            assert str(thing.price) == "1.10"
    anything = answering(package, 200, UNTYPED).default.anything_retrieve()
    assert typed(anything) == typed(plain)


def test_a_union_warns_only_about_the_branch_it_chose(inline: dict[str, Any]) -> None:
    """Point | LineString and Circle | Square are told apart by a one-value enum: trying
    the wrong branch first meets an unknown enum value, and must not say so."""
    thing = inline["decimal"].models.Thing
    base = {"id": 1, "price": 1, "data": None}
    line = {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        decoded = thing.from_dict(base | {"shape": line, "figure": {"type": "Square",
                                                                     "size": 2}})
    assert not caught, [str(warning.message) for warning in caught]
    assert type(decoded.shape).__name__ == "LineString"
    # Alike but for the enum: the branch that knows the value wins, not the first.
    assert type(decoded.figure).__name__ == "Square"
    # A tag no branch knows is a kind of shape the spec does not describe: it is refused
    # by name (issue 18), not kept as an unknown value of the branch whose keys it fits.
    decode_error = importlib.import_module(
        f"{inline['decimal'].__name__}._runtime").DecodeError
    with warnings.catch_warnings(record=True) as caught, \
            pytest.raises(decode_error, match=r"its 'type' one of .*got \{'type': 'Curve'"):
        warnings.simplefilter("always")
        thing.from_dict(base | {"shape": {"type": "Curve", "coordinates": [[1, 2]]}})
    assert not caught, [str(warning.message) for warning in caught]
