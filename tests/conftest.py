"""Shared fixtures: example projects, golden files, a built site."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
PROJECTS = TESTS / "projects"
GOLDEN = TESTS / "golden"
REPO = TESTS.parent

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_configure(config: pytest.Config) -> None:
    # A suite started in the background of a script (`make test &`) inherits Ctrl-C ignored,
    # and so would every radoc the tests start: the tests that interrupt a build or stop a
    # server would then wait for nothing. Handled here, the children start with it as at a
    # terminal (an ignored signal stays ignored across exec, a handled one does not).
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden files from the current output."
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden(name, text)``: compare ``text`` with tests/golden/<name> (or rewrite it)."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden file {path} is missing; run pytest --update-golden")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        assert text == expected, (
            f"output differs from {path}; if intended, run pytest --update-golden"
        )

    return check


def copy_project(name: str, dest: Path) -> Path:
    """A writable copy of tests/projects/<name> (without its build outputs)."""
    target = dest / name
    shutil.copytree(
        PROJECTS / name,
        target,
        ignore=shutil.ignore_patterns("site", "build", ".radoc-cache", ".site.*"),
    )
    return target


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return copy_project("mini", tmp_path)
