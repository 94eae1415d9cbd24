"""Bad input: exit status 2, one located line per problem, no traceback, output untouched.

Every problem is reported as `FILE[:LINE] [JSON-POINTER]: error: MESSAGE (HINT)` on stderr;
an output folder from a previous run must be left exactly as it was (bytes and mtimes).
Cosmetic spec problems are warnings (exit 0) unless --strict.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]

# FILE[:LINE] [JSON-POINTER]: SEVERITY: MESSAGE (HINT)
DIAGNOSTIC = re.compile(
    r"^(?P<file>\S.*?)(?::(?P<line>[0-9]+))?(?: (?P<pointer>/\S*))?"
    r": (?P<severity>error|warning): (?P<message>\S.*?)(?: \((?P<hint>[^()]+)\))?$"
)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    pointer: str | None
    severity: str
    message: str
    hint: str | None
    text: str


def parse_stderr(stderr: str) -> list[Problem]:
    """Every line of stderr as a diagnostic; fails on any line of another shape."""
    assert "Traceback" not in stderr, stderr
    problems = []
    for text in stderr.splitlines():
        match = DIAGNOSTIC.match(text)
        assert match, f"not a diagnostic line: {text!r}"
        problems.append(Problem(
            match["file"], int(match["line"]) if match["line"] else None, match["pointer"],
            match["severity"], match["message"], match["hint"], text))
    return problems


def snapshot(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file (content, mtime) and folder (None) under `folder`, hidden ones included."""
    found: dict[str, tuple[bytes, int] | None] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        found[relative] = None if path.is_dir() else (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    elif path.suffix == ".json":
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line of `path` that contains `needle`."""
    hits = [n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in text]
    return hits[occurrence - 1]


def spec(paths: dict[str, object] | None = None, schemas: dict[str, object] | None = None,
         **top: object) -> dict[str, object]:
    document: dict[str, object] = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}}
    document.update(top)
    document["paths"] = paths if paths is not None else {}
    if schemas is not None:
        document["components"] = {"schemas": schemas}
    return document


def get(operation_id: str, schema: object, status: str = "200") -> dict[str, object]:
    return {"get": {"operationId": operation_id, "responses": {status: {
        "description": "ok", "content": {"application/json": {"schema": schema}}}}}}


PET = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
GOOD = spec({"/pets": get("list_pets", {"$ref": "#/components/schemas/Pet"})}, {"Pet": PET})
REF_POINTER = "/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"


# --- the cases ------------------------------------------------------------------------


@dataclass
class Expected:
    """What the report must say: one entry per problem, in any order."""

    files: list[str]
    lines: list[int | None] = field(default_factory=list)  # None: not checked
    pointers: list[str | None] = field(default_factory=list)  # None: not checked
    phrases: list[list[str]] = field(default_factory=list)  # per problem, lower-case


Case = Callable[[Path], tuple[list[str], Expected]]


def malformed_yaml(tmp: Path) -> tuple[list[str], Expected]:
    # line 4: "mapping values are not allowed here"
    path = write(tmp / "bad.yaml",
                 "openapi: 3.0.3\ninfo:\n  title: T\n  version: 1: 2\npaths: {}\n")
    return [str(path)], Expected([str(path)], [4], [None], [["yaml"]])


def malformed_json(tmp: Path) -> tuple[list[str], Expected]:
    path = write(tmp / "bad.json", '{\n  "openapi": "3.0.3",\n  "info": {,}\n}\n')
    return [str(path)], Expected([str(path)], [3], [None], [["json"]])


def missing_file(tmp: Path) -> tuple[list[str], Expected]:
    path = tmp / "nowhere" / "spec.yaml"
    return [str(path)], Expected([str(path)], [None], [None], [["not found"]])


def top_level_list(tmp: Path) -> tuple[list[str], Expected]:
    path = write(tmp / "list.yaml", "- openapi: 3.0.3\n- paths: {}\n")
    return [str(path)], Expected([str(path)], [None], [None], [["mapping"]])


def swagger_2(tmp: Path) -> tuple[list[str], Expected]:
    document = {"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    path = write(tmp / "swagger.yaml", document)
    return [str(path)], Expected([str(path)], [None], [None], [["swagger", "2.0"]])


def missing_openapi(tmp: Path) -> tuple[list[str], Expected]:
    document = spec()
    del document["openapi"]
    path = write(tmp / "noversion.yaml", document)
    return [str(path)], Expected([str(path)], [None], [None], [["openapi"]])


def openapi_4(tmp: Path) -> tuple[list[str], Expected]:
    path = write(tmp / "v4.yaml", dict(spec(), openapi="4.0.0"))
    return [str(path)], Expected([str(path)], [None], ["/openapi"], [["4.0"]])


def dangling_ref(tmp: Path) -> tuple[list[str], Expected]:
    path = write(tmp / "dangling.yaml",
                 spec({"/pets": get("list_pets", {"$ref": "#/components/schemas/Nope"})},
                      {"Pet": PET}))
    return [str(path)], Expected([str(path)], [line_of(path, "$ref")], [REF_POINTER],
                                 [["#/components/schemas/nope"]])


def dangling_file_ref(tmp: Path) -> tuple[list[str], Expected]:
    path = write(tmp / "main.yaml", spec({"/pets": get("list_pets", {"$ref": "other.yaml#/X"})}))
    return [str(path)], Expected([str(path)], [line_of(path, "$ref")], [REF_POINTER],
                                 [["other.yaml"]])


def two_dangling_refs(tmp: Path) -> tuple[list[str], Expected]:
    paths = {"/pets": get("list_pets", {"$ref": "#/components/schemas/Nope"}),
             "/toys": get("list_toys", {"type": "array",
                                        "items": {"$ref": "#/components/schemas/Gone"}})}
    path = write(tmp / "two.yaml", spec(paths, {"Pet": PET}))
    return [str(path)], Expected(
        [str(path), str(path)],
        [line_of(path, "$ref", 1), line_of(path, "$ref", 2)],
        [REF_POINTER,
         "/paths/~1toys/get/responses/200/content/application~1json/schema/items/$ref"],
        [["nope"], ["gone"]])


def page_without_fence(tmp: Path) -> tuple[list[str], Expected]:
    text = ("# List pets\n\nReturns the pets.\n\n```json\n{\"openapi\": \"3.0.3\"}\n```\n\n"
            "```bash\ncurl https://example.test/pets\n```\n")
    path = write(tmp / "page.md", text)
    return [str(path)], Expected([str(path)], [None], [None], [["openapi"]])


def conflicting_inputs(tmp: Path) -> tuple[list[str], Expected]:
    first = write(tmp / "a" / "first.yaml",
                  spec({"/pets": get("list_pets", {"$ref": "#/components/schemas/Pet"})},
                       {"Pet": PET}))
    other_pet = {"type": "object", "properties": {"name": {"type": "integer"}}}
    second = write(tmp / "b" / "second.yaml",
                   spec({"/toys": get("list_toys", {"$ref": "#/components/schemas/Pet"})},
                        {"Pet": other_pet}))
    # The problem is located in one file and names the other.
    return [str(first), str(second)], Expected(
        [str(second)], [line_of(second, "Pet:")], ["/components/schemas/Pet"],
        [[str(first).lower()]])


CASES: dict[str, Case] = {
    "malformed-yaml": malformed_yaml,
    "malformed-json": malformed_json,
    "missing-file": missing_file,
    "top-level-list": top_level_list,
    "swagger-2.0": swagger_2,
    "missing-openapi": missing_openapi,
    "openapi-4.0": openapi_4,
    "dangling-ref": dangling_ref,
    "dangling-file-ref": dangling_file_ref,
    "two-dangling-refs": two_dangling_refs,
    "md-without-yaml-fence": page_without_fence,
    "conflicting-inputs": conflicting_inputs,
}


def check_report(stderr: str, expected: Expected) -> None:
    problems = parse_stderr(stderr)
    assert [p.severity for p in problems] == ["error"] * len(expected.files), stderr
    remaining = list(problems)
    for index, file in enumerate(expected.files):
        line = expected.lines[index] if index < len(expected.lines) else None
        where = expected.pointers[index] if index < len(expected.pointers) else None
        phrases = expected.phrases[index] if index < len(expected.phrases) else []
        matching = [p for p in remaining
                    if p.file == file
                    and (line is None or p.line == line)
                    and (where is None or p.pointer == where)
                    and all(phrase in p.text.lower() for phrase in phrases)]
        assert matching, (f"no problem {file}:{line} {where} mentioning {phrases} in:\n"
                          f"{stderr}")
        remaining.remove(matching[0])
    assert not remaining, f"unexpected problems: {remaining}"


@pytest.fixture
def previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """An output folder holding a previous generation, plus a file of the user's."""
    good = write(tmp_path / "good" / "openapi.yaml", GOOD)
    out = tmp_path / "out"
    code, _, err = run(["generate", str(good), "-o", str(out), "--package-name", "pets"], capsys)
    assert code == 0, err
    assert (out / "pets" / "models").is_dir()
    (out / "NOTES.txt").write_text("mine\n")
    return out


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_reported_and_output_untouched(
        case: str, tmp_path: Path, previous: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources, expected = CASES[case](tmp_path / "input")
    before = snapshot(previous)

    code, out, err = run(["generate", *sources, "-o", str(previous), "--package-name", "pets"],
                         capsys)
    assert out == ""

    assert code == 2, err
    check_report(err, expected)
    assert snapshot(previous) == before
    assert not [p for p in previous.parent.iterdir() if p.name.startswith(".codegen")]


@pytest.mark.parametrize("case", ["malformed-yaml", "dangling-ref", "two-dangling-refs",
                                  "conflicting-inputs", "missing-file"])
def test_bad_input_from_the_command_line(case: str, tmp_path: Path, previous: Path) -> None:
    """The real entry point: no traceback ever reaches the user."""
    sources, expected = CASES[case](tmp_path / "input")
    before = snapshot(previous)

    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", *sources, "-o", str(previous),
         "--package-name", "pets"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={k: v for k, v in os.environ.items() if k != "CAMPFIRE_CODEGEN_DEBUG"})

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    check_report(result.stderr, expected)
    assert result.stdout == ""
    assert snapshot(previous) == before


def test_line_of_a_problem_inside_a_markdown_fence_is_a_line_of_the_page(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = yaml.safe_dump(spec({"/pets": get("list_pets", {"$ref": "#/components/schemas/Nope"})}),
                          sort_keys=False)
    page = write(tmp_path / "page.md",
                 "# List pets\n\nSome text.\n\n## OpenAPI\n\n````yaml api.json get /pets\n"
                 f"{body}````\n")

    code, _, err = run(["generate", str(page), "--check", "-o", str(tmp_path / "out")],
                       capsys)

    assert code == 2
    check_report(err, Expected([str(page)], [line_of(page, "$ref")], [REF_POINTER], [["nope"]]))


def test_malformed_yaml_inside_a_markdown_fence(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    page = write(tmp_path / "page.md",
                 "# Title\n\ntext\n\n```yaml\nopenapi: 3.0.3\ninfo:\n  title: a: b\n```\n")
    code, _, err = run(["generate", str(page), "--check", "-o", str(tmp_path / "out")],
                       capsys)
    assert code == 2
    check_report(err, Expected([str(page)], [8], [None], [["yaml"]]))


def test_every_unreadable_input_is_reported(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path / "bad.yaml", "openapi: [\n")
    missing = tmp_path / "missing.yaml"
    listed = write(tmp_path / "list.json", "[1, 2]")
    code, _, err = run(["generate", str(missing), str(bad), str(listed), "--check",
                        "-o", str(tmp_path / "out")], capsys)
    assert code == 2
    check_report(err, Expected([str(missing), str(bad), str(listed)],
                               phrases=[["not found"], ["yaml"], ["mapping"]]))


def test_strict_still_reports_the_dangling_ref_itself(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The spec validator stumbles over the dangling $ref; that must not hide its location."""
    sources, expected = dangling_ref(tmp_path)
    code, _, err = run(["generate", *sources, "--check", "-o", str(tmp_path / "out"),
                        "--strict"], capsys)
    assert code == 2
    errors = [p for p in parse_stderr(err) if p.severity == "error"]
    assert [(p.pointer, p.line) for p in errors] == [(REF_POINTER, expected.lines[0])], err


# --- validation: cosmetic problems warn, structural ones stop ---------------------------


def cosmetic_spec() -> dict[str, object]:
    document = spec({"/pets": get("list_pets", {"$ref": "#/components/schemas/Pet"})},
                    {"Pet": dict(PET, example={"name": 7})})
    document["info"] = {"title": "T", "version": "1", "colour": "red"}
    return document


def test_cosmetic_problems_are_warnings(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "cosmetic.yaml", cosmetic_spec())
    out = tmp_path / "out"

    code, _, err = run(["generate", str(path), "-o", str(out)], capsys)

    assert code == 0, err
    problems = parse_stderr(err)
    assert problems and {p.severity for p in problems} == {"warning"}
    # At the unknown member itself (the whole of `info` is not wrong).
    info = [p for p in problems if p.pointer == "/info/colour"]
    assert info and info[0].file == str(path) and info[0].line == line_of(path, "colour:")
    assert "colour" in info[0].message
    example = [p for p in problems
               if (p.pointer or "").startswith("/components/schemas/Pet/example")]
    assert example, err
    assert example[0].line == line_of(path, "example:") + 1  # the line of `name: 7`
    assert (out / "campfire_client" / "models" / "pet.py").is_file()


def test_cosmetic_problems_are_errors_with_strict(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "cosmetic.yaml", cosmetic_spec())
    out = tmp_path / "out"

    code, _, err = run(["generate", str(path), "-o", str(out), "--strict"], capsys)

    assert code == 2
    problems = parse_stderr(err)
    assert {p.severity for p in problems} == {"error"}
    assert {"/info/colour", "/components/schemas/Pet/example/name"} <= {
        p.pointer for p in problems}
    assert not out.exists()


def test_a_clean_spec_has_no_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "good.yaml", GOOD)
    code, _, err = run(["generate", str(path), "--check", "-o", str(tmp_path / "out"),
                        "--strict"], capsys)
    assert code == 1  # nothing generated yet: everything would change
    assert err == ""


def _operation(**extra: object) -> dict[str, object]:
    return {"operationId": "list_pets", "responses": {"200": {"description": "ok"}}, **extra}


@pytest.mark.parametrize("paths, pointer", [
    pytest.param({"/pets": {"get": {"operationId": "list_pets", "responses": {"200": {
        "content": {"application/json": {"schema": {"type": "string"}}}}}}}},
                 "/paths/~1pets/get/responses/200", id="response-without-description"),
    pytest.param({"/pets": {"get": _operation(parameters=[
        {"name": "limit", "schema": {"type": "integer"}}])}},
                 "/paths/~1pets/get/parameters/0", id="parameter-without-in"),
])
def test_structural_problems_stop_generation(paths: dict[str, object], pointer: str,
                                             tmp_path: Path, previous: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "structural.yaml", spec(paths))
    before = snapshot(previous)

    code, _, err = run(["generate", str(path), "-o", str(previous), "--package-name", "pets"],
                       capsys)

    assert code == 2
    errors = [p for p in parse_stderr(err) if p.severity == "error"]
    assert errors, err
    located = [p for p in errors if p.pointer == pointer]
    assert located and located[0].file == str(path) and located[0].line is not None, err
    assert snapshot(previous) == before


def test_a_problem_in_a_second_input_names_that_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "first.yaml", GOOD)
    second = write(tmp_path / "second.yaml", spec({"/toys": {"get": _operation(parameters=[
        {"name": "limit", "schema": {"type": "integer"}}])}}))

    code, _, err = run(["generate", str(first), str(second), "--check",
                        "-o", str(tmp_path / "out")], capsys)

    assert code == 2
    located = [p for p in parse_stderr(err) if p.pointer == "/paths/~1toys/get/parameters/0"]
    assert located, err
    assert located[0].file == str(second)
    assert located[0].line == line_of(second, "- name: limit")


# --- references inside referenced files and second inputs -------------------------------


def ref_in_referenced_file(tmp: Path) -> tuple[Path, Path]:
    main_file = write(tmp / "main.yaml",
                      spec({"/pets": get("list_pets", {"$ref": "schemas/pet.yaml#/Pet"})}))
    pet = write(tmp / "schemas" / "pet.yaml",
                "Pet:\n  type: object\n  properties:\n    name: {type: string}\n"
                "    owner:\n      $ref: '#/Nope'\n")
    return main_file, pet


def test_a_dangling_ref_in_a_referenced_file_names_that_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_file, pet = ref_in_referenced_file(tmp_path)
    code, _, err = run(["generate", str(main_file), "--check", "-o", str(tmp_path / "out")],
                       capsys)
    assert code == 2
    located = {(p.file, p.line, p.pointer) for p in parse_stderr(err)}
    assert located == {(str(pet), 6, "/Pet/properties/owner/$ref")}, err


def test_a_dangling_property_ref_is_reported_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_file, _ = ref_in_referenced_file(tmp_path)
    code, _, err = run(["generate", str(main_file), "--check", "-o", str(tmp_path / "out")],
                       capsys)
    assert code == 2
    assert len(parse_stderr(err)) == 1, err


def test_a_dangling_ref_in_a_second_input_names_that_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "first.yaml", GOOD)
    second = write(tmp_path / "second.yaml",
                   spec({"/toys": get("list_toys", {"$ref": "#/components/schemas/Nope"})}))
    code, _, err = run(["generate", str(first), str(second), "--check", "-o",
                        str(tmp_path / "out")], capsys)
    assert code == 2
    check_report(err, Expected(
        [str(second)], [line_of(second, "$ref")],
        ["/paths/~1toys/get/responses/200/content/application~1json/schema/$ref"], [["nope"]]))
