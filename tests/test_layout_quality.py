"""Layout quality, measured from the curves Graphviz draws (`dot -Tjson`), as the README's
layout-quality table and `python -m benchmarks --only layout` report it: at most 15 crossings
on any diagram of the default site and at most 0.2 crossings per edge over all of them; and
golden DOT for the layouts that keep it so (zoomed views with connector nodes, maps, decision
options drawn removed-left / added-right, seams boxed per group)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from radoc.model import Model, ViewDef
from radoc.plan.decision import plan_option
from radoc.plan.graph import edge_label, plan_graph
from radoc.plan.order import LAYERED_LIMIT, best_layout, layered_crossings, ordered
from radoc.plan.overview import plan_overview, plan_zoom
from radoc.plan.profile import plan_seams
from radoc.profiles import analyse_profile
from radoc.render.dot import plan_to_dot
from radoc.render.quality import LayoutQuality, fitted_font_px
from radoc.validate import validate_project

from benchmarks.layout import (
    MAX_PER_DIAGRAM,
    MAX_PER_EDGE,
    diagram_kind,
    measure_plan,
    site_plans,
)

from .conftest import PROJECTS, REPO

pytestmark = [pytest.mark.dot, pytest.mark.slow]


@pytest.fixture(scope="module")
def measured() -> dict[str, LayoutQuality]:
    model = validate_project(REPO / "architecture").model
    assert model is not None
    with ThreadPoolExecutor(max_workers=2) as pool:
        return {m.key: m.quality for m in pool.map(measure_plan, site_plans(model))}


def test_every_diagram_of_the_default_site_is_measured(measured: dict[str, LayoutQuality]) -> None:
    kinds = {key.split(".", 1)[0] if "." in key and ".." not in key else key for key in measured}
    for expected in ("functional", "functional..operations", "context", "decision", "seams"):
        assert expected in kinds or expected in measured
    assert sum(1 for k in measured if k.startswith("context.")) > 90  # one per element


def test_no_diagram_crosses_more_than_fifteen_times(measured: dict[str, LayoutQuality]) -> None:
    over = {k: q.crossings for k, q in measured.items() if q.crossings > MAX_PER_DIAGRAM}
    assert over == {}


def test_crossings_over_all_diagrams_stay_under_a_fifth_per_edge(
    measured: dict[str, LayoutQuality],
) -> None:
    crossings = sum(q.crossings for q in measured.values())
    edges = sum(q.edges for q in measured.values())
    assert edges > 1000
    assert crossings / edges <= MAX_PER_EDGE, f"{crossings} crossings on {edges} edges"


def test_the_first_picture_of_the_architecture_reads_at_a_glance(
    measured: dict[str, LayoutQuality],
) -> None:
    functional = measured["functional"]
    assert functional.crossings <= 5
    assert functional.nodes <= 12, "an overview shows groups, about a dozen nodes at most"
    assert fitted_font_px(functional, 688) >= 7.5


def test_element_context_diagrams_never_cross(measured: dict[str, LayoutQuality]) -> None:
    crossing = {
        k: q.crossings
        for k, q in measured.items()
        if k.startswith("context.") and ".." not in k and q.crossings
    }
    assert crossing == {}


# --- the layouts, on the example project ----------------------------------------------------


@pytest.fixture(scope="module")
def mini() -> Model:
    model = validate_project(PROJECTS / "mini" / "architecture").model
    assert model is not None
    return model


def _as_overview(model: Model, view_id: str) -> ViewDef:
    view = model.view(view_id)
    return ViewDef(
        view.spec.model_copy(update={"kind": "overview"}), view.pos, view.members, view.rels
    )


def test_a_zoomed_view_lists_the_neighbouring_groups_beside_each_element(
    mini: Model, golden: Callable[[str, str], None]
) -> None:
    plan = plan_zoom(mini, _as_overview(mini, "functional"), "serving")
    ids = {n.id for n in plan.nodes}
    # the registry and the inference service of the group, and where what they get comes from
    assert {"registry", "inference", "inference.from"} <= ids
    feeds = next(e for e in plan.edges if e.target == "inference" and e.source == "inference.from")
    assert feeds.label == "" and feeds.constraint
    connector = next(n for n in plan.nodes if n.id == "inference.from")
    assert connector.link is None  # each row links, the box does not
    assert [(r.title, r.detail, r.link) for r in connector.rows] == [
        ("Data", "feeds", "views/functional/data")
    ]
    dot = plan_to_dot(plan)
    assert (
        '<TD ALIGN="LEFT" BALIGN="LEFT" HREF="radoc:views/functional/data" TARGET="_top" '
        'TITLE="Feature store online features Inference service&#10;Click to open Data."><B>Data</B>'
        '<BR ALIGN="LEFT"/>feeds</TD>'
    ) in dot
    golden("mini/dot/functional..serving.dot", plan_to_dot(plan))


def test_an_overview_with_a_flow_between_groups_is_ranked_and_one_without_is_a_map(
    mini: Model, golden: Callable[[str, str], None]
) -> None:
    view = _as_overview(mini, "functional")
    flow = plan_overview(mini, view)
    assert ("data", "serving") in {(e.source, e.target) for e in flow.edges}
    assert "layout" not in flow.extra  # ranks along the flow
    # only what roles use: roles around the groups, no relationship joins two groups
    uses = tuple(r for r in view.rels if mini.relationships[r].verb == "uses")
    star = plan_overview(mini, ViewDef(view.spec, view.pos, view.members, uses))
    assert [(e.source, e.target) for e in star.edges] == [("data-scientist", "serving")]
    assert star.extra["layout"] == "neato" and star.clusters == ()
    golden("mini/dot/functional.overview-map.dot", plan_to_dot(star))


def test_a_decision_option_draws_what_it_removes_left_and_what_it_adds_right(
    mini: Model,
) -> None:
    plan = plan_option(mini, mini.decisions[0], "embedded")
    assert plan is not None
    assert plan.direction == "LR"
    edges = {e.id: e for e in plan.edges}
    # removed: laid out from the removed element, the arrow still pointing at it
    removed = edges["registry-deploys-inference"]
    assert removed.reversed and "diff-removed" in removed.classes
    assert 'inference -> registry [label=deploys class="diff-removed"' in plan_to_dot(plan)
    assert "dir=back" in plan_to_dot(plan)
    # added: the added element after the one it connects to, as written
    assert not edges["registry-deploys-engine"].reversed
    # an unchanged relationship of the neighbours is not drawn (it is on their pages)
    assert "production-hosts-registry" not in edges


def test_seams_are_boxed_by_the_group_where_they_start(
    mini: Model, golden: Callable[[str, str], None]
) -> None:
    analysis = next(analyse_profile(mini, p) for p in mini.profiles if p.id == "team-a")
    plan = plan_seams(mini, analysis)
    assert {c.id for c in plan.clusters} <= {g.id for g in mini.of_kind("group")}
    for node in plan.nodes:
        group, tool = node.id.split(".", 1)
        assert node.cluster == group and tool
    golden("mini/dot/seams.team-a.dot", plan_to_dot(plan))


def test_ordering_keeps_every_node_and_edge_and_is_deterministic(mini: Model) -> None:
    plan = plan_zoom(mini, _as_overview(mini, "functional"), "serving")
    again = ordered(plan)
    assert sorted(n.id for n in again.nodes) == sorted(n.id for n in plan.nodes)
    assert sorted(e.id for e in again.edges) == sorted(e.id for e in plan.edges)
    assert plan_to_dot(ordered(plan)) == plan_to_dot(ordered(plan))


def test_a_graph_that_cannot_be_ranked_cleanly_becomes_a_map() -> None:
    model = validate_project(REPO / "architecture").model
    assert model is not None
    principles = model.view("principles")
    plan = plan_graph(model, principles)
    assert plan.extra.get("layout") == "neato"
    maturity = plan_graph(model, model.view("maturity"))
    assert "layout" not in maturity.extra and maturity.extra["splines"] == "polyline"
    assert layered_crossings(maturity) <= LAYERED_LIMIT
    assert best_layout(maturity).extra == maturity.extra


def test_the_layout_benchmark_names_what_it_measures() -> None:
    assert [
        diagram_kind(k)
        for k in ("functional", "functional..data", "workflow.lv-1", "context.x", "decision.a.b")
    ] == ["view", "zoom", "view-level", "context", "decision"]


@pytest.mark.parametrize(
    ("label", "lines"),
    [
        ("feeds", ["feeds"]),
        ("new version, first users", ["new version,", "first users"]),
        (
            "topics and subscriptions of a new pipeline version",
            ["topics and", "subscriptions of a", "new pipeline version"],
        ),
        (
            "averyveryverylongwordwithoutanyspaceatall",
            ["averyveryverylongwordwithoutanyspaceatall"],
        ),
    ],
)
def test_long_edge_labels_take_lines_of_even_length(label: str, lines: list[str]) -> None:
    assert edge_label(label).split("\n") == lines
