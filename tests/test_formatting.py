"""Generated code is exactly what black would write.

The format stage skips black on files the templates already laid out black's way
(generator/format.py); these tests hold it to that: black changes nothing in any
generated file, whether it ran on the file or not.
"""

from __future__ import annotations

import ast
import functools
import json
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from generator.format import black_format, format_files
from generator.format_cache import FormatCache
from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.render import Rendered, layout, render_package
from generator.render.code import Atom, Call, Display, Expr, Prefixed, Subscript, Union, call
from generator.style import LINE_LENGTH
from tests.conftest import ROOT, SHARED

GOLDEN_FILES = sorted(p for p in (ROOT / "generated").rglob("*.py"))


def test_every_golden_file_is_black_formatted() -> None:
    changed = [str(p.relative_to(ROOT)) for p in GOLDEN_FILES
               if black_format((str(p), p.read_text("utf-8")))[1] != p.read_text("utf-8")]
    assert GOLDEN_FILES and not changed


def _corpus_specs() -> list[str]:
    manifest = SHARED / "corpus" / "manifest.json"
    chosen = ["xero-payroll-uk", "adyen-checkout-31", "openzaak-catalogi-drf",
              "adyen-transfer-webhooks-31", "objects-api-drf", "stripe", "openai-31",
              "digitalocean"]
    if not manifest.exists():
        return chosen  # each case then skips with the reason
    entries = {e["name"]: e["file"] for e in json.loads(manifest.read_text("utf-8"))["specs"]}
    return [entries[name] for name in chosen]


@pytest.mark.parametrize("spec", [str(SHARED / "specs" / "campfire-2026-07.json"),
                                  *(str(SHARED / "corpus" / f) for f in _corpus_specs())],
                         ids=lambda spec: Path(spec).stem)
def test_files_that_skip_black_are_already_black_formatted(spec: str) -> None:
    files = rendered(spec).files
    skipped = sorted((p, s) for p, s in files.items()
                     if p.endswith(".py") and p not in rendered(spec).for_black)
    with ProcessPoolExecutor(max_workers=2) as pool:  # stripe's client is 120,000 lines
        formatted = list(pool.map(black_format, skipped, chunksize=8))
    wrong = [path for (path, source), (_, black) in zip(skipped, formatted, strict=True)
             if black != source]
    assert len(skipped) > len(files) / 2 and not wrong


@functools.cache
def rendered(spec: str) -> Rendered:
    from tests.conftest import require_shared

    require_shared(Path(spec))
    return render_package(build_package(load_inputs([spec]), Options()))


def _one_line(source: str) -> str:
    """A bracketed expression written on one line, as it would be without its
    explosion: each line stripped, no space inside brackets, no trailing comma."""
    text = " ".join(line.strip() for line in source.splitlines() if line.strip())
    text = re.sub(r"([([{]) ", r"\1", text)
    return re.sub(r",? ([)\]}])", r"\1", text)


def exploded_but_fits(source: str) -> list[str]:
    """Calls and collections spread over several lines that would fit on one: the line
    they start on, with the expression written out on one line (at most 88 columns)."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.Call, ast.List, ast.Dict, ast.Set, ast.Tuple)):
            continue
        end_line, end_column = node.end_lineno or node.lineno, node.end_col_offset or 0
        if end_line == node.lineno:
            continue
        # The node's text, cut from its lines (ast.get_source_segment rescans the whole
        # source for each node: far too slow on a 120,000-line client).
        inside = lines[node.lineno - 1:end_line]
        segment = "\n".join([inside[0][node.col_offset:], *inside[1:-1],
                              inside[-1][:end_column]])
        if '"""' in segment:
            continue
        if isinstance(node, ast.Tuple) and not segment.startswith("("):
            continue  # a bare tuple (`a, b = ...`) has no brackets to explode
        whole = (lines[node.lineno - 1][:node.col_offset] + _one_line(segment)
                 + lines[end_line - 1][end_column:])
        if len(whole) <= LINE_LENGTH:
            found.append(f"{node.lineno}: {whole.strip()}")
    return found


def test_no_golden_file_explodes_what_fits_on_one_line() -> None:
    exploded = {str(p.relative_to(ROOT)): found for p in GOLDEN_FILES
                if "_runtime" not in p.parts
                and (found := exploded_but_fits(p.read_text("utf-8")))}
    assert not exploded


@pytest.mark.parametrize("spec", [str(SHARED / "specs" / "campfire-2026-07.json"),
                                  *(str(SHARED / "corpus" / f) for f in _corpus_specs())],
                         ids=lambda spec: Path(spec).stem)
def test_no_generated_file_explodes_what_fits_on_one_line(spec: str) -> None:
    exploded = {path: found for path, source in rendered(spec).files.items()
                if path.endswith(".py") and "/_runtime/" not in path
                and (found := exploded_but_fits(source))}
    assert not exploded


def test_the_explosion_check_finds_an_exploded_call() -> None:
    source = 'AUTH = rt.ApiKeyAuth(\n    "header",\n    "Authorization",\n    "Token",\n)\n'
    assert exploded_but_fits(source) == [
        '1: AUTH = rt.ApiKeyAuth("header", "Authorization", "Token")']
    assert exploded_but_fits("x = [\n    " + ", ".join(["'item'"] * 20) + ",\n]\n") == []


def test_black_formats_the_files_the_printer_names(tmp_path: Path) -> None:
    long_line = "x = [" + ", ".join(f"'item{n}'" for n in range(30)) + "]\n"
    out = format_files({"pkg/m.py": long_line, "pkg/n.py": long_line}, {"pkg/m.py"},
                       cache_dir=tmp_path)
    assert out["pkg/m.py"] == black_format(("m.py", long_line))[1] != long_line
    assert out["pkg/n.py"] == long_line  # not named: left as printed


def test_a_file_with_a_line_the_printer_cannot_vouch_for_goes_to_black(tmp_path: Path) -> None:
    """The printer's own verdict decides, per file: a field annotated with a long
    subscript, whose default is a call, is one form it leaves to black."""
    from tests.model_specs import build, obj, ref, spec

    names = [f"VeryLongVariantNumber{n}" for n in range(6)]
    schemas: dict[str, Any] = {name: obj(("kind",), kind={"type": "string"}) for name in names}
    schemas["Holder"] = obj(("items_of_the_holder",), items_of_the_holder={
        "type": "array", "items": {"oneOf": [ref(name) for name in names],
                                   "discriminator": {"propertyName": "kind"}}})
    schemas["Plain"] = obj(("kind",), kind={"type": "string"})
    out = render_package(build(tmp_path, spec(schemas=schemas)))
    holder = next(p for p in out.files if p.endswith("/holder.py"))
    plain = next(p for p in out.files if p.endswith("/plain.py"))
    assert holder in out.for_black and plain not in out.for_black
    formatted = format_files(out.files, out.for_black, cache_dir=tmp_path)
    assert black_format((holder, formatted[holder]))[1] == formatted[holder]


def test_format_cache_reuses_and_survives_corruption(tmp_path: Path) -> None:
    cache = FormatCache(tmp_path)
    source = "x = [" + ", ".join(str(n) for n in range(40)) + "]\n"
    assert cache.get(source) is None
    formatted = black_format(("m.py", source))[1]
    cache.put(source, formatted)
    assert cache.get(source) == formatted
    entry = next(p for p in (tmp_path / "black").rglob("*") if p.is_file())
    entry.write_bytes(entry.read_bytes()[:-5])  # a truncated write
    assert cache.get(source) is None
    out = format_files({"m.py": source}, {"m.py"}, cache_dir=tmp_path)
    assert out["m.py"] == formatted and cache.get(source) == formatted  # rewritten


def test_format_cache_is_safe_under_concurrent_writers(tmp_path: Path) -> None:
    cache = FormatCache(tmp_path)
    source, formatted = "y = 1\n", "y = 1\n"
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(50):
                cache.put(source, formatted)
                assert cache.get(source) in (None, formatted)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors and cache.get(source) == formatted
    assert not [p for p in (tmp_path / "black").rglob(".tmp-*")]


RUNTIME_MODULES = sorted((ROOT / "templates" / "static" / "_runtime").glob("*.py"))


@pytest.mark.parametrize("module", RUNTIME_MODULES, ids=lambda path: path.name)
def test_the_shared_runtime_needs_no_black(module: Path) -> None:
    """The runtime is copied into every client as it is, never through black."""
    runtime = module.read_text("utf-8")
    assert black_format((f"_runtime/{module.name}", runtime))[1] == runtime


def test_the_runtime_package_has_its_modules() -> None:
    assert {path.name for path in RUNTIME_MODULES} >= {
        "__init__.py", "errors.py", "decoding.py", "encoding.py", "transport.py",
        "operations.py", "pagination.py"}


LONG = "PostCustomersCustomerSubscriptionsBodyPaymentSettingsPaymentMethodOptionsAcssDebit"


def _vouched(lines: list[str]) -> tuple[str, bool]:
    return "\n".join(lines) + "\n", layout.settled(lines)


def _type(text: str) -> Expr:
    """A type expression for these tests, from how it reads: `A | B`, `name[...]`, names."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0 and text.startswith(" | ", index):
            parts.append(text[start:index])
            start = index + 3
    parts.append(text[start:])
    if len(parts) > 1:
        return Union(tuple(_type(part) for part in parts))
    if text.endswith("]"):
        head, _, inside = text.partition("[")
        return Subscript(head, (_type(inside[:-1]),))
    return Atom(text)


@pytest.mark.parametrize("annotation", [
    f"{LONG}Option1 | Unset", f'{LONG}Option1 | Literal[""] | Unset', f"{LONG}Option1",
    f"{LONG[:60]} | None", f"list[{LONG}Item] | Literal[\"\"]", f"Short | {LONG}Option1Enum",
    "datetime.datetime", f"models.{LONG}"])
@pytest.mark.parametrize("default", ["", "UNSET", "None"])
@pytest.mark.parametrize("name", ["x", "preferred_language",
                                  "the_moment_when_this_particular_record_was_last_touched_x"])
def test_long_fields_are_laid_out_as_black_does_or_left_to_black(
        name: str, annotation: str, default: str) -> None:
    lines = ["class A:", *layout.field("    ", name, _type(annotation),
                                       Atom(default) if default else None)]
    source, vouched = _vouched(lines)
    stable = black_format(("a.py", source))[1] == source
    assert stable or not vouched
    # The shape stripe's request bodies are full of: a long model or enum name first in
    # a union, with a default. Laid out here, their modules skip black.
    if default and annotation.startswith(LONG) and annotation.endswith("Unset"):
        assert stable and vouched


@pytest.mark.parametrize("annotation", [
    f"{LONG} | Unset", f"{LONG}", f"list[{LONG}]", f"{LONG[:40]} | {LONG[:30]} | None | Unset",
    "Short | Unset", f"{LONG}Option1 | {LONG}Option2 | Unset"])
@pytest.mark.parametrize("metadata", [
    {"json": "a/b"}, {"json": "workload_identity_provider_mapping.created.and.more"},
    {"discriminator": ("type", {f"Variant{n}": f"{LONG[:30]}Variant{n}" for n in range(3)})}])
def test_fields_with_metadata_are_laid_out_as_black_does_or_left_to_black(
        annotation: str, metadata: dict[str, Any]) -> None:
    def literal(value: Any) -> Expr:
        if isinstance(value, dict):
            return Display("{", tuple(Prefixed(f"{json.dumps(k)}: ", literal(v))
                                      for k, v in value.items()))
        if isinstance(value, tuple):
            return Display("(", tuple(literal(v) for v in value))
        return Atom(json.dumps(value))

    default = Call("field", (Prefixed("default=", Atom("UNSET")),
                             Prefixed("metadata=", literal(metadata))))
    lines = ["class A:", *layout.field("    ", "the_field", _type(annotation), default)]
    source, vouched = _vouched(lines)
    assert black_format(("a.py", source))[1] == source or not vouched


@pytest.mark.parametrize("members", [2, 3, 6, 12])
@pytest.mark.parametrize("width", [10, 24])
def test_long_return_unions_and_long_targets_are_laid_out_as_black_does(
        members: int, width: int) -> None:
    union = Union(tuple(Atom(f"{'DeletedBankAccount'[:width - 6]:X<{width - 2}}{n:02}")
                        for n in range(members)))
    lines = ["def f(", "    a: int,", *layout.closing_return(Subscript("rt.Call", (union,))),
             "    return 1", "", "", "class A:", *layout.assignment(
                 "    ", f"get_customers_subscription_exposed_id_discount{'_x' * members}_iter",
                 call("rt.Items", f"get_exposed_{members}", "rt.DRF_PAGES"))]
    source, vouched = _vouched(lines)
    assert black_format(("a.py", source))[1] == source and vouched


@pytest.mark.parametrize("name", ["_x", "_databases_get_cluster_metrics_credentials",
                                  "_databases_get_cluster_metrics_credentials" + "_long" * 6])
@pytest.mark.parametrize("annotation", [
    "X", "DatabasesGetClusterMetricsCredentialsResponse", "D" * 82, "D" * 90, "A | B",
    " | ".join(f"BetaOutputMessageVariant{n}" for n in range(8)),
    f"list[{' | '.join(f'BetaOutputMessageVariant{n}' for n in range(8))}]"])
def test_long_methods_without_parameters_are_laid_out_as_black_does(name: str,
                                                                   annotation: str) -> None:
    """One line when it fits, else `self,` alone (black keeps it: a magic trailing comma)."""
    lines = ["class A:", *layout.signature("    ", "def", name, [], [], _type(annotation)),
             "        return 1"]
    source, vouched = _vouched(lines)
    assert black_format(("a.py", source))[1] == source and vouched


@pytest.mark.parametrize("lines_of", [
    lambda: ["class E:", *layout.constant("    ", "X", '"x' + "/" * 95 + '"')],
    lambda: ["class E:", *layout.constant("    ", "X", '"x' + "/" * 60 + '"')],
    lambda: ["x = [", *layout.right_hand_split(
        "    ", call("call_with_a_rather_long_name_" + "n" * 50), ","), "]"],
    lambda: ["x = [", *layout.right_hand_split(
        "    ", Display("(", (Atom('"' + "a" * 90 + '"'),)), ","), "]"],
    lambda: ["x = {", *layout.right_hand_split(
        "    ", Prefixed('"key": ', Atom('"' + "v" * 90 + '"')), ","), "}"],
    lambda: layout.import_lines("", "." + "m" * 90, ["A", "B" * 90]),
    lambda: [*layout.class_header("C" * 90, "rt.Model"), "    pass"],
], ids=["constant-too-long", "constant", "empty-call", "one-tuple", "long-entry",
        "long-import", "long-class"])
def test_layout_helpers_match_black_or_leave_it_to_black(lines_of: Any) -> None:
    lines = lines_of()
    source, vouched = _vouched(lines)
    assert all(line.strip() or not line for line in source.split("\n"))
    assert black_format(("a.py", source))[1] == source or not vouched


@pytest.mark.parametrize("width", [5, 80])
def test_a_split_one_item_tuple_stays_a_tuple(width: int) -> None:
    """`deprecated=("name",)` split over lines keeps its comma: without it the value is a
    string in parentheses (found by the fuzz test's mypy sample)."""
    one = Display("(", (Atom('"' + "x" * width + '"'),))
    lines = ["f(", *layout.right_hand_split("    ", Prefixed("deprecated=", one), ","), ")"]
    source = "\n".join(lines) + "\n"
    value = ast.parse(source).body[0].value.keywords[0].value  # type: ignore[attr-defined]
    assert isinstance(value, ast.Tuple) and len(value.elts) == 1
    assert black_format(("a.py", source))[1] == source and layout.settled(lines)


@pytest.mark.parametrize("argument", ["Api.x", "AccountsPayableApi." + "y" * 70])
def test_a_long_call_head_black_keeps_is_vouched_for(argument: str) -> None:
    """`name = call(` longer than a line, its argument alone on the next: black keeps it
    when the argument would not fit in parentheses either; else the printer puts the
    value in parentheses."""
    target = "coa_api_v1_bill_empty_transaction_default_department_tags_retrieve"
    lines = ["class A:", *layout.assignment("    ", target, call("rt.WholeResponse", argument))]
    source, vouched = _vouched(lines)
    assert black_format(("a.py", source))[1] == source and vouched
