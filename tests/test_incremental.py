"""Rebuilds redo only what changed: the diagram cache, the writer, and their counts."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from radoc import fresh
from radoc.build import BuildOptions, build_outputs
from radoc.pipeline import Project, generate
from radoc.render.graphviz_run import BATCH, GraphvizFailed, Job, Renderer, _batchable, _dot_batch
from radoc.validate import validate_project
from radoc.write import NotOwned, write_outputs

from .conftest import REPO, copy_project

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


def _processes(sources: dict[str, str], with_downloads: set[str]) -> int:
    """The `dot` processes that draw the diagrams ``sources``: one for each that has downloads,
    clusters or a map's layout, and one per batch of up to BATCH of the others."""
    alone = {k for k, src in sources.items() if k in with_downloads or not _batchable([Job(src)])}
    shared = len(sources) - len(alone)
    return len(alone) + -(-shared // BATCH)


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
    assert renderer.processes == _processes({k: after[k] for k in changed}, view_keys)
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


def test_a_description_is_parsed_once_for_the_words_every_tooltip_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A node's tooltip holds its element's description as plain words, and an element is drawn
    in many diagrams; its description is parsed for them once per process (a served site
    generates every page again on each save)."""
    from radoc import text

    from benchmarks.harness import StubRenderer

    root = REPO / "tests/projects/mini"
    model = validate_project(root / "architecture").model
    assert model is not None
    parser = text._parser()
    original = parser.parse
    for_words: list[str] = []

    def parse(src: str, env: Any = None) -> Any:
        if sys._getframe(1).f_code.co_name == "plain_text":
            for_words.append(src)
        return original(src, env)

    monkeypatch.setattr(parser, "parse", parse)
    text.plain_text.cache_clear()
    for _ in range(2):  # a second generation, as on a save while serving
        out = build_outputs(model, BuildOptions(root), StubRenderer(None))
    tooltips = sum(src.count("tooltip=") for src in out.dot_sources.values())
    assert len(for_words) == len(set(for_words)) > 0  # each text once, in both generations
    assert tooltips > 4 * len(for_words)


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
    sources = _sources(root)
    with_downloads = {
        k for k in sources if any(d.startswith(f"assets/radoc/downloads/{k}.") for d in downloads)
    }
    assert len(sources) == len(diagrams)
    # one `dot` process per diagram, formats and all, or per batch of small SVG-only ones
    assert renderer.processes == _processes(sources, with_downloads)
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


@pytest.mark.slow
def test_graphs_drawn_in_one_batch_are_byte_for_byte_as_drawn_alone() -> None:
    """Every diagram of the default site that may share a `dot` process (an SVG only, no
    cluster) comes out of a batch exactly as out of a process of its own."""
    model = validate_project(REPO / "architecture").model
    assert model is not None
    sources = build_outputs(model, BuildOptions(REPO), Renderer(None)).dot_sources
    batchable = [Job(src) for src in sources.values() if _batchable([Job(src)])]
    assert len(batchable) > 50
    renderer = Renderer(None)
    batched = _dot_batch(batchable)
    assert batched is not None
    assert batched == [renderer._run(job) for job in batchable]


def test_a_batch_with_a_broken_graph_draws_the_others_and_names_the_broken_one() -> None:
    good = Job("digraph a { x -> y }")
    bad = Job("digraph broken { x -> }")
    assert _dot_batch([good, bad]) is None
    renderer = Renderer(None)
    with pytest.raises(GraphvizFailed, match="on diagram 'broken'"):
        renderer.render_all([good, bad])
    assert renderer.render_all([good])[good].startswith(b"<?xml")


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
    stamp = (root / ".site.radoc-stamp").read_bytes()
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
    assert (root / ".site.radoc-stamp").read_bytes() == stamp  # still the last good site's
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".site")]
    leftovers.remove(".site.radoc-stamp")
    leftovers += [str(p) for p in root.rglob(".radoc-tmp-*")] + [
        str(p) for p in root.rglob(".tmp-*")
    ]
    assert leftovers == []


# -- "up to date": the stamp beside the site ---------------------------------------------------


def _built(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A built copy of the example project, with a `dot` on PATH that logs every drawing."""
    root = copy_project("mini", tmp_path)
    shim = tmp_path / "bin"
    shim.mkdir()
    real = shutil.which("dot")
    assert real is not None
    log = tmp_path / "dot.log"
    log.touch()
    (shim / "dot").write_text(
        f'#!/bin/sh\n[ "$1" = "-V" ] || echo "$@" >> "{log}"\nexec "{real}" "$@"\n', "utf-8"
    )
    (shim / "dot").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}
    first = _radoc(root, env)
    assert first.returncode == 0, first.stderr
    assert "site built in site/" in first.stderr
    return root, env


def _radoc(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radoc", "build", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _dot_runs(root: Path) -> int:
    return len((root.parent / "dot.log").read_text("utf-8").splitlines())


def _state(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file radoc or MkDocs writes, with its modification time, inode and size."""
    found = {}
    for name in ("site", "build", ".radoc-cache"):
        for p in sorted((root / name).rglob("*")):
            st = p.lstat()
            found[p.relative_to(root).as_posix()] = (st.st_mtime_ns, st.st_ino, st.st_size)
    return found


UP_TO_DATE = "site/ is up to date: nothing changed since it was built (--force builds it anyway)\n"
BUILT = "site built in site/"


@pytest.mark.slow
def test_a_build_with_nothing_changed_is_up_to_date_and_does_nothing(tmp_path: Path) -> None:
    root, env = _built(tmp_path)
    drawn, before = _dot_runs(root), _state(root)
    assert drawn > 0
    for _ in range(2):  # the first check may renew the stamp; neither rebuilds anything
        again = _radoc(root, env)
        assert (again.returncode, again.stderr) == (0, UP_TO_DATE)
    assert _dot_runs(root) == drawn
    assert _state(root) == before  # no file written, moved or removed
    forced = _radoc(root, env, "--force")
    assert forced.returncode == 0 and BUILT in forced.stderr
    assert _dot_runs(root) == drawn  # every diagram comes from the cache
    assert _radoc(root, env).stderr == UP_TO_DATE


@pytest.mark.slow
def test_an_edit_is_never_missed_even_with_the_same_size_and_time(tmp_path: Path) -> None:
    root, env = _built(tmp_path)
    page = root / "docs" / "index.md"
    text = page.read_text("utf-8")
    # at once (inside the window a coarse clock could hide), the same number of bytes
    edited = text.replace("Mini", "Mono", 1)
    assert edited != text and len(edited) == len(text)
    page.write_text(edited, "utf-8")
    run = _radoc(root, env)
    assert run.returncode == 0 and BUILT in run.stderr
    assert "Mono" in (root / "site" / "index.html").read_text("utf-8")
    # the same size and the modification time put back: the change time and content tell
    st = page.stat()
    page.write_text(edited.replace("Mono", "Mana", 1), "utf-8")
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    run = _radoc(root, env)
    assert run.returncode == 0 and BUILT in run.stderr
    assert "Mana" in (root / "site" / "index.html").read_text("utf-8")
    # a new file among the hand-written pages
    (root / "docs" / "notes.md").write_text("# Notes\n", "utf-8")
    run = _radoc(root, env)
    assert run.returncode == 0 and BUILT in run.stderr
    assert (root / "site" / "notes" / "index.html").is_file()
    # a description edited after its first sentence: its page only, no diagram drawn
    drawn = _dot_runs(root)
    model = root / "architecture/model/components.yaml"
    old = "Stores trained models with their versions."
    model.write_text(model.read_text("utf-8").replace(old, old + " And more."), "utf-8")
    run = _radoc(root, env)
    assert run.returncode == 0 and BUILT in run.stderr
    assert "And more." in (root / "site/components/registry/index.html").read_text("utf-8")
    assert _dot_runs(root) == drawn
    assert _radoc(root, env).stderr == UP_TO_DATE


@pytest.mark.slow
def test_configuration_theme_options_and_environment_are_inputs(tmp_path: Path) -> None:
    root, env = _built(tmp_path)
    config = root / "mkdocs.yml"
    base = root / "base.yml"
    base.write_text("copyright: Base notice\n", "utf-8")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}First{% endblock %}\n', "utf-8"
    )
    config.write_text(
        "INHERIT: base.yml\n"
        + config.read_text("utf-8").replace(
            "  name: material\n", "  name: material\n  custom_dir: overrides\n"
        )
        + "extra:\n  edition: !ENV [RADOC_TEST_EDITION, plain]\n",
        "utf-8",
    )

    def build(*args: str, **extra: str) -> str:
        run = _radoc(root, {**env, **extra}, *args)
        assert run.returncode == 0, run.stderr
        return "built" if "site built in" in run.stderr else "up to date"

    assert build() == "built"
    assert build() == "up to date"
    base.write_text("copyright: Another notice\n", "utf-8")  # an inherited file
    assert build() == "built"
    assert "Another notice" in (root / "site" / "index.html").read_text("utf-8")
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Second{% endblock %}\n', "utf-8"
    )
    assert build() == "built"  # the theme's custom_dir
    assert "Second" in (root / "site" / "index.html").read_text("utf-8")
    assert build(RADOC_TEST_EDITION="special") == "built"  # a variable read with !ENV
    assert build(RADOC_TEST_EDITION="special") == "up to date"
    assert build("--strict", RADOC_TEST_EDITION="special") == "built"  # another option
    assert build("--strict", RADOC_TEST_EDITION="special") == "up to date"
    assert build("-d", "elsewhere", "--strict", RADOC_TEST_EDITION="special") == "built"
    assert build("--strict", RADOC_TEST_EDITION="special") == "up to date"


@pytest.mark.slow
def test_a_changed_or_missing_site_is_built_again(tmp_path: Path) -> None:
    root, env = _built(tmp_path)
    page = root / "site" / "components" / "index.html"
    good = page.read_bytes()
    page.unlink()
    assert BUILT in _radoc(root, env).stderr
    assert page.read_bytes() == good
    page.write_bytes(good.replace(b"<title>", b"<title>Changed "))
    assert BUILT in _radoc(root, env).stderr
    assert page.read_bytes() == good
    shutil.rmtree(root / "site")
    assert BUILT in _radoc(root, env).stderr
    assert page.read_bytes() == good
    (root / "site" / "CNAME").write_text("arch.example.org\n", "utf-8")  # a file of the user's
    assert _radoc(root, env).stderr == UP_TO_DATE


@pytest.mark.slow
def test_a_failed_build_leaves_the_stamp_of_the_last_good_site(tmp_path: Path) -> None:
    root, env = _built(tmp_path)
    stamp = root / ".site.radoc-stamp"
    good_stamp, good_page = stamp.read_bytes(), (root / "site/index.html").read_bytes()
    model = root / "architecture/model/components.yaml"
    text = model.read_text("utf-8")
    model.write_text(text.replace("group: serving", "group: servng", 1), "utf-8")
    failed = _radoc(root, env)
    assert failed.returncode == 1 and "servng" in failed.stderr
    assert stamp.read_bytes() == good_stamp
    assert (root / "site/index.html").read_bytes() == good_page
    model.write_text(text, "utf-8")  # back to what the site was built from
    assert _radoc(root, env).stderr == UP_TO_DATE


@pytest.mark.slow
def test_a_build_radoc_cannot_account_for_is_always_a_full_one(tmp_path: Path) -> None:
    root, env = _built(tmp_path)
    (root / "hooks.py").write_text(
        "def on_page_markdown(markdown, **kwargs):\n    return markdown\n"
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "hooks:\n  - hooks.py\n", "utf-8")
    for _ in range(2):
        run = _radoc(root, env, "-v")
        assert run.returncode == 0 and BUILT in run.stderr
        assert (
            "radoc: always a full build: the hook 'hooks.py' may read files radoc does not track"
            in run.stderr
        )
    assert not (root / ".site.radoc-stamp").exists()


@pytest.mark.slow
def test_a_stamp_radoc_did_not_write_is_left_alone(tmp_path: Path) -> None:
    root, env = _built(tmp_path)
    stamp = root / ".site.radoc-stamp"
    stamp.write_text("my notes\n", "utf-8")
    for _ in range(2):
        assert BUILT in _radoc(root, env).stderr
    assert stamp.read_text("utf-8") == "my notes\n"


def test_a_settled_record_is_trusted_and_any_other_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("one\n", "utf-8")
    rec = fresh.record(str(path))
    assert rec is not None
    settled = path.stat().st_ctime_ns + fresh.RACY_NS + 1  # a record taken well after the write
    counter = fresh.Counter()
    assert fresh.same(str(path), rec, settled, counter) and counter.hashed == 0
    # taken just now, it could hide a second write within the clock's resolution: read it
    assert fresh.same(str(path), rec, time.time_ns(), counter) and counter.hashed == 1
    assert counter.renewed == {str(path): rec}
    # the same bytes, new times: read, and found unchanged
    os.utime(path, ns=(rec[1] + 10**9, rec[1] + 10**9))
    counter = fresh.Counter()
    assert fresh.same(str(path), rec, settled + 10**10, counter) and counter.hashed == 1
    # the same size and the old modification time, other bytes: the change time gives it away
    path.write_text("two\n", "utf-8")
    os.utime(path, ns=(rec[1], rec[1]))
    assert not fresh.same(str(path), rec, settled + 10**10, fresh.Counter())
    path.unlink()
    assert not fresh.same(str(path), rec, settled, fresh.Counter())
    assert fresh.same(str(path), None, settled, fresh.Counter())  # missing, as recorded


def test_the_configuration_chain_its_site_folder_and_its_variables(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "common.yml").write_text(
        "site_dir: public\nextra:\n  a: !ENV RADOC_A\n  b: !ENV [RADOC_B, 'RADOC_C', fallback]\n"
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text("INHERIT: base/common.yml\nsite_name: x\n", "utf-8")
    assert fresh.config_files(config) == [str(config), str(tmp_path / "base" / "common.yml")]
    assert fresh.site_dir_of(config) == tmp_path / "public"  # as MkDocs: beside mkdocs.yml
    texts = [p.read_text("utf-8") for p in (config, tmp_path / "base" / "common.yml")]
    assert fresh.env_names(texts) == ["RADOC_A", "RADOC_B", "RADOC_C", "fallback"]
    config.write_text("INHERIT: base/common.yml\nsite_dir: !ENV [OUT, out]\n", "utf-8")
    assert fresh.site_dir_of(config) is None  # only MkDocs can tell: no shortcut
    config.write_text("site_name: x\n", "utf-8")
    assert fresh.site_dir_of(config) == tmp_path / "site"


def _config(root: Path, text: str) -> Any:
    from mkdocs.config import load_config

    (root / "docs").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(f"site_name: x\n{text}", "utf-8")
    return load_config(config_file=str(root / "mkdocs.yml"))


def test_inputs_radoc_cannot_name_mean_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    found = fresh.tracked_paths(_config(tmp_path, "plugins: [search]\n"), site)
    assert found == ([str(tmp_path / "docs")], [])
    (tmp_path / "hook.py").write_text("", "utf-8")
    hooked = _config(tmp_path, "hooks: [hook.py]\n")
    assert fresh.tracked_paths(hooked, site) == (
        "the hook 'hook.py' may read files radoc does not track"
    )
    # snippets read from the current folder by default, which holds the site
    snippets = _config(tmp_path, "markdown_extensions: [pymdownx.snippets]\n")
    assert fresh.tracked_paths(snippets, site) == f"{tmp_path} holds {site}, which the build writes"
    (tmp_path / "snippets").mkdir()
    own = _config(
        tmp_path, "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets]\n"
    )
    assert fresh.tracked_paths(own, site) == (
        [str(tmp_path / "docs"), str(tmp_path / "snippets")],
        [],
    )
    (tmp_path / "myext.py").write_text(
        "from markdown import Extension\n\n\nclass Mine(Extension):\n"
        "    def extendMarkdown(self, md):\n        pass\n\n\n"
        "def makeExtension(**kwargs):\n    return Mine(**kwargs)\n",
        "utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    unknown = _config(tmp_path, "markdown_extensions: [myext]\n")
    assert fresh.tracked_paths(unknown, site) == (
        "the markdown extension 'myext' may read files radoc does not track"
    )


@pytest.mark.slow
def test_serve_rebuilds_nothing_when_a_save_changes_nothing(tmp_path: Path) -> None:
    root = copy_project("mini", tmp_path)
    # a configuration changed just before MkDocs read it may have changed while it was read,
    # so the first build is trusted only for files older than that window, as a real project's are
    time.sleep(fresh.RACY_NS / 1e9 + 0.5)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "radoc", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/components/registry/"
    try:
        assert _wait_for(lambda: "Stores trained models" in _get(url)), "serve did not start"
        builds = log.read_text("utf-8").count("Building documentation")
        for path in (root / "docs/index.md", root / "architecture/model/components.yaml"):
            path.write_bytes(path.read_bytes())  # saved, unchanged
        skipped = "radoc: nothing changed since the last build; not rebuilding"
        assert _wait_for(lambda: log.read_text("utf-8").count(skipped) >= 1)
        model = root / "architecture/model/components.yaml"
        text = model.read_text("utf-8")
        model.write_text(text.replace("Stores trained models", "Keeps trained models"), "utf-8")
        assert _wait_for(lambda: "Keeps trained models" in _get(url)), "the edit was missed"
        assert log.read_text("utf-8").count("Building documentation") == builds + 1
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(condition: Callable[[], bool], seconds: float = 120) -> bool:
    """Poll until ``condition`` holds (a bound on waiting, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


# -- pages rebuilt only where they change ------------------------------------------------------

PAGES = re.compile(r"radoc: pages: (\d+) rendered, (\d+) built, (\d+) copied from the last site")


def _pages(run: subprocess.CompletedProcess[str]) -> tuple[int, int, int]:
    assert run.returncode == 0, run.stderr
    found = PAGES.search(run.stderr)
    assert found, run.stderr
    rendered, built, copied = (int(n) for n in found.groups())
    return rendered, built, copied


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.slow
def test_a_partial_build_writes_the_very_site_a_full_build_writes(tmp_path: Path) -> None:
    root, env = _built(tmp_path / "partial")
    env["SOURCE_DATE_EPOCH"] = "1700000000"  # the sitemap's dates: one day for every build
    # a page that warns (a broken link) as it is built: it is built again every time
    (root / "docs" / "notes.md").write_text("# Notes\n\nSee [nothing](missing.md).\n", "utf-8")
    first = _radoc(root, env, "-v")
    assert "contains a link 'missing.md'" in first.stderr
    total = len(list((root / "site").rglob("index.html")))  # one per page
    assert _pages(first) == (total, total, 0)  # a new file: every page is built
    model = root / "architecture/model/components.yaml"
    edits = [
        # after the first sentence of a description: that element's page only (and the notes)
        ("with their versions.", "with their versions. And more.", 2),
        # a name: every page that shows it, and no other (element pages are in no navigation)
        ("name: Model registry", "name: Model store", None),
    ]
    # a navigation title: every page shows it, and each must be built (its Markdown rendered
    # late: it had not changed)
    edits.append(("title: Functional components", "title: Parts", None))
    for i, (old, new, expected) in enumerate(edits):
        path = model if i < 2 else root / "architecture/views/functional.yaml"
        text = path.read_text("utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), "utf-8")
        run = _radoc(root, env, "-v")
        rendered, built, copied = _pages(run)
        assert "contains a link 'missing.md'" in run.stderr  # warned again, as a full build
        assert rendered == built and rendered + copied == total
        if i < 2:
            assert rendered == expected if expected else 2 < rendered < total // 2
        else:
            assert built == total
        full = copy_project("mini", tmp_path / f"full-{i}")
        shutil.rmtree(full / "architecture")
        shutil.copytree(root / "architecture", full / "architecture")
        shutil.copy2(root / "docs" / "notes.md", full / "docs" / "notes.md")
        assert _radoc(full, env).returncode == 0
        assert _tree(root / "site") == _tree(full / "site")
