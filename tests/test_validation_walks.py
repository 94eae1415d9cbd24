"""Every walk of the validation stage over the document remembers what it has seen.

YAML aliases make a node appear many times over (a "billion laughs": 10 lists of 10 lists
of ... nine levels deep is 10**9 paths through 10 nodes) or inside itself
(`example: &loop [*loop]`). The load stage refuses the worst of them, but the walks here
must not depend on it: each is tried directly on such values, and the whole stage on a
document holding them.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import yaml

from generator.diagnostics import GenerationError
from generator.load import Workspace
from generator.load.document import Document
from generator.validate.engine import MAX_VALUE_SIZE, _formats, _plain, value_size
from generator.validate.rules import _examples, validate

LEVELS = 9  # 10**9 paths: any walk that does not remember would never finish


def laughs(bottom: Any) -> Any:
    """`bottom` shared 10**LEVELS times over, through LEVELS + 1 distinct lists."""
    node = [bottom] * 10
    for _ in range(LEVELS - 1):
        node = [node] * 10
    return node


def self_referencing_list() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


class CountingRegexCheck:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, regex: str) -> bool:
        self.calls.append(regex)
        return True


def test_the_quick_check_walk_ends_on_a_self_referencing_list() -> None:
    loop = self_referencing_list()
    check = CountingRegexCheck()
    assert _plain({"type": "array", "example": loop, "items": {"pattern": "^a$"}}, check)
    assert check.calls == ["^a$"]
    schema: dict[str, Any] = {"type": "object", "properties": {}}
    schema["properties"]["self"] = schema  # a schema that contains itself
    schema["pattern"] = "^b$"
    check = CountingRegexCheck()
    assert _plain(schema, check)
    assert check.calls == ["^b$"]


def test_the_quick_check_walk_looks_at_a_shared_node_once() -> None:
    check = CountingRegexCheck()
    started = time.perf_counter()
    assert _plain({"example": laughs({"pattern": "^x$"})}, check)
    assert check.calls == ["^x$"]  # reached 10**9 times, looked at once
    assert not _plain({"example": laughs({"$schema": "https://example.com/other"})}, None)
    assert time.perf_counter() - started < 5


def test_the_metaschema_format_walk_ends_on_shared_and_looping_nodes() -> None:
    metaschema: dict[str, Any] = {"properties": {"id": {"format": "uri"}}}
    metaschema["properties"]["again"] = metaschema
    assert _formats([metaschema, laughs({"format": "regex"})]) == {"uri", "regex"}


def test_value_size_counts_the_expanded_tree_and_finds_loops() -> None:
    assert value_size({"a": 1, "b": [1, 2]}, 100) == 5
    assert value_size("text", 100) == 1
    # The bottom list and its 10 "lol"s are 11; each level above: 1 + 10 * the one below.
    assert value_size(laughs("lol"), 10**12) == 1_111_111_111
    assert value_size(laughs("lol"), 1000) == 1001  # counting stops past the limit
    assert value_size(self_referencing_list(), 100) is None
    looping: dict[str, Any] = {"a": [1, {}]}
    looping["a"][1]["back"] = looping
    assert value_size(looping, 100) is None
    shared = [1, 2]
    assert value_size([shared, shared, [shared]], 100) == 1 + 3 + 3 + (1 + 3)


def test_the_example_walk_visits_each_node_once_and_keeps_document_order() -> None:
    shared_media = {"schema": {"type": "array"}, "example": [1]}
    node: dict[str, Any] = {"type": "object", "example": {"a": 1}, "properties": {}}
    node["properties"]["child"] = node
    spec = {"paths": {"/a": {"get": {"responses": {"200": {"content": {
        "application/json": shared_media, "text/plain": shared_media}}}}}},
        "components": {"schemas": {"Node": node, "Laughs": {"example": laughs(0)}}}}
    assert [(schema, where) for schema, _, where in _examples(spec)] == [
        ("/paths/~1a/get/responses/200/content/application~1json/schema",
         "/paths/~1a/get/responses/200/content/application~1json/example"),
        ("/components/schemas/Node", "/components/schemas/Node/example"),
        ("/components/schemas/Laughs", "/components/schemas/Laughs/example"),
    ]


def test_the_example_walk_has_no_recursion_limit() -> None:
    deep: dict[str, Any] = {"type": "string", "example": 5}
    for _ in range(5000):
        deep = {"type": "object", "properties": {"p": deep}}
    found = _examples({"components": {"schemas": {"Deep": deep}}})
    assert len(found) == 1 and found[0][2].endswith("/p/example")


ALIASES = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: get_a
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
              example: &l9 [&l8 [&l7 [&l6 [&l5 [&l4 [&l3 [&l2 [&l1 [[], [], [], [], [], [], [], [], [], []], *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1], *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2], *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3], *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4], *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5], *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6], *l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7], *l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8, *l8]
components:
  schemas:
    Node:
      type: array
      items: {$ref: '#/components/schemas/Node'}
      default: &loop [*loop]
      example: *loop
"""


def aliased_workspace(text: str) -> Workspace:
    """A workspace read with PyYAML's own loader, which builds what the aliases say
    (shared and self-referencing nodes), whatever the load stage would refuse."""
    uri = "file:///specs/aliases.yaml"
    document = Document(uri, "aliases.yaml", yaml.safe_load(text), text)
    return Workspace(document.data, uri, [document])


def test_validation_of_aliased_values_is_bounded_and_says_what_it_skipped() -> None:
    """A recursive schema makes checking an example walk the whole expanded value: a
    value holding itself, or 10**9 values, is not checked, and that is said."""
    started = time.perf_counter()
    warnings = [d.render() for d in validate(aliased_workspace(ALIASES))]
    assert time.perf_counter() - started < 30
    assert warnings == [
        ("aliases.yaml:19 /components/schemas/Node/default: warning: invalid OpenAPI: the "
        "value contains itself (a YAML alias inside its own anchor), so it is no JSON value "
        "(fix the document)"),
        ("aliases.yaml:13 /paths/~1a/get/responses/200/content/application~1json/example: "
        "warning: example not checked: it holds more than "
        f"{MAX_VALUE_SIZE:,} values once YAML aliases are expanded (make the example a "
        "plain JSON value)"),
        ("aliases.yaml:20 /components/schemas/Node/example: warning: example not checked: it "
        "contains itself (a YAML alias inside its own anchor) (make the example a plain "
        "JSON value)"),
    ]


def test_a_huge_default_is_not_checked_and_strict_makes_it_an_error() -> None:
    text = ALIASES.replace("default: &loop [*loop]", "default: *l9").replace(
        "example: *loop", "example: []")
    try:
        validate(aliased_workspace(text), strict=True)
    except GenerationError as error:
        rendered = [d.render() for d in error.diagnostics]
    assert rendered[0] == (
        "aliases.yaml:19 /components/schemas/Node/default: error: invalid OpenAPI: the "
        f"value holds more than {MAX_VALUE_SIZE:,} values once YAML aliases are expanded, "
        "too many to check (fix the document, or pass the spec without --strict)")


class CountingIds(list[int]):
    """A list that counts the items each `in` would have to look at when scanned."""

    scanned = 0

    def __contains__(self, item: object) -> bool:
        CountingIds.scanned += len(self)
        return super().__contains__(item)


def test_the_validator_remembers_seen_schemas_in_a_set(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """openapi-spec-validator keeps the schemas it has seen in lists, so each of its
    checks scanned every schema seen so far: quadratic in the schemas (9.8 s for 8,000).
    Ours answers from a set: however many schemas, no check scans the record."""
    from openapi_spec_validator.validation import keywords

    from generator.validate import engine

    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                f"S{n}": {"type": "object", "properties": {
                    "next": {"$ref": f"#/components/schemas/S{(n + 1) % 200}"}}}
                for n in range(200)}}}
    original = keywords.SchemaValidator.__init__

    def counting_init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.visited_schema_ids = CountingIds()
        self.meta_checked_schema_ids = CountingIds()

    monkeypatch.setattr(keywords.SchemaValidator, "__init__", counting_init)

    def scanned() -> int:
        CountingIds.scanned = 0
        validator = engine.spec_validator(spec, "file:///spec.json", "3.0.3")
        assert list(validator.iter_errors()) == []
        return CountingIds.scanned

    assert scanned() == 0
    monkeypatch.setattr(engine, "_with_quick_seen_checks", lambda cls: cls)
    assert scanned() > 200 * 100  # the library's own lists: a scan per check
