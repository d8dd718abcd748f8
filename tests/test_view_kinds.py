"""The view kinds beyond plain graphs: workflow lanes per level, matrices, icons, coverage."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from radoc.build import BuildOptions, Generated, build_outputs, plan_job
from radoc.model import Model
from radoc.plan.deployment import plan_deployment
from radoc.plan.workflow import lane_rows, plan_workflow
from radoc.render.dot import plan_to_dot
from radoc.render.graphviz_run import Renderer
from radoc.render.icons import embed_icons, needs_plate, plan_to_diagrams_dot
from radoc.validate import validate_project

from .conftest import PROJECTS, copy_project

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


def test_a_long_phase_wraps_onto_rows_that_keep_their_order(mini_model: Model) -> None:
    view = next(v for v in mini_model.views if v.id == "workflow")
    narrow = replace(
        view,
        spec=view.spec.model_copy(
            update={"layout": view.spec.layout.model_copy(update={"lane_width": 1})}
        ),
    )
    plan = plan_workflow(mini_model, narrow, "lv-0")
    assert plan.same_rank == (("approve",), ("serve",))
    assert {c.id: c.rank for c in plan.clusters} == {"build": "same", "run": None}
    dot = plan_to_dot(plan)
    assert "subgraph row_run_0 {" in dot and "subgraph row_run_1 {" in dot
    # the sequence edge still leads from the first row's end to the next row's start
    assert "approve -> serve" in dot
    assert plan_workflow(mini_model, view, "lv-0").same_rank == ()


@pytest.mark.parametrize(
    ("count", "wrap", "sizes"),
    [(7, 4, [4, 3]), (9, 4, [3, 3, 3]), (4, 4, [4]), (5, 4, [3, 2]), (2, 1, [1, 1])],
)
def test_lane_rows_are_as_even_as_they_go(count: int, wrap: int, sizes: list[int]) -> None:
    acts = [object()] * count
    assert [len(row) for row in lane_rows(acts, wrap)] == sizes  # type: ignore[arg-type]


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
    images = re.findall(r'<image\b[^>]*xlink:href="([^"]*)"', svg)
    assert images and all(h.startswith("data:image/png;base64,") for h in images)
    # each icon is defined once and drawn by reference, to a symbol of the file itself
    symbols = re.findall(r'<symbol id="([^"]+)"', svg)
    used = re.findall(r'<use xlink:href="#([^"]+)"', svg)
    assert len(images) == len(set(images)) == len(symbols) and set(used) == set(symbols)
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


def test_variants_are_dashed_in_deployment_views(mini_model: Model) -> None:
    plan = plan_deployment(mini_model, mini_model.view("deployment"))
    nodes = {n.id: n for n in plan.nodes}
    assert "variant" in nodes["production--engine"].classes
    assert "variant" not in nodes["production--registry"].classes
    assert plan.legend[-1].label == "variant: only with some decision options (dashed)"
    dot = plan_to_diagrams_dot(plan)
    engine = next(line for line in dot.splitlines() if '"production--engine" [' in line)
    assert 'class="kind-component variant"' in engine  # a card (no icon), dashed
    assert 'style="filled,rounded,dashed"' in engine


def test_a_node_without_an_icon_is_a_card_of_its_kind(mini_model: Model) -> None:
    """Neither the component, its tool nor its group names an icon: its name on a card in its
    kind's colours, as wide as an icon node, instead of a blank icon over a caption."""
    plan = plan_deployment(mini_model, mini_model.view("deployment"))
    nodes = {n.id: n for n in plan.nodes}
    assert nodes["production--inference"].icon is None
    assert nodes["production--registry"].icon == "onprem.compute.Server"  # its own
    dot = plan_to_diagrams_dot(plan)

    def line(node: str) -> str:
        return next(x for x in dot.splitlines() if x.strip().startswith(f'"{node}" ['))

    card = line("production--inference")
    assert 'label="Inference service"' in card and "image=" not in card
    for attr in ("shape=box", 'style="filled,rounded"', 'fillcolor="#dbeafe"', "width=1.4"):
        assert attr in card, attr
    assert 'image="onprem/compute/server.png"' in line("production--registry")


def _project(
    tmp_path: Path, files: dict[str, tuple[str, str]], warnings: tuple[str, ...] = ()
) -> Model:
    """A copy of the example with some files edited ((old, new) replaced in each), which
    validates with exactly ``warnings``."""
    project = copy_project("mini", tmp_path)
    for rel, (old, new) in files.items():
        path = project / "architecture" / rel
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(project)
    try:
        result = validate_project(Path("architecture"))
    finally:
        os.chdir(cwd)
    assert result.model is not None
    assert [str(d) for d in result.diagnostics] == list(warnings)
    return result.model


def test_placement_verbs_place_elements_whichever_way_they_point(tmp_path: Path) -> None:
    model = _project(
        tmp_path,
        {
            "views/deployment.yaml": (
                "relationships:",
                "placement:\n  verbs: [runs on]\nrelationships:",
            ),
            "model/workflow.yaml": (
                "  - from: production\n    to: registry\n    verb: hosts\n",
                "  - from: registry\n    to: production\n    verb: runs on\n",
            ),
        },
        warnings=(
            "architecture/views/deployment.yaml:11:1: warning [not-placed] deployment view "
            "'deployment' does not draw component 'inference': no relationship with the verb "
            "'runs on' puts it in one of the view's environments; its relationships with them "
            "have the verb(s) 'hosts': add them to 'placement: verbs:'",
            "architecture/views/deployment.yaml:11:1: warning [not-placed] deployment view "
            "'deployment' does not draw component 'engine': no relationship with the verb "
            "'runs on' puts it in one of the view's environments; its relationships with them "
            "have the verb(s) 'hosts': add them to 'placement: verbs:'",
        ),
    )
    plan = plan_deployment(model, model.view("deployment"))
    # only 'runs on' places now: the registry (pointing at its environment), not what
    # production 'hosts' (the staging and the canary hold only where their flow starts)
    assert [n.id for n in plan.nodes if "anchor" not in n.classes] == ["production--registry"]


DEPLOYMENT_DECISION = """\
id: hosting
name: Where the registry runs
question: Does the registry run in production or on the devices?
context: Devices may keep their own registry.
view: deployment
baseline: central
sources: [paper]
options:
  - id: central
    name: Central registry
    description: One registry in production.
  - id: on-devices
    name: Registry on the devices
    description: Every device keeps its models.
    adds:
      relationships: [devices-hosts-registry]
    removes:
      relationships: [production-hosts-registry]
"""
DEVICES = """\
environments:
  - id: devices
    name: Devices
    description: Where the application runs.
    sources: [paper]
relationships:
  - {from: devices, to: registry, verb: hosts, sources: [paper]}
"""


def test_decisions_on_a_deployment_view_are_drawn_as_deployments(tmp_path: Path) -> None:
    from radoc.plan.decision import plan_option

    model = _project(
        tmp_path,
        {"decisions/hosting.yaml": ("", DEPLOYMENT_DECISION), "model/devices.yaml": ("", DEVICES)},
    )
    decision = next(d for d in model.decisions if d.id == "hosting")
    moved = plan_option(model, decision, "on-devices")
    assert moved is not None and moved.engine == "diagrams"
    assert [c.id for c in moved.clusters] == ["devices", "production"]  # declaration order
    nodes = {n.id: n for n in moved.nodes}
    assert sorted(nodes) == ["devices--registry", "production--registry"]
    assert "diff-added" in nodes["devices--registry"].classes
    assert nodes["production--registry"].strike
    baseline = plan_option(model, decision, "central")
    assert baseline is not None and [n.id for n in baseline.nodes] == ["production--registry"]
    page = {
        f.path: f.data.decode()
        for f in build_outputs(model, BuildOptions(tmp_path / "mini"), Renderer(None)).files
        if f.path.endswith(".md")
    }["decisions/hosting.md"]
    assert "Each tab draws the option as a deployment" in page
    assert page.count('class="radoc-diagram radoc-icons"') == 2


def test_a_decision_that_changes_nothing_drawn_says_so(tmp_path: Path) -> None:
    from radoc.plan.decision import plan_option

    unchanged = DEPLOYMENT_DECISION.split("    adds:")[0]
    model = _project(tmp_path, {"decisions/hosting.yaml": ("", unchanged)})
    decision = next(d for d in model.decisions if d.id == "hosting")
    assert plan_option(model, decision, "central") is None
    page = {
        f.path: f.data.decode()
        for f in build_outputs(model, BuildOptions(tmp_path / "mini"), Renderer(None)).files
        if f.path.endswith(".md")
    }["decisions/hosting.md"]
    assert "radoc-diagram" not in page
    assert (
        page.count(
            '<p class="radoc-changes">No element or relationship changes, and no option adds, '
            "removes or moves anything: every option has the architecture the "
            '<a href="../../views/deployment/">Deployment</a> view shows.</p>'
        )
        == 2
    )


@pytest.mark.parametrize(
    ("icon", "plated"),
    [
        ("onprem/analytics/presto.png", True),  # a white word mark
        ("onprem/mlops/mlflow.png", True),  # white "ml", blue "flow"
        ("onprem/workflow/kubeflow.png", False),
        ("programming/flowchart/delay.png", False),  # a pale fill inside a dark outline
        ("k8s/compute/pod.png", False),  # a white rim around colour
        ("elastic/elastic.png", False),
    ],
)
def test_light_icons_get_a_dark_plate(icon: str, plated: bool) -> None:
    assert needs_plate(icon) is plated


def test_a_plated_icon_is_drawn_on_its_plate_in_every_format(mini_model: Model) -> None:
    plan = plan_deployment(mini_model, mini_model.view("deployment"))
    registry = next(n for n in plan.nodes if n.id == "production--registry")
    plan = replace(plan, nodes=(replace(registry, icon="onprem.analytics.Presto"),), edges=())
    dot = plan_to_diagrams_dot(plan)
    assert '<TD FIXEDSIZE="TRUE" WIDTH="92" HEIGHT="92" CELLPADDING="6" BGCOLOR="#24292f"' in dot
    assert '<IMG SRC="onprem/analytics/presto.png" SCALE="TRUE"/>' in dot
    svg = embed_icons(Renderer(None).render_all([plan_job(plan)])[plan_job(plan)].decode())
    assert 'fill="#24292f"' in svg and "data:image/png;base64," in svg
    assert "presto.png" not in svg


def test_relationship_rows_name_the_verb_and_then_the_label(files: dict[str, str]) -> None:
    page = files["components/feature-store.md"]
    assert "| → | feeds &#40;online features&#41; | [Inference service](inference.md) |" in page
    assert "| ← | feeds | [Data ingestion](ingestion.md) |" in page
