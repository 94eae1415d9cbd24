"""`generate SPEC... [-o OUT] --check` answered before the command line is even imported.

The no-op check (a pre-commit hook, a CI step, an editor on save) is the command's most
frequent run, and importing the command line (argparse, the configuration, the writer)
cost more than answering it. So the entry point asks here first. The answer is "current"
(exit 0, nothing printed: what the full command says then) only when

- the arguments are SPEC paths, `-o`/`--output` and `--check`, each in a form this
  parser reads exactly as argparse does (anything else falls back: another flag, an
  abbreviation, `--`, a value that looks like a flag, a URL, no SPEC at all);
- no `[tool.campfire-codegen]` applies in the current folder: the nearest pyproject.toml
  parses and has no such table (a configuration, or a file the full command would refuse,
  is left to it);
- the state file says the output is current (generator/fastpath.py: the spec files, the
  options, the generator's code, black's version and every output file, by content).

In every other case this returns None and the full command decides, from the start:
this module never prints, writes or refuses anything. The options are the command's
defaults for a run with SPECs; tests/test_quick_check.py checks them against
`cli._settings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

_PACKAGE = "campfire_client"
# What cli._settings gives when no flag and no configuration sets anything (a run with
# SPECs, so no IR dump).
DEFAULTS: dict[str, object] = {"number_type": "decimal", "layout": "package", "strict": False,
                               "emit_ir": False, "form_style": "auto",
                               "idempotency_header": None, "package_version": None,
                               "ref_map": None, "allow_network": False}
_CONFIG_TABLE = "campfire-codegen"


def answer(argv: Sequence[str]) -> int | None:
    """0 when `argv` is a `generate --check` whose output is provably current; None to
    leave the decision to the full command."""
    try:
        parsed = _parse(argv)
        if parsed is None or _configured(Path.cwd()) is not False:
            return None
        specs, out_dir = parsed
        from generator import fastpath

        key = fastpath.run_key(
            _PACKAGE, str(DEFAULTS["number_type"]), strict=bool(DEFAULTS["strict"]),
            emit_ir=bool(DEFAULTS["emit_ir"]), layout=str(DEFAULTS["layout"]),
            form_style=str(DEFAULTS["form_style"]), idempotency_header=None,
            package_version=None, ref_map=None)
        return 0 if fastpath.is_current(out_dir, specs, key, download=False) else None
    except (OSError, ValueError):  # a vanished current folder...: the full command says
        return None


def _parse(argv: Sequence[str]) -> tuple[list[str], Path] | None:
    """(specs, output folder) of `generate SPEC... [-o OUT] --check`, or None."""
    if not argv or argv[0] != "generate":
        return None
    specs: list[str] = []
    output: str | None = None
    check = False
    after_specs = False  # an option came after the SPECs: argparse takes no more of them
    rest = list(argv[1:])
    while rest:
        token = rest.pop(0)
        if not token.startswith("-"):
            if after_specs or "://" in token:
                return None  # a second run of SPECs (an error), or a URL
            specs.append(token)
            continue
        if token == "--check" and not check:
            check = True
        elif token in ("-o", "--output") and output is None and rest:
            output = rest.pop(0)
        elif token.startswith("--output=") and output is None:
            output = token[len("--output="):]
        else:
            return None  # another option, `--` or `-`: the full command's
        after_specs = bool(specs)
    if not check or not specs or output == "" or (output or "").startswith("-"):
        return None
    return specs, Path("." if output is None else output)


def _configured(start: Path) -> bool | None:
    """Whether a [tool.campfire-codegen] table applies in `start`; None when the nearest
    pyproject.toml cannot be read or parsed (the full command says why)."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            break
    else:
        return False
    try:
        with open(candidate, "rb") as stream:
            data = stream.read()
        text = data.decode("utf-8")
        import tomllib

        document = tomllib.loads(text)
    except (OSError, ValueError):  # UnicodeDecodeError and TOMLDecodeError among them
        return None
    tool = document.get("tool")
    return isinstance(tool, dict) and _CONFIG_TABLE in tool

