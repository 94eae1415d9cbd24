"""Two operations, one method name: an operationId given twice is refused (OpenAPI
requires them unique), and two that make the same name are both kept, with a warning
naming both: the one the spec spells as the method name keeps it, whatever the order of
the document (`names.spec_order`), and the other is numbered."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main


def spec(first: str, second: str) -> dict[str, object]:
    def operation(operation_id: str) -> dict[str, object]:
        return {"get": {"operationId": operation_id, "tags": ["things"],
                        "responses": {"204": {"description": "done"}}}}

    return {"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
            "paths": {"/a": operation(first), "/b": operation(second)}}


def generate(tmp_path: Path, capsys: pytest.CaptureFixture[str], first: str, second: str,
             *flags: str) -> tuple[int, list[str]]:
    """The exit status, and the lines about the spec without its name."""
    source = tmp_path / "spec.yaml"
    source.write_text(yaml.safe_dump(spec(first, second), sort_keys=False), "utf-8")
    status = main(["generate", str(source), "-o", str(tmp_path / "out"),
                   "--package-name", "things_client", *flags])
    err = capsys.readouterr().err
    return status, [line.removeprefix(f"{source}:") for line in err.splitlines()
                    if line.startswith(str(source))]


def line_of_second(key: str, path: str = "/b") -> int:
    """The line of `/paths/~1b/get` (key "get") or of its operationId, as written."""
    lines = yaml.safe_dump(spec("x", "y"), sort_keys=False).splitlines()
    get = lines.index(f"  {path}:") + 2
    return get if key == "get" else get + 1


def things_group(out: Path) -> type:
    sys.path.insert(0, str(out))
    try:
        group: type = importlib.import_module("things_client.api.things").ThingsApi
        return group
    finally:
        sys.path.remove(str(out))
        for name in [name for name in sys.modules if name.startswith("things_client")]:
            del sys.modules[name]


def test_an_operation_id_given_twice_is_one_error_naming_both(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = generate(tmp_path, capsys, "get_thing", "get_thing")
    assert status == 2 and not (tmp_path / "out").exists()
    assert lines == [(
        f"{line_of_second('operationId')} /paths/~1b/get/operationId: error: invalid "
        "OpenAPI: operationId 'get_thing' is also that of /paths/~1a/get/operationId: "
        "operationIds must be unique (each names a method) (rename one of them)")]


def test_operation_ids_that_make_one_name_keep_both_methods_and_warn(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = generate(tmp_path, capsys, "get_thing", "getThing")
    warning = ("/paths/~1b/get: {}: operationId 'getThing' makes the method `get_thing`, as "
               "'get_thing' of /paths/~1a/get does: this one is `get_thing_2` (give the "
               "operations operationIds that differ in more than case and separators{})")
    at = f"{line_of_second('get')} "
    assert status == 0 and lines == [at + warning.format("warning", "")]
    # Both methods exist; the one the spec spells that way keeps the name.
    group = things_group(tmp_path / "out")
    assert "`GET /a`" in group.get_thing.__doc__
    assert "`GET /b`" in group.get_thing_2.__doc__

    status, lines = generate(tmp_path, capsys, "get_thing", "getThing", "--strict")
    assert status == 2
    assert lines == [at + warning.format("error", ", or pass the spec without --strict")]


def test_the_operation_id_spelled_as_the_method_keeps_it_whatever_comes_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines = generate(tmp_path, capsys, "getThing", "get_thing")
    assert status == 0 and lines == [
        (f"{line_of_second('get', '/a')} /paths/~1a/get: warning: operationId 'getThing' "
        "makes the method `get_thing`, as 'get_thing' of /paths/~1b/get does: this one is "
        "`get_thing_2` (give the operations operationIds that differ in more than case and "
        "separators)")]
    group = things_group(tmp_path / "out")
    assert "`GET /b`" in group.get_thing.__doc__
    assert "`GET /a`" in group.get_thing_2.__doc__
