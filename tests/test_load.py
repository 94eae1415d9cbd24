"""Loading: JSON, YAML and API reference pages, URLs, multi-file specs, several inputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.diagnostics import GenerationError
from generator.load import load_document, load_inputs

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_PAGES = ["partial-update-credit-memo.md", "partial-update-customer-currencies.md"]


def seed(name: str) -> Path:
    path = SEEDS / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing, and CI must have ../shared beside the project")
        pytest.skip(f"{path} is not available on this machine (../shared is absent)")
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def generate(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["generate", *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def run_python(code: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    """Runs `code` in a fresh interpreter with `paths` first on sys.path."""
    prelude = f"import sys\nsys.path[:0] = {[str(p) for p in paths]!r}\n"
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=60, check=False)


SPEC_YAML = """\
openapi: 3.0.3
info:
  title: Pets
  version: "1.0"
paths:
  /pets/{id}:
    get:
      operationId: get_pet
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, example: Rex}
        born: {type: string, format: date, example: "2020-01-02"}
        weight: {type: number, nullable: true}
"""


# --- formats ---------------------------------------------------------------------------


def test_json_yaml_and_reference_page_load_to_the_same_data(tmp_path: Path) -> None:
    data = yaml.safe_load(SPEC_YAML)
    as_yaml = write(tmp_path / "spec.yaml", SPEC_YAML)
    as_json = write(tmp_path / "spec.json", json.dumps(data, indent=2))
    as_page = write(tmp_path / "get-pet.md",
                    "> ## Documentation Index\n\n# Get Pet\n\n> Returns one pet.\n\n"
                    "```bash\ncurl https://api.example.test/pets/1\n```\n\n## OpenAPI\n\n"
                    f"````yaml openapi.json get /pets/{{id}}\n{SPEC_YAML}````\n\nMore text.\n")

    loaded = [load_document(str(path)) for path in (as_yaml, as_json, as_page)]

    assert [document.data for document in loaded] == [data, data, data]
    assert [load_inputs([str(p)]).spec for p in (as_yaml, as_json, as_page)] == [data] * 3


def test_lines_inside_a_reference_page_are_lines_of_the_page(tmp_path: Path) -> None:
    page = write(tmp_path / "page.md",
                 f"# Title\n\nIntro.\n\n```yaml\n{SPEC_YAML}```\n")
    lines = page.read_text().splitlines()

    document = load_document(str(page))

    assert document.line_of("/openapi") == lines.index("openapi: 3.0.3") + 1
    assert document.line_of("/components/schemas/Pet") == lines.index("    Pet:") + 1
    assert document.line_of("/paths/~1pets~1{id}/get/parameters/0") == \
        next(n for n, text in enumerate(lines, 1) if "- {name: id" in text)


def test_yaml_is_read_as_openapi_means_it(tmp_path: Path) -> None:
    """YAML 1.2 core schema, string keys: `200:` is the status "200", dates stay strings."""
    path = write(tmp_path / "spec.yaml", textwrap.dedent("""\
        openapi: 3.0.3
        info: {title: T, version: 2024-01-31}
        paths:
          /a:
            get:
              operationId: get_a
              responses:
                200:
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: string
                        enum: [yes, no, on, off, NO, "y"]
                        default: yes
                        example: 2024-01-31
                404: {description: missing}
        """))

    data = load_document(str(path)).data
    responses = data["paths"]["/a"]["get"]["responses"]

    assert list(responses) == ["200", "404"]
    assert data["info"]["version"] == "2024-01-31"
    schema = responses["200"]["content"]["application/json"]["schema"]
    assert schema["enum"] == ["yes", "no", "on", "off", "NO", "y"]
    assert schema["default"] == "yes"
    assert schema["example"] == "2024-01-31"
    # still plain YAML where YAML 1.1 and 1.2 agree
    assert load_document(str(write(tmp_path / "s.yaml", "a: [true, 1, 1.5, null, ~, '1']\n"))
                         ).data == {"a": [True, 1, 1.5, None, None, "1"]}


def test_a_yaml_spec_with_unquoted_status_codes_is_validated(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With integer keys the spec validator crashed and checked nothing."""
    path = write(tmp_path / "spec.yaml", textwrap.dedent("""\
        openapi: 3.0.3
        info: {title: T, version: "1", colour: red}
        paths:
          /a:
            get:
              operationId: get_a
              responses:
                200: {description: ok}
        """))
    code, err = generate([str(path), "-o", str(tmp_path / "out")], capsys)
    assert code == 0, err
    assert err.startswith(f"{path}:2 /info/colour: warning: "), err
    assert "colour" in err
    assert "stopped early" not in err


@pytest.mark.parametrize("name", SEED_PAGES)
def test_seed_reference_pages(name: str, tmp_path: Path) -> None:
    page = seed(name)
    lines = page.read_text("utf-8").splitlines(keepends=True)
    start = next(n for n, text in enumerate(lines) if text.startswith("````yaml"))
    end = next(n for n in range(start + 1, len(lines)) if lines[n].rstrip() == "````")
    body = "".join(lines[start + 1 : end])
    expected = yaml.safe_load(body)
    as_yaml = write(tmp_path / "seed.yaml", body)
    as_json = write(tmp_path / "seed.json", json.dumps(expected))

    document = load_document(str(page))

    assert document.data == expected
    assert load_document(str(as_yaml)).data == expected
    assert load_document(str(as_json)).data == expected
    assert document.line_of("/openapi") == start + 2
    assert document.line_of("/paths") == next(
        n for n, text in enumerate(lines, 1) if text.startswith("paths:"))


def test_seed_reference_page_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = seed("partial-update-customer-currencies.md")
    out = tmp_path / "out"
    code, err = generate([str(page), "-o", str(out), "--package-name", "currencies"], capsys)
    assert code == 0, err
    assert (out / "currencies" / "client.py").is_file()


# --- URLs ------------------------------------------------------------------------------


@dataclass
class Site:
    url: str
    root: Path
    requested: list[str]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """A local web server serving tmp_path/site on a free port, stopped at teardown."""
    root = tmp_path / "site"
    root.mkdir()
    requested: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        timeout = 10  # a stuck client cannot hold the server forever

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def do_GET(self) -> None:
            requested.append(self.path)
            super().do_GET()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_address[1]}", root, requested)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


SPLIT_MAIN = """\
openapi: 3.0.3
info: {title: Remote, version: "1"}
paths:
  /pets:
    get:
      operationId: list_pets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "schemas/pet.yaml#/Pet"}
"""
SPLIT_PET = """\
Pet:
  type: object
  required: [name]
  properties:
    name: {type: string}
    owner: {$ref: "../common/owner.yaml"}
"""
SPLIT_OWNER = """\
type: object
properties:
  email: {type: string}
"""


def test_a_url_input_and_its_relative_refs(site: Site, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    write(site.root / "api" / "openapi.yaml", SPLIT_MAIN)
    write(site.root / "api" / "schemas" / "pet.yaml", SPLIT_PET)
    write(site.root / "api" / "common" / "owner.yaml", SPLIT_OWNER)
    out = tmp_path / "out"

    code, err = generate([f"{site.url}/api/openapi.yaml", "-o", str(out),
                          "--package-name", "remote"], capsys)

    assert code == 0, err
    assert {"/api/openapi.yaml", "/api/schemas/pet.yaml", "/api/common/owner.yaml"} <= \
        set(site.requested)
    result = run_python("""
        from remote.models import Owner, Pet
        pet = Pet.from_dict({"name": "Rex", "owner": {"email": "a@b.test"}})
        assert isinstance(pet.owner, Owner), pet
        assert pet.to_dict() == {"name": "Rex", "owner": {"email": "a@b.test"}}
        """, out)
    assert result.returncode == 0, result.stderr


def test_a_url_reference_page(site: Site, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    write(site.root / "docs" / "get-pet.md", f"# Get pet\n\n```yaml\n{SPEC_YAML}```\n")
    document = load_document(f"{site.url}/docs/get-pet.md")
    assert document.data == yaml.safe_load(SPEC_YAML)
    assert document.display == f"{site.url}/docs/get-pet.md"


def test_a_missing_url_is_a_located_error(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    write(site.root / "openapi.yaml", SPLIT_MAIN)  # schemas/pet.yaml is missing
    code, err = generate([f"{site.url}/openapi.yaml", "--check", "-o", str(site.root / "out")],
                         capsys)
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith(f"{site.url}/openapi.yaml:14 /paths/~1pets/get/responses/200/"
                           "content/application~1json/schema/items/$ref: error: "), line
    assert "404" in line

    with pytest.raises(GenerationError) as raised:
        load_document(f"{site.url}/nothing.yaml")
    [problem] = raised.value.diagnostics
    assert problem.file == f"{site.url}/nothing.yaml" and "404" in problem.message


# --- relative files and cycles ---------------------------------------------------------

CYCLE_MAIN = """\
openapi: 3.0.3
info: {title: Trees, version: "1"}
paths:
  /trees/{id}:
    get:
      operationId: get_tree
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: A tree
          content:
            application/json:
              schema: {$ref: "schemas/tree.yaml#/Tree"}
"""
CYCLE_TREE = """\
Tree:
  type: object
  required: [label]
  properties:
    label: {type: string}
    branches:
      type: array
      items: {$ref: "branch.yaml#/Branch"}
"""
CYCLE_BRANCH = """\
Branch:
  type: object
  required: [length]
  properties:
    length: {type: integer}
    tree: {$ref: "tree.yaml#/Tree"}
"""
NESTED_TREE = {"label": "root", "branches": [
    {"length": 1, "tree": {"label": "sub", "branches": [{"length": 2}]}},
    {"length": 3},
]}


@pytest.fixture
def cycle_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    main_file = write(tmp_path / "spec" / "openapi.yaml", CYCLE_MAIN)
    write(tmp_path / "spec" / "schemas" / "tree.yaml", CYCLE_TREE)
    write(tmp_path / "spec" / "schemas" / "branch.yaml", CYCLE_BRANCH)
    out = tmp_path / "out"
    code, err = generate([str(main_file), "-o", str(out), "--package-name", "trees"], capsys)
    assert code == 0, err
    return out


def test_a_cycle_across_two_files_round_trips(cycle_package: Path) -> None:
    result = run_python(f"""
        from trees.models import Branch, Tree
        data = {NESTED_TREE!r}
        tree = Tree.from_dict(data)
        assert isinstance(tree.branches[0], Branch), tree
        assert tree.to_dict() == data, tree.to_dict()
        """, cycle_package)
    assert result.returncode == 0, result.stderr


def test_a_cycle_across_two_files_is_typed(cycle_package: Path) -> None:
    """The field that closes the cycle holds a model, not a plain dict."""
    result = run_python(f"""
        from trees.models import Tree
        tree = Tree.from_dict({NESTED_TREE!r})
        inner = tree.branches[0].tree
        assert isinstance(inner, Tree), repr(inner)
        assert inner.branches[0].length == 2
        """, cycle_package)
    assert result.returncode == 0, result.stderr


# --- several inputs --------------------------------------------------------------------


def one_path(path: str, operation_id: str, schema_name: str) -> str:
    return textwrap.dedent(f"""\
        openapi: 3.0.3
        info: {{title: {operation_id}, version: "1"}}
        paths:
          {path}:
            get:
              operationId: {operation_id}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {{$ref: "#/components/schemas/{schema_name}"}}
        components:
          schemas:
            Shared: {{type: object, properties: {{id: {{type: integer}}}}}}
            {schema_name}:
              type: object
              properties:
                shared: {{$ref: "#/components/schemas/Shared"}}
        """)


def test_merging_inputs_unites_their_paths(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "pets.yaml", one_path("/pets", "list_pets", "Pet"))
    second = write(tmp_path / "toys.yaml", one_path("/toys", "list_toys", "Toy"))

    workspace = load_inputs([str(first), str(second)])
    assert set(workspace.spec["paths"]) == {"/pets", "/toys"}
    assert set(workspace.spec["components"]["schemas"]) == {"Shared", "Pet", "Toy"}
    assert workspace.spec["info"]["title"] == "list_pets"  # the first input's
    assert workspace.input_at("/paths/~1toys/get").display == str(second)
    assert workspace.input_at("/components/schemas/Pet").display == str(first)

    out = tmp_path / "out"
    code, err = generate([str(first), str(second), "-o", str(out), "--package-name", "shop"],
                         capsys)
    assert code == 0, err
    result = run_python("""
        import httpx
        from shop import Client
        seen = []
        def answer(request):
            seen.append(request.url.path)
            return httpx.Response(200, json={"shared": {"id": 1}})
        client = Client(base_url="http://api.test",
                        http_client=httpx.Client(transport=httpx.MockTransport(answer)))
        groups = [getattr(client, name) for name in dir(client) if not name.startswith("_")]
        for name in ("list_pets", "list_toys"):
            [method] = [getattr(g, name) for g in groups if hasattr(g, name)]
            assert method().to_dict() == {"shared": {"id": 1}}
        assert seen == ["/pets", "/toys"], seen
        """, out)
    assert result.returncode == 0, result.stderr


def test_relative_refs_of_a_second_input_resolve_from_its_own_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "pets" / "openapi.yaml", one_path("/pets", "list_pets", "Pet"))
    second = write(tmp_path / "toys" / "openapi.yaml", textwrap.dedent("""\
        openapi: 3.0.3
        info: {title: Toys, version: "1"}
        paths:
          /toys:
            get:
              operationId: list_toys
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "toy.yaml#/Toy"}
        """))
    write(tmp_path / "toys" / "toy.yaml", "Toy: {type: object, properties: {n: {type: string}}}\n")
    code, err = generate([str(first), str(second), "--check", "-o", str(tmp_path / "out")],
                         capsys)
    assert code == 1, err


def test_lines_found_by_searching_json_agree_with_the_full_index(tmp_path: Path) -> None:
    """A JSON text is searched along the pointer instead of indexed whole: the line must
    be the one the full index gives, for members, items, odd keys and missing nodes."""
    from generator.load.lines import LineIndex, _index

    data = {"openapi": "3.0.3", "a/b": {"~t": [1, {"x": [[], {}]}, "z"]}, "é\"q": {"k": None},
            "paths": {"/p/{id}": {"get": {"parameters": [{"name": "id"}, {"in": "path"}]}}}}
    indented = json.dumps(data, indent=2)
    texts = [indented, json.dumps(data), json.dumps(data, indent="\t"),
             json.dumps(data, indent=1, ensure_ascii=False).replace(": ", " :  "),
             indented.replace("\n", "\r"), indented.replace("\n", "\r\n"),
             # a duplicate key: the parser keeps the last, and so must the line
             indented.replace('"openapi": "3.0.3",', '"openapi": 1,\n"openapi": "3.0.3",')]
    pointers = ["", "/openapi", "/a~1b", "/a~1b/~0t", "/a~1b/~0t/1/x/0", "/a~1b/~0t/1/x/1",
                "/a~1b/~0t/2", "/é\"q/k", "/paths/~1p~1{id}/get/parameters/1/in",
                "/nope", "/a~1b/~0t/9", "/a~1b/~0t/x", "/openapi/deeper", "/paths/~1p~1{id}/put",
                "/a~1b/~0t/01", "/a~1b/~0t/-1"]
    spec = ROOT.parent / "shared" / "specs" / "campfire-2026-07.json"
    if spec.exists():
        text = spec.read_text("utf-8")
        full = _index(text)
        sample = sorted(full)[::97]
        texts.append(text)
        pointers_by_text = {len(texts) - 1: sample + [p + "/missing" for p in sample[:40]]}
    else:
        pointers_by_text = {}
    for number, text in enumerate(texts):
        expected_index = _index(text)
        for pointer in pointers_by_text.get(number, pointers):
            searched = LineIndex(text)
            probe = pointer
            while probe not in expected_index and "/" in probe:
                probe = probe.rsplit("/", 1)[0]
            assert searched.line_of(pointer) == expected_index[probe], (number, pointer)
