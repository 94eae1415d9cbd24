"""The validation stage's speed-ups change no verdict, and its worker never loses one.

- The quick schema check (jsonschema-rs first, openapi-spec-validator's own check for
  anything it does not pass) must report exactly what the validator alone reports: on
  a document full of broken schemas and on real 3.0 and 3.1 specs. "The validator alone"
  is the validator as it comes, except that a schema's check reports every problem of
  the schema (engine._every_problem), not just the first one jsonschema happens to
  yield: everything the validator as it comes reports is among them.
- The worker process validates documents in the order sent; when it dies, validation
  runs in place and the verdict is the same.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import GenerationError
from generator.load import load_inputs
from generator.validate import PendingValidation, ValidationWorker
from generator.validate.engine import spec_validator
from tests.conftest import require_shared

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL_31_SPECS = [
    "corpus/specs/oai-webhook-example-31.yaml",
    "corpus/specs/adyen-transfer-webhooks-31.json",
    "corpus/specs/adyen-checkout-31.json",
    "corpus/specs/openai-31.yaml",
]
REAL_30_SPECS = [
    "specs/campfire-2026-02.json",
    "corpus/specs/oai-petstore-expanded.yaml",
    "corpus/specs/oai-uspto.yaml",
    "corpus/specs/oai-api-with-examples.yaml",
    "corpus/specs/oai-callback-example.yaml",
    "corpus/specs/xero-assets.yaml",
    "corpus/specs/xero-payroll-uk.yaml",
    "corpus/specs/objects-api-drf.yaml",
    "corpus/specs/openzaak-catalogi-drf.yaml",
]

BROKEN_SCHEMAS: dict[str, Any] = {
    "BadType": {"type": "strin"},
    "RequiredNotList": {"type": "object", "required": "x"},
    "RequiredUndefined": {"allOf": [{"type": "object", "properties": {"a": {}}}],
                          "required": ["a", "ghost"]},
    "DuplicateEnum": {"type": "integer", "enum": [1, 1]},
    "LoneExclusiveMaximum": {"type": "number", "exclusiveMaximum": True},
    "BrokenPattern": {"type": "string", "pattern": "[unclosed"},
    "PythonOnlyPattern": {"type": "string", "pattern": "(?P<year>[0-9]{4})"},
    "NestedBroken": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"type": "object", "minProperties": -1}},
        "deep": {"type": "object", "properties": {"p": {"type": "string",
                                                        "pattern": "(?<=a"}}}}},
    "PropertiesList": {"type": "object", "properties": [1, 2]},
    "DefaultMismatch": {"type": "integer", "default": "seven"},
    "NullableText": {"type": "string", "nullable": "yes"},
    "NegativeMultiple": {"type": "number", "multipleOf": -1},
    "Fine": {"type": "object", "properties": {"id": {"type": "integer"},
                                              "code": {"type": "string", "pattern": "^[A-Z]+$"}}},
}


BROKEN_31_SCHEMAS: dict[str, Any] = {
    "BadType": {"type": ["string", "strin"]},
    "BadPatternProperties": {"type": "object", "patternProperties": {"[unclosed": {}}},
    "BadPattern": {"type": "string", "pattern": "(?<=a"},
    "PythonOnlyPattern": {"type": "string", "pattern": "(?P<year>[0-9]{4})"},
    "OtherDialect": {"$schema": "http://json-schema.org/draft-07/schema#",
                     "type": "object", "additionalItems": 5},
    "BadDiscriminator": {"oneOf": [{"type": "string"}], "discriminator": 5},
    "BadPrefixItems": {"type": "array", "prefixItems": {"type": "string"}},
    "BadConstDefault": {"const": 1, "default": 2, "type": "integer"},
    "NestedBroken": {"type": "object", "properties": {
        "a": {"type": "array", "items": {"minItems": -1}},
        "b": {"$ref": "#/components/schemas/Fine", "description": 7}}},
    "Fine": {"type": ["object", "null"], "properties": {"id": {"type": "integer"},
                                                         "code": {"type": "string",
                                                                  "pattern": "^[A-Z]+$"}}},
}


def broken_document(version: str = "3.0.3") -> dict[str, Any]:
    schemas = BROKEN_31_SCHEMAS if version.startswith("3.1") else BROKEN_SCHEMAS
    paths = {f"/{name.lower()}": {"get": {
        "operationId": f"get_{name.lower()}",
        "parameters": [{"name": "q", "in": "query", "schema": schema}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{name}"}}}}}}}
        for name, schema in schemas.items()}
    return {"openapi": version, "info": {"title": "broken", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas}}


def findings(validator: Any) -> list[tuple[str, str]]:
    return [(json.dumps(list(error.absolute_path)), str(error.message))
            for error in validator.iter_errors()]


def stock_findings(spec: dict[str, Any], base_uri: str = "", *,
                   every_problem: bool = True) -> list[tuple[str, str]]:
    """What openapi-spec-validator reports when used as it comes (with `every_problem`:
    every problem of each schema it checks)."""
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    from generator.validate.engine import _every_problem

    cls: Any = OpenAPIV31SpecValidator if str(spec["openapi"]).startswith("3.1") \
        else OpenAPIV30SpecValidator
    if every_problem:
        checks = {**cls.keyword_validators,
                  "schema": _every_problem(cls.keyword_validators["schema"])}
        cls = type(cls.__name__, (cls,), {"keyword_validators": checks})
    return findings(cls(SchemaPath.from_dict(spec, base_uri=base_uri)))


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_the_quick_check_is_in_use(version: str) -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    def quick_check_in(validator: Any) -> bool:
        return any(cls.__name__ == "QuickSchemaCheck"
                   for cls in type(validator).keyword_validators["schema"].__mro__)

    stock = OpenAPIV31SpecValidator if version == "3.1.0" else OpenAPIV30SpecValidator
    quick = spec_validator(broken_document(version), "", version)
    assert quick_check_in(quick)
    assert issubclass(type(quick).keyword_validators["schema"],
                      stock.keyword_validators["schema"])
    other_dialect = broken_document(version) | {"jsonSchemaDialect": "https://example.com/d"}
    if version == "3.1.0":  # another default dialect: the validator's own schema check
        assert not quick_check_in(spec_validator(other_dialect, "", version))


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_broken_schemas_get_the_validators_own_findings(version: str) -> None:
    spec = broken_document(version)
    expected = stock_findings(spec)
    assert len(expected) >= 6  # the document is broken all over
    assert findings(spec_validator(spec, "", version)) == expected
    as_it_comes = stock_findings(spec, every_problem=False)
    assert set(as_it_comes) <= set(expected) and len(as_it_comes) < len(expected)


BROKEN_TWICE = {"type": "object", "properties": {
    "n": {"type": "integer", "minimum": "low"},  # a value constraint: a warning
    "m": {"type": "nope"}}}                       # a type: an error
CHECK_UNDER_ANOTHER_HASH_SEED = """\
import json, sys
from generator.validate.engine import spec_validator
spec = json.loads(sys.argv[1])
print(json.dumps([[list(e.absolute_path), str(e.message)]
                  for e in spec_validator(spec, "", spec["openapi"]).iter_errors()]))
"""


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_schema_with_two_problems_gets_both_whatever_the_hash_seed(version: str) -> None:
    """jsonschema yields a schema's problems in the order of a set of property names,
    which changes with the hash seed; the validator as it comes keeps the first, so the
    same document was an error in one run and passed with a warning in the next."""
    import subprocess
    import sys

    spec = broken_document(version)
    spec["components"]["schemas"] = {"Twice": BROKEN_TWICE}
    spec["paths"] = {}
    seen = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        done = subprocess.run(
            [sys.executable, "-c", CHECK_UNDER_ANOTHER_HASH_SEED, json.dumps(spec)],
            capture_output=True, text=True, check=True, timeout=120,
            cwd=Path(__file__).resolve().parents[1], env={**os.environ, "PYTHONHASHSEED": seed})
        seen.add(done.stdout)
    [only] = seen  # the same findings, in the same order, under every seed
    assert [(path, message) for path, message in json.loads(only)][-2:] == [
        (["properties", "n", "minimum"], "'low' is not of type 'number'"),
        (["properties", "m", "type"], "'nope' is not valid under any of the given schemas")]


@pytest.mark.parametrize("relative", REAL_30_SPECS + REAL_31_SPECS)
def test_real_specs_get_the_validators_own_findings(relative: str) -> None:
    path = require_shared(SHARED / relative)
    spec = load_inputs([str(path)]).spec
    version = str(spec.get("openapi", ""))
    assert version.startswith(("3.0", "3.1"))
    assert findings(spec_validator(spec, path.as_uri(), version)) == \
        stock_findings(spec, path.as_uri())


def write_spec(tmp_path: Path, name: str, spec: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec), "utf-8")
    return str(path)


def valid_document() -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "fine", "version": "1"}, "paths": {
        "/a": {"get": {"operationId": "get_a", "responses": {"200": {"description": "ok"}}}}}}


def test_one_worker_answers_each_document_in_turn(tmp_path: Path) -> None:
    broken = load_inputs([write_spec(tmp_path, "broken.yaml", broken_document())])
    fine = load_inputs([write_spec(tmp_path, "fine.yaml", valid_document())])
    with ValidationWorker() as worker:
        for workspace, ok in [(broken, False), (fine, True), (broken, False)]:
            pending = PendingValidation(workspace, strict=False, worker=worker)
            if ok:
                assert pending.result() == []
            else:
                with pytest.raises(GenerationError) as error:
                    pending.result()
                assert any("strin" in d.message for d in error.value.diagnostics)


def test_a_dead_worker_leaves_the_verdict_to_this_process(tmp_path: Path) -> None:
    broken = load_inputs([write_spec(tmp_path, "broken.yaml", broken_document())])
    with ValidationWorker() as worker:
        process = worker._process
        if process is None:
            pytest.skip("no second core or no fork here: validation always runs in place")
        process.kill()
        process.join()
        pending = PendingValidation(broken, strict=False, worker=worker)
        with pytest.raises(GenerationError) as error:
            pending.result()
    in_place = error.value.diagnostics
    with pytest.raises(GenerationError) as reference:
        PendingValidation(broken, strict=False, worker=ValidationWorker()).result()
    assert [d.render() for d in in_place] == [d.render() for d in reference.value.diagnostics]


def test_a_document_that_cannot_travel_is_validated_in_place(tmp_path: Path) -> None:
    """Nested too deep to pickle: the worker is not sent it, the verdict comes anyway,
    and the worker still serves the next document. Run in a child with a time limit:
    a lost request would otherwise wait forever. (The load stage refuses documents
    nested this deep, so the workspace is made here from the parsed text.)"""
    import subprocess
    import sys

    text = json.dumps(valid_document() | {"info": {"title": "t", "version": "1",
                                                    "x-deep": "DEEP"}})
    deep = tmp_path / "deep.json"
    deep.write_text(text.replace('"DEEP"', "[" * 500 + '"x"' + "]" * 500), "utf-8")
    broken = write_spec(tmp_path, "broken.yaml", broken_document())
    script = ("from generator.diagnostics import GenerationError\n"
              "from generator.load import load_inputs\n"
              "from generator.validate import PendingValidation, ValidationWorker\n"
              "import json\n"
              "from generator.load import Workspace\n"
              "from generator.load.document import Document\n"
              f"text = open({str(deep)!r}).read()\n"
              "document = Document('file:///deep.json', 'deep.json', json.loads(text), text)\n"
              "with ValidationWorker() as worker:\n"
              "    deep = Workspace(document.data, document.uri, [document])\n"
              "    assert PendingValidation(deep, strict=False, worker=worker).result() == []\n"
              f"    broken = load_inputs([{broken!r}])\n"
              "    try:\n"
              "        PendingValidation(broken, strict=False, worker=worker).result()\n"
              "    except GenerationError:\n"
              "        print('verdicts: fine, broken')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert done.stdout == "verdicts: fine, broken\n" and done.stderr == "", done.stderr


def test_stopping_before_the_verdict_leaves_no_trace(tmp_path: Path) -> None:
    """Ctrl-C or an error in the parent closes the worker while it still validates: the
    child ends quietly, without a traceback on the terminal."""
    import subprocess
    import sys

    broken = write_spec(tmp_path, "broken.yaml", broken_document())
    script = ("from generator.load import load_inputs\n"
              "from generator.validate import ValidationWorker\n"
              f"workspace = load_inputs([{broken!r}])\n"
              "with ValidationWorker() as worker:\n"
              "    worker.submit(workspace, False)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, timeout=60, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0 and done.stderr == ""


def test_the_quick_check_follows_the_validators_own_format_rules() -> None:
    """Optional packages change what the validator's format checker checks (rfc3986-
    validator adds `uri`, regress makes `regex` follow ECMA 262): the quick check must then
    step aside, or apply the checker's own `regex` rule."""
    from jsonschema import FormatChecker

    from generator.validate.engine import _quick_check

    metaschemas = [{"properties": {"$id": {"format": "uri-reference"},
                                   "pattern": {"format": "regex"}}}]
    stricter = FormatChecker(formats=())
    stricter.checks("uri-reference")(lambda value: " " not in str(value))
    assert _quick_check(object(), stricter, metaschemas) is None

    ecma_like = FormatChecker(formats=())
    ecma_like.checks("regex")(lambda value: "(?P<" not in str(value))

    class Everything:
        def is_valid(self, value: object) -> bool:
            return True

    quick = _quick_check(Everything(), ecma_like, metaschemas)
    assert quick is not None
    assert quick.passes({"type": "string", "pattern": "^[0-9]+$"})
    assert not quick.passes({"type": "string", "pattern": "(?P<year>[0-9]{4})"})
    assert not quick.passes({"patternProperties": {"(?P<n>a)": {}}})
    assert _quick_check(Everything(), FormatChecker(formats=()), metaschemas) is not None
