"""Rebuilds redo only what changed: the diagram cache, the writer, and their counts."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from radoc.build import BuildOptions, build_outputs
from radoc.pipeline import Project, generate
from radoc.render.graphviz_run import Renderer
from radoc.validate import validate_project
from radoc.write import NotOwned, write_outputs

from .conftest import copy_project

pytestmark = pytest.mark.dot


def _sources(project: Path) -> dict[str, str]:
    model = validate_project(project / "architecture").model
    assert model is not None
    return build_outputs(
        model, BuildOptions(project), Renderer(None)
    ).dot_sources  # no cache: leaves it as it was


def test_warm_rebuild_runs_dot_zero_times_and_writes_nothing(tmp_path: Path) -> None:
    project = Project.at(copy_project("mini", tmp_path))
    first = generate(project, Renderer(project.cache))
    assert not first.failed and first.renders > 0
    second = generate(project, Renderer(project.cache))  # a new process would start like this
    assert second.renders == 0
    assert second.report is not None
    assert second.report.written == [] and second.report.removed == []
    assert second.report.unchanged == len(second.paths)


def test_editing_one_description_rerenders_exactly_the_diagrams_that_show_it(
    tmp_path: Path,
) -> None:
    root = copy_project("mini", tmp_path)
    project = Project.at(root)
    generate(project, Renderer(project.cache))
    before = _sources(root)
    model_file = root / "architecture/model/components.yaml"
    text = model_file.read_text(encoding="utf-8")
    model_file.write_text(
        text.replace("Stores trained models with their versions.", "Keeps every trained model."),
        encoding="utf-8",
    )
    after = _sources(root)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed and changed < set(after)  # some diagrams show the registry, not all
    renderer = Renderer(project.cache)
    result = generate(project, renderer)
    # one run per changed diagram, plus its PNG and PDF downloads when it is a view diagram
    views = {v.id for v in validate_project(root / "architecture").model.views}  # type: ignore[union-attr]
    view_keys = {k for k in changed if k in views or k.split("-lv-")[0] in views}
    assert result.renders == len(changed) + 2 * len(view_keys)
    assert result.report is not None
    assert "components/registry.md" in result.report.written


def test_the_generated_folder_is_only_written_when_it_is_ours(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(NotOwned):
        write_outputs(folder, [])
    assert (folder / "notes.md").read_text(encoding="utf-8") == "mine"


@pytest.mark.slow
def test_ctrl_c_during_a_build_leaves_the_last_site_and_no_half_files(tmp_path: Path) -> None:
    root = copy_project("mini", tmp_path)
    run = [sys.executable, "-m", "radoc", "build"]
    assert subprocess.run(run, cwd=root, capture_output=True, check=False).returncode == 0
    before = {
        p.relative_to(root / "site"): p.read_bytes()
        for p in (root / "site").rglob("*")
        if p.is_file()
    }
    # a change that forces every diagram to be drawn again, then an interrupt mid-build
    for path in (root / "architecture/model").glob("*.yaml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "sources: [paper]", "sources: [paper]\n    tags: [edited]", 1
            ),
            encoding="utf-8",
        )
    (root / ".radoc-cache").rename(root / ".radoc-cache-old")
    # a Graphviz that takes its time, so the interrupt surely lands in the middle of the build
    slow = tmp_path / "slow-bin"
    slow.mkdir()
    real_dot = shutil.which("dot")
    assert real_dot is not None
    (slow / "dot").write_text(f'#!/bin/sh\nsleep 3\nexec "{real_dot}" "$@"\n', encoding="utf-8")
    (slow / "dot").chmod(0o755)
    env = {**os.environ, "PATH": f"{slow}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.Popen(
        run,
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not list(root.glob(".site.building-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(root.glob(".site.building-*")), "the build never started"
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground process group
    proc.communicate(timeout=120)
    assert proc.returncode != 0
    after = {
        p.relative_to(root / "site"): p.read_bytes()
        for p in (root / "site").rglob("*")
        if p.is_file()
    }
    assert after == before
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".site")]
    leftovers += [str(p) for p in root.rglob(".radoc-tmp-*")] + [
        str(p) for p in root.rglob(".tmp-*")
    ]
    assert leftovers == []
