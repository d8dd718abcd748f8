"""Byte-identical output under any time zone, locale and hash seed; robustness of the passes
that walk the model (no recursion limit on long phase chains)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from radoc.build import embed_in_page
from radoc.pages.site import Diagram
from radoc.urls import MKDOCS_LINKS
from radoc.validate import validate_project

from .conftest import copy_project


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".radoc-generated"
    }


@pytest.mark.dot
@pytest.mark.slow
def test_generated_files_are_identical_across_time_zones_and_hash_seeds(tmp_path: Path) -> None:
    trees = []
    for i, (tz, seed) in enumerate([("UTC", "1"), ("Europe/Berlin", "2"), ("America/Lima", "3")]):
        project = copy_project("mini", tmp_path / str(i))
        env = {**os.environ, "TZ": tz, "PYTHONHASHSEED": seed, "LC_ALL": "C.UTF-8"}
        run = subprocess.run(
            [sys.executable, "-m", "radoc", "build"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        trees.append(_tree(project / "build" / "pages"))
    assert any(p.endswith(".pdf") for p in trees[0]), "the comparison must cover PDF downloads"
    for other in trees[1:]:
        assert list(other) == list(trees[0])
        differing = [p for p in trees[0] if trees[0][p] != other[p]]
        assert differing == []


def test_a_long_chain_of_phases_is_checked_without_recursion(tmp_path: Path) -> None:
    arch = tmp_path / "architecture"
    (arch / "model").mkdir(parents=True)
    phases = ["phases:"]
    for i in range(1500):
        follows = f"\n    follows: [p{i - 1}]" if i else ""
        phases.append(
            f"  - id: p{i}\n    name: Phase {i}\n    description: Step {i}.\n"
            f"    inferred: true\n    rationale: A test.{follows}"
        )
    phases.append(
        "  - id: p0x\n    name: Loop\n    description: Closes a loop.\n    inferred: true\n    rationale: A test.\n    follows: [p1499]"
    )
    (arch / "model" / "phases.yaml").write_text("\n".join(phases) + "\n", encoding="utf-8")
    (arch / "model" / "phases.yaml").write_text(
        (arch / "model" / "phases.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  - id: p0\n    name: Phase 0\n    description: Step 0.\n    inferred: true\n    rationale: A test.",
            "  - id: p0\n    name: Phase 0\n    description: Step 0.\n    inferred: true\n    rationale: A test.\n    follows: [p0x]",
        ),
        encoding="utf-8",
    )
    result = validate_project(arch)
    cycles = [d for d in result.diagnostics if d.code == "cycle"]
    assert len(cycles) == 1 and cycles[0].message.endswith("p1498 → p1499 → p0x → p0")


def test_a_diagram_marker_in_code_is_left_as_code() -> None:
    diagram = Diagram("v", "V", '<svg aria-label="V"></svg>', "<svg></svg>")
    text = (
        "Shown:\n\n<!-- radoc-diagram: v -->\n\n"
        "Inline: `<!-- radoc-diagram: v -->`\n\n"
        "```\n<!-- radoc-diagram: v -->\n```\n\n"
        "    <!-- radoc-diagram: v -->\n"
    )
    out = embed_in_page(text, "index.md", {"v": diagram}, MKDOCS_LINKS)
    assert out.count('<div class="radoc-diagram"') == 1
    assert out.count("<!-- radoc-diagram: v -->") == 3
