"""Property test over every corpus spec: valid instances of its named schemas (components, or files of their own) decode
with the generated client's `from_dict` to the union members whose schemas they satisfy,
and `to_dict` gives back the same JSON.

One line per spec in the terminal summary:
`unions[stripe]: schemas N, instances M, round trips equal M/M, unions decided K/K`.
The big specs run on a sample of schemas with few examples each;
`CAMPFIRE_FULL_CORPUS=1` runs every schema of every spec, with more examples.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.load import load_inputs
from generator.model.build import Options, build_package
from generator.model.schemas import named_by_spec
from generator.render import render_package
from tests import corpus_repairs
from tests.test_corpus import CORPUS, REFUSED, _entries
from tests.unions.conftest import SUMMARY
from tests.unions.instances import (
    Checker,
    InstanceMaker,
    Unbuildable,
    model_members,
    plain,
)

FULL = os.environ.get("CAMPFIRE_FULL_CORPUS", "") not in ("", "0")
BIG = {"stripe", "openai-31", "adyen-checkout-31", "inventree-drf", "digitalocean", "square"}
SAMPLED_SCHEMAS = 40
"""Schemas of a big spec in the default run (evenly spread over its components)."""
EXAMPLES = 8 if FULL else 3
"""Instances tried per schema (instances the validator refuses are not counted)."""


def _sample(names: list[str], big: bool) -> list[str]:
    if FULL or not big or len(names) <= SAMPLED_SCHEMAS:
        return names
    step = len(names) / SAMPLED_SCHEMAS
    return [names[int(index * step)] for index in range(SAMPLED_SCHEMAS)]


@pytest.fixture(autouse=True)
def _corpus_present() -> None:
    from tests.conftest import require_shared

    require_shared(CORPUS / "manifest.json")


@pytest.mark.parametrize("entry", [e for e in _entries()
                                   if e["name"] not in REFUSED or corpus_repairs.note(e["name"])],
                         ids=lambda entry: entry["name"])
def test_instances_decode_to_their_members_and_back(entry: dict[str, Any],
                                                    tmp_path: Path) -> None:
    name = entry["name"]
    package_name = "unions_" + name.replace("-", "_")
    workspace = load_inputs([str(corpus_repairs.source(entry))])
    package = build_package(workspace, Options(package=package_name))
    for path, text in render_package(package).files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, "utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        models = importlib.import_module(f"{package_name}.models")
        checker = Checker(workspace)
        schema_of = {m.name: m.schema for module in package.modules for m in module.models}
        # Each named schema's class for responses (a schema with readOnly fields
        # has two; the one a response decodes to).
        classes: dict[str, str] = {}
        for module in package.modules:
            for model in module.models:
                if model.direction.value in ("read", "both"):
                    classes.setdefault(model.schema, model.name)
        # The named schemas (components, and whole files where a spec keeps its schemas
        # in files of their own), by where each is written.
        where = {shown: checker.location_of(shown) for shown in classes}
        components = sorted(shown for shown, location in where.items()
                            if named_by_spec(location))
        chosen = _sample(components, name in BIG)
        instances = equal = decided = unions = 0
        problems: list[str] = []
        apart: list[str] = []  # decisions counted apart, each with its reason
        for index, component in enumerate(chosen):
            location = where[component]
            cls = getattr(models, classes[component])
            maker = InstanceMaker(workspace, seed=index)
            node = {"$ref": f"{location.uri}#{location.pointer}"}
            for _ in range(EXAMPLES):
                try:
                    instance = maker.make(node, location)
                except Unbuildable:
                    continue
                if not isinstance(instance, dict) or not checker.valid(instance, location):
                    continue
                instances += 1
                try:
                    decoded = cls.from_dict(instance)
                except Exception as error:  # noqa: BLE001 - counted and named below
                    problems.append(f"{component}: {str(error).splitlines()[0][:200]}")
                    continue
                if plain(decoded.to_dict()) == plain(instance):
                    equal += 1
                else:
                    problems.append(f"{component}: to_dict differs")
                for member, data in model_members(decoded, instance):
                    unions += 1
                    shown = schema_of[type(member).__name__]
                    member_location = checker.location_of(shown)
                    verdict = checker.valid(data, member_location)
                    if verdict:
                        decided += 1
                    elif verdict is None:
                        apart.append(f"the validator cannot follow {shown}")
                    elif checker.undeclared_required(member_location):
                        apart.append(f"{type(member).__name__} requires "
                                     f"{checker.undeclared_required(member_location)} "
                                     "without declaring them")
                    else:
                        problems.append(f"{component}: decoded as {type(member).__name__},"
                                        f" whose schema the data does not satisfy: "
                                        + checker.first_error(data, checker.location_of(shown)))
    finally:
        sys.path.remove(str(tmp_path))
        for loaded in [m for m in sys.modules if m.split(".")[0] == package_name]:
            del sys.modules[loaded]
    line = (f"unions[{name}]: schemas {len(chosen)}, instances {instances}, round trips "
            f"equal {equal}/{instances}, unions decided {decided}/{unions - len(apart)}")
    if apart:
        line += f", counted apart {len(apart)} ({'; '.join(sorted(set(apart)))})"
    repaired = corpus_repairs.note(name)
    if repaired:
        line += f" (repaired: {repaired})"
    SUMMARY.append(line + ("" if FULL or name not in BIG else
                           f" (sample of {len(components)}; CAMPFIRE_FULL_CORPUS=1: all)"))
    assert not problems, line + "\n" + "\n".join(problems[:20])
    assert equal == instances and decided == unions - len(apart)
