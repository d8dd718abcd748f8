"""Coverage diagrams: for a tool, the components view with what it covers highlighted; for a
component, the tools that cover it."""

from __future__ import annotations

from ..model import Model, ViewDef
from ..palette import COVERAGE_ADVERB, COVERAGE_SWATCH, KIND_SWATCH
from ..schema import Component, Tool
from .types import (
    LegendEntry,
    PlanCluster,
    PlanEdge,
    PlanNode,
    ViewPlan,
    diagram_key,
    element_link,
    element_node,
    grid_layout,
)

COVERAGE_LETTER = {"full": "F", "partial": "P"}
GRID_ROW = 5


def components_view(model: Model) -> ViewDef | None:
    """The view that coverage is drawn on: the grouped graph view showing most components."""
    candidates = [
        v
        for v in model.views
        if v.spec.kind == "overview"
        or (v.spec.kind == "graph" and v.spec.layout.group_by == "group")
    ]
    if not candidates:
        return None
    return max(
        candidates, key=lambda v: sum(model.element(m).kind == "component" for m in v.members)
    )


def plan_tool_coverage(model: Model, tool_id: str, base: ViewDef) -> ViewPlan:
    tool = model.element(tool_id)
    spec = tool.spec
    assert isinstance(spec, Tool)
    nodes = []
    cluster_ids: list[str] = []
    for mid in base.members:
        e = model.element(mid)
        if not isinstance(e.spec, Component):
            continue
        cov = spec.supports.get(mid)
        level = cov.coverage if cov else "none"
        group = e.spec.group
        if group not in cluster_ids:
            cluster_ids.append(group)
        node = element_node(model, mid, group)
        nodes.append(
            PlanNode(
                id=node.id,
                label=node.label,
                kind=node.kind,
                link=node.link,
                swatch=COVERAGE_SWATCH[level],
                shape="box",
                cluster=group,
                tooltip=(
                    f"{e.name}: covered {COVERAGE_ADVERB[level]} by {tool.name}"
                    if cov
                    else f"{e.name}: not covered by {tool.name}"
                ),
                badge=COVERAGE_LETTER.get(level, ""),
                style="filled,rounded" if cov else "filled,rounded,dashed",
                penwidth=2.0 if level == "full" else 1.0,
                classes=(f"coverage-{level}",),
            )
        )
    # coverage is about which components, not how they connect: groups as grids, no edges
    rows, edges = grid_layout(cluster_ids, nodes, GRID_ROW)
    clusters = tuple(
        PlanCluster(id=g, label=model.element(g).name, link=element_link("group", g))
        for g in cluster_ids
        if g in model.elements
    )
    legend = (
        LegendEntry("covered fully", COVERAGE_SWATCH["full"], mark="F"),
        LegendEntry("covered partly", COVERAGE_SWATCH["partial"], mark="P"),
        LegendEntry("not covered (dashed)", COVERAGE_SWATCH["none"]),
    )
    return ViewPlan(
        key=diagram_key("coverage", tool_id),
        title=f"What {tool.name} covers",
        description=f"The {model.words('component').plural} of the reference architecture that {tool.name} covers fully or partly.",
        direction="TB",
        nodes=tuple(nodes),
        edges=edges,
        clusters=clusters,
        legend=legend,
        same_rank=rows,
        ranksep=0.25,
    )


def plan_component_tools(model: Model, component_id: str) -> ViewPlan | None:
    tools = model.tools_for.get(component_id, ())
    if not tools:
        return None
    comp = model.element(component_id)
    nodes = [element_node(model, component_id)]
    edges = []
    for tid in tools:
        spec = model.element(tid).spec
        assert isinstance(spec, Tool)
        cov = spec.supports[component_id].coverage
        nodes.append(element_node(model, tid))
        edges.append(
            PlanEdge(
                id=f"{tid}-covers-{component_id}",
                source=tid,
                target=component_id,
                label=cov,
                color=COVERAGE_SWATCH[cov].stroke,
                style="solid" if cov == "full" else "dashed",
                penwidth=2.0 if cov == "full" else 1.2,
            )
        )
    legend = (
        LegendEntry("tool", KIND_SWATCH["tool"], "component"),
        LegendEntry("component", KIND_SWATCH["component"]),
        LegendEntry("covers fully", COVERAGE_SWATCH["full"], edge_style="solid"),
        LegendEntry("covers partly", COVERAGE_SWATCH["partial"], edge_style="dashed"),
    )
    return ViewPlan(
        key=diagram_key("tools-for", component_id),
        title=f"{model.words('tool').title} that cover {comp.name}",
        description=f"The {model.words('tool').plural} that cover {comp.name}, fully or partly.",
        direction="LR",
        nodes=tuple(nodes),
        edges=tuple(edges),
        legend=legend,
        nodesep=0.15,
    )
