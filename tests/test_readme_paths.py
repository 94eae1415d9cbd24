"""README.md's map stays true: every repository path it names exists.

A path is a backticked word starting with one of the project's top folders. A `<name>`
segment stands for any name (at least one must exist); a path the repository deliberately
ignores (`bench/.venv`, made on first use) must be ignored by git, so a typo is not excused.
"""

from __future__ import annotations

import re
import subprocess

from tests.conftest import ROOT

TOP_FOLDERS = ("generator/", "templates/", "tests/", "docs/", "bench/", "specs/", "generated/",
               ".ci/")
BACKTICKED = re.compile(r"`([^`\s]+)`")
PLACEHOLDER = re.compile(r"<[^/>]+>")


def named_paths(text: str) -> list[str]:
    return sorted({word for word in BACKTICKED.findall(text) if word.startswith(TOP_FOLDERS)})


def exists(path: str) -> bool:
    pattern = PLACEHOLDER.sub("*", path.rstrip("/"))
    if pattern != path.rstrip("/"):
        return any(ROOT.glob(pattern))
    return (ROOT / pattern).exists()


def ignored_by_git(path: str) -> bool:
    """Whether git ignores `path`, as a file or as a folder (it may not exist yet)."""
    done = subprocess.run(["git", "check-ignore", "--no-index", path.rstrip("/"),
                           path.rstrip("/") + "/"], cwd=ROOT, capture_output=True, check=False)
    return done.returncode == 0


def test_named_paths_are_found_in_a_readme_like_text() -> None:
    text = "see `generator/cli.py` and `specs/<name>/`, not `rules.py` or `../shared/x`"
    assert named_paths(text) == ["generator/cli.py", "specs/<name>/"]


def test_every_path_the_readme_names_exists() -> None:
    paths = named_paths((ROOT / "README.md").read_text("utf-8"))
    assert "templates/static/_runtime/" in paths  # the Layout section is read
    missing = [path for path in paths if not exists(path) and not ignored_by_git(path)]
    assert not missing, f"README.md names paths that do not exist: {missing}"


def test_a_path_that_does_not_exist_is_caught() -> None:
    assert not exists("generator/write.py")
    assert not ignored_by_git("generator/write.py")
    assert not exists("specs/<name>/no-such-file.yaml")
    assert exists("specs/<name>/")
