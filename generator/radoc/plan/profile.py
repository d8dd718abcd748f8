"""A profile drawn: its concrete architecture with each component's tool (and icon), and its
integration seams with the components grouped by the tool that serves them."""

from __future__ import annotations

from ..model import Model
from ..palette import COVERAGE_SWATCH, FEEDBACK, KIND_SWATCH, LINE, Swatch
from ..profiles import IN_HOUSE, NONE, ProfileAnalysis
from ..schema import Component
from .deployment import component_icon
from .types import (
    LegendEntry,
    PlanCluster,
    PlanEdge,
    PlanNode,
    ViewPlan,
    diagram_key,
    element_link,
    first_sentence,
    grid_layout,
    wrap_label,
)

ROW = 5
IN_HOUSE_ICON = "programming.flowchart.PredefinedProcess"
GAP_ICON = "generic.blank.Blank"


def _pick_label(model: Model, pick: str) -> str:
    if pick == NONE:
        return "⚠ no tool"
    if pick == IN_HOUSE:
        return "(in-house)"
    return f"({model.element(pick).name})"


def plan_concrete(model: Model, analysis: ProfileAnalysis) -> ViewPlan:
    """The components in their groups, each labelled and drawn with its chosen tool."""
    profile = analysis.profile
    nodes = []
    groups: list[str] = []
    for comp_id, pick in analysis.picks.items():
        comp = model.element(comp_id)
        assert isinstance(comp.spec, Component)
        group = comp.spec.group
        if group not in groups:
            groups.append(group)
        tool = pick if pick not in (NONE, IN_HOUSE) else None
        icon = component_icon(model, comp_id, tool) if pick != NONE else GAP_ICON
        if pick == IN_HOUSE:
            icon = IN_HOUSE_ICON
        partial = comp_id in analysis.partial
        nodes.append(
            PlanNode(
                id=comp_id,
                label=wrap_label(comp.name, 18)
                + "\n"
                + wrap_label(_pick_label(model, pick) + (", partly" if partial else ""), 20),
                kind="component",
                link=element_link("component", comp_id),
                swatch=COVERAGE_SWATCH["none"] if pick == NONE else KIND_SWATCH["component"],
                cluster=group,
                tooltip=f"{comp.name}: {_pick_label(model, pick).strip('()')}",
                icon=icon,
                classes=("gap",) if pick == NONE else (("partial",) if partial else ()),
            )
        )
    rows, edges = grid_layout(groups, nodes, ROW)
    clusters = tuple(
        PlanCluster(id=g, label=model.element(g).name, link=element_link("group", g))
        for g in groups
        if g in model.elements
    )
    return ViewPlan(
        key=diagram_key("profile", profile.id),
        title=f"{profile.spec.name}: the concrete architecture",
        description=f"Each component of the reference architecture with the tool {profile.spec.name} uses for it.",
        direction="TB",
        nodes=tuple(nodes),
        edges=edges,
        clusters=clusters,
        legend=(
            LegendEntry("component (icon and name of its tool)", KIND_SWATCH["component"]),
            LegendEntry(
                "no tool: a coverage gap (red dashed border)", COVERAGE_SWATCH["none"], mark="⚠"
            ),
            LegendEntry("'partly': its tool covers it only in part", COVERAGE_SWATCH["partial"]),
        ),
        same_rank=rows,
        engine="diagrams",
    )


def plan_seams(model: Model, analysis: ProfileAnalysis) -> ViewPlan:
    """Components grouped by the tool that serves them; relationships that cross from one tool
    to another (the seams) drawn bold, those inside one tool thin."""
    profile = analysis.profile
    served = {c: p for c, p in analysis.picks.items() if p != NONE}
    nodes = []
    for comp_id, pick in served.items():
        comp = model.element(comp_id)
        nodes.append(
            PlanNode(
                id=comp_id,
                label=wrap_label(comp.name),
                kind="component",
                link=element_link("component", comp_id),
                swatch=KIND_SWATCH["component"],
                cluster=pick,
                tooltip=f"{comp.name}: {first_sentence(comp.spec.description)}",
            )
        )
    clusters = tuple(
        PlanCluster(
            id=pick,
            label="In-house" if pick == IN_HOUSE else model.element(pick).name,
            link=None if pick == IN_HOUSE else element_link("tool", pick),
            swatch=KIND_SWATCH["tool"],
        )
        for pick in (*analysis.tools, *((IN_HOUSE,) if analysis.in_house else ()))
    )
    seam_ids = {s.relationship for s in analysis.seams}
    edges = []
    for rid in sorted(analysis.architecture.relationships):
        rel = model.relationships[rid]
        if rel.source not in served or rel.target not in served:
            continue
        if rid in seam_ids:
            edges.append(
                PlanEdge(
                    id=rid,
                    source=rel.source,
                    target=rel.target,
                    label=rel.label,
                    color=FEEDBACK[0],
                    penwidth=2.2,
                    classes=("seam",),
                    tooltip=f"seam: {rel.label}",
                )
            )
        else:
            edges.append(
                PlanEdge(
                    id=rid,
                    source=rel.source,
                    target=rel.target,
                    color=LINE[0],
                    style="dotted",
                    tooltip=rel.label,
                )
            )
    return ViewPlan(
        key=diagram_key("seams", profile.id),
        title=f"{profile.spec.name}: integration seams",
        description="Relationships whose two ends are served by different tools: where glue code, data formats and failures live.",
        direction="LR",
        nodes=tuple(nodes),
        edges=tuple(edges),
        clusters=clusters,
        legend=(
            LegendEntry("tool (cluster)", KIND_SWATCH["tool"]),
            LegendEntry("component", KIND_SWATCH["component"]),
            LegendEntry(
                "seam: crosses from one tool to another",
                Swatch(FEEDBACK[0], FEEDBACK[0], FEEDBACK[1], FEEDBACK[1]),
                edge_style="solid",
            ),
            LegendEntry(
                "inside one tool", Swatch(LINE[0], LINE[0], LINE[1], LINE[1]), edge_style="dotted"
            ),
        ),
        nodesep=0.2,
        ranksep=0.6,
    )
