"""`radoc export`: every view diagram in every format and theme, with figure lists."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader
from radoc import export as export_module
from radoc.export import export, figures_of
from radoc.render.graphviz_run import Renderer
from radoc.render.svg import size_pt
from radoc.validate import validate_project

from .conftest import copy_project

pytestmark = pytest.mark.dot

DIAGRAMS = ["deployment", "functional", "groups", "workflow.lv-0", "workflow.lv-1"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project("mini", tmp_path_factory.mktemp("export"))
    args = ["export", "--format", "svg", "--format", "png", "--format", "pdf"]
    args += ["--theme", "light", "--theme", "dark", "--theme", "print", "--dpi", "120"]
    proc = subprocess.run(
        [sys.executable, "-m", "radoc", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "exported 45 file(s) to exports/ with figures.md and figures.tex" in proc.stderr
    assert "view 'involvement' is a table, not a diagram" in proc.stderr
    # piped, not a terminal: no progress bar
    assert "exporting" not in proc.stderr
    return project / "exports"


def test_one_file_per_view_theme_and_format(exported: Path) -> None:
    expected = {
        f"{k}.{t}.{f}"
        for k in DIAGRAMS
        for t in ("light", "dark", "print")
        for f in ("svg", "png", "pdf")
    }
    found = {p.name for p in exported.iterdir()} - {"figures.md", "figures.tex", ".radoc-generated"}
    assert found == expected


def test_svgs_are_self_contained_xml(exported: Path) -> None:
    for svg in exported.glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        ET.fromstring(text.encode("utf-8"))
        assert "/work/" not in text and "/tmp/" not in text and "site-packages" not in text
        assert (
            "radoc:" not in text and 'xlink:href="../' not in text
        )  # links dropped without --links
        assert "font-family" in text
    deployment = (exported / "deployment.light.svg").read_text(encoding="utf-8")
    assert "data:image/png;base64," in deployment


def test_pdfs_are_vector_documents_of_one_page(exported: Path) -> None:
    for pdf in exported.glob("*.pdf"):
        reader = PdfReader(io.BytesIO(pdf.read_bytes()))
        assert len(reader.pages) == 1
        # text is drawn as text (vector), not as an embedded picture of it
        assert reader.pages[0].extract_text().strip()


def test_png_sizes_follow_the_dpi(exported: Path) -> None:
    for key in DIAGRAMS:
        width_pt, height_pt = size_pt((exported / f"{key}.light.svg").read_text(encoding="utf-8"))
        width, height = png_size((exported / f"{key}.light.png").read_bytes())
        assert abs(width - width_pt * 120 / 72) <= 3, key
        assert abs(height - height_pt * 120 / 72) <= 3, key


def test_themes_differ_and_print_is_black_on_white(exported: Path) -> None:
    light = (exported / "workflow.lv-1.light.svg").read_text(encoding="utf-8")
    dark = (exported / "workflow.lv-1.dark.svg").read_text(encoding="utf-8")
    printed = (exported / "workflow.lv-1.print.svg").read_text(encoding="utf-8")
    assert light != dark != printed
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', printed))
    greys = {c for c in colours if c[1:3] == c[3:5] == c[5:7]}
    assert colours == greys, colours - greys
    # automation survives greyscale as a letter
    assert ">H &#160;Approve the release<" in printed


def test_figure_lists_match_the_views(exported: Path) -> None:
    md = (exported / "figures.md").read_text(encoding="utf-8")
    tex = (exported / "figures.tex").read_text(encoding="utf-8")
    for key in DIAGRAMS:
        for theme in ("light", "dark", "print"):
            assert f"]({key}.{theme}.svg)" in md
            assert f"\\includegraphics[width=\\linewidth]{{{key}.{theme}.pdf}}" in tex
    assert (
        "\\caption{Workflow — Automated. In which order do the phases run, and how automated is each activity?}"
        in tex
    )
    assert tex.count("\\begin{figure}") == len(DIAGRAMS) * 3


def test_links_are_absolute_when_asked(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    args = ["export", "--view", "functional", "--links", "--base-url", "https://ra.example.org/"]
    proc = subprocess.run(
        [sys.executable, "-m", "radoc", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    svg = (project / "exports/functional.light.svg").read_text(encoding="utf-8")
    assert 'xlink:href="https://ra.example.org/components/registry/"' in svg


def test_a_view_over_the_size_limit_is_exported_smaller_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project("mini", tmp_path)
    model = validate_project(project / "architecture").model
    assert model is not None
    monkeypatch.setattr(export_module, "MAX_PIXELS_SIDE", 400)
    result = export(model, Renderer(None), ["functional"], ["png"], ["light"], dpi=300)
    (warning,) = result.warnings
    assert (
        warning.startswith("view 'functional' (functional) would be ")
        and "over the 400 px limit" in warning
    )
    png = next(f for f in result.files if f.path == "functional.light.png")
    assert max(png_size(png.data)) <= 402


def test_figures_skip_tables() -> None:
    from .conftest import PROJECTS

    model = validate_project(PROJECTS / "mini" / "architecture").model
    assert model is not None
    figures, skipped = figures_of(model)
    assert [f.key for f in figures] == [
        "functional",
        "groups",
        "workflow.lv-0",
        "workflow.lv-1",
        "deployment",
    ]
    assert skipped == ["involvement", "tools"]


def test_refuses_a_folder_it_does_not_own(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    (project / "exports").mkdir()
    (project / "exports/notes.txt").write_text("mine", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "radoc", "export"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and "did not create" in proc.stderr
    assert (project / "exports/notes.txt").read_text(encoding="utf-8") == "mine"


def test_export_links_with_an_unreadable_mkdocs_yml_is_one_line(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    (project / "mkdocs.yml").write_bytes(b"site_name: x\nsite_url: [unclosed\n")
    proc = subprocess.run(
        [sys.executable, "-m", "radoc", "export", "--links"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("radoc: error: mkdocs.yml cannot be read for its site_url (")
    assert proc.stderr.count("\n") == 1
    (project / "mkdocs.yml").write_bytes(b"site_name: \xff\n")
    again = subprocess.run(
        [sys.executable, "-m", "radoc", "export", "--links"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 1 and "Traceback" not in again.stderr
