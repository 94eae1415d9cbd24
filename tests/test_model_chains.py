"""Models that refer to each other load one link at a time: a chain of 6,000 schemas
(A0 -> A1 -> ... -> A5999) imports and decodes in a fresh interpreter at the default
recursion limit, and cycles and self-references still work.

A model module imports the classes of other modules only for type checkers; its codec
table imports them when first read. Before, every module imported what it referred to at
load time, and a chain of about 141 schemas failed with RecursionError.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

CHAIN = 6000


def chain_spec(length: int) -> dict[str, Any]:
    """Schemas A0 .. A{length-1}, each with an optional `next` (and a list of them)
    referring to the following one; the last refers to nothing."""
    schemas: dict[str, Any] = {}
    for index in range(length):
        properties: dict[str, Any] = {"id": {"type": "integer"},
                                      "label": {"type": "string", "nullable": True}}
        if index + 1 < length:
            following = {"$ref": f"#/components/schemas/A{index + 1}"}
            properties["next"] = following
            properties["others"] = {"type": "array", "items": following}
        schemas[f"A{index}"] = {"type": "object", "required": ["id"],
                                "properties": properties}
    return document(schemas, "A0")


def cycles_spec() -> dict[str, Any]:
    """A self-reference (Node), a cycle of two (Ping <-> Pong), a chain that ends in a
    cycle of three (Start -> C1 -> C2 -> C3 -> C1), and a model whose extra properties
    are a model of another module (Bag)."""
    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    def obj(**properties: Any) -> dict[str, Any]:
        return {"type": "object", "required": ["id"],
                "properties": {"id": {"type": "integer"}, **properties}}

    schemas = {
        "Node": obj(parent=ref("Node"), children={"type": "array", "items": ref("Node")}),
        "Ping": obj(pong=ref("Pong")),
        "Pong": obj(ping=ref("Ping")),
        "Start": obj(first=ref("C1")),
        "C1": obj(next=ref("C2")),
        "C2": obj(next=ref("C3")),
        "C3": obj(next=ref("C1")),
        "Bag": {**obj(**{"first-node": ref("Node")}), "additionalProperties": ref("Pong")},
    }
    return document(schemas, "Node", "Ping", "Start", "Bag")


def document(schemas: dict[str, Any], *returned: str) -> dict[str, Any]:
    paths = {
        f"/{name.lower()}": {"get": {"operationId": f"get_{name.lower()}", "responses": {
            "200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{name}"}}}}}}}
        for name in returned
    }
    return {"openapi": "3.0.3", "info": {"title": "chain", "version": "1"},
            "paths": paths, "components": {"schemas": schemas}}


def generate(spec: dict[str, Any], folder: Path, package: str) -> Path:
    """Generates with the command line, in a fresh interpreter (default recursion limit)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "spec.json"
    source.write_text(json.dumps(spec), "utf-8")
    out = folder / "out"
    done = subprocess.run([sys.executable, "-m", "generator", "generate", str(source), "-o",
                           str(out), "--package-name", package], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def run_python(code: str, cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def chain_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(chain_spec(CHAIN), tmp_path_factory.mktemp("chain"), "chain_client")


@pytest.fixture(scope="module")
def cycles_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(cycles_spec(), tmp_path_factory.mktemp("cycles"), "cycles_client")


def test_a_model_module_imports_other_models_for_type_checkers_only(chain_dir: Path) -> None:
    text = (chain_dir / "chain_client" / "models" / "a0.py").read_text("utf-8")
    head, _, body = text.partition("if TYPE_CHECKING:\n")
    assert "from .a1 import A1" not in head  # nothing of another module at load time
    assert body.startswith("    from .a1 import A1\n")
    assert body.count("import") == 1  # bound when A0 is first decoded, not imported


def test_the_head_of_a_6000_chain_imports_and_decodes_one_link_at_a_time(
        chain_dir: Path) -> None:
    # Past the 141 links that used to fail; the first decode compiles each link's decoder
    # on the way down, within the default stack.
    depth = 250
    out = run_python(f"""
        import json, sys
        assert sys.getrecursionlimit() == 1000

        def loaded():
            return sum(name.startswith("chain_client.models.") for name in sys.modules)

        from chain_client.models import A0
        print(json.dumps({{"after_import": loaded()}}))
        payload = {{"id": 0}}
        link = payload
        for index in range(1, {depth}):
            link["next"] = {{"id": index, "label": f"link {{index}}"}}
            link = link["next"]
        link["others"] = [{{"id": {depth}, "label": None}}, {{"id": {depth}, "x": 1}}]
        first = A0.from_dict(payload)
        again = A0.from_dict(payload)
        node, ids = first, []
        while node.next:
            ids.append(node.next.id)
            node = node.next
        print(json.dumps({{
            "after_decode": loaded(),
            "ids": ids,
            "last": [other.to_dict() for other in node.others],
            "round_trip": first.to_dict() == payload and again == first,
        }}))
    """, chain_dir)
    imported, decoded = (json.loads(line) for line in out.splitlines())
    # A0's module, and A1's whose annotations `typing.get_type_hints(A0)` needs.
    assert imported == {"after_import": 2}
    assert decoded["ids"] == list(range(1, depth))
    assert decoded["last"] == [{"id": depth, "label": None}, {"id": depth, "x": 1}]
    assert decoded["round_trip"] is True
    # Each link loads the next one's module when first decoded, and no further.
    assert decoded["after_decode"] == depth + 2


def test_the_tail_of_a_6000_chain_decodes_and_reports_errors_with_their_path(
        chain_dir: Path) -> None:
    out = run_python(f"""
        import json, typing
        import chain_client.models as models
        from chain_client import DecodeError

        payload = {{"id": 1, "next": {{"id": 2, "next": {{"id": 3, "next": {{
            "id": 4, "next": {{"id": "5", "others": [{{"id": 6, "extra": [1]}}]}}}}}}}}}}
        decoded = models.A{CHAIN - 6}.from_dict(payload)
        expected = json.loads(json.dumps(payload))
        expected["next"]["next"]["next"]["next"]["id"] = 5  # the lossless coercion
        try:
            models.A{CHAIN - 3}.from_dict({{"id": 1, "next": {{"id": 2, "next": {{}}}}}})
        except DecodeError as error:
            problem = str(error)
        print(json.dumps({{
            "round_trip": decoded.to_dict() == expected,
            "last": type(decoded.next.next.next.next.others[0]).__name__,
            "hints": str(typing.get_type_hints(models.A{CHAIN - 2})["next"]),
            "problem": problem,
        }}))
    """, chain_dir)
    result = json.loads(out)
    assert result["round_trip"] is True
    assert result["last"] == f"A{CHAIN - 1}"
    assert result["hints"].startswith(f"chain_client.models.a{CHAIN - 1}.A{CHAIN - 1} | ")
    assert result["problem"] == (f"1 problem decoding A{CHAIN - 3}: "
                                 "$.next.next.id: missing required property")


def test_cycles_self_references_and_typed_extras_decode_and_round_trip(cycles_dir: Path) -> None:
    out = run_python("""
        import json
        from cycles_client.models import Bag, Node, Ping, Start

        tree = {"id": 1, "parent": {"id": 0}, "children": [{"id": 2, "children": []}]}
        ping = {"id": 1, "pong": {"id": 2, "ping": {"id": 3, "pong": {"id": 4}}}}
        loop = {"id": 0, "first": {"id": 1, "next": {"id": 2, "next": {"id": 3, "next": {
            "id": 4, "next": {"id": 5}}}}}}
        bag = {"id": 1, "first-node": {"id": 2}, "more": {"id": 3, "ping": {"id": 4}}}
        node, pinged, start = Node.from_dict(tree), Ping.from_dict(ping), Start.from_dict(loop)
        bagged = Bag.from_dict(bag)
        print(json.dumps({
            "round_trips": [node.to_dict() == tree, pinged.to_dict() == ping,
                            start.to_dict() == loop, bagged.to_dict() == bag],
            "types": [type(node.parent).__name__, type(node.children[0]).__name__,
                      type(pinged.pong.ping.pong).__name__,
                      type(start.first.next.next.next).__name__,
                      type(bagged.first_node).__name__,
                      type(bagged.additional_properties["more"].ping).__name__],
        }))
    """, cycles_dir)
    result = json.loads(out)
    assert result["round_trips"] == [True, True, True, True]
    assert result["types"] == ["Node", "Node", "Pong", "C1", "Node", "Ping"]


def test_a_chain_and_cycles_pass_mypy_strict_and_ruff(tmp_path: Path, cycles_dir: Path) -> None:
    chain = generate(chain_spec(200), tmp_path / "chain200", "chain_client")
    usage = tmp_path / "usage.py"  # the lazily imported classes, as a user's code sees them
    usage.write_text(textwrap.dedent("""
        from chain_client.models import A0, A199
        from cycles_client.models import Node, Ping


        def last_id(head: A0) -> int | None:
            link = head.next.next if head.next else None
            return link.id if link else None


        def tail(value: A199) -> str | None:
            return value.label if isinstance(value.label, str) else None


        def pong_of(value: Ping) -> int | None:
            return value.pong.id if value.pong else None


        def parents(node: Node) -> list[Node]:
            return [node.parent] if node.parent else []
    """), "utf-8")
    packages = [str(chain / "chain_client"), str(cycles_dir / "cycles_client")]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"),
         *packages, str(usage)],
        cwd=tmp_path, capture_output=True, text=True, check=False)
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
                           *packages], capture_output=True, text=True, check=False)
    assert ruff.returncode == 0, ruff.stdout[-3000:]
