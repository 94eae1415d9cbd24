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

from generator.format import black_format, format_files, needs_black
from generator.format_cache import FormatCache
from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.render import render_package
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
    files = rendered(spec)
    skipped = sorted((p, s) for p, s in files.items() if p.endswith(".py") and not needs_black(s))
    with ProcessPoolExecutor(max_workers=2) as pool:  # stripe's client is 120,000 lines
        formatted = list(pool.map(black_format, skipped, chunksize=8))
    wrong = [path for (path, source), (_, black) in zip(skipped, formatted, strict=True)
             if black != source]
    assert len(skipped) > len(files) / 2 and not wrong


@functools.cache
def rendered(spec: str) -> dict[str, str]:
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
    exploded = {path: found for path, source in rendered(spec).items()
                if path.endswith(".py") and "/_runtime/" not in path
                and (found := exploded_but_fits(source))}
    assert not exploded


def test_the_explosion_check_finds_an_exploded_call() -> None:
    source = 'AUTH = rt.ApiKeyAuth(\n    "header",\n    "Authorization",\n    "Token",\n)\n'
    assert exploded_but_fits(source) == [
        '1: AUTH = rt.ApiKeyAuth("header", "Authorization", "Token")']
    assert exploded_but_fits("x = [\n    " + ", ".join(["'item'"] * 20) + ",\n]\n") == []


def test_black_still_formats_what_the_templates_cannot(tmp_path: Path) -> None:
    long_line = "x = [" + ", ".join(f"'item{n}'" for n in range(30)) + "]\n"
    assert needs_black(long_line)
    out = format_files({"pkg/m.py": long_line}, cache_dir=tmp_path)
    assert out["pkg/m.py"] == black_format(("m.py", long_line))[1] != long_line


def test_long_lines_black_cannot_split_do_not_need_it() -> None:
    source = ('x = [\n    "' + "a" * 100 + '",\n]\n'
              "# " + " ".join(["comment"] * 20) + "\n\n\n"
              'def f() -> None:\n    """' + " ".join(["doc"] * 40) + '"""\n')
    assert not needs_black(source)
    assert black_format(("m.py", source))[1] == source


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
    out = format_files({"m.py": source}, cache_dir=tmp_path)
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
    """The runtime is copied into every client: if black had to run on it, every cold run
    would format its 2,000 lines again."""
    runtime = module.read_text("utf-8")
    assert not needs_black(runtime)
    assert black_format((f"_runtime/{module.name}", runtime))[1] == runtime


def test_the_runtime_package_has_its_modules() -> None:
    assert {path.name for path in RUNTIME_MODULES} >= {
        "__init__.py", "errors.py", "decoding.py", "encoding.py", "transport.py",
        "operations.py", "pagination.py"}


LONG = "PostCustomersCustomerSubscriptionsBodyPaymentSettingsPaymentMethodOptionsAcssDebit"


@pytest.mark.parametrize("annotation", [
    f"{LONG}Option1 | Unset", f'{LONG}Option1 | Literal[""] | Unset', f"{LONG}Option1",
    f"{LONG[:60]} | None", f"list[{LONG}Item] | Literal[\"\"]", f"Short | {LONG}Option1Enum",
    "datetime.datetime", f"models.{LONG}"])
@pytest.mark.parametrize("default", ["", "UNSET", "None"])
@pytest.mark.parametrize("name", ["x", "preferred_language",
                                  "the_moment_when_this_particular_record_was_last_touched_x"])
def test_long_fields_are_laid_out_as_black_does_or_left_to_black(
        name: str, annotation: str, default: str) -> None:
    from generator.render.layout import field

    source = "class A:\n" + "\n".join(field("    ", name, annotation, default)) + "\n"
    stable = black_format(("a.py", source))[1] == source
    assert stable or needs_black(source)
    # The shape stripe's request bodies are full of: a long model or enum name first in
    # a union, with a default. Laid out here, their modules skip black.
    if default and annotation.startswith(LONG) and annotation.endswith("Unset"):
        assert stable and not needs_black(source)


@pytest.mark.parametrize("members", [2, 3, 6, 12])
@pytest.mark.parametrize("width", [10, 24])
def test_long_return_unions_and_long_targets_are_laid_out_as_black_does(
        members: int, width: int) -> None:
    from generator.render.layout import assignment, closing_return

    union = " | ".join(f"{'DeletedBankAccount'[:width - 6]:X<{width - 2}}{n:02}"
                       for n in range(members))
    source = "def f(\n    a: int,\n" + "\n".join(closing_return(f"rt.Call[{union}]")) + \
        "\n    return 1\n\n\nclass A:\n" + "\n".join(
            assignment("    ", f"get_customers_subscription_exposed_id_discount{'_x' * members}"
                       "_iter", f'rt.Pages(get_exposed_{members}, "offset")'))\
        + "\n"
    assert black_format(("a.py", source))[1] == source and not needs_black(source)


@pytest.mark.parametrize("name", ["_x", "_databases_get_cluster_metrics_credentials",
                                  "_databases_get_cluster_metrics_credentials" + "_long" * 6])
@pytest.mark.parametrize("annotation", [
    "X", "DatabasesGetClusterMetricsCredentialsResponse", "D" * 82, "D" * 90, "A | B",
    " | ".join(f"BetaOutputMessageVariant{n}" for n in range(8)),
    f"list[{' | '.join(f'BetaOutputMessageVariant{n}' for n in range(8))}]"])
def test_long_methods_without_parameters_are_laid_out_as_black_does(name: str,
                                                                   annotation: str) -> None:
    """One line when it fits, else `self,` alone (black keeps it: a magic trailing comma)."""
    from generator.render.layout import closing_return, fits

    line = f"    def {name}(self) -> {annotation}:"
    head = [line] if fits(line) else [f"    def {name}(", "        self,",
                                      *closing_return(annotation, indent="    ")]
    source = "class A:\n" + "\n".join(head) + "\n        return 1\n"
    assert black_format(("a.py", source))[1] == source and not needs_black(source)


def test_a_string_holding_triple_quotes_is_no_docstring() -> None:
    line = ("    mode: Literal['say \"\"\"hi\"\"\"', 'a fairly long enum value', "
            "'and another long enum value'] = UNSET")
    source = f"class A:\n{line}\n    other: int = 1\n"
    assert len(line) > 88 and needs_black(source)


@pytest.mark.parametrize("source_of", [
    lambda layout: ["class E:", *layout.constant("    ", "X", '"x' + "/" * 95 + '"')],
    lambda layout: ["class E:", *layout.constant("    ", "X", '"x' + "/" * 60 + '"')],
    lambda layout: ["f(", *layout.keyword_ternary(
        "    ", "body", "body is UNSET", "None",
        'rt.encode_body(rt.to_json_value(body), "image/*")'), ")"],
    lambda layout: ["f(", *layout.keyword_ternary(
        "    ", "body", "body is UNSET", "None",
        "rt.encode_body(rt.to_json_value(body), " + '"' + "a" * 70 + '")'), ")"],
    lambda layout: ["x = [", *layout.right_hand_split(
        "    ", "call_with_a_rather_long_name_" + "n" * 50 + "()", ","), "]"],
    lambda layout: ["x = [", *layout.right_hand_split("    ", '("' + "a" * 90 + '",)', ","), "]"],
], ids=["constant-too-long", "constant", "ternary-fits-inside", "ternary-split", "empty-call",
        "one-tuple"])
def test_layout_helpers_match_black_or_leave_it_to_black(source_of: Any) -> None:
    from generator.render import layout

    source = "\n".join(source_of(layout)) + "\n"
    assert all(line.strip() or not line for line in source.split("\n"))
    assert black_format(("a.py", source))[1] == source or needs_black(source)


@pytest.mark.parametrize("argument", ["Api.x", "AccountsPayableApi." + "y" * 70])
def test_a_long_call_head_black_keeps_needs_no_black(argument: str) -> None:
    """`name = call(` longer than a line, its argument alone on the next: black keeps it
    when the argument would not fit in parentheses either; else it must run."""
    from generator.render.layout import assignment

    target = "coa_api_v1_bill_empty_transaction_default_department_tags_retrieve"
    source = "class A:\n" + "\n".join(assignment("    ", target,
                                                f"rt.WholeResponse({argument})")) + "\n"
    assert black_format(("a.py", source))[1] == source
    fits_in_parentheses = len(argument) + 12 <= 88
    assert needs_black(source) == (fits_in_parentheses and len(source.splitlines()[1]) > 88)
