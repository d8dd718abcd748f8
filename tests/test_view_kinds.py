"""The view kinds beyond plain graphs: workflow lanes per level, matrices, icons, coverage."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from radoc.build import BuildOptions, Generated, build_outputs
from radoc.model import Model
from radoc.render.graphviz_run import Renderer
from radoc.validate import validate_project

from .conftest import PROJECTS

pytestmark = pytest.mark.dot


@pytest.fixture(scope="module")
def mini_model() -> Model:
    old = os.getcwd()
    os.chdir(PROJECTS / "mini")
    try:
        model = validate_project(Path("architecture")).model
    finally:
        os.chdir(old)
    assert model is not None
    return model


def _build(model: Model) -> Generated:
    return build_outputs(model, BuildOptions(PROJECTS / "mini"), Renderer(None))


@pytest.fixture(scope="module")
def files(mini_model: Model) -> dict[str, str]:
    return {
        f.path: f.data.decode("utf-8")
        for f in _build(mini_model).files
        if not f.path.endswith((".png", ".pdf"))
    }


def test_workflow_page_has_one_tab_per_level(files: dict[str, str]) -> None:
    page = files["views/workflow.md"]
    assert '<div class="tabbed-set tabbed-alternate" data-tabs="levels-workflow:2">' in page
    assert (
        '<label for="levels-workflow-1">Manual</label><label for="levels-workflow-2">Automated</label>'
        in page
    )
    assert page.count('<div class="radoc-diagram"') == 2


def test_workflow_diagram_tells_automation_by_letter_and_marks_gates(files: dict[str, str]) -> None:
    svg = files["assets/radoc/diagrams/workflow.lv-1.svg"]
    assert ">H &#160;Approve the release<" in svg
    assert ">◆ approval gate<" in svg
    assert ">A &#160;Serve predictions<" in svg
    assert 'class="edge feedback"' in svg


def test_activity_matrix_cells_carry_a_letter_and_a_word(files: dict[str, str]) -> None:
    page = files["views/involvement.md"]
    cells = re.findall(r'<td class="radoc-cell-([a-z-]+)"[^>]*>(.*?)</td>', page)
    assert len(cells) == 6
    for mode, html in cells:
        letter = {"manual": "M", "human-in-the-loop": "H", "automated": "A"}[mode]
        assert f">{letter}</span>" in html and "radoc-auto-word" in html
    assert 'title="A person signs off every release."' in page
    assert "<td>M 0 · H 1 · A 2</td>" in page


def test_tool_matrix_totals_show_gaps(files: dict[str, str]) -> None:
    page = files["views/tools.md"]
    assert "Components no tool covers fully:" in page
    # nothing covers the embedded engine, ingestion and the inference service only partly:
    # their column totals are marked as gaps
    assert page.count('<td class="radoc-gap">') == 3
    assert '<td class="radoc-gap">0 · 0</td>' in page and '<td class="radoc-gap">0 · 1</td>' in page
    assert (
        '<td class="radoc-cov-partial" title="Tool A covers Inference service partly: Only a local server.">'
        in page
    )


def test_pages_name_their_source_file(files: dict[str, str]) -> None:
    assert "<code>architecture/model/workflow.yaml:36</code>" in files["activities/approve.md"]


def test_coverage_diagrams_on_element_pages(files: dict[str, str]) -> None:
    assert 'id="diagram-coverage.tool-a"' in files["tools/tool-a.md"]
    assert 'id="diagram-tools-for.registry"' in files["components/registry.md"]
    assert "No tool in this architecture covers this component." in files["components/engine.md"]


def test_deployment_svg_is_self_contained_and_deterministic(mini_model: Model) -> None:
    first = {f.path: f.data for f in _build(mini_model).files}
    second = {f.path: f.data for f in _build(mini_model).files}
    assert first == second
    svg = first["assets/radoc/diagrams/deployment.svg"].decode("utf-8")
    ET.fromstring(svg.encode("utf-8"))  # parses as XML
    hrefs = re.findall(r'xlink:href="([^"]*)"', svg)
    images = [h for h in hrefs if not h.startswith(("../", "http"))]
    assert images and all(h.startswith("data:image/png;base64,") for h in images)
    assert "site-packages" not in svg and "/resources/" not in svg
    page = first["views/deployment.md"].decode("utf-8")
    assert 'class="radoc-diagram radoc-icons"' in page
    assert 'xlink:href="../../components/inference/"' in page


def test_every_view_diagram_has_a_title_and_an_accessible_name(files: dict[str, str]) -> None:
    for path, text in files.items():
        if path.startswith("views/") and "radoc-diagram" in text:
            for svg in re.findall(r"<svg\b[^>]*>", text):
                # no role=img: it would hide the node links from screen readers
                assert 'aria-label="' in svg and 'data-font-px="' in svg, path
