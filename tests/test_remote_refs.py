"""Remote `$ref`s offline: the ref map (setting and flag), downloads kept by content, and
the one-line refusal of a remote reference that nothing covers."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.diagnostics import GenerationError
from generator.load import limits
from generator.load.read import fetch_text
from generator.load.remote import REFS_FOLDER
from generator.write import STATE

SPEC = """\
openapi: 3.0.3
info: {{title: Pets, version: "1"}}
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
                items: {{$ref: "{base}schemas/pet.yaml#/Pet"}}
"""
PET = """\
Pet:
  type: object
  required: [name]
  properties:
    name: {type: string}
    owner: {$ref: "../common/owner.yaml"}
"""
OWNER = """\
type: object
properties:
  email: {type: string}
"""
REMOTE = "https://example.com/api/"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def schemas(folder: Path, owner: str = OWNER) -> Path:
    """The referenced files, as a vendor would publish them under REMOTE."""
    write(folder / "schemas" / "pet.yaml", PET)
    write(folder / "common" / "owner.yaml", owner)
    return folder


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def client_files(out: Path) -> dict[str, bytes]:
    """The generated package and API surface (the records name the run's inputs)."""
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*"))
            if path.is_file() and (path.parts[len(out.parts)] == "pets"
                                   or path.name == "pets.api.json")}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every outgoing connection refused (in the validator's forked child too); the
    attempts seen in this process are listed."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def test_a_mapped_remote_ref_generates_offline_as_the_same_files_would(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[object]) -> None:
    vendor = schemas(tmp_path / "vendor")
    remote_spec = write(tmp_path / "remote.yaml", SPEC.format(base=REMOTE))
    local_spec = write(tmp_path / "local.yaml", SPEC.format(base="vendor/"))

    code, _, err = run(["generate", str(remote_spec), "-o", str(tmp_path / "a"),
                        "--package-name", "pets", "--ref-map", f"{REMOTE}={vendor}"], capsys)
    assert code == 0, err
    assert err == ""  # the validator read the mapped files too: it did not stop early
    code, _, err = run(["generate", str(local_spec), "-o", str(tmp_path / "b"),
                        "--package-name", "pets"], capsys)
    assert code == 0, err

    assert no_network == []
    mapped, local = client_files(tmp_path / "a"), client_files(tmp_path / "b")
    assert "pets/models/owner.py" in mapped
    assert mapped == local
    assert not (tmp_path / "a" / REFS_FOLDER).exists()  # a mapped file is not a download
    state = json.loads((tmp_path / "a" / STATE).read_text("utf-8"))
    assert state["documents"] == ["../remote.yaml", "../vendor/common/owner.yaml",
                                  "../vendor/schemas/pet.yaml"]


def test_an_unmapped_remote_ref_offline_is_one_line_and_nothing_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[object]) -> None:
    spec = write(tmp_path / "remote.yaml", SPEC.format(base=REMOTE))
    out = tmp_path / "out"

    code, stdout, err = run(["generate", str(spec), "-o", str(out)], capsys)

    assert (code, stdout) == (2, "")
    assert err.splitlines() == [
        (f"{spec}:14 /paths/~1pets/get/responses/200/content/application~1json/schema/items/"
        f"$ref: error: $ref '{REMOTE}schemas/pet.yaml#/Pet': remote document "
        f"{REMOTE}schemas/pet.yaml is not available offline (map a prefix of it to a local "
        "folder with ref-map in [tool.campfire-codegen] or --ref-map "
        f"{REMOTE}schemas/=FOLDER, or pass --allow-network to download it once)")]
    assert not out.exists()
    assert no_network == []


def test_the_pyproject_setting_maps_relative_to_its_file_and_the_longest_prefix_wins(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        no_network: list[object]) -> None:
    schemas(tmp_path / "vendor")
    # A shorter prefix maps the schemas elsewhere: its pet has no owner.
    write(tmp_path / "decoy" / "schemas" / "pet.yaml",
          "Pet: {type: object, properties: {decoy: {type: string}}}\n")
    write(tmp_path / "api" / "remote.yaml", SPEC.format(base=REMOTE))
    write(tmp_path / "pyproject.toml", f"""\
[tool.campfire-codegen]
spec = "api/remote.yaml"
output = "client"
package-name = "pets"
ref-map = {{"https://example.com/" = "decoy/", "{REMOTE}" = "vendor/"}}
""")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # the folders are the file's, not the cwd's

    code, _, err = run(["generate"], capsys)

    assert code == 0, err
    models = tmp_path / "client" / "pets" / "models"
    assert (models / "owner.py").is_file()
    assert "decoy" not in (models / "pet.py").read_text("utf-8")


def test_the_flag_wins_over_the_setting_for_the_same_prefix(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        no_network: list[object]) -> None:
    schemas(tmp_path / "vendor")
    write(tmp_path / "api" / "remote.yaml", SPEC.format(base=REMOTE))
    write(tmp_path / "pyproject.toml", f"""\
[tool.campfire-codegen]
spec = "api/remote.yaml"
output = "client"
package-name = "pets"
ref-map = {{"{REMOTE}" = "missing/"}}
""")
    monkeypatch.chdir(tmp_path)

    code, _, err = run(["generate"], capsys)
    assert code == 2
    assert f"$ref '{REMOTE}schemas/pet.yaml#/Pet': mapped to missing/schemas/pet.yaml: file " \
        "not found (check the ref-map entry and the files in its folder)" in err
    code, _, err = run(["generate", "--ref-map", f"{REMOTE}=vendor"], capsys)
    assert code == 0, err


def test_an_edit_to_a_mapped_file_makes_the_check_stale(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[object]) -> None:
    vendor = schemas(tmp_path / "vendor")
    spec = write(tmp_path / "remote.yaml", SPEC.format(base=REMOTE))
    argv = ["generate", str(spec), "-o", str(tmp_path / "out"), "--package-name", "pets",
            "--ref-map", f"{REMOTE}={vendor}"]
    assert run(argv, capsys)[0] == 0
    assert run([*argv, "--check"], capsys)[:2] == (0, "")

    write(vendor / "common" / "owner.yaml", OWNER + "  phone: {type: string}\n")
    code, out, _ = run([*argv, "--check"], capsys)

    assert code == 1
    assert f"would change: {tmp_path / 'out' / 'pets' / 'models' / 'owner.py'}" in \
        out.splitlines()


def test_a_mapped_path_cannot_leave_its_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[object]) -> None:
    vendor = schemas(tmp_path / "vendor")
    write(tmp_path / "secret.yaml", "Pet: {type: object}\n")
    spec = write(tmp_path / "remote.yaml", SPEC.format(base=REMOTE).replace(
        "schemas/pet.yaml", "..%2Fsecret.yaml"))

    code, _, err = run(["generate", str(spec), "-o", str(tmp_path / "out"),
                        "--ref-map", f"{REMOTE}={vendor}"], capsys)

    assert code == 2
    [line] = err.splitlines()
    assert f"cannot map {REMOTE}..%2Fsecret.yaml to a file under {vendor}" in line
    assert "leaves the mapped folder" in line


def test_a_bad_ref_map_setting_is_named_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.campfire-codegen]\nspec = "a.yaml"\n'
          'ref-map = {"ftp://example.com/" = "vendor/"}\n')
    monkeypatch.chdir(tmp_path)

    code, _, err = run(["generate"], capsys)

    assert code == 2
    assert err.splitlines() == [
        ("pyproject.toml:3: error: 'ref-map' key 'ftp://example.com/' must be an http:// or "
        "https:// URL prefix (see docs/configuration.md)")]


# --- downloads -------------------------------------------------------------------------


class Site:
    """A local web server for a folder, that can be stopped in the middle of a test."""

    def __init__(self, root: Path) -> None:
        self.requested: list[str] = []
        requested = self.requested

        class Handler(SimpleHTTPRequestHandler):
            timeout = 10

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(root), **kwargs)

            def do_GET(self) -> None:
                requested.append(self.path)
                if self.path.startswith("/redirect"):
                    self.send_response(302)
                    self.send_header("Location", "ftp://127.0.0.1:9/pet.yaml")
                    self.end_headers()
                    return
                super().do_GET()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(timeout=5)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    served = Site(schemas(tmp_path / "site"))
    try:
        yield served
    finally:
        served.stop()


def test_a_download_is_kept_by_content_and_the_next_run_needs_no_network(
        tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    spec = write(tmp_path / "remote.yaml", SPEC.format(base=site.url))
    out = tmp_path / "out"
    argv = ["generate", str(spec), "-o", str(out), "--package-name", "pets"]

    code, _, err = run([*argv, "--allow-network"], capsys)
    assert code == 0, err
    assert sorted(site.requested) == ["/common/owner.yaml", "/schemas/pet.yaml"]
    downloaded = client_files(out)
    state = json.loads((out / STATE).read_text("utf-8"))
    kept = {url: (out / REFS_FOLDER / digest).read_text("utf-8")
            for url, digest in state["remote"].items()}
    assert kept == {f"{site.url}schemas/pet.yaml": PET, f"{site.url}common/owner.yaml": OWNER}

    site.stop()
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    # The fast path: answered from the state, the kept copies checked by their hashes.
    assert run([*argv, "--check"], capsys)[:2] == (0, "")
    # A full regeneration (another option) reads the kept copies, not the network.
    code, _, err = run([*argv, "--emit-ir"], capsys)
    assert code == 0, err
    assert err == ""
    assert attempts == []
    assert client_files(out) == downloaded
    assert (out / "pets.ir.txt").is_file()
    assert json.loads((out / STATE).read_text("utf-8"))["remote"] == state["remote"]


def test_an_edited_kept_copy_is_refused(
        tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / "remote.yaml", SPEC.format(base=site.url))
    out = tmp_path / "out"
    argv = ["generate", str(spec), "-o", str(out), "--package-name", "pets"]
    assert run([*argv, "--allow-network"], capsys)[0] == 0
    site.stop()
    digest = json.loads((out / STATE).read_text("utf-8"))["remote"][
        f"{site.url}common/owner.yaml"]
    write(out / REFS_FOLDER / digest, OWNER + "  phone: {type: string}\n")

    code, _, err = run([*argv, "--emit-ir"], capsys)

    assert code == 2
    [line] = err.splitlines()
    assert f"the kept copy of {site.url}common/owner.yaml" in line
    assert "was changed (pass --allow-network to download it again" in line


def test_allow_network_downloads_again(
        tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path / "remote.yaml", SPEC.format(base=site.url))
    out = tmp_path / "out"
    argv = ["generate", str(spec), "-o", str(out), "--package-name", "pets", "--allow-network"]
    assert run(argv, capsys)[0] == 0
    write(tmp_path / "site" / "common" / "owner.yaml", OWNER + "  phone: {type: string}\n")

    code, _out_text, err = run(argv, capsys)

    assert code == 0, err
    assert "phone" in (out / "pets" / "models" / "owner.py").read_text("utf-8")
    assert len(list((out / REFS_FOLDER).iterdir())) == 2  # the old copy is removed


def test_a_download_follows_no_redirect_out_of_http(site: Site) -> None:
    with pytest.raises(GenerationError) as raised:
        fetch_text(f"{site.url}redirect")
    assert raised.value.diagnostics[0].message == \
        "download failed: redirected to 'ftp://127.0.0.1:9/pet.yaml', which is not http(s)"


def test_a_download_is_capped(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(GenerationError) as raised:
        fetch_text(f"{site.url}schemas/pet.yaml")
    assert raised.value.diagnostics[0].message == limits.too_large(None)[0]


def test_diff_reads_remote_refs_through_the_ref_map_offline(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[object]) -> None:
    """`diff` of two versions of a spec whose schemas are remote, offline: through
    `--ref-map` the change inside a referenced file is found; without it, the one-line
    refusal."""
    old_base, new_base = "https://example.com/api/v1/", "https://example.com/api/v2/"
    old_spec = write(tmp_path / "old.yaml", SPEC.format(base=old_base))
    new_spec = write(tmp_path / "new.yaml", SPEC.format(base=new_base))
    maps = ["--ref-map", f"{old_base}={schemas(tmp_path / 'v1')}",
            "--ref-map", f"{new_base}={schemas(tmp_path / 'v2', OWNER.replace('email', 'phone'))}"]

    code, out, err = run(["diff", str(old_spec), str(new_spec), *maps, "--format", "json"],
                         capsys)

    assert code == 0, err
    changed = {(change["kind"], change["subject"]) for change in json.loads(out)["changes"]}
    assert changed == {("field-removed", "Owner.email"), ("field-added", "Owner.phone")}

    code, stdout, err = run(["diff", str(old_spec), str(new_spec)], capsys)
    assert (code, stdout) == (2, "")
    [line] = err.splitlines()
    assert f"remote document {old_base}schemas/pet.yaml is not available offline" in line
    assert "--ref-map" in line
    assert no_network == []
