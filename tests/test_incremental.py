"""Rebuilds redo only what changed: the diagram cache, the writer, and their counts."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from radoc.build import BuildOptions, build_outputs
from radoc.pipeline import Project, generate
from radoc.render.graphviz_run import Job, Renderer
from radoc.validate import validate_project
from radoc.write import NotOwned, write_outputs

from .conftest import copy_project

pytestmark = pytest.mark.dot

OVERVIEW = """\
id: overview
title: Overview
kind: overview
order: 9
question: Which groups are there, and how do they connect?
include:
  kinds: [group, component]
relationships: all
layout:
  group_by: group
"""


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
    # each changed diagram is drawn again, with its PNG and PDF downloads when it is a view
    # diagram, and by one `dot` process: its formats share one layout
    views = {v.id for v in validate_project(root / "architecture").model.views}  # type: ignore[union-attr]
    view_keys = {k for k in changed if k in views or k.split("-lv-")[0] in views}
    assert result.renders == len(changed) + 2 * len(view_keys)
    assert renderer.processes == len(changed)
    assert result.report is not None
    assert "components/registry.md" in result.report.written


def test_editing_a_description_after_its_first_sentence_draws_no_diagram(tmp_path: Path) -> None:
    root = copy_project("mini", tmp_path)
    project = Project.at(root)
    generate(project, Renderer(project.cache))
    model_file = root / "architecture/model/components.yaml"
    text = model_file.read_text(encoding="utf-8")
    old = "Stores trained models with their versions."
    assert text.count(old) == 1
    model_file.write_text(text.replace(old, old + " Each one keeps its lineage."), "utf-8")
    renderer = Renderer(project.cache)
    result = generate(project, renderer)
    assert (result.renders, renderer.processes) == (0, 0)  # diagrams show the first sentence
    assert result.report is not None
    assert result.report.written == ["components/registry.md"]


def test_a_cold_build_lays_each_diagram_out_once_and_draws_only_linked_downloads(
    tmp_path: Path,
) -> None:
    root = copy_project("mini", tmp_path)
    (root / "architecture/views/overview.yaml").write_text(OVERVIEW, encoding="utf-8")
    project = Project.at(root)
    renderer = Renderer(project.cache)
    result = generate(project, renderer)
    assert not result.failed, result.diagnostics
    pages = {p: (project.output / p).read_text("utf-8") for p in result.paths if p.endswith(".md")}
    diagrams = [p for p in result.paths if p.startswith("assets/radoc/diagrams/")]
    downloads = [p for p in result.paths if p.startswith("assets/radoc/downloads/")]
    assert renderer.processes == len(diagrams)  # one `dot` process per diagram, formats and all
    assert renderer.runs == len(diagrams) + len(downloads)
    linked = {
        m.group(1)
        for text in pages.values()
        for m in re.finditer(r'href="(?:\.\./)*(assets/radoc/downloads/[^"]+)"', text)
    }
    assert downloads and set(downloads) == linked  # none drawn that no page links
    zoomed = [p for p in pages if p.startswith("views/overview/")]
    assert zoomed, "the overview has zoomed groups, on pages without downloads"
    assert "assets/radoc/downloads/overview.light.png" in downloads
    assert not [d for d in downloads if d.startswith("assets/radoc/downloads/overview..")]


def test_one_dot_process_writes_the_same_bytes_as_one_process_per_format(tmp_path: Path) -> None:
    sources = _sources(copy_project("mini", tmp_path))
    source = sources["functional"]
    jobs = [Job(source, fmt) for fmt in ("svg", "png", "pdf")]
    renderer = Renderer(None)
    together = renderer._run_together(jobs)
    alone = [renderer._run(job) for job in jobs]
    assert together == alone
    assert together[1].startswith(b"\x89PNG") and together[2].startswith(b"%PDF")


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
