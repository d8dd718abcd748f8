"""The twin models of the LikeC4 comparison (benchmarks/likec4.py): both formats hold the same
model, and the radoc twin is a valid architecture. No timings here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.likec4 import (
    count_likec4,
    count_radoc,
    edit_description,
    make_twin,
    write_twins,
)


@pytest.mark.parametrize("size", [20, 100, 400])
def test_twins_hold_equal_counts(tmp_path: Path, size: int) -> None:
    twin = write_twins(size, 7, tmp_path / "radoc", tmp_path / "likec4")
    groups = size // 20
    expected = {
        "group": groups,
        "component": size - groups,
        "relationships": int(size * 1.5),
        "views": groups + 1,
    }
    assert count_radoc(tmp_path / "radoc") == expected
    assert count_likec4(tmp_path / "likec4") == expected
    assert len(twin.elements) == size
    assert len({(a, b) for a, _, b in twin.relationships}) == len(twin.relationships)


def test_one_generator_one_seed(tmp_path: Path) -> None:
    a = write_twins(100, 3, tmp_path / "a" / "radoc", tmp_path / "a" / "likec4")
    b = write_twins(100, 3, tmp_path / "b" / "radoc", tmp_path / "b" / "likec4")
    assert a.relationships == b.relationships
    for fmt in ("radoc", "likec4"):
        files = sorted(
            p.relative_to(tmp_path / "a" / fmt) for p in (tmp_path / "a" / fmt).rglob("*")
        )
        assert files == sorted(
            p.relative_to(tmp_path / "b" / fmt) for p in (tmp_path / "b" / fmt).rglob("*")
        )
        for rel in files:
            if (tmp_path / "a" / fmt / rel).is_file():
                assert (tmp_path / "a" / fmt / rel).read_bytes() == (
                    tmp_path / "b" / fmt / rel
                ).read_bytes()
    assert make_twin(100, 4).relationships != a.relationships


def test_edit_changes_one_description_in_both(tmp_path: Path) -> None:
    twin = write_twins(100, 5, tmp_path / "radoc", tmp_path / "likec4")
    eid = edit_description(twin, tmp_path / "radoc", tmp_path / "likec4", 1)
    group = twin.element(eid).group
    assert (
        "revised-1" in (tmp_path / "radoc" / "architecture" / "model" / f"{group}.yaml").read_text()
    )
    assert "revised-1" in (tmp_path / "likec4" / "model" / f"{group}.c4").read_text()
    edit_description(twin, tmp_path / "radoc", tmp_path / "likec4", 2)
    assert "revised-2 revised-1" in (tmp_path / "likec4" / "model" / f"{group}.c4").read_text()


def test_radoc_twin_passes_check(tmp_path: Path) -> None:
    write_twins(100, 1, tmp_path / "radoc", tmp_path / "likec4")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "radoc", "check", "--strict"],
        cwd=tmp_path / "radoc",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "100 elements, 150 relationships, 6 views" in proc.stdout + proc.stderr
