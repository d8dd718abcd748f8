"""Shared fixtures: example projects, golden files, a built site."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def run_child(module: str, *args: str, timeout: float) -> list[Any]:
    """``python -m module args`` from the repository, in a process of its own (MkDocs' and
    the plugin's state stays there), with the sitemap's dates fixed; returns the JSON list
    the child prints on its last line."""
    run = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},  # the sitemap's dates
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return list(json.loads(run.stdout.splitlines()[-1]))
