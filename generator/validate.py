"""Stage 2: check the document against the OpenAPI 3.0 / 3.1 rules (openapi-spec-validator).

Real specs are often slightly invalid. A problem that cannot change the generated
code (a bad example, a duplicate `required` entry, a misplaced `externalDocs`) is a
warning; anything else stops generation. `strict` makes every problem fatal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.diagnostics import Diagnostic, GenerationError, Severity, pointer
from generator.load import Workspace

# Parts of a document that only describe: errors inside them cannot change the code.
_DESCRIPTIVE_KEYS = frozenset(
    {"info", "tags", "externalDocs", "description", "summary", "example", "examples",
     "contact", "license", "title", "termsOfService", "xml", "deprecated"}
)
# Keywords whose violations do not change what is generated (duplicates, value formats).
_HARMLESS_VALIDATORS = frozenset({"uniqueItems", "format"})
_MAX_REPORTED = 50


def validate(workspace: Workspace, *, strict: bool = False) -> list[Diagnostic]:
    """Warnings to show; raises GenerationError when a problem can affect the code."""
    spec = workspace.spec
    first = workspace.inputs[0]
    version = str(spec.get("openapi") or "")
    if not version:
        hint = "convert Swagger 2.0 to OpenAPI 3 first" if "swagger" in spec else \
            "add `openapi: 3.0.3` (or 3.1.0) at the top"
        what = "Swagger 2.0 is not supported" if "swagger" in spec else "no `openapi` version field"
        raise GenerationError([Diagnostic(first.display, "/openapi", what, hint)])
    if not version.startswith(("3.0", "3.1")):
        raise GenerationError([Diagnostic(first.display, "/openapi",
                                          f"OpenAPI {version} is not supported",
                                          "use an OpenAPI 3.0 or 3.1 document")])
    diagnostics = list(_check(spec, workspace.root_uri, version, first.display))
    for index, found in enumerate(diagnostics):
        if strict and found.severity is Severity.WARNING:
            found = Diagnostic(found.file, found.pointer, found.message, found.hint, found.line)
        diagnostics[index] = Diagnostic(found.file, found.pointer, found.message, found.hint,
                                        first.line_of(found.pointer) if found.pointer else None,
                                        found.severity)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise GenerationError(errors[:_MAX_REPORTED] + _overflow(first.display, errors))
    return diagnostics[:_MAX_REPORTED] + _overflow(first.display, diagnostics)


def _overflow(display: str, found: list[Diagnostic]) -> list[Diagnostic]:
    if len(found) <= _MAX_REPORTED:
        return []
    extra = len(found) - _MAX_REPORTED
    return [Diagnostic(display, "", f"{extra} more problems of the same kinds not shown",
                       "fix the ones above and run again", severity=found[0].severity)]


def _check(spec: dict[str, Any], base_uri: str, version: str, display: str) -> Iterable[Diagnostic]:
    # Imported here: the validator is the slowest import of the generator.
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    cls = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    validator = cls(SchemaPath.from_dict(spec, base_uri=base_uri))
    seen: set[tuple[str, str]] = set()
    try:
        for error in validator.iter_errors():
            where = pointer(*error.absolute_path)
            message = " ".join(str(error.message).split())
            if len(message) > 200:
                message = message[:197] + "..."
            if (where, message) in seen:
                continue
            seen.add((where, message))
            severity = _severity(list(error.absolute_path), str(error.validator), message)
            yield Diagnostic(display, where, f"invalid OpenAPI: {message}",
                             "fix the document or pass it without --strict" if
                             severity is Severity.WARNING else "fix the document",
                             severity=severity)
    except Exception as error:  # noqa: BLE001 - the validator crashes on some broken refs
        # The resolve stage reports dangling references precisely; this only notes the stop.
        detail = " ".join(str(error).split())[:160]
        yield Diagnostic(display, "", f"the spec validator stopped early: {type(error).__name__}: "
                         f"{detail}", "the problems below come from the generator's own checks",
                         severity=Severity.WARNING)


def _severity(path: list[Any], validator: str, message: str) -> Severity:
    keys = {str(part) for part in path}
    if keys & _DESCRIPTIVE_KEYS or any(key.startswith("x-") for key in keys):
        return Severity.WARNING
    if validator in _HARMLESS_VALIDATORS:
        return Severity.WARNING
    if "'$ref'" in message or "'externalDocs'" in message:
        # A `$ref` where the rules do not allow one: the resolver follows it anyway.
        return Severity.WARNING
    return Severity.ERROR
