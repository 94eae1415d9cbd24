"""Bounded work on every input: what the load stage refuses, and what it warns about.

YAML alias cycles and expansions, document size, nesting depth, integers Python cannot
read, duplicate keys. Each refusal is exit 2 with one located line and nothing written;
each runs the real command line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.diagnostics import GenerationError
from generator.load import limits, load_document, load_inputs
from generator.load.lines import LineIndex

ROOT = Path(__file__).resolve().parents[1]

HEAD = """\
openapi: 3.0.3
info: {title: Limits, version: "1"}
paths:
  /things:
    get:
      operationId: list_things
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: integer}
"""
"""A valid spec; a test appends to Thing (at 6 spaces) or below. Its last line is 18."""

HEAD_AS_JSON = json.dumps({
    "openapi": "3.0.3", "info": {"title": "Limits", "version": "1"},
    "paths": {"/things": {"get": {"operationId": "list_things", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/Thing"}}}}}}}},
    "components": {"schemas": {"Thing": {"type": "object",
                                         "properties": {"id": {"type": "integer"}}}}}})
"""The same, as JSON."""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def output_folder(tmp_path: Path) -> tuple[Path, dict[str, tuple[bytes, int]]]:
    """An output folder holding a file of the user's, and what it holds."""
    out = tmp_path / "out"
    write(out / "NOTES.txt", "mine\n")
    return out, contents(out)


def contents(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*"))}


def refused(spec: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> str:
    """The one line the command prints for `spec`, checking exit 2, no traceback, and
    nothing written."""
    out, before = output_folder(spec.parent)
    code = main(["generate", str(spec), "-o", str(out), *flags])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert code == 2, captured.err
    assert captured.out == ""
    assert contents(out) == before
    [line] = captured.err.splitlines()
    return line


def generated(spec: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> list[str]:
    """The lines the command prints on stderr for `spec`, checking that it generated."""
    out = spec.parent / "out"
    code = main(["generate", str(spec), "-o", str(out), *flags])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert code == 0, captured.err
    assert (out / "campfire_client" / "models").is_dir()
    return captured.err.splitlines()


# --- YAML alias cycles ------------------------------------------------------------------


def test_an_alias_to_the_list_that_holds_it_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / "spec.yaml", HEAD + "      example: &loop [*loop]\n")

    assert refused(spec, capsys) == (
        f"{spec}:19 /components/schemas/Thing/example/0: error: YAML alias *loop repeats the "
        "node anchored &loop on line 19, which contains the alias: the document would be "
        "infinite (remove the alias, or anchor a part that does not contain it)")


def test_a_mapping_that_contains_itself_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / "spec.yaml", HEAD + textwrap.indent(textwrap.dedent("""\
        example: &node
          name: root
          children:
            - name: leaf
            - *node
        """), " " * 6))

    assert refused(spec, capsys) == (
        f"{spec}:23 /components/schemas/Thing/example/children/1: error: YAML alias *node "
        "repeats the node anchored &node on line 19, which contains the alias: the document "
        "would be infinite (remove the alias, or anchor a part that does not contain it)")


def test_an_alias_cycle_closed_through_a_merge_key_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / "spec.yaml", HEAD + "      example: &m {a: 1, <<: *m}\n")

    assert refused(spec, capsys) == (
        f"{spec}:19 /components/schemas/Thing/example/<<: error: YAML alias *m repeats the "
        "node anchored &m on line 19, which contains the alias: the document would be "
        "infinite (remove the alias, or anchor a part that does not contain it)")


# --- YAML alias expansion ---------------------------------------------------------------


def billion_laughs() -> str:
    """9 levels of aliases, each repeating the one before 9 times: 9**9 strings."""
    lines = ["      example:", "        l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"        l{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    return HEAD + "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_at_once(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / "spec.yaml", billion_laughs())

    started = time.perf_counter()
    line = refused(spec, capsys)
    # A guard against the hang this was (77 s and more), not a benchmark.
    assert time.perf_counter() - started < 10

    # Level 0 holds 10 nodes, level n 1 + 9 * (those of level n - 1): levels 1 to 8 repeat
    # 9 * (10 + 91 + 820 + ... + 48,427,561) nodes, beside the 74 the text holds. The
    # sixth level's first alias is the one that passes a million.
    assert line == (
        f"{spec}:26 /components/schemas/Thing/example/l6/0: error: YAML aliases would expand "
        "the document to 490,329,110 nodes, 490,329,036 of them repeats: over the limit of "
        "1,000,000 repeated nodes (use fewer or smaller aliases, or $ref)")


def test_shared_aliases_and_merge_keys_within_the_limit_still_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / "spec.yaml", HEAD + textwrap.indent(textwrap.dedent("""\
          owner_id: &id {type: integer, minimum: 1}
          parent_id: *id
      Named: &named
        type: object
        properties:
          name: {type: string}
      Pet:
        <<: *named
        required: [name]
      Count: *id
    """), " " * 4))

    assert generated(spec, capsys) == []
    schemas = load_inputs([str(spec)]).spec["components"]["schemas"]
    assert schemas["Thing"]["properties"]["parent_id"] == {"type": "integer", "minimum": 1}
    assert schemas["Pet"] == {"type": "object", "properties": {"name": {"type": "string"}},
                              "required": ["name"]}


def test_the_alias_limit_counts_every_node_an_alias_repeats(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 8 nodes read (2 keys, 2 lists, 3 numbers, the top mapping); the two aliases repeat
    # the 4 nodes of `a` each.
    spec = write(tmp_path / "spec.yaml", "a: &a [1, 2, 3]\nb: [*a, *a]\n")
    monkeypatch.setattr(limits, "MAX_ALIASED_NODES", 8)
    assert load_document(str(spec)).data == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}

    monkeypatch.setattr(limits, "MAX_ALIASED_NODES", 7)
    with pytest.raises(GenerationError) as raised:
        load_document(str(spec))
    assert [d.render() for d in raised.value.diagnostics] == [
        (f"{spec}:2 /b/1: error: YAML aliases would expand the document to 16 nodes, 8 of "
         "them repeats: over the limit of 7 repeated nodes (use fewer or smaller aliases, "
         "or $ref)")]


# --- document size ----------------------------------------------------------------------


def test_a_document_over_the_size_limit_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    spec = write(tmp_path / "spec.yaml", HEAD)
    size = spec.stat().st_size
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", size - 1)

    assert refused(spec, capsys) == (
        f"{spec}: error: the document is {size} bytes, over the limit of {size - 1} bytes "
        "(split it into files joined by $ref)")


def test_a_document_at_the_size_limit_is_read(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    spec = write(tmp_path / "spec.yaml", HEAD)
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", spec.stat().st_size)
    assert load_document(str(spec)).data["openapi"] == "3.0.3"


def test_the_size_limit_is_256_mib_and_says_so() -> None:
    assert limits.MAX_DOCUMENT_BYTES == 256 * 1024 * 1024
    assert limits.too_large(300 * 1024 * 1024 + 5) == (
        "the document is 300 MiB, over the limit of 256 MiB",
        "split it into files joined by $ref")
    assert limits.too_large(None)[0] == "the document is larger than the limit of 256 MiB"


def test_a_download_over_the_size_limit_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "site" / "spec.yaml", HEAD)
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 100)
    with serve(tmp_path / "site") as url, pytest.raises(GenerationError) as raised:
        load_document(f"{url}/spec.yaml")
    assert [d.render() for d in raised.value.diagnostics] == [
        (f"{url}/spec.yaml: error: the document is larger than the limit of 100 bytes "
         "(split it into files joined by $ref)")]


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A local web server for `folder` while the block runs; yields its URL."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- nesting ----------------------------------------------------------------------------

DEEP_POINTER = "/deep" + "/0" * (limits.MAX_DEPTH - 1)
"""Where a list nested in `deep` at the top goes past the limit: `MAX_DEPTH` levels are
fine."""
TOO_DEEP = (f": error: mappings and lists nested more than {limits.MAX_DEPTH} deep (nest less: "
            "move inner parts into components and $ref them)")


def nested_json(levels: int) -> str:
    return '{\n  "openapi": "3.0.3",\n  "deep": ' + "[" * levels + "]" * levels + "\n}\n"


@pytest.mark.parametrize("levels", [10_000, limits.MAX_DEPTH + 72])
def test_json_nested_too_deep_is_refused(levels: int, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    # 10,000: the C scanner itself gives up; a few past the limit: it does not, the limit
    # does.
    spec = write(tmp_path / "spec.json", nested_json(levels))
    assert refused(spec, capsys) == f"{spec}:3 {DEEP_POINTER}{TOO_DEEP}"


def test_json_nested_to_the_limit_is_read(tmp_path: Path) -> None:
    spec = write(tmp_path / "spec.json", nested_json(limits.MAX_DEPTH - 1))
    assert load_document(str(spec)).data["openapi"] == "3.0.3"


def test_json_nested_too_deep_after_other_members_is_found(tmp_path: Path) -> None:
    deep: object = {}
    for _ in range(limits.MAX_DEPTH):
        deep = {"x": deep}
    text = json.dumps({"openapi": "3.0.3", "a": [1, {"b": [[]]}, deep]}, indent=1)
    spec = write(tmp_path / "spec.json", text)
    with pytest.raises(GenerationError) as raised:
        load_document(str(spec))
    [problem] = raised.value.diagnostics
    assert problem.pointer == "/a/2" + "/x" * (limits.MAX_DEPTH - 2)
    assert problem.line == LineIndex(text).line_of(problem.pointer)


@pytest.mark.parametrize("levels", [10_000, 100_000])
def test_yaml_nested_too_deep_is_refused_by_the_real_command(levels: int,
                                                             tmp_path: Path) -> None:
    # 100,000 levels crashed the interpreter itself (libyaml's composer recurses in C).
    spec = write(tmp_path / "spec.yaml",
                 "openapi: 3.0.3\ndeep: " + "[" * levels + "]" * levels + "\n")
    out, before = output_folder(tmp_path)

    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={k: v for k, v in os.environ.items() if k != "CAMPFIRE_CODEGEN_DEBUG"})

    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [f"{spec}:2 {DEEP_POINTER}{TOO_DEEP}"]
    assert contents(out) == before


def test_yaml_block_mappings_nested_too_deep_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    levels = limits.MAX_DEPTH + 72
    lines = ["openapi: 3.0.3"] + [" " * level + "a:" for level in range(levels)] + \
        [" " * levels + "b"]
    spec = write(tmp_path / "spec.yaml", "\n".join(lines) + "\n")

    # The nth mapping starts with its first key, on line n + 1: the one past the limit is
    # too deep.
    assert refused(spec, capsys) == \
        f"{spec}:{limits.MAX_DEPTH + 2} {'/a' * limits.MAX_DEPTH}{TOO_DEEP}"


def test_yaml_nested_too_deep_through_aliases_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Each anchor is one level deeper than the one before, but the text is shallow: item
    # n of `levels` (on line n + 3) is 3 + n deep once its alias is expanded.
    chain = [f"  - &l{n} [*l{n - 1}]" for n in range(1, limits.MAX_DEPTH + 2)]
    spec = write(tmp_path / "spec.yaml",
                 "\n".join(["openapi: 3.0.3", "levels:", "  - &l0 []", *chain]) + "\n")

    past = limits.MAX_DEPTH - 2  # the first item nested past the limit
    assert refused(spec, capsys) == f"{spec}:{past + 3} /levels/{past}/0{TOO_DEEP}"


# --- integers ---------------------------------------------------------------------------

LONG_INTEGER = (": error: an integer of 5,000 digits, more than the 4,300 Python reads (write "
                "it as a string, or with fewer digits)")


def test_a_json_integer_too_long_for_python_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(HEAD_AS_JSON)
    data["components"]["schemas"]["Thing"]["example"] = {"id": [7, "PLACEHOLDER"]}
    text = json.dumps(data, indent=2).replace('"PLACEHOLDER"', "-" + "9" * 5000)
    spec = write(tmp_path / "spec.json", text)
    line = next(n for n, part in enumerate(text.splitlines(), 1) if "9999" in part)

    assert refused(spec, capsys) == \
        f"{spec}:{line} /components/schemas/Thing/example/id/1{LONG_INTEGER}"


def test_a_yaml_integer_too_long_for_python_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / "spec.yaml", HEAD + "      example: {id: " + "9" * 5000 + "}\n")

    assert refused(spec, capsys) == f"{spec}:19 /components/schemas/Thing/example/id{LONG_INTEGER}"


# --- duplicate keys ---------------------------------------------------------------------

YAML_DUPLICATE = HEAD + "        id: {type: string}\n"
JSON_DUPLICATE = json.dumps(json.loads(HEAD_AS_JSON), indent=2).replace(
    '"properties": {', '"properties": {\n          "id": {"type": "string"},', 1)


@pytest.mark.parametrize(("name", "text", "lines"), [
    ("spec.yaml", YAML_DUPLICATE, (18, 19)),
    ("spec.json", JSON_DUPLICATE, (31, 32)),
], ids=["yaml", "json"])
def test_a_duplicate_key_is_a_warning_with_its_line(
        name: str, text: str, lines: tuple[int, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / name, text)
    first, later = lines
    assert text.splitlines()[first - 1].strip().startswith(("id:", '"id":'))
    assert text.splitlines()[later - 1].strip().startswith(("id:", '"id":'))

    assert generated(spec, capsys) == [
        (f"{spec}:{later} /components/schemas/Thing/properties/id: warning: duplicate key "
         f"'id', first on line {first} (the later value wins; remove one)")]
    thing = load_inputs([str(spec)]).spec["components"]["schemas"]["Thing"]
    assert thing["properties"]["id"] == {"type": "integer" if name.endswith("json")
                                         else "string"}


@pytest.mark.parametrize(("name", "text", "lines"), [
    ("spec.yaml", YAML_DUPLICATE, (18, 19)),
    ("spec.json", JSON_DUPLICATE, (31, 32)),
], ids=["yaml", "json"])
def test_a_duplicate_key_is_an_error_under_strict(
        name: str, text: str, lines: tuple[int, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / name, text)
    first, later = lines

    assert refused(spec, capsys, "--strict") == (
        f"{spec}:{later} /components/schemas/Thing/properties/id: error: duplicate key "
        f"'id', first on line {first} (remove one, or pass the spec without --strict)")


def test_a_duplicate_key_in_a_referenced_file_names_that_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / "spec.yaml", HEAD.replace(
        '"#/components/schemas/Thing"', '"thing.yaml#/Thing"'))
    thing = write(tmp_path / "thing.yaml",
                  "Thing:\n  type: object\n  type: object\n  properties: {id: {type: integer}}\n")

    assert generated(spec, capsys) == [
        (f"{thing}:3 /Thing/type: warning: duplicate key 'type', first on line 2 (the later "
         "value wins; remove one)")]


def test_a_key_given_three_times_is_reported_twice(tmp_path: Path) -> None:
    spec = write(tmp_path / "spec.yaml", "openapi: 3.0.3\nx: {a: 1,\n  a: 2,\n  a: 3}\n")
    assert [w.render() for w in load_document(str(spec)).warnings] == [
        f"{spec}:{line} /x/a: warning: duplicate key 'a', first on line 2 (the later value "
        "wins; remove one)" for line in (3, 4)]


def test_a_duplicate_key_in_a_reference_page_has_the_line_of_the_page(tmp_path: Path) -> None:
    page = write(tmp_path / "page.md", f"# Things\n\n```yaml\n{YAML_DUPLICATE}```\n")
    assert [w.render() for w in load_document(str(page)).warnings] == [
        (f"{page}:22 /components/schemas/Thing/properties/id: warning: duplicate key 'id', "
         "first on line 21 (the later value wins; remove one)")]


def test_merged_keys_are_no_duplicates(tmp_path: Path) -> None:
    spec = write(tmp_path / "spec.yaml", "base: &b {a: 1}\nx: {<<: *b, a: 2}\n")
    document = load_document(str(spec))
    assert document.warnings == []
    assert document.data["x"] == {"a": 2}


# --- the YAML reader's other refusals ---------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("a: *nowhere\n", (":1 /a: error: invalid YAML: alias *nowhere has no anchor &nowhere "
                       "before it (fix the syntax)")),
    ("a: !!binary aGk=\n", (":1 /a: error: invalid YAML: the tag !!binary is not supported "
                            "(OpenAPI documents hold JSON data: remove the tag)")),
    ("a: 1\n---\nb: 2\n", (":2: error: invalid YAML: a second document in the stream (keep "
                           "one document per file)")),
    ("? [a]\n: b\n", (":1: error: invalid YAML: a key that is a mapping or a list (OpenAPI "
                      "keys are strings: fix the syntax)")),
    ("a: {<<: [1]}\n", (":1 /a/<<: error: invalid YAML: `<<` must merge a mapping or a list "
                        "of mappings (fix the syntax)")),
], ids=["undefined-alias", "binary", "two-documents", "list-key", "bad-merge"])
def test_yaml_the_reader_cannot_take_is_a_located_error(text: str, expected: str,
                                                        tmp_path: Path) -> None:
    spec = write(tmp_path / "spec.yaml", text)
    with pytest.raises(GenerationError) as raised:
        load_document(str(spec))
    assert [d.render() for d in raised.value.diagnostics] == [f"{spec}{expected}"]


def test_lines_of_a_yaml_text_with_aliases(tmp_path: Path) -> None:
    """The line index does not follow aliases: what lies under one has its line."""
    text = "a: &x\n  b: [1,\n    2]\nc: *x\nd:\n  - e\n"
    index = LineIndex(text)
    assert [index.line_of(p) for p in ("", "/a", "/a/b", "/a/b/1", "/c", "/c/b/1", "/d/0")] == \
        [1, 1, 2, 3, 4, 4, 6]
