"""The corpus specs as the wire tests see them: which ones run, their operations, the
sample of a large spec, and the one-file document the peers serve.

The generator's IR says where each generated function lives (group attribute, method name,
Python parameter names, body annotation, encodings, security keywords); everything the tests
send or expect comes from the raw document, bundled into one file (a spec split into many
files, as DigitalOcean's, has its external `$ref`s inlined) and, for a sample, trimmed to the
sampled operations and the components they reach (so that Prism starts in seconds).
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.load.yaml_reader import read_yaml
from tests import corpus_repairs
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
FULL = os.environ.get("CAMPFIRE_FULL_CORPUS", "") not in ("", "0")
"""Every operation of every spec (about 20 minutes); the default run samples large specs."""
SAMPLE_SIZE = 15
SAMPLE_ABOVE_OPERATIONS = 40
"""A spec with more operations runs on a fixed sample of SAMPLE_SIZE in the default run."""
SEED = "campfire-wire-corpus"

# The specs the generator refuses (tests/test_corpus.py checks the refusal itself).
REFUSED = {
    "oai-petstore-swagger20": "refused by the generator: Swagger 2.0 is not supported "
                              "(tests/test_corpus.py)",
}
WEBHOOKS_ONLY = "webhooks only: no operation to call (its webhooks are the server's requests)"

JSON_TYPES = re.compile(r"application/(.+\+)?json(;.*)?\Z")
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def entries() -> list[dict[str, Any]]:
    manifest = CORPUS / "manifest.json"
    if not manifest.exists():
        return []
    found: list[dict[str, Any]] = json.loads(manifest.read_text("utf-8"))["specs"]
    return found


def exclusion(entry: Mapping[str, Any]) -> str | None:
    """Why a corpus spec has no wire run (None: it has one)."""
    if entry["name"] in REFUSED:
        return REFUSED[entry["name"]]
    if entry["operations"] == 0:
        return WEBHOOKS_ONLY
    return None


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    """The Python argument name."""
    json_name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    explode: bool


@dataclass(frozen=True, slots=True)
class Op:
    group: str
    name: str
    operation_id: str
    method: str
    path: str
    params: tuple[Param, ...]
    body_annotation: str | None
    """The Python annotation of the `body` argument (as the signature shows it)."""
    body_required: bool
    encodings: tuple[str, ...]
    """The media types the client can send the body as (the first is its default)."""
    security: tuple[tuple[str, ...], ...]
    """The security alternatives (client keywords) of this operation."""
    responses: Mapping[str, str]
    """Documented 2xx status -> the Python type the client declares for it."""
    raw: Mapping[str, Any]

    def __str__(self) -> str:
        return f"{self.name} ({self.method} {self.path})"

    body_content: Mapping[str, Any]
    """The request body's media types (its `$ref` followed)."""

    def body_schema(self, media_type: str) -> Any:
        content = self.body_content
        return content[media_type].get("schema", {}) if media_type in content else {}

    def response(self, status: int) -> tuple[str, Mapping[str, Any]] | None:
        """(status key, response object) of the documented response for `status`."""
        responses = self.raw["responses"]
        for key in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default"):
            if key in responses:
                return key, responses[key]
        return None

    def success_status(self) -> int:
        """The first documented 2xx status (200 where only `default` or 2XX is)."""
        return min((int(key) for key in self.raw["responses"] if key.startswith("2")
                    and key.isdigit()), default=200)


@dataclass
class CorpusSpec:
    name: str
    file: Path
    document: dict[str, Any]
    """The whole document in one file (external `$ref`s inlined)."""
    version: str
    package: str
    ir: Any
    ops: list[Op]
    sampled: bool

    @property
    def oas31(self) -> bool:
        return self.version.startswith("3.1")


def load(entry: Mapping[str, Any]) -> CorpusSpec:
    from generator.load import load_inputs
    from generator.model.build import Options, build_package

    file = corpus_repairs.source(entry)  # square's missing schema added
    package_name = "wire_" + re.sub(r"\W", "_", entry["name"])
    ir = build_package(load_inputs([str(file)]), Options(package=package_name))
    document = bundle(file)
    ops = operations(document, ir)
    sampled = not FULL and len(ops) > SAMPLE_ABOVE_OPERATIONS
    if sampled:
        ops = sorted(random.Random(f"{SEED}/{entry['name']}").sample(ops, SAMPLE_SIZE),
                     key=lambda op: (op.path, op.method))
    return CorpusSpec(entry["name"], file, document, str(document.get("openapi", "3.0")),
                      package_name, ir, ops, sampled)


def operations(document: Mapping[str, Any], ir: Any) -> list[Op]:
    from generator.render.spelling import Spelling

    spell = Spelling(None)
    found: list[Op] = []
    for group in ir.groups:
        for op in group.operations:
            item = document["paths"][op.path]
            raw = item[op.method.lower()]
            declared = {}
            for param in list(item.get("parameters", [])) + list(raw.get("parameters", [])):
                param = deref(document, param)
                declared[(param["name"], param["in"])] = param
            params = []
            for p in op.params:
                # A path template's name the operation does not declare (Square's PUT
                # /v2/vendors/{vendor_id}) is a string argument, as the generator makes it.
                spec_param = declared.get((p.json_name, p.location.value),
                                          {"schema": {"type": "string"}})
                schema = spec_param.get("schema")
                if schema is None:  # `content` instead of `schema`: its one media type
                    schema = next(iter(spec_param.get("content", {}).values()), {}).get(
                        "schema", {})
                params.append(Param(p.name, p.json_name, p.location.value, p.required,
                                    schema, bool(p.explode)))
            body = op.body
            security = op.security if op.security is not None else ir.security.default
            found.append(Op(
                group=group.attribute, name=op.name, operation_id=op.operation_id,
                method=op.method.upper(), path=op.path, params=tuple(params),
                body_annotation=None if body is None else spell.annotation(body.type).flat,
                body_required=body is not None and body.required,
                encodings=() if body is None else tuple(body.encodings),
                security=tuple(security),
                body_content=deref(document, raw.get("requestBody", {})).get("content", {}),
                responses={r.status: spell.response_annotation(r.type).flat
                           for r in op.responses},
                raw=raw))
    return found


# --- one file: external references inlined -------------------------------------------------


def deref(document: Mapping[str, Any], node: Any) -> Any:
    for _ in range(50):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        node = pointer(document, node["$ref"].removeprefix("#"))
    raise ValueError("reference loop")


def pointer(document: Any, path: str) -> Any:
    target = document
    for token in path.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        target = target[int(token)] if isinstance(target, list) else target[token]
    return target


def bundle(file: Path) -> dict[str, Any]:
    """The document with every `$ref` into another file replaced by what it points at
    (local refs of those files too, as they point into their own file). A schema that
    reaches itself through other files is hoisted into `components/schemas` under a name
    of its own and referenced there."""
    cache: dict[Path, Any] = {}
    active: set[tuple[Path, str]] = set()
    hoisted: dict[tuple[Path, str], str] = {}
    hoists: dict[str, Any] = {}

    def read(path: Path) -> Any:
        if path not in cache:
            text = path.read_text("utf-8")
            # The generator's own reader: YAML read as OpenAPI means it (`off` and
            # `2020-01-01` stay text), so the peers judge the document the client was
            # generated from.
            cache[path] = (json.loads(text) if path.suffix == ".json"
                           else read_yaml(text, str(path))[0])
        return cache[path]

    def walk(node: Any, here: Path, root: bool) -> Any:
        if isinstance(node, list):
            return [walk(item, here, root) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        # A URL is left as it is: the generator reads none offline, so a corpus spec holds
        # one only in example data (Square's examples are JSON Schema documents).
        if (isinstance(ref, str) and not ref.startswith(("http://", "https://"))
                and (not ref.startswith("#") or not root)):
            where, _, fragment = ref.partition("#")
            target_file = (here.parent / where).resolve() if where else here
            key = (target_file, fragment)
            if key in active:  # a cycle: refer to the hoisted copy
                name = hoisted.setdefault(key, f"Bundled{len(hoisted) + 1}")
                return {"$ref": f"#/components/schemas/{name}"}
            target = pointer(read(target_file), fragment) if fragment else read(target_file)
            active.add(key)
            try:
                result = walk(target, target_file, target_file == top)
            finally:
                active.discard(key)
            if key in hoisted:
                hoists[hoisted[key]] = result
            return result
        walked = {key: walk(value, here, root) for key, value in node.items()}
        mapping = (node.get("discriminator") or {}).get("mapping")
        if isinstance(mapping, dict):  # its values are references too
            walked["discriminator"] = dict(node["discriminator"]) | {"mapping": {
                tag: mapped(target, here, root) for tag, target in mapping.items()}}
        return walked

    def mapped(ref: Any, here: Path, root: bool) -> Any:
        """A discriminator mapping's reference into another file, as a reference to a copy
        hoisted into `components/schemas` (a schema name, or a local one of the top file,
        is kept)."""
        if not isinstance(ref, str) or "/" not in ref or (ref.startswith("#") and root):
            return ref
        where, _, fragment = ref.partition("#")
        target_file = (here.parent / where).resolve() if where else here
        key = (target_file, fragment)
        if key not in hoisted:
            hoisted[key] = f"Bundled{len(hoisted) + 1}"
            target = pointer(read(target_file), fragment) if fragment else read(target_file)
            active.add(key)
            try:
                hoists[hoisted[key]] = walk(target, target_file, target_file == top)
            finally:
                active.discard(key)
        return f"#/components/schemas/{hoisted[key]}"

    top = file.resolve()
    document: dict[str, Any] = walk(read(top), top, True)
    if hoists:
        document.setdefault("components", {}).setdefault("schemas", {}).update(hoists)
    return document




# --- a sample's document: its operations and what they reach --------------------------------


def trimmed(document: Mapping[str, Any], ops: Sequence[Op]) -> dict[str, Any]:
    """The document with only `ops` under `paths` (and webhooks dropped), and only the
    components they reach (security schemes all kept)."""
    wanted: dict[str, set[str]] = {}
    for op in ops:
        wanted.setdefault(op.path, set()).add(op.method.lower())
    paths = {}
    for path, item in document["paths"].items():
        if path in wanted:
            paths[path] = {key: value for key, value in item.items()
                           if key not in METHODS or key in wanted[path]}
    result = {key: value for key, value in document.items()
              if key not in ("paths", "components", "webhooks")}
    result["paths"] = paths
    components = document.get("components", {})
    kept: dict[str, dict[str, Any]] = {}
    if "securitySchemes" in components:
        kept["securitySchemes"] = components["securitySchemes"]
    pending = list(_refs(paths))
    seen: set[str] = set()
    while pending:
        ref = pending.pop()
        if ref in seen or not ref.startswith("#/components/"):
            continue
        seen.add(ref)
        _, _, kind, name = ref.split("/", 3)
        name = name.replace("~1", "/").replace("~0", "~")
        top = name.split("/")[0]
        kept.setdefault(kind, {})[top] = components[kind][top]
        pending += _refs(components[kind][top])
    if kept:
        result["components"] = copy.deepcopy(kept)
    return result


def remote_refs_in_data(document: Mapping[str, Any]) -> list[str]:
    """The remote `$ref`s left in a bundled document (`bundle` follows none): in the
    corpus, example data (Square's), which Prism tries to download all the same."""
    return sorted({ref for ref in _refs(document) if ref.startswith(("http://", "https://"))})


EXAMPLE_KEYS = ("example", "examples")


def example_refs_renamed(node: Any, inside_example: bool = False) -> Any:
    """A copy of the document in which each URL `$ref` inside example data is renamed
    `x-example-ref`: there it is data (Square's custom attribute definitions hold JSON
    schemas as values), which Prism dereferences all the same and tries to download."""
    if isinstance(node, dict):
        renamed = {key: example_refs_renamed(value, inside_example or key in EXAMPLE_KEYS)
                   for key, value in node.items()}
        ref = node.get("$ref")
        if inside_example and isinstance(ref, str) and ref.startswith(("http://", "https://")):
            renamed["x-example-ref"] = renamed.pop("$ref")
        return renamed
    if isinstance(node, list):
        return [example_refs_renamed(item, inside_example) for item in node]
    return node


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        mapping = node.get("discriminator", {}).get("mapping") if isinstance(
            node.get("discriminator"), dict) else None
        if isinstance(mapping, dict):
            yield from (target for target in mapping.values() if isinstance(target, str))
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)
