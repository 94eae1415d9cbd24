"""`[tool.campfire-codegen]` in pyproject.toml: `generate` needs no flags, flags override it,
mistakes in it are one located line and exit 2 with nothing written."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.config import load_config
from tests.conftest import ROOT
from tests.test_bad_input import parse_stderr, snapshot

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1"},
    "paths": {"/pets": {"get": {"operationId": "list_pets", "responses": {"200": {
        "description": "ok", "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/Pet"}}}}}}}},
    "components": {"schemas": {"Pet": {"type": "object", "properties": {
        "price": {"type": "number"}}}}},
}
TOYS = {"openapi": "3.0.3", "info": {"title": "Shop", "version": "1"},
        "paths": {"/toys": {"get": {"operationId": "list_toys", "responses": {
            "204": {"description": "none"}}}}}}


def project(tmp_path: Path, settings: str) -> Path:
    """A downstream repo: a spec in api/ and a pyproject.toml with `settings`."""
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "shop.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'downstream'\n\n[tool.campfire-codegen]\n"
        + textwrap.dedent(settings), encoding="utf-8")
    return tmp_path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


BASIC = """\
    spec = "api/shop.yaml"
    output = "client"
    package-name = "shop_client"
"""


def test_generate_with_no_flags_uses_the_configuration(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, BASIC))
    code, out, err = run(["generate"], capsys)
    assert code == 0, err
    assert (tmp_path / "client" / "shop_client" / "models" / "pet.py").is_file()
    assert (tmp_path / "client" / "shop_client.api.json").is_file()
    assert not (tmp_path / "client" / "shop_client.ir.txt").exists()  # emit-ir is off
    assert out.startswith("shop_client: ")
    assert run(["generate", "--check"], capsys)[0] == 0


def test_paths_are_relative_to_the_pyproject_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    project(tmp_path, BASIC)
    (tmp_path / "src" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "src" / "deep")
    code, _, err = run(["generate"], capsys)
    assert code == 0, err
    assert (tmp_path / "client" / "shop_client" / "client.py").is_file()
    assert not (tmp_path / "src" / "deep" / "client").exists()
    (tmp_path / "api" / "shop.yaml").write_text(yaml.safe_dump(TOYS), encoding="utf-8")
    code, out, _ = run(["generate", "--check"], capsys)
    assert code == 1
    assert "would change: ../../client/shop_client/api/default.py" in out.splitlines()


def test_flags_override_the_configuration(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, BASIC + 'number-type = "float"\n'))
    (tmp_path / "toys.yaml").write_text(yaml.safe_dump(TOYS), encoding="utf-8")
    code, _, err = run(["generate", "--package-name", "other", "-o", "elsewhere",
                        "--number-type", "decimal"], capsys)
    assert code == 0, err
    pet = (tmp_path / "elsewhere" / "other" / "models" / "pet.py").read_text("utf-8")
    assert "Decimal" in pet and "float" not in pet
    assert not (tmp_path / "client").exists()
    code, out, err = run(["generate", "toys.yaml", "--check"], capsys)  # SPEC replaces `spec`
    assert code == 1, err
    assert "would change: client/shop_client/api/default.py" in out.splitlines()


def test_number_type_layout_and_a_list_of_specs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, """\
        spec = ["api/shop.yaml", "api/toys.yaml"]
        output = "client"
        number-type = "float"
        layout = "project"
        emit-ir = true
    """))
    (tmp_path / "api" / "toys.yaml").write_text(yaml.safe_dump(TOYS), encoding="utf-8")
    code, _, err = run(["generate"], capsys)
    assert code == 0, err
    client = tmp_path / "client"
    assert (client / "pyproject.toml").is_file() and (client / "README.md").is_file()
    assert (client / "campfire_client.ir.txt").is_file()
    assert "price: float" in (client / "campfire_client" / "models" / "pet.py").read_text()
    readme = (client / "README.md").read_text()
    assert "`client.default.list_pets`" in readme and "`client.default.list_toys`" in readme


def test_form_style_and_idempotency_header_from_the_configuration_and_the_flags(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, BASIC + 'form-style = "drf"\nemit-ir = true\n'
                                               'idempotency-header = "Request-Key"\n'))
    code, _, err = run(["generate"], capsys)
    assert code == 0, err
    dump = tmp_path / "client" / "shop_client.ir.txt"
    client = tmp_path / "client" / "shop_client" / "client.py"
    assert "forms=drf  idempotency=Request-Key" in dump.read_text()
    assert 'form_style="drf"' in client.read_text()
    code, _, err = run(["generate", "--form-style", "openapi", "--idempotency-header", ""],
                       capsys)
    assert code == 0, err
    assert "forms=openapi  idempotency=-" in dump.read_text()
    assert 'form_style="openapi"' in client.read_text()


def test_a_bad_idempotency_header_flag_stops_before_anything_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, BASIC))
    with pytest.raises(SystemExit) as stopped:
        main(["generate", "--idempotency-header", "Idempotency Key"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1].endswith(
        "argument --idempotency-header: 'Idempotency Key' is not a header name (use "
        "letters, digits and -, or \"\" for none)") and "Traceback" not in err
    assert not (tmp_path / "client").exists()


def test_strict_from_the_configuration_and_no_strict_from_the_flag(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, BASIC + "strict = true\n"))
    cosmetic = dict(SPEC, info={"title": "Shop", "version": "1", "colour": "red"})
    (tmp_path / "api" / "shop.yaml").write_text(yaml.safe_dump(cosmetic), encoding="utf-8")
    code, _, err = run(["generate"], capsys)
    assert code == 2 and {p.severity for p in parse_stderr(err)} == {"error"}
    assert not (tmp_path / "client").exists()
    code, _, err = run(["generate", "--no-strict"], capsys)
    assert code == 0 and {p.severity for p in parse_stderr(err)} == {"warning"}


def test_an_unknown_key_is_named_with_its_file_and_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, BASIC))
    assert run(["generate"], capsys)[0] == 0
    with (tmp_path / "pyproject.toml").open("a", encoding="utf-8") as file:
        file.write('pakage-name = "typo"\n')
    before = snapshot(tmp_path)
    code, out, err = run(["generate"], capsys)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        ("pyproject.toml:8: error: unknown key 'pakage-name' in [tool.campfire-codegen] "
        "(known keys: spec, output, package-name, number-type, layout, strict, emit-ir, "
        "form-style, idempotency-header, package-version, ref-map)")]
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("setting, message", [
    ('number-type = "int"', "'number-type' must be one of: 'decimal', 'float'"),
    ('layout = "src"', "'layout' must be one of: 'package', 'project'"),
    ('form-style = "rails"', "'form-style' must be one of: 'auto', 'drf', 'openapi'"),
    ('idempotency-header = "Idempotency Key"',
     "'idempotency-header' must be a header name, or \"\" for none"),
    ("strict = 1", "'strict' must be true or false"),
    ("spec = []", "'spec' must be a path or URL, or a non-empty list of them"),
    ("output = 3", "'output' must be a non-empty string"),
])
def test_a_wrong_value_is_one_line_naming_the_key(
        setting: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, f"{setting}\n"))
    code, _, err = run(["generate"], capsys)
    assert code == 2
    [problem] = parse_stderr(err)
    assert (problem.file, problem.line, problem.message) == ("pyproject.toml", 5, message)
    assert not (tmp_path / "campfire_client").exists()


def test_every_problem_is_reported_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, 'colour = "red"\nlayout = "src"\n'))
    code, _, err = run(["generate"], capsys)
    assert code == 2
    assert [(p.line, p.message.split(" ")[0]) for p in parse_stderr(err)] == [
        (5, "unknown"), (6, "'layout'")]


def test_invalid_toml_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, "spec = \n"))
    code, _, err = run(["generate"], capsys)
    assert code == 2
    [problem] = parse_stderr(err)
    assert problem.file == "pyproject.toml" and problem.message.startswith("not valid TOML")


def test_an_unreadable_configured_spec_is_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path, 'spec = "api/missing.yaml"\n'))
    code, _, err = run(["generate"], capsys)
    assert code == 2
    assert err.splitlines() == ["api/missing.yaml: error: file not found (check the path)"]


def test_the_nearest_pyproject_decides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A nested project without the table is not configured by its parent's."""
    project(tmp_path, BASIC)
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'inner'\n", encoding="utf-8")
    monkeypatch.chdir(inner)
    code, _, err = run(["generate"], capsys)
    assert code == 2 and "no spec given" in err
    assert load_config(inner) is None
    config = load_config(tmp_path / "api")
    assert config is not None and config.file == tmp_path / "pyproject.toml"


def test_urls_are_kept_and_paths_are_joined(tmp_path: Path) -> None:
    project(tmp_path, 'spec = ["https://api.example.test/schema.json", "api/shop.yaml"]\n')
    config = load_config(tmp_path)
    assert config is not None
    assert config.specs == ("https://api.example.test/schema.json",
                            str(tmp_path / "api" / "shop.yaml"))


def test_this_projects_own_pyproject_has_no_configuration() -> None:
    """So `campfire-codegen generate` here keeps regenerating specs/ into generated/."""
    assert (ROOT / "pyproject.toml").is_file()
    assert load_config(ROOT) is None
