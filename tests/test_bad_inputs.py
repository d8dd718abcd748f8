"""The bad-input corpus: every case in tests/bad_inputs/ fails `radoc check` with exact diagnostics.

Each case folder holds only what differs from tests/bad_inputs/_base/ (a tiny valid architecture):
files under ``architecture/`` replace or join the base's, ``generate.json`` describes files too
big or too binary to keep in git (written at test time), and ``expected.txt`` holds the exact
diagnostic lines, with paths relative to the case folder. See tests/bad_inputs/README.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

CORPUS = Path(__file__).parent / "bad_inputs"
BASE = CORPUS / "_base"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
DIAGNOSTIC = re.compile(r"^architecture/\S*: (error|warning) \[")


def materialise(case: str, dest: Path) -> Path:
    """A runnable copy of ``case`` in ``dest``: the base, the case's files over it, then the
    generated ones."""
    source = CORPUS / case
    assert source.is_dir(), f"no case {case}"
    shutil.copytree(BASE, dest)
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.parts[len(source.parts)] == "architecture":
            target = dest / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    spec = source / "generate.json"
    if spec.is_file():
        for item in json.loads(spec.read_text(encoding="utf-8")):
            text = "".join(part * times for part, times in item["parts"])
            target = dest / item["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode(item.get("encoding", "utf-8")))
    return dest


def radoc(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "radoc", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def diagnostic_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if DIAGNOSTIC.match(line)]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 45
    for case in CASES:
        assert (CORPUS / case / "expected.txt").is_file(), f"{case} has no expected.txt"


def test_base_is_valid(tmp_path: Path) -> None:
    run = radoc(materialise("_base", tmp_path / "base"), "check", "--strict")
    assert run.returncode == 0, run.stderr
    assert diagnostic_lines(run.stdout) == []


@pytest.mark.parametrize("case", CASES)
def test_bad_input(tmp_path: Path, case: str) -> None:
    project = materialise(case, tmp_path / case)
    expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    run = radoc(project, "check")
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert diagnostic_lines(run.stdout) == expected, run.stdout + run.stderr
    assert run.returncode == 1, run.stderr


@pytest.mark.parametrize("case", ["unknown-ref-relationship-target", "tab-indentation"])
def test_build_fails_without_a_site(tmp_path: Path, case: str) -> None:
    project = materialise(case, tmp_path / case)
    (project / "mkdocs.yml").write_text("site_name: x\nplugins: [radoc]\n", encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("", encoding="utf-8")
    run = radoc(project, "build")
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.returncode == 1, run.stderr
    assert not (project / "site").exists()
    assert not list(project.glob(".site*")), "the staging folder was left behind"
    expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert diagnostic_lines(run.stderr) == expected, run.stderr
