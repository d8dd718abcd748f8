"""The committed JSON Schema matches the code, and every source file points editors at it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from radoc.schema_files import SCHEMA_FILES, schema_texts, stale_schema_files
from radoc.validate import FOLDERS

from .conftest import PROJECTS, REPO

SCHEMA_FOR = {"model": "model", "views": "view", "decisions": "decision", "profiles": "profile"}


def test_committed_schema_is_up_to_date() -> None:
    assert stale_schema_files(REPO / "schema") == [], "run `radoc schema`"


def test_schemas_are_valid_json_with_titles() -> None:
    for name, text in schema_texts().items():
        data = json.loads(text)
        assert data["title"].startswith("radoc ")
        assert name in SCHEMA_FILES


def _yaml_sources() -> list[Path]:
    found = []
    for root in [REPO / "architecture", *(p / "architecture" for p in PROJECTS.iterdir())]:
        if root.is_dir():
            found += sorted(root.rglob("*.yaml"))
    return found


@pytest.mark.parametrize("path", _yaml_sources(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_source_names_its_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    rel = path.relative_to(REPO)
    arch = next(i for i, part in enumerate(rel.parts) if part == "architecture")
    folder = rel.parts[arch + 1]
    top = {"bibliography.yaml": "bibliography", "settings.yaml": "settings"}
    kind = top.get(folder) or SCHEMA_FOR[folder]
    assert folder in (*FOLDERS, *top)
    expected = os.path.relpath(REPO / "schema" / f"{kind}.schema.json", path.parent)
    assert first == f"# yaml-language-server: $schema={expected}"


def _radoc_schema(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radoc", "schema", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO / "generator")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_schema_check_says_when_the_files_are_up_to_date(tmp_path: Path) -> None:
    written = _radoc_schema(tmp_path)
    assert written.returncode == 0, written.stderr
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == sorted(SCHEMA_FILES)
    checked = _radoc_schema(tmp_path, "--check")
    assert (checked.returncode, checked.stdout) == (0, "")
    assert checked.stderr == f"schema: the {len(SCHEMA_FILES)} schema files are up to date\n"
    (tmp_path / "schema" / "view.schema.json").write_text("{}\n", encoding="utf-8")
    stale = _radoc_schema(tmp_path, "--check")
    assert stale.returncode == 1
    assert stale.stderr == "schema/view.schema.json: out of date; run `radoc schema`\n"
