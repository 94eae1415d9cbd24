"""The type tree of the IR (`generator/model/types.py`) and the IR's derived properties.

Directly on hand-built trees: resolving schema references to `Named` classes (kind and
module kept, every container walked), directions pushed into model references only,
`classes_in`, nullability, the values a `Choice` documents; and on `ir.py`: what an
operation returns, the order of its signature, renamed fields.
"""

from __future__ import annotations

import pytest

from generator.model import ir
from generator.model import types as t

ORDER = t.ModelRef(t.ClassRef("spec#/components/schemas/Order", "?"))
STATUS = t.EnumRef(t.ClassRef("spec#/components/schemas/Status", "?"))


def lookup(ref: t.ClassRef) -> tuple[str, str]:
    """Order's write variant is OrderRequest; every class lives in a module of its name."""
    name = ref.key.rsplit("/", 1)[-1] + ("Request" if ref.direction == "write" else "")
    return name, name.lower()


def test_resolved_replaces_every_reference_in_every_container() -> None:
    tree = t.UnionOf((t.ListOf(ORDER), t.MapOf(t.Nullable(STATUS)), t.STR),
                     discriminator="kind", mapping=(("order", 0),))
    assert t.resolved(tree, lookup) == t.UnionOf(
        (t.ListOf(t.Named("Order", "order", t.ClassKind.MODEL)),
         t.MapOf(t.Nullable(t.Named("Status", "status", t.ClassKind.ENUM))), t.STR),
        discriminator="kind", mapping=(("order", 0),))


def test_with_direction_reaches_models_inside_containers_but_not_enums() -> None:
    tree = t.MapOf(t.ListOf(t.Nullable(t.UnionOf((ORDER, STATUS)))))
    written = tree.with_direction("write")
    assert [ref.direction for ref in written.refs()] == ["write", "?"]
    assert t.resolved(written, lookup) == t.MapOf(t.ListOf(t.Nullable(t.UnionOf(
        (t.Named("OrderRequest", "orderrequest", t.ClassKind.MODEL),
         t.Named("Status", "status", t.ClassKind.ENUM))))))


def test_classes_in_lists_the_classes_a_type_names_in_order() -> None:
    a = t.Named("A", "a", t.ClassKind.MODEL)
    b = t.Named("B", "b", t.ClassKind.ENUM)
    tree = t.UnionOf((t.ListOf(b), t.Nullable(t.MapOf(a)), t.Choice(t.INT, (1,))))
    assert list(t.classes_in(tree)) == [b, a]
    assert list(t.classes_in(t.Literal(("x",)))) == []


@pytest.mark.parametrize(("found", "nullable"), [
    (t.Nullable(t.STR), True),
    (t.ANY, True),  # any JSON value, null included
    (t.STR, False),
    (t.ListOf(t.Nullable(t.STR)), False),  # the items may be null, not the list
    (t.Literal(("a",)), False),
])
def test_is_nullable(found: t.Type, nullable: bool) -> None:
    assert t.is_nullable(found) is nullable


def test_a_type_whose_only_value_is_null_is_nullable() -> None:
    assert t.is_nullable(t.Literal((None,)))


def test_allowed_values_are_those_of_a_choice_even_when_nullable() -> None:
    choice = t.Choice(t.DECIMAL, (0.5, 1.5))
    assert t.allowed_values(choice) == (0.5, 1.5)
    assert t.allowed_values(t.Nullable(choice)) == (0.5, 1.5)
    assert t.allowed_values(t.Literal(("a",))) == ()  # the annotation shows these
    assert t.without_null(t.Nullable(choice)) == choice


def _operation(responses: tuple[ir.ResponseIR, ...],
               params: tuple[ir.ParamIR, ...] = ()) -> ir.OperationIR:
    return ir.OperationIR("op", "op", "GET", "/", ("/",), None, None, False, params, None,
                          responses, (), False, None)


def test_returns_each_success_type_once_and_no_body_last() -> None:
    item = t.Named("Item", "item", t.ClassKind.MODEL)
    found = _operation((ir.ResponseIR("204", None, None), ir.ResponseIR("200", item, None),
                        ir.ResponseIR("201", item, None), ir.ResponseIR("202", t.FILE, None)))
    assert found.returns == (item, t.FILE, None)
    assert not found.returns_nothing
    assert _operation(()).returns == (None,)
    assert _operation((ir.ResponseIR("204", None, None),)).returns_nothing


def test_signature_order_is_positional_path_others_then_required_then_optional_by_name() -> None:
    def p(name: str, where: ir.ParamLocation, required: bool = False,
          positional: bool = False) -> ir.ParamIR:
        return ir.ParamIR(name, name, where, t.STR, required, False, None, positional)

    path, query, header = ir.ParamLocation.PATH, ir.ParamLocation.QUERY, ir.ParamLocation.HEADER
    found = _operation((), (p("zeta", query), p("org", path, True), p("b", header, True),
                            p("sha", path, True, positional=True), p("repo", path, True),
                            p("alpha", query), p("a", query, True)))
    assert [x.name for x in found.signature_params] == [
        "sha", "org", "repo", "a", "b", "alpha", "zeta"]


def test_renamed_lists_only_fields_whose_names_differ() -> None:
    model = ir.ModelIR("M", "/m", ir.Direction.BOTH, None, (
        ir.FieldIR("id", "id", t.INT, True, None),
        ir.FieldIR("created_at", "createdAt", t.DATETIME, False, None),
        ir.FieldIR("class_", "class", t.STR, False, None)), t.ANY)
    assert model.renamed == (("createdAt", "created_at"), ("class", "class_"))
