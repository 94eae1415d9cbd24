"""Property test: every random valid OpenAPI 3.0 / 3.1 document gives a client that
compiles, imports and sends its requests (issue 8), and a sample of those clients passes
`mypy --strict`.

The documents come from tests/openapi_strategies.py. Each example is checked in stages:

1. valid: the stock openapi-spec-validator accepts the document as written to disk (a
   failure here is a bug of the strategy, not of the generator);
2. generate: the generator runs in-process (`generator.pipeline.generate`, what the CLI
   calls), into a folder of its own, under a package name never used before;
3. compile: every generated module compiles, with warnings as errors (an invalid escape
   in a docstring is a SyntaxWarning today and an error tomorrow);
4. import: one long-lived child interpreter imports every module of the package, does
   `from package import *` and `from package.models import *`, prepares every model's
   decoder (`json_names()`), and opens every operation group on both clients;
5. call: the same child sends every operation once through an httpx MockTransport that
   answers 204, with a made-up value for each parameter whose type allows one (text full
   of characters a URL must escape; models with a value in every field, three levels
   deep); only the client's own ApiError and DecodeError may come back, and no value may
   leave the URL unescaped.

Environment:
- `CAMPFIRE_FUZZ_EXAMPLES=N` runs N examples (default 300);
- `CAMPFIRE_FUZZ_SURVEY=1` does not stop at the first failure: it runs every example,
  then fails listing each distinct failure with its count and smallest document (for
  long runs: `CAMPFIRE_FUZZ_EXAMPLES=10000 CAMPFIRE_FUZZ_SURVEY=1`);
- `CAMPFIRE_FUZZ_REPORT=FILE` writes the survey's failures there in full (each smallest
  document as JSON, then its traceback);
- `CAMPFIRE_FUZZ_MYPY_SAMPLE=N` sets the size of the mypy sample (default 20).
Every run prints a summary line `fuzz: ...` (shown with `pytest -s`, and on failure).
"""

from __future__ import annotations

import json
import keyword
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.diagnostics import GenerationError
from generator.model.build import Options
from generator.pipeline import Result, generate
from generator.validate import ValidationWorker
from tests.openapi_strategies import documents

EXAMPLES = int(os.environ.get("CAMPFIRE_FUZZ_EXAMPLES", "300"))
SURVEY = os.environ.get("CAMPFIRE_FUZZ_SURVEY", "") not in ("", "0")
MYPY_SAMPLE = int(os.environ.get("CAMPFIRE_FUZZ_MYPY_SAMPLE", "20"))
REPORT = os.environ.get("CAMPFIRE_FUZZ_REPORT")
IMPORT_TIMEOUT = 60.0
HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
          HealthCheck.filter_too_much]


@dataclass(frozen=True, slots=True)
class Case:
    """One document as written to disk, and the options it is generated with."""

    document: dict[str, Any]
    fmt: str
    number_type: str
    layout: str
    emit_ir: bool

    def text(self) -> str:
        if self.fmt == "json":
            return json.dumps(self.document, indent=1, ensure_ascii=False)
        text = str(yaml.dump(self.document, Dumper=_Dumper, allow_unicode=True,
                             sort_keys=False, width=80))
        if yaml.safe_load(text) != self.document:
            # PyYAML writes some characters (U+0085, say) raw where its reader takes
            # them for line breaks: escape everything that is not ASCII instead.
            text = str(yaml.dump(self.document, Dumper=_Dumper, sort_keys=False, width=80))
        return text


# Plain scalars that YAML 1.2's core schema (what OpenAPI recommends, and what the
# generator reads) or YAML 1.1 would not read as text: `1e100` is text to PyYAML but a
# number in YAML 1.2, `<<` a merge key.
_NOT_TEXT = re.compile(r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE|<<|="
                       r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
                       r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                       r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting every text that some YAML reader takes for more."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if _NOT_TEXT.fullmatch(text):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="'")
    return dumper.represent_str(text)


_Dumper.add_representer(str, _represent_text)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    return Case(draw(documents()), draw(st.sampled_from(["json", "yaml"])),
                draw(st.sampled_from(["decimal", "float"])),
                draw(st.sampled_from(["package", "package", "project"])), draw(st.booleans()))


# --- the stages -----------------------------------------------------------------------------


class StrategyError(AssertionError):
    """The strategy produced a document the stock validator rejects: fix the strategy."""


class BadInputOnValidDocument(AssertionError):
    """The generator said exit 2 (bad input) on a valid document."""


class CompileFailure(AssertionError):
    """A generated module does not compile (or warns while compiling)."""


class ImportFailure(AssertionError):
    """The generated package does not import or load in a fresh interpreter."""


class CallFailure(AssertionError):
    """An operation of the generated client fails to build or send its request."""


_FAILURE_KINDS: dict[tuple[str, str], type[AssertionError]] = {}


def child_failure(stage: str, kind: str) -> type[AssertionError]:
    """One exception class per stage and remote error type: hypothesis tells distinct
    failures apart by their type, so that one run can shrink several different ones."""
    cls = _FAILURE_KINDS.get((stage, kind))
    if cls is None:
        base = CallFailure if stage == "call" else ImportFailure
        cls = type(f"{base.__name__}_{kind}", (base,), {})
        _FAILURE_KINDS[stage, kind] = cls
    return cls


def check_valid(case: Case, text: str) -> bool:
    """Whether the stock validator gave a verdict on the document as the generator will
    read it; raises StrategyError when the verdict is "invalid"."""
    from openapi_spec_validator import validate

    data = json.loads(text) if case.fmt == "json" else yaml.safe_load(text)
    if data != case.document:
        raise StrategyError("the document changed on its way through " + case.fmt)
    try:
        validate(data)
    except RecursionError:
        # The stock validator recurses without end when an allOf reaches a schema whose
        # `items` refer back to it (`A: {type: array, items: {$ref: A}}` under a
        # one-member allOf): no verdict, so the generator's own checks decide.
        return False
    except Exception as error:  # noqa: BLE001 - every rejection means the same here
        reason = (str(error).splitlines() or [repr(error)])[0]
        raise StrategyError(f"the strategy produced an invalid document: {reason}") from None
    return True


def run_generator(spec: Path, out: Path, case: Case, package: str,
                  validator: ValidationWorker) -> Result:
    try:
        result = generate([str(spec)], out, Options(package=package,
                                                   number_type=case.number_type),
                          emit_ir=case.emit_ir, layout=case.layout, validator=validator)
    except GenerationError as error:
        lines = "\n".join(diagnostic.render() for diagnostic in error.diagnostics)
        raise BadInputOnValidDocument(f"generate: exit 2 on a valid document:\n{lines}") \
            from None
    except Exception as error:
        error.add_note("stage: generate (the CLI exits 3: internal error)")
        raise
    return result


def compile_all(files: dict[str, str], out: Path, package: str) -> list[str]:
    """Compile every module as written to disk; the dotted names of the package's
    modules."""
    modules = []
    for name in sorted(files):
        if not name.endswith(".py"):
            continue
        try:
            source = (out / name).read_text("utf-8")
        except OSError as error:
            raise CompileFailure(f"compile: {name}: not written: {error}") from None
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                compile(source, str(out / name), "exec", dont_inherit=True)
            except SyntaxError as error:
                line = (error.text or "").strip()
                raise CompileFailure(f"compile: {name}, line {error.lineno}: "
                                     f"{type(error).__name__}: {error.msg}: {line}") from None
            except (SyntaxWarning, ValueError) as error:
                raise CompileFailure(f"compile: {name}: {type(error).__name__}: {error}") \
                    from None
        if name.startswith(f"{package}/"):
            modules.append(name[:-3].replace("/", ".").removesuffix(".__init__"))
    return modules


# The child interpreter: reads one request per line, answers one line each.
IMPORTER = r'''
import ast, dataclasses, datetime, decimal, enum, functools, importlib, inspect, json, sys
import traceback, uuid, warnings
import httpx

SYNC_HTTP = httpx.Client()
ASYNC_HTTP = httpx.AsyncClient()
# Text that a path, a query, a header or a form must carry escaped or encoded.
TEXT = "a b/c?d#e%25&f=g\u00e9"
SIMPLE = {"str": TEXT, "int": 7, "float": 1.5, "Decimal": decimal.Decimal("1.50"),
          "bool": True, "date": datetime.date(2024, 1, 2), "Any": TEXT, "object": TEXT,
          "datetime": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
          "UUID": uuid.UUID(int=1), "bytes": b"\x00x"}


class Unsupported(Exception):
    pass


def options(annotation):
    # The members of a union annotation, split at the | outside brackets and quotes.
    parts, depth, quote, current = [], 0, None, []
    for char in annotation:
        if quote:
            quote = None if char == quote and current[-1:] != ["\\"] else quote
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part not in ("None", "Unset", "rt.Unset")]


def value_for(annotation, runtime, models, depth=0):
    for option in options(annotation):
        if option in SIMPLE:
            return SIMPLE[option]
        if option.startswith("Literal[") and option.endswith("]"):
            return ast.literal_eval("[" + option[len("Literal["):-1] + "]")[0]
        for prefix in ("list[", "Sequence[", "frozenset[", "set["):
            if option.startswith(prefix) and option.endswith("]"):
                return [value_for(option[len(prefix):-1], runtime, models, depth)]
        if option.startswith(("dict[str, ", "Mapping[str, ")) and option.endswith("]"):
            inner = option[option.index(", ") + 2:-1]
            return {"k": value_for(inner, runtime, models, depth)}
        if option in ("rt.Upload", "rt.FileInput"):  # a bare `Upload` is a model's name
            return runtime.Upload(b"x", "f.txt", "text/plain")
        target = getattr(models, option, None)
        if isinstance(target, type) and issubclass(target, enum.Enum):
            return next(iter(target))
        if isinstance(target, type) and issubclass(target, runtime.Model) and depth < 3:
            try:
                return model_value(target, runtime, models, depth + 1)
            except Unsupported:
                pass
    raise Unsupported(annotation)


def model_value(cls, runtime, models, depth):
    # An instance with a value in every field that can have one (all required ones).
    values = {}
    for field in dataclasses.fields(cls):
        if field.name == "additional_properties":
            continue
        required = (field.default is dataclasses.MISSING
                    and field.default_factory is dataclasses.MISSING)
        try:
            values[field.name] = value_for(str(field.type), runtime, models, depth)
        except Unsupported:
            if required:
                raise
    return cls(**values)


def answer_204(request):
    if request.url.fragment or "#" in str(request.url):
        raise AssertionError(f"a value left the URL unescaped: {request.url}")
    return httpx.Response(204)


def call_every_operation(package, runtime, models, client_module, api_modules):
    # Send each operation once, through a transport that answers 204, with a value for
    # every parameter whose type is simple enough to make one; returns (sent, skipped).
    http = httpx.Client(transport=httpx.MockTransport(answer_204))
    # Every credential the client takes, so that every operation's security is met.
    schemes = getattr(client_module.SECURITY, "schemes", {})
    credentials = {name: ("user", "secret") if "tuple" in str(parameter.annotation)
                   else "secret"
                   for name, parameter in inspect.signature(client_module.Client).parameters.items()
                   if name in schemes}
    client = client_module.Client(base_url="https://api.example.test/base", http_client=http,
                                  **credentials)
    sent = skipped = 0
    for module in api_modules:
        for group_class in list(vars(module).values()):
            if not (isinstance(group_class, type) and issubclass(group_class, runtime.SyncGroup)
                    and group_class is not runtime.SyncGroup):
                continue
            group = group_class(client)
            for name, operation in list(vars(group_class).items()):
                if not inspect.isfunction(operation) or name.startswith("_"):
                    continue  # the operations are the group's public methods
                args, kwargs = [], {}
                try:
                    for parameter in inspect.signature(getattr(group, name)).parameters.values():
                        required = parameter.default is inspect.Parameter.empty
                        try:
                            value = value_for(str(parameter.annotation), runtime, models)
                        except Unsupported:
                            if required:
                                raise
                            continue
                        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                            kwargs[parameter.name] = value
                        else:
                            args.append(value)
                except Unsupported:
                    skipped += 1
                    continue
                try:
                    getattr(group, name)(*args, **kwargs)
                except (runtime.ApiError, runtime.DecodeError):
                    pass  # the server's answer does not fit: the client said so
                except runtime.EncodingError as error:
                    # An object in an OpenAPI-style form: refused, as documented.
                    if "OpenAPI-style form" not in error.reason:
                        raise
                sent += 1
    return sent, skipped


def check(root, package, modules, stage):
    runtime = importlib.import_module(package + "._runtime")
    for module in modules:
        importlib.import_module(module)
    exec(f"from {package} import *", {})
    exec(f"from {package}.models import *", {})
    models = importlib.import_module(package + ".models")
    for name in models.__all__:
        value = getattr(models, name)
        if isinstance(value, type) and issubclass(value, runtime.Model):
            value.json_names()
    client = importlib.import_module(package + ".client")
    for cls, http in ((client.Client, SYNC_HTTP), (client.AsyncClient, ASYNC_HTTP)):
        instance = cls(None, base_url="https://api.example.test", http_client=http)
        for name, attribute in vars(cls).items():
            if isinstance(attribute, functools.cached_property):
                getattr(instance, name)
    stage[0] = "call"
    api = [sys.modules[name] for name in modules if name.startswith(package + ".api.")]
    return call_every_operation(package, runtime, models, client, api)


for line in sys.stdin:
    request = json.loads(line)
    root, package = request["root"], request["package"]
    sys.path.insert(0, root)
    stage = ["import"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            sent, skipped = check(root, package, request["modules"], stage)
        answer = {"ok": True, "sent": sent, "skipped": skipped}
    except BaseException as error:
        answer = {"ok": False, "stage": stage[0], "kind": type(error).__name__,
                  "error": "".join(traceback.format_exception(error))[-4000:]}
    finally:
        sys.path.remove(root)
        for name in [name for name in sys.modules
                     if name == package or name.startswith(package + ".")]:
            del sys.modules[name]
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
'''


class Importer:
    """A child interpreter that imports generated packages, one request at a time; it is
    started again if a package kills it."""

    def __init__(self, log: Path) -> None:
        self._log = log
        self._process: subprocess.Popen[str] | None = None
        self._stderr: IO[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        if self._process is None or self._process.poll() is not None:
            self._stderr = self._log.open("w", encoding="utf-8")
            self._process = subprocess.Popen(
                [sys.executable, "-X", "utf8", "-c", IMPORTER], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=self._stderr, text=True, encoding="utf-8")
        return self._process

    def check(self, root: Path, package: str, modules: list[str]) -> tuple[int, int]:
        """Import the package, then send every operation; (operations sent, operations
        skipped for want of a value for a required parameter)."""
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        request = json.dumps({"root": str(root), "package": package, "modules": modules})
        try:
            process.stdin.write(request + "\n")
            process.stdin.flush()
        except OSError:
            pass  # it died: the read below says so
        ready, _, _ = select.select([process.stdout], [], [], IMPORT_TIMEOUT)
        line = process.stdout.readline() if ready else ""
        if not line:
            self.close()
            stderr = self._log.read_text("utf-8", errors="replace")[-3000:]
            kind = "Timeout" if not ready else "Died"
            raise child_failure("import", kind)(
                f"import: the importing interpreter {'hung' if not ready else 'died'} on "
                f"{package}:\n{stderr}")
        answer = json.loads(line)
        if not answer["ok"]:
            stage = answer["stage"]
            raise child_failure(stage, answer["kind"])(f"{stage}: {package}:\n{answer['error']}")
        return int(answer["sent"]), int(answer["skipped"])

    def close(self) -> None:
        if self._process is not None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None


# --- the run ------------------------------------------------------------------------------


@dataclass(slots=True)
class Stats:
    examples: int = 0
    generated: int = 0
    imported: int = 0
    warned: int = 0
    unvalidated: int = 0
    sent: int = 0
    """Operations sent (to a transport that answers 204)."""
    skipped: int = 0
    """Operations not sent: a required parameter's type is too rich for a made-up value."""
    """Documents the stock validator could not decide on (it recursed without end)."""
    counts: dict[str, int] = field(default_factory=dict)
    """How many examples failed, by failure signature."""
    failures: dict[str, tuple[str, str]] = field(default_factory=dict)
    """The smallest failing document (as JSON) and its error, by failure signature."""

    def record(self, signature: str, case: Case, error: str) -> None:
        text = json.dumps(case.document, ensure_ascii=False)
        self.counts[signature] = self.counts.get(signature, 0) + 1
        known = self.failures.get(signature)
        if known is None or len(text) < len(known[0]):
            self.failures[signature] = (text, error)

    def summary(self) -> str:
        by_stage: dict[str, int] = {}
        for signature, count in self.counts.items():
            stage = signature.split(":", 1)[0]
            by_stage[stage] = by_stage.get(stage, 0) + count
        stages = ", ".join(f"{stage}={count}" for stage, count in sorted(by_stage.items()))
        return (f"fuzz: {self.examples} examples, {self.generated} generated, "
                f"{self.imported} imported, {self.sent} operations sent "
                f"({self.skipped} skipped), {self.warned} with generator warnings, "
                f"{self.unvalidated} the stock validator could not decide, "
                f"{len(self.failures)} distinct failures ({stages or 'none'})")

    def report(self, limit: int = 2000) -> str:
        parts = [self.summary()]
        for signature, (text, error) in sorted(self.failures.items()):
            parts.append(f"\n=== {signature} ({self.counts[signature]} examples); "
                         f"smallest document:\n{text[:limit]}\n--- error:\n"
                         f"{error[-limit:]}")
        return "\n".join(parts)


def signature_of(error: BaseException) -> str:
    """What makes two failures the same: the stage, the error type, where it was raised."""
    if isinstance(error, StrategyError):
        return f"strategy: {str(error).splitlines()[0][:120]}"
    if isinstance(error, BadInputOnValidDocument):
        lines = str(error).splitlines()
        first = lines[1] if len(lines) > 1 else lines[0]
        return f"bad-input: {first.split(': error: ', 1)[-1][:100]}"
    if isinstance(error, CompileFailure):
        # The message, and the keywords of the offending line (`from .none import None`
        # and `class None(rt.Model):` are both "None").
        message = str(error).split(": ", 3)[-1]
        reason, _, line = message.partition(": ")
        words = sorted(set(re.findall(r"\w+", line)) & set(keyword.kwlist))
        return f"compile: {reason} {words}"
    if isinstance(error, (ImportFailure, CallFailure)):
        stage = "call" if isinstance(error, CallFailure) else "import"
        last = [line for line in str(error).splitlines() if line.strip()][-1]
        return f"{stage}: {last[:120]}"
    frames = traceback.extract_tb(error.__traceback__)
    where = next((f"{Path(frame.filename).name}:{frame.lineno}" for frame in reversed(frames)
                  if "/generator/" in frame.filename), "?")
    return f"crash: {type(error).__name__} at {where}"


class Fuzzer:
    def __init__(self, work: Path, validator: ValidationWorker, importer: Importer) -> None:
        self.work = work
        self.validator = validator
        self.importer = importer
        self.stats = Stats()
        self._counter = 0

    def run(self, case: Case) -> None:
        self.stats.examples += 1
        try:
            self.check(case)
        except Exception as error:
            self.stats.record(signature_of(error), case, "".join(
                traceback.format_exception(error)))
            if not SURVEY or isinstance(error, StrategyError):
                raise  # hypothesis shrinks it

    def check(self, case: Case) -> None:
        self._counter += 1
        package = f"fz{os.getpid()}_{self._counter}"
        folder = self.work / package
        folder.mkdir()
        spec = folder / f"spec.{case.fmt}"
        text = case.text()
        spec.write_text(text, "utf-8")
        if not check_valid(case, text):
            self.stats.unvalidated += 1
        out = folder / "out"
        result = run_generator(spec, out, case, package, self.validator)
        self.stats.generated += 1
        self.stats.warned += bool(result.warnings)
        modules = compile_all(result.files, out, package)
        assert f"{package}.models" in modules and f"{package}.client" in modules, \
            sorted(result.files)
        sent, skipped = self.importer.check(out, package, modules)
        self.stats.imported += 1
        self.stats.sent += sent
        self.stats.skipped += skipped
        shutil.rmtree(folder)  # 10,000 examples must not fill the disk


@pytest.fixture(scope="module")
def validator() -> Iterator[ValidationWorker]:
    with ValidationWorker() as worker:
        yield worker


@pytest.fixture(scope="module")
def importer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Importer]:
    worker = Importer(tmp_path_factory.mktemp("importer") / "stderr.txt")
    try:
        yield worker
    finally:
        worker.close()


def test_random_valid_documents_give_clients_that_compile_import_and_send(
        tmp_path: Path, validator: ValidationWorker, importer: Importer) -> None:
    fuzzer = Fuzzer(tmp_path, validator, importer)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=HEALTH, print_blob=True)
    @given(case=cases())
    def every_document(case: Case) -> None:
        fuzzer.run(case)

    try:
        every_document()
    finally:
        # Without SURVEY, the counts include hypothesis's replays while it shrinks.
        print(fuzzer.stats.summary())
        if REPORT:
            Path(REPORT).write_text(fuzzer.stats.report(limit=10 ** 6), "utf-8")
    assert not fuzzer.stats.failures, fuzzer.stats.report()
    assert fuzzer.stats.imported == fuzzer.stats.examples >= min(EXAMPLES, 100)


_SCHEMA_KEYWORDS = frozenset({"nullable", "const", "discriminator", "mapping", "readOnly",
                              "writeOnly", "additionalProperties", "patternProperties",
                              "allOf", "oneOf", "anyOf", "not", "default", "deprecated",
                              "uniqueItems", "explode", "allowReserved", "content", "$ref"})
_PLACES = {"parameters": "parameter", "requestBody": "body", "responses": "response",
           "schemas": "model", "headers": "header", "webhooks": "webhook"}
_CONTAINERS = {"properties": "property", "items": "items", "additionalProperties": "extra",
               "allOf": "allOf", "oneOf": "union", "anyOf": "union", "content": "content"}


def features(document: dict[str, Any]) -> set[str]:
    """What a document exercises, by the place it is in and the schema holding it:
    `parameter:enum:float+int`, `model/property:type:null+string`, `style:deepObject`,
    `body/union:discriminator`..."""
    found: set[str] = set()

    def walk(node: Any, place: str, holder: str) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, place, holder)
            return
        if not isinstance(node, dict):
            return
        where = f"{place}/{holder}" if holder else place
        for key, value in node.items():
            if key == "enum" and isinstance(value, list):
                kinds = sorted({type(item).__name__ for item in value})
                found.add(f"{where}:enum:{'+'.join(kinds)}")
            elif key == "type":
                kinds = sorted(value) if isinstance(value, list) else [str(value)]
                found.add(f"{where}:type:{'+'.join(kinds)}")
            elif key in ("format", "style", "in") and isinstance(value, str):
                found.add(f"{key}:{value}")
            elif key in _SCHEMA_KEYWORDS:
                found.add(f"{where}:{key}")
            elif "/" in key and place in ("body", "response"):
                found.add(f"{place}:{key}")  # a media type
            if key in _PLACES:
                walk(value, _PLACES[key], "")
            elif key == "properties" and isinstance(value, dict):
                for schema in value.values():  # the names are no keywords
                    walk(schema, place, "property")
            else:
                walk(value, place, _CONTAINERS.get(key, holder))

    walk(document, "document", "")
    found.add(f"openapi:{document['openapi'][:3]}")
    return found


def test_a_sample_of_the_clients_passes_mypy_strict(tmp_path: Path,
                                                    validator: ValidationWorker) -> None:
    """One mypy run over MYPY_SAMPLE clients (the same ones on every run), chosen among
    5 * MYPY_SAMPLE generated ones to cover as many features as possible (see `features`).
    Documents the generator cannot handle are left out here: the test above reports
    them."""
    sample = tmp_path / "sample"
    sample.mkdir()
    generated: list[tuple[set[str], int, Path]] = []
    tries = iter(range(10 ** 6))

    @settings(max_examples=MYPY_SAMPLE * 5, deadline=None, database=None,
              suppress_health_check=HEALTH, derandomize=True, phases=[Phase.generate])
    @given(case=cases())
    def collect(case: Case) -> None:
        number = next(tries)
        package = f"sample_{number}"
        folder = tmp_path / f"try_{number}"
        folder.mkdir()
        spec = folder / f"spec.{case.fmt}"
        spec.write_text(case.text(), "utf-8")
        try:
            files = run_generator(spec, folder / "out", case, package, validator).files
            compile_all(files, folder / "out", package)
        except Exception:  # noqa: BLE001 - the test above reports these
            return
        size = sum(len(text) for name, text in files.items() if name.endswith(".py"))
        generated.append((features(case.document) | {f"numbers:{case.number_type}"}, size,
                          folder / "out" / package))

    collect()
    assert len(generated) >= MYPY_SAMPLE, f"only {len(generated)} clients generated"
    covered: set[str] = set()
    packages: list[str] = []
    while len(packages) < MYPY_SAMPLE:
        best = max(generated, key=lambda item: (len(item[0] - covered), item[1]))
        generated.remove(best)
        covered |= best[0]
        best[2].rename(sample / best[2].name)
        packages.append(best[2].name)
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", "utf-8")
    with tempfile.TemporaryDirectory() as cache:
        command = [sys.executable, "-m", "mypy", "--strict", "--config-file", str(config),
                   "--cache-dir", cache, "--no-error-summary", "--hide-error-context",
                   *[part for package in packages for part in ("-p", package)]]
        result = subprocess.run(command, cwd=sample, capture_output=True, text=True,
                                check=False, env={**os.environ, "MYPYPATH": str(sample)})
    print(f"fuzz: mypy --strict on {len(packages)} generated clients covering "
          f"{len(covered)} features: exit {result.returncode}")
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
