"""End to end: the example project built into a site by `radoc build`, as a user would."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from radoc.build import restore_diagrams, stash_diagrams

from .sitecheck import broken_links

pytestmark = [pytest.mark.dot, pytest.mark.slow]

RADOC = [sys.executable, "-m", "radoc"]


def radoc(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RADOC, *args], cwd=project, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import copy_project

    project = copy_project("mini", tmp_path_factory.mktemp("site"))
    proc = radoc(project, "build")
    assert proc.returncode == 0, proc.stderr
    assert "site built in site/" in proc.stderr
    return project


def test_every_generated_page_is_in_the_site(built: Path) -> None:
    pages = sorted(
        p.relative_to(built / "build/pages").as_posix()
        for p in (built / "build/pages").rglob("*.md")
    )
    assert "views/functional.md" in pages and "components/registry.md" in pages
    for page in pages:
        stem = page[: -len(".md")]
        html = (
            built
            / "site"
            / (stem.removesuffix("index") if stem.endswith("index") else stem + "/")
            / "index.html"
        )
        assert html.is_file(), page


def test_diagrams_are_inline_svg_with_node_links(built: Path) -> None:
    html = (built / "site/views/functional/index.html").read_text(encoding="utf-8")
    assert '<div class="radoc-diagram" id="diagram-functional" data-search-exclude>' in html
    assert "<img" not in html.split('class="radoc-diagram"')[1].split("</div>")[0]
    assert '<svg aria-label="Functional components: ' in html
    assert 'xlink:href="../../components/registry/"' in html
    assert "radoc:" not in html


def test_each_generated_diagram_reaches_its_page_as_written(built: Path) -> None:
    """The plugin keeps inline SVG out of Markdown and puts it back into the HTML: every SVG of
    a generated page is in its HTML byte for byte, and no stand-in is left anywhere."""
    seen = 0
    for page in (built / "build/pages").rglob("*.md"):
        markdown = page.read_text(encoding="utf-8")
        stem = page.relative_to(built / "build/pages").as_posix()[: -len(".md")]
        folder = stem.removesuffix("index") if stem.endswith("index") else stem + "/"
        html = (built / "site" / folder / "index.html").read_text(encoding="utf-8")
        for svg in re.findall(r"<svg\b.*?</svg>", markdown, re.S):
            assert svg in html, page
            seen += 1
        assert "radoc-svg:" not in html
    assert seen > 20


def test_stashed_diagrams_come_back_unchanged() -> None:
    block = (
        '<div class="radoc-diagram" id="diagram-x" data-search-exclude>\n'
        '<svg viewBox="0 0 1 1"><a xlink:href="../y/">y</a></svg>\n</div>\n'
    )
    text = f"# T\n\n{block}\nA paragraph with <svg>inline</svg> markup.\n\n{block}"
    hidden, stash = stash_diagrams(text)
    assert len(stash) == 1 and "<svg viewBox" not in hidden
    assert "<svg>inline</svg>" in hidden  # only diagram blocks are touched
    assert restore_diagrams(hidden, stash) == text


def test_hand_written_pages_can_show_a_diagram(built: Path) -> None:
    html = (built / "site/index.html").read_text(encoding="utf-8")
    assert '<div class="radoc-diagram" id="diagram-workflow.lv-1" data-search-exclude>' in html
    assert "radoc-diagram:" not in html  # the marker was replaced
    assert 'xlink:href="activities/approve/"' in html  # links resolved for this page


def test_every_link_resolves(built: Path) -> None:
    assert broken_links(built / "site") == []


def test_no_page_repeats_an_id(built: Path) -> None:
    # a heading and a diagram both called "deployment" once shared one id: links went astray
    repeated = {}
    for page in sorted((built / "site").rglob("*.html")):
        ids = re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            repeated[str(page.relative_to(built / "site"))] = twice
    assert repeated == {}


def test_generated_pages_stay_out_of_docs(built: Path) -> None:
    assert sorted(p.name for p in (built / "docs").iterdir()) == ["index.md"]


def test_two_builds_are_byte_identical(built: Path) -> None:
    def snapshot() -> dict[str, bytes]:
        root = built / "build/pages"
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    first = snapshot()
    proc = radoc(built, "build")
    assert proc.returncode == 0, proc.stderr
    assert snapshot() == first


def test_failed_build_keeps_the_previous_site(built: Path) -> None:
    before = (built / "site/index.html").read_bytes()
    model = built / "architecture/model/components.yaml"
    good = model.read_text(encoding="utf-8")
    model.write_text(
        good.replace("to: inference\n    verb: deploys", "to: inferense\n    verb: deploys"),
        encoding="utf-8",
    )
    try:
        proc = radoc(built, "build")
    finally:
        model.write_text(good, encoding="utf-8")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert (
        "architecture/model/components.yaml:52:9: error [unknown-ref] relationship target 'inferense' "
        "is not defined (did you mean 'inference'?)"
    ) in proc.stderr
    assert "the previous site is unchanged" in proc.stderr
    assert (built / "site/index.html").read_bytes() == before


def test_check_command(built: Path) -> None:
    proc = radoc(built, "check")
    assert proc.returncode == 0
    assert proc.stderr.startswith("ok: 21 elements, 13 relationships, 6 views")


def test_refuses_a_site_folder_it_did_not_create(tmp_path: Path) -> None:
    from .conftest import copy_project

    project = copy_project("mini", tmp_path)
    (project / "site").mkdir()
    (project / "site/notes.txt").write_text("mine", encoding="utf-8")
    proc = radoc(project, "build")
    assert proc.returncode == 1
    assert "holds files radoc did not create" in proc.stderr
    assert (project / "site/notes.txt").read_text(encoding="utf-8") == "mine"
