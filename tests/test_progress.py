"""The status line of long builds: one line rewritten in place on a terminal, nothing elsewhere."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from radoc.progress import ProgressLine, drawing
from radoc.render.graphviz_run import Job, Renderer

from .conftest import copy_project

SITE_BUILT = "site built in site/ — serve it with `radoc serve` (or open site/index.html)"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_each_status_rewritten_in_place() -> None:
    out = FakeTerminal()
    line = ProgressLine(out)
    line("drawing 9/10 diagrams")
    line("writing pages")  # shorter: the rest of the old status is blanked
    line.clear()
    line.clear()  # nothing shown: nothing written
    assert out.getvalue() == (
        "\rdrawing 9/10 diagrams" + "\rwriting pages        " + "\r" + " " * 13 + "\r"
    )


def test_a_status_never_wraps() -> None:
    out = FakeTerminal()  # its size is unknown: 80 columns are assumed
    ProgressLine(out)("x" * 200)
    assert out.getvalue() == "\r" + "x" * 79


def test_nothing_is_written_when_not_a_terminal() -> None:
    out = io.StringIO()
    line = ProgressLine(out)
    line("drawing 1/2 diagrams")
    line.clear()
    assert out.getvalue() == ""
    assert ProgressLine(FakeTerminal(), enabled=False).enabled is False


def test_a_log_record_clears_the_line_first() -> None:
    import logging

    out = FakeTerminal()
    line = ProgressLine(out)
    line("MkDocs: writing page 3/9")
    assert line.before_log(logging.makeLogRecord({"msg": "a warning"})) is True
    assert out.getvalue().endswith("\r" + " " * 24 + "\r")


def test_drawing_reports_diagrams_then_pages() -> None:
    seen: list[str] = []
    report = drawing(seen.append)
    for done in range(3):
        report(done, 2)
    assert seen == ["drawing 0/2 diagrams", "drawing 1/2 diagrams", "generating pages"]


@pytest.mark.dot
def test_the_renderer_reports_real_runs_only(tmp_path: Path) -> None:
    heard: list[tuple[int, int]] = []
    renderer = Renderer(tmp_path / "cache", workers=1, on_drawn=lambda d, t: heard.append((d, t)))
    # graphs with clusters are drawn one to a process, and heard of one by one
    jobs = [
        Job("digraph a { subgraph cluster_1 { x } }"),
        Job("digraph b { subgraph cluster_2 { y } }"),
    ]
    renderer.render_all(jobs)
    assert heard == [(0, 2), (1, 2), (2, 2)]
    heard.clear()
    renderer.render_all([*jobs, Job("digraph c { subgraph cluster_3 { z } }")])  # two cached
    assert heard == [(0, 1), (1, 1)]
    heard.clear()
    # small graphs without clusters share a process: heard of when their batch is drawn
    renderer.render_all([Job("digraph d { x }"), Job("digraph e { y }")])
    assert heard == [(0, 2), (2, 2)]


def _build(project: Path, terminal: bool, **env_vars: str) -> tuple[int, str]:
    """`radoc build` with stderr on a pseudo-terminal (or a pipe); its exit code and stderr."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    command = [sys.executable, "-m", "radoc", "build"]
    if not terminal:
        proc = subprocess.run(
            command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        return proc.returncode, proc.stderr
    main, secondary = pty.openpty()
    with subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=secondary
    ) as proc:
        os.close(secondary)
        chunks = []
        while True:
            ready, _, _ = select.select([main], [], [], 1)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closed: the build has ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = proc.wait(timeout=300)
    os.close(main)
    return code, b"".join(chunks).decode("utf-8")


def _number(pattern: str, status: str) -> int:
    found = re.fullmatch(pattern, status)
    assert found, status
    return int(found.group(1))


@pytest.fixture(scope="module")
def cold_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The example project built once from a cold cache, stderr on a terminal."""
    project = copy_project("mini", tmp_path_factory.mktemp("progress"))
    code, shown = _build(project, terminal=True)
    assert code == 0, shown
    return project, shown


@pytest.mark.dot
@pytest.mark.slow
def test_build_shows_progress_on_a_terminal(cold_build: tuple[Path, str]) -> None:
    statuses = [part.rstrip() for part in cold_build[1].replace("\r\n", "\n").split("\r")]
    assert statuses[0] == ""  # every status starts with a carriage return
    assert statuses[1:3] == ["checking the architecture", "generating pages"]
    diagrams = _number(r"drawing 0/(\d+) diagrams", statuses[3])
    assert diagrams > 20  # a cold cache: every diagram is drawn
    # one status per `dot` process finished (a batch of small diagrams counts them all)
    drawn = []
    for status in statuses[3:]:
        found = re.fullmatch(rf"drawing (\d+)/{diagrams} diagrams", status)
        if found is None:
            break
        drawn.append(int(found.group(1)))
    assert drawn[0] == 0 and drawn == sorted(set(drawn)) and drawn[-1] < diagrams
    after = 3 + len(drawn)
    assert statuses[after : after + 2] == ["generating pages", "writing pages"]
    pages = _number(r"MkDocs: reading (\d+) pages", statuses[after + 2])
    written = statuses[after + 3 : after + 3 + pages]
    assert written == [f"MkDocs: writing page {i}/{pages}" for i in range(1, pages + 1)]
    # the line is blanked, then the closing message stands alone on its own line
    assert statuses[after + 3 + pages :] == ["", SITE_BUILT]


@pytest.mark.dot
@pytest.mark.slow
def test_build_in_a_log_shows_no_progress_and_takes_its_site_url(
    cold_build: tuple[Path, str],
) -> None:
    """As in CI: stderr is a pipe, and the address comes from RADOC_SITE_URL. On a project site
    (owner.github.io/repo/) the 404 page must load its styles from /repo/."""
    project = cold_build[0]
    code, logged = _build(project, terminal=False, RADOC_SITE_URL="https://owner.github.io/repo")
    assert code == 0, logged
    assert logged == SITE_BUILT + "\n"
    page = (project / "site/404.html").read_text(encoding="utf-8")
    assert 'href="/repo/assets/stylesheets/' in page
    assert 'href="/assets/' not in page
    index = (project / "site/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://owner.github.io/repo/">' in index
