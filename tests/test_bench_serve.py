"""The serve benchmark (benchmarks/serve.py): its edits keep the architecture valid and change
exactly what they say (tests/browser/test_bench_serve_session.py runs a measured session).
No timings here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from radoc.validate import validate_project

from benchmarks.harness import copy_default_project
from benchmarks.serve import (
    append_to_description,
    append_to_name,
    pick_component,
)


def _elements(architecture: Path) -> dict[str, dict[str, Any]]:
    """Every element's fields as loaded, after a validation without errors."""
    result = validate_project(architecture)
    assert not [d for d in result.diagnostics if d.is_error], result.diagnostics[:3]
    assert result.model is not None
    return {e.id: e.spec.model_dump() for e in result.model.elements.values()}


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.split("\n"), after.split("\n")
    assert len(a) == len(b), "an edit must not add or remove lines"
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def test_edits_of_the_default_architecture_stay_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_default_project(tmp_path / "p")
    monkeypatch.chdir(project)
    target = pick_component(project / "architecture")
    assert target.path == project / "architecture/model/components.yaml"
    assert target.url_path == f"components/{target.element_id}/"
    original = _elements(project / "architecture")
    name, description = (original[target.element_id][k] for k in ("name", "description"))
    assert target.name == name
    for n in range(1, 4):
        text = target.path.read_text(encoding="utf-8")
        append_to_description(target.path, target.element_id, f"wordd{n}")
        changed = _changed_lines(text, target.path.read_text(encoding="utf-8"))
        assert len(changed) == 1 and changed[0][1].endswith(f" wordd{n}")
        description = f"{description} wordd{n}"

        text = target.path.read_text(encoding="utf-8")
        new_name = append_to_name(target.path, target.element_id, f"wordn{n}")
        name = f"{name} wordn{n}"
        assert new_name == name
        assert _changed_lines(text, target.path.read_text(encoding="utf-8")) == [
            (f"    name: {name.removesuffix(f' wordn{n}')}", f"    name: {name}")
        ]

        now = _elements(project / "architecture")
        assert now[target.element_id] == {
            **original[target.element_id],
            "name": name,
            "description": description,
        }
        assert {k: v for k, v in now.items() if k != target.element_id} == {
            k: v for k, v in original.items() if k != target.element_id
        }
    # and as a user would check it
    check = subprocess.run(
        [sys.executable, "-m", "radoc", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr


def test_name_edits_keep_quotes_and_refuse_block_scalars(tmp_path: Path) -> None:
    path = tmp_path / "components.yaml"
    path.write_text(
        "components:\n"
        "  - id: a\n"
        "    name: 'Quoted: name'\n"
        "    description: One.\n"
        "  - id: b\n"
        "    description: Two.\n"
        '    name: "Double"\n'
        "  - id: c\n"
        "    name: >-\n"
        "      Folded\n",
        encoding="utf-8",
    )
    assert append_to_name(path, "a", "x1") == "Quoted: name x1"
    assert append_to_name(path, "b", "x2") == "Double x2"
    with pytest.raises(ValueError, match=r"components\.yaml:9: the name of 'c' is not a one-line"):
        append_to_name(path, "c", "x3")
    with pytest.raises(ValueError, match="no '- id: d' line"):
        append_to_name(path, "d", "x4")
    assert path.read_text(encoding="utf-8").split("\n")[:7] == [
        "components:",
        "  - id: a",
        "    name: 'Quoted: name x1'",
        "    description: One.",
        "  - id: b",
        "    description: Two.",
        '    name: "Double x2"',
    ]


def test_the_edit_benchmark_reads_a_page_as_a_browser_shows_it(tmp_path: Path) -> None:
    from radoc.text import description_html

    from benchmarks.edit import page_shows

    page = tmp_path / "index.html"
    body = description_html("Runs pipelines. It retries them. (rev 1)", lambda ref: None)
    page.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    assert "&#40;rev 1&#41;" in body and "(rev 1)" not in body  # as radoc writes it
    assert page_shows(page, "(rev 1)")
    assert not page_shows(page, "(rev 2)")
    assert not page_shows(tmp_path / "missing.html", "(rev 1)")
