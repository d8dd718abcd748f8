"""`radoc export`: every view diagram in every format and theme, with figure lists."""

from __future__ import annotations

import io
import math
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from radoc import export as export_module
from radoc.export import Placement, export, figures_of, legibility_warning
from radoc.render.graphviz_run import Renderer
from radoc.render.paper import BP_PER, Drawing, parse_length, print_size
from radoc.render.svg import size_pt
from radoc.validate import validate_project

from .conftest import PROJECTS, REPO, copy_project

pytestmark = pytest.mark.dot

DIAGRAMS = ["deployment", "functional", "groups", "workflow.lv-0", "workflow.lv-1"]
TABLES = ["involvement.csv", "involvement.tex", "tools.csv", "tools.tex"]
MM = BP_PER["mm"]
PDFLATEX = shutil.which("pdflatex")
needs_pdflatex = pytest.mark.skipif(
    PDFLATEX is None,
    reason="pdflatex is not installed (scripts/setup.sh installs it for make test)",
)


def radoc(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radoc", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


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
    # 45 diagram files, a LaTeX snippet per diagram and theme, two matrices as .tex and .csv
    assert proc.stderr == "exported 64 file(s) to exports/ with figures.md and figures.tex\n"
    return project / "exports"


def test_one_file_per_view_theme_and_format(exported: Path) -> None:
    expected = {
        f"{k}.{t}.{f}"
        for k in DIAGRAMS
        for t in ("light", "dark", "print")
        for f in ("svg", "png", "pdf", "tex")
    }
    found = {p.name for p in exported.iterdir()} - {"figures.md", "figures.tex", ".radoc-generated"}
    assert found == expected | set(TABLES)


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


def test_pdfs_are_as_large_as_the_drawing_without_a_margin(exported: Path) -> None:
    """Graphviz puts half an inch of blank page around a PDF unless told not to; the PDF page
    is the drawing's size, as the SVG gives it."""
    for key in DIAGRAMS:
        width_pt, height_pt = size_pt((exported / f"{key}.light.svg").read_text(encoding="utf-8"))
        box = PdfReader(exported / f"{key}.light.pdf").pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx((width_pt, height_pt), abs=1)


def test_png_sizes_follow_the_dpi(exported: Path) -> None:
    for key in DIAGRAMS:
        width_pt, height_pt = size_pt((exported / f"{key}.light.svg").read_text(encoding="utf-8"))
        width, height = png_size((exported / f"{key}.light.png").read_bytes())
        assert abs(width - width_pt * 120 / 72) <= 3, key
        assert abs(height - height_pt * 120 / 72) <= 3, key


def test_pngs_carry_their_dpi(exported: Path) -> None:
    """A pHYs chunk (whole pixels per metre: 120 dpi reads back as 119.99) makes Word and
    python-docx place the picture at its drawn size."""
    for png in exported.glob("*.png"):
        with Image.open(png) as image:
            assert image.info["dpi"] == pytest.approx((120, 120), abs=0.05), png.name


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
            assert f"\\InputIfFileExists{{\\radocfigures {key}.{theme}.tex}}{{}}{{}}" in tex
            snippet = (exported / f"{key}.{theme}.tex").read_text(encoding="utf-8")
            assert (
                "\\includegraphics[width=\\linewidth,height=0.85\\textheight,keepaspectratio]"
                f"{{\\radocdir {key}.{theme}.pdf}}" in snippet
            )
            assert f"\\label{{fig:{key}-{theme}}}" in snippet
    snippet = (exported / "workflow.lv-1.light.tex").read_text(encoding="utf-8")
    assert (
        "\\caption{Workflow — Automated. In which order do the phases run, and how automated is each activity?}"
        in snippet
    )
    assert tex.count("\\InputIfFileExists") == len(DIAGRAMS) * 3 + 2
    assert tex.endswith(
        "\\InputIfFileExists{\\radocfigures involvement.tex}{}{}\n"
        "\\InputIfFileExists{\\radocfigures tools.tex}{}{}\n"
    )


def test_matrices_as_tabular_and_csv(exported: Path, golden: Callable[[str, str], None]) -> None:
    for name in TABLES:
        golden(f"export/{name}", (exported / name).read_text(encoding="utf-8"))


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
    assert re.sub(r"\d+", "N", warning) == (
        "view 'functional' would be N×N px at N dpi, over the N px limit: exported at N dpi instead"
    )
    png = next(f for f in result.files if f.path == "functional.light.png")
    assert max(png_size(png.data)) <= 402
    # the lower resolution is the one recorded: the picture keeps its size on paper
    used = int(warning.rsplit(" at ", 1)[1].split()[0])
    with Image.open(io.BytesIO(png.data)) as image:
        assert image.info["dpi"] == pytest.approx((used, used), abs=0.05)


def test_figures_and_tables_of_a_project() -> None:
    model = validate_project(PROJECTS / "mini" / "architecture").model
    assert model is not None
    figures, tables = figures_of(model)
    assert [f.key for f in figures] == [
        "functional",
        "groups",
        "workflow.lv-0",
        "workflow.lv-1",
        "deployment",
    ]
    assert [v.id for v in tables] == ["involvement", "tools"]
    # one diagram of a view, an element's context diagram, a matrix view
    figures, tables = figures_of(model, ["context.registry", "workflow.lv-1", "tools"])
    assert [f.key for f in figures] == ["workflow.lv-1", "context.registry"]
    assert (
        figures[1].caption
        == "Model registry in context. What Model registry is related to, and how."
    )
    assert [v.id for v in tables] == ["tools"]


def test_an_unknown_view_or_diagram_is_one_line(mini: Path) -> None:
    proc = radoc(mini, "export", "--view", "workflow.lv-9")
    assert proc.returncode == 1
    assert proc.stderr == (
        "radoc: error: 'workflow.lv-9' is neither a view nor a diagram (did you mean "
        "'workflow.lv-1'?); views: functional, groups, workflow, involvement, tools, deployment; "
        "a view's diagrams are named like its diagram files (workflow.lv-1, functional..data), "
        "an element's context diagram context.<element id>\n"
    )
    assert not (mini / "exports").exists()


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


# --- for print: --width ---------------------------------------------------------------------

SUMMARY = re.compile(r"radoc: (\S+): (\d+) × (\d+) mm, lettering (\d+\.\d) pt(?: \(([^)]*)\))?\n")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[float, ...]]]:
    """mini exported for an LNCS page, with the size and lettering it reports per figure."""
    project = copy_project("mini", tmp_path_factory.mktemp("print"))
    args = ["--format", "pdf", "--format", "png", "--format", "svg", "--theme", "print"]
    proc = radoc(project, "export", "--width", "lncs", *args, "--dpi", "300")
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr, proc.stderr
    summary = {
        m.group(1): (float(m.group(2)), float(m.group(3)), float(m.group(4)))
        for m in SUMMARY.finditer(proc.stderr)
    }
    assert list(summary) == ["functional", "groups", "workflow.lv-0", "workflow.lv-1", "deployment"]
    return project / "exports", summary


def pdf_font_sizes(path: Path) -> list[float]:
    """The size every piece of text of a one-page PDF is drawn at, in pt: the font size times
    the text matrix and the current transformation (cairo draws at size 1, scaled)."""
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.append(size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return sizes


def test_lengths_and_presets() -> None:
    assert parse_length("122mm") == pytest.approx(122 * 72 / 25.4)
    assert parse_length("12.2 cm") == pytest.approx(122 * 72 / 25.4)
    assert parse_length("3.5in") == 252
    assert parse_length("345pt") == pytest.approx(345 * 72 / 72.27)  # TeX points
    assert parse_length("252bp") == 252
    lncs = print_size("lncs")
    assert (lncs.label, round(lncs.width_mm, 6), round(lncs.height_mm, 6)) == (
        "lncs",
        122,
        round(193 * 0.85, 6),
    )
    assert print_size("ieee-column").width_bp == pytest.approx(252)
    assert print_size("ieee-page").wide and not print_size("a4").wide
    custom = print_size("100mm", "200mm")
    assert (custom.label, round(custom.height_mm, 6)) == ("100 mm", 170)
    assert round(print_size("100mm").height_mm, 6) == round(100 * 1.55 * 0.85, 6)
    with pytest.raises(ValueError) as bad:
        parse_length("12furlongs")
    assert str(bad.value) == (
        "'12furlongs' is not a length: give a number and a unit (mm, cm, in, pt, bp), "
        "e.g. 122mm, or a preset: lncs, ieee-column, ieee-page, a4"
    )
    with pytest.raises(ValueError):
        parse_length("0mm")


def test_a_bad_width_is_a_usage_error(mini: Path) -> None:
    proc = radoc(mini, "export", "--width", "wide")
    assert proc.returncode == 2
    assert proc.stderr.endswith(
        "Error: Invalid value for --width/--height: 'wide' is not a length: give a number and "
        "a unit (mm, cm, in, pt, bp), e.g. 122mm, or a preset: lncs, ieee-column, ieee-page, a4\n"
    )
    proc = radoc(mini, "export", "--height", "20cm")
    assert proc.returncode == 2 and "Invalid value for --height: needs --width" in proc.stderr


def test_pdfs_print_at_the_size_they_were_laid_out_for(
    printed: tuple[Path, dict[str, tuple[float, ...]]],
) -> None:
    """Each PDF page is the figure's print size: within the LNCS text width and the share of
    the text height a figure may take, as large as it reports."""
    folder, summary = printed
    for key, (width_mm, height_mm, _) in summary.items():
        box = PdfReader(folder / f"{key}.print.pdf").pages[0].mediabox
        width, height = float(box.width) / MM, float(box.height) / MM
        assert width <= 122.4 and height <= 193 * 0.85 + 0.4, key
        assert (width, height) == pytest.approx((width_mm, height_mm), abs=0.6), key


def test_lettering_read_back_from_the_pdfs(
    printed: tuple[Path, dict[str, tuple[float, ...]]],
) -> None:
    """The smallest text of every PDF is what the export reports, at least 7 pt, and no
    larger than 10 pt (a small diagram prints narrower instead of with huge lettering)."""
    folder, summary = printed
    for key, (_, _, lettering) in summary.items():
        smallest = min(pdf_font_sizes(folder / f"{key}.print.pdf"))
        assert smallest == pytest.approx(lettering, abs=0.15), key
        assert 7 <= smallest <= 10.05, key


def test_pngs_are_placed_at_their_print_size(
    printed: tuple[Path, dict[str, tuple[float, ...]]],
) -> None:
    """300 pixels per printed inch, and the pHYs chunk says so: pixels ÷ dpi is the print
    size, which is where Word and python-docx place the picture."""
    folder, summary = printed
    for key, (width_mm, height_mm, _) in summary.items():
        with Image.open(folder / f"{key}.print.png") as image:
            dpi_x, dpi_y = image.info["dpi"]
            assert (dpi_x, dpi_y) == pytest.approx((300, 300), abs=0.05), key
            width_px, height_px = image.size
        assert width_px / dpi_x * 25.4 == pytest.approx(width_mm, abs=0.6), key
        assert height_px / dpi_y * 25.4 == pytest.approx(height_mm, abs=0.6), key


def test_snippets_say_where_they_print(printed: tuple[Path, dict[str, tuple[float, ...]]]) -> None:
    folder, summary = printed
    for key, (width_mm, height_mm, lettering) in summary.items():
        first, *_ = (folder / f"{key}.print.tex").read_text(encoding="utf-8").splitlines()
        assert first == (
            f"% radoc figure {key} (print); laid out for lncs: {width_mm:.0f} × {height_mm:.0f} mm, "
            f"lettering {lettering:.1f} pt; needs graphicx"
        )
    # the smallest diagram is not blown up to the full width: it takes its share of the line
    groups = (folder / "groups.print.tex").read_text(encoding="utf-8")
    share = summary["groups"][0] / 122
    assert share < 0.8
    assert re.search(
        r"\[width=0\.(\d\d)\\linewidth,height=0\.85\\textheight,keepaspectratio\]", groups
    )
    found = re.search(r"width=(0\.\d\d)\\linewidth", groups)
    assert found and float(found.group(1)) == pytest.approx(share, abs=0.01)


def test_a_two_column_width_is_a_figure_across_the_page() -> None:
    model = validate_project(PROJECTS / "mini" / "architecture").model
    assert model is not None
    (figure,), _ = figures_of(model, ["groups"])
    natural = Drawing(300, 200, 11)
    size = print_size("ieee-page")
    scale = natural.scale_to(size)
    placement = Placement("groups", "", 300 * scale, 200 * scale, 11 * scale, (), natural)
    snippet = export_module.figure_snippet(figure, "print", ["pdf"], size, placement)
    assert snippet.splitlines()[1] == "\\begin{figure*}[tbp]"
    assert snippet.splitlines()[-1] == "\\end{figure*}"
    # 10 pt lettering at most: 300 pt × 10/11 of a 515.6 pt line
    assert "[width=0.53\\linewidth,height=0.85\\textheight,keepaspectratio]" in snippet


def test_a_figure_too_large_for_the_width_is_flagged_with_smaller_views(mini: Path) -> None:
    proc = radoc(mini, "export", "--width", "30mm", "--view", "functional", "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    warning = re.sub(r"\d+(\.\d)?", "N", proc.stderr.splitlines()[1])
    assert warning == (
        "radoc: warning: view 'functional': lettering N pt at N mm (N × N mm), under N pt even "
        "laid out for print; at N pt it needs N × N mm; use the context diagrams of its elements "
        "instead: --view context.data-scientist, context.ingestion, context.registry, "
        "context.feature-store, … (N in all, named context.<element id>)"
    )
    # the smaller diagram it names can be exported on its own
    proc = radoc(mini, "export", "--width", "lncs", "--view", "context.registry")
    assert proc.returncode == 0, proc.stderr
    assert (mini / "exports/context.registry.light.svg").is_file()
    assert proc.stderr.startswith("radoc: context.registry: ")


def test_an_overview_too_large_names_its_groups_views() -> None:
    model = validate_project(REPO / "architecture").model
    assert model is not None
    figure = next(f for f in figures_of(model, ["functional"])[0] if f.key == "functional")
    natural = Drawing(1000, 800, 11)
    size = print_size("lncs")
    scale = natural.scale_to(size)
    placement = Placement("functional", "", 1000 * scale, 800 * scale, 11 * scale, (), natural)
    text = legibility_warning(model, figure, placement, size, 7, {"functional..data": 7.26})
    assert text == (
        "view 'functional': lettering 3.8 pt at lncs (122 × 98 mm), under 7 pt even laid out "
        "for print; at 7 pt it needs 224 × 180 mm; use its groups' diagrams instead: "
        "--view functional..data (7.2 pt), functional..development, functional..model-management, "
        "functional..automation, … (6 in all)"
    )


def test_print_exports_are_byte_identical(tmp_path: Path) -> None:
    project = copy_project("mini", tmp_path)
    args = ["export", "--width", "ieee-column", "--format", "pdf", "--format", "png"]
    args += ["--view", "functional", "--view", "deployment"]
    for out in ("one", "two"):
        assert radoc(project, *args, "--out", out).returncode == 0
    one = {p.name: p.read_bytes() for p in (project / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (project / "two").iterdir()}
    assert one == two


def test_a_partial_export_keeps_the_other_figures(mini: Path) -> None:
    """Exporting one view after another adds its snippet: figures.tex inputs both, each
    only if its file is there."""
    assert radoc(mini, "export", "--view", "functional", "--format", "pdf").returncode == 0
    assert radoc(mini, "export", "--view", "groups", "--format", "pdf").returncode == 0
    tex = (mini / "exports/figures.tex").read_text(encoding="utf-8")
    inputs = re.findall(r"\\InputIfFileExists\{\\radocfigures ([^}]+)\}", tex)
    assert inputs == ["functional.light.tex", "groups.light.tex"]
    md = (mini / "exports/figures.md").read_text(encoding="utf-8")
    assert re.findall(r"\]\((\S+)\)", md) == ["functional.light.pdf", "groups.light.pdf"]


# --- compiling a LaTeX article ------------------------------------------------------------------


def compile_article(exports: Path, preamble: str, labels: list[str]) -> tuple[str, Path]:
    """Compile an article in a folder beside ``exports`` that inputs its figures.tex and
    refers to every label; the log and the PDF."""
    paper = exports.parent / f"paper-{len(list(exports.parent.glob('paper-*')))}"
    paper.mkdir()
    refs = " ".join(f"\\ref{{{label}}}" for label in labels)
    (paper / "main.tex").write_text(
        "\\documentclass{article}\n"
        "\\setlength{\\textwidth}{122mm}\\setlength{\\textheight}{193mm}\n"
        f"{preamble}\n"
        "\\begin{document}\n"
        f"Figures and tables: {refs}.\n"
        f"\\input{{../{exports.name}/figures.tex}}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    assert PDFLATEX is not None
    for _ in range(2):  # the second run resolves the references
        proc = subprocess.run(
            [
                PDFLATEX,
                "-interaction=nonstopmode",
                "-halt-on-error",
                "-no-shell-escape",
                "main.tex",
            ],
            cwd=paper,
            capture_output=True,
            check=False,
            timeout=300,
        )
        log = (paper / "main.log").read_text(encoding="utf-8", errors="replace")
        assert proc.returncode == 0, log[-3000:]
    return log, paper / "main.pdf"


def labels_of(exports: Path) -> list[str]:
    return sorted(
        m
        for tex in exports.glob("*.tex")
        for m in re.findall(r"\\label\{([^}]+)\}", tex.read_text(encoding="utf-8"))
    )


@needs_pdflatex
@pytest.mark.parametrize(
    "preamble", ["\\usepackage{graphicx}\\usepackage{booktabs}", "\\usepackage{graphicx}"]
)
def test_every_figure_and_table_compiles_into_an_article(
    printed: tuple[Path, dict[str, tuple[float, ...]]], preamble: str
) -> None:
    """figures.tex compiles unedited from another folder, with or without booktabs: every
    figure file is found, every label resolves, nothing is wider than the text or taller
    than the page."""
    folder, summary = printed
    labels = labels_of(folder)
    assert len(labels) == len(summary) + 3  # a table for involvement, two for tools' groups
    log, pdf = compile_article(folder, preamble, labels)
    for problem in ("Overfull \\hbox", "Float too large", "undefined references", "LaTeX Error"):
        assert problem not in log
    for key in summary:
        assert f"../exports/{key}.print.pdf" in log, key
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Human involvement" in text and "Tool support: Serving" in text


@needs_pdflatex
def test_hostile_names_compile_as_text(tmp_path: Path) -> None:
    """hostile-2's names and titles (HTML, quotes, backslashes, braces) in captions and table
    cells reach LaTeX through tex_text: the article compiles and shows them as text."""
    project = copy_project("hostile-2", tmp_path)
    proc = radoc(project, "export", "--width", "lncs", "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    log, pdf = compile_article(
        project / "exports", "\\usepackage{graphicx}", labels_of(project / "exports")
    )
    assert "LaTeX Error" not in log and "undefined references" not in log
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "window.__pwned" in text.replace("\n", "")
