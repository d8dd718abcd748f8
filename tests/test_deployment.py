"""Deployment views: environments nested in environments, the flows between environments, and
each icon embedded once per page (and once per stand-alone SVG)."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from radoc.build import BuildOptions, build_outputs, plan_job
from radoc.model import Model
from radoc.plan.decision import plan_option
from radoc.plan.deployment import plan_deployment
from radoc.render.graphviz_run import Renderer
from radoc.render.icons import embed_icons, plan_to_diagrams_dot
from radoc.render.svg import icons_once_per_page
from radoc.validate import validate_project

from .conftest import PROJECTS
from .test_view_kinds import DEPLOYMENT_DECISION, DEVICES, _project

pytestmark = pytest.mark.dot

SVG_NS = {"svg": "http://www.w3.org/2000/svg"}


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


# --- nesting and flows, as planned ------------------------------------------------------------


def test_an_environment_part_of_another_is_a_cluster_inside_it(mini_model: Model) -> None:
    plan = plan_deployment(mini_model, mini_model.view("deployment"))
    # declaration order, each environment followed by those inside it
    assert [(c.id, c.parent) for c in plan.clusters] == [
        ("staging", None),
        ("production", None),
        ("canary", "production"),
    ]
    placed = {n.id: n.cluster for n in plan.nodes}
    assert placed["canary--inference"] == "canary"
    assert placed["production--inference"] == "production"
    # stacked: staging, then production's own icons, then the canary inside production
    assert plan.same_rank == (
        ("staging--inference",),
        ("production--engine", "production--inference", "production--registry"),
        ("canary--inference",),
    )


def test_flows_between_environments_run_from_cluster_to_cluster(mini_model: Model) -> None:
    plan = plan_deployment(mini_model, mini_model.view("deployment"))
    flows = {e.id: e for e in plan.edges if "flow" in e.classes}
    assert sorted(flows) == ["production-supplies-data-to-staging", "staging-promotes-to-canary"]
    promote = flows["staging-promotes-to-canary"]
    # down the stack: from the facing rows, clipped at both clusters, never moving the icons
    assert (promote.source, promote.target) == ("staging--inference", "canary--inference")
    assert (promote.tail_cluster, promote.head_cluster) == ("staging", "canary")
    assert promote.label == "approved release" and not promote.constraint
    assert promote.tooltip == "Staging promotes to Canary: approved release"
    data = flows["production-supplies-data-to-staging"]
    # up the stack: from the last icon of production's first row to staging's last row
    assert (data.source, data.target) == ("production--registry", "staging--inference")
    assert (data.tail_cluster, data.head_cluster) == ("production", "staging")
    assert "between environments (read along the arrow)" in [entry.label for entry in plan.legend]
    # a placement is never an arrow, and component relationships stay what they were
    assert {e.id for e in plan.edges if e.style != "invis"} == {
        *flows,
        "registry-deploys-inference--production--registry",
        "registry-deploys-engine--production--registry",
    }


def test_flows_are_drawn_only_when_the_view_names_their_verb(tmp_path: Path) -> None:
    model = _project(
        tmp_path,
        {
            "views/deployment.yaml": (
                "[hosts, deploys, promotes to, supplies data to]",
                "[hosts, deploys, promotes to]",
            )
        },
    )
    plan = plan_deployment(model, model.view("deployment"))
    assert [e.id for e in plan.edges if "flow" in e.classes] == ["staging-promotes-to-canary"]


LAB = """\
environments:
  - id: lab
    name: Lab
    description: Where nothing is hosted yet.
    sources: [paper]
relationships:
  - from: production
    to: canary
    verb: promotes to
    label: full rollout
    sources: [paper]
  - from: lab
    to: staging
    verb: promotes to
    sources: [paper]
"""


def test_a_flow_into_a_nested_environment_is_clipped_at_the_inner_one_only(
    tmp_path: Path,
) -> None:
    model = _project(tmp_path, {"model/lab.yaml": ("", LAB)})
    plan = plan_deployment(model, model.view("deployment"))
    edges = {e.id: e for e in plan.edges}
    rollout = edges["production-promotes-to-canary"]
    # from production's own icons (not the canary's), clipped where it enters the canary:
    # Graphviz cannot clip an edge at a cluster that holds its other end
    assert rollout.source == "production--engine" and rollout.target == "canary--inference"
    assert (rollout.tail_cluster, rollout.head_cluster) == (None, "canary")
    # an environment with nothing placed in it gets an invisible node for its flow to start at
    lab = edges["lab-promotes-to-staging"]
    assert lab.source == "lab--anchor" and lab.tail_cluster == "lab"
    anchor = next(n for n in plan.nodes if n.id == "lab--anchor")
    assert (anchor.cluster, anchor.style, anchor.link) == ("lab", "invis", None)
    dot = plan_to_diagrams_dot(plan)
    assert "compound=true" in dot and "splines=spline" in dot
    line = next(x for x in dot.splitlines() if x.strip().startswith('"lab--anchor" ['))
    assert "shape=point" in line and "style=invis" in line
    assert "lhead=cluster_canary" in next(
        x for x in dot.splitlines() if "production-promotes-to-canary" in x
    )
    # and Graphviz draws it (curved splines with clipped edges would abort dot 2.43)
    svg = ET.fromstring(Renderer(None).render_all([plan_job(plan)])[plan_job(plan)])
    assert svg.find(".//svg:g[@id='deployment-e-production-promotes-to-canary']", SVG_NS)


HOSTING_CANARY = DEPLOYMENT_DECISION.replace(
    "devices-hosts-registry", "canary-hosts-registry"
).replace("Registry on the devices", "Registry in the canary")


def test_a_decision_keeps_the_environments_a_nested_one_is_part_of(tmp_path: Path) -> None:
    model = _project(
        tmp_path,
        {
            "decisions/hosting.yaml": ("", HOSTING_CANARY),
            "model/devices.yaml": (
                "",
                "relationships:\n  - {from: canary, to: registry, verb: hosts, sources: [paper]}\n",
            ),
        },
    )
    decision = next(d for d in model.decisions if d.id == "hosting")
    moved = plan_option(model, decision, "on-devices")
    assert moved is not None
    assert [(c.id, c.parent) for c in moved.clusters] == [
        ("production", None),
        ("canary", "production"),
    ]
    nodes = {n.id: n for n in moved.nodes}
    assert "diff-added" in nodes["canary--registry"].classes
    assert nodes["production--registry"].strike


def test_an_environment_only_some_options_have_is_drawn_dashed(tmp_path: Path) -> None:
    model = _project(
        tmp_path,
        {
            "model/devices.yaml": ("", DEVICES.replace("registry", "engine")),
            "decisions/inference-style.yaml": (
                "      relationships: [registry-deploys-engine]",
                "      elements: [devices]\n"
                "      relationships: [registry-deploys-engine, devices-hosts-engine]",
            ),
        },
    )
    plan = plan_deployment(model, model.view("deployment"))
    classes = {c.id: c.classes for c in plan.clusters}
    assert classes["devices"] == ("variant",) and classes["production"] == ()
    dot = plan_to_diagrams_dot(plan)
    cluster = dot.split("subgraph cluster_devices {")[1].splitlines()[1]
    assert 'style="rounded,dashed"' in cluster


def test_the_page_lists_what_the_drawing_shows_and_names_what_it_leaves_out(
    tmp_path: Path,
) -> None:
    unplaced = (
        "architecture/views/deployment.yaml:7:1: warning [not-placed] deployment view "
        f"'deployment' does not draw component '{c}': no relationship with the verb 'hosts' "
        "puts it in one of the view's environments"
        for c in ("ingestion", "feature-store")
    )
    excluded = "exclude: [ingestion, feature-store]\n"
    model = _project(tmp_path, {"views/deployment.yaml": (excluded, "")}, tuple(unplaced))
    files = {
        f.path: f.data.decode()
        for f in build_outputs(model, BuildOptions(tmp_path / "mini"), Renderer(None)).files
        if f.path.endswith(".md")
    }
    page = files["views/deployment.md"]
    assert (
        "Not drawn, as no relationship with the verb *hosts* places them in one of the view's "
        "environments: [Data ingestion](../components/ingestion.md), "
        "[Feature store](../components/feature-store.md)."
    ) in page
    table = page.split("## Elements in this view")[1].split("## Relationships")[0]
    assert "ingestion" not in table and "feature-store" not in table
    assert "[Model registry](../components/registry.md)" in table
    relationships = page.split("## Relationships")[1]
    assert "feature-store" not in relationships and "ingestion" not in relationships
    assert "../views/deployment.md" not in files["components/ingestion.md"]
    assert "../views/deployment.md" in files["components/registry.md"]


# --- drawn ---------------------------------------------------------------------------------


def _box(svg: ET.Element, group_id: str) -> tuple[float, float, float, float]:
    group = svg.find(f".//svg:g[@id='{group_id}']", SVG_NS)
    assert group is not None, group_id
    shape = group.find(".//svg:path", SVG_NS)  # inside the cluster's link
    if shape is None:
        shape = group.find(".//svg:polygon", SVG_NS)
    assert shape is not None
    numbers = [float(v) for v in re.findall(r"-?[\d.]+", shape.get("d") or shape.get("points", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def test_the_drawing_nests_the_clusters_and_draws_the_flows(mini_model: Model) -> None:
    plan = plan_deployment(mini_model, mini_model.view("deployment"))
    raw = Renderer(None).render_all([plan_job(plan)])[plan_job(plan)].decode()
    svg = ET.fromstring(embed_icons(raw))
    canary, production = _box(svg, "deployment-c-canary"), _box(svg, "deployment-c-production")
    assert production[0] < canary[0] and canary[2] < production[2]
    assert production[1] < canary[1] and canary[3] < production[3]
    staging = _box(svg, "deployment-c-staging")
    assert staging[3] < production[1], "staging is drawn above production"
    for flow in ("staging-promotes-to-canary", "production-supplies-data-to-staging"):
        edge = svg.find(f".//svg:g[@id='deployment-e-{flow}']", SVG_NS)
        assert edge is not None and edge.find(".//svg:path", SVG_NS) is not None, flow
        assert "flow" in (edge.get("class") or "")


# --- icons, once per page -----------------------------------------------------------------

_SYMBOL = re.compile(r'<symbol id="([^"]+)"')
_USE = re.compile(r'<use xlink:href="#([^"]+)"')


def test_each_icon_is_defined_once_per_page_and_once_per_file(tmp_path: Path) -> None:
    model = _project(
        tmp_path,
        {"decisions/hosting.yaml": ("", DEPLOYMENT_DECISION), "model/devices.yaml": ("", DEVICES)},
    )
    out = {
        f.path: f.data.decode()
        for f in build_outputs(model, BuildOptions(tmp_path / "mini"), Renderer(None)).files
        if f.path.endswith((".md", ".svg"))
    }
    page = out["decisions/hosting.md"]
    assert page.count('class="radoc-diagram radoc-icons"') == 2  # two drawings, same icon
    defined = _SYMBOL.findall(page)
    assert defined and len(defined) == len(set(defined)), "a symbol id twice on one page"
    assert set(_USE.findall(page)) <= set(defined)
    second = page.split('class="radoc-diagram radoc-icons"')[2]
    assert _USE.findall(second) and not _SYMBOL.findall(second), "the second drawing refers"
    # each stand-alone file carries the symbols it uses, under the same content-derived ids
    files = [out[p] for p in out if p.startswith("assets/radoc/diagrams/decision.hosting.")]
    assert len(files) == 2
    for svg in files:
        ET.fromstring(svg)
        assert set(_USE.findall(svg)) == set(_SYMBOL.findall(svg)) <= set(defined)
        assert svg.count("data:image/png;base64,") == len(_SYMBOL.findall(svg))
    # every page of icon views: no icon twice, every reference resolves on the page
    for path, text in out.items():
        if path.endswith(".md") and "<use " in text:
            ids = _SYMBOL.findall(text)
            assert len(ids) == len(set(ids)) and set(_USE.findall(text)) <= set(ids), path


def test_icons_once_per_page_keeps_the_first_definition_of_each_symbol() -> None:
    a = '<symbol id="radoc-icon-aa" viewBox="0 0 1 1"><image/></symbol>\n'
    b = '<symbol id="radoc-icon-bb" viewBox="0 0 1 1"><image/></symbol>\n'
    first = (
        f'<svg><defs class="radoc-icons">\n{a}{b}</defs>\n<use xlink:href="#radoc-icon-aa"/></svg>'
    )
    second = (
        f'<svg><defs class="radoc-icons">\n{a}</defs>\n<use xlink:href="#radoc-icon-aa"/></svg>'
    )
    third = (
        f'<svg><defs class="radoc-icons">\n{b}{a}</defs>\n<use xlink:href="#radoc-icon-bb"/></svg>'
    )
    page = icons_once_per_page(f"# Page\n\n{first}\n\n{second}\n\n{third}\n")
    assert page == (
        f"# Page\n\n{first}\n\n"
        '<svg><use xlink:href="#radoc-icon-aa"/></svg>\n\n'
        '<svg><use xlink:href="#radoc-icon-bb"/></svg>\n'
    )
    assert icons_once_per_page("no icons") == "no icons"
